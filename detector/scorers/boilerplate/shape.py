"""Residue recognised by the shape of a line and its neighbours rather than by its words.

- A headline-shaped line between two paragraphs of prose is a related-article teaser the extractor kept
  ("EU spends $35 million to protect migrants in North Africa" inside an article about Russia and Libya).
- Everything else is left to the line model (`line_model.py`): short unpunctuated lines away from the article's
  prose are menus, link lists and footers.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from detector.rules.rule import Rule
from detector.scorers.boilerplate.article import ArticleLayout
from detector.scorers.boilerplate.candidates import Candidate
from detector.scorers.boilerplate.line_features import line_features
from detector.scorers.boilerplate.line_model import LineModel
from detector.scorers.boilerplate.lines import DocumentLines, LineFacts

SOURCE = "artifact-detector line-shape heuristics; thresholds measured on extraction-residue dev"

TEASER = Rule(
    id="BP206", name="bp-related-teaser", category="boilerplate", kind="detector", severity="warning",
    confidence=0.55, message="A headline-shaped line inside the body: possibly a related-article teaser.",
    title="Related-article headline inside the body",
    rationale="Article pages embed links to other stories between paragraphs. Extractors keep their headlines as "
    "lines of their own: a headline in the middle of the body, unrelated to the sentences around it.",
    example="Russia has expressed its openness to work with the United States to broker a solution in Libya.\n\n"
    "EU spends $35 million to protect migrants in North Africa\n\n"
    "A new task force which also includes the United Nations aims to repatriate another 15,000 migrants.",
    fixed_example="Russia has expressed its openness to work with the United States to broker a solution in Libya."
    "\n\nA new task force which also includes the United Nations aims to repatriate another 15,000 migrants.",
    fix="Delete the line, after checking it is not a sub-heading of the article.", fix_safety="unsafe",
    known_problems="Without the page's markup a teaser and a long sub-heading of the article look alike (on "
    "extraction-residue dev this shape alone is right about 6 times in 10), so the rule is shape evidence only: a "
    "line between two paragraphs is protected, so the finding stays below the cleaning threshold with an unsafe fix "
    "unless a phrase rule also flags the line. Lines under eight words and questions are left alone.",
    source=SOURCE,
)
LINE_SHAPE = Rule(
    id="BP301", name="bp-line-shape", category="boilerplate", kind="metric", severity="warning", confidence=0.8,
    message="The shape of this line says page furniture (model probability {p:.2f}): {reasons}.",
    title="Line shaped like page furniture (menu, link list, footer, teaser)",
    rationale="Most residue of a whole-page scrape has no tell-tale word: menus, tag clouds, link lists, footers and "
    "teasers. Their shape gives them away: short, without sentence punctuation, in runs, away from the block of "
    "prose that is the article. A logistic model over such features (shipped as data, trained on real extractor "
    "output) scores every line and names the features behind each finding.",
    example="Europe\nAfrica\nMiddle East\nAsia Pacific\nAmericas\nThe ministry said on Saturday that the plan would "
    "go ahead as agreed with its partners abroad, and that the first group would arrive before the end of the year.\n"
    "The talks are to continue next week in the capital, the statement said, with officials from both sides.",
    fixed_example="The ministry said on Saturday that the plan would go ahead as agreed with its partners abroad, "
    "and that the first group would arrive before the end of the year.\nThe talks are to continue next week in "
    "the capital, the statement said, with officials from both sides.",
    fix="Delete the line.", fix_safety="safe",
    known_problems="Shape evidence only: on running text in the document's language, and on a single line between "
    "two paragraphs, the finding is held below the cleaning threshold with an unsafe fix (the article is never "
    "deleted on shape alone). Lists and tables that belong to the article (ingredients, specifications, results) "
    "and short sub-headings far from the prose look like furniture; the model's cross-source figures are in "
    "`lexicons/boilerplate/line_model.json`.",
    source="logistic line model, lexicons/boilerplate/line_model.json (see scripts/train_line_model.py)",
)
SHAPE_RULES = (TEASER, LINE_SHAPE)


def _headline_shaped(line: LineFacts) -> bool:
    text = line.text.rstrip()
    return (8 <= line.words <= 16 and not line.ends_sentence and not text.endswith(("?", ":", ",", ";"))
            and line.letters_share > 0.6 and text[:1].isupper())


def teaser_candidates(lines: DocumentLines) -> Iterator[Candidate]:
    prose = lines.prose_lines
    if not prose:
        return
    first, last = prose[0], prose[-1]
    for line in lines.lines:
        if first < line.index < last and _headline_shaped(line) and lines.between_prose(line.index):
            yield Candidate(TEASER, line.span, TEASER.confidence, TEASER.message, line.index)


# The model probability at which shape alone may remove a line: the lowest at which content loss stays within
# 0.02 (whole pages) and 0.01 (article extractors) when the model is fitted on one corpus and scored on the other,
# in both directions (scripts/train_line_model.py; at 0.9 the model fitted on extraction-residue removed 0.0112 of
# the wcxb trafilatura articles). The finding's confidence maps it onto the cleaning threshold.
SHAPE_PROBABILITY = 0.95
CLEANING_THRESHOLD = 0.7  # the default boilerplate.min_confidence the mapping is anchored to


def shape_confidence(p: float) -> float:
    """The confidence of a BP301 finding for model probability `p`: piecewise linear and increasing, with
    SHAPE_PROBABILITY landing on the default cleaning threshold, so that "at or above the threshold" means
    "confident enough to delete on shape alone" when the model is used on pages unlike its training data.

    >>> [shape_confidence(p) for p in (0.5, 0.95, 1.0)]
    [0.368, 0.7, 1.0]
    """
    if p >= SHAPE_PROBABILITY:
        scaled = CLEANING_THRESHOLD + (p - SHAPE_PROBABILITY) * (1 - CLEANING_THRESHOLD) / (1 - SHAPE_PROBABILITY)
    else:
        scaled = p * CLEANING_THRESHOLD / SHAPE_PROBABILITY
    return round(min(1.0, scaled), 3)


def model_candidates(layout: ArticleLayout, model: LineModel, evidence: list[tuple[float, int]], title: int,
                     floor: float = 0.5, probabilities: list[float] | None = None) -> Iterator[Candidate]:
    """BP301 for every line the line model scores at `floor` or more, with the features behind it; never for the
    line in the title position. Whether a candidate may delete its line is decided later (`decide.py`).

    A protected line (running text, or a line alone between two) that no rule flags is not scored: shape alone can
    never delete it, and a shape-only finding on running text is a review finding that is nearly always wrong
    (and the second stage's trees on every paragraph were a fifth of the scorer's time on article text)."""
    rows = line_features(layout, evidence)
    skip = [protected and (evidence is None or evidence[i][1] == 0)
            for i, protected in enumerate(layout.protected)]
    for line, (p, row) in zip(layout.lines.lines, model.score_lines(rows, skip)):
        if probabilities is not None:
            probabilities.append(p)
        if line.index != title and p >= floor:
            yield Candidate(LINE_SHAPE, line.span, shape_confidence(p), partial(_shape_message, model, row, p),
                            line.index)


def _shape_message(model: LineModel, row: list[float], p: float) -> str:
    """Worked out only for a line no phrase or pattern rule explains better (explaining costs a pass over the
    trees)."""
    reasons = ", ".join(model.reasons(row)) or "its overall shape"
    return LINE_SHAPE.format_message(p=p, reasons=reasons)
