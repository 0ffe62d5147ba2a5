"""`detector eval mt`: the MT-artifact scorer against professional MQM error spans, and the document MT likelihood
against labels of MT versus human translation.

Span precision is the share of mt-artifact findings at `warning` or above that overlap an annotated error span
(annotations of category "Source issue" are errors of the source and are ignored); the chance level is the share
of target characters inside annotated spans. Segment AUCs rank segments by the sum of their findings' confidences.
The baseline flags words rarer than Zipf 2 in wordfreq's English list.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from detector.config import Config
from detector.evaluation.metrics import roc_auc
from detector.model import Document, Finding
from detector.scorers.mt import MtScorer
from detector.text import TextView

BASELINE_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def _records(path: str | Path) -> Iterator[dict[str, Any]]:
    with Path(path).open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def _spans(record: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    return [(e["start"], e["end"], e["category"], e["severity"]) for e in record["errors"]
            if e["start"] is not None and e["end"] > e["start"] and not e["category"].startswith("Source")]


def _covered_chars(text: str, spans: list[tuple[int, int, str, str]]) -> int:
    marks = bytearray(len(text))
    for start, end, _, _ in spans:
        marks[start:end] = b"\x01" * (min(end, len(text)) - start)
    return sum(marks)


class _Tally:
    def __init__(self) -> None:
        self.findings = 0
        self.hits = 0
        self.by_rule: Counter[str] = Counter()
        self.hits_by_rule: Counter[str] = Counter()
        self.hit_categories: Counter[str] = Counter()

    def add(self, label: str, start: int, end: int, spans: list[tuple[int, int, str, str]]) -> None:
        overlapping = {c for s, e, c, _ in spans if s < end and start < e}
        self.findings += 1
        self.by_rule[label] += 1
        if overlapping:
            self.hits += 1
            self.hits_by_rule[label] += 1
            self.hit_categories.update(overlapping)

    def summary(self) -> dict[str, Any]:
        return {"span_precision": round(self.hits / self.findings, 4) if self.findings else None,
                "findings": self.findings,
                "by_rule": {r: {"findings": n, "precision": round(self.hits_by_rule[r] / n, 4)}
                            for r, n in sorted(self.by_rule.items())},
                "hit_categories": dict(sorted(self.hit_categories.items()))}


def _segment_labels(spans: list[tuple[int, int, str, str]], errors: list[dict[str, Any]]) -> tuple[bool, bool]:
    major = [e for e in errors if e["severity"] == "Major" and not e["category"].startswith("Source")]
    fluency = any(e["category"].startswith(("Fluency/", "Style/")) for e in major)
    return fluency, bool(major)


def _baseline_flags(text: str) -> list[tuple[int, int]]:
    from wordfreq import zipf_frequency

    return [(m.start(), m.end()) for m in BASELINE_WORD.finditer(text)
            if zipf_frequency(m.group(0).lower(), "en") < 2.0]


def evaluate_segments(path: str | Path, scorer: MtScorer, config: Config) -> dict[str, Any]:
    ours, base = _Tally(), _Tally()
    covered = total = 0
    recall_hit: Counter[str] = Counter()
    recall_all: Counter[str] = Counter()
    scores: dict[str, list[float]] = defaultdict(list)
    labels_fluency: list[bool] = []
    labels_major: list[bool] = []
    for record in _records(path):
        text = record["target"]
        spans = _spans(record)
        covered += _covered_chars(text, spans)
        total += len(text)
        document = Document(record["id"], text)
        findings = [f for f in scorer.score(document, TextView(document, config), config).findings
                    if f.span is not None and f.category == "mt-artifact"]
        strong = [f for f in findings if f.severity != "info"]
        for f in strong:
            ours.add(f.rule_id, f.span.start, f.span.end, spans)  # type: ignore[union-attr]
        for start, end, category, _ in spans:
            recall_all[category] += 1
            if any(f.span.start < end and start < f.span.end for f in strong):  # type: ignore[union-attr]
                recall_hit[category] += 1
        flags = _baseline_flags(text)
        for start, end in flags:
            base.add("zipf<2", start, end, spans)
        fluency, major = _segment_labels(spans, record["errors"])
        labels_fluency.append(fluency)
        labels_major.append(major)
        scores["ours"].append(_segment_score(findings))
        scores["baseline"].append(float(len(flags)))
    chance = round(covered / total, 4) if total else 0.0
    recall = {c: round(recall_hit[c] / n, 4) for c, n in sorted(recall_all.items())}
    return {
        "chance": chance,
        **{k: v for k, v in ours.summary().items()},
        "span_recall_by_category": recall,
        "segment_auc_fluency": roc_auc(scores["ours"], labels_fluency),
        "segment_auc_major": roc_auc(scores["ours"], labels_major),
        "segments": len(labels_major),
        "baseline": {**base.summary(), "segment_auc_fluency": roc_auc(scores["baseline"], labels_fluency),
                     "segment_auc_major": roc_auc(scores["baseline"], labels_major)},
    }


def _segment_score(findings: list[Finding]) -> float:
    return sum(f.confidence for f in findings)


def evaluate_documents(path: str | Path, scorer: MtScorer, config: Config) -> dict[str, Any]:
    rows: list[tuple[str, bool, float, float]] = []
    for record in _records(path):
        document = Document(record["id"], record["text"])
        view = TextView(document, config)
        result = scorer.score(document, view, config)
        likelihood = float(result.metrics.get("mt_likelihood", 0.0))
        flags = len(_baseline_flags(record["text"]))
        rate = 1000.0 * flags / max(1, len(view.words))
        rows.append((record.get("system", ""), record["label"] == "mt", likelihood, rate))
    humans = [r for r in rows if not r[1]]
    by_system = {}
    for system in sorted({r[0] for r in rows if r[1]}):
        subset = [r for r in rows if r[0] == system and r[1]] + humans
        by_system[system] = roc_auc([r[2] for r in subset], [r[1] for r in subset])
    return {"doc_auc": roc_auc([r[2] for r in rows], [r[1] for r in rows]), "doc_auc_by_system": by_system,
            "documents": len(rows),
            "baseline_doc_auc": roc_auc([r[3] for r in rows], [r[1] for r in rows])}


def evaluate_mt(path: str | Path, docs: str | Path | None = None, config: Config | None = None) -> dict[str, Any]:
    config = config or Config()
    scorer = MtScorer.build(config)
    result = evaluate_segments(path, scorer, config)
    result["doc_auc"] = None
    result["doc_auc_by_system"] = {}
    if docs is not None:
        documents = evaluate_documents(docs, scorer, config)
        result["doc_auc"] = documents["doc_auc"]
        result["doc_auc_by_system"] = documents["doc_auc_by_system"]
        result["documents"] = documents["documents"]
        result["baseline"]["doc_auc"] = documents["baseline_doc_auc"]
    return result


def render_mt_table(result: dict[str, Any]) -> str:
    base = result["baseline"]
    lines = [f"{result['segments']} segments; chance level of span precision {result['chance']}", "",
             "| method | findings | span precision | segment AUC (fluency/style) | segment AUC (any major) | doc AUC |",
             "| --- | --- | --- | --- | --- | --- |",
             f"| detector | {result['findings']} | {result['span_precision']} | {result['segment_auc_fluency']} | "
             f"{result['segment_auc_major']} | {result['doc_auc']} |",
             f"| zipf<2 baseline | {base['findings']} | {base['span_precision']} | {base['segment_auc_fluency']} | "
             f"{base['segment_auc_major']} | {base.get('doc_auc')} |", "", "Span precision by rule:", ""]
    lines += [f"- {rule}: {v['findings']} findings, precision {v['precision']}"
              for rule, v in result["by_rule"].items()]
    lines += ["", "Span recall by annotated category:", ""]
    lines += [f"- {c}: {r}" for c, r in result["span_recall_by_category"].items()]
    if result["doc_auc_by_system"]:
        lines += ["", "Document AUC by system (its MT documents against all human documents):", ""]
        lines += [f"- {s}: {a}" for s, a in result["doc_auc_by_system"].items()]
    return "\n".join(lines) + "\n"
