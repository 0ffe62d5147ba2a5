"""The speed-ups must not change a single answer: each fast path against the plain computation it replaces."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ftfy.badness import is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.config.settings import Config
from detector.core.model import Document
from detector.scorers.boilerplate.line_model import load_line_model
from detector.scorers.boilerplate.mojibake import NATIVE_FROM, _ftfy, _is_bad, _native_search, may_be_bad
from detector.text.alternation import Alternation, required_literal
from detector.text.charcount import char_counts
from detector.text.lexicons import Lexicon, lexicon_files, load_lexicon
from detector.text.view import TextView

from .reference.line_lists import plain_line_matches

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
# Characters that make up mojibake and its neighbours, mixed with plain ASCII and line breaks.
MOJIBAKE_ALPHABET = "â€œ™Ã©¢£¥Â ÎÐ¦¤¨¬¯¸ƒˆ˜†‡‰Œœ°ØÙ√≈‚Äìabcz AZ\n.,'\"é¡«¿"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_char_counts_equal_the_plain_loops(text: str) -> None:
    plain = (sum(ch.isalpha() for ch in text), sum(not ch.isspace() for ch in text),
             sum(ch.isdigit() for ch in text))
    assert char_counts(text) == plain


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=MOJIBAKE_ALPHABET, max_size=80) | st.text(max_size=40))
def test_windowed_mojibake_search_equals_ftfy(text: str) -> None:
    assert may_be_bad(text) == is_bad(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=MOJIBAKE_ALPHABET, max_size=80) | st.text(max_size=40))
def test_native_mojibake_search_equals_ftfy(text: str) -> None:
    """ftfy's pattern on the native engine (what long texts get) finds mojibake exactly where ftfy does."""
    assert _native_search(text) == is_bad(text)


def test_lone_surrogates_leave_the_mojibake_search_to_ftfy() -> None:
    long = "“" * NATIVE_FROM + "\udc80 â€œ"
    assert _native_search(long) is None
    assert may_be_bad(long) == _is_bad(long) == is_bad(long) is True


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=MOJIBAKE_ALPHABET, max_size=40), st.sampled_from(["“", "the ", "é", "Ã", "a\n"]))
def test_long_texts_are_searched_natively_with_ftfy_answers(text: str, filler: str) -> None:
    long = filler * (NATIVE_FROM // len(filler)) + text
    assert may_be_bad(long) == _is_bad(long) == is_bad(long)


def test_the_mojibake_shortcut_is_on_for_this_ftfy() -> None:
    """If a new ftfy adds an ASCII-only pattern the shortcut switches off (correct but slower): notice it here. (ASCII
    text is skipped whatever the pattern says: mojibake is non-ASCII by what it is.)"""
    assert _ftfy()[2]


def test_mojibake_found_in_a_long_ascii_text() -> None:
    text = "plain words " * 2000 + "the minister said â€œyesâ€\x9d today" + " more" * 500
    assert may_be_bad(text) and is_bad(text)


def test_required_literal_reads_only_the_top_level() -> None:
    assert required_literal(r"\ball rights reserved\b", re.I) == "all rights reserved"
    assert required_literal(r"(?:a|b)c?", 0) is None
    assert required_literal(r"(", 0) is None  # unreadable alone: no literal, the alternative is always run


def _regex_lexicons() -> list[str]:
    return [name for name in lexicon_files("*/*.tsv") if load_lexicon(name).regex]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SEEDS), st.integers(0, 4000), st.text(alphabet="©() CcopyrightAlRsvd20192:", max_size=60))
def test_literal_prefilter_finds_what_the_full_alternation_finds(seed: Path, cut: int, insert: str) -> None:
    """Every regex list in lexicons/, on seed text with random copyright-ish noise inserted."""
    base = seed.read_text(encoding="utf-8")
    text = base[:cut] + insert + base[cut:]
    for name in _regex_lexicons():
        matcher = load_lexicon(name).matcher
        if matcher.scope != "phrase":
            continue
        full = [(m.start(), m.end(), m.lastgroup) for m in matcher._regex.finditer(text)]
        fast = [(m.start, m.end) for m in matcher.finditer(text)]
        assert fast == [(s, e) for s, e, _ in full], name


def test_alternation_subsets_keep_the_alternative_order() -> None:
    alt = Alternation([("a", "ab"), ("b", "abc"), ("c", "xyz")], 0)
    subset = alt.for_text("abc")
    assert subset is not None and subset.pattern == "(?P<a>ab)|(?P<b>abc)"
    assert subset.match("abc").lastgroup == "a"  # leftmost alternative first, as in the full pattern


