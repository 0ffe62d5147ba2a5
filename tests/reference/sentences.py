"""Sentence spans as `detector/sentences.py` and `TextView.sentences` computed them in Python (vendored Punkt,
`tests/reference/punkt.py`), before the native index."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from detector.text.sentences import SENTENCE_END, UNSPACED_LANGUAGES, UNSPACED_SENTENCE, punkt_parameters

from . import punkt
from .text_view import paragraphs


@cache
def tokenizer(lang: str) -> punkt.PunktSentenceTokenizer:
    params = punkt.PunktParameters()
    abbreviations, starters = punkt_parameters(lang)
    params.abbrev_types = set(abbreviations)
    params.sent_starters = set(starters)
    return punkt.PunktSentenceTokenizer(params)


def sentence_spans(text: str, start: int, end: int, lang: str) -> Iterator[tuple[int, int]]:
    if lang in UNSPACED_LANGUAGES:
        for m in UNSPACED_SENTENCE.finditer(text, start, end):
            if m.group(0).strip():
                yield m.start(), m.end()
        return
    first_end = SENTENCE_END.search(text, start, end)
    if (first_end is None or first_end.start() == end - 1) and not text[start:end].isspace():
        yield start, end
        return
    for s, e in tokenizer(lang).span_tokenize(text[start:end]):
        yield start + s, start + e


def document_sentences(text: str, end: int, lang: str) -> list[tuple[int, int]]:
    """`TextView.sentences`: the sentences of every paragraph of the scored prefix, empty spans left out."""
    return [(s, e) for p_start, p_end in paragraphs(text, end)
            for s, e in sentence_spans(text, p_start, p_end, lang) if e > s]
