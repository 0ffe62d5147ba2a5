"""CSV: one row a document, scores flattened into `score_<dimension>` columns, for spreadsheets and pandas."""

from __future__ import annotations

import csv
from collections import Counter
from typing import TextIO

from detector.model import DocumentReport
from detector.writers.base import WriterContext


class CsvWriter:
    def __init__(self, out: TextIO, context: WriterContext) -> None:
        self.out = out
        self.scorers = context.scorer_names
        self.writer = csv.writer(out, lineterminator="\n")
        self.writer.writerow(["id", "source", "status", "language", "verdict", "overall",
                              *(f"score_{name}" for name in self.scorers),
                              "findings", "info", "warning", "error", "rules", "errors"])

    def write(self, report: DocumentReport) -> None:
        severities = Counter(f.severity for f in report.findings)
        rules = Counter(f.rule_id for f in report.findings)
        self.writer.writerow([
            report.id, report.source, "ok" if report.ok else "error", report.language, report.verdict,
            "" if report.overall is None else report.overall,
            *("" if report.scores.get(name) is None else report.scores[name] for name in self.scorers),
            len(report.findings), severities["info"], severities["warning"], severities["error"],
            ";".join(f"{rule}:{count}" for rule, count in sorted(rules.items())),
            "; ".join(f"{e.rule_id}: {e.message}" for e in report.errors),
        ])

    def close(self) -> None:
        self.out.flush()
