"""The linear-time engine runs a Python pattern exactly as `re` does (`detector/native_regex.py`): the same
`fullmatch`, the same anchored `match` in a prefix, the same non-empty `finditer` matches and the same winning row,
on random patterns (classes, `\\w \\d \\s`, IGNORECASE with `re`'s equivalences, alternations, greedy and lazy
repeats, anchors) and random text; and what it cannot run exactly is refused with the reason."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from detector.core import _native
from detector.text.native_regex import Unsupported, refusal, translate

CHARS = ["a", "b", "A", "s", "S", "ſ", "k", "K", "\u212a", "i", "I", "İ", "ı", "é", "É", "ß", "ẞ", "σ", "ς", "Σ",
         "1", "٣", "_", " ", "\u00a0", "\u001c", "\n", "-", ".", "'", "µ", "μ", "ǅ", "\u0301", "中", "²", "\u200d"]
# where the engine's `\w` (behind its `\b`) and Python's disagree: the engine says so and `re` decides
DISAGREE = {"\u0301", "²", "\u200d"}
ATOMS = st.one_of(
    st.sampled_from([re.escape(c) for c in CHARS]),
    st.sampled_from([r"\w", r"\W", r"\d", r"\D", r"\s", r"\S", ".", "[a-z]", "[^a]", "[A-Zé]", r"[\w'-]", r"\b",
                     r"\B",
                     r"[^\W\d_]", "[ſs]", "[^\\s]", "[ß-ẞ]", "[I-K]", "[à-ÿ]", "[Σσ]", r"[\d.,]"]))


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(children, min_size=1, max_size=3).map("".join),
        st.lists(children, min_size=2, max_size=3).map(lambda p: "(?:" + "|".join(p) + ")"),
        st.tuples(children, st.sampled_from(["*", "+", "?", "{1,3}", "*?", "+?", "??", "{0,2}?", "{2}"])).map(
            lambda t: f"(?:{t[0]}){t[1]}"),
        children.map(lambda p: f"({p})"),
        children.map(lambda p: f"(?i:{p})"),
    )


PATTERNS = st.recursive(ATOMS, _combine, max_leaves=6)
TEXTS = st.lists(st.sampled_from(CHARS), max_size=14).map("".join)


def _native_list(rows: list[str], flags: int, lines: bool) -> _native.RegexList:
    return _native.RegexList([translate(row, flags, lines=lines) for row in rows])


def _python_alternation(rows: list[str], flags: int) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<r{i}>{row})" for i, row in enumerate(rows)), flags)


def _row(m: re.Match[str] | None) -> int:
    return -1 if m is None else int((m.lastgroup or "r-1")[1:])


@settings(max_examples=500, deadline=None)
@given(st.lists(PATTERNS, min_size=1, max_size=3), st.lists(TEXTS, min_size=1, max_size=4),
       st.sampled_from([0, re.IGNORECASE]))
def test_fullmatch_and_anchored_match_equal_re(rows: list[str], texts: list[str], flags: int) -> None:
    """On lines (what the line and line-start scopes match: never a line break inside, so `$` is the end)."""
    texts = [t.replace("\n", "") for t in texts]
    anchored = [f"{row}$" if i % 2 else row for i, row in enumerate(rows)]  # `$` is the end of a line
    native = _native_list(anchored, flags, lines=True)
    python = _python_alternation(anchored, flags)
    boundary = any(r"\b" in row or r"\B" in row for row in rows)
    answers = native.fullmatch_each(texts)
    for text, answer in zip(texts, answers):
        if answer == -2:
            assert boundary and (DISAGREE & set(text) or not text)
        else:
            assert answer == _row(python.fullmatch(text))
    joined = "\n".join(texts)
    spans, start = [], 0
    for t in texts:
        spans.append((start, start + len(t)))
        start += len(t) + 1
    expected = []
    for s, e in spans:
        m = python.match(joined, s, e)
        expected.append(None if m is None else (m.end(), _row(m)))
    answers = native.match_each(joined, spans)
    if answers is None:
        assert boundary and (DISAGREE & set(joined) or any(e == 0 for _, e in spans))
    else:
        assert answers == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(PATTERNS, min_size=1, max_size=3), TEXTS, st.sampled_from([0, re.IGNORECASE]), st.data())
def test_finditer_equals_re(rows: list[str], text: str, flags: int, data: st.DataObject) -> None:
    assume(all(refusal(row, flags) is None for row in rows))  # rows that can match "" stay on re
    native = _native_list(rows, flags, lines=False)
    python = _python_alternation(rows, flags)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = [(m.start(), m.end(), _row(m)) for m in python.finditer(text, start, end) if m.end() > m.start()]
    found = native.find_all(text, start, end)
    if found is None:
        assert any(r"\b" in row or r"\B" in row for row in rows) and (DISAGREE & set(text) or not text)
    else:
        assert found == expected


@pytest.mark.parametrize(("pattern", "reason"), [
    ("(?=a)a", "lookahead or lookbehind"), ("(?<!x)a", "lookahead or lookbehind"), (r"(a)\1", "a backreference"),
    ("a$", "$ (Python"), ("a*", "it can match the empty string"),
    ("(?a)a", "the ASCII or LOCALE flag"), ("(?i)[a-\U0001d400]", "beyond U+FFFF"),
])
def test_what_the_engine_cannot_run_exactly_is_refused_with_the_reason(pattern: str, reason: str) -> None:
    with pytest.raises(Unsupported, match=re.escape(reason)):
        translate(pattern)


@pytest.mark.parametrize("pattern", ["(a|a)*b", "(a+)+b", "(a?)*b", r"(\w+\s?)*$", "[a-z]+@"])
def test_the_shapes_the_backtracking_guard_refuses_are_linear_here(pattern: str) -> None:
    """What `regex_guard` refuses for Python's engine runs on 200,000 characters at once here."""
    list_ = _native.RegexList([translate(pattern, lines=True)])
    assert list_.fullmatch_each(["a" * 200_000]) == [-1] or pattern.endswith("$")
    assert len(list_.match_each("a" * 200_000 + "!", [(0, 200_001)])) == 1


