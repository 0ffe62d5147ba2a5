"""Language: which language a document is in, how sure we are, and whether parts of it are in another one.

The score is `100 x p(top language) x (1 - share of letters in paragraphs of another language)`: a clean
single-language article scores near 100, a mixed one loses the foreign share, a document whose language cannot be
told scores 0. Paragraph checks use stricter thresholds than the document check, because langdetect is unreliable
on short text and a false "mixed" finding on an English quote is worse than a miss.
"""

from __future__ import annotations

from typing import ClassVar

from detector.config.settings import Config
from detector.core.model import Document, Finding, ScoreResult, Span
from detector.rules.rule import Rule
from detector.scorers.base import RuleScorer, finding
from detector.text.charcount import char_counts
from detector.text.langid import UNDETERMINED, shared_identifier
from detector.text.view import TextView

SOURCE = "langdetect (Nakatani Shuyo's language-detection, 55 languages), seeded; langdetect-rs when installed"

UNDETERMINED_RULE = Rule(
    id="LG101", name="language-undetermined", category="language", kind="detector", severity="warning",
    confidence=0.95, message="Too little text to tell its language ({letters} letters, {share:.0%} of them letters).",
    title="Language cannot be determined",
    rationale="Routing, filtering and every language-specific check need the language. A document that is mostly "
    "symbols, numbers or a few words cannot be routed safely and is often extraction debris.",
    example="12:00 | 3-1 | €45", fixed_example="The ministry confirmed the plan on Saturday in a short statement.",
    fix="Check the extraction; keep the document only if a human can tell what it is.", fix_safety="none",
    known_problems="Short but legitimate items (headlines, captions) are reported too: raise `language.min_letters` "
    "down for such collections.",
    source=SOURCE,
)
MIXED_RULE = Rule(
    id="LG102", name="mixed-language", category="language", kind="detector", severity="warning", confidence=0.85,
    message="This paragraph reads as '{lang}' (p={prob:.2f}) in a '{doc_lang}' document.",
    title="Paragraph in another language",
    rationale="A paragraph in another language is usually a leftover of a bilingual page, an untranslated block of a "
    "machine translation, or a language switcher. It breaks single-language corpora and readability figures.",
    example="The ministry said on Saturday that the plan would go ahead as agreed with its partners abroad.\n\n"
    "The talks are to continue next week, the statement said, and a first group could arrive before the end of "
    "the year, officials in the capital added on Sunday.\n\n"
    "Die Regierung hat am Samstag mitgeteilt, dass der Plan wie mit den Partnern vereinbart umgesetzt wird und "
    "dass die Gespräche in der kommenden Woche fortgesetzt werden sollen.",
    fixed_example="The ministry said on Saturday that the plan would go ahead as agreed with its partners abroad.\n\n"
    "The talks are to continue next week, the statement said, and a first group could arrive before the end of "
    "the year.",
    fix="Remove the paragraph, or translate it, or split the document by language.", fix_safety="unsafe",
    known_problems="Paragraphs of names, addresses or citations can be misread; paragraphs under "
    "`language.paragraph_min_letters` letters are not checked.",
    source=SOURCE,
)
UNEXPECTED_RULE = Rule(
    id="LG103", name="unexpected-language", category="language", kind="detector", severity="error", confidence=0.9,
    message="Detected language '{lang}' is not one of the expected languages ({expected}).",
    title="Document is not in an expected language",
    rationale="When a collection is meant for some languages only (`language.expected`), a document in another "
    "language cannot be used there at all.",
    example="Die Regierung hat am Samstag mitgeteilt, dass der Plan wie vereinbart umgesetzt wird.",
    fixed_example="The government said on Saturday that the plan would go ahead as agreed.",
    fix="Route the document to a collection for its language, or drop it.", fix_safety="none",
    known_problems="Only checked when `language.expected` is set.", source=SOURCE,
    example_config={"language.expected": ["en"]},
)
UNCERTAIN_RULE = Rule(
    id="LG104", name="uncertain-language", category="language", kind="detector", severity="info", confidence=0.7,
    message="Language '{lang}' detected with low confidence (p={prob:.2f}; next: {runner_up}).",
    title="Language detected with low confidence",
    rationale="A low top probability usually means very short text, a mix of languages, or closely related "
    "languages; downstream routing may be wrong.",
    example="Hotel Paris Bristol Berlin Wien",
    fixed_example="The ministry confirmed the plan on Saturday in a short statement to reporters.",
    fix="Check the document by eye; set `language.expected` to gate on the language.", fix_safety="none",
    known_problems="Lists of names are often uncertain although their language does not matter.", source=SOURCE,
)


class LanguageScorer(RuleScorer):
    name: ClassVar[str] = "language"
    version: ClassVar[str] = "1"
    default_weight: ClassVar[float] = 1.0
    CODE_RULES = (UNDETERMINED_RULE, MIXED_RULE, UNEXPECTED_RULE, UNCERTAIN_RULE)

    def score(self, document: Document, view: TextView, config: Config) -> ScoreResult:
        cfg = config.language
        guess = view.language
        if guess.lang == UNDETERMINED:
            text = view.scored_text
            letters, visible, _ = char_counts(text)
            message = UNDETERMINED_RULE.format_message(letters=letters, share=letters / (visible or 1))
            return ScoreResult(0.0, {"language": UNDETERMINED, "probability": 0.0},
                               (finding(UNDETERMINED_RULE, view, None, message),))
        findings: list[Finding] = []
        if guess.probability < cfg.uncertain_below:
            runner_up = ", ".join(f"{lang} {p:.2f}" for lang, p in guess.candidates[1:3]) or "none"
            findings.append(finding(UNCERTAIN_RULE, view, None, UNCERTAIN_RULE.format_message(
                lang=guess.lang, prob=guess.probability, runner_up=runner_up)))
        if cfg.expected and guess.lang not in cfg.expected:
            findings.append(finding(UNEXPECTED_RULE, view, None, UNEXPECTED_RULE.format_message(
                lang=guess.lang, expected=", ".join(cfg.expected))))
        mixed, foreign_share = self._mixed_paragraphs(view, guess.lang, config)
        findings.extend(mixed)
        score = round(100.0 * guess.probability * (1.0 - foreign_share), 2)
        metrics = {"language": guess.lang, "probability": round(guess.probability, 4),
                   "foreign_share": round(foreign_share, 4)}
        return ScoreResult(score, metrics, tuple(findings))

    def _mixed_paragraphs(self, view: TextView, doc_lang: str, config: Config) -> tuple[list[Finding], float]:
        cfg = config.language
        identifier = shared_identifier(cfg.seed)
        findings: list[Finding] = []
        paragraphs = view.paragraphs
        if len(paragraphs) < 2:
            return findings, 0.0
        total = foreign = 0
        blanked = view.language_text  # addresses blanked, same offsets: a list of links is no language
        for paragraph in paragraphs:
            text = blanked[paragraph.start : paragraph.end]
            letters = char_counts(text)[0]
            total += letters
            if letters < cfg.paragraph_min_letters:
                continue
            guess = identifier.detect(text)
            if guess.lang in (doc_lang, UNDETERMINED) or guess.probability < cfg.paragraph_min_probability:
                continue
            foreign += letters
            message = MIXED_RULE.format_message(lang=guess.lang, prob=guess.probability, doc_lang=doc_lang)
            findings.append(finding(MIXED_RULE, view, Span(paragraph.start, paragraph.end), message,
                                    confidence=min(MIXED_RULE.confidence, guess.probability)))
        return findings, (foreign / total if total else 0.0)
