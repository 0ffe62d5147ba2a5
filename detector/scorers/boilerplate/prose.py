"""Running text: the lines of a document that read as sentences of its own language.

The boilerplate scorer must never delete the article on the strength of a line's shape alone, so it first has to
know which lines are article-like prose. A line is running text when it has enough words, ends like a sentence (or
is long enough to be one), and a fair share of its words are the language's most frequent words: its articles,
prepositions, pronouns and auxiliaries (`lexicons/text/function_words.json`, built from wordfreq and stopwords-iso
by `scripts/build_function_words.py`). Menus, tag clouds and link lists have almost none of those words, in any
language; English function words would call every German paragraph furniture. The share asked is a third of what
the language's running text has on average (by wordfreq's frequencies: 15% in English, 5% in Tamil, whose function
words are mostly suffixes), so agglutinative languages are not held to English.

Scripts written without spaces (Chinese, Japanese, Thai) have no words to count: there a line is running text when it
has enough of those characters and sentence punctuation, and the share of the language's most frequent single
characters (的, の, ...) stands in for the function-word share.

Lines that continue one sentence (a hard-wrapped paragraph, an inline link that an extractor put on a line of its own)
are judged together: `units()` chains them, and a unit that reads as running text protects every line in it.

>>> facts = line_prose("The ministry said on Saturday that the plan would go ahead as agreed.", "en")
>>> facts.running_text, facts.words
(True, 13)
>>> line_prose("Home | World | Business | Sport | Technology | Travel | Culture", "en").running_text
False
>>> line_prose("Das Ministerium erklärte am Samstag, der Plan werde wie vereinbart umgesetzt.", "de").running_text
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from operator import methodcaller

from detector.core import _native
from detector.core.safety import without_surrogates
from detector.text.lexicons import LexiconError, lexicon_root
from detector.text.view import WORD

FORMAT = "detector-function-words/1"
MIN_WORDS = 8  # fewer words than this is a heading, a label or a list item, never a sentence by shape
LONG_WORDS = 12  # this many words reads as a sentence even without final punctuation (hard-wrapped text)
MAX_SHARE = 0.15  # the share asked of a language whose listed words cover 45% of running text (English, German)
SHARE_OF_COVERAGE = 0.33  # the share asked is a third of what running text in the language has on average
MIN_SHARE = 0.05
UNKNOWN_COVERAGE = 0.25  # a list without frequencies (stopwords-iso, hand-curated): ask for 0.08
NO_SPACE_MIN_CHARS = 16
MARKER = re.compile(r"^\s*(?:[-*+•·▪►◦>]|o(?=\s))\s+")  # list markers that extractors add, not part of the text
SENTENCE_END = re.compile(r"[.!?…。！？][\"”’»)\]」』]?\s*$")
NO_SPACE_SCRIPT = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
CLAUSE_MARK = frozenset("、，,；")
ALIASES = {"zh": "zh-cn", "nb": "no", "sh": "hr", "fil": "tl"}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A language's function words and the share of a line's words that must be among them for running text
    (empty words: judge by shape only)."""

    words: frozenset[str]
    min_share: float


NO_VOCABULARY = Vocabulary(frozenset(), MAX_SHARE)


@cache
def function_words() -> dict[str, Vocabulary]:
    """Every language's list, loaded once; the file's format line is checked so a stale file is refused. A list of
    morphemes (Korean, as wordfreq tokenises it) cannot be matched against space-separated words, so that language
    is judged by shape; Chinese and Japanese are judged by characters (`line_prose`)."""
    path = lexicon_root() / "text" / "function_words.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise LexiconError(f"{path.name}:1: format must be {FORMAT}")
    out = {}
    for lang, entry in data["languages"].items():
        share = SHARE_OF_COVERAGE * float(entry.get("coverage", UNKNOWN_COVERAGE))
        words = frozenset(entry["words"])
        if entry.get("morphemes") and lang not in ("ja", "zh-cn", "zh-tw"):
            words = frozenset()
        out[lang] = Vocabulary(words, max(MIN_SHARE, min(MAX_SHARE, share)))
    return out


def vocabulary_for(lang: str) -> Vocabulary:
    """The vocabulary of `lang` (a langdetect code such as `zh-tw`, or a plain ISO code)."""
    lists = function_words()
    return (lists.get(lang) or lists.get(ALIASES.get(lang, "")) or lists.get(lang.split("-")[0])
            or NO_VOCABULARY)


@dataclass(frozen=True, slots=True)
class LineProse:
    words: int  # for scripts without spaces: characters / 2, a rough word count
    share: float  # share of the words that are function words (-1.0: the language has no list)
    ends_sentence: bool
    running_text: bool
    core: str = ""  # the line without its list marker (`strip_marker`), which the line model's features read too


