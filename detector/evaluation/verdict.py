"""`detector eval verdict`: the verdict mix per dev corpus, against the targets of issue 24.

A verdict means an action (pass: use it, after `clean`; review: a person looks; reject: drop it), so it is measured
on sets whose right action is known:

- the gold article bodies of a labelled residue corpus (clean human text, one per page): should `pass`;
- the pages whose default `clean` leaves them at word precision >= 0.97 against their gold: should `pass`;
- the pages that are mostly residue after cleaning (residue words over 70%, i.e. word precision under 0.30):
  should be `reject`;
- human translations and native English of a labelled MT corpus (`label` human or native): should `pass`;
- and on every corpus, `review` should stay a minority (at most 15% of its documents).

Word precision is the WCXB benchmark's: lowercase `\\w+` tokens of the cleaned text counted against the gold's (the
page title's words count as gold, since a headline is not residue), as a bag of words. The verdicts are those of
`detector scan` with the given configuration, on the document as `detector clean` leaves it.
"""

from __future__ import annotations

import json
import re
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from detector.config.settings import Config
from detector.core.model import Document, DocumentReport
from detector.engines.parallel import run_parallel
from detector.evaluation.boilerplate import corpus_name
from detector.inputs.records import Loaded

WORD = re.compile(r"\w+")
CLEAN_PRECISION = 0.97
RESIDUE_PRECISION = 0.30
HUMAN_LABELS = ("human", "native")


@dataclass(frozen=True)
class Target:
    """What a set of documents should get: at least `share` of them `verdict`, or at most (`most`)."""

    verdict: str
    share: float
    most: bool = False

    def met(self, value: float) -> bool:
        return value <= self.share if self.most else value >= self.share

    def describe(self) -> str:
        return f"{self.verdict} {'<=' if self.most else '>='} {self.share:.0%}"


SETS: dict[str, tuple[str, Target]] = {
    "documents": ("every document of the corpus", Target("review", 0.15, most=True)),
    "gold": ("gold article bodies (clean human text)", Target("pass", 0.95)),
    "clean": (f"documents at word precision >= {CLEAN_PRECISION} after clean", Target("pass", 0.90)),
    "residue": (f"documents mostly residue after clean (precision < {RESIDUE_PRECISION})", Target("reject", 0.80)),
    "human": ("human translations", Target("pass", 0.90)),
    "native": ("native English", Target("pass", 0.90)),
}


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(text.lower()))


def word_precision(text: str, gold: Counter[str]) -> float | None:
    """Bag-of-words precision of `text` against `gold` (None for a text without words).

    >>> word_precision("Menu The cat sat", words("the cat sat on the mat"))
    0.75
    """
    counts = words(text)
    total = sum(counts.values())
    if not total:
        return None
    return sum(min(n, gold[w]) for w, n in counts.items()) / total


@dataclass
class Tally:
    """Verdict counts per set of one corpus, and the reasons behind them."""

    corpus: str
    verdicts: dict[str, Counter[str]] = field(default_factory=dict)
    reasons: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, sets: list[str], report: DocumentReport) -> None:
        for name in sets:
            self.verdicts.setdefault(name, Counter())[report.verdict] += 1
            self.reasons.setdefault(name, Counter()).update(
                f"{r.verdict}:{r.code}{':' + r.rule_id if r.rule_id else ''}" for r in report.reasons)

    def result(self) -> dict[str, Any]:
        rows = []
        for name, (label, target) in SETS.items():
            counts = self.verdicts.get(name)
            if not counts:
                continue
            total = sum(counts.values())
            shares = {v: round(counts[v] / total, 4) for v in ("pass", "review", "reject")}
            rows.append({"set": name, "what": label, "documents": total, **shares,
                         "target": target.describe(), "met": target.met(shares[target.verdict]),
                         "reasons": dict(self.reasons[name].most_common(5))})
        return {"corpus": self.corpus, "sets": rows}


@dataclass(frozen=True)
class Item:
    """A document to judge and the sets it belongs to (some known only once its cleaned text is seen)."""

    document: Document
    sets: tuple[str, ...]
    gold: Counter[str] | None = None


