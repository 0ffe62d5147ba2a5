"""Per-line facts the boilerplate detectors share: word counts, terminal punctuation, case shape, neighbours.

Computed once per document from the TextView's lines, so every detector reads the same numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from detector.core import _native
from detector.core.model import Span
from detector.rules.kinds import line_cores
from detector.text.matching import LineCore
from detector.text.view import TextView

TERMINAL = frozenset('.!?…"”’»)]:;')
PROSE_END = re.compile(r"[.!?…][\"”’»)\]]?\s*$")


@dataclass(frozen=True, slots=True)
class LineFacts:
    index: int
    span: Span
    text: str
    words: int
    ends_sentence: bool
    title_case_share: float
    letters_share: float
    letters: int = 0
    digits: int = 0
    lower_share: float = 0.0  # share of the words starting with a letter that start lower-case

    @property
    def is_prose(self) -> bool:
        """A full sentence or more: the shape of article content."""
        return self.words >= 12 and self.ends_sentence


def facts_for(index: int, span: Span, text: str, counts: tuple[int, int, int, int, int, int, int, bool] | None = None,
              ) -> LineFacts:
    """The facts of one line from its counts (`TextIndex.line_facts`: words by `WORD`, their initials by
    `str.isalpha`/`isupper`/`islower`, `char_counts`, `PROSE_END`), worked out natively for all the lines of a
    document at once; tests/reference/lines.py keeps the Python count it equals."""
    if counts is None:
        counts = _native.line_facts_of(text)
    words, alpha, capitalised, lower, letters, visible, digits, ends = counts
    return LineFacts(
        index=index, span=span, text=text, words=words, ends_sentence=ends,
        title_case_share=capitalised / alpha if alpha else 0.0, letters_share=letters / (visible or 1),
        letters=letters, digits=digits, lower_share=lower / alpha if alpha else 0.0,
    )


class DocumentLines:
    """The lines of one document with their facts and neighbours."""

    def __init__(self, view: TextView) -> None:
        self.view = view
        counts = view._index.line_facts()
        self.lines = tuple(facts_for(i, span, view.quote(span), c)
                           for i, (span, c) in enumerate(zip(view.lines, counts)))

    @cached_property
    def cores(self) -> list[LineCore | None]:
        """Each line's core as line-scope phrase lists compare it, worked out once for every list."""
        return line_cores(self.view)

    def __len__(self) -> int:
        return len(self.lines)

    @cached_property
    def prose_lines(self) -> tuple[int, ...]:
        return tuple(line.index for line in self.lines if line.is_prose)

    def neighbour(self, index: int, step: int) -> LineFacts | None:
        target = index + step
        return self.lines[target] if 0 <= target < len(self.lines) else None

    def between_prose(self, index: int) -> bool:
        before, after = self.neighbour(index, -1), self.neighbour(index, 1)
        return bool(before and after and before.is_prose and after.is_prose)

    def deletion_span(self, index: int) -> Span:
        r"""What to delete to remove line `index` cleanly: the line and the blank lines after it, or, for the last
        line of content, the blank lines before it, so no hole or dangling blank line is left behind.

        >>> from detector.core.model import Document
        >>> from detector.config.settings import Config
        >>> lines = DocumentLines(TextView(Document("d", "A.\n\nclear\n\nB.\n\nLeave a Comment\n"), Config()))
        >>> [lines.view.text[s.start:s.end] for s in (lines.deletion_span(1), lines.deletion_span(3))]
        ['clear\n\n', '\n\nLeave a Comment']
        """
        span = self.lines[index].span
        text = self.view.text
        following = self.neighbour(index, 1)
        if following is not None:
            start_of_next = text.rfind("\n", span.end, following.span.start) + 1
            return Span(span.start, max(start_of_next, span.end))
        previous = self.neighbour(index, -1)
        return Span(previous.span.end if previous is not None else span.start, span.end)
