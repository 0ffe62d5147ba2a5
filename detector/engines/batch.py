"""`score_records`: the scorer as a plain function of records, for a Spark UDF or a Ray Data `map_batches`.

Spark and Ray bring their own reading, partitioning and retries; what they need from us is a function from a
batch of records to a batch of report rows that costs nothing to call again. The Pipeline is therefore built once
per worker process (see `process_cache`) and reused by every batch, and each row is the dict the JSONL writer
writes: `detector.reports.serialize.dumps(row)` is the line `detector scan --format jsonl` would print.

A record is read as a JSONL record is: the text from `text_field` (missing: an IN505 error row; blank: IN502),
the id from `id_field` (a string or an integer, else the source), every other field is metadata. Records carry no
file and line, so `source` comes from `source_field` when given, else it is `<records>`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from detector.config.settings import Config
from detector.engines.pipeline import Pipeline
from detector.inputs.records import Loaded, ReadOptions, record_to_loaded
from detector.reports.serialize import report_to_dict

from .plan import dumps
from .process_cache import cached, score

DEFAULT_SOURCE = "<records>"


def score_records(records: Iterable[Mapping[str, Any]], config: Config | None = None, *, text_field: str = "text",
                  id_field: str = "id", source_field: str = "", with_meta: bool = False,
                  with_text: bool = False) -> list[dict[str, Any]]:
    """One report row per record, in order.

    Files named by `config` (corpus statistics, a gazetteer, suppressions) must be readable where this runs.

    >>> [row] = score_records([{"id": "a1", "text": "The ministry confirmed the plan on Saturday."}])
    >>> row["id"], row["source"], row["status"], row["language"]
    ('a1', '<records>', 'ok', 'en')
    >>> score_records([{"id": "a2"}])[0]["errors"][0]["rule_id"]
    'IN505'
    """
    config = config or Config()
    pipeline = cached("records:" + hashlib.sha256(dumps(config)).hexdigest(), lambda: Pipeline(config))
    rows = []
    for record in records:
        source = str(record.get(source_field, DEFAULT_SOURCE)) if source_field else DEFAULT_SOURCE
        loaded = loaded_from_record(record, source, text_field, id_field, exclude=source_field)
        rows.append(report_to_dict(score(pipeline, loaded), with_meta, with_text))
    return rows


def loaded_from_record(record: Mapping[str, Any], source: str, text_field: str = "text",
                       id_field: str = "id", exclude: str = "") -> Loaded:
    """A parsed record as `readers.load_record` reads a JSONL line (same id rule, same error rows). Integers
    from numpy or Arrow count as integers. `exclude` (the source field) is not listed among an IN505 row's
    fields, so the row is the one `detector scan` writes for the same line."""
    fields = [name for name in record if name != exclude] if exclude else None
    return record_to_loaded(record, source, ReadOptions(text_field=text_field, id_field=id_field), fields=fields)