def items_of(path: Path, every: int = 1) -> Iterator[Item]:
    """The documents of a labelled residue corpus (each page's text, and its gold once per page) or of a labelled
    MT corpus (`label`: mt, human or native). `every`: only every n-th record (a sample of a large file)."""
    pages: set[str] = set()
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream):
            if number % every or not line.strip():
                continue
            record = json.loads(line)
            doc_id = str(record.get("id", f"{path.name}:{number + 1}"))
            label = str(record.get("label", ""))
            if "gold" in record and label not in HUMAN_LABELS:  # native English carries its text as `gold` too
                gold = words(record["gold"]) + words(record.get("title") or "")
                yield Item(Document(doc_id, record["text"], f"{path}:{number + 1}"), ("documents",), gold)
                page = str(record.get("page", doc_id))
                if page not in pages and record["gold"].strip():
                    pages.add(page)
                    yield Item(Document(f"gold:{page}", record["gold"], f"{path}:{number + 1}"), ("gold",))
            else:
                sets = ("documents", label) if label in HUMAN_LABELS else ("documents",)
                yield Item(Document(doc_id, record["text"], f"{path}:{number + 1}"), sets)


def sets_after_clean(item: Item, report: DocumentReport) -> list[str]:
    """The item's sets, with `clean` or `residue` added by the word precision of its cleaned text."""
    sets = list(item.sets)
    if item.gold is not None:
        cleaned = report.cleaned.text if report.cleaned is not None else item.document.text
        precision = word_precision(cleaned, item.gold)
        if precision is not None and precision >= CLEAN_PRECISION:
            sets.append("clean")
        elif precision is not None and precision < RESIDUE_PRECISION:
            sets.append("residue")
    return sets


def evaluate_verdict(path: Path, config: Config, jobs: int = 1, every: int = 1,
                     rows: TextIO | None = None) -> dict[str, Any]:
    """The verdict mix of one corpus file per set, with each set's target and whether it is met."""
    tally = Tally(corpus_name(path))
    waiting: deque[Item] = deque()

    def loaded() -> Iterator[Loaded]:
        for item in items_of(path, every):
            if not item.document.text.strip():
                continue
            waiting.append(item)
            yield Loaded(item.document.id, item.document.source, item.document)

    for report in run_parallel(loaded(), config, jobs):
        item = waiting.popleft()
        sets = sets_after_clean(item, report)
        tally.add(sets, report)
        if rows is not None:
            rows.write(json.dumps(row_of(tally.corpus, item, sets, report, config), ensure_ascii=False) + "\n")
    return tally.result()


def row_of(corpus: str, item: Item, sets: list[str], report: DocumentReport, config: Config) -> dict[str, Any]:
    """One document's row: its sets, verdict and reasons, and what the verdict was judged on (the scores, MT
    likelihood and the findings at or above the cleaning threshold of the cleaned text), so that verdict thresholds
    can be chosen on some corpora and checked on others without scoring again (scripts/verdict_thresholds.py)."""
    why = [r.code + (":" + r.rule_id if r.rule_id else "") for r in report.reasons]
    judged = report.cleaned.judged if report.cleaned is not None and report.cleaned.judged is not None else report
    threshold = config.boilerplate.min_confidence
    findings = [[f.rule_id, f.category, f.severity, round(f.confidence, 4),
                 None if f.suggestion is None else f.suggestion.safe]
                for f in judged.findings if f.confidence >= threshold]
    cleaned = report.cleaned.text if report.cleaned is not None else item.document.text
    precision = word_precision(cleaned, item.gold) if item.gold is not None else None
    return {"corpus": corpus, "id": report.id, "sets": sets, "verdict": report.verdict, "reasons": why,
            "precision": None if precision is None else round(precision, 4),
            "judged": {"overall": judged.overall, "scores": judged.scores,
                       "mt_likelihood": (judged.metrics.get("mt") or {}).get("mt_likelihood"),
                       "removed_share": (judged.metrics.get("clean") or {}).get("removed_share", 0.0),
                       "findings": findings}}


def render_verdict_table(results: list[dict[str, Any]]) -> str:
    """One Markdown table: a row per corpus and set."""
    lines = ["| corpus | set | documents | pass | review | reject | target | met | main reasons |",
             "| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- |"]
    for result in results:
        for row in result["sets"]:
            reasons = ", ".join(f"{code} {count}" for code, count in row["reasons"].items()) or "-"
            lines.append(f"| {result['corpus']} | {row['what']} | {row['documents']:,} | {row['pass']:.1%} | "
                         f"{row['review']:.1%} | {row['reject']:.1%} | {row['target']} | "
                         f"{'yes' if row['met'] else '**no**'} | {reasons} |")
    return "\n".join(lines) + "\n"
