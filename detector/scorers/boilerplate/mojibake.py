"""Mojibake: UTF-8 text that was decoded as Windows-1252 (or similar) somewhere upstream ("â€œ" for "“").

ftfy knows these patterns far better than a hand-made table; we ask it only for `fix_encoding` (not its other
normalisations, such as uncurling quotes), on lines its `is_bad` heuristic flags, and propose its repair.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from detector.core import _native
from detector.core.model import Span
from detector.rules.rule import Rule
from detector.scorers.boilerplate.candidates import Candidate
from detector.scorers.boilerplate.lines import DocumentLines
from detector.text.sre import sre_constants, sre_parse

MOJIBAKE = Rule(
    id="BP205", name="bp-mojibake", category="encoding", kind="detector", severity="warning", confidence=0.95,
    message="Mojibake: '{match}' should read '{replacement}'.", title="Mojibake (text decoded with the wrong encoding)",
    rationale="Sequences such as 'â€œ' or 'Ã©' are UTF-8 bytes read as Windows-1252. Every reader and model sees "
    "garbage where a quotation mark or an accented letter belongs, and the damage spreads through copies.",
    example="The minister said â€œwe are readyâ€\x9d on Monday.",
    fixed_example="The minister said “we are ready” on Monday.",
    fix="Replace with ftfy's repair (`ftfy.fix_encoding`).", fix_safety="safe",
    known_problems="Deliberate examples of mojibake (articles about encoding) are repaired too.",
    source="ftfy 6 (Robyn Speer): `badness.is_bad` to find, `fix_encoding` to repair",
)


def _changed_region(before: str, after: str) -> tuple[int, int, int]:
    """(start, end in `before`, end in `after`) of the smallest region that differs."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end_before, end_after = len(before), len(after)
    while end_before > start and end_after > start and before[end_before - 1] == after[end_after - 1]:
        end_before -= 1
        end_after -= 1
    return start, end_before, end_after


def _needs_non_ascii(pattern: str, flags: int) -> bool:
    """True when every alternative of ftfy's pattern contains a non-ASCII character, checked on the parsed
    pattern at import so a future ftfy that adds an ASCII-only alternative turns the shortcut off by itself."""
    parsed = sre_parse.parse(pattern, flags)
    if len(parsed) != 1 or parsed[0][0] is not sre_constants.BRANCH:
        return False

    def non_ascii(op: object, arg: object) -> bool:
        if op is sre_constants.LITERAL:
            return int(arg) > 127  # type: ignore[call-overload]
        if op is sre_constants.IN:
            for item_op, item in arg:  # type: ignore[attr-defined]
                if item_op is sre_constants.LITERAL and item > 127:
                    continue
                if item_op is sre_constants.RANGE and item[0] > 127:
                    continue
                return False
            return True
        return False

    return all(any(non_ascii(op, arg) for op, arg in branch) for branch in parsed[0][1][1])


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


@cache
def _ftfy() -> tuple[Any, Any, bool, int]:
    """ftfy, its badness pattern, whether the windowed search is exact for it, and the pattern's widest match:
    loaded when a text first has a non-ASCII character (0.1 s of a short English scan's start-up otherwise)."""
    import ftfy
    from ftfy.badness import BADNESS_RE

    width = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags).getwidth()[1]
    shortcut = _needs_non_ascii(BADNESS_RE.pattern, BADNESS_RE.flags) and width < 20 and not any(
        token in BADNESS_RE.pattern for token in ("(?=", "(?!", "(?<", "\\b", "\\B", "\\A", "\\Z", "$"))
    return ftfy, BADNESS_RE, shortcut, width


def is_bad(text: str) -> bool:
    from ftfy.badness import is_bad as ftfy_is_bad

    return bool(ftfy_is_bad(text))


NATIVE_FROM = 20_000  # characters: from here ftfy's pattern runs on the native engine (a 1 MB line: 0.02 s, not 0.35)


@cache
def _native_badness() -> _native.RegexList | None:
    """ftfy's own pattern (`BADNESS_RE`) on the native core's linear-time engine (`native_regex`): the same matches,
    without Python's per-character backtracking over every non-ASCII character of a long text. Built on the first
    long text (0.05 s); None when the engine cannot run the pattern exactly (a future ftfy's lookaround)."""
    from detector.text.native_regex import Unsupported, translate

    badness = _ftfy()[1]
    try:
        return _native.RegexList([translate(badness.pattern, badness.flags)])
    except (Unsupported, ValueError):
        return None


def _native_search(text: str) -> bool | None:
    """`is_bad(text)` on the native engine, or None when it cannot answer exactly (see `_native_badness`; lone
    surrogates, which cannot cross into Rust, are left to ftfy)."""
    regexes = _native_badness()
    if regexes is None:
        return None
    try:
        return regexes.search_any(text)
    except UnicodeEncodeError:
        return None


def _is_bad(text: str) -> bool:
    """`is_bad`, on the native engine for a long text."""
    if len(text) >= NATIVE_FROM and not text.isascii():
        found = _native_search(text)
        if found is not None:
            return found
    return is_bad(text)


def may_be_bad(text: str, window_limit: int = 64) -> bool:
    """`is_bad(text)`, searched only around the text's non-ASCII characters (every mojibake sequence contains one,
    and ftfy's pattern has no anchors or look-arounds, so a window a match's width wide on each side finds the same
    matches). An English article has a few dozen curly quotes and dashes; its ASCII bulk is never searched. ASCII
    text is never mojibake (that is non-ASCII bytes decoded as the wrong characters), so ftfy is not even loaded.
    A long text (`NATIVE_FROM`) is searched whole on the native engine instead: a line of a million curly quotes is
    one window a million characters wide, which `re` walks at 0.35 s."""
    if text.isascii():
        return False
    _, badness, shortcut, reach = _ftfy()
    if len(text) >= NATIVE_FROM:
        found = _native_search(text)
        if found is not None:
            return found
    if not shortcut:
        return is_bad(text)
    for count, run in enumerate(_NON_ASCII_RUN.finditer(text)):
        if count >= window_limit:
            return is_bad(text)  # text full of non-ASCII: one search beats many windows
        if badness.search(text, max(0, run.start() - reach), run.end() + reach):
            return True
    return False


def mojibake_candidates(lines: DocumentLines) -> Iterator[Candidate]:
    # ftfy's test is one regex of short character sequences without anchors: a line that matches it makes the
    # whole text match, so one search over the text spares the per-line searches of every clean document.
    if not may_be_bad(lines.view.scored_text):
        return
    for line in lines.lines:
        if not _is_bad(line.text):
            continue
        fixed = _ftfy()[0].fix_encoding(line.text)
        if fixed == line.text:
            continue
        start, end, end_fixed = _changed_region(line.text, fixed)
        quote, replacement = line.text[start:end], fixed[start:end_fixed]
        span = Span(line.span.start + start, line.span.start + end)
        message = MOJIBAKE.format_message(match=quote[:60], replacement=replacement[:60])
        yield Candidate(MOJIBAKE, span, MOJIBAKE.confidence, message, None, replacement)
