"""Bad input never crashes and never vanishes: one row per document, with what was wrong and where."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.core.model import Span
from detector.inputs.decoding import decode_bytes
from detector.inputs.readers import ReadOptions, read_inputs, read_stdin
from detector.inputs.streams import HEAD_BYTES, compression_of

from .conftest import SEEDS

pa = pytest.importorskip("pyarrow", reason="pyarrow is an optional extra: pip install -e '.[test]'")
pq = pytest.importorskip("pyarrow.parquet")
zstandard = pytest.importorskip("zstandard", reason="zstandard is an optional extra: pip install -e '.[test]'")
DATA = Path(__file__).parent / "data"


def test_invalid_utf8_is_decoded_with_offsets(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café au lait, naïve résumé. ".encode("latin-1") * 3)
    [loaded] = read_inputs([str(path)])
    assert loaded.document is not None
    first = loaded.findings[0]
    assert first.rule_id == "IN501" and first.quote == "\ufffd"
    assert "first at byte 3" in first.message
    assert loaded.document.text[first.span.start] == "\ufffd"  # type: ignore[union-attr]


def test_decoding_is_linear_and_bounded_on_many_errors() -> None:
    decoded = decode_bytes(b"\xff" * 200_000)
    assert len(decoded.issues) == 100 and decoded.total_issues == 200_000
    assert len(decoded.text) == 200_000


def test_utf16_with_bom_is_text(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("The ministry said so on Saturday.".encode("utf-16"))
    [loaded] = read_inputs([str(path)])
    assert loaded.document is not None and loaded.document.text.startswith("The ministry")


def test_binary_empty_and_whitespace_files_are_error_rows(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_bytes(b"  \n\t \n")
    rows = list(read_inputs([str(tmp_path)]))
    assert [(r.id.split("/")[-1], r.error.rule_id if r.error else None) for r in rows] == [
        ("a.txt", "IN503"), ("b.txt", "IN502"), ("c.txt", "IN502")]
    assert "NUL byte at offset 8" in rows[0].error.message  # type: ignore[union-attr]


def test_jsonl_broken_lines_each_get_a_row(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(
        '{"id": "a", "text": "Good text here."}\n'
        '{"id": "b", "text": "cut off\n'
        '\n'
        '[1, 2]\n'
        '{"id": "d", "body": "wrong field"}\n'
        '{"id": "e", "text": "   "}\n'
        '{"text": "no id", "url": "http://x"}\n', encoding="utf-8")
    rows = list(read_inputs([str(path)]))
    summary = [(r.id, r.error.rule_id if r.error else "ok") for r in rows]
    assert summary == [("a", "ok"), (f"{path}:2", "IN504"), (f"{path}:4", "IN504"), ("d", "IN505"),
                       ("e", "IN502"), (f"{path}:7", "ok")]
    assert "line 2, column" in rows[1].error.message  # type: ignore[union-attr]
    assert rows[5].document.meta == {"url": "http://x"}  # type: ignore[union-attr]


def test_custom_fields_and_forced_format(tmp_path: Path) -> None:
    path = tmp_path / "docs.data"
    path.write_text('{"key": 7, "body": "Some text."}\n', encoding="utf-8")
    options = ReadOptions(text_field="body", id_field="key", input_format="jsonl")
    [row] = read_inputs([str(path)], options)
    assert row.id == "7" and row.document is not None and row.document.text == "Some text."


def test_directory_is_recursive_sorted_and_globbed(tmp_path: Path) -> None:
    (tmp_path / "z").mkdir()
    for name in ("z/b.txt", "a.txt", "c.md"):
        (tmp_path / name).write_text("Some text.", encoding="utf-8")
    ids = [Path(r.id).relative_to(tmp_path).as_posix() for r in read_inputs([str(tmp_path)])]
    assert ids == ["a.txt", "z/b.txt"]
    ids = [Path(r.id).name for r in read_inputs([str(tmp_path)], ReadOptions(glob="*.md"))]
    assert ids == ["c.md"]


def test_stdin_text_and_jsonl() -> None:
    [row] = read_stdin(ReadOptions(), io.BytesIO(b"Plain text on stdin."))
    assert row.id == "-" and row.document is not None
    rows = list(read_stdin(ReadOptions(), io.BytesIO(b'{"id": 1, "text": "x y z"}\n{"id": 2}\n')))
    assert [(r.id, r.error.rule_id if r.error else "ok") for r in rows] == [("1", "ok"), ("2", "IN505")]


def test_seeds_read_as_four_documents() -> None:
    rows = list(read_inputs([str(SEEDS)]))
    assert len(rows) == 4 and all(r.document is not None and not r.findings for r in rows)


# --- compressed, columnar and remote inputs: real files, the same rows as the plain JSONL ---------------------------

def _seed_records() -> bytes:
    return "".join(json.dumps({"id": s.stem, "text": s.read_text(encoding="utf-8")}) + "\n"
                   for s in sorted(SEEDS.glob("*.txt"))).encode("utf-8")


def _summary(rows: list) -> list[tuple[str, str, str]]:
    return [(r.id, r.error.rule_id if r.error else "ok", r.document.text[:40] if r.document else "") for r in rows]


COMPRESSORS = {
    "gz": gzip.compress,
    "bz2": bz2.compress,
    "xz": lzma.compress,
    "zst": lambda data: zstandard.ZstdCompressor().compress(data),
}


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
def test_compressed_jsonl_reads_like_the_plain_file(tmp_path: Path, suffix: str) -> None:
    plain = tmp_path / "plain.jsonl"
    plain.write_bytes(_seed_records())
    packed = tmp_path / f"docs.jsonl.{suffix}"
    packed.write_bytes(COMPRESSORS[suffix](_seed_records()))
    expected = _summary(list(read_inputs([str(plain)])))
    assert len(expected) == 4 and _summary(list(read_inputs([str(packed)]))) == expected
    disguised = tmp_path / f"{suffix}-inside.jsonl"  # the bytes decide the compression, not the name
    disguised.write_bytes(packed.read_bytes())
    assert _summary(list(read_inputs([str(disguised)]))) == expected
    assert [r.source for r in read_inputs([str(packed)])] == [f"{packed}:{i}" for i in range(1, 5)]


def test_concatenated_gzip_members_and_compressed_text(tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "a", "text": "First member."}\n')
                     + gzip.compress(b'{"id": "b", "text": "Second member."}\n'))
    assert [r.id for r in read_inputs([str(path)])] == ["a", "b"]
    text = tmp_path / "article.txt.xz"
    text.write_bytes(lzma.compress((SEEDS / "001_3f200adcfff876e7.txt").read_bytes()))
    [row] = read_inputs([str(text)])
    assert row.document is not None and row.document.text == (SEEDS / "001_3f200adcfff876e7.txt").read_text(
        encoding="utf-8")


def test_a_broken_gzip_stream_gives_an_error_row_and_the_run_goes_on(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": i, "text": f"The ministry confirmed plan number {i}."}) + "\n"
                    for i in range(3000)).encode()
    (tmp_path / "a-broken.jsonl.gz").write_bytes(gzip.compress(lines)[:-4000])
    (tmp_path / "b-fine.jsonl").write_bytes(b'{"id": "after", "text": "Read after the broken file."}\n')
    (tmp_path / "c-garbage.jsonl.gz").write_bytes(b"\x1f\x8b\x08" + b"not deflate at all" * 10)
    rows = list(read_inputs([str(tmp_path)], ReadOptions(glob="*.jsonl*")))
    broken = [r for r in rows if r.source.startswith(str(tmp_path / "a-broken"))]
    assert [r.id for r in broken[:-1]] == [str(i) for i in range(len(broken) - 1)] and len(broken) > 1000
    assert broken[-1].error is not None and broken[-1].error.rule_id == "IN506"
    assert "breaks off after line" in broken[-1].error.message
    assert [r.id for r in rows if "b-fine" in r.source] == ["after"]
    [garbage] = [r for r in rows if "c-garbage" in r.source]
    assert garbage.error is not None and garbage.error.rule_id == "IN506"


def test_zstd_without_its_package_is_a_clear_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "docs.jsonl.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(_seed_records()))
    monkeypatch.setitem(sys.modules, "zstandard", None)
    [row] = read_inputs([str(path)])
    assert row.error is not None and row.error.rule_id == "IN506"
    assert "pip install 'artifact-detector[zstd]'" in row.error.message


def _parquet(path: Path, columns: dict[str, list]) -> Path:
    pq.write_table(pa.table(columns), path, row_group_size=2)
    return path


def test_parquet_rows_are_records(tmp_path: Path) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    path = _parquet(tmp_path / "docs.parquet", {
        "doc": [s.stem for s in seeds], "body": [s.read_text(encoding="utf-8") for s in seeds],
        "n": [1, 2, 3, 4]})
    rows = list(read_inputs([str(path)], ReadOptions(text_field="body", id_field="doc")))
    assert [r.id for r in rows] == [s.stem for s in seeds]
    assert [r.source for r in rows] == [f"{path}:{i}" for i in range(1, 5)]
    assert rows[2].document is not None and rows[2].document.meta == {"n": 3}
    missing = list(read_inputs([str(path)]))  # the default field 'text' is not a column
    assert [r.error.rule_id for r in missing if r.error] == ["IN505"] * 4
    assert "(its fields: doc, body, n)" in missing[0].error.message  # type: ignore[union-attr]


def test_damaged_parquet_and_missing_pyarrow_are_error_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _parquet(tmp_path / "docs.parquet", {"text": ["One.", "Two."]})
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(path.read_bytes()[:-30])
    [row] = read_inputs([str(bad)])
    assert row.error is not None and row.error.rule_id == "IN506" and "Parquet" in row.error.message
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    [row] = read_inputs([str(path)])
    assert row.error is not None and "pip install 'artifact-detector[parquet]'" in row.error.message


def test_saved_hugging_face_datasets(tmp_path: Path) -> None:
    """Folders written by `datasets` 5.2 `save_to_disk` (a DatasetDict and a Dataset), kept in tests/data."""
    saved = DATA / "hf_saved"
    rows = list(read_inputs([str(saved / "seeds_dict")]))
    seeds = sorted(SEEDS.glob("*.txt"))
    assert [r.id for r in rows] == [s.stem for s in seeds]
    assert [r.source.rsplit("/", 1)[1] for r in rows] == ["train:1", "train:2", "train:3", "test:1"]
    assert rows[3].document is not None and rows[3].document.text == seeds[3].read_text(encoding="utf-8")
    assert rows[0].document is not None and rows[0].document.meta == {"url": f"https://example.org/{seeds[0].stem}"}
    other = list(read_inputs([str(saved / "no_text")], ReadOptions(text_field="body")))
    assert [(r.id, r.document.text if r.document else None) for r in other] == [
        ("1", "The ministry confirmed the plan on Saturday."), ("2", "A second record here.")]
    copy = tmp_path / "datasets"  # a folder holding a saved dataset: the dataset is one input, not walked
    shutil.copytree(saved, copy)
    assert len(list(read_inputs([str(copy)], ReadOptions(glob="*")))) == 4 + 2


def test_a_dataset_saved_now_reads_the_same(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets", reason="the datasets package is not installed (optional)")
    datasets.Dataset.from_dict({"id": ["x"], "text": ["The plan was confirmed."]}).save_to_disk(str(tmp_path / "d"))
    [row] = read_inputs([str(tmp_path / "d")])
    assert row.id == "x" and row.document is not None


def test_file_url_on_the_local_engine(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(_seed_records()))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("The ministry said so on Monday.", encoding="utf-8")
    url = (tmp_path / "a.jsonl.gz").as_uri()
    assert [r.source for r in read_inputs([url])] == [f"{url}:{i}" for i in range(1, 5)]
    folder = tmp_path.as_uri()
    assert [r.source for r in read_inputs([folder])] == [f"{folder}/sub/b.txt"]
    [missing] = read_inputs([folder + "/nope.txt"], ReadOptions())
    assert missing.error is not None and missing.error.rule_id == "IN506"


# --- standard input: streamed, split as files are ----------------------------------------------------------------

class _NoWholeRead(io.RawIOBase):
    """A pipe that fails if anyone reads it whole: proves standard input is streamed."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        assert size is not None and size >= 0, "standard input read whole"
        return self.data.read(min(size, 1000))

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_stdin_is_streamed_and_split_like_a_file(tmp_path: Path) -> None:
    data = (b'{"id": 1,\r"text": "a raw CR is JSON white space"}\n'
            b'{"id": 9, "text": "cut off\r{"x": 0}\n\n'  # a CR does not end a line: one broken record
            + '{"id": 2, "text": "line\u2028separator"}\n'.encode() + _seed_records() * 20)
    path = tmp_path / "same.jsonl"
    path.write_bytes(data)
    from_file = _summary(list(read_inputs([str(path)])))
    from_stdin = _summary(list(read_stdin(ReadOptions(), _NoWholeRead(data))))  # type: ignore[arg-type]
    assert from_stdin == [(i.replace(str(path), "-"), rule, text) for i, rule, text in from_file]
    assert len(from_file) == 3 + 80 and from_file[0][1] == "ok" and from_file[1][1] == "IN504"


