"""`detector filter` and `detector clean` on every format `scan` reads: the round trip per format (kept + dropped =
input, nothing lost, every dropped record with its reasons), resume, and `clean` writing compressed and columnar
inputs instead of skipping them (issue 24: it printed "1 skipped (not scorable)", wrote nothing and exited 0)."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from detector.cli.app import app
from detector.inputs.streams import compression_of

from .conftest import ROOT

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
ipc = pytest.importorskip("pyarrow.ipc")
zstandard = pytest.importorskip("zstandard")

runner = CliRunner()
DOCS = ROOT / "tests" / "data" / "pipeline_docs.jsonl"
RECORDS = [json.loads(line) for line in DOCS.read_text(encoding="utf-8").splitlines()]
BAD_LINE = b'{"id": "broken", "text": "cut off'
EXPECTED = ["--config", 'language.expected = ["en"]']  # the Italian record is rejected: a wrong-language reason

COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    "docs.jsonl": lambda data: data,
    "docs.jsonl.gz": lambda data: gzip.compress(data, mtime=0),
    "docs.jsonl.bz2": bz2.compress,
    "docs.jsonl.xz": lzma.compress,
    "docs.jsonl.zst": lambda data: zstandard.ZstdCompressor().compress(data),
}


def _decompress(data: bytes) -> bytes:
    kind = compression_of(data[:16])
    if kind == "gzip":
        return gzip.decompress(data)
    if kind == "bzip2":
        return bz2.decompress(data)
    if kind == "xz":
        return lzma.decompress(data)
    if kind == "zstd":
        return zstandard.ZstdDecompressor().stream_reader(data).read()
    return data


def _save_dataset(folder: Path, rows: list[dict[str, Any]]) -> None:
    """A `DatasetDict` as `save_to_disk` lays it out (two splits), written with pyarrow alone."""
    table = pa.Table.from_pylist(rows)
    halves = {"train": table.slice(0, 5), "test": table.slice(5)}
    for split, part in halves.items():
        (folder / split).mkdir(parents=True)
        with ipc.new_stream(str(folder / split / "data-00000-of-00001.arrow"), part.schema) as writer:
            writer.write_table(part)
        (folder / split / "state.json").write_text(json.dumps({"_data_files": [
            {"filename": "data-00000-of-00001.arrow"}], "_split": split}), encoding="utf-8")
        features = {name: {"dtype": "string", "_type": "Value"} for name in part.schema.names}
        (folder / split / "dataset_info.json").write_text(json.dumps({"features": features}), encoding="utf-8")
    (folder / "dataset_dict.json").write_text(json.dumps({"splits": list(halves)}), encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same eight real documents in every format: JSONL plain and in four compressions (with one cut-off line),
    Parquet (zstd) and a saved dataset with two splits."""
    folder = tmp_path_factory.mktemp("corpus")
    data = DOCS.read_bytes() + BAD_LINE + b"\n\n"
    for name, compress in COMPRESSORS.items():
        (folder / name).write_bytes(compress(data))
    rows = [{"id": r["id"], "text": r["text"], "source": r["source"]} for r in RECORDS]
    pq.write_table(pa.Table.from_pylist(rows), folder / "docs.parquet", compression="zstd")
    _save_dataset(folder / "saved", rows)
    return folder


