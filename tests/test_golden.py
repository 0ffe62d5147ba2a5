"""Golden reports: `scan(seeds/)` rendered by every writer must equal the committed files in `reports/` byte for
byte. Regenerate with `pytest --update-golden` and review the diff (the same files are the README's examples)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from detector.engines.pipeline import Pipeline
from detector.inputs.readers import read_inputs
from detector.reports.writers import WRITERS, WriterContext, make_writer


def render(fmt: str) -> str:
    pipeline = Pipeline()
    out = io.StringIO()
    writer = make_writer(fmt, out, WriterContext(tuple(s.name for s in pipeline.scorers)))
    for report in pipeline.run(read_inputs(["seeds"])):
        writer.write(report)
    writer.close()
    return out.getvalue()


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_seed_reports_match_golden(fmt: str, in_root: Path, update_golden: bool) -> None:
    path = in_root / "reports" / f"seeds.{fmt}"
    actual = render(fmt)
    if update_golden:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    assert path.read_text(encoding="utf-8") == actual, f"{path} is stale: run pytest --update-golden and review"


def test_rendering_is_byte_identical_across_runs(in_root: Path) -> None:
    assert render("jsonl") == render("jsonl")
