"""`detector eval mt`: the MT-artifact scorer against professional MQM error spans, and the document MT likelihood
against labels of MT versus human translation.

Span precision is the share of mt-artifact findings at `warning` or above that overlap an annotated error span
(annotations of category "Source issue" are errors of the source and are ignored); the chance level is the share
of target characters inside annotated spans. Segment AUCs rank segments by the sum of their findings' confidences.
The baseline flags words rarer than Zipf 2 in wordfreq's English list.

Segments are scored as the documents they come from (one system's translation of one news document or TED talk,
segments in order, one per line), as a user scans articles, and each finding is credited to the segment it starts
in. Evidence spans (MT501, info) are measured apart, beside two baselines at the same number of flags: a span of the
same length placed at random in the same segment, and the file's rarest words. With `--docs` the document
likelihood is measured overall, per language pair, domain and system, with a reliability table and a Brier score
(classes weighted equally, the prior the model is calibrated for), and the MT finding rates per 1,000 words on human
and machine translations; with `--native` the share of native English bodies the likelihood calls
machine-translated. The dev documents are the model's training data, so those document figures are in-sample: the
out-of-sample figures stored in the model file are printed beside them.
"""

from __future__ import annotations

import json
import re
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from detector.config.settings import Config
from detector.core.model import Document, Finding, Span
from detector.evaluation.metrics import roc_auc, share
from detector.scorers.base import Scorer
from detector.scorers.mt.evidence import EVIDENCE
from detector.scorers.mt.scorer import MtScorer
from detector.text.view import TextView

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
        return {"span_precision": share(self.hits, self.findings, None),
                "findings": self.findings,
                "by_rule": {r: {"findings": n, "precision": share(self.hits_by_rule[r], n)}
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


def evaluate_segments(path: str | Path, scorer: MtScorer, config: Config, deep: Scorer | None = None,
                      ) -> dict[str, Any]:
    ours, base = _Tally(), _Tally()
    covered = total = 0
    recall_hit: Counter[str] = Counter()
    recall_all: Counter[str] = Counter()
    scores: dict[str, list[float]] = defaultdict(list)
    labels_fluency: list[bool] = []
    labels_major: list[bool] = []
    rare_words: list[tuple[float, int, int, int]] = []  # (zipf, record, start, end) for the equal-flag baseline
    all_spans: list[list[tuple[int, int, str, str]]] = []
    records = list(_records(path))
    by_segment = _document_findings(records, scorer, config)
    for number, record in enumerate(records):
        text = record["target"]
        spans = _spans(record)
        all_spans.append(spans)
        covered += _covered_chars(text, spans)
        total += len(text)
        findings = by_segment[number]
        rare_words.extend((z, number, a, b) for z, a, b in _word_rarity(text))
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
    rare_words.sort()
    evidence = [[f for f in found if f.rule_id == EVIDENCE.id] for found in by_segment]
    evidence_summary = _span_summary(evidence, records, all_spans, rare_words)
    all_summary = _span_summary(by_segment, records, all_spans, rare_words)
    if deep is not None:
        started = time.perf_counter()
        deep_found = _document_findings(records, deep, config)
        elapsed = time.perf_counter() - started
        words = sum(len(r["target"].split()) for r in records)
        deep_summary = {**_span_summary(deep_found, records, all_spans, rare_words),
                        "seconds_per_1000_words": round(1000.0 * elapsed / max(words, 1), 2)}
        # what a deep scan reports: the default findings with MT601 in place of MT501 (`DEEP_SCORER`)
        both = [[f for f in default if f.rule_id != EVIDENCE.id] + extra
                for default, extra in zip(by_segment, deep_found, strict=True)]
        deep_all_summary = _span_summary(both, records, all_spans, rare_words)
    return {
        "evidence_spans": evidence_summary,
        "all_spans": all_summary,
        **({"deep_spans": deep_summary, "deep_all_spans": deep_all_summary} if deep is not None else {}),
        "chance": chance,
        **{k: v for k, v in ours.summary().items()},
        "span_recall_by_category": recall,
        "segment_auc_fluency": roc_auc(scores["ours"], labels_fluency),
        "segment_auc_major": roc_auc(scores["ours"], labels_major),
        "segments": len(labels_major),
        "baseline": {**base.summary(), "segment_auc_fluency": roc_auc(scores["baseline"], labels_fluency),
                     "segment_auc_major": roc_auc(scores["baseline"], labels_major)},
    }


def _span_summary(by_segment: list[list[Finding]], records: list[dict[str, Any]],
                  all_spans: list[list[tuple[int, int, str, str]]],
                  rare_words: list[tuple[float, int, int, int]]) -> dict[str, Any]:
    """Span findings (evidence sentences' words, deep mode's words) against the error spans, beside as many
    same-length spans placed at random in their segments and as many of the file's rarest words (`rare_words`
    sorted, rarest first)."""
    tally, random_hits = _Tally(), 0.0
    for number, found in enumerate(by_segment):
        spans = all_spans[number]
        for f in found:
            assert f.span is not None
            tally.add(f.rule_id, f.span.start, f.span.end, spans)
            random_hits += _random_overlap(len(records[number]["target"]), f.span.end - f.span.start, spans)
    rarest = rare_words[: tally.findings]
    rare_hits = sum(1 for _, n, a, b in rarest if any(s < b and a < e for s, e, _, _ in all_spans[n]))
    return {"findings": tally.findings, "span_precision": tally.summary()["span_precision"],
            "baseline_random_same_length": round(random_hits / tally.findings, 4) if tally.findings else None,
            "baseline_rarest_words_same_count": round(rare_hits / len(rarest), 4) if rarest else None}


def _document_key(record: dict[str, Any]) -> tuple[str, str]:
    """The translated document a segment belongs to: its system and its news document or TED talk."""
    return str(record.get("system", "")), str(record.get("doc") or record.get("talk") or record.get("id", ""))


def _document_findings(records: list[dict[str, Any]], scorer: Scorer, config: Config) -> list[list[Finding]]:
    """Each segment's mt-artifact findings, with offsets into the segment, from scoring whole documents: the
    segments of one system's translation of one document, in segment order, one per line (as `mt/docs.jsonl`
    joins them). A user scans articles, not sentences: the likelihood, and so the evidence findings, are a
    document's, and a one-sentence segment scored alone says little. A finding belongs to the segment it starts
    in, cut at that segment's end."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for number, record in enumerate(records):
        groups[_document_key(record)].append(number)
    result: list[list[Finding]] = [[] for _ in records]
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda n: (_seg_order(records[n]), n))
        starts, parts, at = [], [], 0
        for n in members:
            starts.append(at)
            parts.append(records[n]["target"])
            at += len(records[n]["target"]) + 1
        document = Document("|".join(key), "\n".join(parts))
        for f in scorer.score(document, TextView(document, config), config).findings:
            if f.span is None or f.category != "mt-artifact":
                continue
            index = bisect_right(starts, f.span.start) - 1
            n, offset = members[index], starts[index]
            length = len(records[n]["target"])
            start, end = f.span.start - offset, min(f.span.end - offset, length)
            if start < length and end > start:
                result[n].append(replace(f, span=Span(start, end)))
    return result


def _seg_order(record: dict[str, Any]) -> int:
    value = record.get("seg_id")
    return value if isinstance(value, int) else 0


def _random_overlap(length: int, width: int, spans: list[tuple[int, int, str, str]]) -> float:
    """Chance that a span of `width` characters, placed uniformly in a text of `length`, overlaps an error span:
    the precision a finding of the same size would have by luck."""
    starts = max(1, length - width + 1)
    hit = bytearray(starts)
    for s, e, _, _ in spans:
        low, high = max(0, s - width + 1), min(starts, e)
        if high > low:
            hit[low:high] = b"\x01" * (high - low)
    return sum(hit) / starts


def _word_rarity(text: str) -> list[tuple[float, int, int]]:
    from wordfreq import zipf_frequency

    return [(zipf_frequency(m.group(0).lower(), "en"), m.start(), m.end()) for m in BASELINE_WORD.finditer(text)]


def _segment_score(findings: list[Finding]) -> float:
    return sum(f.confidence for f in findings)


def _rates(findings: Counter[str], words: int) -> dict[str, Any]:
    per = 1000.0 / max(words, 1)
    return {"words": words, "per_1000_words": round(sum(findings.values()) * per, 3),
            "by_rule": {r: round(n * per, 3) for r, n in sorted(findings.items())}}


class _DocumentRows:
    """Per document: group labels, MT label, likelihood, the baseline's rare-word rate, findings and words."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, record: dict[str, Any], text: str, scorer: MtScorer, config: Config) -> None:
        document = Document(str(record.get("id", "")), text)
        view = TextView(document, config)
        result = scorer.score(document, view, config)
        words = len(view.words)
        self.rows.append({
            "system": record.get("system", ""), "pair": str(record.get("lp", "zh-en"))[:2],
            "domain": record.get("domain", ""), "mt": record.get("label") == "mt",
            "likelihood": float(result.metrics.get("mt_likelihood", 0.0)),
            "baseline": 1000.0 * len(_baseline_flags(text)) / max(1, words), "words": words,
            "findings": Counter(f.rule_id for f in result.findings if f.category == "mt-artifact"),
            "baseline_flags": len(_baseline_flags(text))})

    def auc(self, subset: list[dict[str, Any]]) -> dict[str, float | None]:
        labels = [r["mt"] for r in subset]
        return {"auc": roc_auc([r["likelihood"] for r in subset], labels),
                "baseline_auc": roc_auc([r["baseline"] for r in subset], labels), "documents": len(subset)}


def reliability_table(rows: list[dict[str, Any]], bins: int = 10) -> list[dict[str, Any]]:
    """Predicted likelihood against the observed MT share per bin, the classes weighted equally (the prior the
    model is calibrated for)."""
    mt = sum(r["mt"] for r in rows)
    human = len(rows) - mt
    if not mt or not human:
        return []
    table = []
    for k in range(bins):
        low, high = k / bins, (k + 1) / bins
        inside = [r for r in rows if low <= r["likelihood"] < high or (k == bins - 1 and r["likelihood"] == 1.0)]
        if not inside:
            continue
        weight = [0.5 / mt if r["mt"] else 0.5 / human for r in inside]
        observed = sum(w for w, r in zip(weight, inside) if r["mt"]) / sum(weight)
        table.append({"bin": f"{low:.1f}-{high:.1f}", "documents": len(inside),
                      "mean_likelihood": round(sum(r["likelihood"] for r in inside) / len(inside), 3),
                      "observed_mt_share": round(observed, 3)})
    return table


def brier(rows: list[dict[str, Any]]) -> dict[str, float | None]:
    """Class-balanced Brier score of the likelihood, beside the constant 0.5 that knows nothing (0.25)."""
    mt = sum(r["mt"] for r in rows)
    human = len(rows) - mt
    if not mt or not human:
        return {"brier": None, "baseline_constant_half": 0.25}
    score = sum((0.5 / mt if r["mt"] else 0.5 / human) * (r["likelihood"] - r["mt"]) ** 2 for r in rows)
    return {"brier": round(score, 4), "baseline_constant_half": 0.25}


def evaluate_documents(path: str | Path, scorer: MtScorer, config: Config) -> dict[str, Any]:
    table = _DocumentRows()
    for record in _records(path):
        table.add(record, record["text"], scorer, config)
    rows = table.rows
    humans = [r for r in rows if not r["mt"]]
    overall = table.auc(rows)
    rates: dict[str, Any] = {}
    for name, subset in (("human", humans), ("mt", [r for r in rows if r["mt"]])):
        found: Counter[str] = Counter()
        for r in subset:
            found.update(r["findings"])
        words = sum(r["words"] for r in subset)
        rates[name] = {**_rates(found, words),
                       "baseline_zipf2_flags_per_1000": round(1000.0 * sum(r["baseline_flags"] for r in subset)
                                                              / max(words, 1), 3)}
    return {
        "doc_auc": overall["auc"], "baseline_doc_auc": overall["baseline_auc"], "documents": len(rows),
        "doc_auc_by_system": {s: table.auc([r for r in rows if r["system"] == s and r["mt"]] + humans)["auc"]
                              for s in sorted({r["system"] for r in rows if r["mt"]})},
        "doc_auc_by_system_baseline": {s: table.auc([r for r in rows if r["system"] == s and r["mt"]] + humans)[
            "baseline_auc"] for s in sorted({r["system"] for r in rows if r["mt"]})},
        "doc_auc_by_pair": {p: table.auc([r for r in rows if r["pair"] == p])
                            for p in sorted({r["pair"] for r in rows})},
        "doc_auc_by_domain": {d: table.auc([r for r in rows if r["domain"] == d])
                              for d in sorted({r["domain"] for r in rows if r["domain"]})},
        "reliability": reliability_table(rows), "calibration": brier(rows), "finding_rates": rates,
    }


def evaluate_natives(paths: list[str | Path], scorer: MtScorer, config: Config) -> dict[str, Any]:
    """Native English article bodies (the `gold` field, once per page, English by the detector's own language
    guess): the share the likelihood calls machine-translated, and the MT finding rate."""
    rows = _DocumentRows()
    skipped = 0
    for path in paths:
        seen: set[str] = set()
        for record in _records(path):
            page = str(record.get("page", record.get("id", "")))
            if page in seen or not record.get("gold"):
                continue
            seen.add(page)
            view = TextView(Document(page, record["gold"]), config)
            if view.language.lang != "en":
                skipped += 1
                continue
            rows.add({"id": page, "label": "native"}, record["gold"], scorer, config)
    found: Counter[str] = Counter()
    for r in rows.rows:
        found.update(r["findings"])
    likelihoods = [r["likelihood"] for r in rows.rows]
    words = sum(r["words"] for r in rows.rows)
    return {"documents": len(likelihoods), "not_english_skipped": skipped,
            "share_at_or_above_half": round(sum(p >= 0.5 for p in likelihoods) / len(likelihoods), 4)
            if likelihoods else None,
            "mean_likelihood": round(sum(likelihoods) / len(likelihoods), 4) if likelihoods else None,
            "baseline_share_constant_prior": 0.0,
            "finding_rates": {**_rates(found, words), "baseline_zipf2_flags_per_1000": round(
                1000.0 * sum(r["baseline_flags"] for r in rows.rows) / max(words, 1), 3)}}


def training_figures(scorer: MtScorer) -> dict[str, Any]:
    """The figures stored in the model file the scorer uses: measured out of sample when it was fitted (the dev
    documents are the shipped model's training data, so figures measured on them here are in-sample)."""
    return dict(scorer.likelihood.figures)


def evaluate_mt(path: str | Path, docs: str | Path | None = None, config: Config | None = None,
                natives: list[str | Path] | None = None, deep: bool = False) -> dict[str, Any]:
    config = config or Config()
    scorer = MtScorer.build(config)
    deep_scorer = None
    if deep:
        from detector.scorers.mt.deep import MtDeepScorer

        deep_scorer = MtDeepScorer.build(config)
    result = evaluate_segments(path, scorer, config, deep_scorer)
    result["doc_auc"] = None
    result["doc_auc_by_system"] = {}
    result["training"] = training_figures(scorer)
    if docs is not None:
        documents = evaluate_documents(docs, scorer, config)
        result["documents"] = documents
        result["doc_auc"] = documents["doc_auc"]
        result["doc_auc_by_system"] = documents["doc_auc_by_system"]
        result["baseline"]["doc_auc"] = documents["baseline_doc_auc"]
    if natives:
        result["natives"] = evaluate_natives(natives, scorer, config)
    return result


def _auc_line(name: str, figure: dict[str, Any]) -> str:
    return f"| {name} | {figure['documents']} | {figure['auc']} | {figure['baseline_auc']} |"


def render_mt_table(result: dict[str, Any]) -> str:
    base = result["baseline"]
    lines = [f"{result['segments']} segments; chance level of span precision {result['chance']}", "",
             "| method | findings | span precision | segment AUC (fluency/style) | segment AUC (any major) | doc AUC |",
             "| --- | --- | --- | --- | --- | --- |",
             f"| detector rules (warning+) | {result['findings']} | {result['span_precision']} | "
             f"{result['segment_auc_fluency']} | {result['segment_auc_major']} | {result['doc_auc']} |",
             f"| zipf<2 baseline | {base['findings']} | {base['span_precision']} | {base['segment_auc_fluency']} | "
             f"{base['segment_auc_major']} | {base.get('doc_auc')} |", ""]
    lines += _span_table("Evidence spans (MT501, the phrase of the sentences carrying most of the model's evidence):",
                         result["evidence_spans"])
    lines += _span_table("Every MT span finding of the default scan (the rules at every severity and MT501), as a "
                         "user sees them:", result["all_spans"])
    deep = result.get("deep_spans")
    if deep is not None:
        lines += _span_table("Deep mode (MT601, words a small language model found surprising: >= 13 nats, at most 2% "
                             "of a document):", deep, cost=True)
        lines += _span_table("Every MT span finding of a deep scan (`--scorers mt,mt-deep`: the rules and MT601, which "
                             "takes MT501's place):", result["deep_all_spans"])
    lines += ["Span precision by rule:", ""]
    lines += [f"- {rule}: {v['findings']} findings, precision {v['precision']}"
              for rule, v in result["by_rule"].items()]
    lines += ["", "Span recall by annotated category:", ""]
    lines += [f"- {c}: {r}" for c, r in result["span_recall_by_category"].items()]
    lines += _render_documents(result.get("documents"))
    lines += _render_natives(result.get("natives"))
    lines += _render_training(result.get("training", {}))
    return "\n".join(lines) + "\n"


def _span_table(title: str, summary: dict[str, Any], cost: bool = False) -> list[str]:
    columns = ["findings", "span precision", "same-length span at random", "the same number of rarest words"]
    keys = ["findings", "span_precision", "baseline_random_same_length", "baseline_rarest_words_same_count"]
    if cost:
        columns.append("seconds per 1,000 words")
        keys.append("seconds_per_1000_words")
    return [title, "", "| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns),
            "| " + " | ".join(str(summary[k]) for k in keys) + " |", ""]


def _render_documents(docs: dict[str, Any] | None) -> list[str]:
    if not docs:
        return []
    lines = ["", "Document MT likelihood (in-sample when these are the model's dev files):", "",
             "| documents | n | AUC | zipf<2-rate baseline AUC |", "| --- | --- | --- | --- |",
             _auc_line("all", {"documents": docs["documents"], "auc": docs["doc_auc"],
                               "baseline_auc": docs["baseline_doc_auc"]})]
    lines += [_auc_line(f"pair {p}", v) for p, v in docs["doc_auc_by_pair"].items()]
    lines += [_auc_line(f"domain {d}", v) for d, v in docs["doc_auc_by_domain"].items()]
    lines += [f"| system {s} (its MT against all human) | | {a} | {docs['doc_auc_by_system_baseline'][s]} |"
              for s, a in docs["doc_auc_by_system"].items()]
    calibration = docs["calibration"]
    lines += ["", f"Calibration: class-balanced Brier {calibration['brier']} (constant 0.5: "
                  f"{calibration['baseline_constant_half']}).", "",
              "| likelihood bin | documents | mean likelihood | observed MT share (classes weighted equally) |",
              "| --- | --- | --- | --- |"]
    lines += [f"| {b['bin']} | {b['documents']} | {b['mean_likelihood']} | {b['observed_mt_share']} |"
              for b in docs["reliability"]]
    lines += ["", "MT findings per 1,000 words:", "", "| text | words | findings per 1,000 | zipf<2 flags per 1,000 "
              "(baseline) | by rule |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {name} translations | {r['words']} | {r['per_1000_words']} | {r['baseline_zipf2_flags_per_1000']} | "
              f"{', '.join(f'{k} {v}' for k, v in r['by_rule'].items())} |"
              for name, r in docs["finding_rates"].items()]
    return lines


def _render_natives(natives: dict[str, Any] | None) -> list[str]:
    if not natives:
        return []
    rates = natives["finding_rates"]
    return ["", f"Native English bodies: {natives['documents']} ({natives['not_english_skipped']} not English "
                f"skipped); share at likelihood >= 0.5: {natives['share_at_or_above_half']} (target <= 0.05); mean "
                f"likelihood {natives['mean_likelihood']}; MT findings {rates['per_1000_words']} per 1,000 words "
                f"({', '.join(f'{k} {v}' for k, v in rates['by_rule'].items())}; zipf<2 baseline flags "
                f"{rates['baseline_zipf2_flags_per_1000']})."]


def _render_training(training: dict[str, Any]) -> list[str]:
    if not training:
        return []
    lopo = training.get("leave_one_pair_out_auc", {})
    by_pair = training.get("grouped_cv_auc_by_pair", {})
    lines = ["", "Out-of-sample figures stored in the model file (fitted by scripts/train_mt_likelihood.py):", "",
             f"- grouped 5-fold CV AUC {training.get('grouped_cv_auc')} "
             f"({' / '.join(f'{p} {a}' for p, a in by_pair.items())})",
             f"- leave one language pair out AUC {' / '.join(f'{p} {a}' for p, a in lopo.items())}, mean "
             f"{training.get('leave_one_pair_out_mean')}", "",
             "| out-of-fold likelihood bin | documents | mean likelihood | observed MT share |",
             "| --- | --- | --- | --- |"]
    lines += [f"| {b['bin']} | {b['documents']} | {b['mean_likelihood']} | {b['observed_mt_share']} |"
              for b in training.get("reliability_out_of_fold", [])]
    return lines
