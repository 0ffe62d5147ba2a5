"""Limits for one scorer on one document, so that a scorer that runs away cannot hang a run, applied the same way on
an idle and on a saturated machine.

Linear-time scorers and guarded lexicon patterns make a runaway rare, but a run over millions of scraped documents
meets the rare case, and a user's lexicon or a new rule can bring a pathological one. Two guards, both turned
into an IN508 finding on that document by the pipeline while the other scorers and documents go on:

- **The work budget** (`work_budget`, deterministic). The text kernels a scorer calls (lexicon matching over a
  range of text, `text.lexicons`) `charge` the characters they examine to the meter of the scorer that is running.
  A scorer may examine `work_budget` times the document's scored characters (plus 1,000): a scorer that rescans
  the text once per line or per finding, quadratic work, runs out, a linear one never does. The count depends on
  the document and the settings only, so the same input stops at the same place on every machine, every run, under
  any load, with `--jobs N` and on Dask. It is checked when work is charged; it cannot stop one call that runs away
  inside C (a backtracking regex), which is what the second guard is for.
- **The CPU-time backstop** (`time_budget`, seconds of CPU, not of the wall clock). In the main thread a
  `setitimer(ITIMER_PROF)` signal raises `OverBudget` inside the scorer; CPython checks signals inside its regex
  engine too, so even a backtracking pattern is stopped. In another thread (a Dask worker runs tasks in threads) a
  watchdog reads the thread's own CPU clock and raises `OverBudget` in it asynchronously, which takes effect at the
  next Python instruction. CPU time, unlike wall time, does not grow when other processes take the cores, so a
  loaded machine no longer stops scorers an idle one lets finish (the audit's N9 and the determinism promise);
  only a document that costs about the backstop itself could come out differently between runs, and at 60 s of
  CPU for one scorer on one document (the scorers take well under a second on a scored prefix) that is a
  pathological pattern, which the work budget or the regex guard should have stopped first.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
import time
from collections.abc import Iterator

from detector.core.work import OverBudget, charge, work_limit

__all__ = ["OverBudget", "charge", "time_limit", "work_limit"]


def _expired(signum: int, frame: object) -> None:
    raise OverBudget("")


def _can_arm_signal() -> bool:
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_PROF)[0] == 0)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `OverBudget` in the body once it has used `seconds` of CPU time (0: no limit).

    >>> with time_limit(0):
    ...     pass
    """
    if seconds <= 0:
        yield
        return
    what = f"stopped after {seconds:g} s of CPU time (time_budget)"
    if _can_arm_signal():
        previous = signal.signal(signal.SIGPROF, _expired)
        signal.setitimer(signal.ITIMER_PROF, seconds)
        try:
            yield
        except OverBudget as exc:
            raise OverBudget(exc.what or what) from None
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)
        return
    if not hasattr(time, "pthread_getcpuclockid"):
        yield  # no per-thread CPU clock (Windows, macOS): the work budget still applies
        return
    watch = _Watchdog.shared().watch(threading.get_ident(), seconds)
    try:
        yield
    except OverBudget as exc:
        raise OverBudget(exc.what or what) from None
    finally:
        _Watchdog.shared().release(watch)


class _Watchdog:
    """One daemon thread that watches the CPU clocks of threads under a `time_limit` and raises `OverBudget` in a
    thread that has spent its time (`PyThreadState_SetAsyncExc`)."""

    _instance: _Watchdog | None = None
    _lock = threading.Lock()
    PERIOD = 0.05

    def __init__(self) -> None:
        self._watched: dict[int, tuple[int, int, float, float]] = {}  # token: thread, clock, start, seconds
        self._next = 0
        self._guard = threading.Lock()
        threading.Thread(target=self._run, name="detector-time-budget", daemon=True).start()

    @classmethod
    def shared(cls) -> _Watchdog:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def watch(self, thread: int, seconds: float) -> int:
        clock = time.pthread_getcpuclockid(thread)
        with self._guard:
            self._next += 1
            self._watched[self._next] = (thread, clock, time.clock_gettime(clock), seconds)
            return self._next

    def release(self, token: int) -> None:
        """Stop watching; when the watchdog fired, let its exception go off here if it has not yet (it was raised
        at the very end of the body, a race), so that it cannot go off later in unrelated code.

        It is absorbed, not taken back with `PyThreadState_SetAsyncExc(thread, NULL)`: on CPython 3.11 that call
        sets the interpreter's eval-breaker flag and nothing clears it again, so every later function call in
        every thread takes the pending-work path, and a thread under `sys.settrace` (a debugger, coverage, a
        tracing test) spins for ever at the start of its next call."""
        try:
            with self._guard:
                fired = self._watched.pop(token, None) is None
            if fired:
                for _ in range(1000):  # backward jumps: the interpreter delivers a pending exception here
                    pass
        except OverBudget:
            pass  # the body had finished: nothing is left to stop

    def _run(self) -> None:
        while True:
            time.sleep(self.PERIOD)
            with self._guard:
                for token, (thread, clock, start, seconds) in list(self._watched.items()):
                    try:
                        spent = time.clock_gettime(clock) - start
                    except OSError:  # the thread is gone
                        self._watched.pop(token)
                        continue
                    if spent >= seconds:
                        self._watched.pop(token)
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread),
                                                                   ctypes.py_object(OverBudget))
