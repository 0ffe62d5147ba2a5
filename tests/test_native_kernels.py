"""The native core's kernels against their Python references (tests/reference/) on random text: same offsets, same
counts, offsets inside the text, no exception on any input. Hypothesis draws from every code point but the lone
surrogates, which cannot cross into Rust (TextView passes them as U+FFFD, tested here too)."""

from __future__ import annotations

import importlib.util
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.config.settings import Config
from detector.core import _native
from detector.core.model import Document, Span
from detector.scorers.boilerplate.line_model import load_line_model
from detector.text.charcount import char_counts
from detector.text.view import TextView
from detector.text.word_spans import WordSpans

from .conftest import ROOT
from .reference import lines as lines_ref
from .reference import phrases as phrase_ref
from .reference import readability as read_ref
from .reference import sentences as sentence_ref
from .reference import text_view as ref
from .reference import trees as tree_ref

# Text that exercises the kernels: mostly the characters they branch on, sometimes anything at all.
PIECES = st.sampled_from(["a", "Z", "é", "ß", "İ", "Σ", "σ", "1", "²", "_", "'", "’", "-", " ", "\t", "\n", "\r",
                          "\u00a0", "\u000b", "\u001c", "\u200b", "\u200d", "\u0301", "\u0915\u093e", "中", "😀",
                          "\ufffd", ".", "\n\n", "\n \n"])
TEXT = st.one_of(st.lists(PIECES, max_size=60).map("".join), st.text(max_size=80))


def _cut(text: str, fraction: float) -> int:
    return int(len(text) * fraction)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.floats(0, 1))
def test_words_lines_and_paragraphs_equal_the_reference(text: str, fraction: float) -> None:
    end = _cut(text, fraction)
    index = _native.TextIndex(text, end)
    for native, reference in ((WordSpans(*index.word_bounds()), ref.words(text, end)),
                              (index.lines(Span), ref.scan_lines(text, end)),
                              (index.paragraphs(Span), ref.paragraphs(text, end))):
        assert [(s.start, s.end) for s in native] == reference
        assert all(0 <= s.start <= s.end <= end for s in native)
    assert index.word_texts() == tuple(text[s:e] for s, e in ref.words(text, end))
    assert index.lower_word_texts() == tuple(text[s:e].lower() for s, e in ref.words(text, end))
    starts = [s for s, _ in ref.words(text, end)]
    for a, b in ((0, end), (end // 3, end), (1, 2)):
        assert index.words_in(a, b) == sum(1 for s in starts if a <= s < b)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_char_counts_equal_the_plain_loop(text: str) -> None:
    assert char_counts(text) == ref.char_counts(text)


def test_spans_made_natively_are_ordinary_spans() -> None:
    [line] = _native.TextIndex("line", 4).lines(Span)
    assert line == Span(0, 4) and hash(line) == hash(Span(0, 4)) and line < Span(1, 2)
    assert type(line) is Span


def test_word_spans_read_as_a_sequence_of_spans() -> None:
    """`TextView.words` makes spans on access: indexing, slicing, iterating and `len` agree with one another."""
    words = WordSpans(*_native.TextIndex("It's a well-known fact", 22).word_bounds())
    spans = [Span(0, 4), Span(5, 6), Span(7, 17), Span(18, 22)]
    assert len(words) == 4 and list(words) == spans and words[1] == spans[1] and words[-1] == spans[-1]
    assert words[1:3] == spans[1:3] and words[::-1] == spans[::-1] and spans[2] in words
    with pytest.raises(IndexError):
        words[4]


def test_lone_surrogates_are_read_as_replacement_characters() -> None:
    view = TextView(Document("d", "one \udc80two\n\udc80\nthree"), Config())
    assert [view.quote(w) for w in view.words] == ["one", "two", "three"]
    assert [view.quote(s) for s in view.lines] == ["one \udc80two", "\udc80", "three"]
    assert char_counts("a\udc80") == (1, 2, 0)


def test_the_unicode_tables_are_what_this_python_generates() -> None:
    """native/src/unicode_tables.rs is generated from Python's own character methods; a Python with another
    Unicode version must regenerate it (scripts/gen_unicode_tables.py) before the native core can match it."""
    spec = importlib.util.spec_from_file_location("gen_unicode_tables", ROOT / "scripts" / "gen_unicode_tables.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    assert unicodedata.unidata_version == _native.UNICODE_VERSION
    committed = (ROOT / "native" / "src" / "unicode_tables.rs").read_text(encoding="utf-8")
    assert committed == generator.render(), "run scripts/gen_unicode_tables.py and rebuild"


# Han, kana and a compatibility ideograph bound no phrase (Chinese and Japanese have no spaces); Hangul does
CJK = ["版权", "所有", "記事", "カ", "ｶ", "\uf900", "\U00020000", "한국", "。"]
PHRASE = st.lists(st.sampled_from(["a", "b", "ab", "σ", "Σ", "ß", "İ", "i", " ", "-", "©", "é", "É", "1", *CJK]),
                  min_size=1, max_size=4).map("".join).filter(lambda p: p.strip() == p and p)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.lists(PHRASE, min_size=1, max_size=6, unique_by=str.casefold)),
                min_size=1, max_size=4),
       st.lists(st.sampled_from(["a", "b", "ab", "σ", "Σ", "ß", "SS", "İ", "I", "i", " ", "-", "©", "é", "É", "1",
                                 "\n", "x", *CJK]), max_size=40).map("".join), st.floats(0, 1))
