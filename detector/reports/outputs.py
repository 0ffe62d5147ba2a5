"""Where reports go: files that appear whole or not at all, and a standard output that cannot be made invalid.

A report file is written through `core.atomic` (a temporary file beside the target, renamed over it when
complete). A JSONL report's temporary name is fixed, `<name>.partial`: an interrupted scan keeps its complete rows
there and `--resume` continues from them (`resume`). Being fixed, it is created exclusively and never opened
through a link (`O_EXCL|O_NOFOLLOW`: a link planted at the name is removed, not written through, audit N4), and
only by the run holding the output's lock (`core.locks`). Every other format's temporary file is removed when the
run fails.
Text goes out through `core.safety.text_stream`, the one policy of every writer (lone surrogates become U+FFFD),
so no output can hold bytes that are not UTF-8.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch, fnmatchcase
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from detector.core.atomic import (
    AtomicFile,
    create_exclusive,
    default_mode,
    flush_to_disk,
    is_special,
    open_existing,
    publish,
)
from detector.core.safety import ERRORS, text_stream

PARTIAL_SUFFIX = ".partial"


def safe_stdout() -> TextIO:
    """Standard output as every writer expects it: UTF-8 whatever the locale, surrogates replaced (Python's own
    default in a C locale is `surrogateescape`, which writes them as raw invalid bytes)."""
    stream = sys.stdout
    with contextlib.suppress(AttributeError, ValueError, io.UnsupportedOperation):
        stream.reconfigure(encoding="utf-8", errors=ERRORS)  # type: ignore[union-attr]
    return stream


def partial_path(target: Path) -> Path:
    """Where an unfinished JSONL report lives until it is complete."""
    return target.with_name(target.name + PARTIAL_SUFFIX)


@dataclass
class OutputFile:
    """A report file being written: `stream` to write to, then `commit()` (renames it into place) or `abort()`.

    `resumable` (JSONL) writes to `<name>.partial`, kept by `abort(keep=True)` for `--resume`; `append` continues
    that file (its rows checked by `resume.skip_checked`). `binary`: `stream` is the binary file (Parquet), else
    UTF-8 text. Every other report is an `AtomicFile`."""

    target: Path
    resumable: bool = False
    append: bool = False
    binary: bool = False
    stream: Any = field(init=False)
    temporary: Path | None = field(init=False, default=None)
    _atomic: AtomicFile | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.resumable and not is_special(self.target):
            self.temporary = partial_path(self.target)
            if self.append:
                raw: BinaryIO = open_existing(self.temporary)
            else:
                with contextlib.suppress(FileNotFoundError):
                    self.temporary.unlink()  # an earlier run's (or a planted link): this run starts afresh
                raw = create_exclusive(self.temporary, default_mode(self.target))
            self.stream = raw if self.binary else text_stream(raw)
            return
        self._atomic = AtomicFile(self.target, binary=self.binary)
        self.stream = self._atomic.stream

    def commit(self) -> None:
        """Flush to disk and rename into place."""
        if self._atomic is not None:
            self._atomic.commit()
            return
        flush_to_disk(self.stream)
        self.stream.close()
        if self.temporary is not None:
            publish(self.temporary, self.target)
            self.temporary = None

    def abort(self, keep: bool = False) -> None:
        """Close without renaming; remove the temporary file unless `keep` (an interrupted JSONL report)."""
        if self._atomic is not None:
            self._atomic.abort()
            return
        with contextlib.suppress(OSError, ValueError):
            self.stream.close()
        if self.temporary is not None and not keep:
            with contextlib.suppress(OSError):
                self.temporary.unlink()


def output_is_input(output: Path, inputs: Sequence[str], glob: str, ignore: Sequence[str] = ()) -> str | None:
    """The input argument that `output` is (or that would read it), or None. Refused before anything is read:
    `scan data.jsonl -o data.jsonl` used to truncate its own input and report 0 documents."""
    target = output.resolve()
    for path in inputs:
        if path == "-" or "://" in path:
            continue
        candidate = Path(path)
        try:
            if candidate.is_dir():
                relative = target.relative_to(candidate.resolve()).as_posix()
                name = target.name
                matches = fnmatchcase(relative, glob) or fnmatchcase(relative, f"*/{glob}") if "/" in glob \
                    else fnmatchcase(name, glob)
                if matches and not any(fnmatch(name, p) or fnmatch(str(target), p) for p in ignore):
                    return path
            elif candidate.resolve() == target or (candidate.exists() and output.exists()
                                                   and os.path.samefile(candidate, output)):
                return path
        except (ValueError, OSError):
            continue
    return None
