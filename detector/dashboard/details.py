"""Which documents carry their text into the page, and the compact form of that text and its findings.

Embedding every text would make a 100,000-document dashboard hundreds of megabytes, so the page embeds the text
and findings of the `limit` documents that most need a look (error rows first, then the lowest overall score, then
report order), each cut at TEXT_LIMIT characters. The choice streams: a bounded heap keeps the current worst
`limit` rows, so memory does not grow with the report. Every other document still has its scores, meta fields and
per-rule counts in the table, and the table says for each one why its text is not there (`TEXT_STATES`).

Offsets are converted to UTF-16 code units, the unit of JavaScript strings, so a highlight after an emoji still
covers its quote.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from typing import Any

from detector.dashboard.reports import ReportRow

TEXT_LIMIT = 20_000  # characters of a document's text embedded for the document view
QUOTE_LIMIT = 60  # characters of a quote kept for a finding
# The text column: why a document's text is or is not in the page. Order = codes in the page's data.
TEXT_STATES = {
    "embedded": "The text and every finding are embedded.",
    "cut": f"The text is embedded, cut at {TEXT_LIMIT:,} characters; findings past the cut are listed, not "
           f"highlighted.",
    "no text": "The report has no text for this document (scan with --with-text); its findings are listed with "
               "their quotes.",
    "not embedded": "Not embedded: the page embeds the text of the documents that most need a look (error rows "
                    "first, then the lowest overall score; --detail-limit sets how many). Its scores, meta fields "
                    "and rule counts are in the table.",
    "error row": "The document could not be scored; its errors are shown (and its text, if the report has it).",
}
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(order=True)
class _Ranked:
    priority: tuple[int, float, int]  # negated rank key: the heap's top is the least needy row kept
    row: ReportRow = field(compare=False)


class DetailPicker:
    """Keep the `limit` rows that most need a look, in one pass."""

    def __init__(self, limit: int) -> None:
        self.limit = max(0, limit)
        self._heap: list[_Ranked] = []

    def offer(self, row: ReportRow) -> None:
        if self.limit == 0:
            return
        item = _Ranked(_negated_need(row), row)
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, item)
        elif item.priority > self._heap[0].priority:
            heapq.heapreplace(self._heap, item)

    def rows(self) -> list[ReportRow]:
        """The kept rows, neediest first."""
        return [item.row for item in sorted(self._heap, reverse=True)]


def _negated_need(row: ReportRow) -> tuple[int, float, int]:
    ok = row.status != "error"
    overall = row.overall if row.overall is not None else -1.0
    return (-int(ok), -overall, -row.index)


def text_state(error_row: bool, has_text: bool, too_long: bool, embedded: bool) -> str:
    """The text column's value (a key of TEXT_STATES) for one document."""
    if error_row:
        return "error row"
    if not embedded:
        return "not embedded"
    if not has_text:
        return "no text"
    return "cut" if too_long else "embedded"


class DetailEncoder:
    """Compact document views: findings as lists, messages and rules as indices into shared tables (a whole-page
    scrape has hundreds of findings with the same few messages)."""

    def __init__(self, rule_index: dict[str, int]) -> None:
        self.rule_index = rule_index
        self.messages: dict[str, int] = {}
        self.severities: dict[str, int] = {}

    def encode(self, row: ReportRow) -> dict[str, Any]:
        text = row.text[:TEXT_LIMIT] if row.text is not None else None
        to_utf16 = _utf16_map(text) if text is not None and _ASTRAL.search(text) else None
        findings = []
        for f in row.findings():
            start, end = f.start, f.end
            if start is not None and end is not None and text is not None:
                if end > len(text):
                    start = end = None  # past the cut: listed, not highlighted
                elif to_utf16 is not None:
                    start, end = to_utf16[start], to_utf16[end]
            findings.append([start, end, self.rule_index[f.rule_id],
                             self.severities.setdefault(f.severity, len(self.severities)),
                             self.messages.setdefault(f.message, len(self.messages)), f.fix,
                             f.quote[:QUOTE_LIMIT]])
        return {"text": text, "length": len(row.text) if row.text is not None else None, "findings": findings}


def _utf16_map(text: str) -> list[int]:
    """UTF-16 offset of each code-point offset 0..len(text).

    >>> _utf16_map("a\\U0001F600b")
    [0, 1, 3, 4]
    """
    out = [0] * (len(text) + 1)
    position = 0
    for i, char in enumerate(text):
        out[i] = position
        position += 2 if ord(char) > 0xFFFF else 1
    out[len(text)] = position
    return out


__all__ = ["QUOTE_LIMIT", "TEXT_LIMIT", "TEXT_STATES", "DetailEncoder", "DetailPicker", "text_state"]
