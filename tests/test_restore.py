"""`detector restore` undoes the last clean: of each record from its `detector_removed` log (JSONL byte for byte,
compressed or not, Parquet row for row), of a text file from its last backup."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detector.cli.app import app

from .conftest import ROOT, SEEDS

runner = CliRunner()
DOCS = ROOT / "tests" / "data" / "pipeline_docs.jsonl"


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stderr


def test_restore_gives_back_the_jsonl_bytes_before_the_last_clean(tmp_path: Path) -> None:
    source = tmp_path / "docs.jsonl"
    source.write_bytes(DOCS.read_bytes())
    once, twice = tmp_path / "once.jsonl", tmp_path / "twice.jsonl"
    invoke("clean", str(source), "-o", str(once))
    invoke("clean", str(once), "-o", str(twice), "--unsafe")  # a second clean with other settings: more rounds
    logs = [json.loads(line).get("detector_removed", []) for line in twice.read_text(encoding="utf-8").splitlines()]
    assert {e["clean"] for log in logs for e in log} == {1, 2}
    invoke("restore", str(twice), "-o", str(tmp_path / "back1.jsonl"))
    assert (tmp_path / "back1.jsonl").read_bytes() == once.read_bytes()  # the second clean undone, the first kept
    invoke("restore", str(tmp_path / "back1.jsonl"), "-o", str(tmp_path / "back0.jsonl"))
    assert (tmp_path / "back0.jsonl").read_bytes() == source.read_bytes()


def test_restore_in_place_of_a_compressed_file(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl.gz"
    path.write_bytes(gzip.compress(DOCS.read_bytes(), mtime=0))
    invoke("clean", str(path), "--in-place")
    assert gzip.decompress(path.read_bytes()) != DOCS.read_bytes()
    invoke("restore", str(path), "--in-place")
    assert gzip.decompress(path.read_bytes()) == DOCS.read_bytes()


def test_restore_a_parquet_file_row_for_row(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [json.loads(line) for line in DOCS.read_text(encoding="utf-8").splitlines()]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "docs.parquet")
    invoke("clean", str(tmp_path / "docs.parquet"), "-o", str(tmp_path / "clean.parquet"))
    cleaned = pq.read_table(tmp_path / "clean.parquet").to_pylist()
    assert any(r["detector_removed"] for r in cleaned)
    invoke("restore", str(tmp_path / "clean.parquet"), "-o", str(tmp_path / "back.parquet"))
    back = pq.read_table(tmp_path / "back.parquet").to_pylist()
    assert [r["text"] for r in back] == [r["text"] for r in rows]
    assert all(r["detector_removed"] is None for r in back)


def test_restore_a_text_file_from_its_last_backup(tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    shutil.copy(SEEDS / "001_3f200adcfff876e7.txt", path)
    original = path.read_bytes()
    invoke("clean", str(path), "--in-place")
    first = path.read_bytes()
    invoke("clean", str(path), "--in-place", "--unsafe")
    assert path.read_bytes() != first and (tmp_path / "seed.txt.orig.2").exists()
    invoke("restore", str(path), "--in-place")
    assert path.read_bytes() == first and not (tmp_path / "seed.txt.orig.2").exists()
    invoke("restore", str(path), "--in-place")
    assert path.read_bytes() == original


def test_restore_says_where_the_result_goes(tmp_path: Path) -> None:
    result = runner.invoke(app, ["restore", str(DOCS)])
    assert result.exit_code == 2 and "--output or --in-place" in result.stderr
