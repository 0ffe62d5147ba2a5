"""`detector clean` can always be undone: the reproductions of issue 12 as fixed cases, and properties.

Every case checks the bytes: what `clean` promises to keep is kept byte for byte, and what it changes is recorded
so that the original can be rebuilt.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from detector.clean.files import diff_name, next_backup
from detector.clean.jsonl_edit import literal_offsets, members
from detector.cli.app import app

from .conftest import SEEDS

runner = CliRunner()
SEED_1 = (SEEDS / "001_3f200adcfff876e7.txt").read_text(encoding="utf-8")
SEED_3 = (SEEDS / "003_43e704fa29a5586f.txt").read_text(encoding="utf-8")
RESIDUE = "Share this article\n\n"


def clean(*args: str) -> str:
    result = runner.invoke(app, ["clean", *args])
    check_only = "--diff" in args and not ({"--in-place", "-o", "--output"} & set(args))
    assert result.exit_code == (1 if check_only else 0), result.output  # --diff alone: exit 1 on a change
    assert "Traceback" not in result.output
    return result.stdout


def undo(text: str, removed: list[dict]) -> str:
    """The original text from a cleaned one: each round's edits undone, last round first."""
    for number in sorted({r["round"] for r in removed}, reverse=True):
        # offsets are into that round's input: once the earlier edits of the round are undone, the text before
        # the next one is that input again, so each edit sits at its own start
        for edit in sorted((r for r in removed if r["round"] == number), key=lambda r: r["start"]):
            start = edit["start"]
            assert text[start : start + len(edit["replacement"])] == edit["replacement"]
            text = text[:start] + edit["removed"] + text[start + len(edit["replacement"]) :]
    return text


