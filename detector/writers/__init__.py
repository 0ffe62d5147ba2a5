"""Report writers, one format a module. Each streams: `write(report)` per document, `close()` once at the end."""

from __future__ import annotations

from typing import TextIO

from detector.writers.base import Writer, WriterContext
from detector.writers.ci import GithubWriter, JunitWriter
from detector.writers.csv_writer import CsvWriter
from detector.writers.json_writer import JsonArrayWriter, JsonlWriter
from detector.writers.markdown import MarkdownWriter
from detector.writers.sarif import SarifWriter

WRITERS: dict[str, type] = {
    "jsonl": JsonlWriter,
    "json": JsonArrayWriter,
    "csv": CsvWriter,
    "md": MarkdownWriter,
    "sarif": SarifWriter,
    "github": GithubWriter,
    "junit": JunitWriter,
}


def make_writer(fmt: str, out: TextIO, context: WriterContext) -> Writer:
    try:
        cls = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format '{fmt}' (known: {', '.join(WRITERS)})") from None
    return cls(out, context)  # type: ignore[no-any-return]


__all__ = ["WRITERS", "Writer", "WriterContext", "make_writer"]
