"""One writer per output file: a lock taken before a report is written, and a clear error for a second run.

Two runs with the same `-o` (an overlapping cron job, a retried CI job, two shells) used to write one `.partial`
file at different offsets, and the first to finish renamed it while the second went on writing into the renamed
file: one corrupt report, and one of the runs said it succeeded (audit N3). Now a run takes an exclusive `flock`
on `.<name>.detector-lock` beside the output before it touches anything of it, and a second run that finds it held
stops at once with `another detector run is writing <name>`. The lock file is removed when the run ends (a run
killed with `kill -9` leaves it, harmlessly: a lock is released when its process dies, and the next run takes it
and removes it).

The lock file is opened with `O_NOFOLLOW`: a symbolic link planted at its name is removed, never followed. After
taking the lock the name is checked to still be the locked file (a run that was just removing it would otherwise
leave two runs each holding a lock on a different file).
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import stat
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks here; the outputs are still atomic
    fcntl = None  # type: ignore[assignment]

_HELD: dict[str, OutputLock] = {}


class OutputBusy(OSError):
    """Another process holds the output's lock."""


def lock_path(target: Path) -> Path:
    """>>> lock_path(Path("out/report.jsonl")).as_posix()
    'out/.report.jsonl.detector-lock'
    """
    return target.with_name(f".{target.name}.detector-lock")


class OutputLock:
    """The lock of one output file; `acquire()` raises `OutputBusy` when another run holds it."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.path = lock_path(target)
        self.fd: int | None = None

    def acquire(self) -> OutputLock:
        if fcntl is None or self.fd is not None:
            return self
        for _ in range(20):
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise OutputBusy(errno.EBUSY, "another detector run is writing it (wait for that run to end, "
                                                  "or write to another --output)", str(self.target)) from None
                raise
            try:
                same = os.path.samestat(os.fstat(fd), os.lstat(self.path))
            except OSError:
                same = False
            if same:
                self.fd = fd
                _HELD[str(self.path)] = self
                return self
            os.close(fd)  # the previous holder removed the file between our open and our lock: try again
        raise OutputBusy(errno.EBUSY, "its lock file keeps changing under us", str(self.target))

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags, 0o644)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            self.path.unlink()  # a planted link: removed, not followed
            fd = os.open(self.path, flags | os.O_EXCL, 0o644)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OSError(errno.EINVAL, "the lock file is not a regular file", str(self.path))
        return fd

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()  # while still locked: a waiting run then finds the name gone and retries
        with contextlib.suppress(OSError):
            os.close(self.fd)
        self.fd = None
        _HELD.pop(str(self.path), None)


def _forget_in_child() -> None:
    """A forked worker does not hold its parent's locks: its copy of the descriptor is closed (the lock stays with
    the parent, and dies with it even while the worker lingers) and it never removes the parent's lock file."""
    for lock in list(_HELD.values()):
        if lock.fd is not None:
            with contextlib.suppress(OSError):
                os.close(lock.fd)
            lock.fd = None
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


@atexit.register
def _release_all() -> None:
    """A run that ends on a path no code released its lock on still leaves no lock file behind."""
    for lock in list(_HELD.values()):
        lock.release()
