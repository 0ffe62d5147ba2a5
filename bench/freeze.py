"""Does a library user who scores many documents with `Pipeline` directly lose anything to the garbage collector?

`detector scan` (and `run_parallel`) move the loaded models out of the collector's sight (`gc.freeze()`); a program
that builds a `Pipeline` and calls `score_document` in its own loop did not. Each child process here builds a
Pipeline and scores the first `--limit` extraction-residue pages, either as is ("plain") or with `gc.collect()` and
`gc.freeze()` after the first page ("frozen"), and prints its CPU seconds for the pages after the first (user +
system time, `time.process_time`) and the number of collections the collector ran. The two kinds of children run
interleaved, `--repeat` rounds, so that a busy spell of a shared machine falls on both alike; medians are printed.

    DETECTOR_CORPUS=../shared/corpus .venv/bin/python bench/freeze.py [--limit 300] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("DETECTOR_CORPUS", ROOT.parent / "shared" / "corpus"))
PAGES = "extraction-residue/dev.jsonl"


def child(mode: str, limit: int) -> dict[str, float]:
    from detector.core.model import Document
    from detector.engines.pipeline import Pipeline

    with (CORPUS / PAGES).open(encoding="utf-8") as stream:
        texts = [json.loads(line)["text"] for _, line in zip(range(limit), stream)]
    pipeline = Pipeline()
    pipeline.score_document(Document("0", texts[0]))  # what loads on first use loads here, in both modes
    if mode == "frozen":
        gc.collect()
        gc.freeze()
    before = sum(s["collections"] for s in gc.get_stats())
    started = time.process_time()
    for i, text in enumerate(texts[1:], start=1):
        pipeline.score_document(Document(str(i), text))
    cpu = time.process_time() - started
    return {"cpu": cpu, "pages": len(texts) - 1,
            "collections": sum(s["collections"] for s in gc.get_stats()) - before,
            "frozen_objects": gc.get_freeze_count()}


def main() -> None:
    if len(sys.argv) == 3 and not sys.argv[1].startswith("-"):
        print(json.dumps(child(sys.argv[1], int(sys.argv[2]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"plain": [], "frozen": []}
    load_before = os.getloadavg()
    for _ in range(args.repeat):
        for mode in runs:
            out = subprocess.run([sys.executable, __file__, mode, str(args.limit)], capture_output=True, text=True,
                                 check=True, cwd=ROOT)
            runs[mode].append(json.loads(out.stdout.strip().splitlines()[-1]))
    load_after = os.getloadavg()
    print(f"{args.repeat} rounds, interleaved; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after\n")
    print("| mode | pages | median CPU s | ms a page | collections | frozen objects |")
    print("| --- | --- | --- | --- | --- | --- |")
    for mode, done in runs.items():
        cpu = statistics.median(r["cpu"] for r in done)
        print(f"| {mode} | {done[0]['pages']:.0f} | {cpu:.2f} | {1000 * cpu / done[0]['pages']:.1f} | "
              f"{statistics.median(r['collections'] for r in done):.0f} | {done[0]['frozen_objects']:.0f} |")
    pairs = [p["cpu"] / f["cpu"] for p, f in zip(runs["plain"], runs["frozen"])]
    print(f"\nplain / frozen, per round: {', '.join(f'{r:.3f}' for r in pairs)}; median {statistics.median(pairs):.3f}")


if __name__ == "__main__":
    main()
