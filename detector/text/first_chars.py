"""Which characters a match of one regex alternative can begin with, read from Python's own parse of it.

A line list on Python's `re` is matched at the start of each line (`match`, `fullmatch`), so an alternative whose
match must begin with 'B' (`^By\\s+...`) cannot match a document none of whose lines begins with 'B'; leaving it out
of the alternation compiled for that document changes no match (as for a missing required literal, see
`detector.text.alternation`). Most alternatives of the byline and date-label lists carry no required literal, so
this is what keeps a one-file scan from compiling them.

The answer is a set of ASCII characters, or None for "any character" whenever the parse does not say plainly: a
non-ASCII literal, a class with a category or a negation, a repeat that may be empty, a lookaround, a locale.
A line that begins with a non-ASCII character may match any alternative (IGNORECASE pairs 'ſ' with 's', 'K' with
'k'); under IGNORECASE an ASCII letter stands for both its cases.

>>> import re
>>> sorted(first_chars(r"^(?:By|Par)\\s+\\w+", re.IGNORECASE)), sorted(first_chars(r"(?i:written by)\\b", 0))
(['B', 'P', 'b', 'p'], ['W', 'w'])
>>> first_chars(r"\\w+ said", 0) is None, first_chars(r"[0-3]?\\d", 0) is None, sorted(first_chars(r"[0-3]\\d", 0))
(True, True, ['0', '1', '2', '3'])
"""

from __future__ import annotations

import re
from typing import Any

from detector.text.sre import sre_constants, sre_parse

C = sre_constants
REPEATS = tuple(getattr(C, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(C, name))
ATOMIC = getattr(C, "ATOMIC_GROUP", None)  # Python >= 3.11


def first_chars(pattern: str, flags: int) -> frozenset[str] | None:
    """The ASCII characters a non-empty match of `pattern` must begin with; None when it may begin with any."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except (re.error, TypeError, ValueError):
        return None
    return first_of_parsed(parsed)


def first_of_parsed(parsed: Any) -> frozenset[str] | None:
    """`first_chars` of a pattern already parsed (`sre_parse.parse`), under the flags the parse ended with (a
    leading `(?i)` included)."""
    state_flags = parsed.state.flags
    if state_flags & re.LOCALE:
        return None
    return _sequence(list(parsed), bool(state_flags & re.IGNORECASE))


def _sequence(items: list[tuple[Any, Any]], insensitive: bool) -> frozenset[str] | None:
    for op, arg in items:
        if op is C.AT:  # zero-width anchors (^, \b): the match begins with what follows
            continue
        return _item(op, arg, insensitive)
    return None  # the empty string


def _item(op: Any, arg: Any, insensitive: bool) -> frozenset[str] | None:
    if op is C.LITERAL:
        return _cased(arg, insensitive)
    if op is C.IN:
        return _class(arg, insensitive)
    if op is C.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            found = _sequence(list(branch), insensitive)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if op is C.SUBPATTERN:
        _, add_flags, del_flags, sub = arg  # scoped flags, `(?i:...)`
        if (add_flags | del_flags) & re.LOCALE:
            return None
        return _sequence(list(sub), bool(add_flags & re.IGNORECASE) or (insensitive and not del_flags & re.IGNORECASE))
    if op in REPEATS and arg[0] >= 1:
        return _sequence(list(arg[2]), insensitive)
    if op is ATOMIC:
        return _sequence(list(arg), insensitive)
    return None


def _class(items: list[tuple[Any, Any]], insensitive: bool) -> frozenset[str] | None:
    chars: set[str] = set()
    for kind, value in items:
        if kind is C.LITERAL:
            found = _cased(value, insensitive)
        elif kind is C.RANGE and value[1] < 128:
            found = frozenset().union(*(_cased(code, insensitive) or () for code in range(value[0], value[1] + 1)))
        else:  # a category (\d, \w), a negation, a range beyond ASCII
            return None
        if found is None:
            return None
        chars |= found
    return frozenset(chars)


def _cased(code: int, insensitive: bool) -> frozenset[str] | None:
    char = chr(code)
    if not char.isascii():
        return None
    return frozenset((char.lower(), char.upper())) if insensitive else frozenset((char,))


def may_begin(firsts: frozenset[str] | None, line_firsts: frozenset[str]) -> bool:
    """Whether a match with `firsts` may begin one of the lines whose first characters are `line_firsts`.

    >>> may_begin(frozenset("Bb"), frozenset("T")), may_begin(frozenset("Bb"), frozenset("Té"))
    (False, True)
    """
    return firsts is None or any(char in firsts or not char.isascii() for char in line_firsts)
