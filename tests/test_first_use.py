"""Tables loaded on first use (detector.core.first_use) answer exactly as the tables built whole: CMUdict's syllables
and the bigram list's pairs, before and after the switch."""

from __future__ import annotations

import random
from importlib.resources import files

from hypothesis import given
from hypothesis import strategies as st

from detector.core.first_use import FirstUseTable
from detector.scorers.mt.ngrams import PAIR_ROW, _pair_lookup, _rows, load_pair_model

from .conftest import SEEDS
from .reference.readability import (
    _cmudict_text,
    _first_pronunciation_syllables,
    _syllable_table,
    cmudict_syllables,
    list_words,
)


def test_syllables_looked_up_on_first_use_equal_the_table() -> None:
    """Words with numbered variants and odd characters, every 400th entry, the seeds' words and non-words."""
    table = cmudict_syllables()
    keys = sorted(table)
    odd = [k for k in keys if not k.isalpha()]
    variants = sorted({line.split("(")[0] for line in _cmudict_text().split("\n") if "(" in line.split(" ")[0]})
    seeds = sorted({w.lower() for p in SEEDS.glob("*.txt") for w in list_words(p.read_text(encoding="utf-8"))})
    words = [*keys[::400], *odd[::40], *variants[::40], *seeds, "qzxv", "zzzz'", "abc(2)", "(", "a a", ""]
    lazy = FirstUseTable("\n" + _cmudict_text(), _first_pronunciation_syllables, _syllable_table,
                         limit=len(words))
    assert [lazy.get(w) for w in words] == [table.get(w) for w in words]
    assert not lazy.built and lazy.get("qzxv") is None and lazy.built  # one more: the table is built
    assert lazy.table() == table


def _bigram_text() -> str:
    return (files("symspellpy") / "frequency_bigramdictionary_en_243_342.txt").read_text(encoding="utf-8")


def test_pairs_looked_up_on_first_use_equal_the_set() -> None:
    text = _bigram_text()
    full = frozenset(pair for pair, _ in _rows(text, PAIR_ROW, 2))
    pairs, floor = _pair_lookup(text)
    assert floor == min(int(count) for _, count in _rows(text, PAIR_ROW, 2))
    sample = random.Random(7).sample(sorted(full), 300)
    words = sorted({p.split()[0] for p in sample})
    probes = [*sample, *(f"{a} {b}" for a, b in zip(words, reversed(words))), "zoo", "zoo sex 58065024",
              "zoo  sex", " zoo sex", "", "a b c"]
    assert [p in pairs for p in probes] == [p in full for p in probes]
    model = load_pair_model()
    assert model.floor == floor and all((p in model.pairs) == (p in full) for p in probes)


@given(st.lists(st.tuples(st.sampled_from(["of", "the", "in", "zoo", "a-b", "é"]),
                          st.sampled_from(["the", "sex", "lens", "of", "x"]),
                          st.integers(1, 10**9)), min_size=1, max_size=30, unique_by=lambda r: r[:2]),
       st.sampled_from(["plain", "tab", "double space", "trailing"]))
def test_a_bigram_file_in_any_form_answers_as_the_row_reader(rows: list[tuple[str, str, int]], form: str) -> None:
    lines = [f"{a} {b} {n}" for a, b, n in rows]
    if form == "tab":
        lines[0] = lines[0].replace(" ", "\t", 1)
    elif form == "double space":
        lines[-1] = lines[-1].replace(" ", "  ", 1)
    elif form == "trailing":
        lines[0] += " "
    text = "\n".join(lines) + "\n"
    expected = frozenset(pair for pair, _ in _rows(text, PAIR_ROW, 2))
    pairs, floor = _pair_lookup(text)
    assert floor == min(int(c) for _, c in _rows(text, PAIR_ROW, 2))
    for a, b, _ in rows:
        for probe in (f"{a} {b}", f"{b} {a}", a):
            assert (probe in pairs) == (probe in expected)


@given(st.lists(st.tuples(st.text(alphabet="abé'-", min_size=1, max_size=5), st.integers(0, 10**12)), max_size=20),
       st.sampled_from(["plain", "double space", "blank line", "tab", "third column", "no final break"]))
def test_word_counts_read_any_file_as_the_row_reader(rows: list[tuple[str, int]], form: str) -> None:
    from detector.scorers.mt.ngrams import WORD_ROW, _word_counts

    lines = [f"{word} {count}" for word, count in rows]
    if lines and form == "double space":
        lines[0] = lines[0].replace(" ", "  ")
    elif form == "blank line":
        lines.insert(len(lines) // 2, "")
    elif lines and form == "tab":
        lines[-1] = lines[-1].replace(" ", "\t")
    elif lines and form == "third column":
        lines[0] += " x"
    text = "\n".join(lines) + ("" if form == "no final break" else "\n")
    expected = {word: int(count) for word, count in _rows(text, WORD_ROW, 1)}
    assert list(_word_counts(text).items()) == list(expected.items())


@given(st.dictionaries(st.text(alphabet="abé", min_size=1, max_size=4), st.integers(0, 10**9), max_size=30),
       st.sampled_from([0, 9, 10, 999_999, 2_000_000, 10**9]), st.booleans())
def test_word_counts_above_a_threshold_equal_the_plain_filter(counts: dict[str, int], threshold: int,
                                                              padded: bool) -> None:
    """The MT scorer's common words: `above` converts only counts long enough to exceed the threshold, and must
    find what comparing every count finds (also for counts written with leading zeros)."""
    from detector.scorers.mt.ngrams import WordCounts

    raw = {word: (f"{count:012d}" if padded else str(count)) for word, count in counts.items()}
    table = WordCounts(raw)
    assert table.above(threshold) == frozenset(w for w, c in counts.items() if c > threshold)
    assert dict(table.items()) == counts and all(table.get(w) == c for w, c in counts.items())
    assert table.get("zzzzz") is None and table.get("zzzzz", 0) == 0 and "zzzzz" not in table
