"""The rows of `detector eval verdict --rows` and scripts/verdict_thresholds.py, which chooses the verdict's
thresholds by replaying the verdict on those rows instead of scoring every corpus again for every grid point. The
replay is only worth its figures if a row recorded once, under the default configuration, gives the verdict the
pipeline itself gives under *other* thresholds: that is checked here on real documents (the seeds and the WSJ
whole-page dump), for configurations chosen so that the verdicts differ."""

from __future__ import annotations

import doctest
import importlib.util
import json
import sys
from dataclasses import replace
from types import ModuleType

import pytest
from typer.testing import CliRunner

from detector.cli.app import app
from detector.config.settings import Config, ConfigError, VerdictConfig
from detector.core.model import Document
from detector.engines.pipeline import Pipeline
from detector.evaluation.verdict import Item, items_of, row_of
from detector.scorers.registry import config_from_mapping
from detector.scorers.verdict import decide, reasons

from .conftest import ROOT, SEEDS

SCRIPT = ROOT / "scripts" / "verdict_thresholds.py"
CRUDE = ROOT / "tests" / "data" / "crude_dump_wsj.txt"
# (boilerplate floor, unsafe-fix confidence, MT likelihood, removed share): points of the script's grid and off it
POINTS = [(25.0, 0.9, 0.95, 1.0), (50.0, 1.0, 0.6, 0.5), (0.0, 0.85, 1.0, 0.8), (100.0, 0.95, 0.05, 0.005)]


@pytest.fixture(scope="module")
def thresholds() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verdict_thresholds", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["verdict_thresholds"] = module  # dataclasses and doctest look the module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    found = [Document(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    return [*found, Document("wsj", CRUDE.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def rows(documents: list[Document]) -> list[dict]:
    """The rows as `detector eval verdict --rows` writes them, under the default configuration."""
    config = Config()
    pipeline = Pipeline(config)
    return [row_of("seeds", Item(d, ("documents",)), ["documents"], pipeline.score_document(d), config)
            for d in documents]


def test_rows_replay_to_the_pipelines_verdict_under_other_thresholds(thresholds: ModuleType, rows: list[dict],
                                                                     documents: list[Document]) -> None:
    seen = set()
    replay = thresholds.Replay(rows)
    for point in POINTS:
        cfg = thresholds.config_at(point)
        pipeline = Pipeline(Config(verdict=cfg))
        expected = [pipeline.score_document(d).verdict for d in documents]
        assert [thresholds.verdict_of(row, cfg) for row in rows] == expected, point
        assert [thresholds.VERDICTS[v] for v in replay.verdicts(point)] == expected, point  # the fast replay
        seen.add(tuple(expected))
    assert len(seen) >= 3  # the points move the verdicts: a replay that ignored its thresholds would fail


def test_a_row_says_what_the_verdict_was_judged_on(rows: list[dict]) -> None:
    wsj = rows[-1]
    assert wsj["id"] == "wsj" and wsj["verdict"] == "pass"
    assert 0.5 < wsj["judged"]["removed_share"] < 0.9  # the WSJ dump is mostly template that clean removes
    assert all(row["judged"]["removed_share"] < 0.1 for row in rows[:-1])  # the seeds are articles
    assert all(0 <= row["judged"]["mt_likelihood"] <= 1 for row in rows)
    threshold = Config().boilerplate.min_confidence
    assert all(f[3] >= threshold for row in rows for f in row["judged"]["findings"])


def test_most_of_a_page_removed_rejects_only_when_configured(documents: list[Document]) -> None:
    wsj = documents[-1]
    assert Pipeline().score_document(wsj).verdict == "pass"  # off by default (1.0)
    report = Pipeline(Config(verdict=replace(VerdictConfig(), reject_removed_share=0.6))).score_document(wsj)
    assert report.verdict == "reject" and [r.code for r in report.reasons] == ["mostly-removed"]
    cfg = replace(VerdictConfig(), reject_removed_share=0.6)
    assert decide(None, [], cfg, metrics={"clean": {"removed_share": 0.6}}) == "reject"
    assert decide(None, [], cfg, metrics={"clean": {"removed_share": 0.59}}) == "pass"
    assert reasons(None, [], replace(cfg, reject_removed_share=0.0), metrics={"clean": {"removed_share": 0.0}}) == []


def test_reject_removed_share_is_configured_and_checked() -> None:
    assert config_from_mapping({"verdict": {"reject_removed_share": 0.7}}).verdict.reject_removed_share == 0.7
    with pytest.raises(ConfigError, match=r"reject_removed_share' must lie in \[0, 1\], not 1.5"):
        config_from_mapping({"verdict": {"reject_removed_share": 1.5}})
    with pytest.raises(ConfigError, match="reject_removed_share"):
        config_from_mapping({"verdict": {"reject_removed_share": "most"}})


def test_native_english_that_carries_its_text_as_gold_is_counted_as_native(tmp_path) -> None:
    """mt-wmt22/native.jsonl repeats each text as `gold`: it was read as a residue page (no `native` set at all)."""
    path = tmp_path / "native.jsonl"
    text = "The council met on Tuesday. It agreed to repair the bridge before winter."
    path.write_text(json.dumps({"id": "n1", "label": "native", "text": text, "gold": text}) + "\n", encoding="utf-8")
    assert [(i.document.id, i.sets) for i in items_of(path)] == [("n1", ("documents", "native"))]


def test_eval_verdict_rows_feed_the_threshold_script(thresholds: ModuleType, tmp_path, capsys) -> None:
    corpus = tmp_path / "native.jsonl"
    lines = (ROOT / "tests" / "data" / "mt_docs_sample.jsonl").read_text(encoding="utf-8").splitlines()[:6]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    result = CliRunner().invoke(app, ["eval", "verdict", str(corpus), "--rows", str(out), "-j", "1", "--json"])
    assert result.exit_code == 0, result.output
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(written) == 6 and {r["corpus"] for r in written} == {"native"}
    assert all(set(r["judged"]) == {"overall", "scores", "mt_likelihood", "removed_share", "findings"}
               for r in written)
    thresholds.main([str(out)])
    chosen = json.loads(capsys.readouterr().out)
    assert chosen["default"]["point"]["reject_removed_share"] == VerdictConfig().reject_removed_share
    assert [f["held_out"] for f in chosen["folds"]] == ["native"]


def test_the_scripts_doctests(thresholds: ModuleType) -> None:
    failed, attempted = doctest.testmod(thresholds, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert attempted > 0 and failed == 0