def _jsonl_rows(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL output; a line that is no record (the cut-off line `clean` copies as it was) is
    left out here and checked on its own."""
    lines = _decompress(path.read_bytes()).decode("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and line.encode() != BAD_LINE]


def _arrow_rows(path: Path) -> list[dict[str, Any]]:
    if path.is_file():
        return pq.read_table(path).to_pylist()
    rows: list[dict[str, Any]] = []
    for split in json.loads((path / "dataset_dict.json").read_text())["splits"]:
        with pa.memory_map(str(path / split / "data-00000-of-00001.arrow")) as source:
            rows += ipc.open_stream(source).read_all().to_pylist()
    return rows


def _rows(path: Path) -> list[dict[str, Any]]:
    return _arrow_rows(path) if path.is_dir() or path.suffix == ".parquet" else _jsonl_rows(path)


@pytest.fixture(scope="module")
def filtered(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("filtered") / "out"
    result = runner.invoke(app, ["filter", str(corpus), "--glob", "*", "-o", str(out), "--drop", "review",
                                 "--jobs", "1", *EXPECTED])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("name", [*COMPRESSORS, "docs.parquet", "saved"])
def test_filter_round_trip_keeps_every_record_once_in_its_own_format(corpus: Path, filtered: Path,
                                                                     name: str) -> None:
    source, kept, dropped = corpus / name, filtered / "kept" / name, filtered / "dropped" / name
    if source.is_file():
        assert compression_of(kept.read_bytes()[:16]) == compression_of(source.read_bytes()[:16])
        assert compression_of(dropped.read_bytes()[:16]) == compression_of(source.read_bytes()[:16])
    if name == "docs.parquet":
        assert str(pq.ParquetFile(kept).metadata.row_group(0).column(0).compression).lower() == "zstd"
    kept_rows, dropped_rows = _rows(kept), _rows(dropped)
    by_id = {r["id"]: r for r in RECORDS}
    ids = [r.get("id") for r in kept_rows] + [r.get("id") for r in dropped_rows]
    expected = len(RECORDS) + (1 if name.startswith("docs.jsonl") else 0)  # the cut-off line is a record too
    assert len(ids) == expected and {i for i in ids if i} == set(by_id)  # every record once, nothing lost
    for row in dropped_rows:
        why = row["detector_dropped"]
        why = json.loads(why) if isinstance(why, str) else why
        assert why["verdict"] in ("review", "reject") and why["reasons"] and all(r["message"] for r in why["reasons"])
        if "detector_line" in row:  # the cut-off line, kept as it was
            assert row["detector_line"] == BAD_LINE.decode() and why["rules"] == ["IN504"]
        else:
            assert row["text"] == by_id[row["id"]]["text"]  # a dropped record is not cleaned
    codes = {r["code"] for row in dropped_rows for r in _dropped(row)["reasons"]}
    assert {"wrong-language", "unsafe-fix", "rule"} <= codes
    for row in kept_rows:
        removed = row.get("detector_removed")
        removed = json.loads(removed) if isinstance(removed, str) else (removed or [])
        original = by_id[row["id"]]["text"]
        assert (row["text"] != original) == bool(removed)
        assert _undo(row["text"], removed) == original  # the edit log rebuilds the original
    assert any(row.get("detector_removed") for row in kept_rows)


def _dropped(row: dict[str, Any]) -> dict[str, Any]:
    value = row["detector_dropped"]
    return json.loads(value) if isinstance(value, str) else value


def _undo(text: str, removed: list[dict[str, Any]]) -> str:
    for number in sorted({r["round"] for r in removed}, reverse=True):
        for edit in sorted((r for r in removed if r["round"] == number), key=lambda r: r["start"]):
            start = edit["start"]
            text = text[:start] + edit["removed"] + text[start + len(edit["replacement"]) :]
    return text


def test_the_summary_counts_every_document_by_verdict_and_reason(filtered: Path) -> None:
    summary = json.loads((filtered / "summary.json").read_text(encoding="utf-8"))
    formats = len(COMPRESSORS) + 2
    assert summary["documents"] == formats * len(RECORDS) + len(COMPRESSORS)
    assert summary["kept"] + summary["dropped"] == summary["documents"]
    assert summary["dropped_by_reason"]["reject:wrong-language:LG103"] == formats
    assert summary["dropped_by_reason"]["reject:unreadable:IN504"] == len(COMPRESSORS)
    assert sum(summary["verdicts"].values()) == summary["documents"]


def test_resume_skips_finished_files_and_an_earlier_run_is_not_overwritten(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = ["filter", str(corpus / "docs.jsonl"), "-o", str(out), "--jobs", "1"]
    assert runner.invoke(app, first).exit_code == 0
    stamp = (out / "kept" / "docs.jsonl").stat().st_mtime_ns
    again = runner.invoke(app, first)
    assert again.exit_code == 2 and "--resume" in again.stderr
    both = ["filter", str(corpus / "docs.jsonl"), str(corpus / "docs.jsonl.gz"), "-o", str(out), "--jobs", "1",
            "--resume"]
    assert runner.invoke(app, both).exit_code == 0
    assert (out / "kept" / "docs.jsonl").stat().st_mtime_ns == stamp  # finished: not read again
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 2 * (len(RECORDS) + 1)


def test_an_output_inside_an_input_folder_is_refused(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpus / "docs.jsonl", folder)
    result = runner.invoke(app, ["filter", str(folder), "--glob", "*.jsonl", "-o", str(folder / "out")])
    assert result.exit_code == 2 and "inside the input" in result.stderr


@pytest.fixture(scope="module")
def cleaned(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("cleaned") / "out"
    result = runner.invoke(app, ["clean", str(corpus), "--glob", "*", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.stderr


@pytest.mark.parametrize("name", [n for n in COMPRESSORS if n != "docs.jsonl"] + ["docs.parquet", "saved"])
def test_clean_writes_compressed_and_columnar_inputs_in_their_own_format(corpus: Path, cleaned: tuple[Path, str],
                                                                         name: str) -> None:
    """Before issue 24: "1 skipped (not scorable)", no output, exit 0."""
    out, stderr = cleaned
    assert not [line for line in stderr.splitlines() if line.startswith("skipped") and f"/{name}:" in line + ":"]
    source, target = corpus / name, out / name
    assert target.exists(), f"clean wrote nothing for {name}"
    if source.is_file():
        assert compression_of(target.read_bytes()[:16]) == compression_of(source.read_bytes()[:16])
    rows = _rows(target)
    by_id = {r["id"]: r for r in RECORDS}
    documents = [r for r in rows if r.get("id") in by_id]
    assert len(documents) == len(RECORDS)
    changed = [r for r in documents if r["text"] != by_id[r["id"]]["text"]]
    assert changed and all(r.get("detector_removed") for r in changed)
    if name.startswith("docs.jsonl"):  # every line is there, the cut-off one as it was
        lines = _decompress(target.read_bytes()).split(b"\n")
        assert BAD_LINE in lines and len(lines) == len(_decompress(source.read_bytes()).split(b"\n"))


def test_clean_in_place_of_a_compressed_file_keeps_a_backup(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl.zst"
    shutil.copy(corpus / "docs.jsonl.zst", path)
    before = path.read_bytes()
    result = runner.invoke(app, ["clean", str(path), "--in-place"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "docs.jsonl.zst.orig").read_bytes() == before
    assert path.read_bytes() != before and compression_of(path.read_bytes()[:16]) == "zstd"
