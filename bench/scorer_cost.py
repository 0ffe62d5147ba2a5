"""Cost of each scorer in milliseconds per 1,000 words, on real documents (shared views computed beforehand, so
each figure is the scorer's own work). Run: `.venv/bin/python bench/scorer_cost.py [--limit 1000]`.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from detector.config.settings import Config
from detector.core.model import Document
from detector.scorers.registry import build_scorers
from detector.text.view import TextView

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def documents(limit: int) -> list[Document]:
    docs = [Document(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    path = CORPUS / "mt" / "docs.jsonl"
    if path.is_file():
        with path.open(encoding="utf-8") as stream:
            for _, line in zip(range(limit), stream):
                record = json.loads(line)
                docs.append(Document(record["id"], record["text"]))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()
    config = Config()
    scorers = build_scorers(config)
    docs = documents(args.limit)
    views = [TextView(d, config) for d in docs]
    words = 0
    for view in views:  # the shared view: computed once, outside the timings
        words += len(view.words)
        _ = view.language, view.sentences, view.paragraphs, view.lines
    print(f"{len(docs)} documents, {words} words\n\n| scorer | ms per 1,000 words |\n| --- | --- |")
    for scorer in scorers:
        for document, view in zip(docs[:20], views[:20]):  # first use loads data (CMUdict, word lists): not timed
            scorer.score(document, view, config)
        started = time.perf_counter()
        for document, view in zip(docs, views):
            scorer.score(document, view, config)
        elapsed = time.perf_counter() - started
        print(f"| {scorer.name} | {1000 * elapsed / words * 1000:.2f} |")


if __name__ == "__main__":
    main()
