"""Invariants over arbitrary text (hypothesis): every string yields exactly one valid report."""

from __future__ import annotations

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detector.core.model import Document
from detector.engines.pipeline import Pipeline, scan
from detector.reports.serialize import dumps, report_schema, report_to_dict

PIPELINE = Pipeline()
VALIDATOR = jsonschema.Draft202012Validator(report_schema())

words = st.sampled_from(["the", "ministry", "said", "Plan", "Libya", "é", "“", "”", ".", ",", "!", "\n", "\n\n",
                         "Mr.", "U.S.", "z. B.", "close", "12:00", "€", "\ufffd", "\t", "中文", "Die", "und"])
texty = st.lists(words, max_size=200).map(" ".join)
any_text = st.one_of(st.text(max_size=400), texty)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_any_string_gives_one_valid_report(text: str) -> None:
    reports = list(scan([text]))
    assert len(reports) == 1
    report = reports[0]
    row = report_to_dict(report)
    VALIDATOR.validate(row)
    for finding in report.findings:
        if finding.span is not None:
            assert 0 <= finding.span.start <= finding.span.end <= len(text)
            assert text[finding.span.start : finding.span.end] == finding.quote
    for value in report.scores.values():
        assert 0 <= value <= 100
    assert report.overall is None or 0 <= report.overall <= 100
    keys = [f.sort_key() for f in report.findings]
    assert keys == sorted(keys)


@settings(max_examples=40, deadline=None)
@given(texty)
def test_same_input_gives_byte_identical_output(text: str) -> None:
    if not text.strip():
        return
    first = dumps(report_to_dict(PIPELINE.score_document(Document("d", text))))
    second = dumps(report_to_dict(Pipeline().score_document(Document("d", text))))
    assert first == second
