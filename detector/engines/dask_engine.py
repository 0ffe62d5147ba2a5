"""`detector scan --engine dask`: one task per shard on a Dask cluster, a part per shard, merged statistics.

The client lists the shards, ships the plan once to every worker, submits one task per shard and adds up the
statistics the tasks return; the workers read, score and write. With `scheduler` it joins an existing cluster
(and leaves it running); without, it starts a `LocalCluster` of single-threaded worker processes and closes it at
the end. A shard is the unit of work and of retry: split a huge file into shards before scanning it, since one
task reads one file from start to end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from detector.core.model import VERDICT_RANK
from detector.engines.parallel import default_jobs
from detector.reports.summary import Stats

from . import require
from .output import OutputDir
from .plan import PackedPlan, ScanPlan, pack, settings_fingerprint
from .shard_task import ShardTask, score_shard
from .shards import is_url, list_shards


class ScanFailed(RuntimeError):
    """The cluster could not be reached, or shards failed after their retries; the message names them."""


@dataclass(frozen=True)
class DaskScan:
    """One cluster scan. `workers` sizes the local cluster (0: one per core); it is ignored with `scheduler`."""

    paths: Sequence[str]
    output: str
    plan: ScanPlan
    scheduler: str | None = None
    workers: int = 0
    resume: bool = False


@dataclass(frozen=True)
class DaskOutcome:
    stats: Stats
    shards: int
    resumed: int
    output: str

    def reached(self, verdict: str) -> bool:
        """Did any document get `verdict` or worse? (`--fail-on`, from the merged counts.)"""
        return any(count for name, count in self.stats.verdicts.items() if VERDICT_RANK[name] >= VERDICT_RANK[verdict])

    def describe(self) -> str:
        resumed = f", {self.resumed} already done" if self.resumed else ""
        return f"{self.shards} shards{resumed} -> {self.output}"


def run_dask_scan(job: DaskScan, on_progress: Callable[[int], None] | None = None) -> DaskOutcome:
    """Score every shard into `job.output` and return the merged statistics. `on_progress` is called with the
    number of documents scored so far each time a shard finishes."""
    require("fsspec")
    require("distributed")
    shards = list_shards(job.paths, job.plan.options)
    out = OutputDir(job.output if is_url(job.output) else os.path.abspath(job.output))
    settings = settings_fingerprint(job.plan)
    sources = [shard.source for shard in shards]
    done = out.completed(sources, settings) if job.resume else {}
    tasks = [ShardTask(i, shard, out.url, settings) for i, shard in enumerate(shards) if i not in done]
    scored: dict[int, Stats] = {}
    if tasks:
        with _connect(job.scheduler, job.workers) as client:
            out.clear(keep_parts=job.resume)  # once the cluster answers: a typo in --scheduler costs nothing
            scored = _submit(client, tasks, pack(job.plan), on_progress)
    parts = [done[i] if i in done else scored[i] for i in range(len(shards))]
    total = out.write_summary(sources, parts)
    return DaskOutcome(total, len(shards), len(done), job.output)


def _submit(client: Any, tasks: Sequence[ShardTask], packed: PackedPlan,
            on_progress: Callable[[int], None] | None) -> dict[int, Stats]:
    """Every task's statistics by shard index. A failed shard does not stop the others: their parts are kept,
    so `--resume` afterwards scores only what failed."""
    from distributed import as_completed

    results: dict[int, Stats] = {}
    failures: list[str] = []
    documents = 0
    plan = client.scatter(packed, broadcast=True)
    run = uuid.uuid4().hex[:8]
    futures = {client.submit(score_shard, task, plan, key=f"detector-shard-{task.index:05d}-{run}", retries=1,
                             pure=False): task for task in tasks}
    for future in as_completed(futures):
        task = futures[future]
        try:
            results[task.index] = stats = future.result()
        except Exception as exc:  # a worker's error, re-raised here: report it with its shard
            failures.append(f"{task.shard.source}: {type(exc).__name__}: {exc}")
            continue
        documents += stats.documents
        if on_progress is not None:
            on_progress(documents)
    if failures:
        shown = "\n  ".join(sorted(failures)[:10])
        raise ScanFailed(f"{len(failures)} of {len(tasks)} shards failed (the other parts are kept; --resume "
                         f"scores only the missing ones):\n  {shown}")
    return results


@contextmanager
def _connect(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the given scheduler, or of a local cluster started (and closed) here."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise ScanFailed(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        yield client
