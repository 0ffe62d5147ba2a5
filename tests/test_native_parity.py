"""Same reports with the native core (issue 25): JSONL reports of a sample of every dev corpus must equal, byte for
byte, the reports the pure-Python path made before each kernel moved to Rust (`tests/data/parity/`, drawn by
`scripts/make_parity_samples.py`). The seeds are covered the same way by `test_golden.py`.

A deliberate change of a report (a rule, a threshold, a model file) regenerates them: `pytest --update-golden`, and
review the diff. Corpora that cannot be copied into the project (L3S-GN1: research use only; CleanEval: no license
stated) are read from ../shared/corpus by line number, and only the SHA-256 of each expected row is kept.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from pathlib import Path

import pytest

from detector.engines.pipeline import Pipeline
from detector.inputs.readers import read_inputs
from detector.reports.writers import WriterContext, make_writer

from .conftest import CORPUS, ROOT

PARITY = ROOT / "tests" / "data" / "parity"
COPIED = sorted(p.stem for p in PARITY.glob("*.jsonl"))
BY_LINE = {"cleaneval": "boilerplate-more/cleaneval.jsonl", "l3s-gn1": "boilerplate-more/l3s-gn1.jsonl"}


def render(path: str) -> list[str]:
    """The JSONL report of `path` as `detector scan PATH --format jsonl` writes it, one string a row."""
    pipeline = Pipeline()
    out = io.StringIO()
    writer = make_writer("jsonl", out, WriterContext(tuple(s.name for s in pipeline.scorers)))
    for report in pipeline.run(read_inputs([path])):
        writer.write(report)
    writer.close()
    return out.getvalue().splitlines(keepends=True)


def _first_difference(expected: list[str], actual: list[str]) -> str:
    for number, (want, got) in enumerate(zip(expected, actual), start=1):
        if want != got:
            return f"row {number} differs:\n- {want[:2000]}\n+ {got[:2000]}"
    return f"{len(expected)} rows expected, {len(actual)} made"


@pytest.mark.parametrize("name", COPIED)
def test_reports_equal_the_pure_python_reports(name: str, in_root: Path, update_golden: bool) -> None:
    expected_path = PARITY / f"{name}.report.jsonl.gz"  # gzip: some pages have thousands of findings
    actual = render(f"tests/data/parity/{name}.jsonl")
    if update_golden:
        expected_path.write_bytes(gzip.compress("".join(actual).encode("utf-8"), mtime=0))
    expected = gzip.decompress(expected_path.read_bytes()).decode("utf-8").splitlines(keepends=True)
    assert actual == expected, _first_difference(expected, actual)


@pytest.mark.parametrize("name", sorted(BY_LINE))
def test_reports_of_uncopied_corpora_keep_their_hashes(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       update_golden: bool) -> None:
    source = CORPUS / BY_LINE[name]
    if not source.is_file():
        pytest.skip(f"real corpus not available ({source} is missing; it lives in the team's shared/ folder)")
    wanted = {int(n) for n in (PARITY / f"{name}.lines").read_text(encoding="utf-8").split()}
    rows = []
    with source.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if number in wanted:
                record = json.loads(line)
                rows.append(json.dumps({"id": str(record["id"]), "text": record["text"]}, ensure_ascii=False))
    (tmp_path / f"{name}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    actual = [hashlib.sha256(row.encode("utf-8")).hexdigest() + "\n" for row in render(f"{name}.jsonl")]
    expected_path = PARITY / f"{name}.report.sha256"
    if update_golden:
        expected_path.write_text("".join(actual), encoding="utf-8")
    expected = expected_path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert actual == expected, _first_difference(expected, actual)
