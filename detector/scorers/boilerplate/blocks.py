"""Judge the page, not the line: runs of furniture lines decided together, with the evidence of all their lines.

Residue comes in blocks: a menu is a run of short link-like lines, a footer a run of legal and contact lines, a
related list a run of headline-shaped lines, a comment thread a run of signed short posts after the article. One
line of such a run (`0`, `}`, `GBR`, `Learn More`) says nothing by itself, and the line model rightly will not
delete it on its own shape; the run around it does say what it is.

A *block* is a maximal run of two or more lines that are not running text (`article.py`), so a block never holds a
paragraph; a single line between two lines of running text (a sub-heading, a caption: a protected line) is never
judged here, nor is the line in the title position. Each line of a block gets one row (`CONTEXT_FEATURES`): its own
line-model probability and rule evidence, the mean probability of a near (11 lines) and a wide (31 lines) window
around it, and its block's aggregates (size, mean/min/max probability, share of short lines and of rule-flagged
lines, where it lies relative to the article block). A third tree ensemble (`block` in the line model file,
fitted leave-one-source-out by `scripts/train_block_model.py`, evaluated by the same native `TreeEnsemble`) gives
the probability that the line is furniture given its block.

The decision: a line at or above the model's own threshold (chosen on its training sources so that the article
characters it would delete stay within a budget) gets a `BP303` finding at the cleaning threshold or above;
`decide.py` treats it as shape evidence, so the circuit breaker and the whole-unit rule still apply and a line a
phrase rule marks unsafe keeps that rule's safety. Lines inside the *article region* (first to last prose cluster
of real weight) are never judged: an article's lists and fact boxes between its paragraphs stay. Below the article,
the block after a related-list header (`bp-related-link-label`) is that list: the header's lexical evidence lifts
its lines to the threshold.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass

from detector.core.model import Span
from detector.rules.rule import Rule
from detector.scorers.boilerplate.candidates import Candidate

FURNITURE_BLOCK = Rule(
    id="BP303", name="bp-furniture-block", category="boilerplate", kind="metric", severity="warning",
    confidence=0.8,
    message="This line is in a block of {lines} lines that reads as page furniture (block probability {q:.2f}): "
    "{reasons}.",
    title="Line inside a block of page furniture (menu, link list, footer, comment thread)",
    rationale="Residue comes in runs: a menu is a run of short link-like lines, a footer a run of legal and "
    "contact lines, a related list a run of headlines. One short line of such a run ('0', 'GBR', 'Learn More') "
    "says nothing by itself; the block around it does. A second model judges each run of non-running-text lines "
    "from the evidence of all its lines and where it lies relative to the article.",
    example="The ministry said on Saturday that the plan would go ahead as agreed with its partners abroad, and "
    "that the first group would arrive before the end of the year.\nThe talks are to continue next week in the "
    "capital, the statement said, with officials from both sides.\nMore from the region\n"
    "Harbour wall repairs to start before the winter storms arrive\n"
    "Village school celebrates a century of teaching on the moor\n"
    "Rail operator promises extra carriages for the summer timetable",
    fixed_example="The ministry said on Saturday that the plan would go ahead as agreed with its partners abroad, "
    "and that the first group would arrive before the end of the year.\nThe talks are to continue next week in "
    "the capital, the statement said, with officials from both sides.",
    fix="Delete the line (with its block).", fix_safety="safe",
    known_problems="Shape evidence: a block never holds running text, and a single line between two paragraphs is "
    "never judged. A list that belongs to the article (ingredients, results) and lies outside its prose can look "
    "like a menu; the block threshold is chosen per model to keep the article characters it removes within "
    "0.3% (whole pages) on the sources it was fitted on.",
    source="block model, `block` in lexicons/boilerplate/line_model.json (scripts/train_block_model.py)",
)

BLOCK_FEATURES: dict[str, str] = {
    "log_lines": "many lines",
    "p_mean": "its lines look like furniture on average",
    "p_min": "even its least furniture-like line looks like furniture",
    "p_max": "one of its lines looks much like furniture",
    "p_high": "most of its lines look like furniture",
    "rule_share": "residue rules flag many of its lines",
    "rule_any": "a residue rule flags one of its lines",
    "words_mean": "long lines",
    "words_max": "a long line",
    "short_share": "mostly lines of three words or fewer",
    "sentence_share": "many lines end like sentences",
    "before_body": "above the article text",
    "after_body": "below the article text",
    "in_body": "inside the article's block of text",
    "no_body": "the page has no article block",
    "distance": "far from the article text",
    "page_share": "a large share of the page",
    "running_share": "a page with much running text",
    "position": "late in the page",
}


@dataclass(frozen=True, slots=True)
class PageLines:
    """What the block decision reads of a page, as plain sequences (the scorer fills it from the article layout,
    the training script from its cache, so both run the same code)."""

    chars: Sequence[int]
    words: Sequence[int]
    ends_sentence: Sequence[bool]
    running: Sequence[bool]
    protected: Sequence[bool]
    block: tuple[int, int] | None  # the article block (first, last line)
    title: int  # the line in the title position, -1: none


def segments(page: PageLines) -> list[tuple[int, int]]:
    """(first, last) of each maximal run of two or more lines that are not running text."""
    out: list[tuple[int, int]] = []
    start = None
    count = len(page.running)
    for i in range(count + 1):
        inside = i < count and not page.running[i]
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            if i - 1 > start:
                out.append((start, i - 1))
            start = None
    return out


def block_rows(page: PageLines, probabilities: Sequence[float], rule_confidence: Sequence[float],
               spans: Sequence[tuple[int, int]]) -> list[list[float]]:
    """One row of `BLOCK_FEATURES` per block."""
    count = len(page.chars) or 1
    total = sum(page.chars) or 1
    running_share = sum(c for c, r in zip(page.chars, page.running) if r) / total
    rows = []
    for first, last in spans:
        members = range(first, last + 1)
        n = last - first + 1
        ps = [probabilities[i] for i in members]
        rules = [rule_confidence[i] for i in members]
        words = [page.words[i] for i in members]
        if page.block is None:
            where, distance = (0.0, 0.0, 0.0, 1.0), 1.0
        else:
            a, b = page.block
            before, after = last < a, first > b
            gap = a - last if before else first - b if after else 0
            where, distance = (float(before), float(after), float(not before and not after), 0.0), gap / count
        rows.append([
            math.log1p(n), sum(ps) / n, min(ps), max(ps), sum(p >= 0.5 for p in ps) / n,
            sum(r >= 0.5 for r in rules) / n, float(max(rules) >= 0.5), sum(words) / n, float(max(words)),
            sum(w <= 3 for w in words) / n, sum(page.ends_sentence[i] for i in members) / n, *where, distance,
            sum(page.chars[i] for i in members) / total, running_share, first / count,
        ])
    return rows


CONTEXT_FEATURES: dict[str, str] = {
    "p_line": "the line looks like furniture on its own",
    "rule_line": "a residue rule flags the line",
    "words_line": "a long line",
    "ends_line": "the line ends like a sentence",
    "place_in_block": "late in its block",
    "edge_distance": "deep inside its block",
    "p_near": "the lines around it look like furniture",
    "p_wide": "the page around it looks like furniture",
    **BLOCK_FEATURES,
}
REGION_SHARE = 0.1  # a prose cluster with this share of the heaviest one's mass is part of the article region


def judged_lines(page: PageLines, first: int, last: int) -> Iterator[int]:
    """The lines of a block a furniture decision may delete: never the title line, never a protected line."""
    for i in range(first, last + 1):
        if i != page.title and not page.protected[i] and not page.running[i]:
            yield i


def article_region(page: PageLines) -> tuple[int, int] | None:
    """From the first to the last prose cluster of real weight (`REGION_SHARE` of the heaviest): the stretch of
    the page the article spans, lists and sub-headings between its paragraphs included. Lines inside it are never
    deleted on block evidence: an article's product list or fact box between two of its paragraphs looks like a
    menu (measured: this guard halves the article characters the block decision removes on boilerplate-wcxb)."""
    clusters = _clusters(page)
    if not clusters:
        return None
    heaviest = max(mass for _, _, mass in clusters)
    kept = [(a, b) for a, b, mass in clusters if mass >= REGION_SHARE * heaviest]
    return kept[0][0], kept[-1][1]


def _clusters(page: PageLines) -> list[tuple[int, int, float]]:
    """`ArticleLayout.clusters` on plain sequences (the same segments of positive prose mass)."""
    from detector.scorers.boilerplate.article import PENALTY, PENALTY_SHARE

    out: list[tuple[int, int, float]] = []
    total, start, best, best_span = 0.0, 0, 0.0, None
    for index, (size, running) in enumerate(zip(page.chars, page.running)):
        weight = float(size) if running else -max(PENALTY, PENALTY_SHARE * size)
        if total <= 0:
            if best_span is not None:
                out.append((best_span[0], best_span[1], best))
            total, start, best, best_span = 0.0, index, 0.0, None
        total += weight
        if total > best:
            best, best_span = total, (start, index)
    if best_span is not None:
        out.append((best_span[0], best_span[1], best))
    return out


def context_rows(page: PageLines, probabilities: Sequence[float], rule_confidence: Sequence[float],
                 ) -> tuple[list[list[float]], list[int]]:
    """One row of `CONTEXT_FEATURES` per judged line of each block (the line's own evidence, the line-model
    probabilities of a near and a wide window around it, and its block's aggregates), and the lines' indices."""
    spans = segments(page)
    count = len(probabilities)
    cumulative = [0.0]
    for p in probabilities:
        cumulative.append(cumulative[-1] + p)

    def window(i: int, half: int) -> float:
        lo, hi = max(0, i - half), min(count, i + half + 1)
        return (cumulative[hi] - cumulative[lo]) / (hi - lo)

    rows: list[list[float]] = []
    index: list[int] = []
    for (first, last), block in zip(spans, block_rows(page, probabilities, rule_confidence, spans)):
        size = last - first + 1
        for i in judged_lines(page, first, last):
            rows.append([probabilities[i], rule_confidence[i], float(page.words[i]), float(page.ends_sentence[i]),
                         (i - first) / size, float(min(i - first, last - i)), window(i, 5), window(i, 15), *block])
            index.append(i)
    return rows, index


def block_confidence(q: float, threshold: float, cleaning: float = 0.7) -> float:
    """The finding's confidence for probability `q`: the model's threshold lands on the cleaning threshold.

    >>> [block_confidence(q, 0.8) for q in (0.4, 0.8, 1.0)]
    [0.35, 0.7, 1.0]
    """
    if q >= threshold:
        scaled = cleaning + (q - threshold) * (1 - cleaning) / max(1e-9, 1 - threshold)
    else:
        scaled = q * cleaning / max(1e-9, threshold)
    return round(min(1.0, scaled), 3)


def furniture_lines(page: PageLines, probabilities: Sequence[float], rule_confidence: Sequence[float],
                    model: Callable[[list[list[float]]], list[float]], anchors: Collection[int] = (),
                    threshold: float = 1.0) -> list[tuple[int, float]]:
    """(line, probability) of every judged line outside the article region, by the block model `model`.

    `anchors` are lines a phrase rule names as the header of a related-content list ("More from the region",
    "Related articles": `bp-related-link-label`). Below the article region, the lines of the block that follow such
    a header are the list it announces: they get at least `threshold` (the header's lexical evidence extends to its
    block; the block itself never holds running text)."""
    rows, index = context_rows(page, probabilities, rule_confidence)
    if not rows:
        return []
    region = article_region(page)
    scores = model(rows)
    lifted = _announced(page, region, anchors) if anchors and region is not None else set()
    return [(i, max(q, threshold) if i in lifted else q) for i, q in zip(index, scores)
            if region is None or not region[0] <= i <= region[1]]


def _announced(page: PageLines, region: tuple[int, int], anchors: Collection[int]) -> set[int]:
    """The judged lines of each block below the region that come after a related-list header in that block."""
    out: set[int] = set()
    for first, last in segments(page):
        if first <= region[1]:
            continue
        headers = [i for i in range(first, last + 1) if i in anchors]
        if headers:
            out.update(i for i in judged_lines(page, headers[0] + 1, last))
    return out


def block_candidates(page: PageLines, scored: Sequence[tuple[int, float]], threshold: float,
                     line_spans: Sequence[Span], floor: float = 0.5) -> Iterator[Candidate]:
    """BP303 on each line the block model scores at `floor` or more (whether it is deleted is `decide.py`'s
    decision, at the cleaning threshold that the model's `threshold` maps onto)."""
    block_of = {i: (a, b) for a, b in segments(page) for i in range(a, b + 1)}
    reasons: dict[tuple[int, int], str] = {}  # once per block: a block's lines share them (linear in the page)
    for i, q in scored:
        if q < floor:
            continue
        first, last = block_of[i]
        if (first, last) not in reasons:
            reasons[first, last] = _reasons(page, first, last)
        message = FURNITURE_BLOCK.format_message(lines=last - first + 1, q=q, reasons=reasons[first, last])
        yield Candidate(FURNITURE_BLOCK, line_spans[i], block_confidence(q, threshold), message, i)


def _reasons(page: PageLines, first: int, last: int) -> str:
    n = last - first + 1
    short = sum(page.words[i] <= 3 for i in range(first, last + 1))
    if page.block is None:
        where = "on a page without an article block"
    elif last < page.block[0]:
        where = "above the article text"
    elif first > page.block[1]:
        where = "below the article text"
    else:
        where = "between paragraphs of the article"
    return f"{short} of its {n} lines have three words or fewer, {where}"