@pytest.mark.parametrize("mark", [b"\xef\xbb\xbf", b""])
def test_jsonl_with_a_utf8_bom_on_stdin_and_from_a_file(tmp_path: Path, mark: bytes) -> None:
    data = mark + b'{"id": "a", "text": "First."}\n{"id": "b", "text": "Second."}\n'
    path = tmp_path / "bom.jsonl"
    path.write_bytes(data)
    expected = [("a", "ok", "First."), ("b", "ok", "Second.")]
    assert _summary(list(read_inputs([str(path)]))) == expected
    assert _summary(list(read_stdin(ReadOptions(), io.BytesIO(data)))) == expected


def test_compressed_stdin() -> None:
    rows = list(read_stdin(ReadOptions(), io.BytesIO(gzip.compress(_seed_records()))))
    assert [r.error for r in rows] == [None] * 4


# --- byte-order marks --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_every_byte_order_mark_decides_the_encoding(tmp_path: Path, encoding: str) -> None:
    text = "The ministry said “so” on Saturday, café 中文 😀."
    data = text.encode(encoding)
    if encoding.endswith("-be"):
        data = ("\ufeff" + text).encode(encoding)
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    [row] = read_inputs([str(path)])
    assert row.document is not None and row.document.text == text and not row.findings


def test_a_file_holding_only_a_byte_order_mark_is_empty(tmp_path: Path) -> None:
    for number, mark in enumerate((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00")):
        (tmp_path / f"{number}.txt").write_bytes(mark)
    assert [r.error.rule_id if r.error else "ok" for r in read_inputs([str(tmp_path)])] == ["IN502"] * 4


def test_utf16_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes('{"id": "w", "text": "Wide café."}\n{"id": "v", "text": "Two."}\n'.encode("utf-16"))
    assert _summary(list(read_inputs([str(path)]))) == [("w", "ok", "Wide café."), ("v", "ok", "Two.")]


# --- records that used to end the run ----------------------------------------------------------------------------

def test_big_integers_deep_nesting_and_surrogates_are_rows(tmp_path: Path) -> None:
    path = tmp_path / "hostile.jsonl"
    path.write_text(
        '{"id":' + "9" * 4301 + ',"text":"hello there"}\n'
        + '{"id": "deep", "text": "x", "m": ' + "[" * 5000 + "]" * 5000 + "}\n"
        + '{"id": "a\\udc80", "text": "caf\\udce9 au lait", "n": 1e400}\n'
        + '{"id": "ok", "text": "Still read."}\n', encoding="utf-8")
    rows = list(read_inputs([str(path)]))
    assert len(rows) == 4
    assert rows[0].id == "9" * 4301 and rows[0].document is not None
    assert rows[1].error is not None and rows[1].error.rule_id == "IN504" and "too deeply" in rows[1].error.message
    assert rows[2].id == "a\ufffd" and rows[2].document is not None
    assert rows[2].document.text == "caf\ufffd au lait"
    assert [(f.rule_id, f.quote, f.span) for f in rows[2].findings] == [("IN509", "\ufffd", Span(3, 4))]
    assert rows[3].id == "ok"


# --- folders: nothing vanishes -----------------------------------------------------------------------------------

def test_links_loops_fifos_and_undecodable_names_are_in506_rows(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("A readable article.", encoding="utf-8")
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "cycle").symlink_to(folder)  # a folder link back to its parent: not walked twice
    os.makedirs(os.fsencode(folder) + b"/sub")
    with open(os.fsencode(folder) + b"/sub/caf\xe9.txt", "wb") as stream:
        stream.write(b"Latin-1 named.")
    rows = {Path(r.id).name: r for r in read_inputs([str(folder)])}
    assert sorted(rows) == ["caf\\xe9.txt", "dangling.txt", "good.txt", "loop.txt", "pipe.txt"]
    assert rows["good.txt"].document is not None
    for name, expected in (("dangling.txt", "dangling symbolic link"), ("loop.txt", "symbolic link loop"),
                           ("pipe.txt", "FIFO"), ("caf\\xe9.txt", "not valid UTF-8")):
        error = rows[name].error
        assert error is not None and error.rule_id == "IN506" and expected in error.message, name


def test_a_fifo_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as stream:
            stream.write(b'{"id": "p", "text": "Through a pipe."}\n')

    writer = threading.Thread(target=feed)
    writer.start()
    [row] = read_inputs([str(fifo)], ReadOptions(input_format="jsonl"))
    writer.join(10)
    assert row.id == "p" and row.document is not None


# --- properties --------------------------------------------------------------------------------------------------

LINE = st.one_of(
    st.binary(max_size=60),
    st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.builds(lambda i, t: json.dumps({"id": i, "text": t}).encode(), st.integers(), st.text(max_size=30)),
    st.builds(lambda d: ("[" * d + "]" * d).encode(), st.integers(0, 3000)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(LINE, max_size=12), st.sampled_from([b"\n", b"\r\n"]))
def test_every_non_blank_line_is_exactly_one_row(lines: list[bytes], ending: bytes) -> None:
    lines = [line.replace(b"\n", b" ") for line in lines]
    data = ending.join(lines) + ending
    rows = list(read_stdin(ReadOptions(input_format="jsonl"), io.BytesIO(data)))
    if compression_of(data[:HEAD_BYTES]) is not None:  # magic bytes of a compressed stream open it: it is one stream
        assert rows and all(row.error is not None for row in rows)
        return
    # A UTF-8 byte-order mark opening the stream is not part of its first line (a line holding only it is blank).
    split = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    expected = [i for i, line in enumerate(split, start=1) if line.rstrip(b"\r").strip()]
    assert [int(r.source.rsplit(":", 1)[1]) for r in rows] == expected
    for row in rows:
        assert (row.document is None) != (row.error is None)
        for value in (row.id, row.source, row.document.text if row.document else ""):
            value.encode("utf-8")  # never a lone surrogate


def test_deep_metadata_is_cut_so_the_record_travels_to_worker_processes(tmp_path: Path) -> None:
    """Found by the fuzz harness: a record nested 900 levels deep parses, but pickling it to a `--jobs 2` worker
    raised RecursionError and ended the run."""
    from detector.config.settings import Config
    from detector.engines.parallel import run_parallel

    path = tmp_path / "deep.jsonl"
    path.write_text('{"id": "deep", "text": "The ministry confirmed the plan.", "m": ' + "[" * 900 + "]" * 900
                    + '}\n{"id": "next", "text": "Read after it."}\n', encoding="utf-8")
    reports = list(run_parallel(read_inputs([str(path)]), Config(), 2, batch_size=1))
    assert [r.id for r in reports] == ["deep", "next"] and all(r.ok for r in reports)
    depth, value = 0, reports[0].meta["m"]
    while isinstance(value, list):
        depth, value = depth + 1, value[0]
    assert value == "<nested deeper than 200 levels>" and depth == 199
