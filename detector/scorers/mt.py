"""Machine-translation artifacts: what a translation engine broke, found in the English text alone.

Span findings come from phrase lists (eggcorns, foreign abbreviations, garbled titles: `lexicons/mt/rules.toml`),
names near a known entity or spelled two ways, debris of foreign abbreviations, untranslated fragments, spacing and
quotation breakage, doubled words, and unlikely word pairs. The document gets an MT likelihood (0-1, see
`detector/mt/likelihood.py`); the dimension score is `100 x (1 - likelihood)`. Documents confidently in another
language than English are not judged (the rules are English rules).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from detector.config import Config
from detector.kinds import LexiconRule, phrase_matches, resolve
from detector.model import Document, Edit, Finding, ScoreResult, Span
from detector.mt.common import MtCandidate
from detector.mt.fragments import (
    ABBREVIATION_DEBRIS,
    SOURCE_FRAGMENT,
    UNTRANSLATED,
    debris_candidates,
    source_script_candidates,
    untranslated_candidates,
)
from detector.mt.likelihood import feature_vector, load_likelihood_model
from detector.mt.names import NEAR_MISS, consistency_candidates, gazetteer_candidates, load_gazetteer
from detector.mt.ngrams import UNLIKELY, load_pair_model, unlikely_candidates
from detector.mt.punctuation import (
    DOUBLED_WORD,
    FULLWIDTH_RULE,
    HYPHEN,
    QUOTES,
    SPACE_PUNCT,
    doubled_candidates,
    fullwidth_candidates,
    hyphen_candidates,
    quote_candidates,
    space_candidates,
)
from detector.rules import Rule, lexicon_rules
from detector.scorers.base import finding
from detector.text import TextView

CODE_RULES = (NEAR_MISS, ABBREVIATION_DEBRIS, UNTRANSLATED, SOURCE_FRAGMENT, HYPHEN, SPACE_PUNCT, QUOTES,
              DOUBLED_WORD, FULLWIDTH_RULE, UNLIKELY)


class MtScorer:
    name: ClassVar[str] = "mt"
    version: ClassVar[str] = "1"
    default_weight: ClassVar[float] = 1.0

    def __init__(self, gazetteer_file: str = "") -> None:
        self.lexicon_rules = [resolve(r) for r in lexicon_rules() if r.category == "mt-artifact" and not r.removed]
        self.gazetteer = load_gazetteer(gazetteer_file)
        self.pairs = load_pair_model()
        self.likelihood = load_likelihood_model()
        self.common = frozenset(w for w, c in self.pairs.words.items() if c > 30_000_000)

    @classmethod
    def build(cls, config: Config) -> MtScorer:
        return cls(config.mt.gazetteer)

    @classmethod
    def code_rules(cls) -> tuple[Rule, ...]:
        return CODE_RULES

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(r.id for r in CODE_RULES) + tuple(lr.rule.id for lr in self.lexicon_rules)

    def candidates(self, view: TextView) -> Iterator[MtCandidate]:
        for lexicon_rule in self.lexicon_rules:
            yield from _lexicon_candidates(lexicon_rule, view)
        yield from gazetteer_candidates(view, self.gazetteer)
        yield from consistency_candidates(view, self.gazetteer, self.common)
        yield from debris_candidates(view)
        yield from untranslated_candidates(view)
        yield from source_script_candidates(view)
        yield from hyphen_candidates(view)
        yield from space_candidates(view)
        yield from quote_candidates(view)
        yield from doubled_candidates(view)
        yield from fullwidth_candidates(view)
        yield from unlikely_candidates(view, self.pairs)

    def score(self, document: Document, view: TextView, config: Config) -> ScoreResult:
        guess = view.language
        if guess.lang not in ("en", "und") and guess.probability >= 0.9:
            return ScoreResult(None, {"judged": False, "reason": f"not English ({guess.lang})"})
        findings = _resolve_overlaps(list(self.candidates(view)), view)
        words = len(view.words)
        strong = sum(1 for f in findings if f.severity != "info")
        row = feature_vector((f.rule_id for f in findings), words, strong)
        likelihood = self.likelihood.probability(row)
        metrics = {"judged": True, "mt_likelihood": round(likelihood, 4),
                   "strong_per_1000_words": round(1000.0 * strong / max(words, 1), 2)}
        return ScoreResult(round(100.0 * (1.0 - likelihood), 2), metrics, tuple(findings))


def _lexicon_candidates(lexicon_rule: LexiconRule, view: TextView) -> Iterator[MtCandidate]:
    rule = lexicon_rule.rule
    text = view.text
    for lexicon in lexicon_rule.lexicons:
        for match in phrase_matches(lexicon, view):
            if rule.context == "before-capitalised" and not (text[match.end : match.end + 1] == " "
                                                             and text[match.end + 1 : match.end + 2].isupper()):
                continue
            quote = text[match.start : match.end]
            message = rule.format_message(match=quote, replacement=match.entry.replacement)
            yield MtCandidate(rule, Span(match.start, match.end), rule.confidence, message,
                              match.entry.replacement or None)


def _resolve_overlaps(candidates: list[MtCandidate], view: TextView) -> list[Finding]:
    """Keep the most confident of overlapping candidates (lexicon and code rules can see the same words)."""
    kept: list[MtCandidate] = []
    for c in sorted(candidates, key=lambda c: (-c.confidence, c.span.start, c.rule.id)):
        if any(c.span.start < k.span.end and k.span.start < c.span.end for k in kept):
            continue
        kept.append(c)
    findings = []
    for c in sorted(kept, key=lambda c: (c.span.start, c.rule.id)):
        edit = None if c.replacement is None else Edit(c.span, c.replacement, c.rule.fix_safety == "safe")
        findings.append(finding(c.rule, view, c.span, c.message, confidence=c.confidence, suggestion=edit,
                                severity=c.severity))
    return findings
