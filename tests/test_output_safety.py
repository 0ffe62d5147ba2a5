"""Outputs nobody else can break: one writer per output (audit N3), a resume that only continues its own run (N2),
no write through a planted link (N4), backups on disk before the original is replaced (N16), no two inputs
cleaned into one file (N11), and no temporary file left behind or taken for an input (N14, issue 26 item 4)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detector.cli.app import app
from detector.core.atomic import HOST, TEMPORARY, remove_stale
from detector.core.locks import OutputLock, lock_path
from detector.reports.writers.json_writer import JsonlWriter

from .conftest import SEEDS

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
RESIDUE = "Share this article\nThe council met on Tuesday to discuss the new budget for two schools.\n"


def _corpus(path: Path, count: int, tag: str) -> Path:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write(json.dumps({"id": f"{tag}-{number}", "text": seeds[number % 4][number * 7 :][:900]}) + "\n")
    return path


def _scan(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["scan", "-q", "-j", "1", *args])
    return result.exit_code, result.stderr


def _interrupted_scan(monkeypatch: pytest.MonkeyPatch, after: int, *args: str) -> None:
    """A scan interrupted (Ctrl-C) after `after` rows: it keeps OUT.partial for --resume."""
    written = {"rows": 0}
    original = JsonlWriter.write_rendered

    def write(self: JsonlWriter, row: object) -> None:
        if written["rows"] == after:
            raise KeyboardInterrupt
        written["rows"] += 1
        original(self, row)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(JsonlWriter, "write_rendered", write)
        code, stderr = _scan(*args)
    assert code == 130 and "--resume continues" in stderr, stderr


def test_a_resume_continues_its_own_run_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path / "a.jsonl", 12, "a")
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    assert _scan(str(corpus), "-o", str(full))[0] == 0
    _interrupted_scan(monkeypatch, 5, str(corpus), "-o", str(out))
    assert (tmp_path / "out.jsonl.partial").read_bytes().count(b"\n") == 5
    assert _scan(str(corpus), "-o", str(out), "--resume") == (0, "")
    assert out.read_bytes() == full.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "full.jsonl", "out.jsonl"]


def test_a_resume_refuses_the_partial_report_of_another_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _corpus(tmp_path / "a.jsonl", 12, "a"), _corpus(tmp_path / "b.jsonl", 12, "b")
    out = tmp_path / "out.jsonl"
    _interrupted_scan(monkeypatch, 5, str(first), "-o", str(out))
    partial = (tmp_path / "out.jsonl.partial").read_bytes()
    code, stderr = _scan(str(second), "-o", str(out), "--resume")
    assert code == 2 and "other inputs" in stderr and "without --resume" in stderr
    assert (tmp_path / "out.jsonl.partial").read_bytes() == partial and not out.exists()  # kept for its own run
    code, stderr = _scan(str(first), "-o", str(out), "--resume", "--config", "max_chars = 5000")
    assert code == 2 and "other settings" in stderr


def test_a_resume_checks_each_kept_row_against_the_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same arguments and settings, but the rows were written for other documents: caught row by row."""
    corpus = _corpus(tmp_path / "a.jsonl", 12, "a")
    out = tmp_path / "out.jsonl"
    _interrupted_scan(monkeypatch, 5, str(corpus), "-o", str(out))
    partial = tmp_path / "out.jsonl.partial"
    rows = partial.read_text(encoding="utf-8").splitlines()
    stat = corpus.stat()
    _corpus(corpus, 12, "z")  # other ids, same size; the time restored so that only the rows tell
    os.utime(corpus, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert corpus.stat().st_size == stat.st_size
    code, stderr = _scan(str(corpus), "-o", str(out), "--resume")
    assert code == 2 and "row 1 of" in stderr and "a-0" in stderr and "z-0" in stderr
    assert partial.read_text(encoding="utf-8").splitlines() == rows


def test_the_audits_resume_after_a_kill_before_the_partial_existed(tmp_path: Path) -> None:
    """The scan died during start-up while yesterday's complete report was there: resume scans from the start."""
    corpus = _corpus(tmp_path / "in.jsonl", 8, "x")
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    assert _scan(str(corpus), "-o", str(full))[0] == 0
    out.write_text('{"old":"report"}\n')
    assert _scan(str(corpus), "-o", str(out), "--resume")[0] == 0
    assert out.read_bytes() == full.read_bytes()


def test_a_second_run_on_the_same_output_stops_with_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "same.jsonl"
    out.write_text("the first run's earlier report\n")
    lock = OutputLock(out).acquire()  # another run is writing
    try:
        code, stderr = _scan(str(SEEDS), "-o", str(out))
        assert code == 2 and "another detector run is writing it" in stderr and str(out) in stderr
        assert out.read_text() == "the first run's earlier report\n"
        assert not (tmp_path / "same.jsonl.partial").exists()
    finally:
        lock.release()
    assert _scan(str(SEEDS), "-o", str(out))[0] == 0
    assert not lock_path(out).exists()


def test_two_real_runs_on_one_output_give_one_whole_report(tmp_path: Path) -> None:
    a, b = _corpus(tmp_path / "a.jsonl", 30, "a"), _corpus(tmp_path / "b.jsonl", 30, "b")
    out = tmp_path / "same.jsonl"
    command = [sys.executable, "-m", "detector.cli.app", "scan", "-q", "-j", "1", "-o", str(out)]
    first = subprocess.Popen([*command, str(a)], cwd=ROOT, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not lock_path(out).exists() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    second = subprocess.run([*command, str(b)], cwd=ROOT, capture_output=True, timeout=300)
    first.wait(300)
    codes = sorted((first.returncode, second.returncode))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]  # every line is JSON
    assert len(rows) == 30 and len({row["source"].split(":")[0] for row in rows}) == 1
    if codes == [0, 2]:  # the usual case: the second found the lock held
        assert b"another detector run is writing" in second.stderr


def test_a_link_planted_at_the_partial_name_is_not_written_through(tmp_path: Path) -> None:
    shared, home = tmp_path / "shared", tmp_path / "home"
    shared.mkdir()
    home.mkdir()
    victim = home / "important.txt"
    victim.write_text("IMPORTANT USER DATA\n")
    (shared / "report.jsonl.partial").symlink_to(victim)
    assert _scan(str(SEEDS), "-o", str(shared / "report.jsonl"))[0] == 0
    assert victim.read_text() == "IMPORTANT USER DATA\n"
    assert not (shared / "report.jsonl").is_symlink()
    (shared / "r3.jsonl.partial").symlink_to(victim)  # and --resume does not truncate it
    code, _ = _scan(str(SEEDS), "-o", str(shared / "r3.jsonl"), "--resume")
    assert code == 2 and victim.read_text() == "IMPORTANT USER DATA\n"


def test_a_link_planted_at_the_lock_name_is_removed_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    out = tmp_path / "r.jsonl"
    lock_path(out).symlink_to(victim)
    assert _scan(str(SEEDS), "-o", str(out))[0] == 0
    assert victim.read_text() == "keep me\n" and not os.path.lexists(lock_path(out))


def test_clean_writes_no_backup_through_a_planted_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("VICTIM\n")
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(RESIDUE)
    (folder / ".a.txt.orig.tmp").symlink_to(victim)  # the old fixed temporary name
    result = runner.invoke(app, ["clean", str(folder / "a.txt"), "--in-place"])
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "VICTIM\n"
    assert (folder / "a.txt.orig").read_text() == RESIDUE and not (folder / "a.txt.orig").is_symlink()


def test_the_backup_is_on_disk_before_the_original_is_replaced(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """fsync of the backup's data and of its folder come before the rename over the original (audit N16)."""
    folder = tmp_path / "fs"
    folder.mkdir()
    original = folder / "a.txt"
    original.write_text(RESIDUE)
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        target = os.readlink(f"/proc/self/fd/{fd}")
        events.append(f"fsync {Path(target).name if not os.path.isdir(target) else 'folder'}")
        real_fsync(fd)

    def replace(source: str | Path, target: str | Path) -> None:
        events.append(f"replace {Path(target).name}")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    result = runner.invoke(app, ["clean", str(original), "--in-place"])
    assert result.exit_code == 0, result.output
    backup_written = events.index("replace a.txt.orig")
    assert events[backup_written - 1].startswith("fsync .a.txt.orig.detector-")  # the backup's data
    assert events[backup_written + 1] == "fsync folder"  # its name
    assert backup_written + 1 < events.index("replace a.txt")


def test_two_inputs_cleaned_into_one_file_stop_before_anything_is_written(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.txt").write_text(RESIDUE.replace("Tuesday", name))
    out = tmp_path / "OUT"
    result = runner.invoke(app, ["clean", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"), "-o",
                                 str(out)])
    assert result.exit_code == 2 and "would be cleaned into it" in result.stderr
    assert not out.exists()
    for name in ("a", "b"):  # two folders holding the same relative path
        (tmp_path / name / "sub").mkdir()
        shutil.copy(tmp_path / name / "x.txt", tmp_path / name / "sub" / "x.txt")
    result = runner.invoke(app, ["clean", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()


def _stale_name(target: str, pid: int) -> str:
    return f".{target}.detector-{HOST}-{pid}-abcd_123.tmp"


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_clean_removes_its_own_stale_temporaries_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(RESIDUE)
    dead, alive = _dead_pid(), os.getpid()
    stale = [_stale_name("a.txt", dead), _stale_name("recs.jsonl", dead), _stale_name("a.txt.orig", dead)]
    kept = [_stale_name("a.txt", alive), f".a.txt.detector-ffffff-{dead}-abcd_123.tmp", ".a.txt.12.cleaning",
            "notes.tmp"]
    for name in stale + kept:
        (folder / name).write_text("partial copy")
    assert all(TEMPORARY.match(name) for name in stale)
    result = runner.invoke(app, ["clean", str(folder), "--in-place", "--glob", "*"])
    assert result.exit_code == 0, result.output
    names = {p.name for p in folder.iterdir()}
    assert not names & set(stale) and set(kept) <= names
    assert "partial copy" not in (folder / "a.txt").read_text()
    assert not any(TEMPORARY.match(n) for n in names - set(kept))  # and the run left none of its own


def test_temporaries_are_never_read_as_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(RESIDUE)
    (folder / _stale_name("a.txt", os.getpid())).write_text("a half-written copy")
    (folder / ".r.jsonl.detector-lock").write_text("")
    code, stderr = _scan(str(folder), "--glob", "*", "-o", str(tmp_path / "r.jsonl"))
    assert code == 0, stderr
    [row] = (tmp_path / "r.jsonl").read_text().splitlines()
    assert json.loads(row)["source"] == str(folder / "a.txt")


def test_a_failed_write_leaves_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(RESIDUE)
    (folder / "recs.jsonl").write_text(json.dumps({"id": 1, "text": RESIDUE}) + "\n")
    real_replace = os.replace

    def full_disk(source: str | Path, target: str | Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    for name in ("a.txt", "recs.jsonl"):
        result = runner.invoke(app, ["clean", str(folder / name), "--in-place"])
        assert result.exit_code == 2 and "no space left" in result.stderr
    monkeypatch.setattr(os, "replace", real_replace)
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "recs.jsonl"]


def test_remove_stale_only_touches_regular_files_of_dead_runs(tmp_path: Path) -> None:
    dead = _dead_pid()
    (tmp_path / _stale_name("x", dead)).mkdir()  # a folder with the name: not ours to remove
    (tmp_path / _stale_name("y", dead)).symlink_to(tmp_path / "elsewhere")
    (tmp_path / _stale_name("z", dead)).write_text("")
    assert remove_stale(tmp_path) == [_stale_name("z", dead)]