def test_a_second_in_place_clean_keeps_the_first_backup(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    original = SEED_1.encode("utf-8")
    path.write_bytes(original)
    clean(str(path), "--in-place", "--min-confidence", "0.95")  # the surest residue first
    once = path.read_bytes()
    assert once != original and (tmp_path / "article.txt.orig").read_bytes() == original
    clean(str(path), "--in-place")  # then the rest (the dateline and the caption at 0.9)
    assert path.read_bytes() != once
    assert (tmp_path / "article.txt.orig").read_bytes() == original  # never overwritten
    assert (tmp_path / "article.txt.orig.2").read_bytes() == once
    modified = path.stat().st_mtime_ns
    clean(str(path), "--in-place")  # nothing left to do
    assert path.stat().st_mtime_ns == modified and not (tmp_path / "article.txt.orig.3").exists()
    assert next_backup(path).name == "article.txt.orig.3"


def _records(count: int) -> str:
    texts = [SEED_1, SEED_3, RESIDUE + "The ministry said on Monday that the plan would go ahead as agreed."]
    return "".join(json.dumps({"id": f"r{i}", "n": i, "text": texts[i % 3]}) + "\n" for i in range(count))


def test_detector_removed_is_appended_per_round_and_every_original_rebuilds(tmp_path: Path) -> None:
    source = tmp_path / "docs.jsonl"
    source.write_text(_records(30), encoding="utf-8")
    originals = [json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines()]
    clean(str(source), "--in-place", "--min-confidence", "0.95")
    clean(str(source), "--in-place")
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    rounds = {r["round"] for record in records for r in record.get("detector_removed", [])}
    assert len(rounds) >= 2, "the second clean added rounds of its own"
    rebuilt = [undo(r["text"], r.get("detector_removed", [])) for r in records]
    assert rebuilt == originals  # all 30, after two rounds of cleaning
    assert (tmp_path / "docs.jsonl.orig").read_text(encoding="utf-8") == _records(30)


def test_records_keep_their_bytes_except_the_text(tmp_path: Path) -> None:
    text = json.dumps(RESIDUE + "Caf\u00e9 news: the ministry confirmed the plan on Saturday.")
    lines = [
        b'{"id":"n","x":1e400,"y":1.10,"z":1E5,"big":' + b"9" * 5000 + b',"text":' + text.encode() + b"}\n",
        b'{"text":' + text.encode() + b',\r"id" : "cr",  "esc":"\\u00e9\\ud83d\\ude00"}\r\n',
        b'{"id":"keep","text":"Nothing to clean in this ordinary sentence about the plan."}\n',
        b'not json at all\n',
        b'{"id":"deep","text":"x","m":' + b"[" * 3000 + b"]" * 3000 + b"}\n",
        b'{"id":"latin","text":"caf\xe9 au lait, the ministry said."}\n',
        b'{"id":"sur\\udc80","text":' + json.dumps(RESIDUE + "Lone \udce9 escape, the ministry said.").encode()
        + b"}",
    ]
    source = tmp_path / "docs.jsonl"
    source.write_bytes(b"".join(lines))
    out = tmp_path / "out.jsonl"
    clean(str(source), "-o", str(out))
    written = out.read_bytes().split(b"\n")
    original = b"".join(lines).split(b"\n")
    assert len(written) == len(original)
    for before, after in zip(original, written):
        if before == after:
            continue
        old, new = members(before.decode("utf-8", "surrogateescape")), members(after.decode("utf-8",
                                                                                            "surrogateescape"))
        assert set(new) - set(old) == {"detector_removed"}
        for key, (start, end) in old.items():
            if key != "text":
                assert before.decode()[start:end] == after.decode()[new[key][0] : new[key][1]], key
    assert b'"x":1e400,"y":1.10,"z":1E5' in written[0] and b"9" * 5000 in written[0]
    assert b',\r"id" : "cr",  "esc":"\\u00e9\\ud83d\\ude00","detector_removed":[' in written[1]  # raw CR kept
    assert written[1].endswith(b"}]}\r")  # and the CRLF ending
    assert written[2:6] == original[2:6]  # unchanged, not JSON, too deep, Latin-1 with nothing to clean
    rebuilt = json.loads(written[6])
    assert "\\udce9" in written[6].decode() and undo(rebuilt["text"], rebuilt["detector_removed"]) == json.loads(
        lines[6])["text"]


def test_latin1_and_utf16_files_keep_their_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    latin = "Le café était fermé hier soir, a dit le ministère, et tout le monde le savait.".encode("latin-1")
    (folder / "latin1.txt").write_bytes(latin)
    (folder / "latin1-residue.txt").write_bytes(b"Share this article\n\n" + latin)
    wide = ("\ufeff" + RESIDUE + "The ministry confirmed the plan on Saturday, café.").encode("utf-16-le")
    (folder / "wide.txt").write_bytes(wide)
    out = tmp_path / "out"
    clean(str(folder), "-o", str(out))
    assert (out / "latin1.txt").read_bytes() == latin  # 0 edits: the very bytes
    assert (out / "latin1-residue.txt").read_bytes() == latin  # the edit removed the line, nothing else changed
    cleaned = (out / "wide.txt").read_bytes()
    assert cleaned.startswith(b"\xff\xfe") and cleaned.decode("utf-16") == (
        "The ministry confirmed the plan on Saturday, café.")
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    clean(str(folder / "latin1.txt"), "--in-place")
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before  # unchanged files not rewritten


def test_symlinks_are_not_followed_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(RESIDUE + SEED_3, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    (folder / "real.txt").write_text(RESIDUE + SEED_3, encoding="utf-8")
    result = runner.invoke(app, ["clean", str(folder), "--in-place"])
    assert result.exit_code == 0 and "link.txt: reached through a symbolic link" in result.stderr
    assert outside.read_text(encoding="utf-8") == RESIDUE + SEED_3 and (folder / "link.txt").is_symlink()
    assert not (folder / "real.txt").read_text(encoding="utf-8").startswith("Share")
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (out / "real.txt").symlink_to(victim)  # planted in the output folder
    (out / "link.txt").symlink_to(victim)
    clean(str(folder), "-o", str(out))
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (out / "real.txt").is_symlink() and (out / "real.txt").read_text(encoding="utf-8")


def test_an_id_cannot_inject_a_hunk_into_the_diff(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("line one\nline two\n", encoding="utf-8")
    hostile = "x\n--- a/victim.txt\n+++ b/victim.txt\n@@ -1,2 +1,2 @@\n-line one\n+INJECTED BY DOCUMENT ID\n line two"
    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps({"id": hostile, "text": RESIDUE + SEED_3}) + "\n", encoding="utf-8")
    diff = clean(str(source), "--diff")
    headers = [line for line in diff.splitlines() if line.startswith(("---", "+++"))]
    assert len(headers) == 2 and all("\\n--- a/victim.txt" in h for h in headers)
    assert diff_name("a\r\nb\\c\x1b") == "a\\r\\nb\\\\c\\u001b"
    patched = subprocess.run(["patch", "-p1", "--dry-run", "--force"], input=diff.encode(), cwd=tmp_path,
                             capture_output=True)
    assert b"victim.txt" not in patched.stdout.split(b"\n")[0] or patched.returncode != 0
    subprocess.run(["patch", "-p1", "--force"], input=diff.encode(), cwd=tmp_path, capture_output=True)
    assert victim.read_text(encoding="utf-8") == "line one\nline two\n"


def test_diff_lines_end_at_lf_only(tmp_path: Path) -> None:
    path = tmp_path / "cr.txt"
    path.write_text(RESIDUE + "A line with a lone\rcarriage return and the ministry's plan.\n", encoding="utf-8",
                    newline="")
    diff = clean(str(path), "--diff")
    (tmp_path / "b").mkdir()
    shutil.copy(path, tmp_path / "b" / "cr.txt")
    assert "\\ No newline" not in diff
    header = diff_name(str(path))
    assert diff.startswith(f"--- a/{header}\n+++ b/{header}\n")


def test_an_interrupted_write_leaves_the_input_and_no_stray_file(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "docs.jsonl"
    source.write_text(_records(6), encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text(RESIDUE + SEED_3, encoding="utf-8")
    real_replace = os.replace

    def failing(src: object, dst: object) -> None:
        if not str(dst).endswith(".orig"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing)
    for path in (source, text):
        before = path.read_bytes()
        result = runner.invoke(app, ["clean", str(path), "--in-place"])
        assert result.exit_code == 2 and "no space left on the device" in result.stderr
        assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".orig")) == ["a.txt", "docs.jsonl"]


# --- properties --------------------------------------------------------------------------------------------------

VALUES = st.one_of(st.integers(), st.floats(allow_nan=False), st.text(max_size=10), st.booleans(), st.none())
TEXTS = st.one_of(st.just(RESIDUE + SEED_3[:400]), st.text(max_size=80),
                  st.builds(lambda t: RESIDUE + t + " The ministry confirmed it.", st.text(max_size=40)))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(TEXTS, st.dictionaries(st.text(max_size=5), VALUES, max_size=3), st.booleans()),
                min_size=1, max_size=5))
