"""Peak memory of a streaming scan at two input sizes (default 50 MB and 500 MB of JSONL, made by repeating the
real documents of ../shared/corpus/mt/docs.jsonl under new ids). The whole process tree's resident memory (the
parent and its `--jobs` workers) is sampled from /proc every 0.2 s. Run:
`.venv/bin/python bench/memory.py [--sizes 50 500] [--jobs 2]`; the 500 MB run takes about 20 minutes here.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "corpus" / "mt" / "docs.jsonl"


def make_input(path: Path, megabytes: int) -> int:
    records = [json.loads(line) for line in SOURCE.read_text(encoding="utf-8").splitlines()]
    target = megabytes * 1_000_000
    written = count = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            record = records[count % len(records)]
            line = json.dumps({"id": f"{count}-{record['id']}", "text": record["text"]}, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            count += 1
    return count


def tree_rss_mb(pid: int) -> float:
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
            with open(f"/proc/{current}/task/{current}/children") as children:
                pids.extend(int(c) for c in children.read().split())
        except (OSError, StopIteration):
            continue
    return total / 1024


def measure(input_path: Path, jobs: int) -> tuple[float, float]:
    output = input_path.with_suffix(".report.jsonl")
    command = [sys.executable, "-m", "detector", "scan", str(input_path), "--jobs", str(jobs), "-o", str(output),
               "-q"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.2)
    output.unlink(missing_ok=True)
    return peak, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    print("| input MB | documents | jobs | peak RSS of the process tree MB | seconds |")
    print("| --- | --- | --- | --- | --- |")
    for size in args.sizes:
        path = folder / f"input-{size}.jsonl"
        documents = make_input(path, size)
        peak, seconds = measure(path, args.jobs)
        print(f"| {size} | {documents} | {args.jobs} | {peak:.0f} | {seconds:.0f} |", flush=True)
        path.unlink()
    os.rmdir(folder)


if __name__ == "__main__":
    main()
