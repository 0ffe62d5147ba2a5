"""The verdict: a dimension below its floor (`verdict.reject_if_below`) rejects whatever the others say."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detector.config.settings import Config, ConfigError, VerdictConfig
from detector.core.model import Document
from detector.engines.pipeline import Pipeline
from detector.scorers.registry import config_from_mapping
from detector.scorers.verdict import decide

from .conftest import ROOT

CRUDE = ROOT / "tests" / "data" / "crude_dump_wsj.txt"
scores = st.dictionaries(st.sampled_from(["language", "readability", "boilerplate", "mt"]),
                         st.floats(0, 100, allow_nan=False), min_size=1)


def test_a_crude_dump_is_rejected_though_its_mean_would_only_ask_for_review() -> None:
    """The WSJ whole-page dump (mostly template): a boilerplate floor above its score rejects it, although its
    clean language and MT scores lift the mean above the reject line; without floors it is review."""
    document = Document("wsj", CRUDE.read_text(encoding="utf-8"))
    report = Pipeline().score_document(document)
    assert report.scores["boilerplate"] < 50 and report.scores["language"] == 100.0
    assert report.overall is not None and report.overall > VerdictConfig().reject_below  # the mean alone: review
    assert report.verdict == "review"
    floor = MappingProxyType({"boilerplate": report.scores["boilerplate"] + 1.0})
    assert Pipeline(Config(verdict=VerdictConfig(reject_if_below=floor))).score_document(document).verdict == "reject"
    lenient = Config(verdict=VerdictConfig(reject_if_below=MappingProxyType({})))
    assert Pipeline(lenient).score_document(document).verdict == "review"


def test_a_page_whose_article_was_not_found_goes_to_review_not_reject() -> None:
    """BP302 says the boilerplate score measured the wrong block: that dimension leaves the verdict."""
    page = "\n".join(["Home", "News", "Sport", "Weather", "Sign in", "Subscribe", "Privacy Policy", "Terms of Use",
                      "Cookie settings", "Contact us", "© 2025 Example Media Group. All rights reserved."] * 3)
    report = Pipeline().score_document(Document("menu", page))
    assert any(f.rule_id == "BP302" for f in report.findings)
    assert report.scores["boilerplate"] < VerdictConfig().reject_if_below["boilerplate"]
    assert report.verdict == "review"


@given(scores, st.floats(0, 100, allow_nan=False))
def test_a_dimension_below_its_floor_always_rejects(values: dict[str, float], overall: float) -> None:
    cfg = VerdictConfig()
    below = any(values.get(name, 100.0) < floor for name, floor in cfg.reject_if_below.items())
    verdict = decide(overall, [], cfg, values)
    if below:
        assert verdict == "reject"
    else:
        assert verdict == decide(overall, [], replace(cfg, reject_if_below=MappingProxyType({})), values)


def test_floors_are_configured_and_checked() -> None:
    config = config_from_mapping({"verdict": {"reject_if_below": {"boilerplate": 10, "readability": 5}}})
    assert dict(config.verdict.reject_if_below) == {"boilerplate": 10.0, "readability": 5.0}
    assert decide(70.0, [], config.verdict, {"boilerplate": 12.0, "readability": 4.0}) == "reject"
    assert decide(70.0, [], config.verdict, {"boilerplate": 12.0, "language": 0.0}) == "pass"
    with pytest.raises(ConfigError, match="unknown scorer 'boilerpalte'"):
        config_from_mapping({"verdict": {"reject_if_below": {"boilerpalte": 10}}})
    with pytest.raises(ConfigError, match=r"reject_if_below.language' must lie in \[0, 100\]"):
        config_from_mapping({"verdict": {"reject_if_below": {"language": 120}}})
