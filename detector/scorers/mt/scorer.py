"""Machine-translation artifacts: what a translation engine broke, found in the English text alone.

Span findings come from phrase lists (eggcorns, foreign abbreviations, garbled titles: `lexicons/mt/rules.toml`),
names near a known entity or spelled two ways, debris of foreign abbreviations, untranslated fragments, spacing and
quotation breakage and doubled words. The document gets an MT likelihood (0-1) from a trained model (see
`detector/scorers/mt/likelihood.py`); the dimension score is `100 x (1 - likelihood)`, and it moves the verdict
only at `verdict.review_mt_likelihood` (`detector/scorers/verdict.py`). Documents confidently in another language than
English are not judged (the rules are English rules), and neither, for the likelihood, are documents shorter than
the model's `min_words`: they get no score (so no verdict effect) and no evidence findings, only the rules'
findings, which are not guesses ('third -party' is broken in a line of text as in a book).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import ClassVar

from detector.config.selection import opted_in
from detector.config.settings import Config
from detector.core.model import Document, Edit, Finding, ScoreResult, Span
from detector.rules.kinds import LexiconRule, phrase_matches, resolve
from detector.rules.rule import lexicon_rules
from detector.scorers.base import RuleScorer, finding
from detector.scorers.mt.common import DEEP_SCORER, MtCandidate
from detector.scorers.mt.dashes import (
    HYPHEN_DASH,
    SPACED_COMPOUND,
    UNFORMATTED_NUMBER,
    dash_candidates,
    number_candidates,
)
from detector.scorers.mt.evidence import EVIDENCE, evidence_candidates
from detector.scorers.mt.features import document_counts, sentence_ngrams, sentence_tokens, word_count
from detector.scorers.mt.formats import (
    DATE_FORMAT,
    DECIMAL,
    NUMBER_FORMAT,
    date_format_candidates,
    number_format_candidates,
)
from detector.scorers.mt.fragments import (
    ABBREVIATION_DEBRIS,
    SOURCE_FRAGMENT,
    UNTRANSLATED,
    debris_candidates,
    source_script_candidates,
    untranslated_candidates,
)
from detector.scorers.mt.likelihood import LikelihoodModel, explain, judging_gate, load_likelihood_model
from detector.scorers.mt.loops import LOOP, loop_candidates
from detector.scorers.mt.names import NEAR_MISS, consistency_candidates, gazetteer_candidates, load_gazetteer
from detector.scorers.mt.ngrams import UNLIKELY, load_word_counts
from detector.scorers.mt.punctuation import (
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
from detector.scorers.mt.resolve import kept_spans
from detector.text.view import TextView

# A capitalised word whose lower-case form the Google Books list counts this often is an English word in a heading
# ('Reduced', 'Advisors'), not a name: the in-document spelling check leaves it alone.
COMMON_WORD_COUNT = 2_000_000
# Errors people make as often as engines: eggcorns are native mistakes, and doubled words were as frequent in the
# human translations of mt/docs.jsonl as in the machine ones, and ungrouped large numbers as frequent in the human
# TED translations of mqm-zhen as in the machine ones. They are reported, but are no evidence of translation.
# A space before punctuation is as common in native chats, reviews and web pages as in machine translation (MT302).
# Decimal commas are left by human translators more often than by engines (MT315).
NOT_TRANSLATION_EVIDENCE = frozenset({"MT201", "MT304", UNFORMATTED_NUMBER.id, SPACE_PUNCT.id, DECIMAL.id})
CODE_RULES = (NEAR_MISS, ABBREVIATION_DEBRIS, UNTRANSLATED, SOURCE_FRAGMENT, HYPHEN, SPACE_PUNCT, QUOTES,
              DOUBLED_WORD, FULLWIDTH_RULE, HYPHEN_DASH, SPACED_COMPOUND, UNFORMATTED_NUMBER, NUMBER_FORMAT,
              DECIMAL, DATE_FORMAT, LOOP, UNLIKELY, EVIDENCE)


class MtScorer(RuleScorer):
    name: ClassVar[str] = "mt"
    version: ClassVar[str] = "1"
    default_weight: ClassVar[float] = 0.0  # the likelihood moves the verdict only at verdict.review_mt_likelihood
    CODE_RULES = CODE_RULES

    def __init__(self, gazetteer_file: str = "", evidence_findings: bool = True, likelihood_file: str = "") -> None:
        self.evidence_findings = evidence_findings
        self.lexicon_rules = [resolve(r) for r in lexicon_rules() if r.category == "mt-artifact" and not r.removed]
        self.gazetteer = load_gazetteer(gazetteer_file)
        self.word_counts = load_word_counts()
        self._likelihood_file = likelihood_file
        self.gate = judging_gate(likelihood_file)  # the thresholds `not_judged` reads; the model on first use
        self.common = self.word_counts.above(COMMON_WORD_COUNT)
        self.known_words = self.word_counts.keys()  # a view: `in` as fast as a frozenset's, without building one

    @cached_property
    def likelihood(self) -> LikelihoodModel:
        """The model, read when a document is first judged (`judging_gate`)."""
        return load_likelihood_model(self._likelihood_file)

    def load_deferred(self) -> None:
        """Load the model now (`Pipeline.warm_up`, before `--jobs` forks workers that then share it)."""
        _ = self.likelihood

    @classmethod
    def build(cls, config: Config) -> MtScorer:
        return cls(config.mt.gazetteer, likelihood_file=config.mt.likelihood,
                   evidence_findings=DEEP_SCORER not in config.scorers and opted_in(EVIDENCE.id, config.rules))

    def candidates(self, view: TextView) -> Iterator[MtCandidate]:
        for lexicon_rule in self.lexicon_rules:
            yield from _lexicon_candidates(lexicon_rule, view)
        yield from gazetteer_candidates(view, self.gazetteer, self.common)
        yield from consistency_candidates(view, self.gazetteer, self.common)
        yield from debris_candidates(view)
        yield from untranslated_candidates(view)
        yield from source_script_candidates(view)
        yield from hyphen_candidates(view, self.known_words)
        yield from space_candidates(view)
        yield from quote_candidates(view)
        yield from doubled_candidates(view)
        yield from fullwidth_candidates(view)
        yield from dash_candidates(view)
        yield from number_candidates(view)
        yield from number_format_candidates(view)
        yield from date_format_candidates(view)
        yield from loop_candidates(view)

    def score(self, document: Document, view: TextView, config: Config) -> ScoreResult:
        guess = view.language
        if guess.lang not in ("en", "und") and guess.probability >= 0.9:
            return ScoreResult(None, {"judged": False, "reason": f"not English ({guess.lang})"})
        candidates = list(self.candidates(view))
        rule_findings = _resolve_overlaps(candidates, view)
        sentences = sentence_tokens(view)
        words = word_count(sentences)
        strong = sum(1 for f in rule_findings if f.severity != "info" and f.rule_id not in NOT_TRANSLATION_EVIDENCE)
        strong_rate = round(1000.0 * strong / max(words, 50), 2)
        reason = self.gate.not_judged(words, len(sentences))
        if reason:  # too short or not running text: no likelihood, no score, no evidence findings
            return ScoreResult(None, {"judged": False, "mt_likelihood": None, "model_likelihood": None,
                                      "reason": reason, "strong_per_1000_words": strong_rate}, tuple(rule_findings))
        counts = document_counts(sentences)
        decision, shares = self.likelihood.contributions(counts)
        likelihood = self.likelihood.probability(decision)
        # evidence sentences only where the likelihood moves the verdict (9 in 10 machine translations out of fold)
        evidence = list(evidence_candidates(self.likelihood, sentences, [sentence_ngrams(s) for s in sentences],
                                            counts, shares, likelihood, words, self.word_counts, view.text)) if (
            self.evidence_findings and likelihood >= config.verdict.review_mt_likelihood) else []
        findings = _resolve_overlaps(candidates + evidence, view) if evidence else rule_findings
        metrics = {"judged": True, "mt_likelihood": round(likelihood, 4), "model_likelihood": round(likelihood, 4),
                   "strong_per_1000_words": strong_rate,
                   "evidence": explain(self.likelihood, counts, shares, words, likelihood >= self.likelihood.prior)}
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
    """Keep the most confident of overlapping candidates (lexicon and code rules can see the same words); linear
    in the candidates' total length (`detector/scorers/mt/resolve.py`)."""
    chosen = kept_spans([(c.span.start, c.span.end, c.confidence) for c in candidates],
                        [c.rule.id for c in candidates])
    kept = [candidates[i] for i in chosen]
    findings = []
    for c in sorted(kept, key=lambda c: (c.span.start, c.rule.id)):
        edit = None if c.replacement is None else Edit(c.span, c.replacement, c.safe)
        findings.append(finding(c.rule, view, c.span, c.message, confidence=c.confidence, suggestion=edit,
                                severity=c.severity))
    return findings
