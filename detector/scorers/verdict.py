"""From dimension scores and findings to one overall score and a verdict.

overall = sum(weight_d x score_d) / sum(weight_d) over the dimensions that produced a score (weights: each scorer's
`default_weight`, overridden by `[tool.detector.weights]`). The verdict is the worst of:
- reject: overall < `verdict.reject_below`, or any `error` finding when `verdict.reject_on_error`, or a dimension
  below its floor in `verdict.reject_if_below` (boilerplate 25, language 25): a page that is three quarters
  template, or not readably in one language, is unusable however well its other dimensions score, and a weighted
  mean would let those lift it to `review`;
- review: overall < `verdict.review_below`, or, in some category, at least `verdict.review_on_warnings` warnings
  (`verdict.category_warnings` sets it per category; 0 disables);
- pass otherwise.

>>> from detector.config.settings import VerdictConfig
>>> decide(80.0, [], VerdictConfig())
'pass'
>>> decide(71.9, [], VerdictConfig(), {"boilerplate": 7.9, "language": 100.0, "mt": 95.0})
'reject'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from detector.config.settings import VerdictConfig
from detector.core.model import Finding, Verdict


def overall_score(scores: Mapping[str, float], weights: Mapping[str, float]) -> float | None:
    total = sum(weights.get(name, 0.0) for name in scores)
    if total <= 0:
        return None
    return round(sum(weights.get(name, 0.0) * value for name, value in scores.items()) / total, 2)


def doubted(findings: Iterable[Finding], cfg: VerdictConfig) -> frozenset[str]:
    """The dimensions whose score a finding of the document says not to trust (`verdict.doubting_rules`)."""
    return frozenset(cfg.doubting_rules[f.rule_id] for f in findings if f.rule_id in cfg.doubting_rules)


def decide(overall: float | None, findings: Iterable[Finding], cfg: VerdictConfig,
           scores: Mapping[str, float] | None = None, doubt: frozenset[str] = frozenset()) -> Verdict:
    """`overall` and `scores` should leave out the `doubt` dimensions; a document with any is at least review."""
    findings = list(findings)
    verdict = _decide(overall, findings, cfg, scores)
    return "review" if doubt and verdict == "pass" else verdict


def _decide(overall: float | None, findings: list[Finding], cfg: VerdictConfig,
            scores: Mapping[str, float] | None) -> Verdict:
    severities = [f.severity for f in findings]
    if (overall is not None and overall < cfg.reject_below) or (cfg.reject_on_error and "error" in severities):
        return "reject"
    if scores and any(scores.get(name, 100.0) < floor for name, floor in cfg.reject_if_below.items()):
        return "reject"
    if overall is not None and overall < cfg.review_below:
        return "review"
    counts = Counter(f.category for f in findings if f.severity == "warning")
    for category, count in counts.items():
        limit = cfg.category_warnings.get(category, cfg.review_on_warnings)
        if limit > 0 and count >= limit:
            return "review"
    return "pass"
