"""Parquet: the CSV's columns, typed, with `findings` and `errors` as nested lists instead of counts and text.

For data teams whose next step is pandas, Polars, DuckDB or Spark: `pd.read_parquet("report.parquet")` gives one row
per document; `findings` is a list of structs with every field of the JSONL finding (offsets, quote, message,
suggestion, fingerprint), so `explode("findings")` gives one row per finding. `--with-meta` adds `meta` (the JSON
text of the other record fields: their types differ from record to record) and `--with-text` adds `text`.

Rows are written in row groups of `GROUP_ROWS`, so memory stays flat on any run. Needs pyarrow
(`pip install 'artifact-detector[parquet]'`). Strings are made valid first (lone surrogates to U+FFFD).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, BinaryIO

from detector.core.extras import MissingExtra
from detector.core.json_lines import dumps
from detector.core.model import DocumentReport
from detector.core.safety import json_safe, safe_text
from detector.reports.locations import fingerprints
from detector.reports.serialize import finding_to_dict
from detector.reports.writers.base import WriterContext

GROUP_ROWS = 2048


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingExtra("--format parquet needs the 'pyarrow' package: pip install 'artifact-detector[parquet]'"
                           ) from None
    return pyarrow


def report_schema(pa: Any, scorers: tuple[str, ...], context: WriterContext) -> Any:
    suggestion = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("replacement", pa.string()),
                            ("safe", pa.bool_())])
    finding = pa.struct([("rule_id", pa.string()), ("category", pa.string()), ("subcategory", pa.string()),
                         ("severity", pa.string()), ("confidence", pa.float64()), ("start", pa.int64()),
                         ("end", pa.int64()), ("quote", pa.string()), ("message", pa.string()),
                         ("suggestion", suggestion), ("fingerprint", pa.string())])
    error = pa.struct([("rule_id", pa.string()), ("message", pa.string()), ("where", pa.string())])
    fields = [("id", pa.string()), ("source", pa.string()), ("status", pa.string()), ("language", pa.string()),
              ("verdict", pa.string()), ("overall", pa.float64()),
              *((f"score_{name}", pa.float64()) for name in scorers),
              ("findings", pa.list_(finding)), ("info", pa.int64()), ("warning", pa.int64()), ("error", pa.int64()),
              ("rules", pa.string()), ("errors", pa.list_(error))]
    if context.with_meta:
        fields.append(("meta", pa.string()))
    if context.with_text:
        fields.append(("text", pa.string()))
    return pa.schema(fields)


class ParquetWriter:
    """Streams report rows into a Parquet file opened by the caller (binary, written from its start)."""

    def __init__(self, out: BinaryIO, context: WriterContext) -> None:
        self.pa = _pyarrow()
        self.context = context
        self.scorers = context.scorer_names
        self.schema = report_schema(self.pa, self.scorers, context)
        self.writer = self.pa.parquet.ParquetWriter(out, self.schema, compression="zstd")
        self.rows: list[dict[str, Any]] = []

    def row(self, report: DocumentReport) -> dict[str, Any]:
        severities = Counter(f.severity for f in report.findings)
        rules = Counter(f.rule_id for f in report.findings)
        findings = [json_safe(finding_to_dict(f, p)) for f, p in zip(report.findings, fingerprints(report))]
        row: dict[str, Any] = {
            "id": safe_text(report.id), "source": safe_text(report.source), "status": "ok" if report.ok else "error",
            "language": report.language, "verdict": report.verdict, "overall": report.overall,
            **{f"score_{name}": report.scores.get(name) for name in self.scorers},
            "findings": findings, "info": severities["info"], "warning": severities["warning"],
            "error": severities["error"], "rules": ";".join(f"{rule}:{count}" for rule, count in sorted(rules.items())),
            "errors": [json_safe({"rule_id": e.rule_id, "message": e.message, "where": e.where})
                       for e in report.errors],
        }
        if self.context.with_meta:
            row["meta"] = dumps(report.meta)
        if self.context.with_text:
            row["text"] = safe_text(report.text)
        return row

    def write(self, report: DocumentReport) -> None:
        self.rows.append(self.row(report))
        if len(self.rows) >= GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()
