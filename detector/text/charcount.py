"""Character-class counts (letters, visible characters, digits) without a Python loop over every character.

`sum(ch.isalpha() for ch in text)` costs about 50 ns a character: a tenth of a millisecond for an article, paid by
several scorers and per line. The ASCII part of a text is counted by `bytes.translate` in C; only the non-ASCII
characters (a few curly quotes and dashes in an English article) are tested one by one with the same `str`
methods, so the counts are exactly those of the plain loop.

>>> char_counts("Größe: 12 m²\\n")
(6, 10, 3)
"""

from __future__ import annotations

import re
import string

_LETTERS = string.ascii_letters.encode("ascii")
_SPACE = bytes(c for c in range(128) if chr(c).isspace())  # includes \\x1c-\\x1f, as str.isspace does
_DIGITS = string.digits.encode("ascii")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def char_counts(text: str) -> tuple[int, int, int]:
    """(letters, non-space characters, digits) as `str.isalpha`, `not str.isspace` and `str.isdigit` count them."""
    if text.isascii():
        data = text.encode("ascii")
        odd = ""
    else:
        data = _NON_ASCII.sub("", text).encode("ascii")
        odd = "".join(_NON_ASCII.findall(text))
    size = len(data)
    letters = size - len(data.translate(None, _LETTERS))
    visible = len(data.translate(None, _SPACE))
    digits = size - len(data.translate(None, _DIGITS))
    for ch in odd:
        if ch.isalpha():
            letters += 1
        if not ch.isspace():
            visible += 1
        if ch.isdigit():
            digits += 1
    return letters, visible, digits
