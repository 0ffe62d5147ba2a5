"""SARIF 2.1.0: one run, every rule with its documentation, one result per finding (and per error row).

Streams like the JSON writer: the run header (tool and rules) first, results as documents arrive, then the closing
brackets. Columns are Unicode code points (`columnKind: unicodeCodePoints`), since offsets are Python string indices.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from detector import __version__
from detector.core.model import DocumentReport, Finding
from detector.reports.locations import fingerprints, line_starts, locate
from detector.reports.rule_pages import render_rule
from detector.reports.writers.base import WriterContext
from detector.scorers.registry import load_rules

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def sarif_rules() -> list[dict[str, Any]]:
    return [{
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": f"{rule.fix} Example: {rule.example!r} -> {rule.fixed_example!r}",
                 "markdown": render_rule(rule)},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"category": rule.category, "kind": rule.kind, "confidence": rule.confidence,
                       "fixSafety": rule.fix_safety, "tags": [rule.category]},
    } for rule in load_rules().values()]


def _location(report: DocumentReport, finding: Finding | None, starts: list[int] | None) -> dict[str, Any]:
    where = locate(report, finding, starts)
    region: dict[str, Any] = {"startLine": where.start_line}
    if where.start_column is not None:
        region.update(startColumn=where.start_column, endLine=where.end_line, endColumn=where.end_column)
        if finding is not None and finding.quote:
            region["snippet"] = {"text": finding.quote[:500]}
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": where.path}, "region": region}}
    location["logicalLocations"] = [{"name": report.id, "kind": "object"}]
    return location


class SarifWriter:
    def __init__(self, out: TextIO, context: WriterContext) -> None:
        self.out = out
        self.rule_index = {rule.id: index for index, rule in enumerate(load_rules().values())}
        self.count = 0
        head = json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [{
            "tool": {"driver": {"name": "detector", "fullName": "artifact-detector", "version": __version__,
                                "informationUri": "https://pypi.org/project/artifact-detector/",
                                "rules": sarif_rules()}},
            "columnKind": "unicodeCodePoints",
            "results": [],
        }]}, ensure_ascii=False, indent=1)
        self.tail = "]" + head[head.rindex('"results": []') + len('"results": []'):]
        out.write(head[: head.rindex('"results": []')] + '"results": [')

    def _result(self, report: DocumentReport, finding: Finding, print_: str, starts: list[int] | None) -> dict:
        result: dict[str, Any] = {
            "ruleId": finding.rule_id, "ruleIndex": self.rule_index.get(finding.rule_id, -1),
            "level": LEVEL[finding.severity], "message": {"text": finding.message},
            "locations": [_location(report, finding, starts)],
            "partialFingerprints": {"detectorFinding/v1": f"{report.id}:{print_}"},
            "properties": {"category": finding.category, "subcategory": finding.subcategory,
                           "confidence": finding.confidence},
        }
        if finding.suggestion is not None and finding.span is not None:
            result["properties"]["suggestion"] = {"replacement": finding.suggestion.replacement,
                                                  "safe": finding.suggestion.safe}
        return result

    def write(self, report: DocumentReport) -> None:
        results = []
        for error in report.errors:
            results.append({"ruleId": error.rule_id, "ruleIndex": self.rule_index.get(error.rule_id, -1),
                            "level": "error", "message": {"text": error.message},
                            "locations": [_location(report, None, None)]})
        starts = line_starts(report.text) if report.text else None
        for finding, print_ in zip(report.findings, fingerprints(report)):
            results.append(self._result(report, finding, print_, starts))
        for result in results:
            self.out.write(("\n" if self.count == 0 else ",\n") + json.dumps(result, ensure_ascii=False))
            self.count += 1

    def close(self) -> None:
        self.out.write(("\n" if self.count else "") + self.tail + "\n")
        self.out.flush()
