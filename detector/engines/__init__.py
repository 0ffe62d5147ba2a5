"""Engines: running the pipeline, on one core, on every core, on a Dask cluster, or inside someone else's job.

The modules, one job each:

- `pipeline`: loaded documents -> TextView -> scorers -> verdict -> DocumentReport (the one pipeline every engine
  runs); the verdict is judged on the document as cleaning leaves it.
- `cleaning`: the cleaning loop (apply the safe fixes, score again, until nothing changes), shared by the pipeline's
  verdict, `detector clean`, `detector filter` and the steps.
- `steps/`: drop-in steps for other pipelines: a datatrove filter (`datatrove_step`) and Data-Juicer operators
  (`data_juicer_op`), around one `Judge` (`judge`).
- `parallel`: scoring on every core of one machine, in input order, with bounded memory; the reference that every
  engine below must match row for row, byte for byte.
- `budget`: the limit that stops a runaway scorer on one document.
- `shards`: input paths, directories, globs and fsspec URLs -> an ordered list of shards, read on the workers.
- `plan`: what every worker needs (config, the files it names, read options, writer settings), packed once.
- `process_cache`: one Pipeline per worker process, built on first use, keyed by the packed plan.
- `output`: the output directory: `part-NNNNN.jsonl` per shard written atomically, `_stats/`, `_summary.json`.
- `shard_task`: the task a worker runs for one shard.
- `dask_engine`: the client side: cluster, tasks, merged statistics.
- `batch`: `score_records`, for a Spark UDF or a Ray Data `map_batches`.

May import: `core`, `config`, `text`, `rules`, `inputs`, `scorers`, `reports`. Never the cleaner or the command
line (the cleaning loop the verdict needs lives here, in `cleaning`). Nothing here imports dask, distributed or
fsspec at module level: the local engine must work without them.
"""

from __future__ import annotations


class EngineUnavailable(RuntimeError):
    """An optional package the chosen engine needs is not installed; the message says what to install."""


def require(module: str, extra: str = "dask") -> None:
    """Import `module` or explain the install command (a clear message instead of a traceback)."""
    import importlib

    try:
        importlib.import_module(module)
    except ImportError as exc:
        raise EngineUnavailable(f"--engine {extra} needs the '{module}' package ({exc.msg}): "
                                f"pip install 'artifact-detector[{extra}]'") from None