def test_one_automaton_finds_what_each_list_found_alone(lists: list[tuple[bool, list[str]]], text: str,
                                                        fraction: float) -> None:
    end = _cut(text, fraction)
    hits = _native.PhraseIndex(lists).search(text, end)
    assert all(0 <= start <= stop <= end for _, _, start, stop in hits)
    for position, (sensitive, patterns) in enumerate(lists):
        mine = [(start, stop, entry) for lst, entry, start, stop in hits if lst == position]
        assert mine == phrase_ref.literal_matches(patterns, sensitive, text, 0, end)


@settings(max_examples=200, deadline=None)
@given(st.lists(PHRASE, min_size=1, max_size=5, unique_by=str.casefold), TEXT)
def test_phrase_search_never_fails_on_any_text(patterns: list[str], text: str) -> None:
    hits = _native.PhraseIndex([(False, patterns), (True, patterns)]).search(text, len(text))
    assert all(0 <= start <= stop <= len(text) for _, _, start, stop in hits)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 5)),
                         min_size=1, max_size=1), min_size=1, max_size=20), st.randoms(use_true_random=False))
def test_the_shipped_trees_score_as_the_python_walk(seeds: list[list[float]], random: Any) -> None:
    """Rows of real-looking values (each feature drawn near the thresholds the trees split on, plus NaN, infinities
    and integers): the raw scores and contributions of both shipped stages are the floats the walk made."""
    model = load_line_model()
    for ensemble in (model.first, *([model.second] if model.second else [])):
        thresholds: dict[int, list[float]] = {}
        for tree in ensemble.trees:
            for f, t in zip(tree.feature, tree.threshold):
                if f >= 0:
                    thresholds.setdefault(f, []).append(t)
        width = len(ensemble.features)
        rows = []
        for seed in seeds:
            row = []
            for f in range(width):
                pick = random.random()
                near = random.choice(thresholds.get(f, [0.0]))
                row.append(seed[0] if pick < 0.1 else near if pick < 0.4 else near + random.uniform(-1, 1))
            rows.append(row)
        raw = ensemble._evaluator.raw_scores(rows)
        for row, z in zip(rows, raw):
            assert z == tree_ref.raw_score(ensemble.trees, ensemble.base, row)
            assert ensemble._evaluator.contributions(row) == tree_ref.contributions(ensemble.trees, width, row)


