"""`detector eval mt`, rule by rule: which MT span findings earn their place, and how often each fires on text that
no engine touched.

Two questions decide whether a span finding type is shown by default (issue 23):

1. **Does it point at errors better than a trivial baseline?** On every MQM file, its span precision (the share
   of its findings that overlap an annotated error) must beat the same number of the file's rarest words (wordfreq
   Zipf frequency, lowest first). Words of equal frequency are taken at their mean precision, so the baseline does
   not depend on the order of the file: with a handful of findings the "rarest words" are all unknown words, and
   which of them come first would decide the comparison.
2. **Is it rare on text no engine wrote?** Its rate per 1,000 words on native English of every register (chat,
   product text, social posts, news, web and news article bodies) and on professional human translations, beside
   its rate on machine translations of the same sources.

A rule that fails the first test on any file where it fires, or that native writers trigger about as often as
engines, is off by default (`Rule.opt_in`) and listed here with its figures, so that the decision can be checked and
revisited. The rates count what a default scan shows; the per-rule columns include the opt-in rules.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate
from typing import Any

from detector.core.model import Finding
from detector.evaluation.metrics import share

# The issue-23 targets for what a default scan shows (dev corpora).
HUMAN_TARGET = 0.4  # MT findings per 1,000 words on professional human translations
NATIVE_TARGET = 0.2  # ... on native English, every register
HUMAN_TO_MT_TARGET = 0.3  # human rate at most this share of the machine-translation rate

Spans = list[tuple[int, int, str, str]]


class RarestWords:
    """The file's words sorted by frequency, with whether each overlaps an error: the precision of its `n` rarest,
    words of the boundary frequency counted at their mean."""

    def __init__(self, rare_words: Iterable[tuple[float, int, int, int]], all_spans: Sequence[Spans]) -> None:
        ranked = sorted(rare_words)
        self.zipfs = [z for z, _, _, _ in ranked]
        hits = [any(s < b and a < e for s, e, _, _ in all_spans[n]) for _, n, a, b in ranked]
        self.cumulative = [0, *accumulate(int(h) for h in hits)]

    def precision(self, n: int) -> float | None:
        if n <= 0 or not self.zipfs:
            return None
        n = min(n, len(self.zipfs))
        edge = self.zipfs[n - 1]
        low, high = bisect_left(self.zipfs, edge), bisect_left(self.zipfs, edge + 1e-9)
        tie_share = (self.cumulative[high] - self.cumulative[low]) / (high - low)
        return round((self.cumulative[low] + (n - low) * tie_share) / n, 4)


def rule_spans(by_segment: Sequence[Sequence[Finding]], lengths: Sequence[int], all_spans: Sequence[Spans],
               rarest: RarestWords, random_overlap: Any) -> dict[str, dict[str, Any]]:
    """Per rule id: findings, span precision, and the two baselines at the same number of flags (the file's rarest
    words; a span of the same length placed at random in the same segment)."""
    found: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    luck: defaultdict[str, float] = defaultdict(float)
    for number, findings in enumerate(by_segment):
        spans = all_spans[number]
        for f in findings:
            assert f.span is not None
            found[f.rule_id] += 1
            hits[f.rule_id] += any(s < f.span.end and f.span.start < e for s, e, _, _ in spans)
            luck[f.rule_id] += random_overlap(lengths[number], f.span.end - f.span.start, spans)
    return {rule: {"findings": n, "span_precision": share(hits[rule], n),
                   "baseline_rarest_words_same_count": rarest.precision(n),
                   "baseline_random_same_length": round(luck[rule] / n, 4)} for rule, n in sorted(found.items())}


def finding_rates(rows: Sequence[Mapping[str, Any]], shown: frozenset[str]) -> dict[str, Any]:
    """Findings per 1,000 words: `per_1000_words` counts the rules a default scan shows, `by_rule` every rule
    (opt-in ones too, so that their cost can be read)."""
    words = sum(r["words"] for r in rows)
    found: Counter[str] = Counter()
    for r in rows:
        found.update(r["findings"])
    per = 1000.0 / max(words, 1)
    return {"documents": len(rows), "words": words,
            "per_1000_words": round(sum(n for rule, n in found.items() if rule in shown) * per, 3),
            "by_rule": {rule: round(n * per, 3) for rule, n in sorted(found.items())}}


def grouped_rates(rows: Sequence[Mapping[str, Any]], key: str, shown: frozenset[str]) -> dict[str, Any]:
    groups: defaultdict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[str(r.get(key) or "unknown")].append(r)
    return {name: finding_rates(members, shown) for name, members in sorted(groups.items())}


def summarise(files: Mapping[str, Mapping[str, Any]], document_rows: Sequence[Mapping[str, Any]],
              native_rows: Sequence[Mapping[str, Any]], shown: frozenset[str], opt_in: frozenset[str],
              ) -> dict[str, Any]:
    """The per-rule decision table and the finding-rate targets, from the MQM files' `rule_spans`, the labelled
    translations' rows and the native rows."""
    rules = sorted({rule for result in files.values() for rule in result["rule_spans"]}
                   | {rule for r in [*document_rows, *native_rows] for rule in r["findings"]})
    spans: dict[str, Any] = {}
    for rule in rules:
        per_file = {name: result["rule_spans"].get(rule) for name, result in files.items()}
        measured = [v for v in per_file.values() if v is not None]
        beats = all(v["span_precision"] > (v["baseline_rarest_words_same_count"] or 0.0) for v in measured)
        spans[rule] = {"shown_by_default": rule in shown, "opt_in": rule in opt_in, "files": per_file,
                       "beats_rarest_words_on_every_file_it_fires": beats if measured else None}
    human = finding_rates([r for r in document_rows if not r["mt"]], shown)
    machine = finding_rates([r for r in document_rows if r["mt"]], shown)
    native = finding_rates(native_rows, shown)
    registers = grouped_rates(native_rows, "register", shown)
    ratio = round(human["per_1000_words"] / machine["per_1000_words"], 3) if machine["per_1000_words"] else None
    targets = [
        {"measure": "MT findings per 1,000 words, human translations", "value": human["per_1000_words"],
         "target": f"<= {HUMAN_TARGET}", "met": human["per_1000_words"] <= HUMAN_TARGET if human["words"] else None},
        {"measure": "MT findings per 1,000 words, native English (all registers pooled)",
         "value": native["per_1000_words"], "target": f"<= {NATIVE_TARGET}",
         "met": native["per_1000_words"] <= NATIVE_TARGET if native["words"] else None},
        *({"measure": f"MT findings per 1,000 words, native English: {name}", "value": figures["per_1000_words"],
           "target": f"<= {NATIVE_TARGET}", "met": figures["per_1000_words"] <= NATIVE_TARGET}
          for name, figures in registers.items()),
        {"measure": "human rate / machine-translation rate", "value": ratio, "target": f"<= {HUMAN_TO_MT_TARGET}",
         "met": ratio <= HUMAN_TO_MT_TARGET if ratio is not None else None},
        {"measure": "shown span finding types that beat the rarest words on every MQM file where they fire",
         "value": ", ".join(r for r, v in spans.items() if v["shown_by_default"]
                            and v["beats_rarest_words_on_every_file_it_fires"] is False) or "all",
         "target": "all", "met": all(v["beats_rarest_words_on_every_file_it_fires"] is not False
                                     for v in spans.values() if v["shown_by_default"])},
    ]
    return {"span_precision_by_rule": spans,
            "finding_rates": {"human_translations": human, "machine_translations": machine,
                              "human_by_pair": grouped_rates([r for r in document_rows if not r["mt"]], "pair", shown),
                              "machine_by_pair": grouped_rates([r for r in document_rows if r["mt"]], "pair", shown),
                              "native": native, "native_by_register": registers},
            "targets": targets}


