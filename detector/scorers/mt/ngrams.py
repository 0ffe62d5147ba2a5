"""Unlikely word pairs: two common words side by side that English almost never puts together.

The model is the word and word-pair counts that ship with `symspellpy` (82,765 words and 242,342 pairs from the
Google Books n-gram corpus, each pair seen at least 6.4 million times there). A pair of words that are each common
enough that, were they independent, their pair would be expected in that list at least `ratio` times its
threshold count, yet is absent from it, is unlikely English. Calibrated on the MQM dev files, the signal is weak
(span precision 0.15 on TED against a chance of 0.11; 0.40 on news against 0.31), so findings are `info` and feed
the document's MT likelihood rather than a verdict.
"""

from __future__ import annotations

import bisect
import heapq
import re
import sys
from collections.abc import Container, Iterator, KeysView, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.util import find_spec
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING

from detector.core import prebuilt
from detector.core.first_use import FirstUseTable
from detector.core.model import Span
from detector.scorers.mt.common import MtCandidate, mt_rule
from detector.text.view import TextView

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

RATIO = 0.01

UNLIKELY = mt_rule(
    "MT401", "mt-unlikely-pair", "'{match}': common words English rarely puts together.",
    "Unlikely word pair", "Translation engines assemble sentences word by word; a pair of everyday words that "
    "English almost never combines ('was discussions', 'register that') is a trace of that, and of awkward style.",
    "CNN turned to a representative of Haftar, who was discussions with civil servants this week in Washington.",
    "CNN turned to a representative of Haftar, who was in discussions with civil servants this week in Washington.",
    "Rephrase; check the sentence against the source if you have it.",
    "The pair list holds only very frequent pairs, so rare but correct pairs of frequent words are flagged: on the "
    "MQM dev files only 15% (TED) and 40% (news) of flags overlap an annotated error.", 0.3, severity="info",
    source="symspellpy's frequency_dictionary_en_82_765 and frequency_bigramdictionary_en_243_342 (from Google "
    "Books n-grams, CC BY 3.0; package MIT): 82,765 words, 242,342 pairs", removed=True)


@dataclass(frozen=True, eq=False)
class PairModel:
    words: dict[str, int]
    pairs: Container[str]  # "left right", as the bigram file writes them (a set of 242k strings loads 5x faster
    # than one of tuples, and holds half the memory; built on first use, see `_pair_lookup`)
    total: int
    floor: int
    function_words: frozenset[str]  # the 100 most frequent words: pairs of two of them are not judged

    @property
    def product_threshold(self) -> float:
        """count(a) x count(b) at or above which an absent pair is unlikely (expected count >= RATIO x floor)."""
        return RATIO * self.floor * self.total

    def unlikely(self, left: str, right: str) -> bool:
        a, b = self.words.get(left), self.words.get(right)
        if a is None or b is None or f"{left} {right}" in self.pairs:
            return False
        if left in self.function_words and right in self.function_words:
            return False
        return a * b >= self.product_threshold


WORD_ROW = re.compile(r"^(\S+) (\d+)$", re.MULTILINE)
PAIR_ROW = re.compile(r"^(\S+ \S+) (\d+)$", re.MULTILINE)


def _rows(text: str, row: re.Pattern[str], fields: int) -> list[tuple[str, str]]:
    """(key, count) for every line: one regex pass over the file (a third of the start-up time of splitting 325k
    lines in Python); a file whose lines are not all in the plain form is read line by line instead, with its
    white space normalised as before.

    >>> _rows("of the 10\\nin  the 9\\n", PAIR_ROW, 2)
    [('of the', '10'), ('in the', '9')]
    """
    found = row.findall(text)
    if len(found) == text.count("\n") + (not text.endswith("\n")):  # every line, none blank, in the plain form
        return found
    parts = [line.split() for line in text.splitlines() if line.strip()]
    return [(" ".join(p[:fields]), p[fields]) for p in parts if len(p) == fields + 1]


class WordCounts(Mapping[str, int]):
    """Word -> count, each count read as a number when it is asked for: a scan asks for a few hundred of the 82,765,
    and converting them all at load was a quarter of the MT scorer's start-up."""

    def __init__(self, raw: Mapping[str, str | int], source: str = "") -> None:
        self._raw = raw
        self._source = source  # the identity of the file read ("" for none): `above` is then kept between runs

    def __getitem__(self, word: str) -> int:
        return int(self._raw[word])

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        value = self._raw.get(word)
        return default if value is None else int(value)

    def __contains__(self, word: object) -> bool:
        return word in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def keys(self) -> KeysView[str]:
        return self._raw.keys()

    def above(self, threshold: int) -> frozenset[str]:
        """The words counted more than `threshold` times. A count of fewer digits than the threshold cannot exceed
        it, so only the longer ones are converted (a sixth of them for the MT scorer's 2,000,000); the answer for a
        file is kept in the start-up store (`detector.core.prebuilt`: 3% of a one-file scan's instructions)."""
        if self._source:
            return frozenset(prebuilt.memo("words-above", f"{self._source}\0{threshold}",
                                           lambda: self._above(threshold), code=(sys.modules[__name__],)))
        return self._above(threshold)

    def _above(self, threshold: int) -> frozenset[str]:
        digits = len(str(threshold))
        return frozenset(word for word, value in self._raw.items()
                         if (len(value) >= digits if isinstance(value, str) else True) and int(value) > threshold)


