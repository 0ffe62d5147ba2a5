"""Where `detector scan` writes its report: standard output, or a file that appears whole (see `outputs`).

The scan loop asks the sink to claim the output (`skip`: one run at a time holds its lock, `core.locks`; with
`--resume` the documents already written are skipped and checked, `resume`), asks for a writer, writes every row,
then commits; on any failure it aborts, which removes the temporary file, except a JSONL report's `.partial` file
(and the record of what it is a report of) when the run was interrupted: its complete rows are what `--resume`
continues from. Stale temporary files of killed runs in the output's folder are removed when the output is
claimed.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detector.core.atomic import is_special, remove_stale
from detector.core.locks import OutputLock
from detector.reports.outputs import OutputFile, partial_path, safe_stdout
from detector.reports.resume import about_path, check_about, completed_rows, skip_checked, write_about
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
    identity: Mapping[str, str] = field(default_factory=dict)  # what the report is of (`resume.run_identity`)
    file: OutputFile | None = field(default=None, init=False)
    lock: OutputLock | None = field(default=None, init=False)
    appending: bool = field(default=False, init=False)

    def check(self) -> str | None:
        """What is wrong with this combination of options, before anything is read."""
        if self.format in BINARY_FORMATS and self.output is None:
            return f"--format {self.format} writes a file: give it with --output"
        if self.resume and (self.output is None or self.format != "jsonl"):
            return "--resume needs --output and --format jsonl"
        return None

    def skip(self, items: Iterator[Any]) -> Iterator[Any]:
        """Claim the output, then with `--resume` skip the input documents an interrupted run already wrote,
        checking that the partial report is of this input and these settings (raises `ResumeMismatch`); returns
        the documents still to score. Raises `core.locks.OutputBusy` when another run writes the output."""
        if self.output is None or is_special(self.output):
            return items
        self.lock = OutputLock(self.output).acquire()
        remove_stale(self.output.parent)
        partial = partial_path(self.output)
        if not self.resume or not (partial.exists() or partial.is_symlink()):
            return items  # nothing to resume: the scan starts from the first document
        try:
            check_about(partial, self.identity)
            done = completed_rows(partial)
            skip_checked(items, partial, done)
        except BaseException:
            self.release()
            raise
        self.appending = True
        return items

    def open(self, context: WriterContext) -> Writer:
        if self.format in BINARY_FORMATS:
            from detector.reports.writers.parquet_writer import ParquetWriter

            assert self.output is not None
            self.file = OutputFile(self.output, binary=True)
            return ParquetWriter(self.file.stream, context)
        if self.output is None:
            return make_writer(self.format, _Discard() if self.discard else safe_stdout(), context)
        resumable = self.format == "jsonl" and not is_special(self.output)
        if resumable and not self.appending:
            write_about(partial_path(self.output), self.identity)
        self.file = OutputFile(self.output, resumable=resumable, append=self.appending)
        return make_writer(self.format, self.file.stream, context)

    def commit(self) -> None:
        if self.file is not None:
            self.file.commit()
            if self.file.resumable and self.output is not None:
                self._remove_about()
        self.release()

    def abort(self, interrupted: bool = False) -> str:
        """Drop what was written; returns a note for the user when an interrupted JSONL report was kept."""
        if self.file is None:
            self.release()
            return ""
        keep = interrupted and self.format == "jsonl" and self.file.temporary is not None
        self.file.abort(keep=keep)
        if self.file.resumable and not keep:
            self._remove_about()
        self.release()
        if keep and self.output is not None:
            return f"the complete rows are in {partial_path(self.output)}: --resume continues from there"
        return ""

    def _remove_about(self) -> None:
        assert self.output is not None
        with contextlib.suppress(OSError):
            about_path(partial_path(self.output)).unlink()

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None