def test_clean_changes_only_the_text_and_records_how_to_undo_it(tmp_path_factory: pytest.TempPathFactory,
                                                                 rows: list) -> None:
    folder = tmp_path_factory.mktemp("p")
    lines = []
    for text, extra, ascii_only in rows:
        record = {**{k: v for k, v in extra.items() if k not in ("text", "detector_removed")}, "text": text}
        lines.append(json.dumps(record, ensure_ascii=ascii_only))
    source = folder / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder / "out.jsonl"
    clean(str(source), "-o", str(out))
    for before, after in zip(lines, out.read_text(encoding="utf-8").split("\n")):
        old, new = json.loads(before), json.loads(after)
        assert {k: v for k, v in new.items() if k not in ("text", "detector_removed")} == {
            k: v for k, v in old.items() if k != "text"}
        assert undo(new["text"], new.get("detector_removed", [])) == old["text"]
        if "detector_removed" not in new:
            assert before == after


@given(st.text(max_size=40))
def test_literal_offsets_match_json_decoding(text: str) -> None:
    for ascii_only in (True, False):
        literal = json.dumps(text, ensure_ascii=ascii_only)[1:-1]
        offsets = literal_offsets(literal)
        assert len(offsets) == len(text) + 1
        assert all(json.loads(f'"{literal[offsets[i]:offsets[i + 1]]}"') == text[i] for i in range(len(text)))
