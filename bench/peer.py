"""Throughput against the peer users would otherwise pick: datatrove's Gopher quality, Gopher repetition, C4
quality and FineWeb quality filters chained (a document stops at the first filter that drops it, as in a datatrove
pipeline). Same inputs for all: the seeds repeated (each copy made unique) and the real documents of
../shared/corpus/. Each method runs in its own process so peak RSS is its own. Writes reports/benchmark.md.

    .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/peer.py
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
METHODS = ("ours", "ours --jobs 2", "peer")
REPEAT = 3
INPUTS = {"seeds x100": None, "extraction-residue": "extraction-residue/dev.jsonl", "mt docs": "mt/docs.jsonl"}


def texts(name: str) -> list[str]:
    if INPUTS[name] is None:
        seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
        return [f"{t}\nCopy {i}." for i in range(100) for t in seeds]
    with (CORPUS / INPUTS[name]).open(encoding="utf-8") as stream:
        return [json.loads(line)["text"] for line in stream]


def run_method(method: str, name: str) -> dict[str, float]:
    docs = texts(name)
    if method == "peer":
        from datatrove.data import Document
        from datatrove.pipeline.filters import (
            C4QualityFilter,
            FineWebQualityFilter,
            GopherQualityFilter,
            GopherRepetitionFilter,
        )

        chain = [GopherQualityFilter(), GopherRepetitionFilter(), C4QualityFilter(), FineWebQualityFilter()]
        started = time.perf_counter()
        for i, text in enumerate(docs):
            document = Document(text=text, id=str(i))
            for step in chain:
                verdict = step.filter(document)
                if verdict is False or (isinstance(verdict, tuple) and not verdict[0]):
                    break
    else:
        from detector.config.settings import Config
        from detector.core.model import Document as Doc
        from detector.engines.parallel import run_parallel_rendered
        from detector.inputs.readers import Loaded
        from detector.reports.writers.json_writer import JsonlRenderer

        jobs = 2 if method == "ours --jobs 2" else 1
        items = [Loaded(str(i), "", Doc(str(i), t)) for i, t in enumerate(docs)]
        started = time.perf_counter()
        for row in run_parallel_rendered(items, Config(), jobs, JsonlRenderer()):  # what `detector scan` runs
            len(row.line)
    elapsed = time.perf_counter() - started
    words = sum(len(t.split()) for t in docs)
    size = sum(len(t.encode("utf-8")) for t in docs)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"docs": len(docs), "docs_per_s": len(docs) / elapsed, "mb_per_s": size / 1e6 / elapsed,
            "kwords_per_s": words / 1000 / elapsed, "peak_rss_mb": rss / 1024}


def main() -> None:
    if len(sys.argv) == 3:  # child: one method on one input
        print(json.dumps(run_method(sys.argv[1], sys.argv[2])))
        return
    rows = []
    for name in INPUTS:
        if INPUTS[name] is not None and not (CORPUS / INPUTS[name]).is_file():
            continue
        runs: dict[str, list[dict[str, float]]] = {m: [] for m in METHODS}
        for _ in range(REPEAT):  # interleaved, so a slow spell of a shared machine hits every method alike
            for method in METHODS:
                out = subprocess.run([sys.executable, __file__, method, name], capture_output=True, text=True,
                                     check=True, cwd=ROOT)
                runs[method].append(json.loads(out.stdout.strip().splitlines()[-1]))
        for method in METHODS:
            ordered = sorted(runs[method], key=lambda r: r["docs_per_s"])
            median = dict(ordered[len(ordered) // 2])
            median["peak_rss_mb"] = max(r["peak_rss_mb"] for r in ordered)
            rows.append((name, method, median))
    lines = ["# Benchmark: detector against the datatrove peer chain", "",
             "`.venv/bin/python bench/peer.py` on this 2-core machine. Peer: datatrove Gopher quality, Gopher "
             "repetition, C4 quality and FineWeb quality filters chained (no findings, no offsets, a keep/drop "
             "answer). Ours: the full default scan (language, readability, boilerplate, MT artifacts, all with span "
             "findings) including JSON serialisation. Each figure is the median of "
             f"{REPEAT} runs, the methods interleaved; peak RSS is the largest of them and counts the parent and, for "
             "--jobs 2, its largest worker (the workers are forked from the parent's loaded models, so pages they "
             "share are counted twice).", "",
             "| input | method | docs | docs/s | MB/s | 1,000 words/s | peak RSS MB |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, method, r in rows:
        lines.append(f"| {name} | {method} | {r['docs']} | {r['docs_per_s']:.1f} | {r['mb_per_s']:.3f} | "
                     f"{r['kwords_per_s']:.1f} | {r['peak_rss_mb']:.0f} |")
    lines += ["", "| input | ours / peer (one core) | ours --jobs 2 / ours | target |", "| --- | --- | --- | --- |"]
    for name in dict.fromkeys(n for n, _, _ in rows):
        figures = {m: r["docs_per_s"] for n, m, r in rows if n == name}
        lines.append(f"| {name} | {figures['ours'] / figures['peer']:.2f}x | "
                     f"{figures['ours --jobs 2'] / figures['ours']:.2f}x | 4x and 1.7x |")
    report = "\n".join(lines) + "\n"
    (ROOT / "reports" / "benchmark.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
