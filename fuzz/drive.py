"""Run a harness over mutated inputs in a child process, counting what must never happen.

    python -m fuzz.drive read --target dataset --runs 100000 --seed 1
    python -m fuzz.drive scan --runs 20000 --seed 1

`read` mutates the seed inputs of one reader target (`fuzz.seeds`) with the seeded mutator (`fuzz.mutate`) and
runs `fuzz.targets.read_one` on each; `scan` runs `fuzz.targets.scan_one` on generated documents. The child's
address space is limited (`--memory-mb`), so a runaway allocation is a MemoryError the reader must catch, not the
OOM killer. Counted: crashes (the child died: a signal or an exit), hangs (no answer within `--timeout` s),
problems (what `targets` checks). Each crashing, hanging or failing input is saved under `--out` with its seed and
index; the last line printed is a JSON summary.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import selectors
import signal
import struct
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fuzz.mutate import mutate
from fuzz.seeds import seeds

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Summary:
    harness: str
    target: str
    runs: int = 0
    crashes: int = 0
    hangs: int = 0
    failing_inputs: int = 0
    rows: int = 0
    seconds: float = 0.0
    problems: Counter[str] = field(default_factory=Counter)
    saved: list[str] = field(default_factory=list)

    def line(self) -> str:
        data = asdict(self)
        data["problems"] = dict(self.problems.most_common(20))
        data["saved"] = self.saved[:20]
        return json.dumps(data, sort_keys=True)


def _limit_memory(megabytes: int) -> None:
    if megabytes:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))


class Child:
    """One worker process; `ask` returns its answer, or None when it died or hung (then it is gone)."""

    def __init__(self, memory_mb: int) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
        self.process = subprocess.Popen([sys.executable, "-m", "fuzz.worker"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, env=env,
                                        preexec_fn=lambda: _limit_memory(memory_mb))
        self.selector = selectors.DefaultSelector()
        assert self.process.stdout is not None
        self.selector.register(self.process.stdout, selectors.EVENT_READ)
        self.buffer = b""

    def ask(self, header: dict[str, Any], data: bytes, timeout: float) -> tuple[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        blob = json.dumps(header).encode()
        try:
            self.process.stdin.write(struct.pack("<I", len(blob)) + blob + struct.pack("<I", len(data)) + data)
            self.process.stdin.flush()
        except BrokenPipeError:
            return "crash", self._death()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not self.selector.select(left):
                self.process.kill()
                self.process.wait()
                return "hang", timeout
            chunk = os.read(self.process.stdout.fileno(), 1 << 16)
            if not chunk:
                return "crash", self._death()
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return "ok", json.loads(line)

    def _death(self) -> str:
        code = self.process.wait()
        return f"signal {signal.Signals(-code).name}" if code < 0 else f"exit {code}"

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def inputs(harness: str, target: str, seed: int) -> Any:
    """The endless, reproducible input sequence of a harness: (index, bytes)."""
    index = 0
    if harness == "read":
        pool = seeds(target)
        while True:
            rng = random.Random(f"{seed}:{index}")
            base = rng.choice(pool)
            yield index, base if rng.random() < 0.02 else mutate(base, rng)
            index += 1
    from tests.test_fuzz import fuzz_text

    while True:
        rng = random.Random(f"{seed}:{index}")
        text = fuzz_text(rng)
        if rng.random() < 0.05:  # a long one-line document now and then
            text = (text + " ") * rng.randint(50, 400)
        yield index, text.encode("utf-8", "surrogatepass")
        index += 1


def run(harness: str, target: str = "", runs: int = 1000, seed: int = 1, timeout: float = 60.0,
        memory_mb: int = 8000, out: Path | None = None, seconds: float = 0.0, score: int = 2) -> Summary:
    """Feed `runs` inputs (or as many as fit in `seconds`, when given) to a child; returns the counts."""
    summary = Summary(harness, target)
    started = time.monotonic()
    child = Child(memory_mb)
    try:
        for index, data in inputs(harness, target, seed):
            if index >= runs or (seconds and time.monotonic() - started > seconds):
                break
            status, answer = child.ask({"harness": harness, "target": target, "score": score}, data, timeout)
            summary.runs += 1
            if status == "ok":
                summary.rows += answer.get("rows", 0)
                if answer["problems"]:
                    summary.failing_inputs += 1
                    summary.problems.update(p.split(":")[0][:80] for p in answer["problems"])
                    _save(out, summary, "problem", seed, index, data, answer["problems"])
                continue
            if status == "crash":
                summary.crashes += 1
                summary.problems[f"crash ({answer})"] += 1
            else:
                summary.hangs += 1
                summary.problems["hang"] += 1
            _save(out, summary, status, seed, index, data, [str(answer)])
            child = Child(memory_mb)
    finally:
        child.close()
    summary.seconds = round(time.monotonic() - started, 1)
    return summary


def _save(out: Path | None, summary: Summary, kind: str, seed: int, index: int, data: bytes,
          why: list[str]) -> None:
    if out is None:
        return
    folder = out / f"{summary.harness}-{summary.target or 'doc'}"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{kind}-{hashlib.sha1(data).hexdigest()[:12]}"
    (folder / f"{name}.bin").write_bytes(data)
    (folder / f"{name}.json").write_text(json.dumps({"seed": seed, "index": index, "why": why}, indent=1))
    summary.saved.append(str(folder / name))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("harness", choices=("read", "scan"))
    parser.add_argument("--target", default="", help="read: dataset, parquet, jsonl, compressed or text")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=0.0, help="stop after this long instead (0: --runs)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--memory-mb", type=int, default=8000)
    parser.add_argument("--out", type=Path, default=ROOT / "fuzz" / "findings")
    parser.add_argument("--progress", type=int, default=0, help="print a summary every N runs")
    parser.add_argument("--score", type=int, default=2, help="read: documents of each input scored (0: none)")
    args = parser.parse_args()
    if args.progress:
        done = 0
        total = Summary(args.harness, args.target)
        while done < args.runs:
            step = run(args.harness, args.target, min(args.progress, args.runs - done), args.seed * 1000003 + done,
                       args.timeout, args.memory_mb, args.out, score=args.score)
            done += step.runs
            for name in ("runs", "crashes", "hangs", "failing_inputs", "rows"):
                setattr(total, name, getattr(total, name) + getattr(step, name))
            total.seconds += step.seconds
            total.problems.update(step.problems)
            total.saved += step.saved
            print(total.line(), flush=True)
        return
    print(run(args.harness, args.target, args.runs, args.seed, args.timeout, args.memory_mb, args.out,
              args.seconds, args.score).line())


if __name__ == "__main__":
    main()
