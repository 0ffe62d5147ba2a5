"""What a user gets (issue 22, item 1): `detector eval boilerplate` scores the cleaned text's words against the gold
article beside the raw input and a perfect cleaner, and with `--line-models` each corpus is scored by the model
fitted without it (leave one source out).

The corpus here is written for the test: pages of an article between a one-line menu of residue and a footer, each
line labelled, so the figures can be worked out by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detector.cli.app import app
from detector.evaluation.words import WordFigures, surviving, tokens, word_prf
from detector.scorers.boilerplate.line_features import FEATURES
from detector.scorers.boilerplate.line_model import FORMAT

runner = CliRunner()

ARTICLE = ["The city council voted on Tuesday to expand the network of protected bike lanes by forty kilometres "
           "over the next three years, after a long debate.",
           "Supporters of the plan said that the new lanes would make cycling safer for children and older "
           "residents of the city."]
MENU = "Home | News | Sport | Business | Weather | Travel"
FOOTER = "© 2024 Example Media Ltd. All rights reserved."


def labelled(page: str, extractor: str, lines: list[tuple[str, str]]) -> dict[str, object]:
    text, spans = "", []
    for line, label in lines:
        spans.append({"start": len(text), "end": len(text) + len(line), "label": label})
        text += line + "\n"
    gold = "\n".join(line for line, label in lines if label != "residue")
    return {"id": f"{page}-{extractor}", "page": page, "extractor": extractor, "text": text, "lines": spans,
            "gold": gold}


def corpus(folder: Path, name: str, pages: int = 4) -> Path:
    records = []
    for i in range(pages):
        article = [(f"{sentence} Page {i}.", "content") for sentence in ARTICLE]
        records.append(labelled(f"p{i}", "bs4-body", [(MENU, "residue"), *article, (FOOTER, "residue")]))
        records.append(labelled(f"p{i}", "trafilatura-recall", article))
    path = folder / name / "dev.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_word_figures_by_hand() -> None:
    assert word_prf(tokens("a b b c"), tokens("b b c d")) == (0.75, 0.75, 0.75)
    assert word_prf(tokens(""), tokens("a")) == (0.0, 0.0, 0.0)
    figures = WordFigures()
    figures.add((0.5, 1.0, 0.6), (0.8, 1.0, 0.9), (1.0, 1.0, 1.0), 100, 3)
    figures.add((1.0, 1.0, 1.0), (1.0, 1.0, 1.0), (1.0, 1.0, 1.0), 100, 0)
    summary = figures.summary()
    assert summary["raw_f1"] == 0.8 and summary["clean_f1"] == 0.95 and summary["perfect_f1"] == 1.0
    assert summary["gap_closed"] == 0.75  # (0.95 - 0.8) / (1.0 - 0.8)
    assert summary["content_lost"] == 0.015
    # two rounds of edits: what survives is mapped back to the original characters
    assert list(surviving(8, [[(0, 2, 0)], [(4, 6, 1)]])) == [0, 0, 1, 1, 1, 1, 0, 0]


def test_eval_prints_what_a_user_gets_per_group_and_extractor(tmp_path: Path) -> None:
    path = corpus(tmp_path, "made-up")
    result = runner.invoke(app, ["eval", "boilerplate", str(path), "--json"])
    assert result.exit_code == 0, result.output
    words = json.loads(result.stdout)["corpora"]["made-up"]["words"]
    assert set(words) == {"whole_page", "article", "whole_page/bs4-body", "article/trafilatura-recall"}
    page = words["whole_page/bs4-body"]
    assert page["pages"] == 4 and page["perfect_f1"] == 1.0 and page["raw_f1"] < 0.9
    # the menu and the copyright line are found, so the clean closes the gap; no article character is lost
    assert page["clean_f1"] > page["raw_f1"] and page["gap_closed"] > 0.5 and page["content_lost"] == 0.0
    extractor = words["article/trafilatura-recall"]  # nothing to remove: raw is already perfect
    assert extractor["raw_f1"] == extractor["clean_f1"] == 1.0 and extractor["gap_closed"] == 0.0
    table = runner.invoke(app, ["eval", "boilerplate", str(path)]).stdout
    assert "| whole_page/bs4-body | 4 |" in table and "gap closed" in table


def test_eval_counts_article_characters_the_clean_removes(tmp_path: Path) -> None:
    """A line labelled content that the clean deletes is article lost: here the copyright line is labelled content
    (as an annotator might), so its characters are the loss."""
    record = labelled("p0", "bs4-body", [(MENU, "residue"), *[(s, "content") for s in ARTICLE], (FOOTER, "content")])
    path = tmp_path / "loss" / "dev.jsonl"
    path.parent.mkdir()
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    words = json.loads(runner.invoke(app, ["eval", "boilerplate", str(path), "--json"]).stdout)["corpora"]["loss"]
    content = sum(len(s) for s in ARTICLE) + len(FOOTER)
    assert words["words"]["whole_page"]["content_lost"] == pytest.approx(len(FOOTER) / content, abs=1e-5)


def _model_flagging_nothing(path: Path, source: str) -> None:
    path.write_text(json.dumps({"format": FORMAT, "source": source, "license": "CC0-1.0", "features": list(FEATURES),
                                "first": {"base": -30.0, "trees": []}}), encoding="utf-8")


def test_leave_one_source_out_scores_each_corpus_with_its_own_model(tmp_path: Path) -> None:
    first, second = corpus(tmp_path, "one", 2), corpus(tmp_path, "two", 3)
    models = tmp_path / "loso"
    models.mkdir()
    _model_flagging_nothing(models / "for-one.json", "leave-one-source-out model for one: fitted on two")
    result = runner.invoke(app, ["eval", "boilerplate", str(first), str(second), "--line-models", str(models)])
    assert result.exit_code != 0 and "for-two.json" in result.output  # no model fitted without `two`
    _model_flagging_nothing(models / "for-two.json", "leave-one-source-out model for two: fitted on one")
    result = runner.invoke(app, ["eval", "boilerplate", str(first), str(second), "--line-models", str(models),
                                 "--json"])
    assert result.exit_code == 0, result.output
    corpora = json.loads(result.stdout)["corpora"]
    assert corpora["one"]["model"] == "leave-one-source-out model for one"
    assert corpora["two"]["model"] == "leave-one-source-out model for two"
    sampled = json.loads(runner.invoke(app, ["eval", "boilerplate", str(second), "--every", "2",
                                             "--json"]).stdout)["corpora"]["two"]
    assert sampled["docs"] == 4 and sampled["words"]["whole_page"]["pages"] == 2  # pages 0 and 2, both tools