def test_native_contributions_add_up_like_a_tree_walk() -> None:
    model = load_line_model()
    ensemble = model.second or model.first
    import random

    rng = random.Random(7)
    for _ in range(200):
        row = [rng.choice([0.0, 1.0, rng.random() * 5]) for _ in ensemble.features]
        walked: dict[tuple[int, bool], float] = {}
        for tree in ensemble.trees:
            node = 0
            while tree.feature[node] >= 0:
                high = row[tree.feature[node]] > tree.threshold[node]
                child = tree.right[node] if high else tree.left[node]
                key = (tree.feature[node], high)
                walked[key] = walked.get(key, 0.0) + (tree.value[child] - tree.value[node])
                node = child
        acc = ensemble._evaluator.contributions(row)
        fast = {(key // 2, bool(key % 2)): c for key, c in enumerate(acc) if c != 0.0}
        assert fast == {key: c for key, c in walked.items() if c != 0.0}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="Ab c.D e?!\"')(\n\t Mr", max_size=120))
def test_sentence_shortcut_agrees_with_punkt(text: str) -> None:
    from detector.text.sentences import _tokenizer, sentence_spans

    stripped = text.strip()
    if not stripped:
        return
    start = text.index(stripped[0])
    end = start + len(stripped)
    punkt = [(start + s, start + e) for s, e in _tokenizer("en").span_tokenize(text[start:end])]
    assert list(sentence_spans(text, start, end, "en")) == punkt


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab 'ts.—-\u00a0\x1cé_1’", max_size=30) | st.text(max_size=20))
def test_short_sentence_test_matches_textstat_word_list(sentence: str) -> None:
    from .reference.readability import _at_most_two_words, list_words

    assert _at_most_two_words(sentence) == (len(list_words(sentence)) <= 2)


def test_syllable_table_equals_cmudict_first_pronunciations() -> None:
    from detector.scorers.readability.textstat_adapter import _offline_cmudict

    from .reference.readability import cmudict_syllables

    full = _offline_cmudict("en")
    assert full is not None
    expected = {word: sum(1 for phone in prons[0] if phone[-1].isdigit()) for word, prons in full.items()}
    assert cmudict_syllables() == expected


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text()
    | st.floats(allow_nan=False, allow_infinity=False).map(lambda x: round(x, 4)),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSONISH)
def test_report_json_reads_back_and_matches_json_for_plain_values(value: object) -> None:
    import json

    from detector.reports.serialize import dumps

    text = dumps(value)
    assert json.loads(text) == value
    if not _has_exponent_float(value):  # the one documented difference
        assert text == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _has_exponent_float(value: object) -> bool:
    if isinstance(value, float):
        return "e" in repr(value)
    if isinstance(value, list):
        return any(_has_exponent_float(v) for v in value)
    if isinstance(value, dict):
        return any(_has_exponent_float(v) for v in value.values())
    return False


def _all_lexicons() -> list[Lexicon]:
    return [load_lexicon(name) for name in lexicon_files("*/*.tsv")]


def _entry_lines() -> list[str]:
    """Whole-line entries of the line-scope lists, the lines the index and the prefilter must find."""
    return sorted({e.pattern for lex in _all_lexicons() if lex.scope != "phrase" and not lex.regex
                   for e in lex.entries})


def _view(text: str) -> TextView:

    return TextView(Document("d", text), Config())


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SEEDS), st.lists(st.tuples(st.integers(0, 60), st.sampled_from(_entry_lines()),
                                                  st.sampled_from(["", "• ", "o ", "  ", "- "]),
                                                  st.sampled_from([str, str.upper, str.lower, str.title])),
                                        max_size=6),
       st.text(alphabet="©() CcopyrightAlRsvd2019:ByLeave a comment\n", max_size=40))
