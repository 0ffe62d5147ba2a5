"""The `detector` console script: `detector --version` answers before anything else is imported.

Importing the command line (typer, click and our option definitions) costs 0.1-0.2 s; a version check in a
pre-commit hook or a CI log should cost an interpreter start, as ruff's does.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from detector import __version__

        sys.stdout.write(f"detector {__version__}\n")
        return
    from detector.core.collector import defer_collections

    defer_collections()  # until the pipeline has loaded and frozen its models
    from detector.cli.app import main as run

    run()
