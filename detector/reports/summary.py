"""Run statistics that add up across workers (datatrove's habit), and the summary printed to stderr."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from detector.core.model import DocumentReport

if TYPE_CHECKING:  # the writers import this module
    from detector.reports.writers.json_writer import RenderedRow


@dataclass
class Stats:
    documents: int = 0
    ok: int = 0
    errors: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)

    def add(self, report: DocumentReport) -> None:
        self._count(report.ok, report.verdict, (f.rule_id for f in report.findings), (e.rule_id for e in report.errors))

    def add_rendered(self, row: RenderedRow) -> None:
        """`add` for a row rendered in a worker (the same counts from the fields it carries)."""
        self._count(row.ok, row.verdict, row.finding_rules, row.error_rules)

    def _count(self, ok: bool, verdict: str, finding_rules: Iterable[str], error_rules: Iterable[str]) -> None:
        self.documents += 1
        if ok:
            self.ok += 1
        else:
            self.errors += 1
            self.rules.update(error_rules)
        self.verdicts[verdict] += 1
        self.rules.update(finding_rules)

    def __add__(self, other: Stats) -> Stats:
        return Stats(self.documents + other.documents, self.ok + other.ok, self.errors + other.errors,
                     self.verdicts + other.verdicts, self.rules + other.rules)

    def render(self, elapsed: float) -> str:
        rate = self.documents / elapsed if elapsed > 0 else 0.0
        verdicts = ", ".join(f"{v} {self.verdicts.get(v, 0)}" for v in ("pass", "review", "reject"))
        return (f"{self.documents} documents ({self.ok} ok, {self.errors} error rows): {verdicts}; "
                f"{elapsed:.2f} s, {rate:.1f} docs/s")
