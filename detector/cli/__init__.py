"""The `detector` command: parses options, calls the library, picks a writer. No logic of its own.

Job: `entry` (the console script: `--version` before anything is imported), `app` (the typer commands), `corpus`
(`filter` and `restore`, the commands that rewrite whole corpora), `options` (options every scoring command shares),
`eval` (`detector eval`), `common` (the one way a usage error is said), `exits` (exit codes, and what escapes a
command becoming one), `progress` (the progress line on a terminal).

May import: everything. Nothing imports it but `detector.__main__`.
"""

from __future__ import annotations

from detector.core.moved import forward

__getattr__ = forward("detector.cli.app")  # `from detector.cli import app, main` as before
