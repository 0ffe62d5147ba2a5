"""JSONL (one report a line, the streaming default) and JSON (one array, for tools that want a single value)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from detector.core.json_lines import dumps
from detector.core.model import DocumentReport
from detector.reports.serialize import report_to_dict
from detector.reports.writers.base import WriterContext


def report_line(report: DocumentReport, with_meta: bool, with_text: bool) -> str:
    """One report as its JSON text: the same for JSONL, the JSON array and rows rendered in workers."""
    return dumps(report_to_dict(report, with_meta, with_text))


@dataclass(frozen=True, slots=True)
class RenderedRow:
    """A JSONL report row rendered where the document was scored, with what the run summary and the gate need."""

    line: str
    verdict: str
    ok: bool
    finding_rules: tuple[str, ...]
    error_rules: tuple[str, ...]


@dataclass(frozen=True)
class JsonlRenderer:
    """Picklable: sent to the worker processes, which render each row themselves."""

    with_meta: bool = False
    with_text: bool = False

    def __call__(self, report: DocumentReport) -> RenderedRow:
        line = report_line(report, self.with_meta, self.with_text)
        return RenderedRow(line, report.verdict, report.ok, tuple(f.rule_id for f in report.findings),
                           tuple(e.rule_id for e in report.errors))


class JsonlWriter:
    def __init__(self, out: TextIO, context: WriterContext) -> None:
        self.out = out
        self.context = context

    def write(self, report: DocumentReport) -> None:
        self.out.write(report_line(report, self.context.with_meta, self.context.with_text) + "\n")

    def write_rendered(self, row: RenderedRow) -> None:
        self.out.write(row.line + "\n")

    def close(self) -> None:
        self.out.flush()


class JsonArrayWriter:
    """Streams the array element by element, so memory stays flat on large runs."""

    def __init__(self, out: TextIO, context: WriterContext) -> None:
        self.out = out
        self.context = context
        self.count = 0

    def write(self, report: DocumentReport) -> None:
        self.out.write("[\n" if self.count == 0 else ",\n")
        self.out.write(report_line(report, self.context.with_meta, self.context.with_text))
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")
        self.out.flush()
