"""`detector dashboard`: one self-contained, offline HTML file from one or more JSONL reports.

The page is built for corpus scale: the latest report's documents travel as columns that the page's script pages,
sorts and filters (100,000 documents stay one file that opens in a few seconds; `bench/dashboard.py`); group
statistics, box plots, distributions and the trend are drawn here as SVG whose marks filter the table; the text
and findings of the documents that most need a look are embedded for the document view. Reports are untrusted:
every field is escaped, embedded JSON cannot end its script element, nothing a report names is read from disk,
and a Content-Security-Policy forbids network access and any script but the page's own.

Layout: `reports` (read and check rows), `groups` (slices and their statistics), `table` (columns), `details`
(embedded documents), `build` (one pass over the reports), `charts` and `page` (HTML), `markup` (escaping),
`static/` (the script and style, shipped in the wheel).

May import: `core` only. The dashboard reads reports as untrusted data, never through the scorers' types.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from detector.core.atomic import atomic_bytes
from detector.dashboard.build import Dashboard, build
from detector.dashboard.page import render
from detector.dashboard.reports import ReportError


def write_dashboard(paths: Sequence[Path], output: Path, detail_limit: int = 1000, group_by: Sequence[str] = (),
                    labels: Sequence[str] | None = None) -> int:
    """Build the dashboard of `paths` (oldest first; the last is the one the table shows) into `output`.
    Returns the size in bytes. Raises ReportError for input that is not a report (or an output that is one of
    the inputs: the rename would replace the report with its own dashboard), OSError for I/O."""
    for path in paths:
        if output.exists() and path.exists() and os.path.samefile(path, output):
            raise ReportError(f"{output} is also an input: write the dashboard to another file")
    content = render(build(paths, group_by, labels, detail_limit)).encode("utf-8")
    atomic_bytes(output, content)
    return len(content)


__all__ = ["Dashboard", "ReportError", "build", "render", "write_dashboard"]
