"""Bad input never crashes and never vanishes: one row per document, with what was wrong and where."""

from __future__ import annotations

import io
from pathlib import Path

from detector.decoding import decode_bytes
from detector.readers import ReadOptions, read_inputs, read_stdin

from .conftest import SEEDS


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
