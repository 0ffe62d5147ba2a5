"""Throughput benchmark: docs/s, MB/s, docs/s per 1,000 words and peak memory of a full default scan.

Inputs: the seeds repeated, and the real documents of ../shared/corpus/ (skipped with a message when absent).
Run: `.venv/bin/python bench/throughput.py [--repeat-seeds 250] [--limit 2000]`. Not part of the test command:
speed is measured here, never asserted in a timed test.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from detector.core.model import Document
from detector.engines.pipeline import Pipeline
from detector.reports.writers.json_writer import report_line
from detector.text.view import WORD

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CORPORA = {
    "extraction-residue": ("extraction-residue/dev.jsonl", "text"),
    "mt-docs": ("mt/docs.jsonl", "text"),
    "mqm-ted-docs": ("mqm-zhen/dev_docs.jsonl", "text"),
}


def seed_documents(repeat: int) -> list[Document]:
    seeds = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    # Each copy gets its own last line: identical texts would hit textstat's per-text cache and flatter the figure.
    return [Document(f"{i}-{name}", f"{text}\nCopy {i}.") for i in range(repeat) for name, text in seeds]


def corpus_documents(relative: str, field: str, limit: int) -> Iterator[Document]:
    with (CORPUS / relative).open(encoding="utf-8") as stream:
        for number, line in enumerate(stream):
            if number >= limit:
                return
            record = json.loads(line)
            yield Document(str(record.get("id", number)), record[field])


def measure(name: str, documents: list[Document]) -> dict[str, float | str]:
    pipeline = Pipeline()
    pipeline.score_document(Document("warm-up", "Warm up the caches once, as a long run would."))
    chars = sum(len(d.text.encode("utf-8")) for d in documents)
    words = sum(len(WORD.findall(d.text)) for d in documents)
    started = time.perf_counter()
    for document in documents:
        report_line(pipeline.score_document(document), False, False)
    elapsed = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # no tracemalloc: it slows Python 3-10x
    return {
        "input": name, "docs": len(documents), "mean_words": round(words / len(documents)),
        "docs_per_s": round(len(documents) / elapsed, 1), "mb_per_s": round(chars / 1e6 / elapsed, 3),
        "kwords_per_s": round(words / 1000 / elapsed, 2), "ms_per_1000_words": round(elapsed * 1e6 / words, 2),
        "peak_rss_mb_so_far": round(rss),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat-seeds", type=int, default=250)
    parser.add_argument("--limit", type=int, default=2000, help="documents per corpus file")
    args = parser.parse_args()
    results = [measure(f"seeds x{args.repeat_seeds}", seed_documents(args.repeat_seeds))]
    for name, (relative, field) in CORPORA.items():
        if not (CORPUS / relative).is_file():
            print(f"skipping {name}: {CORPUS / relative} is missing", file=sys.stderr)
            continue
        results.append(measure(name, list(corpus_documents(relative, field, args.limit))))
    columns = list(results[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + " --- |" * len(columns))
    for row in results:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nprocess peak RSS: {rss:.0f} MB (one core, `Pipeline.score_document` + JSON serialisation)")


if __name__ == "__main__":
    main()
