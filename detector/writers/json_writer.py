"""JSONL (one report a line, the streaming default) and JSON (one array, for tools that want a single value)."""

from __future__ import annotations

from typing import TextIO

from detector.model import DocumentReport
from detector.serialize import dumps, report_to_dict
from detector.writers.base import WriterContext


class JsonlWriter:
    def __init__(self, out: TextIO, context: WriterContext) -> None:
        self.out = out
        self.context = context

    def write(self, report: DocumentReport) -> None:
        self.out.write(dumps(report_to_dict(report, self.context.with_meta, self.context.with_text)) + "\n")

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
        self.out.write(dumps(report_to_dict(report, self.context.with_meta, self.context.with_text)))
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")
        self.out.flush()
