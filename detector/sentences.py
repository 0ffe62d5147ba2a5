"""Sentence boundaries with offsets, offline.

nltk's `sent_tokenize` needs the `punkt_tab` data, which is downloaded at run time and absent on a fresh or offline
machine. We build the same Punkt tokenizer from parameters that ship in `lexicons/text/abbreviations.<lang>.tsv`
(the abbreviations that do not end a sentence, the part of Punkt's model that matters most for news text), so
nothing is fetched and the list is reviewable data. Languages without a list use the English one; CJK full stops
also end sentences.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

from detector.lexicons import lexicon_files, load_lexicon


class _NewsLanguageVars(PunktLanguageVars):
    sent_end_chars = (".", "?", "!", "\u3002", "\uff01", "\uff1f")


@cache
def _tokenizer(lang: str) -> PunktSentenceTokenizer:
    available = {name.split("/")[-1].split(".")[1] for name in lexicon_files("text/abbreviations.*.tsv")}
    params = PunktParameters()
    chosen = lang if lang in available else "en"
    if chosen in available:
        lexicon = load_lexicon(f"text/abbreviations.{chosen}.tsv")
        params.abbrev_types = {entry.pattern.casefold() for entry in lexicon.entries}
    return PunktSentenceTokenizer(params, lang_vars=_NewsLanguageVars())


def sentence_spans(text: str, start: int, end: int, lang: str) -> Iterator[tuple[int, int]]:
    """Sentence spans inside `text[start:end]`, as offsets into `text`."""
    tokenizer = _tokenizer(lang)
    for s, e in tokenizer.span_tokenize(text[start:end]):
        yield start + s, start + e