RANK_BOUNDS = (1000, 5000, 20000)  # the frequency-rank buckets F1 <= 1000 < F2 <= 5000 < F3 <= 20000 < F4


@dataclass(frozen=True, eq=False)
class RankBuckets:
    """Which frequency-rank bucket a word of the counts is in: 0 for a rank within `RANK_BOUNDS[0]`, 1 within the
    next bound and so on, `len(RANK_BOUNDS)` beyond the last, None for a word not in the counts.

    The rank is a word's place when the words are ordered by count, highest first, words of equal count in the
    order of the file (1-based; symspellpy's file is in that order but for the 69 words appended at its end). Held as
    the count of the word ranked at each bound (`thresholds`) and, where words of that count straddle the bound, the
    ones of them the bound takes (`ties`, first in the file first; None: every word of that count is inside): so
    no word is ranked at load, and a word is placed by converting its one count.

    >>> buckets = rank_buckets({"a": "9", "b": "30", "c": "9", "d": "1", "e": "9"}, (1, 3))
    >>> [buckets.bucket(w) for w in "abcdex"], buckets.thresholds, frozenset({'a', 'c'}) == buckets.ties[1]
    ([1, 0, 1, 2, 2, None], (30, 9), True)
    """

    counts: Mapping[str, str | int]
    thresholds: tuple[int, ...]
    ties: tuple[frozenset[str] | None, ...]

    def bucket(self, word: str) -> int | None:
        value = self.counts.get(word)
        if value is None:
            return None
        count = int(value)
        for index, (threshold, ties) in enumerate(zip(self.thresholds, self.ties)):
            if count > threshold or (count == threshold and (ties is None or word in ties)):
                return index
        return len(self.thresholds)


def rank_buckets(counts: Mapping[str, str | int], bounds: tuple[int, ...] = RANK_BOUNDS) -> RankBuckets:
    """The thresholds of `RankBuckets`. With counts as decimal strings (as `_word_counts` keeps them) only those of
    at least as many digits as the `bounds[-1]`-th longest can rank within it: only those (a quarter of symspellpy's)
    are converted and sorted, about 10 ms at the first use; were the cut-off ever wrong (a count written with leading
    zeros), or the counts numbers, all are converted."""
    values = list(counts.values())
    ranked: list[int] = []
    try:
        lengths = list(map(len, values))  # type: ignore[arg-type]
        table = bytes(lengths)  # bytes.count is a memchr scan, list.count a comparison per item
        digits, covered = max(lengths, default=0), 0
        while digits > 1 and covered + table.count(digits) < bounds[-1]:
            covered += table.count(digits)
            digits -= 1
        ranked = sorted(map(int, compress(values, map((digits - 1).__lt__, lengths))), reverse=True)
        if len(ranked) < bounds[-1] or ranked[bounds[-1] - 1] < 10 ** (digits - 1):
            ranked = []
    except (TypeError, ValueError):  # counts that are numbers, or of 256 digits
        pass
    if not ranked:
        ranked = sorted(map(int, values), reverse=True)
    thresholds, ties = [], []
    for bound in bounds:
        if bound > len(ranked):  # every word is within the bound
            thresholds.append(-1)
            ties.append(None)
            continue
        threshold = ranked[bound - 1]
        above = bisect.bisect_left(ranked, -threshold, key=int.__neg__)  # words counted more than the threshold
        equal = bisect.bisect_right(ranked, -threshold, key=int.__neg__) - above
        thresholds.append(threshold)
        if above + equal <= bound:
            ties.append(None)
        else:
            tied = [w for w, v in counts.items() if int(v) == threshold]
            ties.append(frozenset(tied[: bound - above]))
    return RankBuckets(counts, tuple(thresholds), tuple(ties))


@cache
def load_rank_buckets() -> RankBuckets:
    """`rank_buckets` of symspellpy's word counts (`load_word_counts`): the MT model's FW tokens read it, at run time
    and in training alike (`detector.scorers.mt.features.fw_form`)."""
    return rank_buckets(load_word_counts()._raw)


