"""`score_records`, the function a Spark UDF or a Ray `map_batches` calls, and the Ray example built on it.

`score_records` must give the rows `detector scan --format jsonl` writes. The Ray example runs only where Ray is
installed (`pip install 'ray[data]'`; about 500 MB with pyarrow and pandas, so it is not in the `test` extra).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detector.cli.app import app
from detector.engines.batch import score_records
from detector.reports.serialize import dumps

from .conftest import ROOT, SEEDS

runner = CliRunner()


def _single_machine(*args: str) -> list[str]:
    result = runner.invoke(app, ["scan", *args, "--format", "jsonl", "-q"])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.fixture
def records_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Seed articles and labelled cases as records with ids, plus records the reader turns into error rows."""
    monkeypatch.chdir(tmp_path)
    lines = [json.dumps({"id": s.stem, "text": s.read_text(encoding="utf-8")}) for s in sorted(SEEDS.glob("*.txt"))]
    cases = (ROOT / "tests" / "cases" / "negative.jsonl").read_text(encoding="utf-8").splitlines()
    lines += [json.dumps({"id": f"case-{n}", **json.loads(line)}) for n, line in enumerate(cases[:4])]
    lines += ['{"id": 17, "text": "   "}', '{"id": true, "body": "no text"}',
              '{"text": "No id here, said the ministry."}']
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_score_records_gives_the_rows_scan_writes(records_file: Path) -> None:
    """Given each record's `file:line` as its source, the rows are the single-machine lines, byte for byte."""
    expected = _single_machine(records_file.name)
    lines = records_file.read_text(encoding="utf-8").splitlines()
    records = [{**json.loads(line), "where": f"{records_file.name}:{n}"} for n, line in enumerate(lines, start=1)]
    rows = score_records(records, source_field="where")
    assert [dumps(row) for row in rows] == expected
    assert [row["status"] for row in rows[-3:]] == ["error", "error", "ok"]


def test_score_records_reuses_one_pipeline_per_process() -> None:
    from detector.engines import process_cache

    score_records([{"id": "a", "text": "The ministry confirmed the plan."}])
    first = process_cache._CACHED
    score_records([{"id": "b", "text": "Officials declined to comment."}])
    assert process_cache._CACHED is first


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray's own, about its own settings
def test_ray_example_matches_the_single_machine_scan(records_file: Path) -> None:
    ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'ray[data]'): example not run")
    pytest.importorskip("ray.data", reason="ray is installed without ray.data (pip install 'ray[data]')")
    spec = importlib.util.spec_from_file_location("ray_map_batches", ROOT / "examples" / "ray_map_batches.py")
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        assert example.main([records_file.name, "-o", "ray.jsonl"]) == 0
    finally:
        ray.shutdown()
    got = [json.loads(line) for line in Path("ray.jsonl").read_text(encoding="utf-8").splitlines()]
    want = [json.loads(line) for line in _single_machine(records_file.name)]
    # Ray has no line numbers: a row's source is its file, and so is the id of a record without a usable id.
    name = records_file.name
    assert [row["source"] for row in got] == [name] * len(want)
    for row, expected in zip(got, want):
        if expected["id"].startswith(f"{name}:"):
            assert row["id"] == name
            row["id"] = expected["id"]
        row["source"] = expected["source"]
        row["errors"] = [{**error, "where": expected["source"]} for error in row["errors"]]
    assert got == want
