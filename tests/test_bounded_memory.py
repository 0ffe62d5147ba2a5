"""Memory bounded per document whatever its size or compression ratio (audit N6): readers keep the scored prefix
plus some context and count the rest; IN507 says how long the document was. Peak memory is measured in a child
process, as the `VmHWM` of its own address space: `ru_maxrss` would not do, since Linux carries the parent's
resident size into a forked and exec'd child's `ru_maxrss`, so a long test session (the pytest process grows to
some 500 MB) failed a scan that peaks at 135 MB."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.inputs.bounded import keep_chars, read_prefix
from detector.inputs.long_records import RecordRefused, shrink
from detector.inputs.readers import ReadOptions, read_inputs, read_stdin
from detector.inputs.records import load_text

ROOT = Path(__file__).resolve().parents[1]
CEILING_MB = 300
BOMB_MIB = 256  # decompressed; 1.33 GB peak before the fix (4.5 GB at 1 GiB)

MEASURE = """
import re, sys
from detector.cli.app import app
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    with open("/proc/self/status", encoding="ascii") as status:
        print("maxrss_kb", re.search(r"VmHWM:\\s+(\\d+) kB", status.read()).group(1), file=sys.stderr)
"""


def _peak_mb(*args: str) -> tuple[float, str]:
    result = subprocess.run([sys.executable, "-c", MEASURE, *args], cwd=ROOT, capture_output=True, timeout=600,
                            text=True)
    assert result.returncode == 0, result.stderr[-800:]
    [line] = [line for line in result.stderr.splitlines() if line.startswith("maxrss_kb")]
    return int(line.split()[1]) / 1024, result.stderr


def _write_bomb(path: Path, head: bytes, unit: bytes, tail: bytes) -> None:
    chunk = unit * ((1 << 20) // len(unit))
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(head)
        for _ in range(BOMB_MIB):
            out.write(chunk)
        out.write(tail)


@pytest.mark.parametrize("kind", ["txt", "jsonl"])
def test_a_gzip_bomb_stays_under_the_memory_ceiling(tmp_path: Path, kind: str) -> None:
    bomb = tmp_path / f"bomb.{kind}.gz"
    if kind == "txt":
        _write_bomb(bomb, b"", b"word ", b"")
    else:
        _write_bomb(bomb, b'{"id": "big", "meta": 1, "text": "', b"word ",
                    b'"}\n{"id": "next", "text": "The council met on Tuesday."}\n')
    out = tmp_path / "r.jsonl"
    peak, _ = _peak_mb("scan", "-q", str(bomb), "-o", str(out))
    assert peak <= CEILING_MB, f"peak {peak:.0f} MB for a {BOMB_MIB} MiB document"
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    [cut] = [f["message"] for f in rows[0]["findings"] if f["rule_id"] == "IN507"]
    assert f"of {BOMB_MIB * ((1 << 20) // 5) * 5} characters" in cut  # the whole length, counted
    if kind == "jsonl":
        assert [r["id"] for r in rows] == ["big", "next"] and rows[1]["status"] == "ok"


def test_a_long_text_keeps_its_prefix_and_counts_the_rest(tmp_path: Path) -> None:
    text = "Ünïcode wörds here. " * 3000  # more bytes than 4 x the kept characters in every encoding
    for encoding in ("utf-8", "utf-16", "utf-32"):
        path = tmp_path / f"long-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        [row] = read_inputs([str(path)], ReadOptions(max_chars=1000))
        assert row.document is not None
        keep = keep_chars(1000)
        assert row.document.text == text[:keep] and row.document.length == len(text), encoding


def test_invalid_utf8_past_the_kept_prefix_is_counted_not_reported() -> None:
    import io

    data = b"word " * 2000 + b"\xff\xfe bad"
    head, total = read_prefix(io.BytesIO(data), 100)
    row = load_text("d", "d", head, total, 100)
    assert row.document is not None and len(row.document.text) == 100 and not row.findings
    assert total == len(data.decode("utf-8", "replace"))


def test_a_long_stdin_document_is_bounded_too() -> None:
    import io

    [row] = read_stdin(ReadOptions(max_chars=1000), io.BytesIO(b"The council met. " * 3000))
    assert row.document is not None and row.document.length == 51000 and len(row.document.text) == keep_chars(1000)


def test_max_chars_from_the_config_reaches_the_readers(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from detector.cli.app import app

    path = tmp_path / "long.txt"
    path.write_text("The council met on Tuesday. " * 3000)
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(app, ["scan", "-q", str(path), "-o", str(out), "--config", "max_chars = 20000"])
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in out.read_text().splitlines()]
    [cut] = [f["message"] for f in row["findings"] if f["rule_id"] == "IN507"]
    assert "of 84000 characters" in cut and "first 19" in cut


def test_a_long_parquet_text_is_cut_in_arrow(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": ["short one.", "é" * 9000]}), path)
    rows = list(read_inputs([str(path)], ReadOptions(max_chars=1000)))
    assert rows[0].document is not None and rows[0].document.length is None
    assert rows[1].document is not None and rows[1].document.length == 9000
    assert rows[1].document.text == "é" * keep_chars(1000)


def _chunks(data: bytes, size: int) -> object:
    pieces = iter([data[i : i + size] for i in range(size, len(data), size)] + [b""])
    return lambda: next(pieces, b"")


RECORD = st.fixed_dictionaries(
    {"id": st.one_of(st.integers(), st.text(max_size=5)), "text": st.text(max_size=300)},
    optional={"meta": st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=8),
                                   lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3),
                                                                                              inner, max_size=3),
                                   max_leaves=8)})


@settings(max_examples=300, deadline=None)
@given(RECORD, st.integers(1, 40), st.integers(1, 64), st.booleans())
def test_a_streamed_record_is_the_parsed_record_with_its_text_cut(record: dict[str, object], keep: int,
                                                                     chunk: int, ascii_only: bool) -> None:
    line = json.dumps(record, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass") + b"\n"
    shrunk = shrink(line[:chunk], _chunks(line, chunk), "text", keep, 1 << 20)  # type: ignore[arg-type]
    assert shrunk.record is not None
    parsed = json.loads(shrunk.record)
    full = json.loads(line)
    assert parsed["text"] == full["text"][:keep] and shrunk.length == len(full["text"])
    assert {k: v for k, v in parsed.items() if k != "text"} == {k: v for k, v in full.items() if k != "text"}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.integers(1, 16))
def test_a_streamed_line_of_any_bytes_is_a_record_or_a_refusal(data: bytes, keep: int) -> None:
    line = data.replace(b"\n", b" ") + b"\n"
    try:
        shrunk = shrink(line[:7], _chunks(line, 7), "text", keep, 1 << 20)  # type: ignore[arg-type]
    except RecordRefused:
        return
    if shrunk.record is not None:
        json.loads(shrunk.record)  # what the walker lets through is JSON


def test_other_fields_past_the_limit_refuse_the_record(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(b'{"id": "x", "meta": "' + b"m" * 100_000 + b'", "text": "' + b"t" * 30_000 + b'"}\n'
                     b'{"id": "y", "text": "The council met on Tuesday."}\n')
    rows = list(read_inputs([str(path)], ReadOptions(max_chars=1000)))
    assert rows[0].error is not None and rows[0].error.rule_id == "IN504" and "meta" not in rows[0].error.message
    assert "more than" in rows[0].error.message and rows[1].document is not None
