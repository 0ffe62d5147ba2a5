"""Apply the suggested fixes: deletions of residue lines, entity decoding, mojibake repair, MT repairs.

By default only what the rules call safe is applied, at or above the confidence threshold: the same findings a scan
reports as removable, so `scan` and `clean` never disagree about what goes (the boilerplate scorer decides its
removable lines, and their deletion spans, at the threshold clean uses). `--unsafe` adds the fixes that need a
look (an eggcorn's standard form, a tagline line), still only at or above the threshold.

Like ftfy's `fix_and_explain`, cleaning returns the text *and* the edits that made it, and the edits replay: applying
each round's edits (offsets into that round's input) to the original gives the cleaned text byte for byte. A round
can expose new residue (deleting a menu line makes its neighbour the first line), so cleaning repeats until nothing
changes, which makes it idempotent: `clean(clean(x)) == clean(x)`. The original text is never modified in place.

>>> from detector.engines.pipeline import Pipeline
>>> text = "clear\\n\\nThe ministry said the plan would go ahead as agreed with its partners on Saturday."
>>> cleaned, rounds = clean_text(text, Pipeline())
>>> cleaned
'The ministry said the plan would go ahead as agreed with its partners on Saturday.'
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, replace

from detector.core.model import Document, DocumentReport, Edit, Finding
from detector.engines.pipeline import Pipeline

MAX_ROUNDS = 5


@dataclass(frozen=True)
class AppliedEdit:
    """An edit that was applied, with the finding that proposed it (offsets into that round's input text)."""

    start: int
    end: int
    replacement: str
    removed: str
    rule_id: str


def select_edits(findings: Sequence[Finding], min_confidence: float, allow_unsafe: bool) -> list[tuple[Edit, str]]:
    """The suggestions to apply, without overlaps (the earlier, then the more confident, wins)."""
    chosen: list[tuple[Edit, str]] = []
    candidates = [(f.suggestion, f) for f in findings if f.suggestion is not None and f.confidence >= min_confidence
                  and (f.suggestion.safe or allow_unsafe)]
    candidates.sort(key=lambda pair: (pair[0].span.start, -pair[1].confidence, pair[1].rule_id))
    last_end = -1
    for edit, f in candidates:
        if edit.span.start < last_end:
            continue
        chosen.append((edit, f.rule_id))
        last_end = max(last_end, edit.span.end)
    return chosen


def apply_edits(text: str, edits: Sequence[AppliedEdit]) -> str:
    """Apply non-overlapping edits given in offset order."""
    parts: list[str] = []
    position = 0
    for edit in edits:
        parts.append(text[position : edit.start])
        parts.append(edit.replacement)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


def clean_round(text: str, report: DocumentReport, min_confidence: float,
                allow_unsafe: bool) -> tuple[str, list[AppliedEdit]]:
    applied = [AppliedEdit(e.span.start, e.span.end, e.replacement, text[e.span.start : e.span.end], rule_id)
               for e, rule_id in select_edits(report.findings, min_confidence, allow_unsafe)]
    return apply_edits(text, applied), applied


def at_threshold(pipeline: Pipeline, threshold: float) -> Pipeline:
    """The pipeline with `threshold` as its cleaning threshold, sharing the loaded scorers: the boilerplate scorer
    decides removable lines (and their joint deletion spans) at the threshold it is given."""
    if threshold == pipeline.config.boilerplate.min_confidence:
        return pipeline
    shared = copy.copy(pipeline)
    config = pipeline.config
    shared.config = replace(config, boilerplate=replace(config.boilerplate, min_confidence=threshold))
    return shared


def clean_text(text: str, pipeline: Pipeline, min_confidence: float | None = None, allow_unsafe: bool = False,
               doc_id: str = "document") -> tuple[str, list[list[AppliedEdit]]]:
    """The cleaned text and the edits of each round; repeat until a round changes nothing."""
    threshold = pipeline.config.boilerplate.min_confidence if min_confidence is None else min_confidence
    pipeline = at_threshold(pipeline, threshold)
    rounds: list[list[AppliedEdit]] = []
    for _ in range(MAX_ROUNDS):
        report = pipeline.score_document(Document(doc_id, text))
        cleaned, applied = clean_round(text, report, threshold, allow_unsafe)
        if not applied or cleaned == text:
            break
        rounds.append(applied)
        text = cleaned
    return text, rounds


def replay(original: str, rounds: Sequence[Sequence[AppliedEdit]]) -> str:
    """Re-apply recorded rounds to the original; equals the cleaned text (a property test checks it)."""
    text = original
    for applied in rounds:
        text = apply_edits(text, applied)
    return text
