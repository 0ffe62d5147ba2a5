"""Every rule documents itself and proves itself (proselint's examples, ruff's rule pages)."""

from __future__ import annotations

import pytest

from detector.config.settings import Config, with_overrides
from detector.core.model import Document
from detector.engines.pipeline import Pipeline
from detector.reports.rule_pages import explain, render_catalogue
from detector.rules.rule import DOC_FIELDS
from detector.scorers.boilerplate.corpus import learn
from detector.scorers.boilerplate.scorer import BoilerplateScorer
from detector.scorers.registry import SCORER_CLASSES, build_scorers, load_rules

from .conftest import ROOT

RULES = list(load_rules().values())
SCANNED = [r for r in RULES if r.kind != "input" and not r.removed]


def _findings(rule_text: str, overrides: dict[str, object], stats_from: str = "") -> list:
    config = with_overrides(Config(), dict(overrides))
    pipeline = Pipeline(config)
    if stats_from:  # corpus rules judge a document against statistics learned from many pages
        stats = learn((f"page-{i}", stats_from, {}) for i in range(3))
        pipeline.scorers = [BoilerplateScorer(stats) if s.name == "boilerplate" else s for s in pipeline.scorers]
    report = pipeline.score_document(Document("example", rule_text, "example"))
    return list(report.findings)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_documented(rule) -> None:
    for name in DOC_FIELDS:
        assert getattr(rule, name).strip(), f"{rule.id} has no {name}"
    page = explain(rule.id)
    assert rule.title in page and rule.rationale in page and rule.fix in page


@pytest.mark.parametrize("rule", SCANNED, ids=lambda r: r.id)
def test_example_fires_and_fixed_example_is_clean(rule) -> None:
    if "mt-deep" in rule.example_config.get("scorers", ()):
        from detector.scorers.mt import deep

        if not deep.available():
            pytest.skip(f"{rule.id} needs deep mode, not installed here: {deep.INSTALL}")
    corpus = rule.example if rule.kind == "corpus" else ""
    config = {**rule.example_config, **({"rules.extend_select": [rule.id]} if rule.opt_in else {})}
    hits = [f for f in _findings(rule.example, config, corpus) if f.rule_id == rule.id]
    assert hits, f"{rule.id} example produced no {rule.id} finding"
    for f in hits:
        if f.span is not None:
            assert rule.example[f.span.start : f.span.end] == f.quote
    misses = [f for f in _findings(rule.fixed_example, config, corpus) if f.rule_id == rule.id]
    assert not misses, f"{rule.id} fixed_example still produced {misses}"


@pytest.mark.parametrize("rule", [r for r in SCANNED if r.opt_in], ids=lambda r: r.id)
def test_an_opt_in_rule_is_not_reported_by_default(rule) -> None:
    assert not [f for f in _findings(rule.example, dict(rule.example_config)) if f.rule_id == rule.id]


def test_every_scorer_declares_the_rules_it_emits() -> None:
    declared = {rule_id for s in build_scorers() for rule_id in s.rules}
    default = [cls for cls in SCORER_CLASSES.values() if getattr(cls, "default", True)]
    emitted_by_code = {r.id for cls in default for r in cls.code_rules()}
    assert emitted_by_code <= declared
    assert declared <= set(load_rules())
    optional = {r.id for cls in SCORER_CLASSES.values() if cls not in default for r in cls.code_rules()}
    assert optional and optional <= set(load_rules())  # deep mode's rules are documented though it is not built here


def test_unknown_rule_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        explain("XX999")


def test_rule_catalogue_is_fresh(update_golden: bool) -> None:
    path = ROOT / "reports" / "rules.md"
    expected = render_catalogue()
    if update_golden:
        path.write_text(expected, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == expected, "reports/rules.md is stale: run pytest --update-golden"


def test_readme_rule_table_is_fresh(update_golden: bool) -> None:
    from detector.reports.rule_pages import rules_table

    path = ROOT / "README.md"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("<!-- rules:start -->\n", 1)
    _, tail = rest.split("<!-- rules:end -->", 1)
    expected = f"{head}<!-- rules:start -->\n{rules_table(load_rules().values())}<!-- rules:end -->{tail}"
    if update_golden:
        path.write_text(expected, encoding="utf-8")
    assert text == expected, "the README rule table is stale: run pytest --update-golden"
