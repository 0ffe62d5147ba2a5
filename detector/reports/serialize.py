"""DocumentReport <-> plain dicts with a fixed key order: the one shape every machine-readable writer emits and
`report.schema.json` describes. Key order is fixed here (not sorted) so that diffs of reports read naturally."""

from __future__ import annotations

import json
from typing import Any

from detector.core.json_lines import dumps
from detector.core.model import DocumentReport, Finding, Reason
from detector.reports.locations import fingerprints

SCHEMA_VERSION = "detector-report/1"


def finding_to_dict(finding: Finding, fingerprint: str = "") -> dict[str, Any]:
    suggestion = None
    if finding.suggestion is not None:
        s = finding.suggestion
        suggestion = {"start": s.span.start, "end": s.span.end, "replacement": s.replacement, "safe": s.safe}
    return {
        "rule_id": finding.rule_id,
        "category": finding.category,
        "subcategory": finding.subcategory,
        "severity": finding.severity,
        "confidence": finding.confidence,
        "start": finding.span.start if finding.span else None,
        "end": finding.span.end if finding.span else None,
        "quote": finding.quote,
        "message": finding.message,
        "suggestion": suggestion,
        "fingerprint": fingerprint,
    }


def reason_to_dict(reason: Reason) -> dict[str, Any]:
    return {"verdict": reason.verdict, "code": reason.code, "rule_id": reason.rule_id, "message": reason.message}


def report_to_dict(report: DocumentReport, with_meta: bool = False, with_text: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "id": report.id,
        "source": report.source,
        "status": "ok" if report.ok else "error",
        "language": report.language,
        "verdict": report.verdict,
        "reasons": [reason_to_dict(r) for r in report.reasons],
        "overall": report.overall,
        "scores": dict(report.scores),
        "metrics": report.metrics,
        "findings": [finding_to_dict(f, p) for f, p in zip(report.findings, fingerprints(report))],
        "errors": [{"rule_id": e.rule_id, "message": e.message, "where": e.where} for e in report.errors],
    }
    if with_meta:
        data["meta"] = report.meta
    if with_text:
        data["text"] = report.text
    return data


def report_schema() -> dict[str, Any]:
    """The JSON Schema of one report row, shipped inside the package."""
    from importlib.resources import files

    return json.loads((files("detector.reports") / "report.schema.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]

# dumps: the row encoder (core.json_lines), re-exported here for record-level users (examples/)
__all__ = ["SCHEMA_VERSION", "dumps", "finding_to_dict", "reason_to_dict", "report_schema", "report_to_dict"]