def test_malformed_trees_and_rows_are_errors_not_crashes() -> None:
    with pytest.raises(ValueError, match="not a tree"):
        _native.TreeEnsemble([([0, 0], [0.0, 0.0], [1, 0], [1, 0], [0.0, 0.0])], 0.0, 1)
    ensemble = _native.TreeEnsemble([([0, -1, -1], [0.5, 0, 0], [1, -1, -1], [2, -1, -1], [0, 1.0, 2.0])], 0.0, 1)
    assert ensemble.raw_scores([[0.0], [1.0]]) == [1.0, 2.0]
    with pytest.raises(ValueError, match="the trees read 1"):
        ensemble.raw_score([])


WORDISH = st.lists(st.sampled_from(["a", "e", "i", "o", "u", "y", "b", "st", "tion", "ing", "'", "'s", "'t", "'ve",
                                    "’", "-", ".", "!", "?", " ", "\n", "\t", "\u00a0", "é", "ß", "İ", "Σ", "1", "²",
                                    "_", "e.g.", "Mr.", "the", "beautiful", "uncharacteristically", "rhythm"]),
                   max_size=60).map("".join)


@pytest.mark.parametrize("locale", ["en_US", "de", "es", "fr", "it", "nl", "ru", "hu"])
@settings(max_examples=40, deadline=None)
@given(text=st.one_of(WORDISH, st.text(max_size=60)))
def test_readability_counts_equal_the_python_counting(locale: str, text: str) -> None:
    """Every count the formulas read, against the Python counting pass (CMUdict, pyphen) it replaced."""
    from detector.scorers.readability.formulas import counter, easy_words

    words = read_ref.list_words(text)
    count = read_ref.syllable_counter(locale)
    syllables = [count(w) for w in words]
    english = locale.startswith("en")
    expected = (len(words), read_ref.count_sentences(text), sum(syllables))
    native = counter(locale).counts(text, 3)
    assert native[:3] == expected
    assert [counter(locale).syllables(w) for w in words] == syllables
    if english:
        easy = easy_words("en")
        lowered = [w.lower() for w in words]
        assert native[3:6] == (sum(1 for w, s in zip(lowered, syllables) if w not in easy and s >= 3),
                               sum(1 for w in lowered if w not in easy), sum(1 for s in syllables if s >= 3))


@settings(max_examples=100, deadline=None)
@given(st.one_of(WORDISH, st.text(max_size=300)))
def test_english_metrics_equal_the_python_formulas(text: str) -> None:
    from detector.scorers.readability.formulas import english_metrics
    from detector.scorers.readability.textstat_adapter import _lang_configs

    config = {**_lang_configs()["en"]}
    assert english_metrics(text, "en_US", config) == read_ref.english_metrics(text, "en_US", config)


def test_english_metrics_equal_the_python_formulas_on_real_documents() -> None:
    """Long documents (Linsear Write's 100-word sample, the CMUdict and pyphen paths) from the seeds and the parity
    samples of every corpus, in English and in each other Flesch language's constants."""
    import json

    from detector.scorers.readability.formulas import english_metrics
    from detector.scorers.readability.textstat_adapter import _lang_configs

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in sorted((ROOT / "tests" / "data" / "parity").glob("*.jsonl")):
        with path.open(encoding="utf-8") as stream:
            texts += [json.loads(line)["text"] for _, line in zip(range(8), stream)]
    configs = _lang_configs()
    for text in texts:
        for locale, lang in (("en_US", "en"), ("de", "de"), ("ru", "ru")):
            config = {**configs["en"], **configs.get(lang, {})}
            assert english_metrics(text, locale, config) == read_ref.english_metrics(text, locale, config)


SENTENCEISH = st.lists(st.sampled_from(["Dr.", "Mr.", "U.S.", "etc.", "J.", "No.", "3.", "1,000.", "the", "The", "And",
                                        "Smith", "Él", "...", "--", "(a.)", "\"Yes.\"", "“Quote.”", "«Non.»", "?!",
                                        "。", "！", "今天", "」", " ", "  ", "\n", "\n\n", "\t", "\u00a0", ". ", ", ",
                                        "\u2009", "x", "é", "\u001c"]), max_size=50).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(SENTENCEISH, st.text(max_size=80)), st.sampled_from(["en", "de", "fr", "es", "zh-cn", "ja", "ru"]),
       st.floats(0, 1))
