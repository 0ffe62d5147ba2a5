"""`detector eval boilerplate`: line-level residue detection on labelled corpora, one report per corpus.

Each record holds what one extractor kept from one page, with every line labelled `content`, `residue` or
`headline` (headline lines are skipped). Two corpora of this shape exist (`extraction-residue`, `boilerplate-wcxb`);
each file is reported on its own, because a figure that mixes sources hides how a scorer does on the one it was not
fitted to. A line is predicted residue when the findings that a default `detector clean` applies (boilerplate,
confidence at or above the cleaning threshold, safe fix) cover at least half of its characters, and content loss is
the share of content characters those fixes delete: the evaluation measures what the user's data would lose.
Figures are reported overall and for the two groups each corpus README defines (whole-page tools, article
extractors), next to the C4 line rule implemented here as the baseline, with the precision of every rule and the
most frequent remaining errors. In corpus mode, line statistics are first learned from the same file, counting a
line once per `page`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from detector.clean.edits import MAX_ROUNDS, clean_round
from detector.config.selection import opted_in
from detector.config.settings import Config
from detector.core.model import Document, DocumentReport, Finding
from detector.engines.pipeline import Pipeline
from detector.evaluation.metrics import Counts, share
from detector.evaluation.words import WordFigures, surviving, tokens, word_prf
from detector.scorers.boilerplate.corpus import LineStats
from detector.scorers.boilerplate.line_model import LineModel
from detector.scorers.boilerplate.scorer import BoilerplateScorer
from detector.scorers.boilerplate.threads import COMMENT_THREAD

WHOLE_PAGE_TOOLS = frozenset({"html-text", "inscriptis", "bs4-body"})
C4_TERMINAL = (".", "!", "?", '"', "”")
C4_POLICY = ("cookie policy", "privacy policy", "terms of use", "use cookies", "use of cookies", "terms of service")
REQUIRED = ("id", "text", "lines", "extractor")
DIGITS = re.compile(r"\d+")


class CorpusError(ValueError):
    """A file that is not a labelled residue corpus; the message names the file, the line and the missing field."""


def c4_is_residue(line: str) -> bool:
    """The C4 line rule (Raffel et al. 2020): keep lines that end in terminal punctuation (a closing curly quote
    counts) and have at least five words; drop lines that mention javascript or cookie/privacy/terms policies.
    Reproduces the extraction-residue README's reference figures (article F1 0.425, content loss 0.198)."""
    lowered = line.lower()
    if "javascript" in lowered or any(p in lowered for p in C4_POLICY):
        return True
    stripped = line.strip()
    return not (stripped.endswith(C4_TERMINAL) and len(stripped.split()) >= 5)


def corpus_name(path: str | Path) -> str:
    """The corpus a file belongs to, by its folder (`.../boilerplate-wcxb/dev.jsonl` is `boilerplate-wcxb`)."""
    path = Path(path)
    return path.parent.name if path.stem in ("dev", "test", "train") and path.parent.name else path.stem


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """The records of a labelled corpus; a line that is not one is a CorpusError naming the line and the field."""
    with Path(path).open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise CorpusError(f"{path}:{number}: not a JSON object ({exc})") from None
            if not isinstance(record, dict):
                raise CorpusError(f"{path}:{number}: not a JSON object")
            missing = [name for name in REQUIRED if name not in record]
            if missing:
                raise CorpusError(f"{path}:{number}: no '{missing[0]}' field (a labelled residue corpus record has "
                                  f"{', '.join(REQUIRED)})")
            yield record


def learn_from_records(path: str | Path) -> LineStats:
    stats = LineStats.empty()
    for record in read_records(path):
        text = record["text"]
        lines = [text[s["start"] : s["end"]] for s in record["lines"]]
        stats.add_document(lines, str(record.get("page") or record["id"]))
    return stats


class Coverage:
    """Which characters a set of spans covers, so "how much of this line is covered" costs one slice count."""

    def __init__(self, spans: list[tuple[int, int]], size: int) -> None:
        self.map = bytearray(size + 1)
        for start, end in spans:
            self.map[start:end] = b"\x01" * max(0, end - start)

    def covered(self, start: int, end: int) -> int:
        return self.map.count(1, start, end)


