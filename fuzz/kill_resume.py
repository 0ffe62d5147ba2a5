"""Kill `detector scan -o OUT --format jsonl` with SIGKILL at random moments, `--resume`, and compare with an
uninterrupted run.

    python -m fuzz.kill_resume --trials 100 --seed 1 --docs 400

Each trial starts a scan (`--jobs 1` or `2`) into a fresh folder that already holds an older complete report of
the same name (the audit's N2 case), kills it at a random moment between start-up and the end (the parent alone,
as the OOM killer does, or its whole process group; now and then the resume is killed too), waits for its workers
to leave, then runs `--resume` until it succeeds and compares the report with the uninterrupted one byte for byte.
Counted: identical reports, different ones (with the number of lost and repeated rows), resumes that failed, and
files left in the folder besides the report. The last line printed is a JSON summary.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class KillSummary:
    trials: int = 0
    identical: int = 0
    different: int = 0
    lost_rows: int = 0
    repeated_rows: int = 0
    failed_resumes: int = 0
    stray_files: int = 0
    killed_before_partial: int = 0
    killed_resumes: int = 0
    notes: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        data = asdict(self)
        data["notes"] = dict(self.notes.most_common(10))
        return json.dumps(data, sort_keys=True)


def make_corpus(path: Path, documents: int) -> None:
    """JSONL of the seed articles cut in varied ways, with a few broken lines: deterministic."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    rng = random.Random(documents)
    with path.open("w", encoding="utf-8") as out:
        for number in range(documents):
            if number % 97 == 13:
                out.write('{"id": "broken", "text": "cut off\n')
                continue
            text = rng.choice(seeds)
            start = rng.randrange(max(1, len(text) - 400))
            out.write(json.dumps({"id": f"doc-{number}", "text": text[start : start + rng.randint(200, 2500)]})
                      + "\n")


def _scan(corpus: Path, out: Path, jobs: int, resume: bool) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "detector.cli.app", "scan", str(corpus), "-j", str(jobs), "-o", str(out), "-q"]
    if resume:
        command.append("--resume")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def _mentioning(needle: str) -> bool:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if needle.encode() in (entry / "cmdline").read_bytes():
                    return True
            except OSError:
                continue
    return False


def _kill(process: subprocess.Popen[bytes], group: bool, out: Path) -> None:
    if process.poll() is None:
        with_group = group and hasattr(os, "killpg")
        with contextlib.suppress(ProcessLookupError):
            if with_group:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _mentioning(str(out)):
        time.sleep(0.1)


def reference(corpus: Path, folder: Path, jobs: int) -> tuple[bytes, float]:
    out = folder / "reference.jsonl"
    started = time.monotonic()
    process = _scan(corpus, out, jobs, False)
    _, err = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"the reference scan failed: {err.decode()[-500:]}")
    return out.read_bytes(), time.monotonic() - started


def trial(corpus: Path, folder: Path, jobs: int, expected: bytes, duration: float, rng: random.Random,
          summary: KillSummary) -> None:
    out = folder / "out.jsonl"
    out.write_bytes(b'{"old": "report of yesterday"}\n')  # an older complete report of the same name
    process = _scan(corpus, out, jobs, False)
    time.sleep(rng.uniform(0.0, duration * 1.05))
    partial_existed = (folder / "out.jsonl.partial").exists()
    _kill(process, rng.random() < 0.5, out)
    summary.killed_before_partial += not partial_existed and process.returncode != 0
    attempts = 0
    while True:
        attempts += 1
        process = _scan(corpus, out, jobs, True)
        if attempts == 1 and rng.random() < 0.2:  # kill the resume too, now and then
            time.sleep(rng.uniform(0.0, duration))
            if process.poll() is None:
                _kill(process, rng.random() < 0.5, out)
                summary.killed_resumes += 1
                continue
        _, err = process.communicate()
        if process.returncode == 0 or attempts >= 3:
            break
        summary.notes[err.decode("utf-8", "replace").strip().splitlines()[-1][:120] if err else "no message"] += 1
    summary.trials += 1
    if process.returncode != 0:
        summary.failed_resumes += 1
        return
    got = out.read_bytes()
    if got == expected:
        summary.identical += 1
    else:
        summary.different += 1
        want = Counter(expected.splitlines())
        have = Counter(got.splitlines())
        summary.lost_rows += sum((want - have).values())
        summary.repeated_rows += sum((have - want).values())
    stray = sorted(p.name for p in folder.iterdir() if p.name not in ("out.jsonl", "reference.jsonl", "in.jsonl"))
    if stray:
        summary.stray_files += 1
        summary.notes["stray: " + ", ".join(stray)[:100]] += 1
    out.unlink()


def run(trials: int, seed: int = 1, documents: int = 300, folder: Path | None = None,
        jobs_choices: tuple[int, ...] = (1, 2)) -> KillSummary:
    summary = KillSummary()
    rng = random.Random(seed)
    base = Path(tempfile.mkdtemp(prefix="detector-kill-", dir=folder))
    try:
        corpus = base / "in.jsonl"
        make_corpus(corpus, documents)
        expected = {}
        for jobs in jobs_choices:
            expected[jobs] = reference(corpus, base, jobs)
        if len({report for report, _ in expected.values()}) > 1:
            summary.notes["reference -j1 and -j2 differ"] += 1
        (base / "reference.jsonl").unlink()
        for _ in range(trials):
            jobs = rng.choice(jobs_choices)
            trial(corpus, base, jobs, expected[jobs][0], expected[jobs][1], rng, summary)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--docs", type=int, default=300)
    args = parser.parse_args()
    print(run(args.trials, args.seed, args.docs).line())


if __name__ == "__main__":
    main()