def test_document_sentences_equal_the_python_splitting(text: str, lang: str, fraction: float) -> None:
    from detector.text.sentences import native_splitter

    end = _cut(text, fraction)
    native = _native.TextIndex(text, end).sentences(Span, native_splitter(lang))
    assert [(s.start, s.end) for s in native] == sentence_ref.document_sentences(text, end, lang)
    assert all(0 <= s.start < s.end <= end for s in native)


def test_every_cmudict_word_gets_the_syllables_of_its_first_pronunciation() -> None:
    """The native core looks cmudict up in place (binary search over its nearly sorted lines, the few out of order
    kept apart): every word of the file, and its variants' spellings, against the table built whole."""
    from detector.scorers.readability.formulas import counter

    native = counter("en_US")
    reference = read_ref.syllable_counter("en_US")
    words = sorted(read_ref.cmudict_syllables())
    assert len(words) > 100_000
    assert [native.syllables(w) for w in words] == [reference(w) for w in words]


LINEISH = st.lists(st.sampled_from(["The", "the", "plan", "Ministry", "it's", "It’s", "de", "la", "und", "é", "ß", "3",
                                    "²", "-", "• ", "o ", "* ", "> ", " ", "  ", "\t", ".", "!", "?", "…", "”", ")",
                                    "。", "的", "是", "我", "、", "，", "ก", "の", "\u00a0", "_", "Σ", "İ", "l'été"]),
                   max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(LINEISH, st.text(max_size=50)), st.sampled_from(["en", "de", "fr", "zh-cn", "ja", "th", "xx"]))
def test_line_facts_and_prose_equal_the_python_counting(text: str, lang: str) -> None:
    from detector.core.model import Span
    from detector.scorers.boilerplate.lines import facts_for
    from detector.scorers.boilerplate.prose import line_prose

    line = text.strip()
    assert facts_for(0, Span(0, len(line)), line) == lines_ref.facts_for(0, Span(0, len(line)), line)
    assert line_prose(text, lang) == lines_ref.line_prose(text, lang)


def test_line_facts_of_a_document_equal_each_line_alone() -> None:
    text = "Home | News\n\n  The Ministry said 3 things, ok.  \n• Item one\nZürich “quote.”"
    index = _native.TextIndex(text, len(text))
    lines = index.lines(Span)
    assert index.line_facts() == [_native.line_facts_of(text[s.start : s.end]) for s in lines]


@settings(max_examples=100, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(0, 400))
def test_the_linear_model_equals_the_python_arithmetic(random: Any, size: int) -> None:
    """The shipped MT likelihood table evaluated natively against the same arithmetic in Python on a plain mapping
    (exact family norms, `math.fsum` of the shares): the same decision and the same share of every n-gram, bit for
    bit; and within 1e-12 of the former Python loop, whose family norms added in a set's order."""
    from detector.scorers.mt.likelihood import LikelihoodModel, load_likelihood_model

    model = load_likelihood_model()
    table = model.features
    grams = sorted(table._rows)  # type: ignore[attr-defined]
    counts = {random.choice(grams): random.randint(1, 9) for _ in range(size)}
    counts.update({f"not a feature {i}": 1 for i in range(3)})
    plain = LikelihoodModel({g: table[g] for g in counts if g in table}, model.bias, model.scale, model.offset)
    native_decision, native_shares = model.contributions(counts)
    python_decision, python_shares = plain.contributions(counts)
    assert native_decision == python_decision and native_shares == python_shares
    old_decision = _former_contributions(model, counts)
    assert abs(old_decision - native_decision) <= 1e-12 * max(1.0, abs(old_decision))


