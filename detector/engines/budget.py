"""A time limit for one call, so that a scorer that runs away on one document cannot hang a run.

Linear-time scorers and guarded lexicon patterns make a runaway rare, but a run over millions of scraped documents
meets the rare case, and a user's lexicon or a new rule can bring a pathological one. `time_limit` arms a real-time
interval timer (`setitimer`, SIGALRM) around the call; when it fires, `OverBudget` is raised inside the scorer,
which the pipeline turns into an IN508 finding on that document while the other scorers and documents go on.
CPython checks for signals inside its regex engine too, so even a backtracking pattern is stopped.

Where no timer can be armed (a thread other than the main one, as in a multi-threaded Dask worker; Windows; a
caller that already runs its own interval timer) the call runs without a limit.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class OverBudget(BaseException):
    """The call ran past its budget (a BaseException, so that a scorer's own `except Exception` cannot hide it)."""


def _expired(signum: int, frame: object) -> None:
    raise OverBudget()


def _can_arm() -> bool:
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `OverBudget` in the body if it runs longer than `seconds` (0: no limit).

    >>> with time_limit(0):
    ...     pass
    """
    if seconds <= 0 or not _can_arm():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
