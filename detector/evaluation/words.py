"""Word-level figures of what a user gets from `detector clean`: the cleaned text's words against the gold article.

Line precision says how well residue lines are found; a user cares about the text that comes out. So each page is
scored as the WCXB benchmark scores extractors: the lowercase `\\w+` runs of a text and of the gold article as two
bags of words, precision and recall of their overlap (a word counts as often as it occurs in both), F1, and the
mean of each over pages. Three texts are scored side by side: the raw input, the text after a default clean, and a
perfect cleaner's text (every line labelled residue removed, nothing else). The share of the gap from raw to
perfect that the clean closes is the figure that matters; the characters of lines labelled content that the clean
removed are its cost.

>>> figures = word_prf(tokens("The plan went ahead."), tokens("the plan went ahead today"))
>>> tuple(round(x, 2) for x in figures)
(1.0, 0.8, 0.89)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

WORD = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    """The bag of lowercase `\\w+` runs of a text."""
    return Counter(WORD.findall(text.lower()))


def word_prf(predicted: Counter[str], gold: Counter[str]) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of `predicted` against `gold`; an empty prediction scores 0."""
    common = sum((predicted & gold).values())
    size, truth = sum(predicted.values()), sum(gold.values())
    precision = common / size if size else 0.0
    recall = common / truth if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def surviving(length: int, rounds: Iterable[Sequence[tuple[int, int, int]]]) -> bytearray:
    """Which characters of the original text are still there after rounds of edits (1: kept). Each round lists
    (start, end, replacement length) in offset order, offsets into that round's input; a replacement's characters
    are new, so they map to no original character.

    >>> list(surviving(6, [[(1, 3, 0)], [(0, 1, 2)]]))
    [0, 0, 0, 1, 1, 1]
    """
    origin = list(range(length))
    for edits in rounds:
        out: list[int] = []
        position = 0
        for start, end, replacement in edits:
            out.extend(origin[position:start])
            out.extend([-1] * replacement)
            position = end
        out.extend(origin[position:])
        origin = out
    kept = bytearray(length)
    for index in origin:
        if index >= 0:
            kept[index] = 1
    return kept


@dataclass
class WordFigures:
    """Sums over pages of the three texts' precision, recall and F1, and the content characters kept and lost."""

    pages: int = 0
    sums: dict[str, list[float]] = field(default_factory=lambda: {k: [0.0, 0.0, 0.0]
                                                                  for k in ("raw", "clean", "perfect")})
    content_chars: int = 0
    lost_chars: int = 0

    def add(self, raw: tuple[float, float, float], clean: tuple[float, float, float],
            perfect: tuple[float, float, float], content_chars: int, lost_chars: int) -> None:
        self.pages += 1
        for key, figures in (("raw", raw), ("clean", clean), ("perfect", perfect)):
            for i, value in enumerate(figures):
                self.sums[key][i] += value
        self.content_chars += content_chars
        self.lost_chars += lost_chars

    def __add__(self, other: WordFigures) -> WordFigures:
        out = WordFigures(self.pages + other.pages, {k: [a + b for a, b in zip(v, other.sums[k])]
                                                      for k, v in self.sums.items()},
                          self.content_chars + other.content_chars, self.lost_chars + other.lost_chars)
        return out

    def summary(self) -> dict[str, float]:
        """Means over pages; `gap_closed` = (clean - raw) / (perfect - raw) of the mean F1s."""
        n = self.pages or 1
        out: dict[str, float] = {"pages": self.pages}
        for key, (p, r, f) in self.sums.items():
            out[f"{key}_precision"], out[f"{key}_recall"], out[f"{key}_f1"] = (round(p / n, 4), round(r / n, 4),
                                                                               round(f / n, 4))
        gap = (self.sums["perfect"][2] - self.sums["raw"][2]) / n
        out["gap_closed"] = round((self.sums["clean"][2] - self.sums["raw"][2]) / n / gap, 4) if gap > 0 else 0.0
        out["content_lost"] = round(self.lost_chars / self.content_chars, 5) if self.content_chars else 0.0
        return out
