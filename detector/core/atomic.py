"""Files that appear whole or not at all: the one way this package writes a file a user will read.

Reports, cleaned files, backups, baselines, learned statistics and dashboards are written under a temporary name
beside the target and renamed over it only when complete (an atomic rename on one file system), so a full disk, a
signal or a crash never leaves a torn file that looks finished, and a reader never sees half of one. The temporary
file is created exclusively with a random name (`mkstemp`: `O_EXCL`, never through a planted link), flushed to
disk, given the mode the target had (or the mode a new file gets under the umask, not mkstemp's 0600), renamed,
and the folder is synced so that the rename itself survives a power cut.

A target that is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written directly: renaming over a
device would replace the device.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> atomic_bytes(target, b"whole")
>>> target.read_bytes(), sorted(p.name for p in target.parent.iterdir())
(b'whole', ['out.txt'])
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from detector.core.safety import text_stream


def is_special(path: Path) -> bool:
    """True for an existing target that is not a regular file (a device, a FIFO): written in place, never renamed
    over."""
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def default_mode(target: Path) -> int:
    """The mode the finished file gets: the target's own when it exists, else what a new file gets under the
    umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def flush_to_disk(stream: Any) -> None:
    """Flush and fsync: a full disk often shows only here (the data sat in the page cache), so its error is raised.
    A stream that cannot be synced at all (a pipe, a terminal, `/dev/null`) is simply flushed."""
    stream.flush()
    try:
        os.fsync(stream.fileno())
    except (ValueError, io.UnsupportedOperation):
        return
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise


def publish(temporary: Path, target: Path) -> None:
    """Rename a complete, flushed temporary file over `target` with the target's mode, and make the rename
    durable."""
    with contextlib.suppress(OSError):
        os.chmod(temporary, default_mode(target))
    os.replace(temporary, target)
    _sync_folder(target.parent)


def _named(exc: OSError, target: Path) -> OSError:
    """The error with the user's file name, not the temporary one's."""
    return OSError(exc.errno, exc.strerror, str(target))


class AtomicFile:
    """A file being written: write to `stream`, then `commit()` (it appears whole) or `abort()` (it never
    appears). Also a context manager that commits on success and aborts on any exception.

    `binary`: `stream` is the binary file, else UTF-8 text with lone surrogates replaced (`core.safety`).
    `suffix` ends the temporary name, so that a tool can tell its own leftovers (`.cleaning`) from others'."""

    def __init__(self, target: Path, binary: bool = False, suffix: str = ".tmp") -> None:
        self.target = target
        self.temporary: Path | None = None
        raw: BinaryIO
        if is_special(target):
            raw = open(target, "wb")  # noqa: SIM115
        else:
            try:
                handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
            except OSError as exc:
                raise _named(exc, target) from None
            self.temporary = Path(name)
            raw = os.fdopen(handle, "wb")
        self.stream: Any = raw if binary else text_stream(raw)

    def commit(self) -> None:
        try:
            flush_to_disk(self.stream)
            self.stream.close()
            if self.temporary is not None:
                publish(self.temporary, self.target)
                self.temporary = None
        except OSError as exc:
            self.abort()
            raise _named(exc, self.target) from None

    def abort(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.stream.close()
        if self.temporary is not None:
            with contextlib.suppress(OSError):
                self.temporary.unlink()
            self.temporary = None

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def atomic_bytes(target: Path, data: bytes) -> None:
    """Replace `target` with `data`, whole or not at all."""
    with AtomicFile(target, binary=True) as output:
        output.stream.write(data)


@contextlib.contextmanager
def atomic_text(target: Path) -> Iterator[TextIO]:
    """`with atomic_text(path) as out:` writes `path` whole or not at all (baselines, `learn`, eval mistakes)."""
    with AtomicFile(target) as output:
        yield output.stream


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` for a writer that insists on a file name (`LineStats.save`, pyarrow);
    renamed over `target` when the block ends without an error, removed otherwise."""
    if is_special(target):
        yield target
        return
    output = AtomicFile(target, binary=True)
    output.stream.close()
    assert output.temporary is not None
    temporary = output.temporary
    try:
        yield temporary
    except BaseException:
        output.abort()
        raise
    publish(temporary, target)


__all__ = ["AtomicFile", "atomic_bytes", "atomic_path", "atomic_text", "default_mode", "flush_to_disk", "is_special",
           "publish"]
