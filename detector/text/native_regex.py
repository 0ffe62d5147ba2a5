"""Python `re` patterns for the native core's linear-time engine (issue 25).

A lexicon's regex rows are data anyone can add, and Python's backtracking engine can take exponential time on some
of them (`regex_guard` refuses those shapes at load). The native core runs patterns on the engine of Rust's `regex`
crate (`regex-automata`'s meta regex: finite automata, linear in the text, leftmost-first like Python), so a pattern
it can run needs no guard: `(a|a)*b`, `(a+)+`, `(a?)*` and unbounded repeats on a 10 MB line are simply linear.

The pattern is read by Python's own parser (`re._parser`), and every piece is handed over with the meaning `re` gives
it, not the syntax's: `\\w`, `\\d`, `\\s`, `.` and classes become explicit sets of code points from Python's tables,
and IGNORECASE follows `re`'s own rules (a character matches when its `_sre.unicode_tolower` is in the lowered set,
with `re`'s extra equivalences such as 'ſ' for 's'). What the engine cannot express exactly stays on Python's `re`
(and under the guard), with the reason:

- lookahead and lookbehind (`(?=...)`, `(?!...)`, `(?<=...)`, `(?<!...)`), backreferences and conditionals:
  no finite automaton runs them;
- `\\b` and `\\B` run natively, but the engine's word boundary reads its own `\\w` (Unicode's), not Python's
  (`str.isalnum` or `_`): the two disagree only on some non-ASCII characters (combining marks, `²`, `½`, ZWJ...),
  so a text holding one of those is matched by `re` instead (`RegexList` says so, and the caller falls back);
- possessive repeats and atomic groups, the ASCII and LOCALE flags;
- `$` where a text may end with a line break (Python's `$` also matches before a final `\\n`): fine on lines, not in
  phrase scope; a phrase row that can match the empty string (the two engines step past empty matches differently);
- under IGNORECASE, a class with characters beyond U+FFFF (`re` compiles those with other rules).

`tests/test_native_regex.py` compares both engines on random patterns and texts.
"""

from __future__ import annotations

import re
from typing import Any

from detector.text.sre import sre_constants as C
from detector.text.sre import sre_parse

Node = tuple[Any, ...]
CATEGORIES = {C.CATEGORY_DIGIT: "d", C.CATEGORY_NOT_DIGIT: "D", C.CATEGORY_SPACE: "s", C.CATEGORY_NOT_SPACE: "S",
              C.CATEGORY_WORD: "w", C.CATEGORY_NOT_WORD: "W"}
REFUSED = {C.ASSERT: "lookahead or lookbehind", C.ASSERT_NOT: "lookahead or lookbehind",
           C.GROUPREF: "a backreference", C.GROUPREF_EXISTS: "a conditional group"}
for _name, _why in (("POSSESSIVE_REPEAT", "a possessive repeat"), ("ATOMIC_GROUP", "an atomic group")):
    if hasattr(C, _name):
        REFUSED[getattr(C, _name)] = _why


class Unsupported(ValueError):
    """Why the native engine cannot run a pattern exactly as `re` does."""


def translate(pattern: str, flags: int = 0, *, lines: bool = False) -> Node:
    """The native engine's reading of `pattern` (compiled with `flags`); `lines`: the text it runs on never ends
    with a line break and never has an empty match asked of it (line and line-start scopes). Raises
    `Unsupported` with the reason, or `re.error` for a pattern that does not compile."""
    parsed = sre_parse.parse(pattern, flags)
    state_flags = parsed.state.flags
    if state_flags & (re.ASCII | re.LOCALE):
        raise Unsupported("the ASCII or LOCALE flag")
    if not lines and parsed.getwidth()[0] == 0:
        raise Unsupported("it can match the empty string")
    return _sequence(parsed, state_flags, lines)


def literal_node(text: str, ignore_case: bool) -> Node:
    """`translate(re.escape(text), flags)` without parsing: a literal is its characters, in order."""
    return ("seq", [("lit", ord(ch), ignore_case, False) for ch in text])


def refusal(pattern: str, flags: int = 0, *, lines: bool = False) -> str | None:
    """Why the native engine cannot run `pattern`, or None when it can."""
    try:
        translate(pattern, flags, lines=lines)
    except Unsupported as exc:
        return str(exc)
    return None


def _sequence(items: Any, flags: int, lines: bool) -> Node:
    return ("seq", [_node(op, av, flags, lines) for op, av in items])


def _node(op: Any, av: Any, flags: int, lines: bool) -> Node:
    icase = bool(flags & re.IGNORECASE)
    if op in REFUSED:
        raise Unsupported(REFUSED[op])
    if op is C.LITERAL or op is C.NOT_LITERAL:
        return ("lit", av, icase, op is C.NOT_LITERAL)
    if op is C.ANY:
        return ("any", bool(flags & re.DOTALL))
    if op is C.IN:
        return ("set", icase, _set_items(av, icase))
    if op is C.BRANCH:
        return ("alt", [_sequence(branch, flags, lines) for branch in av[1]])
    if op is C.SUBPATTERN:
        _group, add, remove, body = av
        inner = (flags | add) & ~remove
        if inner & (re.ASCII | re.LOCALE):
            raise Unsupported("the ASCII or LOCALE flag")
        return ("group", _sequence(body, inner, lines))
    if op is C.MAX_REPEAT or op is C.MIN_REPEAT:
        low, high, body = av
        return ("rep", low, -1 if high == C.MAXREPEAT else high, op is C.MAX_REPEAT, _sequence(body, flags, lines))
    if op is C.AT:
        return ("look", _anchor(av, flags, lines))
    raise Unsupported(f"{op} is not supported")


def _anchor(code: Any, flags: int, lines: bool) -> str:
    multiline = bool(flags & re.MULTILINE)
    if code is C.AT_BEGINNING:
        return "start_line" if multiline else "start"
    if code is C.AT_BEGINNING_STRING:
        return "start"
    if code is C.AT_END_STRING:
        return "end"
    if code is C.AT_END:
        if multiline:
            return "end_line"
        if not lines:
            raise Unsupported("$ (Python's also matches before a final line break)")
        return "end"
    if code is C.AT_BOUNDARY:
        return "word"
    if code is C.AT_NON_BOUNDARY:
        return "not_word"
    raise Unsupported(f"the anchor {code}")


def _set_items(items: Any, icase: bool) -> list[Node]:
    out: list[Node] = []
    for op, av in items:
        if op is C.NEGATE:
            out.append(("neg",))
        elif op is C.LITERAL:
            if icase and av > 0xFFFF:
                raise Unsupported("a class with a character beyond U+FFFF under IGNORECASE")
            out.append(("lit", av))
        elif op is C.RANGE:
            if icase and av[1] > 0xFFFF:
                raise Unsupported("a class with a character beyond U+FFFF under IGNORECASE")
            out.append(("range", av[0], av[1]))
        elif op is C.CATEGORY and av in CATEGORIES:
            out.append(("cat", CATEGORIES[av]))
        else:
            raise Unsupported(f"the class item {op} {av}")
    return out
