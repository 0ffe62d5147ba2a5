"""Refuse, at load time, the regex rows that Python's backtracking engine can take exponential time on.

Lexicons are data anyone can add, so a row must not be able to hang a run: `(a|a)*b` takes 23 s on a 26-character
line and doubles with each character. Exponential backtracking needs a repeat whose body can match the same text
in more than one way, so the engine retries every split. Three shapes cause it, and each is refused:

1. a repeat inside a repeat (`(a+)+`, `(\\w+\\s?)*`);
2. a repeated body that can match the empty string (`(a?)*`, `(a|)+`);
3. an alternation inside a repeat whose alternatives can start with the same character (`(a|a)*`, `(\\w|\\d)+`,
   `(ab|a)*`): the engine tries one, backtracks, tries the other, at every iteration.

A bounded repeat (`{1,5}`) of an ambiguous alternation costs at most alternatives ** bound tries per start, so it
passes while that stays under `MAX_TRIES` (the shipped tagline rows repeat a few overlapping phrases up to five
times). Possessive repeats and atomic groups never backtrack and are not checked.

The test of "can start with the same character" is exact for literals and ranges and samples the alphabet for
classes (`\\w`, `\\d`, negated sets): every literal and range end of the pattern, their other case, and
representatives of each class. It can refuse a harmless pattern (`(ab|ac)*` also starts both alternatives with
`a`); the message says how to write it (`a(?:b|c)`). Python's parser already factors a common prefix out of an
alternation and turns one of single characters into a class, so `(a|ab)*` and `(\\w|\\d)+`, which cannot blow
up, pass.

>>> refusal("(a|a)*b").split(" (")[0]
'an unbounded repeat of a group that can match the same text in 2 ways'
>>> refusal("(?:[^\\\\W\\\\d_]|[ '&,.-]){1,30}") is None
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from detector.text.sre import sre_constants, sre_parse

MAX_TRIES = 4096
LONG_REPEAT = 32  # a repeat of up to this many characters or more, for the chain test
C = sre_constants
REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT}
POSSESSIVE = getattr(C, "POSSESSIVE_REPEAT", None)
ATOMIC = getattr(C, "ATOMIC_GROUP", None)
SAMPLES = "aAzZ09_ -\t\n.,;:!?'\"()[]/\\@#éÉßñ中日ب\u00a0\u2019\u2013\u0661"
Atom = tuple[Any, Any]


def _category(code: Any, char: str) -> bool:
    name = str(code).lower()
    negate = "not_" in name
    if "digit" in name:
        hit = char.isdecimal()
    elif "space" in name:
        hit = char.isspace()
    elif "word" in name:
        hit = char.isalnum() or char == "_"
    elif "linebreak" in name:
        hit = char == "\n"
    else:
        hit = True
    return hit != negate


def _in_set(items: Iterable[Atom], char: str) -> bool:
    negate = False
    hit = False
    for op, arg in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit = hit or ord(char) == arg
        elif op is C.RANGE:
            hit = hit or arg[0] <= ord(char) <= arg[1]
        elif op is C.CATEGORY:
            hit = hit or _category(arg, char)
        else:  # a charset or bigcharset the parser never produces for patterns; be conservative
            hit = True
    return hit != negate


def _matches(atom: Atom, char: str, ignore_case: bool) -> bool:
    variants = {c for c in (char, char.lower(), char.upper()) if len(c) == 1} if ignore_case else {char}
    op, arg = atom
    for c in variants:
        if op is C.ANY:
            hit = c != "\n"
        elif op is C.LITERAL:
            hit = ord(c) == arg
        elif op is C.NOT_LITERAL:
            hit = ord(c) != arg
        elif op is C.IN:
            hit = _in_set(arg, c)
        else:
            hit = True
        if hit:
            return True
    return False


def _first(items: Iterable[Atom], ignore_case: bool) -> tuple[list[Atom], bool]:
    """The atoms a match of `items` can start with, and whether it can match the empty string."""
    firsts: list[Atom] = []
    for op, arg in items:
        if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
            firsts.append((op, arg))
            return firsts, False
        if op is C.AT or op in (C.ASSERT, C.ASSERT_NOT):
            continue  # zero width
        if op is C.SUBPATTERN or op is ATOMIC:
            body = arg[-1] if op is C.SUBPATTERN else arg
            sub, nullable = _first(body, ignore_case)
        elif op is C.BRANCH:
            sub, nullable = [], False
            for alternative in arg[1]:
                more, empty = _first(alternative, ignore_case)
                sub += more
                nullable = nullable or empty
        elif op in REPEATS or op is POSSESSIVE:
            sub, nullable = _first(arg[2], ignore_case)
            nullable = nullable or arg[0] == 0
        else:  # a group reference or anything unforeseen: may start with anything, may be empty
            sub, nullable = [(C.ANY, None)], True
        firsts += sub
        if not nullable:
            return firsts, False
    return firsts, True


def _literals(items: Iterable[Atom], found: set[str]) -> None:
    for op, arg in items:
        if op is C.LITERAL or op is C.NOT_LITERAL:
            found.add(chr(arg))
        elif op is C.RANGE:
            found.update((chr(arg[0]), chr(arg[1])))
        elif op is C.IN:
            _literals(arg, found)
        elif op is C.SUBPATTERN:
            _literals(arg[-1], found)
        elif op is ATOMIC:
            _literals(arg, found)
        elif op is C.BRANCH:
            for alternative in arg[1]:
                _literals(alternative, found)
        elif op in REPEATS or op is POSSESSIVE:
            _literals(arg[2], found)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            _literals(arg[1], found)


def _chars(atoms: list[Atom], alphabet: str, ignore_case: bool) -> set[str]:
    """The characters of `alphabet` that one of `atoms` matches (a literal is looked up, not tested)."""
    found: set[str] = set()
    for op, arg in atoms:
        if op is C.LITERAL:
            char = chr(arg)
            found.update(c for c in ((char, char.lower(), char.upper(), char.swapcase()) if ignore_case else (char,))
                         if len(c) == 1)
        else:
            found.update(c for c in alphabet if _matches((op, arg), c, ignore_case))
    return found


def _starting_with(starts: list[list[Atom]], alphabet: str, ignore_case: bool) -> int:
    """The largest number of alternatives that can start with one same character."""
    counts: dict[str, int] = {}
    for atoms in starts:
        for char in _chars(atoms, alphabet, ignore_case):
            counts[char] = counts.get(char, 0) + 1
    return max(counts.values(), default=0)


def _ambiguity(items: list[Atom], follow: list[Atom], alphabet: str, ignore_case: bool) -> int:
    """How many ways, at most, one step of a repeated body can split the same text (1: one way; 0 is never
    returned). Two sources: alternatives that start alike, and an optional part (`a?`, `(?:a|)`, which Python's
    parser makes of `aa|a`) that starts like what follows it, `follow` being the next iteration's start. The largest
    of them counts, times the ways the sequence's alternations can match nothing: those match the very same text,
    so they multiply whatever else splits it (`a(?:|)(?:a)?`, Python's parse of `(?:a|a)(?:a)?`: 2 x 2 ways)."""
    widest, nothing = _split_ways(items, follow, alphabet, ignore_case)
    return widest * nothing


def _split_ways(items: list[Atom], follow: list[Atom], alphabet: str, ignore_case: bool) -> tuple[int, int]:
    """(the largest number of ways one source splits the text, the product of the ways the sequence's alternations
    match nothing) of `_ambiguity`."""
    widest = 1
    nothing = 1
    after = list(follow)
    for op, arg in reversed(items):
        if op is C.BRANCH:
            starts = [_first(alternative, ignore_case) for alternative in arg[1]]
            # the ways to match nothing, nested alternations counted whole: `a(?:|(?:|))` (Python's parse of
            # `(?:a|(?:a|a))`) has three, not two
            empty = sum(_empty_ways(alternative) for alternative in arg[1])
            atoms = [first for first, _ in starts]
            clash = _starting_with(atoms + ([after] if empty else []), alphabet, ignore_case)
            widest = max(widest, clash)
            nothing *= max(1, empty)
            for alternative, (first, _) in zip(arg[1], starts):
                # an alternative that matches text with a part that can match nothing in k ways matches that text
                # in k ways (`b|a(?:|)`, Python's parse of `b|(?:a|a)`): its own splits times its own k; one that
                # can only match nothing (`(?:|)`) has its ways in `empty` already
                inner, inner_nothing = _split_ways(alternative, after, alphabet, ignore_case)
                widest = max(widest, inner * inner_nothing if first else inner)
        elif op is C.SUBPATTERN:
            inner, inner_nothing = _split_ways(arg[-1], after, alphabet, ignore_case)
            widest, nothing = max(widest, inner), nothing * inner_nothing
        elif op in REPEATS and arg[1] == 1:
            body_first, _ = _first(arg[2], ignore_case)
            if arg[0] == 0:
                widest = max(widest, _starting_with([body_first, after], alphabet, ignore_case))
            inner, inner_nothing = _split_ways(arg[2], after, alphabet, ignore_case)
            widest, nothing = max(widest, inner), nothing * inner_nothing
        first, nullable = _first([(op, arg)], ignore_case)
        after = first + after if nullable else first
    return widest, nothing


def _empty_ways(items: Iterable[Atom]) -> int:
    """In how many distinct ways `items` can match the empty string (0: it cannot)."""
    ways = 1
    for op, arg in items:
        if op is C.AT or op in (C.ASSERT, C.ASSERT_NOT):
            continue
        if op is C.SUBPATTERN or op is ATOMIC:
            ways *= _empty_ways(arg[-1] if op is C.SUBPATTERN else arg)
        elif op is C.BRANCH:
            ways *= sum(_empty_ways(alternative) for alternative in arg[1])
        elif op in REPEATS or op is POSSESSIVE:
            ways *= (1 if arg[0] == 0 else 0) + _empty_ways(arg[2])
        elif op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
            return 0
        # a group reference or anything unforeseen may match nothing: one way
        if ways == 0:
            return 0
    return ways


def _may_split(items: Iterable[Atom]) -> bool:
    """Whether `items` holds an alternation or an optional part at all (most repeated bodies are one class)."""
    for op, arg in items:
        if op is C.BRANCH or (op in REPEATS and arg[1] == 1):
            return True
        if op is C.SUBPATTERN and _may_split(arg[-1]):
            return True
    return False


def _single(op: Any) -> bool:
    return op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY)


