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
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from detector.config.settings import Config
from detector.core.model import Document, Finding, Span
from detector.evaluation.metrics import roc_auc, share
from detector.evaluation.mt_likelihood import render_model_figures
from detector.evaluation.mt_rules import RarestWords, render_rules, rule_spans, summarise
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
                      shown: frozenset[str] | None = None) -> dict[str, Any]:
    """Span figures of one MQM file. `shown`: the rules a default scan reports (None: every rule the scorer
    emits); the scorer may emit opt-in rules too, which `rule_spans` measures rule by rule."""
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
        strong = [f for f in findings if f.severity != "info" and (shown is None or f.rule_id in shown)]
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
    visible = [[f for f in found if shown is None or f.rule_id in shown] for found in by_segment]
    all_summary = _span_summary(visible, records, all_spans, rare_words)
    per_rule = rule_spans(by_segment, [len(r["target"]) for r in records], all_spans,
                          RarestWords(rare_words, all_spans), _random_overlap)
    if deep is not None:
        started = time.perf_counter()
        deep_found = _document_findings(records, deep, config)
        elapsed = time.perf_counter() - started
        words = sum(len(r["target"].split()) for r in records)
        deep_summary = {**_span_summary(deep_found, records, all_spans, rare_words),
                        "seconds_per_1000_words": round(1000.0 * elapsed / max(words, 1), 2)}
        # what a deep scan reports: the default findings with MT601 in place of MT501 (`DEEP_SCORER`)
        both = [[f for f in default if f.rule_id != EVIDENCE.id] + extra
                for default, extra in zip(visible, deep_found, strict=True)]
        deep_all_summary = _span_summary(both, records, all_spans, rare_words)
    return {
        "evidence_spans": evidence_summary,
        "all_spans": all_summary,
        "rule_spans": per_rule,
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
    same-length spans placed at random in their segments and as many of the file's rarest words (words of equal
    frequency at their mean precision, `RarestWords`)."""
    tally, random_hits = _Tally(), 0.0
    for number, found in enumerate(by_segment):
        spans = all_spans[number]
        for f in found:
            assert f.span is not None
            tally.add(f.rule_id, f.span.start, f.span.end, spans)
            random_hits += _random_overlap(len(records[number]["target"]), f.span.end - f.span.start, spans)
    return {"findings": tally.findings, "span_precision": tally.summary()["span_precision"],
            "baseline_random_same_length": round(random_hits / tally.findings, 4) if tally.findings else None,
            "baseline_rarest_words_same_count": RarestWords(rare_words, all_spans).precision(tally.findings)}


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
            "register": record.get("register", ""),
            "likelihood": result.metrics.get("mt_likelihood"),  # None: too short to judge
            "baseline": 1000.0 * len(_baseline_flags(text)) / max(1, words), "words": words,
            "findings": Counter(f.rule_id for f in result.findings if f.category == "mt-artifact"),
            "baseline_flags": len(_baseline_flags(text))})

    def auc(self, subset: list[dict[str, Any]]) -> dict[str, float | None]:
        """Over the judged documents (a document too short to judge has no likelihood to rank)."""
        subset = judged(subset)
        labels = [r["mt"] for r in subset]
        return {"auc": roc_auc([r["likelihood"] for r in subset], labels),
                "baseline_auc": roc_auc([r["baseline"] for r in subset], labels), "documents": len(subset)}


def judged(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["likelihood"] is not None]


def reliability_table(rows: list[dict[str, Any]], bins: int = 10) -> list[dict[str, Any]]:
    """Predicted likelihood against the observed MT share per bin, at the file's own mix of the judged documents
    (the model is calibrated for the dev corpora's mix: `prior` in its file)."""
    rows = judged(rows)
    table = []
    for k in range(bins):
        low, high = k / bins, (k + 1) / bins
        inside = [r for r in rows if low <= r["likelihood"] < high or (k == bins - 1 and r["likelihood"] == 1.0)]
        if not inside:
            continue
        table.append({"bin": f"{low:.1f}-{high:.1f}", "documents": len(inside),
                      "mean_likelihood": round(sum(r["likelihood"] for r in inside) / len(inside), 3),
                      "observed_mt_share": round(sum(r["mt"] for r in inside) / len(inside), 3)})
    return table


def brier(rows: list[dict[str, Any]]) -> dict[str, float | None]:
    """Brier score of the likelihood over the judged documents at their own mix, beside the constant that answers
    that mix's MT share for every document (the predictor that knows nothing but the prior)."""
    skipped = sum(1 for r in rows if r["likelihood"] is None)
    rows = judged(rows)
    if not rows:
        return {"brier": None, "baseline_constant_prior": None}
    prior = sum(r["mt"] for r in rows) / len(rows)
    score = sum((r["likelihood"] - r["mt"]) ** 2 for r in rows) / len(rows)
    return {"brier": round(score, 4), "baseline_constant_prior": round(prior * (1 - prior), 4),
            "documents": len(rows), "not_judged": skipped}


def evaluate_documents(paths: str | Path | Sequence[str | Path], scorer: MtScorer, config: Config,
                       shown: frozenset[str] | None = None) -> dict[str, Any]:
    """Documents labelled mt or human, from one file or several pooled (mt/docs.jsonl, mt-wmt22/docs.jsonl)."""
    table = _DocumentRows()
    for path in [paths] if isinstance(paths, (str, Path)) else paths:
        for record in _records(path):
            table.add(record, record["text"], scorer, config)
    rows = table.rows
    humans = [r for r in rows if not r["mt"]]
    overall = table.auc(rows)
    rates: dict[str, Any] = {}
    for name, subset in (("human", humans), ("mt", [r for r in rows if r["mt"]])):
        found: Counter[str] = Counter()
        for r in subset:
            found.update(_visible(r["findings"], shown))
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
        "rows": rows,
    }