def render_rules(summary: Mapping[str, Any], commands: Sequence[str]) -> list[str]:
    """The rule-by-rule section of `detector eval mt`'s table: span precision per MQM file, rates per register,
    totals per text kind and language pair, and the targets."""
    spans = summary["span_precision_by_rule"]
    files = list(dict.fromkeys(name for v in spans.values() for name in v["files"]))
    lines = ["", "## MT span findings rule by rule", "",
             "Span precision against the MQM error spans (findings, precision; in brackets the same number of the "
             "file's rarest words, words of equal frequency at their mean, then a span of the same length at "
             "random). A rule is shown by default only if it beats the rarest words on every file where it fires "
             "and is rare on text no engine wrote (below).", "",
             "| rule | shown by default | " + " | ".join(_short(f) for f in files) + " | beats the rarest words |",
             "| --- | --- |" + " --- |" * len(files) + " --- |"]
    for rule, v in spans.items():
        cells = []
        for name in files:
            f = v["files"].get(name)
            cells.append("-" if f is None else f"{f['findings']}, {f['span_precision']} "
                         f"({f['baseline_rarest_words_same_count']}, {f['baseline_random_same_length']})")
        beats = {True: "yes", False: "no", None: "no findings"}[v["beats_rarest_words_on_every_file_it_fires"]]
        lines.append(f"| {rule} | {_shown(v)} | " + " | ".join(cells) + f" | {beats} |")
    rates = summary["finding_rates"]
    registers = rates["native_by_register"]
    human, machine = rates["human_translations"], rates["machine_translations"]
    lines += ["", "Findings per 1,000 words, rule by rule: professional human translations, machine translations "
              "of the same sources, and native English of every register (an opt-in rule's rates are what it would "
              "add if selected):", "",
              "| rule | shown by default | human | machine | human / machine | native, all | "
              + " | ".join(registers) + " |", "| --- | --- | --- | --- | --- | --- |" + " --- |" * len(registers)]
    every_rule = sorted({rule for figures in (human, machine, rates["native"]) for rule in figures["by_rule"]})
    for rule in every_rule:
        h, m = human["by_rule"].get(rule, 0), machine["by_rule"].get(rule, 0)
        ratio = f"{h / m:.2f}" if m else "-"
        lines.append(f"| {rule} | {_shown(spans.get(rule, {}))} | {h} | {m} | {ratio} | "
                     f"{rates['native']['by_rule'].get(rule, 0)} | "
                     + " | ".join(str(figures["by_rule"].get(rule, 0)) for figures in registers.values()) + " |")
    totals = [("human translations", human), ("machine translations", machine), ("native English, all",
                                                                                  rates["native"]),
              *((f"native: {name}", figures) for name, figures in registers.items()),
              *((f"human translations {pair}", figures) for pair, figures in rates["human_by_pair"].items()),
              *((f"machine translations {pair}", figures) for pair, figures in rates["machine_by_pair"].items())]
    lines += ["", "What a default scan shows, per 1,000 words:", "",
              "| text | documents | words | MT findings per 1,000 words |", "| --- | --- | --- | --- |"]
    lines += [f"| {name} | {f['documents']} | {f['words']} | {f['per_1000_words']} |" for name, f in totals]
    lines += ["", "| target (dev corpora, default scan) | value | target | met |", "| --- | --- | --- | --- |"]
    lines += [f"| {t['measure']} | {t['value']} | {t['target']} | {_met(t['met'])} |" for t in summary["targets"]]
    if commands:
        lines += ["", "Reproduce:", "", "```sh", *commands, "```"]
    return lines


def _short(path: str) -> str:
    """'../shared/corpus/mqm-zhen/dev.jsonl' -> 'mqm-zhen/dev.jsonl'."""
    return "/".join(path.replace("\\", "/").split("/")[-2:])


def _shown(v: Mapping[str, Any]) -> str:
    return "yes" if v.get("shown_by_default", True) else "no (opt-in)" if v.get("opt_in") else "no"


def _met(value: bool | None) -> str:
    return {True: "met", False: "**not met**", None: "not measured"}[value]