def _chain(items: Iterable[Atom], alphabet: str, ignore_case: bool, tail_can_fail: bool) -> str | None:
    """Two long repeats in one sequence that can match the same characters, with nothing between them that the
    first cannot match as well, followed by something that can fail (`a*a*b`, `\\s*\\s*x`, `.*.*=`, `\\w*\\d*!`,
    `a{0,200}a{0,200}b`): on a line where the end fails, the engine tries every way of sharing the run between
    the repeats, n ** k steps for k of them (audit N8: `a*a*a*a*a*b` took 5 s on a line of 120 `a`s). A chain that
    ends the pattern (`\\S+@\\S+`, `.*foo.*`) cannot fail after its last repeat and is let through."""
    held: set[str] | None = None  # the characters the last long repeat of the chain can match
    tries = 1.0  # ways of sharing a run among the chain's repeats, per start: the product of their bounds
    chained = False  # a second repeat joined the chain: whatever follows it may make the engine retry every split
    for op, arg in items:
        if chained:
            return _CHAIN_REFUSAL
        if op in REPEATS and arg[1] >= LONG_REPEAT and len(arg[2]) == 1 and _single(arg[2][0][0]):
            chars = _chars(list(arg[2]), alphabet, ignore_case)
            bound = float("inf") if arg[1] == C.MAXREPEAT else float(arg[1])
            tries = tries * bound if held is not None and held & chars else bound
            chained = tries > MAX_TRIES and held is not None and bool(held & chars)
            held = chars
        elif held is not None and _single(op) and _chars([(op, arg)], alphabet, ignore_case) <= held:
            continue  # the repeat before can swallow it too
        elif op is C.AT and arg is C.AT_BEGINNING:
            continue
        else:
            held, tries = None, 1.0
    return _CHAIN_REFUSAL if chained and tail_can_fail else None


