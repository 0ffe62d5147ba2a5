"""`detector eval boilerplate`: line-level residue detection on the extraction-residue corpus.

Each record holds what one extractor kept from one page, with every line labelled `content`, `residue` or
`headline` (headline lines are skipped). A line is predicted residue when boilerplate findings at or above the
cleaning threshold cover at least half of its characters. Figures are reported overall and for the two groups
the corpus README defines, next to the C4 line rule implemented here as the baseline. In corpus mode, line
statistics are first learned from the same file, counting a line once per `page`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from detector.boilerplate.corpus import LineStats
from detector.boilerplate.line_model import LineModel
from detector.config import Config
from detector.evaluation.metrics import Counts
from detector.model import Document, Finding
from detector.scorers.boilerplate import BoilerplateScorer
from detector.text import TextView

WHOLE_PAGE_TOOLS = frozenset({"html-text", "inscriptis"})
C4_TERMINAL = (".", "!", "?", '"', "”")
C4_POLICY = ("cookie policy", "privacy policy", "terms of use", "use cookies", "use of cookies", "terms of service")


def c4_is_residue(line: str) -> bool:
    """The C4 line rule (Raffel et al. 2020): keep lines that end in terminal punctuation (a closing curly quote
    counts) and have at least five words; drop lines that mention javascript or cookie/privacy/terms policies.
    Reproduces the corpus README's reference figures (article F1 0.425, content loss 0.198)."""
    lowered = line.lower()
    if "javascript" in lowered or any(p in lowered for p in C4_POLICY):
        return True
    stripped = line.strip()
    return not (stripped.endswith(C4_TERMINAL) and len(stripped.split()) >= 5)


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    with Path(path).open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def learn_from_records(path: str | Path) -> LineStats:
    stats = LineStats.empty()
    for record in read_records(path):
        text = record["text"]
        lines = [text[s["start"] : s["end"]] for s in record["lines"]]
        stats.add_document(lines, str(record.get("page") or record["id"]))
    return stats


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> int:
    return sum(max(0, min(end, e) - max(start, s)) for s, e in spans)


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
    for label, start, end in scored_lines(record):
        size = end - start
        predicted = predict(text, start, end)
        if label == "content":
            counts.content_chars += size
            counts.lost_chars += size if predicted else min(size, _covered(start, end, removed))
        if predicted and label == "residue":
            counts.tp, counts.tp_chars = counts.tp + 1, counts.tp_chars + size
        elif predicted:
            counts.fp, counts.fp_chars = counts.fp + 1, counts.fp_chars + size
        elif label == "residue":
            counts.fn, counts.fn_chars = counts.fn + 1, counts.fn_chars + size
    return counts


def evaluate_boilerplate(path: str | Path, config: Config | None = None, corpus_mode: bool = False,
                         errors: list[dict[str, Any]] | None = None, model: LineModel | None = None) -> dict[str, Any]:
    """The figures of `detector eval boilerplate`; `errors`, when given, collects every false positive and false
    negative (for error analysis)."""
    config = config or Config()
    stats = learn_from_records(path) if corpus_mode else None
    scorer = BoilerplateScorer(stats, model)
    threshold = config.boilerplate.min_confidence
    groups = {"whole_page": Counts(), "article": Counts()}
    baseline = {"whole_page": Counts(), "article": Counts()}
    documents = lines = 0
    for record in read_records(path):
        documents += 1
        lines += sum(1 for line in record["lines"] if line["label"] != "headline")
        document = Document(record["id"], record["text"], record.get("source_url", ""), {})
        view = TextView(document, config)
        findings = [f for f in scorer.score(document, view, config).findings
                    if f.span is not None and f.category == "boilerplate" and f.confidence >= threshold]
        spans = [(f.span.start, f.span.end) for f in findings if f.span is not None]
        removed = [(f.suggestion.span.start, f.suggestion.span.end) for f in findings if f.suggestion is not None]

        def ours(text: str, start: int, end: int, spans: list[tuple[int, int]] = spans) -> bool:
            return _covered(start, end, spans) * 2 >= max(1, end - start)

        group = "whole_page" if record["extractor"] in WHOLE_PAGE_TOOLS else "article"
        groups[group] += count_record(record, ours, removed)
        baseline[group] += count_record(record, lambda t, s, e: c4_is_residue(t[s:e]), [])
        if errors is not None:
            errors.extend(_errors(record, findings, ours))
    result: dict[str, Any] = {"overall": (groups["whole_page"] + groups["article"]).summary()}
    result.update({name: counts.summary() for name, counts in groups.items()})
    result["baseline"] = {"overall": (baseline["whole_page"] + baseline["article"]).summary(),
                          **{name: counts.summary() for name, counts in baseline.items()}}
    result.update(docs=documents, lines=lines, threshold=threshold, corpus_mode=corpus_mode)
    return result


def _errors(record: dict[str, Any], findings: list[Finding],
            predict: Callable[[str, int, int], bool]) -> Iterator[dict[str, Any]]:
    text = record["text"]
    for label, start, end in scored_lines(record):
        predicted = predict(text, start, end)
        if predicted == (label == "residue"):
            continue
        rules = sorted({f.rule_id for f in findings if f.span and f.span.start < end and start < f.span.end})
        yield {"kind": "fp" if predicted else "fn", "extractor": record["extractor"], "id": record["id"],
               "line": text[start:end], "rules": rules}


def with_threshold(config: Config, threshold: float) -> Config:
    return replace(config, boilerplate=replace(config.boilerplate, min_confidence=threshold))


def render_boilerplate_table(result: dict[str, Any]) -> str:
    """The figures as a Markdown table: ours and the C4 baseline, per group."""
    keys = ("precision", "recall", "f1", "char_f1", "content_loss")
    lines = [f"extraction residue: {result['docs']} documents, {result['lines']} labelled lines, threshold "
             f"{result['threshold']}, corpus mode {'on' if result['corpus_mode'] else 'off'}", "",
             "| method | group | " + " | ".join(keys) + " |", "|" + " --- |" * (len(keys) + 2)]
    for method, figures in (("detector", result), ("C4 line rule", result["baseline"])):
        for group in ("overall", "whole_page", "article"):
            lines.append(f"| {method} | {group} | " + " | ".join(f"{figures[group][k]:.3f}" for k in keys) + " |")
    return "\n".join(lines) + "\n"
