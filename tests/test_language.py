"""Language scorer on real text and crafted edge cases; langdetect determinism and langdetect-rs identity."""

from __future__ import annotations

import json

import pytest

from detector.config.settings import Config, with_overrides
from detector.core.model import Document
from detector.engines.pipeline import Pipeline
from detector.text.langid import LanguageIdentifier

from .conftest import SEEDS, corpus_file

ENGLISH = ("The ministry said on Saturday that the plan would go ahead as agreed with its partners abroad, "
           "and that the first group of people would arrive before the end of the year.")
GERMAN = ("Die Regierung hat am Samstag mitgeteilt, dass der Plan wie mit den Partnern vereinbart umgesetzt wird "
          "und dass die Gespräche in der kommenden Woche fortgesetzt werden sollen.")


def score(text: str, **overrides: object):
    return Pipeline(with_overrides(Config(), overrides)).score_document(Document("t", text, "t"))


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seeds_are_confidently_english(path) -> None:
    report = score(path.read_text(encoding="utf-8"))
    assert report.language == "en"
    assert report.scores["language"] > 95
    assert not [f for f in report.findings if f.category == "language"]


def test_mixed_document_reports_the_foreign_paragraph_with_its_span() -> None:
    text = f"{ENGLISH}\n\n{GERMAN}\n\n{ENGLISH}"
    report = score(text)
    [mixed] = [f for f in report.findings if f.rule_id == "LG102"]
    assert mixed.quote == GERMAN and "'de'" in mixed.message
    assert text[mixed.span.start : mixed.span.end] == GERMAN  # type: ignore[union-attr]
    assert report.scores["language"] < 70  # a third of the letters are German


@pytest.mark.parametrize("text", ["12:00 | 3-1 | €45", "ok", "$$$ ### 1234567890 !!! ??? ... ,,, ;;; 42 42 42 ab"])
def test_too_short_or_symbol_heavy_is_undetermined(text: str) -> None:
    report = score(text)
    assert report.language == "und" and report.scores["language"] == 0.0
    assert [f.rule_id for f in report.findings if f.category == "language"] == ["LG101"]


def test_expected_languages_gate() -> None:
    report = score(GERMAN, **{"language.expected": ["en"]})
    assert report.language == "de" and report.verdict == "reject"
    assert any(f.rule_id == "LG103" and f.severity == "error" for f in report.findings)
    assert not any(f.rule_id == "LG103" for f in score(ENGLISH, **{"language.expected": ["en"]}).findings)


def test_two_runs_agree_because_the_detector_is_seeded() -> None:
    ambiguous = "Mercado Central, Plaza Mayor, Madrid, Barcelona, Lisboa, Porto"
    first = [LanguageIdentifier(seed=0, backend="langdetect").detect(ambiguous) for _ in range(3)]
    second = [LanguageIdentifier(seed=0, backend="langdetect").detect(ambiguous) for _ in range(3)]
    assert first == second and len(set(first)) == 1


def _identity(texts: list[str]) -> None:
    rust = LanguageIdentifier(seed=0, backend="langdetect-rs")
    python = LanguageIdentifier(seed=0, backend="langdetect")
    for text in texts:
        assert rust.detect(text) == python.detect(text), text[:80]


def test_langdetect_rs_is_identical_to_langdetect_on_seeds_and_edge_cases() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    _identity([*texts, GERMAN, "ok", "", "Mercado Central, Plaza Mayor", "这是一个中文句子。"])


def test_langdetect_rs_is_identical_to_langdetect_on_real_corpus() -> None:
    path = corpus_file("mt/docs.jsonl")
    with path.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for _, line in zip(range(150), f, strict=False)]
    _identity(texts)


def test_remembered_guesses_are_the_guesses_and_the_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """`detect` remembers short texts (the verdict scores a cleaned page's paragraphs a second time): a remembered
    answer must be the answer a fresh identifier gives for that very text, whatever was asked in between, and the
    memo must not grow past its bound."""
    import detector.text.langid as langid

    monkeypatch.setattr(langid, "MEMO_ENTRIES", 3)
    texts = ["Der Minister sagte am Samstag, der Plan werde wie vereinbart umgesetzt.",
             "The ministry said on Saturday that the plan would go ahead as agreed.",
             "Le ministre a déclaré samedi que le plan serait mis en œuvre comme convenu.",
             "El ministro dijo el sábado que el plan se aplicaría según lo acordado.",
             "Il ministro ha detto sabato che il piano andrà avanti come concordato."]
    fresh = {t: LanguageIdentifier(seed=0).detect(t) for t in texts}
    shared = LanguageIdentifier(seed=0)
    for t in texts + texts[::-1] + texts:
        assert shared.detect(t) == fresh[t]
        assert len(shared._memo) <= 3
    assert [fresh[t].lang for t in texts] == ["de", "en", "fr", "es", "it"]
