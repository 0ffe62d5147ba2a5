"""The drop-in steps, run by the real libraries' own executors on real JSONL (tests/data/pipeline_docs.jsonl):
datatrove's `LocalPipelineExecutor` with `DetectorFilter` and its exclusion writer, and Data-Juicer's
`DefaultExecutor` with `detector_clean_mapper` and `detector_verdict_filter` (each through its example script, in
a process of its own, as a user runs it). Both libraries are in the `test` extra."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from detector.engines.steps.judge import Judge

from .conftest import ROOT

DOCS = ROOT / "tests" / "data" / "pipeline_docs.jsonl"
RECORDS = {r["id"]: r for r in map(json.loads, DOCS.read_text(encoding="utf-8").splitlines())}
CONFIG = '[language]\nexpected = ["en"]\n'  # the Italian record is then rejected (wrong language)


def _undo(text: str, removed: list[dict[str, Any]]) -> str:
    for number in sorted({r["round"] for r in removed}, reverse=True):
        for edit in sorted((r for r in removed if r["round"] == number), key=lambda r: r["start"]):
            start = edit["start"]
            text = text[:start] + edit["removed"] + text[start + len(edit["replacement"]) :]
    return text


def _expected(drop: str, config: Path) -> dict[str, str]:
    """What `detector filter` decides for each record with the same settings: the steps must agree with it."""
    judge = Judge(str(config), drop)
    return {doc_id: judge.text(r["text"], doc_id).report.verdict for doc_id, r in RECORDS.items()}


def _written(folder: Path) -> list[dict[str, Any]]:
    """The documents a datatrove JsonlWriter wrote to `folder` (gzip JSONL, one file per task)."""
    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        rows += [json.loads(line) for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()]
    return rows


def _run(script: str, *args: str) -> None:
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
    result = subprocess.run([sys.executable, str(ROOT / "examples" / script), *args], capture_output=True,
                            text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("config") / "detector.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def verdicts(config: Path) -> dict[str, str]:
    return _expected("review", config)


def test_datatrove_step_cleans_keeps_and_excludes_through_the_local_executor(tmp_path: Path, config: Path,
                                                                            verdicts: dict[str, str]) -> None:
    pytest.importorskip("datatrove")
    source = tmp_path / "in"
    source.mkdir()
    (source / "docs.jsonl").write_bytes(DOCS.read_bytes())
    _run("datatrove_pipeline.py", str(source), str(tmp_path / "out"), "--drop", "review", "--config", str(config))
    kept, removed = _written(tmp_path / "out" / "kept"), _written(tmp_path / "out" / "removed")
    assert sorted(d["id"] for d in kept + removed) == sorted(RECORDS)  # every document once
    assert {d["id"] for d in removed} == {i for i, v in verdicts.items() if v != "pass"}
    for doc in removed:
        meta = doc["metadata"]
        assert meta["filter_reason"] == meta["detector"]["reasons"][0]["code"]  # datatrove's own key
        assert meta["detector"]["verdict"] == verdicts[doc["id"]] and doc["text"] == RECORDS[doc["id"]]["text"]
    assert {"wrong-language", "unsafe-fix", "rule"} <= {d["metadata"]["filter_reason"] for d in removed}
    cleaned = [d for d in kept if d["metadata"]["detector"]["removed"]]
    assert cleaned, "no kept document was cleaned"
    for doc in kept:
        assert _undo(doc["text"], doc["metadata"]["detector"]["removed"]) == RECORDS[doc["id"]]["text"]
        assert doc["metadata"]["source"] == RECORDS[doc["id"]]["source"]  # the record's other fields travel on


def test_data_juicer_ops_clean_and_drop_through_the_default_executor(tmp_path: Path, config: Path,
                                                                     verdicts: dict[str, str]) -> None:
    pytest.importorskip("data_juicer")
    out = tmp_path / "out"
    _run("data_juicer_recipe.py", str(DOCS), str(out), "--drop", "review", "--config", str(config))
    kept = [json.loads(line) for line in (out / "kept.jsonl").read_text(encoding="utf-8").splitlines()]
    stats = [json.loads(line) for line in (out / "kept_stats.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(d["id"] for d in kept) == sorted(i for i, v in verdicts.items() if v == "pass")
    assert len(stats) == len(kept)
    changed = 0
    for doc, row in zip(kept, stats):
        meta = row["__dj__meta__"]
        assert meta["detector_verdict"] == row["__dj__stats__"]["detector_verdict"] == "pass"
        removed = json.loads(meta["detector_removed"])
        assert _undo(doc["text"], removed) == RECORDS[doc["id"]]["text"]
        changed += bool(removed)
    assert changed, "no kept document was cleaned"
