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
from dataclasses import replace

from detector.core.model import AppliedEdit, Document
from detector.engines.cleaning import MAX_ROUNDS, apply_edits, clean_loop, clean_round, replay, select_edits, undo
from detector.engines.pipeline import Pipeline


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
    cleaned, _ = clean_loop(Document(doc_id, text), pipeline.assess, threshold, allow_unsafe)
    return cleaned.text, [list(applied) for applied in cleaned.rounds]


__all__ = ["MAX_ROUNDS", "AppliedEdit", "apply_edits", "at_threshold", "clean_round", "clean_text", "replay",
           "select_edits", "undo"]