def strip_marker(text: str) -> str:
    """The line without the bullet an extractor put before a list item (`* `, `- `, `o `)."""
    return MARKER.sub("", text, count=1).strip()


def line_prose(text: str, lang: str, vocabulary: Vocabulary | None = None) -> LineProse:
    return prose_lines([text], lang, vocabulary)[0]


@cache
def _native_vocabulary(words: frozenset[str]) -> _native.Vocabulary:
    return _native.Vocabulary(words)


def prose_lines(texts: Sequence[str], lang: str, vocabulary: Vocabulary | None = None) -> list[LineProse]:
    """`LineProse` of each text. What a line holds is counted natively for all the texts at once
    (`prose_counts`: the core without its list marker (`MARKER`), `SENTENCE_END`, characters of `NO_SPACE_SCRIPT`,
    `WORD` tokens and those among the language's function words, case-folded with ’ read as '); the shares and
    thresholds below decide. tests/reference/prose.py keeps the Python count it equals."""
    vocabulary = vocabulary_for(lang) if vocabulary is None else vocabulary
    counts = _native.prose_counts([without_surrogates(t) for t in texts], _native_vocabulary(vocabulary.words))
    return [_judge(text, c, vocabulary) for text, c in zip(texts, counts)]


def _judge(text: str, counts: tuple[int, int, bool, int, int, int, int, bool, int], vocabulary: Vocabulary,
           ) -> LineProse:
    core_start, core_end, ends, no_space, count, hits, char_hits, clause, core_length = counts
    core = text[core_start:core_end]
    words_of_lang = vocabulary.words
    if no_space >= 0.3 * max(1, core_length):
        common = char_hits / no_space if words_of_lang else -1.0
        running = no_space >= NO_SPACE_MIN_CHARS and (ends or clause or no_space >= 2.5 * NO_SPACE_MIN_CHARS)
        return LineProse(max(count, no_space // 2), common, ends, running, core)
    if count == 0:
        return LineProse(0, 0.0, ends, False, core)
    if words_of_lang:
        share = hits / count
        shaped = count >= MIN_WORDS and (ends or count >= LONG_WORDS)
        running = shaped and (share >= vocabulary.min_share
                              or _in_another_language(_folded(core)))
    else:  # a language without a usable list: shape only
        share = -1.0
        running = count >= MIN_WORDS and (ends or count >= LONG_WORDS)
    return LineProse(count, share, ends, running, core)


@cache
def _language_index() -> tuple[dict[str, tuple[int, ...]], tuple[float, ...]]:
    """word -> the languages (by position in `function_words()`) whose list has it, and each language's share."""
    index: dict[str, list[int]] = {}
    shares = []
    for position, vocabulary in enumerate(function_words().values()):
        shares.append(vocabulary.min_share)
        for word in vocabulary.words:
            index.setdefault(word, []).append(position)
    return {word: tuple(langs) for word, langs in index.items()}, tuple(shares)


_FOLD_APOSTROPHE = methodcaller("replace", "’", "'")


def _folded(core: str) -> list[str]:
    """The core's `WORD` tokens case-folded, with ’ read as ' (C loops: `map`)."""
    return list(map(_FOLD_APOSTROPHE, map(str.casefold, WORD.findall(core))))


def _in_another_language(folded: Sequence[str]) -> bool:
    """A sentence in a language other than the page's (a quote, a bilingual page, a wrongly detected page) is
    running text too. Asked more strictly than of the page's language, since with 55 lists short tokens such as
    `a`, `de` or `la` belong to many: twice that language's share, and three different function words."""
    index, min_shares = _language_index()
    hits: dict[int, set[str]] = {}
    for word in set(folded):  # each distinct word once (the answer does not depend on the order)
        for position in index.get(word, ()):
            hits.setdefault(position, set()).add(word)
    count = len(folded)
    for position, distinct in hits.items():
        if len(distinct) < 3:
            continue
        matched = sum(map(distinct.__contains__, folded))
        if matched / count >= 2 * min_shares[position]:
            return True
    return False


def continues(previous: str, line: str) -> bool:
    """`line` carries on the sentence of `previous`: the previous line stops without a sentence mark or a colon and
    this one starts in lower case or with punctuation that cannot open a sentence."""
    before = previous.rstrip()
    start = strip_marker(line)[:1]
    if not before or not start or before[-1] in ".!?…:;。！？\"”’»)]":
        return False
    return start.islower() or start in ",;:)]}%»”’"


def units(texts: Sequence[str], blank_before: Sequence[bool]) -> list[int]:
    """For each line, the index of the first line of its unit: lines chain while each continues the one before and
    no blank line separates them."""
    first: list[int] = []
    for index, text in enumerate(texts):
        if index and not blank_before[index] and continues(texts[index - 1], text):
            first.append(first[-1])
        else:
            first.append(index)
    return first
