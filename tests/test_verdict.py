"""The verdict means an action (issue 24): pass (usable, after the safe fixes), review (a person should look),
reject (not usable). It is judged on the document as `detector clean` leaves it, and findings under the cleaning
threshold never move it. `detector eval verdict` measures the mix on the dev corpora (reports/verdict_eval.md)."""

from __future__ import annotations

import json
from dataclasses import replace
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detector.config.settings import Config, ConfigError, VerdictConfig
from detector.core.model import Document, Edit, Finding, Span
from detector.engines.pipeline import Pipeline
from detector.scorers.registry import config_from_mapping
from detector.scorers.verdict import decide, reasons

from .conftest import ROOT

CRUDE = ROOT / "tests" / "data" / "crude_dump_wsj.txt"
THRESHOLD = Config().boilerplate.min_confidence
scores = st.dictionaries(st.sampled_from(["language", "readability", "boilerplate", "mt"]),
                         st.floats(0, 100, allow_nan=False), min_size=1)


def finding(rule: str = "MT201", confidence: float = 0.95, severity: str = "warning", safe: bool | None = False,
            category: str = "mt-artifact") -> Finding:
    edit = None if safe is None else Edit(Span(0, 1), "x", safe)
    return Finding(rule, category, severity, confidence, Span(0, 1), "a", f"{rule} message", edit)  # type: ignore[arg-type]


def test_a_whole_page_dump_that_clean_can_fix_is_judged_after_cleaning() -> None:
    """The WSJ whole-page dump (mostly template): its residue is what `clean` removes, so the page as clean leaves
    it passes even a strict boilerplate floor that the page as it came in falls under. The report still lists every
    finding of the original, and carries the cleaned text the verdict judged."""
    document = Document("wsj", CRUDE.read_text(encoding="utf-8"))
    strict = VerdictConfig(reject_if_below=MappingProxyType({"boilerplate": 50.0, "language": 25.0}))
    report = Pipeline(Config(verdict=strict)).score_document(document)
    assert report.scores["boilerplate"] < 50 and any(f.rule_id.startswith("BP") for f in report.findings)
    assert report.cleaned is not None and report.cleaned.changed
    assert len(report.cleaned.text) < 0.8 * len(document.text)
    assert report.verdict == "pass" and report.reasons == ()
    before = Pipeline(Config(verdict=replace(strict, after_clean=False))).score_document(document)
    assert before.verdict == "reject" and before.reasons[0].code == "mostly-residue"


def test_a_page_whose_article_was_not_found_goes_to_review_not_reject() -> None:
    """BP302 (nothing is applied: the fixes would take too much running text) asks for a person; its boilerplate
    score measured the wrong block, so that floor does not reject it (`verdict.doubting_rules`)."""
    page = "\n".join(["Home", "News", "Sport", "Weather", "Sign in", "Subscribe", "Privacy Policy", "Terms of Use",
                      "Cookie settings", "Contact us", "© 2025 Example Media Group. All rights reserved."] * 3)
    report = Pipeline().score_document(Document("menu", page))
    assert any(f.rule_id == "BP302" for f in report.findings)
    assert report.scores["boilerplate"] < VerdictConfig().reject_if_below["boilerplate"]
    assert report.verdict == "review" and [(r.code, r.rule_id) for r in report.reasons] == [("rule", "BP302")]


@given(st.lists(st.tuples(st.sampled_from(["MT201", "BP110", "LG103", "BP302", "IN508", "RD301"]),
                          st.floats(0, THRESHOLD, exclude_max=True), st.sampled_from(["info", "warning", "error"]),
                          st.sampled_from([None, True, False])), max_size=6))
def test_findings_under_the_cleaning_threshold_never_move_the_verdict(rows: list) -> None:
    weak = [finding(rule, confidence, severity, safe) for rule, confidence, severity, safe in rows]
    cfg = replace(VerdictConfig(), reject_rules=("MT201",), review_on_warnings=1)
    assert reasons(80.0, weak, cfg, {"boilerplate": 90.0}, None, THRESHOLD) == []


@given(scores, st.floats(0, 100, allow_nan=False))
def test_a_dimension_below_its_floor_always_rejects(values: dict[str, float], overall: float) -> None:
    cfg = VerdictConfig()
    below = any(values.get(name, 100.0) < floor for name, floor in cfg.reject_if_below.items())
    verdict = decide(overall, [], cfg, values)
    assert verdict == ("reject" if below else "pass")  # the mean alone decides nothing by default


