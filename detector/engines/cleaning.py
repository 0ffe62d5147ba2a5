"""The cleaning loop: apply a document's safe fixes, score the result, repeat until nothing changes.

It lives with the engines because the verdict is judged on the document as `detector clean` would leave it (issue
24): the pipeline runs this loop for every document, and `detector clean`, `detector filter` and the pipeline-library
steps run the very same one, so a verdict and the text written beside it can never disagree.

Like ftfy's `fix_and_explain`, cleaning returns the text *and* the edits that made it, and the edits replay: applying
each round's edits (offsets into that round's input) to the original gives the cleaned text byte for byte. A round
can expose new residue (deleting a menu line makes its neighbour the first line), so cleaning repeats until nothing
changes, which makes it idempotent: `clean(clean(x)) == clean(x)`.

>>> apply_edits("Share\\nBody", [AppliedEdit(0, 6, "", "Share\\n", "BP102")])
'Body'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from detector.core.model import AppliedEdit, Cleaned, Document, DocumentReport, Edit, Finding

MAX_ROUNDS = 5

Scoring = Callable[[Document], DocumentReport]


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


def clean_loop(document: Document, score: Scoring, min_confidence: float, allow_unsafe: bool = False,
               first: DocumentReport | None = None) -> tuple[Cleaned, DocumentReport]:
    """The document as cleaning leaves it, and the report of that text (`first`, the report of the original, saves
    scoring it again). The last report is of the final text: nothing in it is left to apply."""
    text = document.text
    report = first if first is not None else score(document)
    rounds: list[tuple[AppliedEdit, ...]] = []
    for _ in range(MAX_ROUNDS):
        cleaned, applied = clean_round(text, report, min_confidence, allow_unsafe)
        if not applied or cleaned == text:
            break
        rounds.append(tuple(applied))
        text = cleaned
        report = score(Document(document.id, text, document.source, document.meta))
    return Cleaned(text, tuple(rounds)), report


def replay(original: str, rounds: Sequence[Sequence[AppliedEdit]]) -> str:
    """Re-apply recorded rounds to the original; equals the cleaned text (a property test checks it)."""
    text = original
    for applied in rounds:
        text = apply_edits(text, applied)
    return text


def undo(cleaned: str, rounds: Sequence[Sequence[AppliedEdit]]) -> str:
    """The text before `rounds` were applied to it: each round's edits reversed, the last round first
    (`detector restore`).

    >>> undo("Body", [[AppliedEdit(0, 6, "", "Share\\n", "BP102")]])
    'Share\\nBody'
    """
    text = cleaned
    for applied in reversed(rounds):
        parts: list[str] = []
        position = 0  # in the text after the round
        shift = 0  # (length after) - (length before) of the edits passed so far
        for edit in applied:
            start_after = edit.start + shift
            parts.append(text[position:start_after])
            parts.append(edit.removed)
            position = start_after + len(edit.replacement)
            shift += len(edit.replacement) - (edit.end - edit.start)
        parts.append(text[position:])
        text = "".join(parts)
    return text
