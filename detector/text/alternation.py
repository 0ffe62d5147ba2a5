"""A regex alternation that only runs the alternatives a text can match.

Python's `re` tries every alternative at every position, so a list of 17 copyright patterns costs 17 attempts per
character of every document although most documents contain none of them. Most alternatives carry a literal that
any match must contain ("all rights reserved", "©", " since "): checking those with `in` (C speed) first and
compiling the alternation of the alternatives still possible (memoised per subset) gives the same matches, since an
alternative whose required literal is absent from the text cannot match anywhere in it, and removing alternatives
that cannot match changes neither which alternative wins nor where.

>>> alt = Alternation([("a", r"\\ball rights reserved\\b"), ("b", r"©")], re.IGNORECASE)
>>> alt.for_text("no notice here") is None
True
>>> alt.for_text("ALL RIGHTS RESERVED").pattern
'(?P<a>\\\\ball rights reserved\\\\b)'
"""

from __future__ import annotations

import re
import sys
from functools import cached_property, lru_cache
from operator import itemgetter

from detector.core import prebuilt
from detector.text.first_chars import first_of_parsed, may_begin
from detector.text.sre import sre_constants, sre_parse


@lru_cache(maxsize=4)
def _fold(text: str) -> str:
    """Case-folded for the literal check; memoised because every regex list of a document folds the same text.
    Of the characters `re.IGNORECASE` treats as equal (sre's equivalence table), only dotless 'ı' ~ 'i' survives
    `str.casefold` apart; mapping it keeps the literal check from missing a match the regex would find."""
    folded = text.casefold()
    return folded.replace("ı", "i") if "ı" in folded else folded


def required_literal(pattern: str, flags: int) -> str | None:
    """The longest run of literal characters at the top level of `pattern` (outside any group, repeat or branch),
    which every match contains; None when there is none or the pattern cannot be read alone."""
    return _read(pattern, flags)[0]


def _read(pattern: str, flags: int) -> tuple[str | None, int | None, frozenset[str] | None]:
    """(required literal, longest match, first characters: `detector.text.first_chars`) of one alternative from a
    single parse; (None, None, None) when it cannot be read alone. Parsing is most of what a list of regexes costs a
    one-file scan, so each alternative is parsed once, and its result kept between runs (`detector.core.prebuilt`)."""
    return prebuilt.memo("alternative", f"{flags}\0{pattern}", lambda: _parse(pattern, flags),
                         code=(sys.modules[__name__], sys.modules[first_of_parsed.__module__]))


def _parse(pattern: str, flags: int) -> tuple[str | None, int | None, frozenset[str] | None]:
    try:
        parsed = sre_parse.parse(pattern, flags)
    except (re.error, TypeError, ValueError):
        return None, None, None
    width = int(parsed.getwidth()[1])
    best, run = "", []
    for op, arg in parsed:
        if op is sre_constants.LITERAL:
            run.append(chr(arg))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    if len(run) > len(best):
        best = "".join(run)
    return best or None, width, first_of_parsed(parsed)


class _LiteralRegistry:
    """The required literals of every alternation in the process, in one Aho-Corasick automaton: a single pass over
    a document tells which of them occur, where `literal in text` for each would scan the text once per literal
    (some 230 scans of every document for the boilerplate lists alone)."""

    def __init__(self) -> None:
        self.literals: set[str] = set()
        self._automaton: object | None = None

    def add(self, literals: list[str | None]) -> None:
        new = {lit for lit in literals if self.takes(lit)} - self.literals
        if new:
            self.literals |= new
            self._automaton = None
            self.present.cache_clear()

    @staticmethod
    def takes(literal: str | None) -> bool:
        """Literals of one or two characters (' ', ':', '©') occur everywhere, and each occurrence costs the automaton
        a Python object; `in` finds them at C speed."""
        return literal is not None and len(literal) > 2

    @lru_cache(maxsize=4)  # noqa: B019 - one registry per process; the cache holds the last few documents only
    def present(self, haystack: str) -> frozenset[str]:
        """The registered literals that occur in `haystack`."""
        if not self.literals:
            return frozenset()
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for literal in self.literals:
                automaton.add_word(literal, literal)
            automaton.make_automaton()
            self._automaton = automaton
        return frozenset(map(itemgetter(1), self._automaton.iter(haystack)))  # type: ignore[attr-defined]


_REGISTRY = _LiteralRegistry()


