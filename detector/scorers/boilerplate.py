"""Boilerplate residue: what the extractor kept from the page around the article.

Evidence comes from lexicon rules (`lexicons/boilerplate/rules.toml`: menu words, share and comment prompts, ...),
shape rules (contact details, datelines, captions, markup, mojibake, headline-shaped teasers) and, in corpus mode,
lines that repeat across many pages. Each line gets at most one finding: the strongest rule names it, and the
confidences of all rules that agree combine by noisy-OR (two independent 0.6 signals make 0.84). The score is
`100 x (1 - residue_share)`, where residue_share is the share of the text's characters in lines flagged at or
above `boilerplate.min_confidence` (the cleaning threshold).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import ClassVar

from detector.boilerplate.candidates import Candidate
from detector.boilerplate.corpus import REPEATED, LineStats, group_of, repeated_candidates
from detector.boilerplate.line_model import LineModel, load_line_model
from detector.boilerplate.lines import DocumentLines
from detector.boilerplate.mojibake import MOJIBAKE, mojibake_candidates
from detector.boilerplate.patterns import CODE_RULES, DETECTORS
from detector.boilerplate.shape import LINE_SHAPE, SHAPE_RULES, model_candidates, teaser_candidates
from detector.config import Config
from detector.kinds import LexiconRule, WholeLineIndex, line_matches, phrase_matches, resolve
from detector.lexicons import Match
from detector.model import Document, Edit, Finding, ScoreResult, Span
from detector.rules import Rule, lexicon_rules
from detector.scorers.base import finding
from detector.text import TextView


class BoilerplateScorer:
    name: ClassVar[str] = "boilerplate"
    version: ClassVar[str] = "1"
    default_weight: ClassVar[float] = 1.0

    def __init__(self, stats: LineStats | None = None, model: LineModel | None = None) -> None:
        self.lexicon_rules = [resolve(r) for r in lexicon_rules() if r.category == "boilerplate" and not r.removed]
        self._whole_lines = WholeLineIndex([lexicon for lr in self.lexicon_rules for lexicon in lr.lexicons])
        self.stats = stats
        self.model = model or load_line_model()

    @classmethod
    def build(cls, config: Config) -> BoilerplateScorer:
        """Corpus statistics from `boilerplate.stats` (made by `detector learn`) are loaded once, here."""
        stats = LineStats.load(config.boilerplate.stats) if config.boilerplate.stats else None
        return cls(stats)

    @classmethod
    def code_rules(cls) -> tuple[Rule, ...]:
        return (*CODE_RULES, MOJIBAKE, *SHAPE_RULES, REPEATED)

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.code_rules()) + tuple(lr.rule.id for lr in self.lexicon_rules)

    def rule_candidates(self, lines: DocumentLines, document: Document, config: Config) -> Iterator[Candidate]:
        """Evidence from phrase lists and shape rules (everything but the line model)."""
        whole_line_hits = self._whole_lines.hits(lines.cores)
        for lexicon_rule in self.lexicon_rules:
            yield from _lexicon_candidates(lexicon_rule, lines, whole_line_hits)
        for detector in DETECTORS:
            yield from detector(lines)
        yield from mojibake_candidates(lines)
        yield from teaser_candidates(lines)
        if self.stats is not None:
            cfg = config.boilerplate
            group = group_of(document.meta.get(cfg.group_field)) if cfg.group_field else ""
            yield from repeated_candidates(lines, self.stats, cfg, group)

    def candidates(self, lines: DocumentLines, document: Document, config: Config) -> list[Candidate]:
        found = list(self.rule_candidates(lines, document, config))
        evidence = line_evidence(found, len(lines))
        found.extend(model_candidates(lines, self.model, evidence))
        return found

    def score(self, document: Document, view: TextView, config: Config) -> ScoreResult:
        lines = DocumentLines(view)
        findings = decide(self.candidates(lines, document, config), lines)
        threshold = config.boilerplate.min_confidence
        residue = sum(f.span.end - f.span.start for f in findings
                      if f.span is not None and f.confidence >= threshold and f.category == "boilerplate")
        total = sum(line.span.end - line.span.start for line in lines.lines) or 1
        line_spans = {line.span for line in lines.lines}  # a finding covering a whole line
        share = min(1.0, residue / total)
        metrics = {"residue_share": round(share, 4), "lines": len(lines),
                   "residue_lines": sum(1 for f in findings if f.confidence >= threshold and f.span in line_spans)}
        return ScoreResult(round(100.0 * (1.0 - share), 2), metrics, tuple(findings))


def _lexicon_candidates(lexicon_rule: LexiconRule, lines: DocumentLines,
                        whole_line_hits: dict[str, list[tuple[int, Match]]]) -> Iterator[Candidate]:
    """`whole_line_hits` holds the matches of the literal whole-line lists by list name (`WholeLineIndex`); the
    other line lists are matched here."""
    rule = lexicon_rule.rule
    by_start = {line.span.start: line for line in lines.lines}
    starts = sorted(by_start)
    for lexicon in lexicon_rule.lexicons:
        if lexicon.scope in ("line", "line-start"):
            indexed = whole_line_hits.get(lexicon.name)
            matches = indexed if indexed is not None else line_matches(lexicon, lines.view, lines.cores)
            for index, match in matches:
                line = lines.lines[index]
                if lexicon.scope == "line-start" and line.is_prose and line.words > 25:
                    continue  # a long sentence that merely begins like a prompt
                message = rule.format_message(match=lines.view.text[match.start : match.end])
                # the whole line is (or opens with) a known piece of page chrome: deleting it is safe
                yield Candidate(rule, line.span, rule.confidence, message, index, safe=True)
            continue
        from bisect import bisect_right

        for match in phrase_matches(lexicon, lines.view):
            position = bisect_right(starts, match.start) - 1
            if position < 0:
                continue
            line = by_start[starts[position]]
            if match.end > line.span.end:
                continue
            message = rule.format_message(match=lines.view.text[match.start : match.end])
            if line.words <= 12 or (match.end - match.start) >= 0.5 * (line.span.end - line.span.start):
                yield Candidate(rule, line.span, rule.confidence, message, line.index)
            else:
                yield Candidate(rule, Span(match.start, match.end), rule.confidence * 0.5, message, None, None)


def line_evidence(candidates: list[Candidate], count: int) -> list[tuple[float, int]]:
    """Per line: the highest confidence of the rules that flag the whole line, and how many distinct rules do."""
    best = [0.0] * count
    rules: list[set[str]] = [set() for _ in range(count)]
    for c in candidates:
        if c.line is not None:
            best[c.line] = max(best[c.line], c.confidence)
            rules[c.line].add(c.rule.id)
    return [(b, len(r)) for b, r in zip(best, rules)]


def _noisy_or(confidences: Iterable[float]) -> float:
    remaining = 1.0
    for c in confidences:
        remaining *= 1.0 - c
    return min(0.99, 1.0 - remaining)


def decide(candidates: list[Candidate], lines: DocumentLines) -> list[Finding]:
    """One finding per residue line (strongest rule, combined confidence), plus inline findings that do not fall
    inside a flagged line or overlap a stronger inline finding."""
    view = lines.view
    per_line: dict[int, list[Candidate]] = defaultdict(list)
    inline: list[Candidate] = []
    for c in candidates:
        (per_line[c.line] if c.line is not None else inline).append(c)
    findings: list[Finding] = []
    for index, group in sorted(per_line.items()):
        rules = [c for c in group if c.rule.id != LINE_SHAPE.id]
        shape = [c.confidence for c in group if c.rule.id == LINE_SHAPE.id]
        best = max(rules or group, key=lambda c: (c.confidence, c.rule.id))
        distinct = {c.rule.id: c.confidence for c in rules}
        # The model has already weighed the rules' evidence; it may raise a rule's confidence, never veto it.
        confidence = max(_noisy_or(distinct.values()), *shape, 0.0)
        edit = Edit(lines.deletion_span(index), "", best.fix_is_safe)
        findings.append(finding(best.rule, view, lines.lines[index].span, best.text, confidence=confidence,
                                suggestion=edit))
    flagged = [lines.lines[i].span for i in per_line]
    taken: list[Span] = []
    for c in sorted(inline, key=lambda c: (-c.confidence, c.span.start, c.rule.id)):
        if any(s.start <= c.span.start and c.span.end <= s.end for s in flagged):
            continue
        if any(c.span.start < t.end and t.start < c.span.end for t in taken):
            continue
        taken.append(c.span)
        edit = None if c.replacement is None else Edit(c.span, c.replacement, c.fix_is_safe)
        findings.append(finding(c.rule, view, c.span, c.text, confidence=c.confidence, suggestion=edit))
    return findings
