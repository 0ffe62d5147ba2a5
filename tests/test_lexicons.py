"""Every lexicon file loads; malformed files are refused with file:line; regexes stay linear."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from detector import lexicons
from detector.text.lexicons import (
    VERIFIED_FILE,
    LexiconError,
    lexicon_files,
    lexicon_root,
    load_lexicon,
    parse_lexicon,
    text_hash,
)

HEADER = "# format: detector-lexicon/1\n# kind: {kind}\n# lang: en\n# source: test\n# license: CC0-1.0\n"


def lex(body: str, kind: str = "existence", extra: str = "", name: str = "t.en.tsv"):
    return parse_lexicon(name, HEADER.format(kind=kind) + extra + body)


@pytest.mark.parametrize("name", lexicon_files(), ids=str)
def test_shipped_lexicon_loads(name: str) -> None:
    lexicon = load_lexicon(name)
    assert lexicon.entries, f"{name} has no rows"
    assert lexicon.source and lexicon.license
    # A scan loads a list the suite verified without the per-pattern checks (start-up); here they get every one.
    path = lexicon_root() / name
    assert parse_lexicon(path, path.read_text(encoding="utf-8")).entries == lexicon.entries


def test_the_verified_hashes_are_those_of_the_shipped_lists(update_golden: bool) -> None:
    """`lexicons/verified.json` names exactly the shipped lists, each by the hash of the bytes verified above;
    a list added or edited without running the suite is therefore checked in full when it loads."""
    path = lexicon_root() / VERIFIED_FILE
    expected = {name: text_hash((lexicon_root() / name).read_text(encoding="utf-8")) for name in lexicon_files()}
    if update_golden:
        path.write_text(json.dumps({"about": "sha256 of each lexicon as tests/test_lexicons.py verified it; "
                                    "regenerate with pytest --update-golden", "sha256": expected},
                                   indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["sha256"] == expected, "run pytest --update-golden"


def test_an_edited_list_is_verified_when_it_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The regex guard still refuses `(a|a)*b` in a list a user adds (or edits) among the shipped ones, when the
    list stays on Python's `re` (here: another row has a lookbehind the linear-time engine cannot run)."""
    root = tmp_path / "lexicons"
    (root / "boilerplate").mkdir(parents=True)
    (root / VERIFIED_FILE).write_text((lexicon_root() / VERIFIED_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    (root / "boilerplate" / "mine.en.tsv").write_text(HEADER.format(kind="existence").replace(
        "# source:", "# match: regex\n# scope: line\n# source:") + "(?<!x)y\n(a|a)*b\n", encoding="utf-8")
    monkeypatch.setattr(lexicons, "lexicon_root", lambda: root)
    lexicons.verified_hashes.cache_clear()
    lexicons.load_lexicon.cache_clear()
    try:
        with pytest.raises(LexiconError, match=r"mine\.en\.tsv:\d+: .*\(a\|a\)\*b"):
            lexicons.load_lexicon("boilerplate/mine.en.tsv")
    finally:
        lexicons.verified_hashes.cache_clear()
        lexicons.load_lexicon.cache_clear()


@pytest.mark.parametrize(
    ("body", "extra", "kind", "message"),
    [
        ("a\nb\na\n", "", "existence", "t.en.tsv:8: duplicate of line 6"),
        ("lodger heads\n", "", "substitution", "t.en.tsv:6: a substitution row needs a replacement"),
        ("x\ty\n", "", "existence", "t.en.tsv:6: an existence list has no replacement column"),
        (" padded\n", "", "existence", "t.en.tsv:6: a cell has leading or trailing white space"),
        # the guard, for lists that stay on Python's `re` (a row with lookaround); see also test_native_regex.py
        ("(?=b)b\n(a+)+b\n", "# match: regex\n", "existence", "t.en.tsv:8: nested quantifiers"),
        ("\\bb\\b(?!c)\n(\\w+\\s?)*$\n", "# match: regex\n", "existence", "t.en.tsv:8: nested quantifiers"),
        ("([a\n", "# match: regex\n", "existence", "t.en.tsv:7: pattern does not compile"),
        ("(?<=a)b\n[a-z]+@x\n", "# match: regex\n", "existence", "t.en.tsv:8: unbounded repeat"),
        ("a\n", "# colour: red\n", "existence", "t.en.tsv:1: unknown header key 'colour'"),
        ("a\n", "# scope: page\n", "existence", "'scope' must be one of"),
        ("a\n", "", "spelling", "kind must be one of"),
    ],
)
def test_malformed_lexicon_names_file_and_line(body: str, extra: str, kind: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message.replace("(", r"\(").replace("+", r"\+")):
        lex(body, kind, extra)


@pytest.mark.parametrize("row", ["(a+)+b", "(a|a)*b", "(a?)*b", "[a-z]+@x"])
def test_rows_the_guard_refuses_for_re_run_natively_in_linear_time(row: str) -> None:
    """A list whose every row the native engine runs needs no guard: these shapes, exponential or quadratic on
    Python's engine, take linear time there (a 200,000-character line in a few milliseconds)."""
    lexicon = lex(f"{row}\n", "existence", "# match: regex\n")
    assert lexicon.matcher.native is not None
    line = "a" * 200_000 + "!"
    assert list(lexicon.matcher.finditer(line)) == []


def test_language_in_name_must_match_header() -> None:
    with pytest.raises(LexiconError, match="file name must be"):
        lex("a\n", name="t.de.tsv")


def test_literal_matching_is_longest_first_on_word_boundaries() -> None:
    lexicon = lex("close\nclose close\n")
    found = [(m.start, m.end) for m in lexicon.matcher.finditer("close close, not enclosed")]
    assert found == [(0, 11)]


def test_line_scope_ignores_surrounding_punctuation() -> None:
    lexicon = lex("Leave a Comment\n", extra="# scope: line\n")
    text = "Body text.\n  Leave a comment »\nMore."
    match = lexicon.matcher.match_line(text, 11, 31)
    assert match is not None and text[match.start : match.end] == "Leave a comment"
    assert lexicon.matcher.match_line(text, 0, 10) is None


def test_regex_lexicon_is_linear_on_a_10_mb_line() -> None:
    lexicon = lex("\\d{1,6} comments\n[a-z]{1,64}@[a-z]{1,64}\\.com\n", extra="# match: regex\n")
    line = "a" * 10_000_000
    started = time.perf_counter()
    assert list(lexicon.matcher.finditer(line)) == []
    assert time.perf_counter() - started < 20  # generous: a catastrophic pattern would take hours


def _balanced_group(pattern: str, start: int) -> int:
    """The index just past the group opening at `start` (escapes and character classes respected)."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced group at {start} in {pattern!r}")


def _without_lookarounds(pattern: str) -> str:
    for opener in ("(?=", "(?!", "(?<=", "(?<!"):
        while (at := pattern.find(opener)) >= 0:
            pattern = pattern[:at] + pattern[_balanced_group(pattern, at) :]
    return pattern


CAPITAL = "(?=(?-i:[A-Z]))"
GATED = [(name, entry.pattern) for name in lexicon_files("*/*.tsv") for entry in load_lexicon(name).entries
         if entry.pattern.startswith(CAPITAL + "(?=")]


def test_some_rows_are_gated() -> None:
    assert len(GATED) >= 5  # the speed-up lives in the data: if the gates go, this test should be revisited


@pytest.mark.parametrize(("name", "pattern"), GATED, ids=[f"{n}:{p[15:45]}" for n, p in GATED])
def test_a_gate_never_changes_what_its_row_matches(name: str, pattern: str) -> None:
    """A row may open with a cheap lookahead (a gate) that repeats a fixed part of the row, so the costly verb scan
    runs only on lines that can match. Strings drawn from the row's own shape must match with and without it."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    gate_end = _balanced_group(pattern, len(CAPITAL))
    gated = re.compile(pattern, re.IGNORECASE)
    ungated = re.compile(CAPITAL + pattern[gate_end:], re.IGNORECASE)
    body = _without_lookarounds(pattern)

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.from_regex(re.compile(body), fullmatch=True), st.booleans())
    def agree(text: str, upper: bool) -> None:
        text = text[:1].upper() + text[1:] if upper else text
        assert bool(gated.fullmatch(text)) == bool(ungated.fullmatch(text)), text

    agree()
