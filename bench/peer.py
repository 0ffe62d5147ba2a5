"""Throughput against the peer users would otherwise pick: datatrove's Gopher quality, Gopher repetition, C4
quality and FineWeb quality filters chained (a document stops at the first filter that drops it, as in a datatrove
pipeline). Same inputs for all: the seeds repeated (each copy made unique) and the real documents of
../shared/corpus/. Each method runs in its own process so its CPU time and peak RSS are its own, and the methods
run interleaved (`--repeat` rounds), so that a busy spell of a shared machine falls on all of them alike; the load
average before and after is printed. Writes reports/benchmark.md.

The one-core comparison is in documents per CPU-second (user + system time of the process that scores), which
another process's load inflates far less than wall time; `--jobs 2` is compared in wall time with one job, since
that is what more cores buy. `--baseline DIR` adds a method that runs the same scan with the `detector` package
found in DIR (e.g. a checkout of the commit before the native core), for a paired before/after. Our tree and the
baseline tree each get their own start-up store (`DETECTOR_CACHE_DIR`: a temporary folder each, filled by one
unmeasured run of each tree before the measured rounds), so that neither reads the other's entries nor pays for
loading them; a `DETECTOR_CACHE_DIR` set to `off` stays off for both.

    .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/peer.py [--repeat 3] [--limit N] [--baseline DIR]
        [--methods ours,peer] [--inputs news,extraction-residue]

`--methods` and `--inputs` pick a subset (names as in the tables; an input by its first word): on a machine shared
with other jobs, `ours --jobs 2` is a second busy process and may be left out of a one-core comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared/corpus beside the clone; DETECTOR_CORPUS names it elsewhere (a git worktree has another parent)
CORPUS = Path(os.environ.get("DETECTOR_CORPUS", ROOT.parent / "shared" / "corpus"))
INPUTS = {"seeds x100": None, "extraction-residue": "extraction-residue/dev.jsonl", "news (mt docs)": "mt/docs.jsonl"}


def texts(name: str, limit: int) -> list[str]:
    if INPUTS[name] is None:
        seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
        docs = [f"{t}\nCopy {i}." for i in range(100) for t in seeds]
    else:
        with (CORPUS / INPUTS[name]).open(encoding="utf-8") as stream:
            docs = [json.loads(line)["text"] for line in stream]
    return docs[:limit] if limit else docs


def run_method(method: str, name: str, limit: int) -> dict[str, float]:
    docs = texts(name, limit)
    if method == "peer":
        from datatrove.data import Document
        from datatrove.pipeline.filters import (
            C4QualityFilter,
            FineWebQualityFilter,
            GopherQualityFilter,
            GopherRepetitionFilter,
        )

        chain = [GopherQualityFilter(), GopherRepetitionFilter(), C4QualityFilter(), FineWebQualityFilter()]
        started, cpu_started = time.perf_counter(), time.process_time()
        for i, text in enumerate(docs):
            document = Document(text=text, id=str(i))
            for step in chain:
                verdict = step.filter(document)
                if verdict is False or (isinstance(verdict, tuple) and not verdict[0]):
                    break
    else:
        try:
            from detector.config.settings import Config
            from detector.core.model import Document as Doc
            from detector.engines.parallel import run_parallel_rendered
            from detector.inputs.readers import Loaded
            from detector.reports.writers.json_writer import JsonlRenderer
        except ImportError:  # a `--baseline` package from before the house layout (issue 21)
            from detector.model import Document as Doc  # type: ignore[no-redef]
            from detector.parallel import run_parallel_rendered  # type: ignore[no-redef]
            from detector.readers import Loaded  # type: ignore[no-redef]
            from detector.writers.json_writer import JsonlRenderer  # type: ignore[no-redef]

            from detector.config import Config  # type: ignore[no-redef]

        jobs = 2 if method == "ours --jobs 2" else 1
        items = [Loaded(str(i), "", Doc(str(i), t)) for i, t in enumerate(docs)]
        started, cpu_started = time.perf_counter(), time.process_time()
        for row in run_parallel_rendered(items, Config(), jobs, JsonlRenderer()):  # what `detector scan` runs
            len(row.line)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    size = sum(len(t.encode("utf-8")) for t in docs)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + children.ru_maxrss
    return {"docs": len(docs), "mb": size / 1e6, "wall": elapsed, "cpu": cpu + children.ru_utime + children.ru_stime,
            "peak_rss_mb": rss / 1024}


def main() -> None:
    if len(sys.argv) == 4 and not sys.argv[1].startswith("-"):  # child: one method on one input
        print(json.dumps(run_method(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="the first N documents of each input (0: all)")
    parser.add_argument("--baseline", default="", help="a folder holding another `detector` package to compare")
    parser.add_argument("--no-write", action="store_true", help="print the tables without writing the report")
    parser.add_argument("--methods", default="", help="comma-separated subset of: ours, ours --jobs 2, peer")
    parser.add_argument("--inputs", default="", help="comma-separated subset of the inputs (first word of the name)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    methods = ["ours", "ours --jobs 2", "peer"] + (["baseline"] if args.baseline else [])
    if args.methods:
        methods = [m for m in methods if m in args.methods.split(",") or m == "baseline"]
    wanted = [w.strip() for w in args.inputs.split(",") if w.strip()]
    with tempfile.TemporaryDirectory() as stores:
        envs = tree_environments(methods, args.baseline, Path(stores))
        rows = measure(methods, wanted, args, envs)
    load_after = os.getloadavg()
    report = render(rows, methods, args, load_before, load_after)
    if not args.no_write:
        (ROOT / "reports" / "benchmark.md").write_text(report, encoding="utf-8")
    print(report)


def tree_environments(methods: list[str], baseline: str, stores: Path) -> dict[str, dict[str, str]]:
    """Each method's environment: the baseline's finds its package first; ours and the baseline each have their
    own start-up store (a store keeps entries keyed by the code that made them, so a shared one would hold both
    trees' entries, and each run would load the other's too), warmed by one unmeasured run of each."""
    shared = dict(os.environ)
    off = shared.get("DETECTOR_CACHE_DIR", "").strip().lower() in ("off", "0", "none")
    envs, warmed = {}, set()
    for method in methods:
        env = dict(shared)
        tree = "baseline" if method == "baseline" else "ours"
        if method == "baseline":
            env["PYTHONPATH"] = baseline
        if not off:
            env["DETECTOR_CACHE_DIR"] = str(stores / tree)
        envs[method] = env
        if method != "peer" and tree not in warmed and not off:
            subprocess.run([sys.executable, __file__, "ours", "seeds x100", "4"], capture_output=True, text=True,
                           check=True, cwd=ROOT, env=env)
            warmed.add(tree)
    return envs


def measure(methods: list[str], wanted: list[str], args: argparse.Namespace,
            envs: dict[str, dict[str, str]]) -> list[tuple[str, str, dict[str, float]]]:
    rows = []
    for name in INPUTS:
        if wanted and name.split()[0] not in wanted:
            continue
        if INPUTS[name] is not None and not (CORPUS / INPUTS[name]).is_file():
            continue
        runs: dict[str, list[dict[str, float]]] = {m: [] for m in methods}
        for _ in range(args.repeat):
            for method in methods:
                child_method = "ours" if method == "baseline" else method
                out = subprocess.run([sys.executable, __file__, child_method, name, str(args.limit)],
                                     capture_output=True, text=True, check=True, cwd=ROOT, env=envs[method])
                runs[method].append(json.loads(out.stdout.strip().splitlines()[-1]))
        for method in methods:
            done = runs[method]
            rows.append((name, method, {
                "docs": done[0]["docs"], "mb": done[0]["mb"],
                "cpu": statistics.median(r["cpu"] for r in done), "wall": statistics.median(r["wall"] for r in done),
                "peak_rss_mb": max(r["peak_rss_mb"] for r in done)}))
    return rows


def render(rows: list[tuple[str, str, dict[str, float]]], methods: list[str], args: argparse.Namespace,
           load_before: tuple[float, float, float], load_after: tuple[float, float, float]) -> str:
    command = "DETECTOR_CORPUS=../shared/corpus .venv/bin/python bench/peer.py" + \
        (f" --repeat {args.repeat}" if args.repeat != 3 else "") + (f" --limit {args.limit}" if args.limit else "") + \
        (f" --methods {args.methods}" if args.methods else "") + (f" --inputs {args.inputs}" if args.inputs else "")
    lines = ["# Benchmark: detector against the datatrove peer chain", "",
             f"`{command}` on this 2-core machine, load average {load_before[0]:.1f} before and {load_after[0]:.1f} "
             "after (the machine is shared: every figure is paired, the methods interleaved in "
             f"{args.repeat} rounds, medians quoted). Peer: datatrove Gopher quality, Gopher repetition, C4 quality "
             "and FineWeb quality filters chained (no findings, no offsets, a keep/drop answer). Ours: the full "
             "default scan (language, readability, boilerplate, MT artifacts, all with span findings) including "
             "JSON serialisation, as `detector scan` runs it. CPU is user + system time of the scoring process (and "
             "of its workers for --jobs 2); peak RSS counts the parent and its largest worker (forked from the "
             "parent's loaded models, so pages they share are counted twice).", "",
             "| input | method | docs | MB | CPU s | wall s | docs per CPU-s | MB per CPU-s | peak RSS MB |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, method, r in rows:
        lines.append(f"| {name} | {method} | {r['docs']:.0f} | {r['mb']:.2f} | {r['cpu']:.2f} | {r['wall']:.2f} | "
                     f"{r['docs'] / r['cpu']:.1f} | {r['mb'] / r['cpu']:.3f} | {r['peak_rss_mb']:.0f} |")
    lines += ["", "| input | ours / peer, docs per CPU-s (target >= 5x) | ours --jobs 2 / ours, wall (target 1.8x on 2 "
              "idle cores) |" + (" ours / baseline, docs per CPU-s |" if "baseline" in methods else ""),
              "| --- | --- | --- |" + (" --- |" if "baseline" in methods else "")]
    for name in dict.fromkeys(n for n, _, _ in rows):
        figure = {m: r for n, m, r in rows if n == name}
        versus_peer = f"{figure['peer']['cpu'] / figure['ours']['cpu']:.2f}x" if "peer" in figure else "not run"
        jobs = (f"{figure['ours']['wall'] / figure['ours --jobs 2']['wall']:.2f}x" if "ours --jobs 2" in figure
                else "not run")
        line = f"| {name} | {versus_peer} | {jobs} |"
        if "baseline" in figure:
            line += f" {figure['baseline']['cpu'] / figure['ours']['cpu']:.2f}x |"
        lines.append(line)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
