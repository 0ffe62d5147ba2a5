"""What a one-file scan leaves out of the line lists it compiles on Python's `re` must change no match.

`detector.text.first_chars` reads which characters a match of an alternative may begin with, and
`Alternation.for_lines` compiles only the alternatives a document's lines may match (by required literal and by
first character) until a list has compiled its length in subsets, then the whole list. Checked against `re` itself:
on random alternatives and lines, a pattern that matches a line at its start has that line's first character among
its first characters; and every shipped line list on `re` answers every line of the seeds and of the parity samples
the same with the narrowed alternation as with the whole one.
"""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from detector.config.settings import Config
from detector.core.model import Document
from detector.rules.kinds import WholeLineIndex, line_cores
from detector.scorers.boilerplate.scorer import BoilerplateScorer
from detector.text.alternation import Alternation
from detector.text.first_chars import first_chars, may_begin
from detector.text.view import TextView

from .conftest import ROOT

ATOMS = ["a", "B", "é", "K", "ſ", "[a-c]", "[^a]", r"\w", r"\d", " ", ".", "(?i:b)", "(?-i:b)", "^", r"\b", "(?=a)",
         "(?<!x)"]
REPEATS = ["", "?", "*", "+", "{2}", "{0,2}"]


@st.composite
def patterns(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        atom = draw(st.sampled_from(ATOMS))
        repeat = draw(st.sampled_from(REPEATS)) if atom not in ("^", r"\b", "(?=a)", "(?<!x)") else ""
        pieces.append(f"(?:{atom}){repeat}")
    if draw(st.booleans()):
        return "(?:" + "".join(pieces) + "|" + draw(st.sampled_from(ATOMS[:6])) + ")"
    return "".join(pieces)


@settings(max_examples=400, deadline=None)
@given(patterns(), st.text(alphabet="aAbBcCéÉkKKſsS1 x", min_size=1, max_size=5), st.booleans())
def test_a_match_begins_with_one_of_the_first_characters(pattern: str, line: str, insensitive: bool) -> None:
    flags = re.IGNORECASE if insensitive else 0
    m = re.compile(pattern, flags).match(line)
    if m is not None and m.end() > 0:
        assert may_begin(first_chars(pattern, flags), frozenset(line[0])), (pattern, line)


def _documents() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for name in ("extraction-residue", "boilerplate-wcxb"):
        with (ROOT / "tests" / "data" / "parity" / f"{name}.jsonl").open(encoding="utf-8") as stream:
            texts += [json.loads(line)["text"] for line in stream]
    return texts


def test_narrowed_line_lists_answer_every_line_as_the_whole_list() -> None:
    scorer = BoilerplateScorer.build(Config())
    index = next(v for v in vars(scorer).values() if isinstance(v, WholeLineIndex))
    lists = [lexicon.matcher for lexicon in index._python]
    assert lists, "no line list on Python's re: nothing to check"
    for text in _documents():
        view = TextView(Document("d", text), Config())
        cores = line_cores(view)
        firsts = frozenset(core.text[0] for core in cores if core is not None)
        for matcher in lists:
            alternation = matcher._alternation
            assert isinstance(alternation, Alternation)
            fresh = Alternation(alternation.alternatives, alternation.flags)  # its subsets, not the shared one's
            narrowed = fresh.for_lines(view.scored_text, firsts)
            for index_, core in enumerate(cores):
                if core is None:
                    continue
                end = view.lines[index_].end
                whole = matcher.match_core(view.text, core, end, alternation.full)
                if narrowed is None:
                    assert whole is None or not matcher.may_start(core.text[0])
                else:
                    assert matcher.match_core(view.text, core, end, narrowed) == whole


def test_a_line_start_list_rejects_first_characters_as_its_regex_does() -> None:
    """`Matcher.may_start` answers from sets where it can; the regex of the entries' first characters it replaces
    must give the same answer for every character, the ones IGNORECASE pairs across scripts included."""
    from detector.text.lexicons import lexicon_files, load_lexicon

    characters = [chr(c) for c in range(32, 592)] + ["K", "ſ", "İ", "ı", "ẞ", "Ω", "ω", "“", "中", "\u0301"]
    matchers = [load_lexicon(name).matcher for name in lexicon_files()]
    checked = [m for m in matchers if m.checks_first]
    assert checked, "no literal line-start list: nothing to check"
    for matcher in checked:
        regex = matcher._first_regex
        assert regex is not None
        for char in characters:
            assert matcher._starts_with(char) == (regex.match(char) is not None), (matcher.entries[0], char)
