"""Labelled cases (ftfy's habit): each file a provenance, known failures as strict xfail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detector.core.model import Document
from detector.engines.pipeline import Pipeline

CASES = Path(__file__).parent / "cases"
PIPELINE = Pipeline()


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (CASES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def check(case: dict) -> None:
    report = PIPELINE.score_document(Document(case["label"], case["text"]))
    floor = case.get("min_confidence", 0.0)
    found = [(f.rule_id, f.quote) for f in report.findings
             if f.category in case["categories"] and f.confidence >= floor]
    if case["expect"] == "pass":
        strong = [(f.rule_id, f.quote) for f in report.findings
                  if f.category in case["categories"] and f.severity != "info"]
        assert not strong, f"{case['label']}: unexpected findings {strong}"
        return
    for rule_id, quote in case["expect_rules"]:
        assert [rule_id, quote] in [list(f) for f in found], f"{case['label']}: {rule_id} {quote!r} not in {found}"


@pytest.mark.parametrize("case", load("synthetic.jsonl") + load("seeds.jsonl") + load("negative.jsonl"),
                         ids=lambda c: c["label"])
def test_case(case: dict) -> None:
    check(case)


@pytest.mark.xfail(strict=True, reason="known failure: see the case's comment")
@pytest.mark.parametrize("case", load("known_failures.jsonl"), ids=lambda c: c["label"])
def test_known_failure(case: dict) -> None:
    check(case)
