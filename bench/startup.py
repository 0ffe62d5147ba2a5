"""Start-up time of the commands a pre-commit hook or a CI gate runs on a handful of files.

    .venv/bin/python bench/startup.py [--runs 15]

Each command runs `--runs` times, the commands interleaved so that a change in the machine's load falls on all of
them alike; printed are the median and the fastest wall time, and the median CPU time (user + system of the child
process, which another process's load inflates far less than the wall time). `python -c pass` is the
interpreter's floor and ruff, where installed, the peer the issue compares with. The load average before and after
is printed too: this machine is shared, and a loaded run says so. The children run with bytecode caching on
(`PYTHONDONTWRITEBYTECODE` removed), as on a user's machine: without it every run compiles every module again.

`--baseline DIR` adds the same one-file scan with the `detector` package found in DIR (a `git archive` of another
commit with the native module copied in), interleaved with ours, for a paired before/after. Each tree then gets its
own start-up store (`DETECTOR_CACHE_DIR`, a temporary folder filled by the warm-up run), so that neither reads the
other's entries.

    .venv/bin/python bench/startup.py --runs 15 [--baseline DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
SHORT_TEXT = "The council met on Tuesday and agreed, after a long debate, to fund two new schools in the north.\n"


def run_once(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) for one run; a failing command stops the benchmark."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False,
                            env=env or ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr.decode()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def commands(short_file: Path, baseline: str = "") -> dict[str, list[str]]:
    detector = str(Path(sys.executable).parent / "detector")
    table = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "detector --version": [detector, "--version"],
        "detector --help": [detector, "--help"],
        "detector scan (one 19-word file)": [detector, "scan", str(short_file), "-q"],
    }
    if baseline:
        table["baseline: detector scan (one 19-word file)"] = [detector, "scan", str(short_file), "-q"]
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if Path(ruff).exists():
        table["ruff --version (peer)"] = [ruff, "--version"]
        python_file = short_file.with_suffix(".py")
        python_file.write_text("schools = 2\n", encoding="utf-8")
        table["ruff check (peer, one file)"] = [ruff, "check", "--no-cache", "--isolated", str(python_file)]
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", default="", help="a folder holding another `detector` package to compare")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        short_file = Path(folder) / "short.txt"
        short_file.write_text(SHORT_TEXT, encoding="utf-8")
        table = commands(short_file, args.baseline)
        envs = {name: ENV for name in table}
        if args.baseline:  # each tree its own start-up store (a store keys its entries by the code that made them)
            envs = {name: {**ENV, "DETECTOR_CACHE_DIR": str(Path(folder) / "ours-cache")} for name in table}
            envs["baseline: detector scan (one 19-word file)"] = {
                **ENV, "PYTHONPATH": args.baseline, "DETECTOR_CACHE_DIR": str(Path(folder) / "baseline-cache")}
        load_before = os.getloadavg()
        for name, command in table.items():  # warm the page cache, the .pyc files and the start-up stores
            run_once(command, envs[name])
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in table}
        for _ in range(args.runs):
            for name, command in table.items():
                samples[name].append(run_once(command, envs[name]))
        load_after = os.getloadavg()
    print(f"{args.runs} runs each, interleaved; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after "
          f"({os.cpu_count()} cores)\n")
    print("| command | median wall (s) | fastest wall (s) | median CPU (s) |")
    print("| --- | --- | --- | --- |")
    for name, runs in samples.items():
        walls = [w for w, _ in runs]
        cpus = [c for _, c in runs]
        print(f"| {name} | {statistics.median(walls):.3f} | {min(walls):.3f} | {statistics.median(cpus):.3f} |")


if __name__ == "__main__":
    main()