def test_shipped_line_lists_match_on_the_native_engine_as_on_re() -> None:
    """Every line and line-start list the native engine runs (regex lists, and literal line-start lists as their
    escaped alternation) finds what the `re` path finds, on the lines of the parity samples of every corpus."""
    import json

    from detector.config.settings import Config
    from detector.core.model import Document
    from detector.rules.kinds import _native_line_matches, _python_line_matches, line_cores
    from detector.text.lexicons import lexicon_files, load_lexicon
    from detector.text.view import TextView

    from .conftest import ROOT

    lists = [lex for lex in map(load_lexicon, lexicon_files()) if lex.scope != "phrase"
             and lex.matcher.native is not None]
    assert len(lists) >= 16
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in sorted((ROOT / "tests" / "data" / "parity").glob("*.jsonl")):
        with path.open(encoding="utf-8") as stream:
            texts += [json.loads(line)["text"] for _, line in zip(range(12), stream)]
    compared = 0
    for text in texts:
        view = TextView(Document("d", text), Config())
        cores = line_cores(view)
        for lex in lists:
            native = list(_native_line_matches(lex.matcher, view, cores))
            python = list(_python_line_matches(lex.matcher, view, cores, range(len(cores))))
            assert native == python, lex.name
            compared += len(python)
    assert compared > 20


@given(st.text(min_size=1, max_size=8), st.booleans())
def test_a_literal_node_is_what_the_parser_makes_of_the_escaped_literal(text: str, ignore_case: bool) -> None:
    from detector.text.native_regex import literal_node

    parsed = translate(re.escape(text), re.IGNORECASE if ignore_case else 0, lines=True)
    assert literal_node(text, ignore_case) == parsed
