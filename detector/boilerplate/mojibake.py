"""Mojibake: UTF-8 text that was decoded as Windows-1252 (or similar) somewhere upstream ("â€œ" for "“").

ftfy knows these patterns far better than a hand-made table; we ask it only for `fix_encoding` (not its other
normalisations, such as uncurling quotes), on lines its `is_bad` heuristic flags, and propose its repair.
"""

from __future__ import annotations

from collections.abc import Iterator

import ftfy
from ftfy.badness import is_bad

from detector.boilerplate.candidates import Candidate
from detector.boilerplate.lines import DocumentLines
from detector.model import Span
from detector.rules import Rule

MOJIBAKE = Rule(
    id="BP205", name="bp-mojibake", category="encoding", kind="detector", severity="warning", confidence=0.95,
    message="Mojibake: '{match}' should read '{replacement}'.", title="Mojibake (text decoded with the wrong encoding)",
    rationale="Sequences such as 'â€œ' or 'Ã©' are UTF-8 bytes read as Windows-1252. Every reader and model sees "
    "garbage where a quotation mark or an accented letter belongs, and the damage spreads through copies.",
    example="The minister said â€œwe are readyâ€\x9d on Monday.",
    fixed_example="The minister said “we are ready” on Monday.",
    fix="Replace with ftfy's repair (`ftfy.fix_encoding`).", fix_safety="safe",
    known_problems="Deliberate examples of mojibake (articles about encoding) are repaired too.",
    source="ftfy 6 (Robyn Speer): `badness.is_bad` to find, `fix_encoding` to repair",
)


def _changed_region(before: str, after: str) -> tuple[int, int, int]:
    """(start, end in `before`, end in `after`) of the smallest region that differs."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end_before, end_after = len(before), len(after)
    while end_before > start and end_after > start and before[end_before - 1] == after[end_after - 1]:
        end_before -= 1
        end_after -= 1
    return start, end_before, end_after


def mojibake_candidates(lines: DocumentLines) -> Iterator[Candidate]:
    for line in lines.lines:
        if not is_bad(line.text):
            continue
        fixed = ftfy.fix_encoding(line.text)
        if fixed == line.text:
            continue
        start, end, end_fixed = _changed_region(line.text, fixed)
        quote, replacement = line.text[start:end], fixed[start:end_fixed]
        span = Span(line.span.start + start, line.span.start + end)
        message = MOJIBAKE.format_message(match=quote[:60], replacement=replacement[:60])
        yield Candidate(MOJIBAKE, span, MOJIBAKE.confidence, message, None, replacement)
