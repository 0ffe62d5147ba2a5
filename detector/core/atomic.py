"""Files that appear whole or not at all: the one way this package writes a file a user will read.

Reports, cleaned files, backups, baselines, learned statistics and dashboards are written under a temporary name
beside the target and renamed over it only when complete (an atomic rename on one file system), so a full disk, a
signal or a crash never leaves a torn file that looks finished, and a reader never sees half of one. The temporary
file is created exclusively with a random name (`mkstemp`: `O_EXCL`, never through a planted link), flushed to
disk, given the mode the target had (or the mode a new file gets under the umask, not mkstemp's 0600), renamed,
and the folder is synced so that the rename itself survives a power cut.

Every temporary file has one recognisable name, `.<target name>.detector-<host>-<pid>-<random>.tmp`
(`TEMPORARY`): the folder walk never reads one as an input, and `remove_stale` deletes those of this host whose
process is gone (a run killed with `kill -9` or by the OOM killer cannot remove its own), and nothing else.

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
import hashlib
import io
import os
import re
import shutil
import socket
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from detector.core.safety import text_stream


def _host() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8", "surrogateescape")).hexdigest()[:6]


HOST = _host()
TEMPORARY = re.compile(r"^\.(?P<target>.+)\.detector-(?P<host>[0-9a-f]{6})-(?P<pid>\d+)-[a-z0-9_]{8}\.tmp$")


def temporary_prefix(target: Path) -> str:
    """The start of a temporary file's name for `target` (mkstemp adds 8 random characters and the suffix).

    >>> TEMPORARY.match(temporary_prefix(Path("a/r.jsonl")) + "abcd_123.tmp").group("target")
    'r.jsonl'
    """
    return f".{target.name}.detector-{HOST}-{os.getpid()}-"


def is_temporary(name: str) -> bool:
    """Is `name` one of our temporary files (of any run)?"""
    return TEMPORARY.match(name) is not None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(folder: Path) -> list[str]:
    """Delete the temporary files in `folder` that runs on this host left when they were killed (their process is
    gone); returns their names. Files of live processes, of other hosts and every other name are left alone."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = TEMPORARY.match(name)
        if match is None or match.group("host") != HOST or _alive(int(match.group("pid"))):
            continue
        with contextlib.suppress(OSError):
            path = folder / name
            if stat.S_ISREG(path.lstat().st_mode):
                path.unlink()
                removed.append(name)
    return removed


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


def sync_folder(folder: Path) -> None:
    """fsync a folder, so that a rename or a new name in it survives a power cut (errors ignored: some file
    systems cannot sync a folder)."""
    _sync_folder(folder)


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


def publish(temporary: Path, target: Path, mode: int | None = None) -> None:
    """Rename a complete, flushed temporary file over `target` with the target's mode (or `mode`), and make the
    rename durable."""
    with contextlib.suppress(OSError):
        os.chmod(temporary, default_mode(target) if mode is None else mode)
    os.replace(temporary, target)
    _sync_folder(target.parent)


def _named(exc: OSError, target: Path) -> OSError:
    """The error with the user's file name, not the temporary one's."""
    return OSError(exc.errno, exc.strerror, str(target))


class AtomicFile:
    """A file being written: write to `stream`, then `commit()` (it appears whole) or `abort()` (it never
    appears). Also a context manager that commits on success and aborts on any exception.

    `binary`: `stream` is the binary file, else UTF-8 text with lone surrogates replaced (`core.safety`). `mode`:
    the finished file's mode (default: the target's own, or a new file's under the umask)."""

    def __init__(self, target: Path, binary: bool = False, mode: int | None = None) -> None:
        self.mode = mode
        self.target = target
        self.temporary: Path | None = None
        raw: BinaryIO
        if is_special(target):
            raw = open(target, "wb")  # noqa: SIM115
        else:
            try:
                handle, name = tempfile.mkstemp(prefix=temporary_prefix(target), suffix=".tmp", dir=target.parent)
            except OSError as exc:
                raise _named(exc, target) from None
            self.temporary = Path(name)
            raw = os.fdopen(handle, "wb")
        self.stream: Any = raw if binary else text_stream(raw)

    def commit(self) -> None:
        if self.stream.closed and self.temporary is None:
            return  # aborted (or committed) already: nothing to do
        try:
            flush_to_disk(self.stream)
            self.stream.close()
            if self.temporary is not None:
                publish(self.temporary, self.target, self.mode)
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


def durable_copy(source: Path, target: Path) -> None:
    """Copy `source` (never through a link) to `target`, whole or not at all, with its mode and times, and make it
    durable (data, then the folder) before returning: what `clean --in-place` needs of a backup before it replaces
    the original (audit N16: without the fsyncs, a power cut after both renames could keep an empty backup and the
    cleaned file, losing the original)."""
    info = source.lstat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file", str(source))
    with AtomicFile(target, binary=True, mode=stat.S_IMODE(info.st_mode)) as output:
        with open(source, "rb") as reader:
            shutil.copyfileobj(reader, output.stream, 1 << 20)
        if output.temporary is not None:
            os.utime(output.temporary, ns=(info.st_atime_ns, info.st_mtime_ns))


def create_exclusive(path: Path, mode: int | None = None) -> BinaryIO:
    """A new, empty file at `path`, opened for writing: created with `O_EXCL|O_NOFOLLOW`, so a file or a
    symbolic link planted at the name makes it fail (FileExistsError) instead of being written through."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(path, flags, 0o600)
    with contextlib.suppress(OSError):
        os.fchmod(handle, default_mode(path) if mode is None else mode)
    return os.fdopen(handle, "wb")


def open_existing(path: Path, append: bool = True) -> BinaryIO:
    """An existing regular file opened for reading and writing (appending when `append`), never through a link:
    a symbolic link at `path` is refused (ELOOP), as is anything but a regular file."""
    flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | (os.O_APPEND if append else 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "it is a symbolic link, which is not followed", str(path)) from None
        raise
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return os.fdopen(handle, "r+b")


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


__all__ = ["HOST", "TEMPORARY", "AtomicFile", "atomic_bytes", "atomic_path", "atomic_text", "create_exclusive",
           "default_mode", "durable_copy", "flush_to_disk", "is_special", "is_temporary", "open_existing", "publish",
           "remove_stale", "sync_folder", "temporary_prefix"]