def evaluate_natives(paths: list[str | Path], scorer: MtScorer, config: Config,
                     shown: frozenset[str] | None = None) -> dict[str, Any]:
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
            register = record.get("domain") or Path(path).parent.name  # mt-wmt22/native.jsonl names its register
            rows.add({"id": page, "label": "native", "register": register}, record["gold"], scorer, config)
    found: Counter[str] = Counter()
    for r in rows.rows:
        found.update(_visible(r["findings"], shown))
    likelihoods = [r["likelihood"] for r in judged(rows.rows)]
    words = sum(r["words"] for r in rows.rows)
    threshold = config.verdict.review_mt_likelihood
    registers: dict[str, list[float]] = defaultdict(list)
    for r in judged(rows.rows):
        registers[r.get("register") or "all"].append(r["likelihood"])
    return {"documents": len(rows.rows), "not_english_skipped": skipped,
            "not_judged_too_short": len(rows.rows) - len(likelihoods), "verdict_likelihood": threshold,
            "share_at_verdict_likelihood": round(sum(p >= threshold for p in likelihoods) / len(likelihoods), 4)
            if likelihoods else None,
            "share_at_verdict_likelihood_by_register": {
                name: {"documents": len(values), "share": round(sum(p >= threshold for p in values) / len(values), 4)}
                for name, values in sorted(registers.items())},
            "mean_likelihood": round(sum(likelihoods) / len(likelihoods), 4) if likelihoods else None,
            "baseline_share_constant_prior": 0.0,
            "finding_rates": {**_rates(found, words), "baseline_zipf2_flags_per_1000": round(
                1000.0 * sum(r["baseline_flags"] for r in rows.rows) / max(words, 1), 3)},
            "rows": rows.rows}


def _visible(findings: Counter[str], shown: frozenset[str] | None) -> Counter[str]:
    return findings if shown is None else Counter({k: v for k, v in findings.items() if k in shown})


def training_figures(scorer: MtScorer) -> dict[str, Any]:
    """The figures stored in the model file the scorer uses: measured out of sample when it was fitted (the dev
    documents are the shipped model's training data, so figures measured on them here are in-sample)."""
    return dict(scorer.likelihood.figures)


def evaluate_mt(paths: str | Path | Sequence[str | Path], docs: str | Path | Sequence[str | Path] | None = None,
                config: Config | None = None, natives: Sequence[str | Path] | None = None, deep: bool = False,
                ) -> dict[str, Any]:
    """Every MQM file in `paths` on its own, the labelled documents of `docs` pooled, the native bodies of
    `natives`, and the rule-by-rule table (`detector/evaluation/mt_rules.py`). The scorer runs with the opt-in rules
    selected so that they are measured too; the figures of a default scan count only the rules `config` shows."""
    from detector.scorers.registry import enabled_rules, opt_in_ids, with_selection

    config = config or Config()
    shown = frozenset(enabled_rules(config))
    measured = with_selection(config, extend_select=sorted(opt_in_ids()))
    scorer = MtScorer.build(measured)
    deep_scorer = None
    if deep:
        from detector.scorers.mt.deep import MtDeepScorer

        deep_scorer = MtDeepScorer.build(config)
    files = [paths] if isinstance(paths, (str, Path)) else list(paths)
    docs_list = [] if docs is None else [docs] if isinstance(docs, (str, Path)) else list(docs)
    result: dict[str, Any] = {"segments": {str(p): evaluate_segments(p, scorer, measured, deep_scorer, shown)
                                           for p in files},
                              "training": training_figures(scorer)}
    document_rows: list[dict[str, Any]] = []
    native_rows: list[dict[str, Any]] = []
    if docs_list:
        result["documents"] = evaluate_documents(docs_list, scorer, measured, shown)
        document_rows = result["documents"].pop("rows")
    if natives:
        result["natives"] = evaluate_natives(list(natives), scorer, measured, shown)
        native_rows = result["natives"].pop("rows")
    result["rules"] = summarise(result["segments"], document_rows, native_rows, shown, opt_in_ids())
    result["commands"] = reproduce_commands(files, docs_list, list(natives or []), deep)
    return result


