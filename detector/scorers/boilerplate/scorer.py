"""Boilerplate residue: what the extractor kept from the page around the article.

The article is found first (`boilerplate/article.py`: running text in the document's own language, by character
mass). Evidence then comes from lexicon rules (`lexicons/boilerplate/rules.toml`: menu words, share and comment
prompts, ...), pattern rules (contact details, datelines, captions, markup, mojibake), corpus repetition (corpus
mode), and shape: the headline-shaped teaser and the line model. `boilerplate/decide.py` turns the evidence into one
finding per residue line and guards the article: shape alone never removes running text, a hard-wrapped paragraph
goes whole or not at all, and a circuit breaker withholds every fix when they would take more than 30% of the
running text. The score is `100 x (1 - residue_share)`, where residue_share is the share of the text's characters in
the lines the findings mark as removable (the lines `detector clean` deletes by default, measured before the
breaker withholds them).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from detector.config.selection import opted_in
from detector.config.settings import Config
from detector.core.model import Document, ScoreResult, Span
from detector.rules.kinds import LexiconRule, WholeLineIndex, line_matches, phrase_matches, resolve
from detector.rules.rule import lexicon_rules
from detector.scorers.base import RuleScorer
from detector.scorers.boilerplate.article import ArticleLayout
from detector.scorers.boilerplate.beyond import BEYOND_FURNITURE
from detector.scorers.boilerplate.blocks import (
    FURNITURE_BLOCK,
    PageLines,
    article_region,
    block_candidates,
    furniture_lines,
)
from detector.scorers.boilerplate.candidates import Candidate
from detector.scorers.boilerplate.corpus import REPEATED, LineStats, group_of, repeated_candidates
from detector.scorers.boilerplate.decide import ARTICLE_NOT_FOUND, NOT_AN_ARTICLE, decide, noisy_or
from detector.scorers.boilerplate.line_model import LineModel, load_line_model, title_index
from detector.scorers.boilerplate.lines import DocumentLines
from detector.scorers.boilerplate.mojibake import MOJIBAKE, mojibake_candidates
from detector.scorers.boilerplate.patterns import CODE_RULES, DETECTORS
from detector.scorers.boilerplate.shape import LINE_SHAPE, SHAPE_RULES, TEASER, model_candidates, teaser_candidates
from detector.scorers.boilerplate.threads import COMMENT_THREAD, thread_candidates
from detector.scorers.boilerplate.user import kept_lines, with_user_lists, without_kept
from detector.text.matching import Match
from detector.text.user_lists import keep_keys
from detector.text.view import TextView


class BoilerplateScorer(RuleScorer):
    name: ClassVar[str] = "boilerplate"
    version: ClassVar[str] = "1"
    default_weight: ClassVar[float] = 1.0
    CODE_RULES = (*CODE_RULES, MOJIBAKE, *SHAPE_RULES, FURNITURE_BLOCK, COMMENT_THREAD, BEYOND_FURNITURE,
                  ARTICLE_NOT_FOUND,
                  NOT_AN_ARTICLE, REPEATED)

    def __init__(self, stats: LineStats | None = None, model: LineModel | None = None,
                 phrases: Mapping[str, tuple[str, ...]] | None = None, keep: frozenset[str] = frozenset(),
                 threads: bool = False) -> None:
        shipped = [resolve(r) for r in lexicon_rules() if r.category == "boilerplate" and not r.removed]
        self.lexicon_rules = with_user_lists(shipped, phrases or {})
        self.keep = keep
        self._whole_lines = WholeLineIndex([lexicon for lr in self.lexicon_rules for lexicon in lr.lexicons])
        self.stats = stats
        self.model = model or load_line_model()
        self.threads = threads  # the comment-thread stage (BP305) is opt-in: its work is done only when selected

    @classmethod
    def build(cls, config: Config) -> BoilerplateScorer:
        """Corpus statistics from `boilerplate.stats` (made by `detector learn`) are loaded once, here."""
        cfg = config.boilerplate
        stats = LineStats.load(cfg.stats) if cfg.stats else None
        return cls(stats, phrases=cfg.phrases, keep=keep_keys(cfg.keep_lines, cfg.keep_file),
                   threads=opted_in(COMMENT_THREAD.id, config.rules))

    def rule_candidates(self, lines: DocumentLines, document: Document, config: Config) -> Iterator[Candidate]:
        """Evidence from phrase lists and pattern rules (everything but shape)."""
        whole_line_hits = self._whole_lines.hits(lines.cores, lines.view)
        starts = [line.span.start for line in lines.lines]  # in order: where each line starts, for every phrase list
        for lexicon_rule in self.lexicon_rules:
            yield from _lexicon_candidates(lexicon_rule, lines, whole_line_hits, starts)
        for detector in DETECTORS:
            yield from detector(lines)
        yield from mojibake_candidates(lines)
        if self.stats is not None:
            cfg = config.boilerplate
            group = group_of(document.meta.get(cfg.group_field)) if cfg.group_field else ""
            yield from repeated_candidates(lines, self.stats, cfg, group)

    def candidates(self, layout: ArticleLayout, document: Document, config: Config,
                   probabilities: list[float] | None = None) -> tuple[list[Candidate], int, PageLines]:
        """Every candidate of the document, the index of its title line (-1: none found) and the page as the block
        and page stages read it; the line model's probability of each line is appended to `probabilities` when
        given."""
        lines = layout.lines
        found = list(self.rule_candidates(lines, document, config))
        evidence = line_evidence(found, len(lines))
        title = title_index(layout, evidence)
        found.extend(teaser_candidates(lines))
        probabilities = [] if probabilities is None else probabilities
        found.extend(model_candidates(layout, self.model, evidence, title, probabilities=probabilities))
        block = self.model.block
        page = page_lines(layout, title)
        if block is not None:
            anchors = {c.line for c in found if c.line is not None and c.rule.name == RELATED_HEADER}
            scored = furniture_lines(page, probabilities, [e[0] for e in evidence], block.probabilities, anchors,
                                     self.model.block_threshold)
            found.extend(block_candidates(page, scored, self.model.block_threshold,
                                          [line.span for line in lines.lines]))
        if self.threads:  # after the models: they were fitted without it; the thread is judged from the rhythm
            found.extend(thread_candidates(layout, {c.line for c in found if c.line is not None}))
        kept = kept_lines(lines, self.keep)
        return (list(without_kept(found, lines, kept)) if kept else found), title, page

    def score(self, document: Document, view: TextView, config: Config) -> ScoreResult:
        layout = ArticleLayout(DocumentLines(view))
        lines = layout.lines
        probabilities: list[float] = []
        found, title, page = self.candidates(layout, document, config, probabilities)
        region = article_region(page)
        decision = decide(found, layout, config.boilerplate.min_confidence, SHAPE_IDS, title, probabilities,
                          BREAKER_EXEMPT, region)
        total = sum(line.span.end - line.span.start for line in lines.lines) or 1
        share = min(1.0, decision.residue_chars / total)
        metrics = {"residue_share": round(share, 4), "lines": len(lines),
                   "residue_lines": sum(1 for f in decision.findings if f.suggestion is not None and f.span is not None
                                        and f.suggestion.safe and f.confidence >= config.boilerplate.min_confidence
                                        and f.suggestion.replacement == "" and f.rule_id != "BP204"),
                   "running_text_share": round(layout.running_chars / total, 4),
                   "article_not_found": decision.breaker is not None,
                   "not_an_article": decision.not_article is not None,
                   "furniture_share": None if decision.furniture is None else round(decision.furniture, 4)}
        return ScoreResult(round(100.0 * (1.0 - share), 2), metrics, decision.findings)


RELATED_HEADER = "bp-related-link-label"  # the rule whose lines head a related-content list (`blocks.py`)
SHAPE_IDS = frozenset({LINE_SHAPE.id, TEASER.id, FURNITURE_BLOCK.id})
BREAKER_EXEMPT = frozenset({COMMENT_THREAD.id})  # where the article ends: its lines do not count for the breaker
OPENING_SLACK = 3  # characters a phrase may start after the line start (a quote mark, a bullet) and still open it
BANNER_WORDS = 60  # a consent or sign-up text longer than this is not one banner line


def _lexicon_candidates(lexicon_rule: LexiconRule, lines: DocumentLines,
                        whole_line_hits: dict[str, list[tuple[int, Match]]], starts: list[int]) -> Iterator[Candidate]:
    """`whole_line_hits` holds the matches of the literal whole-line lists by list name (`WholeLineIndex`); the
    other line lists are matched here. `starts[i]` is where line i starts (the lines are in text order)."""
    rule = lexicon_rule.rule
    for lexicon in lexicon_rule.lexicons:
        if lexicon.scope in ("line", "line-start"):
            indexed = whole_line_hits.get(lexicon.name)
            matches = indexed if indexed is not None else line_matches(lexicon, lines.view, lines.cores)
            for index, match in matches:
                line = lines.lines[index]
                if lexicon.scope == "line-start" and line.is_prose and line.words > 25:
                    continue  # a long sentence that merely begins like a prompt
                message = rule.format_message(match=lines.view.text[match.start : match.end])
                # the whole line is (or opens with) a known piece of page chrome; the rule's documented fix safety
                # decides whether deleting it is applied by default
                yield Candidate(rule, line.span, rule.confidence, message, index)
            continue
        from bisect import bisect_right

        for match in phrase_matches(lexicon, lines.view):
            position = bisect_right(starts, match.start) - 1
            if position < 0:
                continue
            line = lines.lines[position]
            if match.end > line.span.end:
                continue
            message = rule.format_message(match=lines.view.text[match.start : match.end])
            # A banner or prompt sentence opens with its phrase ("We use cookies to ...", "Sign up for our
            # newsletter to ..."); an article sentence that mentions one has it in the middle.
            opens = match.start - line.span.start <= OPENING_SLACK and line.words <= BANNER_WORDS
            if line.words <= 12 or opens or (match.end - match.start) >= 0.5 * (line.span.end - line.span.start):
                yield Candidate(rule, line.span, rule.confidence, message, line.index)
            else:
                yield Candidate(rule, Span(match.start, match.end), rule.confidence * 0.5, message, None, None)


def page_lines(layout: ArticleLayout, title: int) -> PageLines:
    """What the block decision reads of the page (`blocks.py`)."""
    return PageLines([len(line.text) for line in layout.lines.lines], [p.words for p in layout.prose],
                     [p.ends_sentence for p in layout.prose], layout.running, layout.protected, layout.block, title)


def line_evidence(candidates: list[Candidate], count: int) -> list[tuple[float, int]]:
    """Per line: the highest confidence of the rules that flag the whole line, and how many distinct rules do."""
    best = [0.0] * count
    rules: list[set[str]] = [set() for _ in range(count)]
    for c in candidates:
        if c.line is not None:
            best[c.line] = max(best[c.line], c.confidence)
            rules[c.line].add(c.rule.id)
    return [(b, len(r)) for b, r in zip(best, rules)]


__all__ = ["SHAPE_IDS", "BoilerplateScorer", "line_evidence", "noisy_or"]
