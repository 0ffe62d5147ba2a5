"""Character-class counts (letters, visible characters, digits) in one native pass.

`sum(ch.isalpha() for ch in text)` costs about 50 ns a character in Python, paid by several scorers and per line;
the native core counts with Python's own character tables (`native/src/unicode_tables.rs`, generated from
`str.isalpha` and friends), so the counts are exactly those of the plain loop (tests/reference/text_view.py keeps
it, and a property test compares).

>>> char_counts("Größe: 12 m²\\n")
(6, 10, 3)
"""

from __future__ import annotations

from detector.core import _native


def char_counts(text: str) -> tuple[int, int, int]:
    """(letters, non-space characters, digits) as `str.isalpha`, `not str.isspace` and `str.isdigit` count them."""
    try:
        return _native.char_counts(text)  # type: ignore[no-any-return]
    except UnicodeEncodeError:  # a lone surrogate is none of the three, as U+FFFD is not
        from detector.core.safety import without_surrogates

        return _native.char_counts(without_surrogates(text))  # type: ignore[no-any-return]
