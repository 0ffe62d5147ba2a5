"""Score JSONL with PySpark's `mapInPandas`, calling the scorer `detector scan` calls.

    pip install artifact-detector pyspark        # and Java 17+ for Spark 4
    PYSPARK_PYTHON=$(which python) python examples/spark_map_in_pandas.py 'shards/*.jsonl' -o reports/
    spark-submit --master yarn examples/spark_map_in_pandas.py s3a://bucket/crawl/ -o s3a://bucket/reports/

`score_partitions` runs on the executors' Python workers, which need `artifact-detector` installed (a cluster
image, or a packed environment through `spark.archives`); `PYSPARK_PYTHON` must name that interpreter. The
Pipeline is built once per Python worker and reused by every batch (`detector.engines.batch`). The output folder
holds text files whose lines are the JSON lines `detector scan --format jsonl` writes, except `source`, which is
the record's `--source-field` (Spark has no line numbers).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from detector.engines.batch import score_records
from detector.reports.serialize import dumps

SCHEMA = "id string, verdict string, overall double, report string"


def score_partitions(frames: Iterator[Any], text_field: str = "text", id_field: str = "id",
                     source_field: str = "") -> Iterator[Any]:
    """A `mapInPandas` function: pandas DataFrames of records in, DataFrames of `SCHEMA` out."""
    import pandas as pd

    for frame in frames:
        records = frame.to_dict("records")
        rows = score_records(records, text_field=text_field, id_field=id_field, source_field=source_field)
        yield pd.DataFrame({"id": [r["id"] for r in rows], "verdict": [r["verdict"] for r in rows],
                            "overall": [r["overall"] for r in rows], "report": [dumps(r) for r in rows]})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="JSONL files, folders or URLs Spark can read")
    parser.add_argument("-o", "--output", required=True, help="the folder of report text files to write")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--id-field", default="id")
    parser.add_argument("--source-field", default="", help="a field naming each record's origin, e.g. url")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("detector").getOrCreate()
    docs = spark.read.json(args.paths)
    reports = docs.mapInPandas(
        lambda frames: score_partitions(frames, args.text_field, args.id_field, args.source_field), SCHEMA)
    reports.select("report").write.mode("overwrite").text(args.output)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
