"""The short, seeded slice of the fuzz and kill harnesses that CI runs (`fuzz/README.md` has the long runs).

Each reader target gets a few dozen mutated inputs in a child process (a native crash is counted, not fatal), the
scan of one document a dozen generated documents, and the kill -9 loops two trials each: resumed scans must equal
uninterrupted ones, killed cleans must leave every file whole and no temporary file after the next run. Seeded:
the same inputs every run; `--fuzz-n N` scales the reader slices."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pyarrow", reason="pyarrow is not installed (the [parquet] extra)")

from fuzz import drive, kill_clean, kill_resume

SEED = 2026


def _runs(request: pytest.FixtureRequest, default: int) -> int:
    return int(request.config.getoption("--fuzz-n")) or default


def test_the_harness_counts_a_native_crash() -> None:
    child = drive.Child(0)
    status, answer = child.ask({"harness": "selftest-crash"}, b"", 60)
    assert status == "crash" and answer == "signal SIGABRT"


@pytest.mark.parametrize(("target", "runs"), [("dataset", 60), ("parquet", 40), ("jsonl", 60),
                                              ("compressed", 60), ("text", 30)])
def test_reader_fuzz_slice(request: pytest.FixtureRequest, tmp_path: Path, target: str, runs: int) -> None:
    summary = drive.run("read", target, _runs(request, runs), seed=SEED, timeout=120, out=tmp_path, score=1)
    assert summary.runs == _runs(request, runs)
    assert (summary.crashes, summary.hangs, summary.failing_inputs) == (0, 0, 0), summary.line()


def test_scan_fuzz_slice(tmp_path: Path) -> None:
    summary = drive.run("scan", runs=8, seed=SEED, timeout=300, out=tmp_path)
    assert (summary.crashes, summary.hangs, summary.failing_inputs) == (0, 0, 0), summary.line()


def test_kill_and_resume_slice(tmp_path: Path) -> None:
    summary = kill_resume.run(trials=2, seed=SEED, documents=60, folder=tmp_path, jobs_choices=(1,))
    assert summary.trials == summary.identical == 2, summary.line()
    assert summary.stray_files == summary.failed_resumes == 0, summary.line()


def test_kill_during_clean_slice(tmp_path: Path) -> None:
    summary = kill_clean.run(trials=2, seed=SEED, folder=tmp_path)
    assert summary.trials == 2 and summary.state_checks >= 2, summary.line()
    bad = (summary.torn_or_unknown_files, summary.lost_originals, summary.bad_records, summary.final_different,
           summary.failed_reruns, summary.stray_after_rerun)
    assert bad == (0, 0, 0, 0, 0, 0), summary.line()