def test_each_reason_and_its_verdict() -> None:
    cfg = VerdictConfig()
    assert [r.code for r in reasons(None, [finding("MT201", 0.9)], cfg)] == ["unsafe-fix"]
    assert reasons(None, [finding("MT201", 0.85)], cfg) == []  # unsafe, but not confident enough to need a look
    assert reasons(None, [finding("BP201", 0.99, safe=True)], cfg) == []  # a safe fix: clean applies it
    assert [(r.verdict, r.code) for r in reasons(None, [finding("LG103", 0.9, "error", None, "language")], cfg)] == [
        ("reject", "wrong-language")]
    rejecting = replace(cfg, reject_rules=("BP302",), review_rules=())
    assert [(r.verdict, r.code, r.rule_id) for r in reasons(None, [finding("BP302", 0.9, safe=None)], rejecting)] == [
        ("reject", "rule", "BP302")]
    assert decide(None, [], cfg, {"language": 0.0}) == "reject"  # no language to judge
    both = reasons(None, [finding("MT201", 0.95), finding("LG103", 0.9, "error", None, "language")], cfg)
    assert [r.verdict for r in both] == ["reject", "review"]  # every reason, worst first


@given(st.one_of(st.none(), st.floats(0, 1)), st.floats(0.01, 1))
def test_mt_moves_the_verdict_only_at_its_likelihood_and_never_when_it_abstained(likelihood: float | None,
                                                                                 at: float) -> None:
    cfg = replace(VerdictConfig(), review_mt_likelihood=at)
    metrics = {"mt": {"mt_likelihood": likelihood}} if likelihood is not None else {"mt": {"judged": False}}
    moved = decide(None, [], cfg, {"mt": 50.0}, metrics=metrics) == "review"
    assert moved == (likelihood is not None and at < 1.0 and likelihood >= at)


def test_the_first_verdicts_thresholds_still_apply_when_configured() -> None:
    legacy = replace(VerdictConfig(), reject_below=40.0, review_below=65.0, review_on_warnings=1)
    assert decide(60.0, [], legacy) == "review" and decide(30.0, [], legacy) == "reject"
    assert decide(80.0, [finding("MT302", 0.8, safe=True)], legacy) == "review"  # one warning
    assert decide(60.0, [finding("MT302", 0.8, safe=True)], VerdictConfig()) == "pass"


def test_verdict_settings_are_configured_and_checked() -> None:
    config = config_from_mapping({"verdict": {"reject_if_below": {"boilerplate": 10, "readability": 5},
                                              "reject_rules": ["BP302"], "review_mt_likelihood": 0.9}})
    assert dict(config.verdict.reject_if_below) == {"boilerplate": 10.0, "readability": 5.0}
    assert decide(70.0, [], config.verdict, {"boilerplate": 12.0, "readability": 4.0}) == "reject"
    assert decide(70.0, [], config.verdict, {"boilerplate": 12.0, "language": 0.0}) == "pass"
    with pytest.raises(ConfigError, match="unknown scorer 'boilerpalte'"):
        config_from_mapping({"verdict": {"reject_if_below": {"boilerpalte": 10}}})
    with pytest.raises(ConfigError, match=r"reject_if_below.language' must lie in \[0, 100\]"):
        config_from_mapping({"verdict": {"reject_if_below": {"language": 120}}})
    with pytest.raises(ConfigError, match=r"unknown rule 'XX999' in verdict\.review_rules"):
        config_from_mapping({"verdict": {"review_rules": ["XX999"]}})
    with pytest.raises(ConfigError, match=r"review_unsafe_confidence' must lie in \[0, 1\]"):
        config_from_mapping({"verdict": {"review_unsafe_confidence": 2}})
    assert MappingProxyType({}) == config_from_mapping({"verdict": {"category_warnings": {}}}).verdict.category_warnings


def test_the_mt_score_is_not_in_the_overall_mean() -> None:
    """The likelihood's weight is 0: a page's overall is the mean of its other dimensions (the likelihood acts only
    through `verdict.review_mt_likelihood`)."""
    line = (ROOT / "tests" / "data" / "mt_docs_sample.jsonl").read_text(encoding="utf-8").splitlines()[3]
    report = Pipeline().score_document(Document("d", json.loads(line)["text"]))  # 122 words: judged
    assert "mt" in report.scores
    others = {k: v for k, v in report.scores.items() if k != "mt"}
    weights = {"language": 1.0, "readability": 0.5, "boilerplate": 1.0}
    assert report.overall == pytest.approx(sum(weights[k] * v for k, v in others.items()) / sum(
        weights[k] for k in others), abs=0.01)
