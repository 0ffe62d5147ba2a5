"""Score JSONL shards with Ray Data, calling the scorer `detector scan` calls.

    pip install artifact-detector 'ray[data]'
    python examples/ray_map_batches.py data/*.jsonl -o reports.jsonl            # a local Ray
    RAY_ADDRESS=ray://head:10001 python examples/ray_map_batches.py s3://bucket/crawl/ -o reports.jsonl

Ray reads the shards on its workers (`read_json`), `map_batches` hands each batch to `score_batch`, which calls
`detector.engines.batch.score_records`: the Pipeline is built once per Ray worker process, not per batch. Each
output row carries the report as the very JSON line `detector scan --format jsonl` writes (`report`), plus `id`
and `verdict` for filtering. Ray gives no line numbers, so a row's `source` is its shard's path.

Writing: this script streams the rows back to one file, in input order, which suits a few million rows; for more,
keep the work on the cluster, e.g. `score_dataset(ds).write_parquet("s3://bucket/reports/")`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from detector.config.settings import Config
from detector.engines.batch import score_records
from detector.reports.serialize import dumps
from detector.scorers.registry import load_config


def score_batch(batch: Any, config: Config | None = None, text_field: str = "text",
                id_field: str = "id") -> dict[str, list[Any]]:
    """A `map_batches` function for `batch_format="pyarrow"` (a `pyarrow.Table` of records)."""
    # Arrow gives every record every column of the batch, null where the record had none: drop those, so that a
    # record reads as it did in its JSONL line (an IN505 row lists the record's own fields, not the batch's).
    records = [{key: value for key, value in row.items() if value is not None} for row in batch.to_pylist()]
    rows = score_records(records, config, text_field=text_field, id_field=id_field, source_field="path")
    return {"id": [row["id"] for row in rows], "verdict": [row["verdict"] for row in rows],
            "report": [dumps(row) for row in rows]}


def score_dataset(dataset: Any, config: Config | None = None, text_field: str = "text", id_field: str = "id") -> Any:
    """The dataset of report rows; `dataset` needs a `path` column (`read_json(..., include_paths=True)`)."""
    return dataset.map_batches(score_batch, batch_format="pyarrow",
                               fn_kwargs={"config": config, "text_field": text_field, "id_field": id_field})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="JSONL files, folders or URLs Ray can read")
    parser.add_argument("-o", "--output", required=True, help="the JSONL report to write")
    parser.add_argument("--config", help="a detector TOML config (default: ./pyproject.toml)")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--id-field", default="id")
    args = parser.parse_args(argv)

    import ray

    config = load_config(args.config)
    ray.init(ignore_reinit_error=True)  # joins RAY_ADDRESS when it is set, else starts a local Ray
    ray.data.DataContext.get_current().execution_options.preserve_order = True
    dataset = ray.data.read_json(args.paths, lines=True, include_paths=True)
    count = 0
    with open(args.output, "w", encoding="utf-8", newline="") as out:
        for row in score_dataset(dataset, config, args.text_field, args.id_field).iter_rows():
            out.write(row["report"] + "\n")
            count += 1
    print(f"{count} reports -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
