"""Corpus mode memory and speed: `learn` over the extraction-residue corpus at 1x and 10x its size.

The statistics are preallocated (count-min sketch + Bloom filter), so peak memory must not grow with the corpus.
Each scale runs in a fresh process (peak RSS is per process). Run: `.venv/bin/python bench/corpus_mode.py`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "extraction-residue" / "dev.jsonl"

CHILD = r"""
import json, resource, sys, time
from detector.scorers.boilerplate.corpus import learn
path, copies = sys.argv[1], int(sys.argv[2])
def documents():
    for copy in range(copies):
        with open(path, encoding="utf-8") as stream:
            for line in stream:
                record = json.loads(line)
                yield f"{copy}-{record['id']}", record["text"], {"page": f"{copy}-{record['page']}"}
start = time.perf_counter()
stats = learn(documents())
elapsed = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"copies": copies, "documents": stats.documents, "pages": stats.pages,
                  "seconds": round(elapsed, 1), "docs_per_s": round(stats.documents / elapsed),
                  "peak_rss_mb": round(rss)}))
"""


def main() -> None:
    if not CORPUS.is_file():
        sys.exit(f"{CORPUS} is missing")
    rows = []
    for copies in (1, 10):
        out = subprocess.run([sys.executable, "-c", CHILD, str(CORPUS), str(copies)], capture_output=True,
                             text=True, check=True, cwd=ROOT)
        rows.append(json.loads(out.stdout))
    print("| copies | documents | pages | seconds | docs/s | peak RSS MB |\n| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['copies']} | {r['documents']} | {r['pages']} | {r['seconds']} | {r['docs_per_s']} | "
              f"{r['peak_rss_mb']} |")
    print(f"\nRSS growth from 1x to 10x: {rows[1]['peak_rss_mb'] - rows[0]['peak_rss_mb']} MB "
          f"(statistics are fixed-size: 16 MiB sketch + 8 MiB Bloom filter)")


if __name__ == "__main__":
    main()
