"""What every `detector` command module shares: the one way a usage error is said, and the file a write error names."""

from __future__ import annotations

import typer

from detector.cli.exits import ExitCode


def fail(message: str) -> typer.Exit:
    """A usage error: one line on stderr, exit 2 (raise what this returns)."""
    typer.echo(f"detector: {message}", err=True)
    return typer.Exit(ExitCode.USAGE)


def with_output_name(exc: OSError, output: str | None) -> OSError:
    """A write error as it reaches us from a buffered stream carries no file name: the report file is the one."""
    if exc.filename is None and output:
        exc.filename = output
    return exc
