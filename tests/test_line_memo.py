"""The per-line memo of the line lists on Python's `re` (`detector.text.line_memo`): the second scoring of a page
(the verdict after clean) answers its untouched lines from the first scoring's answers, and that must give exactly
the reports a full rescoring gives. Checked on the seeds and on the parity samples of the dev corpora, against a
run with the memo switched off; and line by line, against `Matcher.match_core`, on lines moved around a text (first
line, after a bullet, after other white space) and on rows whose answer reads the character before the line."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.config.settings import Config
from detector.core.model import Document
from detector.engines.pipeline import Pipeline
from detector.reports.writers import WriterContext, make_writer
from detector.rules.kinds import _python_line_matches, line_cores
from detector.text.line_memo import LineMemo
from detector.text.matching import Entry, Matcher
from detector.text.view import TextView

from .conftest import ROOT
from .reference.line_lists import plain_line_matches

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SAMPLES = [ROOT / "tests" / "data" / "parity" / f"{name}.jsonl" for name in ("extraction-residue", "boilerplate-wcxb")]


def _documents() -> list[Document]:
    docs = [Document(p.stem, p.read_text(encoding="utf-8")) for p in SEEDS]
    for path in SAMPLES:
        with path.open(encoding="utf-8") as stream:
            docs += [Document(f"{path.stem}-{i}", json.loads(line)["text"]) for i, line in enumerate(stream)]
    return docs


def _rendered(pipeline: Pipeline, docs: list[Document]) -> list[str]:
    out = io.StringIO()
    writer = make_writer("jsonl", out, WriterContext(tuple(s.name for s in pipeline.scorers)))
    for doc in docs:
        writer.write(pipeline.score_document(doc))
    writer.close()
    return out.getvalue().splitlines()


def _answers(pipeline: Pipeline) -> Iterator[object]:
    """Every answer the memos hold: the line index's (one slot per list on `re`) and each list's own."""
    for scorer in pipeline.scorers:
        index = getattr(scorer, "_whole_lines", None)
        if index is not None:
            for answers in index._memo._answers.values():
                yield from answers
        for rule in getattr(scorer, "lexicon_rules", ()):
            for lexicon in rule.lexicons:
                memo = lexicon.matcher.__dict__.get("line_memo")
                if memo is not None:
                    yield from memo._answers.values()


def test_second_scoring_from_the_memo_equals_a_full_rescoring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every document scored once to fill the memos, then all of them again in another order (each line of a page
    and of its cleaned text answered from the memo): the reports must be the ones made with no memo at all."""
    docs = _documents()
    pipeline = Pipeline()
    _rendered(pipeline, docs)
    shuffled = docs[:]
    random.Random(7).shuffle(shuffled)
    remembered = _rendered(pipeline, shuffled)
    answers = list(_answers(pipeline))
    assert sum(isinstance(a, tuple) for a in answers) >= 5, "the samples must give the memoised lists some matches"
    assert len(answers) > 1000
    with monkeypatch.context() as patch:
        patch.setattr(Matcher, "line_memo", property(lambda self: None))
        fresh = _rendered(Pipeline(), shuffled)
    assert remembered == fresh


ROWS = (r"By [A-Z][a-z]+$", r"\bsource ?:", r"^Intro\b", r"(?i:photo) ?:(?= ?[^\s:])", r"[^\n]{0,5}end$")
LINES = ("By Anna", "By Anna Smith", "source: AP", "Source : x", "Intro here", "Intro", "photo: X", "photo:",
         "the end", "x end", "resource: y")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(["", "• ", "  ", "\t", "- ", "x"])), min_size=1,
                max_size=8),
       st.sampled_from(["", "\n", " \n", "\n\n  "]))
def test_memo_answers_are_the_lines_own_answers(lines: list[tuple[str, str]], opening: str) -> None:
    """A line met again (at the start of a text, after white space, inside a line) gets what `match_core` finds
    for it there; `^` and `\\b` read the character before the line, which the key holds."""
    matcher = Matcher(tuple(Entry(row, "", "", i) for i, row in enumerate(ROWS)), case_sensitive=True, regex=True,
                      scope="line-start")
    for _ in range(2):  # the second time every line is answered from the memo
        for order in (lines, lines[::-1]):
            view = TextView(Document("d", opening + "\n".join(prefix + line for line, prefix in order)), Config())
            cores = line_cores(view)
            assert list(_python_line_matches(matcher, view, cores, range(len(cores)))) == \
                plain_line_matches(matcher, view, cores)


def test_a_list_with_a_lookbehind_is_not_memoised() -> None:
    """A lookbehind may read before the character the key starts with."""
    assert Matcher((Entry("(?<=x)By", "", "", 1),), case_sensitive=True, regex=True, scope="line-start"
                   ).line_memo is None


def test_the_memo_forgets_its_oldest_answers() -> None:
    memo = LineMemo(3)
    for key in "abcd":
        memo.put(key, key)
    assert [memo.get(k, None) for k in "abcd"] == [None, "b", "c", "d"]


def test_samples_exist() -> None:
    assert all(Path(p).exists() for p in SAMPLES) and SEEDS


def test_the_index_answers_and_charges_the_re_lists_as_line_matches_does() -> None:
    """`WholeLineIndex` answers the line lists on `re` from its memo; each list's matches and the work meter's
    charge must be `_python_line_matches`'s, on a text met for the first time and again."""
    from detector.core.work import used, work_limit
    from detector.rules.kinds import WholeLineIndex
    from detector.text.lexicons import lexicon_files, load_lexicon

    lexicons = [lex for lex in (load_lexicon(n) for n in lexicon_files("*/*.tsv")) if lex.scope != "phrase"
                and lex.matcher.whole_line_keys() is None and lex.matcher.native is None]
    assert len(lexicons) >= 5
    index = WholeLineIndex(lexicons)
    assert set(index.names) == {lex.name for lex in lexicons}
    text = "\n".join(["By Anna Smith", "Photo: AP", "  • Source: Reuters", "Subscribe to our newsletter today",
                      *(p.read_text(encoding="utf-8") for p in SEEDS[:3]), "Published: 12.03.2024 10:15"])
    view = TextView(Document("d", text), Config())
    cores = line_cores(view)
    with work_limit(1e9, len(text)):
        plain = {lex.name: list(_python_line_matches(lex.matcher, view, cores, range(len(cores))))
                 for lex in lexicons}
        expected = used()
    assert sum(map(len, plain.values())) >= 3
    for _ in range(2):
        with work_limit(1e9, len(text)):
            hits = index.hits(cores, view)
            assert used() == expected
        assert hits == plain
