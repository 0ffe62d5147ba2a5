"""One Pipeline per worker process, built on first use and kept while the plan stays the same.

Building a Pipeline loads lexicons, the line model and the language profiles (about a second); a shard task or a
Spark/Ray batch that built its own would spend more time loading than scoring. The cache holds one entry: a worker
serves one scan at a time, and a new plan replaces the old one instead of piling up.

Worker threads (a Dask worker with `--nthreads 4`, a Ray actor with concurrency) take turns on the Pipeline: the
scorers are pure Python, so threads gain nothing under the GIL, and the Pipeline's shared caches are not promised
to be thread-safe.
"""

from __future__ import annotations

import pickle
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from detector import __version__
from detector.config.settings import Config, with_overrides
from detector.core.model import DocumentReport
from detector.engines.pipeline import Pipeline
from detector.inputs.readers import Loaded

from .plan import PackedPlan, ScanPlan

T = TypeVar("T")

_BUILD_LOCK = threading.Lock()
_SCORE_LOCK = threading.Lock()
_CACHED: tuple[str, object] | None = None


def cached(key: str, build: Callable[[], T]) -> T:
    """`build()` once per process for a given `key`; the previous entry is dropped when the key changes."""
    global _CACHED
    with _BUILD_LOCK:
        if _CACHED is None or _CACHED[0] != key:
            _CACHED = None  # free the old pipeline before building the new one
            _CACHED = (key, build())
        return _CACHED[1]  # type: ignore[return-value]


def plan_and_pipeline(packed: PackedPlan) -> tuple[ScanPlan, Pipeline]:
    """The unpacked plan and its Pipeline, for this process."""
    return cached(packed.key, lambda: _build(packed))


def score(pipeline: Pipeline, loaded: Loaded) -> DocumentReport:
    with _SCORE_LOCK:
        return pipeline.report(loaded)


def _build(packed: PackedPlan) -> tuple[ScanPlan, Pipeline]:
    plan: ScanPlan = pickle.loads(packed.data)
    if plan.version != __version__:
        raise RuntimeError(f"the client runs detector {plan.version} and this worker {__version__}: reports "
                           "would differ; install the same version on every worker")
    with tempfile.TemporaryDirectory(prefix="detector-plan-") as folder:
        return plan, Pipeline(_with_files(plan, Path(folder)))


def _with_files(plan: ScanPlan, folder: Path) -> Config:
    """The plan's config pointing at copies of the client's files in `folder`. The Pipeline reads them while it
    is built, so the folder can go as soon as it is."""
    overrides = {}
    for setting, (name, data) in plan.files.items():
        path = folder / setting / name
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        overrides[setting] = str(path)
    return with_overrides(plan.config, overrides) if overrides else plan.config
