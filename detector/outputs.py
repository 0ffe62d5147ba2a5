"""Where reports go: files that appear whole or not at all, and a standard output that cannot be made invalid.

A report file is written under a temporary name beside its target and renamed over it only when complete (an
atomic rename on one file system), so a full disk, a signal or a crash never leaves a torn file that looks like a
report, and a reader never sees half of one. A JSONL report's temporary name is fixed, `<name>.partial`: an
interrupted scan keeps its complete rows there and `--resume` continues from them. Every other format's temporary
file is removed when the run fails.

A target that is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written directly: renaming over a
device would replace the device.

Text goes out as UTF-8 with every lone surrogate replaced by U+FFFD (the `detector-replace` error handler), the one
policy of every writer, so no output can hold bytes that are not UTF-8.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch, fnmatchcase
from pathlib import Path
from typing import Any, BinaryIO, TextIO

ERRORS = "detector-replace"
PARTIAL_SUFFIX = ".partial"


def _replace_unencodable(error: UnicodeError) -> tuple[str, int]:
    if isinstance(error, UnicodeEncodeError):
        return "\ufffd" * (error.end - error.start), error.end
    raise error


codecs.register_error(ERRORS, _replace_unencodable)


def text_stream(binary: BinaryIO, line_buffering: bool = False) -> TextIO:
    """UTF-8 text over `binary`, surrogates replaced, newlines written as given."""
    return io.TextIOWrapper(binary, encoding="utf-8", errors=ERRORS, newline="", line_buffering=line_buffering,
                            write_through=False)


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


def _is_special(path: Path) -> bool:
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


@dataclass
class OutputFile:
    """A report file being written: `stream` to write to, then `commit()` (renames it into place) or `abort()`.

    `resumable` (JSONL) writes to `<name>.partial`, kept by `abort(keep=True)` for `--resume`; `append` continues
    that file (see `resume_from`). `binary`: `stream` is the binary file (Parquet), else UTF-8 text."""

    target: Path
    resumable: bool = False
    append: bool = False
    binary: bool = False
    stream: Any = field(init=False)
    temporary: Path | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if _is_special(self.target):
            raw: BinaryIO = open(self.target, "ab" if self.append else "wb")  # noqa: SIM115
        elif self.resumable:
            self.temporary = partial_path(self.target)
            raw = open(self.temporary, "ab" if self.append else "wb")  # noqa: SIM115
        else:
            handle, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=self.target.parent)
            self.temporary = Path(name)
            raw = os.fdopen(handle, "wb")
        self.stream = raw if self.binary else text_stream(raw)

    def commit(self) -> None:
        """Flush to disk and rename into place (with the permissions a new file gets, not mkstemp's 0600)."""
        self.stream.flush()
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            os.fsync(self.stream.fileno())
        self.stream.close()
        if self.temporary is not None:
            _set_default_mode(self.temporary, self.target)
            os.replace(self.temporary, self.target)
            self.temporary = None

    def abort(self, keep: bool = False) -> None:
        """Close without renaming; remove the temporary file unless `keep` (an interrupted JSONL report)."""
        with contextlib.suppress(OSError, ValueError):
            self.stream.close()
        if self.temporary is not None and not keep:
            with contextlib.suppress(OSError):
                self.temporary.unlink()


def resume_from(target: Path) -> Path:
    """Where `--resume` continues: the `.partial` file an interrupted run left, or else a copy of an earlier
    complete report (appending to it in place would not be atomic). Returns the partial file's path."""
    partial = partial_path(target)
    if not partial.exists() and target.is_file():
        _copy(target, partial)
    return partial


def _copy(source: Path, target: Path) -> None:
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(1 << 20):
            writer.write(chunk)


def _set_default_mode(path: Path, target: Path) -> None:
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(path, mode)


@contextlib.contextmanager
def atomic_text(target: Path) -> Iterator[TextIO]:
    """`with atomic_text(path) as out:` writes `path` whole or not at all (for `baseline create`, `learn`, ...)."""
    output = OutputFile(target)
    try:
        yield output.stream
    except BaseException:
        output.abort()
        raise
    output.commit()


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` for a writer that wants a file name (`LineStats.save`); renamed over
    `target` when the block ends without an error, removed otherwise."""
    if _is_special(target):
        yield target
        return
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        yield Path(name)
        _set_default_mode(Path(name), target)
        os.replace(name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def atomic_bytes(target: Path, data: bytes) -> None:
    """Replace `target` with `data` atomically (a temporary file beside it, then a rename)."""
    if _is_special(target):
        with open(target, "wb") as stream:
            stream.write(data)
        return
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _set_default_mode(Path(name), target)
        os.replace(name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


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
