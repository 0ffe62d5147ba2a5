"""What every `detector` command module shares: the one way a usage error is said."""

from __future__ import annotations

import typer

from detector.cli.exits import ExitCode


def fail(message: str) -> typer.Exit:
    """A usage error: one line on stderr, exit 2 (raise what this returns)."""
    typer.echo(f"detector: {message}", err=True)
    return typer.Exit(ExitCode.USAGE)
