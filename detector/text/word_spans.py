"""A document's words as a sequence of spans that are made when read.

Most word rules test every word at C speed on the word strings (`TextView.word_texts`) and look at the offsets of a
few: a span object per word for all of them was the largest single cost of the MT rules on long texts (0.13 s of a
page of 250,000 words, about 3% of scoring an ordinary page). The offsets stay in two tuples (`starts`, `ends`),
which a rule may also read directly for a whole stretch of words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from detector.core.model import Span


class WordSpans(Sequence[Span]):
    """`Span(starts[i], ends[i])` for word i, made on access; slices give lists."""

    __slots__ = ("ends", "starts")

    def __init__(self, starts: tuple[int, ...], ends: tuple[int, ...]) -> None:
        self.starts = starts
        self.ends = ends

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> Span: ...

    @overload
    def __getitem__(self, index: slice) -> list[Span]: ...

    def __getitem__(self, index: int | slice) -> Span | list[Span]:
        if isinstance(index, slice):
            return list(map(Span, self.starts[index], self.ends[index]))
        return Span(self.starts[index], self.ends[index])

    def __iter__(self) -> Iterator[Span]:
        return map(Span, self.starts, self.ends)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, WordSpans):
            return self.starts == other.starts and self.ends == other.ends
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"WordSpans({len(self)} words)"