def reproduce_commands(files: Sequence[str | Path], docs: Sequence[str | Path], natives: Sequence[str | Path],
                       deep: bool) -> list[str]:
    """The command line that reproduces a result, for the report to print beside its figures."""
    parts = ["detector eval mt", *map(str, files), *(f"--docs {d}" for d in docs),
             *(f"--native {n}" for n in natives), *(["--deep"] if deep else [])]
    return [" \\\n    ".join(parts)]


def _auc_line(name: str, figure: dict[str, Any]) -> str:
    return f"| {name} | {figure['documents']} | {figure['auc']} | {figure['baseline_auc']} |"


def render_mt_table(result: dict[str, Any]) -> str:
    """Every MQM file's span table, then the document, native and training figures, then the rules section."""
    lines: list[str] = []
    for name, segments in result["segments"].items():
        lines += [f"## {name}", "", *render_segments(segments)]
    lines += _render_documents(result.get("documents"))
    lines += _render_natives(result.get("natives"))
    lines += _render_training(result.get("training", {}))
    lines += render_rules(result["rules"], result.get("commands", []))
    return "\n".join(lines) + "\n"


def render_segments(result: dict[str, Any]) -> list[str]:
    base = result["baseline"]
    lines = [f"{result['segments']} segments; chance level of span precision {result['chance']}", "",
             "| method | findings | span precision | segment AUC (fluency/style) | segment AUC (any major) |",
             "| --- | --- | --- | --- | --- |",
             f"| detector rules (warning+) | {result['findings']} | {result['span_precision']} | "
             f"{result['segment_auc_fluency']} | {result['segment_auc_major']} |",
             f"| zipf<2 baseline | {base['findings']} | {base['span_precision']} | {base['segment_auc_fluency']} | "
             f"{base['segment_auc_major']} |", ""]
    lines += _span_table("Evidence spans (MT501, the phrase of the sentences carrying most of the model's evidence):",
                         result["evidence_spans"])
    lines += _span_table("Every MT span finding of the default scan (the rules it shows, at every severity), as a "
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
    return [*lines, ""]


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
    lines = ["", "Document MT likelihood over the judged documents (in-sample when these are the model's dev files; "
                 "the out-of-fold figures are below):", "",
             "| documents | n | AUC | zipf<2-rate baseline AUC |", "| --- | --- | --- | --- |",
             _auc_line("all", {"documents": docs["documents"], "auc": docs["doc_auc"],
                               "baseline_auc": docs["baseline_doc_auc"]})]
    lines += [_auc_line(f"pair {p}", v) for p, v in docs["doc_auc_by_pair"].items()]
    lines += [_auc_line(f"domain {d}", v) for d, v in docs["doc_auc_by_domain"].items()]
    lines += [f"| system {s} (its MT against all human) | | {a} | {docs['doc_auc_by_system_baseline'][s]} |"
              for s, a in docs["doc_auc_by_system"].items()]
    calibration = docs["calibration"]
    lines += ["", f"Calibration at this file's mix: Brier {calibration['brier']} (constant prior: "
                  f"{calibration['baseline_constant_prior']}); {calibration.get('not_judged', 0)} documents too short "
                  "to judge.", "",
              "| likelihood bin | documents | mean likelihood | observed MT share |",
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
    registers = ", ".join(f"{name} {v['share']} of {v['documents']}"
                          for name, v in natives["share_at_verdict_likelihood_by_register"].items())
    return ["", f"Native English bodies: {natives['documents']} ({natives['not_english_skipped']} not English "
                f"skipped, {natives['not_judged_too_short']} too short to judge); share at the verdict likelihood "
                f"{natives['verdict_likelihood']}: {natives['share_at_verdict_likelihood']} ({registers}; target "
                f"<= 0.02 each); mean likelihood {natives['mean_likelihood']}; MT findings "
                f"{rates['per_1000_words']} per 1,000 words "
                f"({', '.join(f'{k} {v}' for k, v in rates['by_rule'].items())}; zipf<2 baseline flags "
                f"{rates['baseline_zipf2_flags_per_1000']})."]


def _render_training(training: dict[str, Any]) -> list[str]:
    """The out-of-fold figures stored in the model file (`detector/evaluation/mt_likelihood.py`)."""
    return render_model_figures(training)
