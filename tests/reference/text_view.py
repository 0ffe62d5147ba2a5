"""The document view's units and character counts as `detector/text.py` and `detector/charcount.py` computed them
in Python (before `detector.core._native.TextIndex`)."""

from __future__ import annotations

from detector.text.view import BLANK_RUN, LINE, WORD


def scan_lines(text: str, end: int) -> list[tuple[int, int]]:
    spans = []
    for m in LINE.finditer(text, 0, end):
        start, stop = m.start(), m.end()
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        while start < stop and text[start].isspace():
            start += 1
        if stop > start:
            spans.append((start, stop))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def paragraphs(text: str, end: int) -> list[tuple[int, int]]:
    if not BLANK_RUN.search(text, 0, end):
        return scan_lines(text, end)
    spans = []
    start = 0
    for m in BLANK_RUN.finditer(text, 0, end):
        spans.append(_trim(text, start, m.start()))
        start = m.end()
    spans.append(_trim(text, start, end))
    return [s for s in spans if s[1] > s[0]]


def words(text: str, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in WORD.finditer(text, 0, end)]


def char_counts(text: str) -> tuple[int, int, int]:
    return (sum(ch.isalpha() for ch in text), sum(not ch.isspace() for ch in text),
            sum(ch.isdigit() for ch in text))
