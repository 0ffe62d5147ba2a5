"""What start-up defers to the first document that needs it is loaded then, and gives what loading it at once gave.

MT's likelihood model (a megabyte of JSON) is read when a document is first judged: `judging_gate` answers "too
short to judge" from the thresholds alone (kept in the start-up store for the shipped file), and `Pipeline.warm_up`
loads the model before `--jobs` forks its workers. A user's model file is still read and checked when the scorer is
built, so a broken one stops the run at once, as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detector.config.settings import Config
from detector.core.model import Document
from detector.engines.pipeline import Pipeline
from detector.scorers.mt.likelihood import judging_gate, load_likelihood_model
from detector.scorers.mt.scorer import MtScorer
from detector.text.lexicons import LexiconError

SHORT = "The council met on Tuesday and agreed, after a long debate, to fund two new schools in the north."


def test_the_gate_has_the_models_thresholds() -> None:
    gate, model = judging_gate(), load_likelihood_model()
    assert (gate.min_words, gate.min_sentence_words) == (model.min_words, model.min_sentence_words)
    for words, sentences in [(10, 1), (model.min_words, 1), (model.min_words, 40), (400, 20)]:
        assert gate.not_judged(words, sentences) == model.not_judged(words, sentences)


def test_the_model_loads_with_the_first_document_judged() -> None:
    scorer = MtScorer.build(Config())
    pipeline = Pipeline(Config(scorers=("mt",)))
    pipeline.scorers = [scorer]
    pipeline.score_document(Document("short", SHORT))
    assert "likelihood" not in vars(scorer), "a text too short to judge loaded the model"
    report = pipeline.score_document(Document("long", " ".join([SHORT] * 5)))
    assert "likelihood" in vars(scorer) and report.metrics["mt"]["mt_likelihood"] is not None


def test_warm_up_loads_what_was_deferred() -> None:
    pipeline = Pipeline(Config(scorers=("mt",)))
    pipeline.warm_up()
    assert all("likelihood" in vars(s) for s in pipeline.scorers if isinstance(s, MtScorer))


def test_a_users_broken_model_stops_the_build(tmp_path: Path) -> None:
    broken = tmp_path / "model.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(LexiconError):
        MtScorer(likelihood_file=str(broken))
