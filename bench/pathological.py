"""Scoring time of the pathological inputs of issue 12, from 100 KB to 1 MB: it must grow linearly.

    .venv/bin/python bench/pathological.py [--sizes 100000,200000,400000,700000,1000000] [--cap 120]

Shapes: `“` repeated (unpaired quotes, MT303), `the ` repeated (doubled words, MT304), `&nbsp;` repeated (markup
leftovers, BP204), and a user lexicon holding `(a|a)*b`. For each size the document is scored once per scorer
(after a warm-up) and the table gives CPU seconds per scorer and per MB; linear growth shows as a flat s/MB column.
Each scorer runs under the pipeline's own time budget (`--cap`, seconds), so a quadratic scorer is reported as
`>cap` instead of running for hours.

The `(a|a)*b` lexicon loads: its rows run on the native engine (the regex crate, linear time by construction), so
the backtracking guard is not needed; the script times that list on lines of 40 to 10 million `a`. It then
compiles the pattern with Python's `re` into a scorer, what a list that stays on `re` (lookaround, backreferences)
would run without the guard, to show that the time budget still ends it with IN508.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from detector.config.settings import Config
from detector.core.model import Document, ScoreResult
from detector.engines.pipeline import Pipeline
from detector.text.lexicons import LexiconError, parse_lexicon

SHAPES = {"quote “": "“", "the-repeat": "the ", "nbsp": "&nbsp;"}
USER_LEXICON = ("# format: detector-lexicon/1\n# kind: existence\n# lang: en\n# source: a user\n# license: CC0-1.0\n"
                "# match: regex\n# scope: line\n(a|a)*b\n")


def score_each(pipeline: Pipeline, text: str) -> dict[str, float]:
    """CPU seconds per scorer (a scorer stopped by the budget shows as the budget, marked by `stopped`)."""
    times: dict[str, float] = {}
    for scorer in pipeline.scorers:
        single = Pipeline(replace(pipeline.config, scorers=(scorer.name,)))
        single.scorers = [scorer]
        started = time.process_time()  # CPU, not wall: another process's load on a shared machine inflates wall
        report = single.score_document(Document("bench", text))
        elapsed = time.process_time() - started
        stopped = any(f.rule_id == "IN508" for f in report.findings)
        times[scorer.name] = -elapsed if stopped else elapsed
    return times


def _cell(seconds: float, cap: float) -> str:
    return f">{cap:g}" if seconds < 0 else f"{seconds:.2f}"


def run_shapes(sizes: list[int], cap: float) -> None:
    config = replace(Config(), time_budget=cap, max_chars=max(sizes))
    pipeline = Pipeline(config)
    pipeline.warm_up()
    names = [s.name for s in pipeline.scorers]
    print(f"| shape | chars | {' | '.join(names)} | total CPU s | CPU s per MB |")
    print(f"| --- | --- | {' | '.join('---' for _ in names)} | --- | --- |")
    for label, piece in SHAPES.items():
        for size in sizes:
            text = piece * (size // len(piece))
            times = score_each(pipeline, text)
            total = sum(abs(t) for t in times.values())
            capped = any(t < 0 for t in times.values())
            per_mb = f">{total / (len(text) / 1e6):.1f}" if capped else f"{total / (len(text) / 1e6):.2f}"
            print(f"| {label} | {len(text):,} | {' | '.join(_cell(times[n], cap) for n in names)} | "
                  f"{total:.2f} | {per_mb} |", flush=True)


class BacktrackingScorer:
    """A scorer holding the `(a|a)*b` pattern compiled past the guard: what a hostile lexicon would run."""

    name = "user-lexicon"
    version = "bench"
    rules = ("IN508",)

    def __init__(self) -> None:
        self.pattern = re.compile(r"(a|a)*b")

    def score(self, document: Document, view: object, config: Config) -> ScoreResult:
        for line in document.text.splitlines():
            self.pattern.search(line)
        return ScoreResult(None)


def run_user_lexicon(cap: float) -> None:
    try:
        lexicon = parse_lexicon("user.en.tsv", USER_LEXICON)
    except LexiconError as exc:
        print(f"\n(a|a)*b lexicon, at load: refused: {exc}")
    else:
        native = lexicon.matcher.native
        print(f"\n(a|a)*b lexicon: loaded, {'on the native linear-time engine' if native else 'on re (GUARD MISSED)'}")
        if native is not None:
            for length in (40, 1_000_000, 10_000_000):
                line = "a" * length
                started = time.process_time()
                rows = native.fullmatch_each([line])
                print(f"native engine, a line of {length:,} 'a': {time.process_time() - started:.3f} s CPU, "
                      f"match: {rows[0] >= 0}")
    pipeline = Pipeline(replace(Config(), time_budget=cap))
    pipeline.scorers = [BacktrackingScorer()]  # type: ignore[list-item]
    for length in (20, 24, 40):
        started = time.perf_counter()
        report = pipeline.score_document(Document("bench", "a" * length))
        stopped = [f.message for f in report.findings if f.rule_id == "IN508"]
        elapsed = time.perf_counter() - started
        print(f"compiled past the guard, a line of {length} 'a': {elapsed:.2f} s"
              + (f" -> {stopped[0]}" if stopped else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,200000,400000,700000,1000000")
    parser.add_argument("--cap", type=float, default=120.0, help="time budget per scorer and document, seconds")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    run_shapes(sizes, args.cap)
    run_user_lexicon(min(args.cap, 5.0))


if __name__ == "__main__":
    main()
