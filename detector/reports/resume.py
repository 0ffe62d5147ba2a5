"""`scan --resume`: continue an interrupted JSONL scan where it stopped.

Reports are written one line per input document, in input order, so the number of complete lines already in the
output is the number of input documents to skip. A line cut off by the interruption is removed before appending,
so no document is missing or repeated.
"""

from __future__ import annotations

from pathlib import Path


def completed_rows(path: Path) -> int:
    """Count the complete lines of `path` (0 if it does not exist) and drop a trailing partial line."""
    if not path.exists():
        return 0
    with path.open("rb+") as stream:
        data = stream.read()
        last_newline = data.rfind(b"\n")
        keep = last_newline + 1
        if keep != len(data):
            stream.truncate(keep)
    return data.count(b"\n", 0, keep)
