"""Scoring on every core, in input order, with memory that does not grow with the input.

`multiprocessing.Pool.imap` would read the whole input ahead of the workers; here at most `window` batches are in
flight, so a 500 MB JSONL file is streamed. Each worker process builds its Pipeline once (lexicons, models and
profiles load once per process, never per document). Output order is input order, so `--jobs N` is byte-identical
to `--jobs 1`.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from detector.config.settings import Config
from detector.core.collector import restore_collections
from detector.core.model import DocumentReport
from detector.engines.pipeline import Pipeline
from detector.inputs.readers import Loaded, ReadOptions, expand

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

_WORKER: Pipeline | None = None
T = TypeVar("T")
_FROZEN = False


def _start_worker(config: Config) -> None:
    """Build the worker's Pipeline. Ctrl-C reaches the whole process group: the parent alone handles it (it stops
    the workers and cleans up its outputs), so a worker ignores SIGINT instead of printing its own traceback."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _WORKER = Pipeline(config)
    _freeze_models()


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed (OOM killer, `kill -9`) would wait forever on its task queue, holding the
    terminal's or CI's output pipe open; it leaves within a second instead."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _freeze_models() -> None:
    """Move the loaded lexicons, automata and models out of the garbage collector's sight: they live as long as the
    process, and without this every full collection (triggered by the allocations of scoring) walks their millions
    of objects again. Measured: about 4% of a scan's time when the models were Python objects; with the native core
    (some 90,000 objects frozen) 0-1% over 300 pages (`bench/freeze.py`), and a one-file scan is faster for it (the
    collection at exit skips frozen objects). Once a process: what is frozen is never collected, so a program that
    runs many scans must not freeze each one's garbage. `Pipeline` used directly as a library does not freeze, for
    that reason (it would freeze the host program's objects too) and since the measured gain is within noise."""
    global _FROZEN
    if not _FROZEN:
        gc.collect()
        gc.freeze()
        _FROZEN = True
    restore_collections()  # the console script deferred them while the models loaded (`core.collector`)


def _score_batch(batch: list[Loaded], render: Callable[[DocumentReport], T] | None = None) -> list[Any]:
    assert _WORKER is not None
    reports = [_WORKER.report(item) for item in batch]
    return [render(r) for r in reports] if render is not None else reports


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def auto_jobs(paths: list[str], options: ReadOptions, small: int = 2_000_000) -> int:
    """Every core, unless the input is small: starting workers (each loads the models) costs about a second, more
    than scoring a few documents takes."""
    total = 0
    for path in paths:
        if path == "-":
            return 1
        for file, _ in expand(path, options):
            total += file.stat().st_size if file.is_file() else 0
            if total >= small:
                return default_jobs()
    return 1


def run_parallel(items: Iterable[Loaded], config: Config, jobs: int, batch_size: int = 16,
                 window_per_job: int = 4, pipeline: Pipeline | None = None) -> Iterator[DocumentReport]:
    """Reports in input order; `jobs <= 1` scores in this process. `pipeline`, when the caller has built one of
    `config` already, is used instead of building another."""
    return _run(items, config, jobs, None, batch_size, window_per_job, pipeline)


def run_parallel_rendered(items: Iterable[Loaded], config: Config, jobs: int, render: Callable[[DocumentReport], T],
                          batch_size: int = 16, window_per_job: int = 4,
                          pipeline: Pipeline | None = None) -> Iterator[T]:
    """`render(report)` for each document, in input order, computed in the workers: a report row rendered where it
    was scored travels back as one string instead of a tree of findings the parent would unpickle and then
    serialise (about 0.7 ms a document of the parent's time, which with two workers on two cores is the
    difference between 1.5x and 1.7x). `render` must be picklable (a module-level class instance)."""
    return _run(items, config, jobs, render, batch_size, window_per_job, pipeline)


def _run(items: Iterable[Loaded], config: Config, jobs: int, render: Callable[[DocumentReport], Any] | None,
         batch_size: int, window_per_job: int, built: Pipeline | None = None) -> Iterator[Any]:
    if jobs <= 1:
        pipeline = built or Pipeline(config)
        _freeze_models()
        for report in pipeline.run(items):
            yield render(report) if render is not None else report
        return
    import multiprocessing  # a pool's machinery (0.1-0.2 s to import) only when there are workers
    from concurrent.futures import ProcessPoolExecutor

    source = iter(items)
    pending: deque[Future[list[Any]]] = deque()
    context = None
    if sys.platform == "linux":
        # Load the models here, once, and fork: the workers inherit them (copy-on-write pages, left alone by the
        # frozen GC) instead of each spending a second or more loading them again.
        (built or Pipeline(config)).warm_up()
        _freeze_models()
        context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(config,))
    try:
        while True:
            while len(pending) < jobs * window_per_job:
                batch = list(islice(source, batch_size))
                if not batch:
                    break
                pending.append(pool.submit(_score_batch, batch, render))
            if not pending:
                break
            yield from pending.popleft().result()
    except BaseException:
        _stop(pool)  # interrupted, or the consumer failed (a full disk): do not wait for the batches in flight
        raise
    pool.shutdown(wait=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now: `shutdown(wait=True)` would score every batch in flight first."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, AttributeError):
            process.terminate()