_CHAIN_REFUSAL = ("two long repeats in a row that can match the same characters (a*a*, \\s*\\s*, .*.*), followed by "
                  "something that can fail, backtrack in polynomial time on a line that does not match; merge them "
                  "into one, or put between them something the first cannot match")


def _check(items: Iterable[Atom], inside_repeat: bool, alphabet: str, ignore_case: bool,
           tail_can_fail: bool = True) -> str | None:
    chained = _chain(items, alphabet, ignore_case, tail_can_fail)
    if chained:
        return chained
    for op, arg in items:
        if op in REPEATS:
            _low, high, body = arg
            if high > 1:
                if inside_repeat:
                    return "a repeat inside a repeat (nested quantifiers) can backtrack exponentially"
                if _first(body, ignore_case)[1]:
                    return "a repeated group that can match the empty string can backtrack exponentially"
                widest = _ambiguity(body, _first(body, ignore_case)[0], alphabet, ignore_case) \
                    if _may_split(body) else 1
                unbounded = high == C.MAXREPEAT
                if widest > 1 and (unbounded or widest ** high > MAX_TRIES):
                    kind = "an unbounded repeat" if unbounded else f"a repeat of up to {high}"
                    return (f"{kind} of a group that can match the same text in {widest} ways (alternatives, or an "
                            "optional part, that can start alike) backtracks exponentially; write each alternative "
                            "to begin differently, e.g. a(?:b|c) for (?:ab|ac)")
            problem = _check(body, inside_repeat or high > 1, alphabet, ignore_case)
            if problem:
                return problem
        elif op is C.SUBPATTERN:
            problem = _check(arg[-1], inside_repeat, alphabet, ignore_case)
            if problem:
                return problem
        elif op is C.BRANCH:
            for alternative in arg[1]:
                problem = _check(alternative, inside_repeat, alphabet, ignore_case)
                if problem:
                    return problem
        elif op in (C.ASSERT, C.ASSERT_NOT):
            problem = _check(arg[1], inside_repeat, alphabet, ignore_case)
            if problem:
                return problem
    return None


def refusal(pattern: str, ignore_case: bool = False) -> str | None:
    """Why `pattern` can take exponential time, or None. The pattern must compile."""
    parsed = sre_parse.parse(pattern)
    ignore_case = ignore_case or bool(parsed.state.flags & C.SRE_FLAG_IGNORECASE)
    found: set[str] = set(SAMPLES)
    _literals(parsed, found)
    found |= {c.swapcase() for c in found if len(c.swapcase()) == 1}
    return _check(parsed, False, "".join(sorted(found)), ignore_case, tail_can_fail=False)
