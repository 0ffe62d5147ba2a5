"""The per-line facts and prose counts of the boilerplate scorer as `scorers/boilerplate/lines.py` and `prose.py`
computed them in Python, before `TextIndex.line_facts` and `prose_counts`."""

from __future__ import annotations

from detector.core.model import Span
from detector.scorers.boilerplate.lines import PROSE_END, LineFacts
from detector.scorers.boilerplate.prose import (
    CLAUSE_MARK,
    LONG_WORDS,
    MIN_WORDS,
    NO_SPACE_MIN_CHARS,
    NO_SPACE_SCRIPT,
    SENTENCE_END,
    LineProse,
    Vocabulary,
    _in_another_language,
    strip_marker,
    vocabulary_for,
)
from detector.text.view import WORD

from .text_view import char_counts


def facts_for(index: int, span: Span, text: str) -> LineFacts:
    tokens = WORD.findall(text)
    alpha = [t for t in tokens if t[0].isalpha()]
    capitalised = sum(1 for t in alpha if t[0].isupper())
    letters, visible, digits = char_counts(text)
    return LineFacts(
        index=index, span=span, text=text, words=len(tokens), ends_sentence=bool(PROSE_END.search(text)),
        title_case_share=capitalised / len(alpha) if alpha else 0.0, letters_share=letters / (visible or 1),
        letters=letters, digits=digits, lower_share=sum(1 for t in alpha if t[0].islower()) / len(alpha) if alpha
        else 0.0,
    )


def line_prose(text: str, lang: str, vocabulary: Vocabulary | None = None) -> LineProse:
    vocabulary = vocabulary_for(lang) if vocabulary is None else vocabulary
    words_of_lang = vocabulary.words
    core = strip_marker(text)
    ends = bool(SENTENCE_END.search(core))
    no_space = len(NO_SPACE_SCRIPT.findall(core))
    tokens = WORD.findall(core)
    if no_space >= 0.3 * max(1, len(core)):
        common = sum(1 for ch in core if ch in words_of_lang) / no_space if words_of_lang else -1.0
        running = no_space >= NO_SPACE_MIN_CHARS and (ends or any(ch in CLAUSE_MARK for ch in core)
                                                      or no_space >= 2.5 * NO_SPACE_MIN_CHARS)
        return LineProse(max(len(tokens), no_space // 2), common, ends, running, core)
    count = len(tokens)
    if count == 0:
        return LineProse(0, 0.0, ends, False, core)
    if words_of_lang:
        folded = [t.casefold().replace("’", "'") for t in tokens]
        share = sum(1 for t in folded if t in words_of_lang) / count
        shaped = count >= MIN_WORDS and (ends or count >= LONG_WORDS)
        running = shaped and (share >= vocabulary.min_share or _in_another_language(folded))
    else:
        share = -1.0
        running = count >= MIN_WORDS and (ends or count >= LONG_WORDS)
    return LineProse(count, share, ends, running, core)