class Alternation:
    """Named alternatives `(?P<name>pattern)|...`, compiled with `flags`."""

    def __init__(self, alternatives: list[tuple[str, str]], flags: int) -> None:
        self.flags = flags
        self.alternatives = alternatives
        self.insensitive = bool(flags & re.IGNORECASE)
        read = [_read(pattern, flags) for _, pattern in alternatives]
        literals = [literal for literal, _, _ in read]
        widths = [width for _, width, _ in read]
        self.firsts = [firsts for _, _, firsts in read]  # what a match of each may begin with (None: anything)
        # The longest text the alternation can match: its longest alternative's, unless one cannot be read alone.
        self.max_width: int | None = None if None in widths else max(widths, default=0)  # type: ignore[type-var]
        self.literals = [(_fold(lit) if self.insensitive else lit) if lit else None for lit in literals]
        _REGISTRY.add(self.literals)
        self._by_automaton = [_REGISTRY.takes(lit) for lit in self.literals]
        self._cache = lru_cache(maxsize=256)(self._compile)
        self._line_subsets: dict[tuple[int, ...], re.Pattern[str]] = {}
        self._subset_budget = len(alternatives)  # alternatives `for_lines` may still compile in subsets

    @cached_property
    def full(self) -> re.Pattern[str]:
        """Every alternative, compiled on first use: a document mostly needs only the few whose literal it holds
        (each row was compiled alone when its file was read, so a bad pattern is still refused at load)."""
        return self._compile(tuple(range(len(self.alternatives))))

    def source(self, active: tuple[int, ...]) -> str:
        return "|".join(f"(?P<{self.alternatives[i][0]}>{self.alternatives[i][1]})" for i in active) or "(?!)"

    def _compile(self, active: tuple[int, ...]) -> re.Pattern[str]:
        return re.compile(self.source(active), self.flags)

    def active(self, text: str) -> tuple[int, ...]:
        """The positions of the alternatives that may match somewhere in `text`."""
        haystack = _fold(text) if self.insensitive else text
        present = _REGISTRY.present(haystack)
        return tuple(i for i, (lit, by_automaton) in enumerate(zip(self.literals, self._by_automaton))
                     if lit is None or (lit in present if by_automaton else lit in haystack))

    def any_active(self, text: str) -> bool:
        """Whether `active(text)` is not empty, stopping at the first alternative that may match (a list's share of
        the work meter asks only this, for every list and document)."""
        haystack = _fold(text) if self.insensitive else text
        present = _REGISTRY.present(haystack)
        return any(lit is None or (lit in present if by_automaton else lit in haystack)
                   for lit, by_automaton in zip(self.literals, self._by_automaton))

    def for_lines(self, text: str, line_firsts: frozenset[str] | None = None) -> re.Pattern[str] | None:
        """The regex a line list runs on the lines of the document `text`; None when no alternative can match in it.

        A process that scores many documents wants the whole alternation, compiled once; a one-file scan compiles
        it for a single document, of which only some alternatives can match (measured: half to two thirds of each
        line list's rows on the seeds, and 0.1 s of a one-file scan's 0.4 s went to compiling the twelve lists
        whole). So the first documents get the subset `active(text)` (memoised), until the alternatives compiled
        that way add up to the list's length; from then on every document gets `full`. Compiling costs at most
        twice the whole list per process, and the matches are the same either way (see the module's docstring: an
        alternative whose required literal is absent from the document is absent from each of its lines). Given
        the first characters of the lines to be matched (`line_firsts`), the alternatives none of whose matches can
        begin one of them are left out too (`detector.text.first_chars`), and None may then mean only that."""
        if "full" in self.__dict__:
            return self.full if self.any_active(text) else None
        active = self.active(text)
        if line_firsts is not None:
            active = tuple(i for i in active if may_begin(self.firsts[i], line_firsts))
        if not active:
            return None
        if len(active) == len(self.alternatives):
            return self.full
        subset = self._line_subsets.get(active)
        if subset is None:
            if len(active) > self._subset_budget:
                return self.full
            self._subset_budget -= len(active)
            subset = self._line_subsets[active] = self._compile(active)
        return subset

    def for_text(self, text: str) -> re.Pattern[str] | None:
        """The alternation of the alternatives that may match somewhere in `text`; None when none can."""
        active = self.active(text)
        if not active:
            return None
        return self.full if len(active) == len(self.alternatives) else self._cache(active)