@cache
def load_word_counts() -> WordCounts:
    """symspellpy's English word counts: what the MT scorer needs at every scan (common and known words, the
    rarest word of an evidence sentence), without the pair table the retired MT401 read (0.2-0.3 s of start-up)."""
    base = _package_folder("symspellpy")
    path = base / "frequency_dictionary_en_82_765.txt"
    text = path.read_text(encoding="utf-8")
    # Not the table itself from the start-up store: reading 82,765 pairs back costs what splitting the file does.
    # What is kept (`above`) is keyed by the file's path, size and time, as `.pyc` files and the store's own code
    # signatures are: hashing the megabyte would cost half of what keeping saves.
    identity = prebuilt.file_identity(path)  # None for a file inside a zipped package: nothing is kept
    return _word_counts(text, f"{identity}\0{len(text)}" if identity else "")


@cache
def load_pair_model() -> PairModel:
    base = _package_folder("symspellpy")
    words = load_word_counts()
    pairs, floor = _pair_lookup((base / "frequency_bigramdictionary_en_243_342.txt").read_text(encoding="utf-8"))
    top = frozenset(heapq.nlargest(100, words, key=words.__getitem__))  # = sorted(...)[:100], ties included
    return PairModel(words, pairs, sum(words.values()), floor or 1, top)


def _package_folder(name: str) -> Traversable:
    """A package's folder, found without importing the package (symspellpy's import costs 50 ms of a short scan
    and only its two data files are used)."""
    spec = find_spec(name)
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return files(name)


def _word_counts(text: str, source: str = "") -> WordCounts:
    """Word -> count. A file whose every line is `word count` (as many tokens as twice its lines, every second one
    decimal digits, which `int` reads) is split in one pass, a third of the time of the row regex; another is read
    as `_rows` reads it."""
    tokens = text.split()
    lines = text.count("\n") + (not text.endswith("\n"))
    counts = tokens[1::2]
    if len(tokens) == 2 * lines and text.count(" ") == lines and all(map(str.isdecimal, counts)):
        return WordCounts(dict(zip(tokens[0::2], counts)), source)
    return WordCounts({word: int(count) for word, count in _rows(text, WORD_ROW, 1)}, source)


PAIR_COUNT = re.compile(r" (\d+)$", re.MULTILINE)


def _pair_lookup(text: str) -> tuple[Container[str], int]:
    """The pairs and the lowest pair count. A file whose every line is `left right count` (checked by counting its
    spaces and counts, without splitting it) answers look-ups from its text until a run has asked a few hundred
    (detector.core.first_use): building the 242k-string set is 0.1-0.3 s of a one-file scan. Another file is read
    row by row, as `_rows` reads it, into a set at once."""
    lines = text.count("\n") + (not text.endswith("\n"))
    counts = PAIR_COUNT.findall(text)
    plain = (len(counts) == lines and text.count(" ") == 2 * lines and "  " not in text and "\n " not in text
             and not text.startswith(" ") and "\t" not in text and "\r" not in text)
    if not plain:
        rows = _rows(text, PAIR_ROW, 2)
        return frozenset(pair for pair, _ in rows), min((int(count) for _, count in rows), default=1)
    table = FirstUseTable("\n" + text, lambda data, pair: True if f"\n{pair} " in data else None,
                          lambda data: dict.fromkeys((pair for pair, _ in _rows(data[1:], PAIR_ROW, 2)), True))
    return _Keys(table), min(map(int, counts), default=1)


@dataclass(frozen=True, eq=False)
class _Keys:
    """`key in pairs` for a FirstUseTable of pairs."""

    table: FirstUseTable[bool]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and " " in key and "\n" not in key and key in self.table


def unlikely_candidates(view: TextView, model: PairModel) -> Iterator[MtCandidate]:
    """Adjacent lower-case words (proper nouns and pairs of function words are outside what the list can judge)."""
    text = view.text
    counts, pairs, top, threshold = model.words, model.pairs, model.function_words, model.product_threshold
    words, strings = view.words, view.word_texts
    known = [counts.get(s, 0) for s in strings]  # lower-case keys: capitalised words never match
    for i in range(len(words) - 1):
        product = known[i] * known[i + 1]
        if product < threshold:
            continue
        left, right = words[i], words[i + 1]
        if right.start != left.end + 1 or text[left.end] != " ":
            continue
        a, b = strings[i], strings[i + 1]
        if f"{a} {b}" not in pairs and not (a in top and b in top):
            span = Span(left.start, right.end)
            yield MtCandidate(UNLIKELY, span, UNLIKELY.confidence, UNLIKELY.format_message(match=view.quote(span)))