def _former_contributions(model: Any, counts: dict[str, int]) -> float:
    import math

    squares, found = [0.0, 0.0], []
    for gram in counts.keys() & model.features.keys():
        feature = model.features[gram]
        count = counts[gram]
        value = feature.idf if count == 1 else feature.idf * (1.0 + math.log(count))
        found.append((feature, value))
        squares[feature.family] += value * value
    norms = [math.sqrt(s) or 1.0 for s in squares]
    return model.bias + math.fsum(sorted(f.weight * v / norms[f.family] for f, v in found))


# The characters the line shape and the MT tokens branch on, then anything at all.
SHAPEISH = st.one_of(st.lists(st.sampled_from(
    ["The", "cat", "NEWS", "ÉTÉ", "ª", "中文", "ǅ", "ß", "İ", "Σ", "2024", "²", "½", "_", "'", "’", "-", "–", "—", "―",
     " ", "\n", "\u00a0", "\u0301", ".", "...", "…", ",", ";", ":", "(", ")", '"', "“", "”", "„", "«", "»", "‘", "?",
     "!", "{", "}", "=", "<", ">", "[", "]", "/", "\\", "$", "#", "*", "&", "|", "+", "%", "€", "£", "@", "😀",
     "\ufffd", "I’m", "in", "Smith", "o"]), max_size=40).map("".join), st.text(max_size=60))


@settings(max_examples=400, deadline=None)
@given(SHAPEISH, st.integers(0, 30), st.floats(-1, 1), st.booleans(), st.booleans())
def test_line_shapes_give_the_python_features(core: str, words: int, share: float, ends: bool,
                                              running: bool) -> None:
    from detector.scorers.boilerplate import line_features as features

    from .reference import line_features as shape_ref

    [shape] = features._shapes([core])
    case = features._case_shares(shape)
    assert case == shape_ref.case_shares(core)
    assert features._own(shape, words, share, ends, running, case) == shape_ref.own(core, words, share, ends,
                                                                                     running, case)
    assert features._symbols(shape) == shape_ref.symbols(core)


def test_every_symbol_character_counts_as_python_counts_it() -> None:
    """The code and numeric characters are spelled out in Rust: each one, and every other ASCII character, alone."""
    from detector.scorers.boilerplate import line_features as features

    from .reference import line_features as shape_ref

    for ch in sorted(features.CODE_CHARS | features.NUMERIC_CHARS | {chr(c) for c in range(128)}):
        [shape] = features._shapes([ch * 3])
        assert features._symbols(shape) == shape_ref.symbols(ch * 3), ch


def test_line_shapes_read_lone_surrogates_as_python_does() -> None:
    from detector.scorers.boilerplate import line_features as features

    from .reference import line_features as shape_ref

    core = "AB\udc80C {x}"
    [shape] = features._shapes([core])
    assert features._symbols(shape) == shape_ref.symbols(core)
    assert features._own(shape, 2, 0.0, False, False, (1.0, 0.0)) == shape_ref.own(core, 2, 0.0, False, False,
                                                                                     (1.0, 0.0))


@settings(max_examples=400, deadline=None)
@given(st.lists(SHAPEISH, max_size=5).map("\n\n".join))
def test_mt_tokens_and_counts_equal_the_python_loop(text: str) -> None:
    from detector.scorers.mt import features

    from .reference import mt_features as mt_ref

    view = TextView(Document("d", text), Config())
    sentences = features.sentence_tokens(view)
    expected = mt_ref.sentence_tokens(view)
    assert sentences == expected
    assert all(0 <= s.start <= s.end <= len(text) for s in sentences)
    counts = features.document_counts(sentences)
    assert list(counts.items()) == list(mt_ref.document_counts(expected).items())  # same counts, same order
    assert features.word_count(sentences) == mt_ref.word_count(expected)


def test_mt_tokens_read_lone_surrogates_as_python_does() -> None:
    from detector.scorers.mt import features

    from .reference import mt_features as mt_ref

    view = TextView(Document("d", "It\udc80s “fine”\udc80 — Ms\udc80Smith said."), Config())
    assert features.sentence_tokens(view) == mt_ref.sentence_tokens(view)
