"""Damaged inputs never end the run (audit N1, N7): damaged Arrow and Parquet files, folders nested deeper than
the recursion limit, saved datasets whose JSON loops or points outside them. Native crashes are run in a child
process, so a regression fails the test instead of killing the test run."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from detector.inputs.readers import ReadOptions, read_inputs

ROOT = Path(__file__).resolve().parents[1]
DAMAGED = Path(__file__).parent / "data" / "damaged_arrow"
GOOD_TEXT = "The council met on Tuesday to discuss the new budget."

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed (the [parquet] extra)")


def _saved_dataset(folder: Path, data: bytes) -> Path:
    folder.mkdir()
    (folder / "data-00000-of-00001.arrow").write_bytes(data)
    (folder / "state.json").write_text(json.dumps({"_data_files": [{"filename": "data-00000-of-00001.arrow"}]}))
    (folder / "dataset_info.json").write_text("{}")
    return folder


def _audit_dataset(folder: Path) -> Path:
    """The audit's N1 file: a 2-row saved dataset whose text column's last offset points 1 GiB too far."""
    import pyarrow.ipc as ipc

    table = pa.table({"id": ["doc-1", "doc-2"], "text": ["The council met on Tuesday.",
                                                          "Members agreed to fund two schools."]})
    sink = pa.BufferOutputStream()
    with ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    data = bytearray(sink.getvalue().to_pybytes())
    at = data.find(struct.pack("<iii", 0, 27, 62))
    data[at + 8 : at + 12] = struct.pack("<i", 1 << 30)
    return _saved_dataset(folder, bytes(data))


def _scan_in_child(tmp_path: Path, *inputs: Path) -> list[dict[str, object]]:
    """`detector scan` in a child process: a native crash is its exit status, not the end of pytest."""
    out = tmp_path / "r.jsonl"
    result = subprocess.run([sys.executable, "-m", "detector.cli.app", "scan", "-q", *map(str, inputs), "-o",
                             str(out)], cwd=ROOT, capture_output=True, timeout=300)
    assert result.returncode == 0, f"the scan died: exit {result.returncode}, {result.stderr.decode()[-500:]}"
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_the_audits_bus_error_dataset_is_one_error_row_and_the_run_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT)
    rows = _scan_in_child(tmp_path, good, _audit_dataset(tmp_path / "bad_ds"))
    assert [row["status"] for row in rows] == ["ok", "error"]
    [error] = rows[1]["errors"]  # type: ignore[misc]
    assert error["rule_id"] == "IN506" and "bad_ds" in str(rows[1]["source"])
    assert "out of bounds" in error["message"]  # the reason, from the full validation


@pytest.mark.parametrize("name", sorted(p.name for p in DAMAGED.glob("*.arrow")))
def test_fuzzed_arrow_files_that_crashed_pyarrow_are_error_rows(tmp_path: Path, name: str) -> None:
    dataset = _saved_dataset(tmp_path / "ds", (DAMAGED / name).read_bytes())
    after = tmp_path / "z.txt"
    after.write_text(GOOD_TEXT)
    rows = _scan_in_child(tmp_path, dataset, after)
    assert rows[-1]["status"] == "ok" and rows[-1]["source"] == str(after)  # the run went on
    damaged = [row for row in rows[:-1] if row["status"] == "error"]
    assert damaged and all(row["errors"][0]["rule_id"] == "IN506" for row in damaged)  # type: ignore[index]


def test_errors_that_escaped_the_reader_become_error_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SystemError and MemoryError out of pyarrow (a damaged length) ended the run with an internal error."""
    from detector.inputs import columnar

    path = tmp_path / "t.parquet"
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"text": ["One two three.", "Four five six."]}), path)
    for error in (SystemError("Negative size passed to PyUnicode_New"), MemoryError()):
        def broken(*args: object, exc: BaseException = error, **kwargs: object) -> object:
            raise exc

        monkeypatch.setattr(columnar, "_checked", broken)
        [row] = read_inputs([str(path)])
        assert row.error is not None and row.error.rule_id == "IN506"
        assert type(error).__name__ in row.error.message


def test_a_damaged_parquet_file_is_an_error_row_after_its_good_rows(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"text": [f"Sentence number {i} is here." for i in range(3000)]}), path,
                   row_group_size=1024, compression="none")
    data = bytearray(path.read_bytes())
    at = data.find(b"Sentence number 2500")
    data[at : at + 40] = b"\xff" * 40  # invalid UTF-8 in the third row group
    path.write_bytes(bytes(data))
    rows = list(read_inputs([str(path)]))
    assert rows[0].document is not None and rows[-1].error is not None and rows[-1].error.rule_id == "IN506"


def test_a_folder_nested_deeper_than_the_recursion_limit_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "deep"
    folder.mkdir()
    here = os.open(folder, os.O_RDONLY)
    for _ in range(sys.getrecursionlimit() + 100):  # os.makedirs itself recurses once per level
        os.mkdir("d", dir_fd=here)
        inner = os.open("d", os.O_RDONLY, dir_fd=here)
        os.close(here)
        here = inner
    handle = os.open("x.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=here)
    os.write(handle, GOOD_TEXT.encode())
    os.close(handle)
    os.close(here)
    (folder / "top.txt").write_text(GOOD_TEXT)
    try:
        rows = list(read_inputs([str(folder)]))
        assert len(rows) == 2 and all(row.document is not None for row in rows)
    finally:
        levels = [str(folder)]
        while os.path.isdir(os.path.join(levels[-1], "d")):
            levels.append(os.path.join(levels[-1], "d"))
        for level in reversed(levels):  # shutil.rmtree recurses too
            for name in os.listdir(level):
                if name != "d":
                    os.unlink(os.path.join(level, name))
            os.rmdir(level)


def test_a_dataset_dict_that_names_itself_is_an_error_row(tmp_path: Path) -> None:
    loop = tmp_path / "ds"
    loop.mkdir()
    (loop / "dataset_dict.json").write_text(json.dumps({"splits": ["."]}))
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT)
    rows = list(read_inputs([str(good), str(loop)]))
    assert rows[0].document is not None
    assert [row.error.rule_id for row in rows[1:] if row.error] == ["IN506"]


def test_splits_that_loop_or_leave_the_dataset_are_error_rows(tmp_path: Path) -> None:
    root = tmp_path / "ds"
    (root / "sub").mkdir(parents=True)
    (root / "dataset_dict.json").write_text(json.dumps({"splits": ["sub", "../../etc", "/etc"]}))
    (root / "sub" / "dataset_dict.json").write_text(json.dumps({"splits": [".."]}))
    rows = list(read_inputs([str(root)]))
    assert rows and all(row.error is not None and row.error.rule_id == "IN506" for row in rows)
    assert any("twice" in row.error.message for row in rows if row.error)
    assert sum("not a folder inside" in row.error.message for row in rows if row.error) == 2


def test_data_files_outside_the_dataset_are_not_read(tmp_path: Path) -> None:
    root = tmp_path / "ds"
    root.mkdir()
    (root / "state.json").write_text(json.dumps({"_data_files": [{"filename": "../secret.arrow"}]}))
    (root / "dataset_info.json").write_text("{}")
    [row] = read_inputs([str(root)], ReadOptions())
    assert row.error is not None and "not inside the dataset" in row.error.message
