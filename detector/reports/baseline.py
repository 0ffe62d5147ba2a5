"""Baselines: gate only on findings that are new since an earlier report.

A finding is known when the earlier report has the same fingerprint for the same document (see
`detector.reports.locations.fingerprint`: the rule and the text of the finding's own line, never the offset nor the
lines around it; the fingerprints of earlier versions, which held the quote and every line it touched, are still
recognised). The earlier report can be a JSONL report of `detector scan` or a file written by `detector baseline
create`. Known findings are dropped from the report and the verdict is decided again: a reason tied to a rule stays
only while a new finding of that rule does, reasons of the whole document (residue, MT likelihood) stay, so
`--fail-on` counts new problems only; scores still describe the whole document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from detector.config.settings import VerdictConfig
from detector.core.model import DocumentReport
from detector.reports.locations import fingerprints, legacy_fingerprint
from detector.scorers.verdict import worst

FORMAT = "detector-baseline/1"


class Baseline:
    def __init__(self, known: dict[str, set[str]]) -> None:
        self.known = known

    @classmethod
    def from_reports(cls, reports: Iterable[DocumentReport]) -> Baseline:
        return cls({report.id: set(fingerprints(report)) for report in reports})

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        text = Path(path).read_text(encoding="utf-8")
        stripped = text.lstrip()
        if stripped.startswith("{") and f'"{FORMAT}"' in stripped[:200]:
            data = json.loads(text)
            return cls({doc: set(prints) for doc, prints in data["findings"].items()})
        known: dict[str, set[str]] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                known[row["id"]] = {f["fingerprint"] for f in row["findings"]}
            except (ValueError, KeyError, TypeError):
                raise ValueError(f"{path}:{number}: neither a {FORMAT} file nor a detector JSONL report") from None
        return cls(known)

    def dump(self) -> str:
        data = {"format": FORMAT, "findings": {doc: sorted(p) for doc, p in sorted(self.known.items())}}
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def new_only(self, report: DocumentReport, verdict: VerdictConfig | None = None) -> DocumentReport:
        """`report` with only the findings this baseline does not know, and the verdict of what is left."""
        if not report.ok:
            return report
        known = self.known.get(report.id, set())
        pairs = zip(report.findings, fingerprints(report), fingerprints(report, legacy_fingerprint))
        kept = tuple(f for f, new, old in pairs if new not in known and old not in known)
        rules = {f.rule_id for f in kept}
        reasons = tuple(r for r in report.reasons if not r.rule_id or r.rule_id in rules)
        return replace(report, findings=kept, reasons=reasons, verdict=worst(reasons))
