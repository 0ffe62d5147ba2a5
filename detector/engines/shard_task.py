"""The task a worker runs for one shard: read it, score it, write its part, return only the statistics.

The shard never passes through the client and the reports never come back to it: the worker reads with fsspec
and writes its own part, and the client receives a few hundred bytes of counts per shard.
"""

from __future__ import annotations

from dataclasses import dataclass

from detector.reports.summary import Stats
from detector.reports.writers.json_writer import JsonlWriter

from .output import OutputDir, PartRecord
from .plan import PackedPlan
from .process_cache import plan_and_pipeline, score
from .shards import Shard, read_shard


@dataclass(frozen=True)
class ShardTask:
    """Shard number `index` (its part is `part-{index:05d}.jsonl`) and where the parts go."""

    index: int
    shard: Shard
    output: str
    settings: str


def score_shard(task: ShardTask, packed: PackedPlan) -> Stats:
    """Score every document of the shard into its part, exactly as `detector scan --format jsonl` writes them."""
    plan, pipeline = plan_and_pipeline(packed)
    out = OutputDir(task.output)
    out.prepare()
    temp = out.temp_part(task.index)
    stats = Stats()
    try:
        with out.open_text(temp) as stream:
            writer = JsonlWriter(stream, plan.context)
            for loaded in read_shard(task.shard, plan.options):
                report = score(pipeline, loaded)
                if plan.baseline is not None:
                    report = plan.baseline.new_only(report, plan.config.verdict)
                writer.write(report)
                stats.add(report)
            writer.close()
        out.commit(task.index, temp, PartRecord(task.shard.source, task.settings, stats))
    except BaseException:
        out.discard(temp)
        raise
    return stats
