"""Draw the samples of the real corpora that `tests/test_native_parity.py` scans (issue 25: the native core must give
byte-identical reports). Deterministic: every k-th record of each file, plus the file's longest record (the long
documents are where an offset or a linear-time bug shows). Only `id` and the text travel, as `{"id", "text"}`.

Corpora whose license allows a copy inside the project are copied to `tests/data/parity/<name>.jsonl`
(extraction-residue: MIT; boilerplate-wcxb: CC-BY-4.0; the WMT and MQM files: research data kept inside the project,
as `tests/data/mt_docs_sample.jsonl` already is). L3S-GN1 (research use only) and CleanEval (no license stated) are
not copied: the test reads their sample from ../shared/corpus by line number (`<name>.lines`) and keeps only the
SHA-256 of each expected report row.

    .venv/bin/python scripts/make_parity_samples.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared/corpus beside the clone; DETECTOR_CORPUS names it elsewhere (a git worktree has another parent)
CORPUS = Path(os.environ.get("DETECTOR_CORPUS", ROOT.parent / "shared" / "corpus"))
OUT = ROOT / "tests" / "data" / "parity"
# name -> (corpus file, text field, records, copied)
SAMPLES = {
    "extraction-residue": ("extraction-residue/dev.jsonl", "text", 40, True),
    "boilerplate-wcxb": ("boilerplate-wcxb/dev.jsonl", "text", 30, True),
    "cleaneval": ("boilerplate-more/cleaneval.jsonl", "text", 30, False),
    "l3s-gn1": ("boilerplate-more/l3s-gn1.jsonl", "text", 30, False),
    "mqm-zhen-docs": ("mqm-zhen/dev_docs.jsonl", "text", 6, True),
    "mqm-zhen-segments": ("mqm-zhen/dev.jsonl", "target", 40, True),
    "mt-docs": ("mt/docs.jsonl", "text", 40, True),
    "mt-mqm-segments": ("mt/mqm_zhen.jsonl", "target", 40, True),
    "mt-wmt22-docs": ("mt-wmt22/docs.jsonl", "text", 40, True),
    "mt-wmt22-native": ("mt-wmt22/native.jsonl", "text", 30, True),
}


def sample_lines(path: Path, field: str, count: int) -> list[int]:
    """Every k-th line (1-based) and the line with the longest text."""
    lengths = [len(json.loads(line)[field]) for line in path.open(encoding="utf-8")]
    step = max(1, len(lengths) // count)
    chosen = set(range(1, len(lengths) + 1, step)[:count])
    chosen.add(1 + max(range(len(lengths)), key=lambda i: (lengths[i], -i)))
    return sorted(chosen)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (relative, field, count, copied) in SAMPLES.items():
        path = CORPUS / relative
        numbers = sample_lines(path, field, count)
        if not copied:
            (OUT / f"{name}.lines").write_text("".join(f"{n}\n" for n in numbers), encoding="utf-8")
            continue
        wanted = set(numbers)
        rows = []
        for number, line in enumerate(path.open(encoding="utf-8"), start=1):
            if number in wanted:
                record = json.loads(line)
                rows.append(json.dumps({"id": str(record["id"]), "text": record[field]}, ensure_ascii=False))
        (OUT / f"{name}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
