"""`--format concise`: one line per finding, `file:line:col: RULE message`, as ruff, Vale and compilers print them.

Terminals and editors turn `file:line:col:` into a link, and pre-commit shows it as it is (the hook uses this
format). A finding in a JSONL record is placed on the record's line, at the column of its quote inside the text
field (`RecordColumns`), and names the document and the quote; a document-level finding is at column 1 of its first
line; a document that could not be read gets one line for its error.

    seeds/001_3f200adcfff876e7.txt:1:1: BP101 'clear' is a navigation or UI label, not article text.
"""

from __future__ import annotations

from typing import TextIO

from detector.core.model import DocumentReport
from detector.reports.locations import RecordColumns, line_starts, locate, located, with_quote
from detector.reports.writers.base import WriterContext


def _one_line(text: str) -> str:
    return " ".join(text.split())


class ConciseWriter:
    def __init__(self, out: TextIO, context: WriterContext) -> None:
        self.out = out
        self.columns = RecordColumns(context.text_field)

    def write(self, report: DocumentReport) -> None:
        for error in report.errors:
            where = locate(report, None)
            self.out.write(f"{where.path}:{where.start_line}:1: {error.rule_id} {_one_line(error.message)}\n")
        starts = line_starts(report.text) if report.text else None
        for finding in report.findings:
            where = located(report, finding, starts, self.columns)
            message = with_quote(finding) if where.record else finding.message
            if where.record:
                message = f"{report.id}: {message}"
            self.out.write(f"{where.path}:{where.start_line}:{where.start_column or 1}: {finding.rule_id} "
                           f"{_one_line(message)}\n")

    def close(self) -> None:
        self.out.flush()
