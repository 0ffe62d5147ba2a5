"""Every lexicon file loads; malformed files are refused with file:line; regexes stay linear."""

from __future__ import annotations

import time

import pytest

from detector.lexicons import LexiconError, lexicon_files, load_lexicon, parse_lexicon

HEADER = "# format: detector-lexicon/1\n# kind: {kind}\n# lang: en\n# source: test\n# license: CC0-1.0\n"


def lex(body: str, kind: str = "existence", extra: str = "", name: str = "t.en.tsv"):
    return parse_lexicon(name, HEADER.format(kind=kind) + extra + body)


@pytest.mark.parametrize("name", lexicon_files(), ids=str)
def test_shipped_lexicon_loads(name: str) -> None:
    lexicon = load_lexicon(name)
    assert lexicon.entries, f"{name} has no rows"
    assert lexicon.source and lexicon.license


@pytest.mark.parametrize(
    ("body", "extra", "kind", "message"),
    [
        ("a\nb\na\n", "", "existence", "t.en.tsv:8: duplicate of line 6"),
        ("lodger heads\n", "", "substitution", "t.en.tsv:6: a substitution row needs a replacement"),
        ("x\ty\n", "", "existence", "t.en.tsv:6: an existence list has no replacement column"),
        (" padded\n", "", "existence", "t.en.tsv:6: a cell has leading or trailing white space"),
        ("(a+)+b\n", "# match: regex\n", "existence", "t.en.tsv:7: nested quantifiers"),
        ("(\\w+\\s?)*$\n", "# match: regex\n", "existence", "t.en.tsv:7: nested quantifiers"),
        ("([a\n", "# match: regex\n", "existence", "t.en.tsv:7: pattern does not compile"),
        ("[a-z]+@x\n", "# match: regex\n", "existence", "t.en.tsv:7: unbounded repeat"),
        ("a\n", "# colour: red\n", "existence", "t.en.tsv:1: unknown header key 'colour'"),
        ("a\n", "# scope: page\n", "existence", "'scope' must be one of"),
        ("a\n", "", "spelling", "kind must be one of"),
    ],
)
def test_malformed_lexicon_names_file_and_line(body: str, extra: str, kind: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message.replace("(", r"\(").replace("+", r"\+")):
        lex(body, kind, extra)


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
