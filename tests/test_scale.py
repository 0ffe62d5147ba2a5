"""Every core and interruptions: --jobs N equals --jobs 1 byte for byte; a killed scan resumes with nothing
missing or repeated."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from detector.cli.app import app
from detector.reports.resume import completed_rows

from .conftest import SEEDS, corpus_file

runner = CliRunner()


def test_jobs_2_equals_jobs_1_on_the_dev_corpus(tmp_path: Path) -> None:
    corpus = corpus_file("mt/docs.jsonl")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.jsonl"
        result = runner.invoke(app, ["scan", str(corpus), "--jobs", jobs, "-o", str(out), "-q"])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") == 2858


def _seed_corpus(path: Path, copies: int) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as out:
        for i in range(copies):
            for j, text in enumerate(texts):
                out.write(json.dumps({"id": f"{i}-{j}", "text": f"{text}\nCopy {i}."}) + "\n")


def test_killed_scan_resumes_without_missing_or_repeated_rows(tmp_path: Path) -> None:
    corpus = tmp_path / "docs.jsonl"
    _seed_corpus(corpus, 60)
    full = tmp_path / "full.jsonl"
    assert runner.invoke(app, ["scan", str(corpus), "-j", "1", "-o", str(full), "-q"]).exit_code == 0
    partial = tmp_path / "partial.jsonl"
    unfinished = tmp_path / "partial.jsonl.partial"  # where rows go until the report is complete
    command = [sys.executable, "-m", "detector.cli.app", "scan", str(corpus), "-j", "2", "-o", str(partial), "-q"]
    process = subprocess.Popen(command)
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        if unfinished.exists() and unfinished.read_bytes().count(b"\n") >= 40:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)  # the parent only, as the OOM killer would
    process.wait()
    deadline = time.time() + 15
    while time.time() < deadline and _processes_mentioning(str(partial)):
        time.sleep(0.2)
    assert not _processes_mentioning(str(partial)), "worker processes outlived their killed parent"
    assert not partial.exists(), "a killed scan must not leave a report that looks complete"
    written = unfinished.read_bytes().count(b"\n")
    assert 0 < written < 240, "the scan was not interrupted mid-way"
    with unfinished.open("ab") as stream:
        stream.write(b'{"schema":"detector-report/1","id":"cut off mid-li')  # a torn last line
    result = runner.invoke(app, ["scan", str(corpus), "-j", "2", "-o", str(partial), "--resume", "-q"])
    assert result.exit_code == 0, result.output
    assert partial.read_bytes() == full.read_bytes() and not unfinished.exists()
    ids = [json.loads(line)["id"] for line in partial.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(set(ids)) == 240


def _processes_mentioning(needle: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if needle.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_completed_rows_drops_a_torn_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"a":1}\n{"b":2}\n{"c":')
    assert completed_rows(path) == 2 and path.read_bytes() == b'{"a":1}\n{"b":2}\n'
    assert completed_rows(tmp_path / "missing.jsonl") == 0


def test_resume_needs_a_jsonl_output() -> None:
    assert runner.invoke(app, ["scan", str(SEEDS), "--resume"]).exit_code == 2


def test_jobs_2_equals_jobs_1_in_every_path(tmp_path: Path) -> None:
    """JSONL rows rendered in the workers, and report objects sent back (other formats, a baseline), both forked
    from the parent's loaded models: each equals the one-process run, on seeds plus a broken line."""
    corpus = tmp_path / "in.jsonl"
    _seed_corpus(corpus, 6)
    with corpus.open("a", encoding="utf-8") as out:
        out.write('{"id": "broken", "text": \n{"id": "empty", "text": ""}\n')
    baseline = tmp_path / "baseline.jsonl"
    assert runner.invoke(app, ["scan", str(SEEDS), "-o", str(baseline), "-q"]).exit_code == 0
    for extra in ([], ["--format", "csv"], ["--baseline", str(baseline)]):
        outputs = []
        for jobs in ("1", "2"):
            out = tmp_path / f"j{jobs}.out"
            result = runner.invoke(app, ["scan", str(corpus), "--jobs", jobs, "-o", str(out), "-q", *extra])
            assert result.exit_code == 0, result.output
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1], extra
        assert outputs[0].count(b"IN504") >= 1 and outputs[0].count(b"IN502") >= 1  # broken line, empty text
