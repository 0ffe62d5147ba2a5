"""CSV: one row a document, scores flattened into `score_<dimension>` columns, for spreadsheets and pandas.

Every field that needs quoting is quoted: one holding a comma, a quote, a line feed *or a lone carriage return*
(the standard library quotes only what its line terminator holds, so a CR in an id split the row in some readers).
Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return,
OWASP's list) get a leading apostrophe, which spreadsheets show as text and which is easy to strip in pandas
(`df.id.str.removeprefix("'")`); numeric cells are never changed. A row is always exactly one record. Control
characters a terminal acts on (ESC, BEL, BS, C1; not tab, CR or LF) are written as `\\xNN`.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from detector.core.model import DocumentReport
from detector.core.safety import visible_controls
from detector.reports.writers.base import WriterContext

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTES = frozenset(',"\r\n')


def text_cell(value: str) -> str:
    """A text field as a CSV cell: neutralised if it looks like a formula, quoted if it must be.

    >>> text_cell("=HYPERLINK(1)"), text_cell("a,b"), text_cell("lone\\rcr"), text_cell("plain")
    ("'=HYPERLINK(1)", '"a,b"', '"lone\\rcr"', 'plain')
    """
    value = visible_controls(value, keep_cr=True)  # no terminal escape reaches `cat report.csv` (N10)
    if value.startswith(FORMULA_PREFIXES):
        value = "'" + value
    if any(char in _NEEDS_QUOTES for char in value):
        return '"' + value.replace('"', '""') + '"'
    return value


def number_cell(value: float | int | None) -> str:
    return "" if value is None else str(value)


class CsvWriter:
    def __init__(self, out: TextIO, context: WriterContext) -> None:
        self.out = out
        self.scorers = context.scorer_names
        self._row(["id", "source", "status", "language", "verdict", "overall",
                   *(f"score_{name}" for name in self.scorers),
                   "findings", "info", "warning", "error", "rules", "errors"])

    def _row(self, cells: list[str]) -> None:
        self.out.write(",".join(text_cell(cell) for cell in cells) + "\n")

    def write(self, report: DocumentReport) -> None:
        severities = Counter(f.severity for f in report.findings)
        rules = Counter(f.rule_id for f in report.findings)
        text = [text_cell(value) for value in (report.id, report.source, "ok" if report.ok else "error",
                                               report.language, report.verdict)]
        numbers = [number_cell(report.overall), *(number_cell(report.scores.get(name)) for name in self.scorers),
                   str(len(report.findings)), str(severities["info"]), str(severities["warning"]),
                   str(severities["error"])]
        tail = [text_cell(";".join(f"{rule}:{count}" for rule, count in sorted(rules.items()))),
                text_cell("; ".join(f"{e.rule_id}: {e.message}" for e in report.errors))]
        self.out.write(",".join([*text, *numbers, *tail]) + "\n")

    def close(self) -> None:
        self.out.flush()
