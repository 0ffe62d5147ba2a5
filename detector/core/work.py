"""The work meter: text kernels charge the characters they examine to the scorer that is running.

The deterministic half of the runaway guard (`engines.budget` tells the whole story): the count depends on the
document and the settings only, never on the machine or its load. It lives at the bottom of the layers so that the
kernels in `detector.text` can charge without importing the engines that set the limit.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass

BASE_UNITS = 1000  # a short document's scorer may still examine work_budget x 1,000 characters


class OverBudget(BaseException):
    """The call ran past its budget (a BaseException, so that a scorer's own `except Exception` cannot hide it).
    `what` says which budget, for the IN508 message."""

    def __init__(self, what: str = "") -> None:
        super().__init__(what)
        self.what = what


@dataclass
class _Meter:
    limit: int
    units_per_char: float
    used: int = 0


_local = threading.local()


def charge(units: int) -> None:
    """Count `units` of work (characters examined) against the running scorer's work budget; raises `OverBudget`
    when it is spent. A no-op outside a metered scorer (a lexicon used by `detector eval`, a test).

    >>> with work_limit(10, 10):  # doctest: +IGNORE_EXCEPTION_DETAIL
    ...     charge(5000)
    ...     charge(7000)
    Traceback (most recent call last):
    detector.core.work.OverBudget: stopped
    """
    meter: _Meter | None = getattr(_local, "meter", None)
    if meter is None:
        return
    meter.used += units
    if meter.used > meter.limit:
        _local.meter = None  # raised once: the scorer's clean-up code may charge again
        raise OverBudget(f"stopped after examining {meter.limit} characters (work_budget: "
                         f"{meter.units_per_char:g} per scored character)")


@contextlib.contextmanager
def work_limit(units_per_char: float, scored_chars: int) -> Iterator[None]:
    """Meter the body: it may `charge` `units_per_char * (scored_chars + BASE_UNITS)` units (0: no limit)."""
    previous = getattr(_local, "meter", None)
    limit = int(units_per_char * (scored_chars + BASE_UNITS))
    _local.meter = _Meter(limit, units_per_char) if units_per_char > 0 else None
    try:
        yield
    finally:
        _local.meter = previous


def used() -> int:
    """Units charged so far to the running meter (for measuring what a budget must allow)."""
    meter: _Meter | None = getattr(_local, "meter", None)
    return meter.used if meter is not None else 0