def test_line_scope_fast_paths_equal_the_per_list_per_line_test(
        seed: Path, inserts: list[tuple[int, str, str, Callable[[str], str]]], noise: str) -> None:
    """`WholeLineIndex` (literal whole-line lists in dicts, the lists the native engine runs in one call) and the
    per-document regex prefilter (regex line lists on `re`) against
    `Matcher.match_core` with the full alternation on every line, for every line-scope list in lexicons/."""
    from detector.rules.kinds import WholeLineIndex, line_cores, line_matches

    lines = seed.read_text(encoding="utf-8").split("\n")
    for at, entry, bullet, case in inserts:
        lines.insert(min(at, len(lines)), bullet + case(entry))
    lines.insert(len(lines) // 2, noise)
    view = _view("\n".join(lines))
    cores = line_cores(view)
    lexicons = [lex for lex in _all_lexicons() if lex.scope != "phrase"]
    hits = WholeLineIndex(lexicons).hits(cores, view)
    for lexicon in lexicons:
        fast = hits[lexicon.name] if lexicon.name in hits else list(line_matches(lexicon, view, cores))
        assert fast == plain_line_matches(lexicon.matcher, view, cores), lexicon.name


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(SEEDS), st.lists(st.tuples(st.integers(0, 60), st.sampled_from(_entry_lines())), max_size=6))
def test_native_line_paths_charge_the_work_meter_as_re_does(seed: Path, inserts: list[tuple[int, str]]) -> None:
    """The native line paths charge `core.work` what `line_matches` on `re` charges (`Matcher.match_core`, a line
    at a time), so that a work budget stops the same scorers on either path."""
    from detector.core.work import used, work_limit
    from detector.rules.kinds import WholeLineIndex, _python_line_matches, line_cores, line_matches

    lines = seed.read_text(encoding="utf-8").split("\n")
    for at, entry in inserts:
        lines.insert(min(at, len(lines)), entry)
    view = _view("\n".join(lines))
    cores = line_cores(view)
    native = [lex for lex in _all_lexicons() if lex.scope != "phrase" and lex.matcher.whole_line_keys() is None
              and lex.matcher.native is not None]
    assert native

    def charged(run: Callable[[], object]) -> int:
        with work_limit(1e9, len(view.text)):
            run()
            return used()

    by_re = {lex.name: charged(lambda lex=lex: list(_python_line_matches(lex.matcher, view, cores,
                                                                            range(len(cores))))) for lex in native}
    for lexicon in native:
        assert charged(lambda lexicon=lexicon: list(line_matches(lexicon, view, cores))) == by_re[lexicon.name]
    index = WholeLineIndex(native)
    assert charged(lambda: index.hits(cores, view)) == sum(by_re[name] for name in index.names)


def _registered_literals() -> list[str]:
    from detector.text.alternation import _REGISTRY

    _all_lexicons()  # every regex list registered
    return sorted(_REGISTRY.literals)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_registered_literals()) | st.sampled_from(_registered_literals()).map(lambda s: s[:-1])
                | st.text(alphabet="abc :©()rightsvd", max_size=8), max_size=8))
def test_literal_registry_answers_like_in(parts: list[str]) -> None:
    """Overlapping and adjacent literals included: the automaton must report each one that occurs."""
    from detector.text.alternation import _REGISTRY

    text = "".join(parts)
    assert _REGISTRY.present(text) == {lit for lit in _REGISTRY.literals if lit in text}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_registered_literals()) | st.text(alphabet="abc :©()rightsvdBy", max_size=8),
                max_size=6))
def test_any_active_answers_whether_active_is_empty(parts: list[str]) -> None:
    """`Alternation.any_active` (what `may_match` and a line list's `document_regex` ask) stops at the first
    alternative that may match; it must say what `active` says, for every regex list."""
    text = "".join(parts)
    for lexicon in _all_lexicons():
        alternation = lexicon.matcher._alternation
        if alternation is not None:
            assert alternation.any_active(text) == bool(alternation.active(text)), lexicon.name


def test_whole_line_index_keeps_each_lists_case_rule_and_order() -> None:
    """The shipped whole-line lists are all case-insensitive; a case-sensitive one must still be looked up by its
    own key, and two lists sharing an entry must each get their match."""
    from detector.rules.kinds import WholeLineIndex, line_cores, line_matches
    from detector.text.lexicons import parse_lexicon

    def lexicon(name: str, case: str, rows: str) -> Lexicon:
        return parse_lexicon(name, "# format: detector-lexicon/1\n# kind: existence\n# lang: en\n# source: t\n"
                             f"# license: CC0-1.0\n# case: {case}\n# scope: line\n{rows}")

    lexicons = [lexicon("a.en.tsv", "sensitive", "Home\nMenu\n"), lexicon("b.en.tsv", "insensitive", "home\n"),
                lexicon("c.en.tsv", "sensitive", "MENU\n")]
    view = _view("Home\nhome\nMENU\n• Menu\nHOME\n")
    cores = line_cores(view)
    hits = WholeLineIndex(lexicons).hits(cores)
    for lex in lexicons:
        assert hits[lex.name] == list(line_matches(lex, view, cores)), lex.name
    assert [i for i, _ in hits["a.en.tsv"]] == [0, 3] and [i for i, _ in hits["b.en.tsv"]] == [0, 1, 4]
    assert [i for i, _ in hits["c.en.tsv"]] == [2]


