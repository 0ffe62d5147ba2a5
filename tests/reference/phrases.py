"""Literal phrase matching as `matching.Matcher._literal_matches` did it in Python, one pyahocorasick automaton a
list (before `detector.core._native.PhraseIndex` took every list into one automaton)."""

from __future__ import annotations

import ahocorasick

from detector.text.matching import _wordish


def fold(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def literal_matches(patterns: list[str], case_sensitive: bool, text: str, start: int, end: int,
                    ) -> list[tuple[int, int, int]]:
    """(start, end, entry index) of one list's matches in `text[start:end]`, offsets into `text`."""
    automaton = ahocorasick.Automaton()
    for index, pattern in enumerate(patterns):
        key = pattern if case_sensitive else fold(pattern)
        automaton.add_word(key, (len(key), index))
    automaton.make_automaton()
    haystack = text[start:end] if case_sensitive else fold(text[start:end])
    found = []
    for last, (length, index) in automaton.iter(haystack):
        first = last - length + 1
        pattern = patterns[index]
        if _wordish(pattern[:1]) and first > 0 and _wordish(haystack[first - 1]):
            continue
        if _wordish(pattern[-1:]) and last + 1 < len(haystack) and _wordish(haystack[last + 1]):
            continue
        found.append((first, last + 1, index))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    chosen, position = [], -1
    for first, stop, index in found:
        if first >= position:
            chosen.append((start + first, start + stop, index))
            position = stop
    return chosen
