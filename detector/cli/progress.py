"""Progress of a scan on a terminal: documents, bytes, percentage and time left, drawn by rich on stderr.

The input's size is known before the first byte is read (the files' sizes), so the bar measures bytes. A text file
is one document; a JSONL file's records are counted by a background thread that counts its line breaks while the
scan reads it, so the bar moves inside a large file too (`path:line` sources tell how far the reader is) and the
document total appears once counted. A file that is not plain text or JSONL (compressed, say) counts when the
reader leaves it. Without a terminal nothing is drawn: a log or a CI job gets the one summary line only, and rich
is not even imported.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detector.inputs.readers import JSONL_SUFFIXES, Loaded, ReadOptions, expand

CHUNK = 1 << 20


@dataclass
class InputFile:
    path: Path
    size: int
    records: bool  # JSONL: one document a line
    lines: int | None = None  # counted in the background; None until then


@dataclass
class InputSizes:
    """Every input file by the name its rows' `source` uses, with its size (and, for JSONL, its line count)."""

    files: dict[str, InputFile] = field(default_factory=dict)

    @classmethod
    def of(cls, paths: Iterable[str], options: ReadOptions) -> InputSizes:
        sizes = cls()
        for path in paths:
            if path == "-" or "://" in path:
                continue
            for file, shown in expand(path, options):
                try:
                    size = file.stat().st_size
                except OSError:
                    continue
                records = options.input_format == "jsonl" or (
                    options.input_format == "auto" and shown.lower().endswith(JSONL_SUFFIXES))
                sizes.files[shown] = InputFile(file, size, records, None if records else 1)
        return sizes

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files.values())

    def total_documents(self) -> int | None:
        """The number of documents, once every JSONL file's lines are counted (blank lines are not records, so
        this is an upper bound for a file that has some)."""
        counts = [f.lines for f in self.files.values()]
        return None if any(c is None for c in counts) else sum(c for c in counts if c is not None)

    def count_lines(self, stop: threading.Event) -> None:
        """Count each JSONL file's lines (a read the page cache mostly serves, as the scan reads the same file)."""
        for entry in [f for f in self.files.values() if f.records]:
            lines = 0
            last = b"\n"
            try:
                with entry.path.open("rb") as stream:
                    while not stop.is_set():
                        chunk = stream.read(CHUNK)
                        if not chunk:
                            break
                        lines += chunk.count(b"\n")
                        last = chunk[-1:]
            except OSError:
                continue
            if stop.is_set():
                return
            entry.lines = lines + (last != b"\n")


class ScanProgress:
    """Call `track` on the items the scan reads and `done_documents` after each row is written; `close` at the
    end. Disabled, every method does nothing."""

    def __init__(self, enabled: bool, paths: Iterable[str] = (), options: ReadOptions | None = None,
                 console: Any = None) -> None:
        self.enabled = enabled
        self._bar: Any = None
        self._stop = threading.Event()
        if not enabled:
            return
        options = options or ReadOptions()
        self.sizes = InputSizes.of(list(paths), options)
        self._read_bytes = 0
        self._finished = 0  # bytes of the files the reader has left
        self._current: str | None = None
        self._start_bar(console)
        if any(f.records for f in self.sizes.files.values()):
            threading.Thread(target=self.sizes.count_lines, args=(self._stop,), daemon=True).start()

    def _start_bar(self, console: Any) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(TextColumn("{task.fields[documents]}"), BarColumn(), TaskProgressColumn(),
                             DownloadColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                             console=console or Console(stderr=True), transient=True)
        total = self.sizes.total_bytes
        self._task = self._bar.add_task("scan", total=total or None, documents="0 documents")
        self._bar.start()

    def track(self, items: Iterable[Loaded]) -> Iterator[Loaded]:
        """`items`, counting how far into the input the reader is."""
        for item in items:
            if self.enabled:
                self._saw(item.source)
            yield item

    def _saw(self, source: str) -> None:
        name, line = source, None
        if name not in self.sizes.files:
            head, _, tail = source.rpartition(":")
            if head in self.sizes.files and tail.isdigit():
                name, line = head, int(tail)
        if name != self._current:
            previous = self.sizes.files.get(self._current or "")
            self._finished += previous.size if previous is not None else 0
            self._current = name
        entry = self.sizes.files.get(name)
        within = 0
        if entry is not None:
            if not entry.records:
                within = entry.size
            elif line is not None and entry.lines:
                within = min(entry.size, entry.size * line // entry.lines)
        self._read_bytes = self._finished + within

    def done_documents(self, count: int) -> None:
        if not self.enabled:
            return
        total = self.sizes.total_documents()
        shown = f"{count:,}/{total:,} documents" if total else f"{count:,} documents"
        self._bar.update(self._task, completed=self._read_bytes, documents=shown)

    def close(self) -> None:
        self._stop.set()
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