def _reasons_by_dict(ensemble: object, row: list[float], top: int = 3) -> list[str]:
    """The first implementation of `TreeEnsemble.reasons`: per-key loop with dicts, kept here as the reference."""
    from detector.scorers.boilerplate.line_model import describe

    acc = ensemble._evaluator.contributions(row)  # type: ignore[attr-defined]
    net: dict[int, float] = {}
    side: dict[int, tuple[float, bool]] = {}
    for key, c in enumerate(acc):
        if c == 0.0:
            continue
        feature, high = divmod(key, 2)
        net[feature] = net.get(feature, 0.0) + c
        if c > side.get(feature, (0.0, bool(high)))[0]:
            side[feature] = (c, bool(high))
    ranked = sorted(((c, f) for f, c in net.items() if c > 0.05 and f in side), reverse=True)
    return [describe(ensemble.features[f], side[f][1]) for _, f in ranked[:top]]  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(1, 6))
def test_reasons_equal_the_dict_implementation(rng: object, top: int) -> None:
    model = load_line_model()
    for ensemble in (model.first, model.second):
        if ensemble is None:
            continue
        row = [rng.choice([0.0, 1.0, rng.random() * 5, rng.random()]) for _ in ensemble.features]  # type: ignore[attr-defined]
        assert ensemble.reasons(row, top) == _reasons_by_dict(ensemble, row, top)


def test_regex_list_width_from_its_alternatives_equals_the_whole_alternations() -> None:
    """A line longer than a list can match skips the list; its width is read from each alternative's parse, which
    must agree with parsing the whole alternation (the way it was read before) for every shipped regex list."""
    import sys

    from detector.text.alternation import sre_parse

    checked = 0
    for name in lexicon_files():
        lexicon = load_lexicon(name)
        alternation = lexicon.matcher._alternation
        if alternation is None:
            continue
        whole = sre_parse.parse(alternation.source(tuple(range(len(alternation.alternatives)))), alternation.flags)
        assert alternation.max_width is not None, name
        assert min(sys.maxsize, alternation.max_width) == min(sys.maxsize, whole.getwidth()[1]), name
        checked += 1
    assert checked >= 10


ENTITYISH = st.lists(st.sampled_from(["&nbsp;", "&amp;", "&#160;", "&#x1F;", "&nbsp", "&", ";", "nbsp;", "&#1;", "a",
                                      " ", "\n", "&NBSP;", "&#٣٣;"]), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(ENTITYISH, st.floats(0, 1))
def test_entity_runs_are_the_runs_of_entity_matches(text: str, fraction: float) -> None:
    from detector.scorers.boilerplate.patterns import _entity_runs

    from .reference import boilerplate_scans

    end = int(len(text) * fraction)
    assert list(_entity_runs(text, end)) == list(boilerplate_scans.entity_runs(text, end))


FOREIGNISH = st.lists(st.sampled_from(["der ", "die ", "und ", "ist ", "nicht ", "le ", "la ", "de ", "et ", "est ",
                                       "the ", "of ", "Straße ", "DER ", "İst ", "l’eau ", "d'eau ", "x", " ", ", ",
                                       "é", "ǅ", "ﬁ"]), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(FOREIGNISH)
def test_other_language_check_equals_the_token_loop(core: str) -> None:
    from detector.scorers.boilerplate.prose import _folded, _in_another_language

    from .reference import boilerplate_scans

    folded = _folded(core)
    assert folded == boilerplate_scans.folded_tokens(core)
    assert _in_another_language(folded) == boilerplate_scans.in_another_language(folded)


@given(st.lists(st.booleans(), max_size=40))
def test_nearby_running_share_is_the_windows_mean(flags: list[bool]) -> None:
    """`_nearby_running` (prefix sums) against the window it replaced: the mean of `running` over the up to three
    lines on each side, the line itself left out; equal as floats, since the line model's trees compare them."""
    from detector.scorers.boilerplate.line_features import _nearby_running

    running = tuple(flags)
    count = len(running)
    expected = []
    for i in range(count):
        window = [running[j] for j in range(max(0, i - 3), min(count, i + 4)) if j != i]
        expected.append(sum(window) / max(1, len(window)))
    assert _nearby_running(running) == expected
