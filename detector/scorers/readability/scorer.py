"""Readability: how hard the text is to read, and what a reader trips over.

The score is Flesch reading ease clamped to 0-100 (textstat's language-specific constants: Amstad for German,
Fernández Huerta for Spanish, ...): 60-70 is plain English, 30-50 is typical news, below 30 is academic. For a
language textstat has no formula for, the score is absent, counts are still reported, and a finding says why.
Word and sentence counts come from the shared TextView (Punkt sentences), the formulas from textstat's own counting.
"""

from __future__ import annotations

from typing import Any, ClassVar

from detector.config.settings import Config
from detector.core.model import Document, Finding, ScoreResult, Span
from detector.rules.rule import Rule
from detector.scorers.base import RuleScorer, finding
from detector.scorers.readability.textstat_adapter import readability_metrics, supported
from detector.text.langid import UNDETERMINED
from detector.text.view import TextView

SOURCE = "textstat 0.7 formulas (Flesch 1948, Kincaid et al. 1975, Gunning 1952, McLaughlin 1969, Coleman-Liau 1975, "
SOURCE += "Dale-Chall 1995); sentences by nltk Punkt with the shipped abbreviation lists"

LONG_SENTENCE_RULE = Rule(
    id="RD301", name="long-sentence", category="readability", kind="metric", severity="info", confidence=0.9,
    message="Sentence of {words} words (limit {limit}): readers lose the thread; consider splitting it.",
    title="Very long sentence",
    rationale="Comprehension drops sharply past about 40 words a sentence. In scraped text a very long 'sentence' "
    "is also a common sign of lost punctuation or of several lines glued together by the extractor.",
    example="The minister said that the plan, which had been discussed for months with partners in the region and "
    "with several international agencies, would be put in place in stages over the coming year and that the first "
    "group would arrive before the end of the month.",
    fixed_example="The minister said the plan would be put in place in stages over the coming year. "
    "The first group would arrive before the end of the month.",
    fix="Split the sentence at a clause boundary, or restore the punctuation the extractor lost.", fix_safety="none",
    known_problems="Legal and scientific text has long sentences by nature; lists written as one sentence count too.",
    source=SOURCE, example_config={"readability.long_sentence_words": 30},
)
WALL_RULE = Rule(
    id="RD302", name="wall-of-text", category="readability", kind="metric", severity="info", confidence=0.8,
    message="{words} words with no paragraph break: the extractor probably dropped the paragraph structure.",
    title="Wall of text with no paragraph breaks",
    rationale="Readers scan by paragraph. A long article in one block has usually lost its structure during "
    "extraction, which also hides where residue starts and ends.",
    example="The ministry confirmed the plan on Saturday. It said the first group would arrive soon. Officials "
    "declined to give a date. Partners were consulted. More details will follow next week, the statement said.",
    fixed_example="The ministry confirmed the plan on Saturday. It said the first group would arrive soon.\n\n"
    "Officials declined to give a date. Partners were consulted. More details will follow next week, the "
    "statement said.",
    fix="Re-extract with paragraph breaks kept, or split at topic shifts.", fix_safety="none",
    known_problems="Short pieces are exempt below `readability.wall_of_text_words` words.", source=SOURCE,
    example_config={"readability.wall_of_text_words": 20},
)
DIFFICULT_RULE = Rule(
    id="RD303", name="very-difficult-text", category="readability", kind="metric", severity="info",
    confidence=0.7, message="Flesch reading ease {score:.1f} (below {limit:.0f}): very hard to read.",
    title="Very difficult text",
    rationale="Scores this low come from very long sentences full of long words: legal boilerplate, tables read as "
    "text, or lists of names glued together, rather than articles.",
    example="Notwithstanding the aforementioned considerations, intergovernmental institutionalisation of "
    "multilateral counterterrorism interoperability necessitates comprehensive reconceptualisation.",
    fixed_example="The talks went well. Both sides want to meet again next week, and a deal could follow soon.",
    fix="Check whether the text is an article at all; if it is, nothing needs fixing.", fix_safety="none",
    known_problems="Technical prose is legitimately difficult.", source=SOURCE,
)
UNSUPPORTED_RULE = Rule(
    id="RD304", name="readability-unsupported-language", category="readability", kind="metric", severity="info",
    confidence=1.0, message="No readability formula for language '{lang}': counts only.",
    title="No readability formula for this language",
    rationale="Readability formulas are calibrated per language; applying English constants to another language "
    "gives meaningless numbers, so none is given.",
    example="这是一个关于语言检测的简短中文句子，用于测试可读性评分。",
    fixed_example="This is a short English sentence about language detection for testing readability.",
    fix="None needed; use a readability measure made for the language if one is required.", fix_safety="none",
    known_problems="Languages with Flesch constants get a score but no grade-level formulas.", source=SOURCE,
)


class ReadabilityScorer(RuleScorer):
    name: ClassVar[str] = "readability"
    version: ClassVar[str] = "1"
    default_weight: ClassVar[float] = 0.5
    CODE_RULES = (LONG_SENTENCE_RULE, WALL_RULE, DIFFICULT_RULE, UNSUPPORTED_RULE)

    def score(self, document: Document, view: TextView, config: Config) -> ScoreResult:
        cfg = config.readability
        lang = view.language.lang
        sentences = view.sentences
        words = len(view.words)
        metrics: dict[str, Any] = {
            "words": words,
            "sentences": len(sentences),
            "paragraphs": len(view.paragraphs),
            "mean_sentence_words": round(words / len(sentences), 2) if sentences else 0.0,
        }
        findings: list[Finding] = []
        for sentence in sentences:
            count = view.words_in(sentence)
            if count > cfg.long_sentence_words:
                message = LONG_SENTENCE_RULE.format_message(words=count, limit=cfg.long_sentence_words)
                findings.append(finding(LONG_SENTENCE_RULE, view, Span(sentence.start, sentence.end), message))
        if words > cfg.wall_of_text_words and len(view.paragraphs) == 1:
            findings.append(finding(WALL_RULE, view, None, WALL_RULE.format_message(words=words)))
        if lang == UNDETERMINED or not supported(lang) or words == 0:
            findings.append(finding(UNSUPPORTED_RULE, view, None, UNSUPPORTED_RULE.format_message(lang=lang)))
            return ScoreResult(None, metrics, tuple(findings))
        metrics.update(readability_metrics(view.scored_text, lang))
        ease = metrics["flesch_reading_ease"]
        if ease < cfg.very_difficult_below:
            findings.append(finding(DIFFICULT_RULE, view, None, DIFFICULT_RULE.format_message(
                score=ease, limit=cfg.very_difficult_below)))
        return ScoreResult(round(min(100.0, max(0.0, ease)), 2), metrics, tuple(findings))
