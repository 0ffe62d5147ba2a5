"""Where a finding is, in the terms CI tools use: file, 1-based line and column, and a stable fingerprint.

A text file's findings map to lines and columns of that file (columns count Unicode code points, which SARIF
declares as `unicodeCodePoints`). A JSONL record's findings map to the record's line in the JSONL file, with the
document id as a logical location. The fingerprint identifies a finding by its rule, its quoted text and the text
around it on its line, never by offset, so inserting text above an old finding does not make it new.

The context is a bounded window, `CONTEXT` characters either side of the quote and clipped to the quote's line,
not the whole line: hashing the whole line once per finding made time findings x line length, 338 s of CPU on a
12 MB one-line document (audit N5). The window is found with searches bounded to it, so a fingerprint costs the
same on a 100-character line and on a 12 MB one. (A ported implementation must give the same digests: the key is
`rule \0 normalised quote \0 normalised window`, SHA-256, first 24 hex digits.)
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass

from detector.core.model import DocumentReport, Finding
from detector.inputs.decoding import replace_surrogates

JSONL_SOURCE = re.compile(r"^(?P<path>.+):(?P<line>\d+)$")
CONTEXT = 200  # characters of context either side of a finding's quote in its fingerprint


@dataclass(frozen=True)
class Location:
    path: str
    start_line: int
    start_column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    record: bool = False  # the location is a JSONL record, not a position inside a text file


def line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _line_col(starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def locate(report: DocumentReport, finding: Finding | None, starts: list[int] | None = None) -> Location:
    match = JSONL_SOURCE.match(report.source)
    if match:
        return Location(match.group("path"), int(match.group("line")), record=True)
    if finding is None or finding.span is None:
        return Location(report.source or report.id, 1)
    starts = starts if starts is not None else line_starts(report.text)
    start_line, start_col = _line_col(starts, finding.span.start)
    end_line, end_col = _line_col(starts, finding.span.end)
    return Location(report.source or report.id, start_line, start_col, end_line, end_col)


def context_window(text: str, start: int, end: int, size: int = CONTEXT) -> tuple[int, int]:
    """The window around `[start, end)`: up to `size` characters either side, not past the line's ends.

    >>> context_window("first line\\nsecond line here\\nthird", 18, 22, size=3)
    (15, 25)
    >>> context_window("first line\\nsecond line here\\nthird", 18, 22)
    (11, 27)
    """
    low = max(0, start - size)
    line_start = text.rfind("\n", low, start)
    window_start = line_start + 1 if line_start != -1 else low
    high = min(len(text), end + size)
    line_end = text.find("\n", end, high)
    return window_start, line_end if line_end != -1 else high


def fingerprint(report: DocumentReport, finding: Finding) -> str:
    """rule + quote + the text around the quote on its line (`context_window`), whitespace-normalised;
    document-level findings: the rule."""
    if finding.span is None or not report.text:
        key = f"{finding.rule_id}\x00document"
    else:
        start, end = context_window(report.text, finding.span.start, finding.span.end)
        context = " ".join(report.text[start:end].split())
        key = f"{finding.rule_id}\x00{' '.join(finding.quote.split())}\x00{context}"
    return hashlib.sha256(replace_surrogates(key)[0].encode("utf-8")).hexdigest()[:24]  # as written: U+FFFD


def fingerprints(report: DocumentReport) -> list[str]:
    """One fingerprint per finding, in order; repeats within a document get an occurrence suffix."""
    seen: dict[str, int] = {}
    out = []
    for finding in report.findings:
        base = fingerprint(report, finding)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}:{seen[base]}")
    return out
