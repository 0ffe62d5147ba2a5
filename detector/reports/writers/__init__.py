"""Report writers, one format a module. Each streams: `write(report)` per document, `close()` once at the end."""

from __future__ import annotations

from typing import TextIO

from detector.core.safety import SafeStream
from detector.reports.writers.base import Writer, WriterContext
from detector.reports.writers.ci import GithubWriter, JunitWriter
from detector.reports.writers.concise import ConciseWriter
from detector.reports.writers.csv_writer import CsvWriter
from detector.reports.writers.json_writer import JsonArrayWriter, JsonlWriter
from detector.reports.writers.markdown import MarkdownWriter
from detector.reports.writers.sarif import SarifWriter

WRITERS: dict[str, type] = {
    "jsonl": JsonlWriter,
    "json": JsonArrayWriter,
    "csv": CsvWriter,
    "md": MarkdownWriter,
    "sarif": SarifWriter,
    "github": GithubWriter,
    "junit": JunitWriter,
    "concise": ConciseWriter,
}


BINARY_FORMATS = ("parquet",)


def make_writer(fmt: str, out: TextIO, context: WriterContext) -> Writer:
    """The writer of `fmt` over `out`, which receives only valid text: lone surrogates become U+FFFD on the way
    (`detector.core.safety`), whatever the stream would have done with them."""
    if fmt in BINARY_FORMATS:
        raise ValueError(f"--format {fmt} writes a file: give it with --output")
    try:
        cls = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format '{fmt}' (known: {', '.join([*WRITERS, *BINARY_FORMATS])})") from None
    return cls(SafeStream(out), context)  # type: ignore[no-any-return]


__all__ = ["BINARY_FORMATS", "WRITERS", "Writer", "WriterContext", "make_writer"]