def _visible(text: str, start: int, end: int) -> tuple[int, int]:
    """A labelled line without its indentation: whole-page tools indent lines, and white space is not content."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def scored_lines(record: dict[str, Any]) -> Iterator[tuple[str, int, int]]:
    """(label, start, end) of every scored line: headlines are left out, indentation is trimmed."""
    for labelled in record["lines"]:
        if labelled["label"] != "headline":
            yield (labelled["label"], *_visible(record["text"], labelled["start"], labelled["end"]))


def count_record(record: dict[str, Any], predict: Callable[[str, int, int], bool],
                 removed: list[tuple[int, int]]) -> Counts:
    counts = Counts()
    text = record["text"]
    coverage = Coverage(removed, len(text))
    for label, start, end in scored_lines(record):
        size = end - start
        predicted = predict(text, start, end)
        if label == "content":
            counts.content_chars += size
            counts.lost_chars += size if predicted else min(size, coverage.covered(start, end))
        if predicted and label == "residue":
            counts.tp, counts.tp_chars = counts.tp + 1, counts.tp_chars + size
        elif predicted:
            counts.fp, counts.fp_chars = counts.fp + 1, counts.fp_chars + size
        elif label == "residue":
            counts.fn, counts.fn_chars = counts.fn + 1, counts.fn_chars + size
    return counts


def applied(findings: tuple[Finding, ...], threshold: float) -> list[Finding]:
    """The boilerplate findings a default `detector clean` applies: at or above the threshold, with a safe fix."""
    return [f for f in findings if f.category == "boilerplate" and f.span is not None and f.suggestion is not None
            and f.suggestion.safe and f.confidence >= threshold]


def evaluate_boilerplate(path: str | Path, config: Config | None = None, corpus_mode: bool = False,
                         errors: list[dict[str, Any]] | None = None, model: LineModel | None = None,
                         every: int = 1) -> dict[str, Any]:
    """The figures of `detector eval boilerplate` for one corpus file; `errors`, when given, collects every false
    positive and false negative (for error analysis). Each document is also cleaned as a default `detector clean`
    with the boilerplate scorer cleans it (rounds until nothing changes), and the cleaned text's words are scored
    against the gold article (`words.py`): what a user gets. `every` > 1 scores every `every`-th page only (with
    all its extractors' texts), a subsample that still spans the corpus's tools."""
    config = replace(config or Config(), scorers=("boilerplate",))
    stats = learn_from_records(path) if corpus_mode else None
    pipeline = Pipeline(config)
    pipeline.scorers = [BoilerplateScorer(stats, model, threads=opted_in(COMMENT_THREAD.id, config.rules))]
    threshold = config.boilerplate.min_confidence
    groups = {"whole_page": Counts(), "article": Counts()}
    baseline = {"whole_page": Counts(), "article": Counts()}
    words: dict[str, WordFigures] = {}
    rules: dict[str, Counter[str]] = {}
    mistakes: dict[str, Counter[tuple[str, str, str]]] = {"fp": Counter(), "fn": Counter()}
    documents = lines = breakers = 0
    for record in every_kth_page(read_records(path), every):
        documents += 1
        lines += sum(1 for line in record["lines"] if line["label"] != "headline")
        document = Document(record["id"], record["text"], record.get("source_url", ""), {})
        report = pipeline.score_document(document)
        breakers += bool(report.metrics.get("boilerplate", {}).get("article_not_found"))
        findings = applied(report.findings, threshold)
        flagged = Coverage([(f.span.start, f.span.end) for f in findings if f.span is not None], len(record["text"]))
        removed = [(f.suggestion.span.start, f.suggestion.span.end) for f in findings
                   if f.suggestion is not None and f.suggestion.replacement == ""]

        def ours(text: str, start: int, end: int, flagged: Coverage = flagged) -> bool:
            return flagged.covered(start, end) * 2 >= max(1, end - start)

        group = "whole_page" if record["extractor"] in WHOLE_PAGE_TOOLS else "article"
        groups[group] += count_record(record, ours, removed)
        baseline[group] += count_record(record, lambda t, s, e: c4_is_residue(t[s:e]), [])
        if "gold" in record:
            cleaned, rounds = _clean(pipeline, record["text"], report, threshold)
            words.setdefault(f"{group}/{record['extractor']}", WordFigures()).add(*page_words(record, cleaned,
                                                                                               rounds))
        for item in _mistakes(record, findings, ours, rules):
            mistakes[item["kind"]][(_normalise(item["line"]), group, ",".join(item["rules"]))] += 1
            if errors is not None:
                errors.append(item)
    result_figures: dict[str, Any] = {"overall": (groups["whole_page"] + groups["article"]).summary()}
    result_figures.update({name: counts.summary() for name, counts in groups.items()})
    result_figures["baseline"] = {"overall": (baseline["whole_page"] + baseline["article"]).summary(),
                                  **{name: counts.summary() for name, counts in baseline.items()}}
    result_figures["words"] = word_summaries(words)
    result_figures["rules"] = {rule: {"tp": c["tp"], "fp": c["fp"], "precision": share(c["tp"], c["tp"] + c["fp"])}
                               for rule, c in sorted(rules.items())}
    result_figures["top_errors"] = {kind: [{"line": line, "group": group, "rules": rule_ids, "count": count}
                                           for (line, group, rule_ids), count in _top(counter)]
                                    for kind, counter in mistakes.items()}
    result_figures.update(corpus=corpus_name(path), docs=documents, lines=lines, threshold=threshold,
                          corpus_mode=corpus_mode, article_not_found=breakers, every=every,
                          model=model.source.split(":")[0][:100] if model is not None else "shipped")
    return result_figures


def every_kth_page(records: Iterator[dict[str, Any]], k: int) -> Iterator[dict[str, Any]]:
    """The records of every k-th page (by first appearance of the record's `page`, or its id): a page's texts from
    all extractors stay together, so a subsample keeps every tool's share."""
    pages: dict[str, int] = {}
    for record in records:
        if k <= 1 or pages.setdefault(str(record.get("page") or record["id"]), len(pages)) % k == 0:
            yield record


def _clean(pipeline: Pipeline, text: str, report: DocumentReport, threshold: float,
           ) -> tuple[str, list[list[tuple[int, int, int]]]]:
    """What `clean_text` does (rounds until nothing changes), starting from the report already made: the cleaned
    text and each round's edits as (start, end, replacement length)."""
    rounds: list[list[tuple[int, int, int]]] = []
    for round_number in range(MAX_ROUNDS):
        if round_number:
            report = pipeline.score_document(Document("document", text))
        cleaned, edits = clean_round(text, report, threshold, False)
        if not edits or cleaned == text:
            break
        rounds.append([(e.start, e.end, len(e.replacement)) for e in edits])
        text = cleaned
    return text, rounds


Triple = tuple[float, float, float]


def page_words(record: dict[str, Any], cleaned: str, rounds: list[list[tuple[int, int, int]]],
               ) -> tuple[Triple, Triple, Triple, int, int]:
    """One page's word figures (raw, clean, perfect) and its content characters and those the clean removed."""
    text = record["text"]
    gold = tokens(record["gold"])
    perfect = "\n".join(text[line["start"] : line["end"]] for line in record["lines"] if line["label"] != "residue")
    kept = surviving(len(text), rounds)
    content = lost = 0
    for label, start, end in scored_lines(record):
        if label == "content":
            content += end - start
            lost += (end - start) - kept.count(1, start, end)
    return (word_prf(tokens(text), gold), word_prf(tokens(cleaned), gold), word_prf(tokens(perfect), gold), content,
            lost)


def word_summaries(words: dict[str, WordFigures]) -> dict[str, dict[str, float]]:
    """Word figures per group (whole_page, article) and per `group/extractor`."""
    out: dict[str, dict[str, float]] = {}
    for group in ("whole_page", "article"):
        members = [figures for key, figures in sorted(words.items()) if key.startswith(group + "/")]
        if members:
            total = members[0]
            for figures in members[1:]:
                total = total + figures
            out[group] = total.summary()
    out.update({key: words[key].summary() for key in sorted(words)})
    return out


def _top(counter: Counter[tuple[str, str, str]], n: int = 10) -> list[tuple[tuple[str, str, str], int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:n]


def _normalise(line: str) -> str:
    """Lines that differ only in digits, case and spacing are one error ("Posted 3 days ago")."""
    return DIGITS.sub("0", " ".join(line.split()))[:100]


def _mistakes(record: dict[str, Any], findings: list[Finding], predict: Callable[[str, int, int], bool],
              rules: dict[str, Counter[str]]) -> Iterator[dict[str, Any]]:
    """Every false positive and false negative of a record; counts each applied rule's hits per label on the way.
    Findings are assigned to the line their span starts in (a binary search), so this is linear in lines."""
    text = record["text"]
    scored = list(scored_lines(record))
    starts = [start for _, start, _ in scored]
    assigned: list[list[Finding]] = [[] for _ in scored]
    for f in findings:
        if f.span is not None and scored:
            assigned[max(0, bisect_right(starts, f.span.start) - 1)].append(f)
    for index, (label, start, end) in enumerate(scored):
        predicted = predict(text, start, end)
        nearby = assigned[index] + (assigned[index - 1] if index else [])
        on_line = sorted({f.rule_id for f in nearby if f.span and f.span.start < end and start < f.span.end})
        if predicted:
            for rule_id in on_line:
                rules.setdefault(rule_id, Counter())["tp" if label == "residue" else "fp"] += 1
        if predicted == (label == "residue"):
            continue
        yield {"kind": "fp" if predicted else "fn", "extractor": record["extractor"], "id": record["id"],
               "line": text[start:end], "rules": on_line}


def with_threshold(config: Config, threshold: float) -> Config:
    return replace(config, boilerplate=replace(config.boilerplate, min_confidence=threshold))


def render_boilerplate_table(result: dict[str, Any]) -> str:
    """One corpus's figures as Markdown: ours and the C4 baseline per group, rule precision, top errors."""
    keys = ("precision", "recall", "f1", "char_f1", "content_loss")
    out = [f"## {result['corpus']}: {result['docs']} documents, {result['lines']} labelled lines, threshold "
           f"{result['threshold']}, corpus mode {'on' if result['corpus_mode'] else 'off'}, article not found "
           f"(fixes withheld) in {result['article_not_found']} documents"
           + (f", every {result['every']}th page" if result.get("every", 1) > 1 else "")
           + (f"; line model: {result['model']}" if result.get("model", "shipped") != "shipped" else ""), "",
           "| method | group | " + " | ".join(keys) + " |", "|" + " --- |" * (len(keys) + 2)]
    for method, figures in (("detector", result), ("C4 line rule", result["baseline"])):
        for group in ("overall", "whole_page", "article"):
            out.append(f"| {method} | {group} | " + " | ".join(f"{figures[group][k]:.3f}" for k in keys) + " |")
    if result.get("words"):
        out += ["", "What a user gets: word F1 against the gold article (mean over pages) of the raw input, the text "
                "after a default clean and a perfect cleaner (labelled residue lines removed), the share of the gap "
                "from raw to perfect the clean closes, and the characters of content lines it removed:", "",
                *render_word_table(result["words"])]
    out += ["", "| rule | residue lines removed | content lines removed | precision |", "| --- | --- | --- | --- |"]
    out += [f"| {rule} | {c['tp']} | {c['fp']} | {c['precision']:.3f} |" for rule, c in result["rules"].items()]
    for kind, title in (("fp", "most frequent content lines removed"), ("fn", "most frequent residue lines kept")):
        out += ["", f"{title}:", ""]
        out += [f"- {e['count']} x `{e['line']}` ({e['group']}{'; ' + e['rules'] if e['rules'] else ''})"
                for e in result["top_errors"][kind]]
    return "\n".join(out) + "\n"


def render_word_table(words: dict[str, dict[str, float]]) -> list[str]:
    """What a user gets, per group and extractor: word F1 (and the clean's precision and recall) of the raw input,
    the default clean and a perfect cleaner, the share of the gap closed and the content characters lost."""
    out = ["| group | pages | raw F1 | clean F1 | perfect F1 | gap closed | content lost | clean precision | "
           "clean recall |", "|" + " --- |" * 9]
    for key, w in words.items():
        out.append(f"| {key} | {w['pages']} | {w['raw_f1']:.3f} | {w['clean_f1']:.3f} | {w['perfect_f1']:.3f} | "
                   f"{w['gap_closed']:.1%} | {w['content_lost']:.2%} | {w['clean_precision']:.3f} | "
                   f"{w['clean_recall']:.3f} |")
    return out
