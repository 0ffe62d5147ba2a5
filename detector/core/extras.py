"""The error every optional install raises when it is missing, at the bottom of the import graph so that readers,
writers and scorers can all raise it and the command line turns it into one line and exit 2."""

from __future__ import annotations


class MissingExtra(RuntimeError):
    """An optional package needed here is not installed; the message says what to install."""
