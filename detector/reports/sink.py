"""Where `detector scan` writes its report: standard output, or a file that appears whole (see `outputs`).

The scan loop asks for a writer, writes every row, then commits; on any failure it aborts, which removes the
temporary file, except a JSONL report's `.partial` file when the run was interrupted (its complete rows are what
`--resume` continues from).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from detector.reports.outputs import OutputFile, partial_path, resume_from, safe_stdout
from detector.reports.resume import completed_rows
from detector.reports.writers import BINARY_FORMATS, Writer, WriterContext, make_writer


class _Discard(io.TextIOBase):
    """A text stream that keeps nothing (not os.devnull: no file descriptor to leak or to be missing)."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


@dataclass
class ReportSink:
    format: str
    output: Path | None = None
    resume: bool = False
    discard: bool = False  # `scan --statistics` without --output: the counts are printed instead of the report
    file: OutputFile | None = field(default=None, init=False)

    def check(self) -> str | None:
        """What is wrong with this combination of options, before anything is read."""
        if self.format in BINARY_FORMATS and self.output is None:
            return f"--format {self.format} writes a file: give it with --output"
        if self.resume and (self.output is None or self.format != "jsonl"):
            return "--resume needs --output and --format jsonl"
        return None

    def skip(self) -> int:
        """With `--resume`: how many documents the earlier run already wrote (a torn last row is dropped)."""
        if not self.resume or self.output is None:
            return 0
        return completed_rows(resume_from(self.output))

    def open(self, context: WriterContext) -> Writer:
        if self.format in BINARY_FORMATS:
            from detector.reports.writers.parquet_writer import ParquetWriter

            assert self.output is not None
            self.file = OutputFile(self.output, binary=True)
            return ParquetWriter(self.file.stream, context)
        if self.output is None:
            return make_writer(self.format, _Discard() if self.discard else safe_stdout(), context)
        self.file = OutputFile(self.output, resumable=self.format == "jsonl", append=self.resume)
        return make_writer(self.format, self.file.stream, context)

    def commit(self) -> None:
        if self.file is not None:
            self.file.commit()

    def abort(self, interrupted: bool = False) -> str:
        """Drop what was written; returns a note for the user when an interrupted JSONL report was kept."""
        if self.file is None:
            return ""
        keep = interrupted and self.format == "jsonl" and self.file.temporary is not None
        self.file.abort(keep=keep)
        if keep and self.output is not None:
            return f"the complete rows are in {partial_path(self.output)}: --resume continues from there"
        return ""
