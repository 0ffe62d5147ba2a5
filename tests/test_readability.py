"""Readability scorer: textstat through the adapter (textstat's public API is the oracle), Punkt sentences
offline, long-sentence spans, wall of text, unsupported languages, and no global textstat state."""

from __future__ import annotations

import pytest
import textstat

from detector.config.settings import Config, with_overrides
from detector.core.model import Document
from detector.engines.pipeline import Pipeline
from detector.scorers.readability.textstat_adapter import readability_metrics, textstat_metrics
from detector.text.sentences import sentence_spans

from .conftest import SEEDS, corpus_file

SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
textstat_metrics("warm up", "en")  # installs the offline CMUdict before textstat's public API is called below


def score(text: str, **overrides: object):
    return Pipeline(with_overrides(Config(), overrides)).score_document(Document("t", text, "t"))


@pytest.mark.parametrize("name", SEED_TEXTS)
def test_adapter_matches_textstat_public_api_on_seeds(name: str) -> None:
    text = SEED_TEXTS[name]
    ours = readability_metrics(text, "en")
    assert ours["flesch_reading_ease"] == pytest.approx(textstat.flesch_reading_ease(text), abs=0.01)
    assert ours["flesch_kincaid_grade"] == pytest.approx(textstat.flesch_kincaid_grade(text), abs=0.01)
    assert ours["gunning_fog"] == pytest.approx(textstat.gunning_fog(text), abs=0.01)
    assert ours["smog_index"] == pytest.approx(textstat.smog_index(text), abs=0.01)
    assert ours["dale_chall_readability_score"] == pytest.approx(textstat.dale_chall_readability_score(text), abs=0.01)


@pytest.mark.parametrize("name", SEED_TEXTS)
def test_seeds_get_all_english_formulas_and_a_score_in_range(name: str) -> None:
    report = score(SEED_TEXTS[name])
    metrics = report.metrics["readability"]
    for key in ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
                "dale_chall_readability_score", "text_standard", "words", "sentences", "mean_sentence_words"):
        assert key in metrics
    assert 0 <= report.scores["readability"] <= 100
    assert 250 < metrics["words"] < 1000 and metrics["sentences"] > 5


def test_fast_formulas_equal_textstat_on_real_documents() -> None:
    """Our one-pass formulas against textstat's own backend (the oracle), to the second decimal."""
    import json

    path = corpus_file("mt/docs.jsonl")
    with path.open(encoding="utf-8") as stream:
        texts = [json.loads(line)["text"] for _, line in zip(range(200), stream)]
    for text in [*SEED_TEXTS.values(), *texts]:
        assert readability_metrics(text, "en") == textstat_metrics(text, "en")
    for lang, text in (("de", "Die Regierung hat am Samstag mitgeteilt, dass der Plan umgesetzt wird. Gut."),
                       ("es", "El gobierno dijo el sábado que el plan seguirá adelante. Es una buena noticia.")):
        assert readability_metrics(text, lang) == textstat_metrics(text, lang)


def test_scoring_german_does_not_change_textstat_global_language() -> None:
    text = "Die Regierung hat am Samstag mitgeteilt, dass der Plan wie vereinbart umgesetzt wird. " * 3
    before = textstat.flesch_reading_ease(SEED_TEXTS["000_dcfd112f6ddbc535.txt"])
    report = score(text)
    assert report.language == "de" and "flesch_kincaid_grade" not in report.metrics["readability"]
    assert report.scores["readability"] > 0
    assert textstat.flesch_reading_ease(SEED_TEXTS["000_dcfd112f6ddbc535.txt"]) == before


def test_unsupported_language_reports_counts_only_and_says_why() -> None:
    report = score("这是一个关于语言检测的简短中文句子，用于测试可读性评分。今天天气很好。")
    assert "readability" not in report.scores
    assert report.metrics["readability"]["sentences"] == 2
    assert [f.rule_id for f in report.findings if f.category == "readability"] == ["RD304"]


def test_abbreviations_do_not_end_sentences() -> None:
    text = "Gen. Haftar met Mr. Smith in the U.S. capital on Jan. 5. They spoke for an hour."
    spans = list(sentence_spans(text, 0, len(text), "en"))
    assert [text[s:e] for s, e in spans] == ["Gen. Haftar met Mr. Smith in the U.S. capital on Jan. 5.",
                                              "They spoke for an hour."]


def test_long_sentence_is_flagged_with_its_span() -> None:
    long = "The minister said that " + "the plan, " * 25 + "would go ahead."
    text = f"Short opener here. {long} Short closer."
    report = score(text)
    [f] = [f for f in report.findings if f.rule_id == "RD301"]
    assert f.quote == long and f.span is not None and text[f.span.start : f.span.end] == long


def test_wall_of_text_needs_length_and_a_single_paragraph() -> None:
    one_block = "The ministry confirmed the plan on Saturday. " * 60
    assert any(f.rule_id == "RD302" for f in score(one_block).findings)
    split = one_block[: len(one_block) // 2] + "\n\n" + one_block[len(one_block) // 2 :]
    assert not any(f.rule_id == "RD302" for f in score(split).findings)
