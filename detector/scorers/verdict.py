"""From a document's scores and findings to a verdict that means an action, with every reason for it.

- `pass`: usable as it is, or after the safe fixes `detector clean` applies;
- `review`: a person should look: the article may not have been found (`verdict.review_rules`, BP302), a fix that
  is not safe to apply blindly is confident (`verdict.review_unsafe_confidence`), the text is likely machine
  translated (`verdict.review_mt_likelihood`; never when the MT scorer abstained, i.e. gave no likelihood);
- `reject`: not usable: mostly residue that cleaning cannot remove, or no language (a dimension below its floor in
  `verdict.reject_if_below`), not an article (`verdict.reject_rules`), an `error` finding (a language not expected,
  a scorer that failed: `verdict.reject_on_error`), or a document that could not be read.

The verdict is judged on the document as `detector clean` leaves it (the pipeline runs the cleaning loop first:
`verdict.after_clean`), so residue that clean removes is not held against a page. Findings under the cleaning
threshold (`boilerplate.min_confidence`) inform and never move the verdict. The defaults were measured on the dev
corpora: `detector eval verdict` prints the verdict mix per corpus (README, reports/verdict_eval.md).

`overall` (the weighted mean of the dimension scores) stays in the report as a summary; the first verdict's
thresholds on it (`reject_below`, `review_below`) and its warning counts (`review_on_warnings`,
`category_warnings`) still apply when configured, and are off by default.

>>> from detector.config.settings import VerdictConfig
>>> decide(80.0, [], VerdictConfig())
'pass'
>>> decide(71.9, [], VerdictConfig(), {"boilerplate": 7.9, "language": 100.0, "mt": 95.0})
'reject'
>>> [r.code for r in reasons(None, [], VerdictConfig(), {"boilerplate": 90.0}, {"mt": {"mt_likelihood": 0.99}})]
['likely-mt']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from detector.config.settings import VerdictConfig
from detector.core.model import VERDICT_RANK, Finding, Reason, Verdict

CATEGORY_CODES = {"language": "wrong-language", "input": "unreadable", "encoding": "unreadable"}
FLOOR_CODES = {"boilerplate": "mostly-residue", "language": "no-language"}


def overall_score(scores: Mapping[str, float], weights: Mapping[str, float]) -> float | None:
    total = sum(weights.get(name, 0.0) for name in scores)
    if total <= 0:
        return None
    return round(sum(weights.get(name, 0.0) * value for name, value in scores.items()) / total, 2)


def doubted(findings: Iterable[Finding], cfg: VerdictConfig) -> frozenset[str]:
    """The dimensions whose score a finding of the document says not to trust (`verdict.doubting_rules`)."""
    return frozenset(cfg.doubting_rules[f.rule_id] for f in findings if f.rule_id in cfg.doubting_rules)


def worst(found: Iterable[Reason]) -> Verdict:
    return max((r.verdict for r in found), key=VERDICT_RANK.__getitem__, default="pass")


def decide(overall: float | None, findings: Iterable[Finding], cfg: VerdictConfig,
           scores: Mapping[str, float] | None = None, doubt: frozenset[str] = frozenset(),
           metrics: Mapping[str, Mapping[str, Any]] | None = None, threshold: float = 0.0) -> Verdict:
    """The verdict alone (see `reasons`)."""
    return worst(reasons(overall, findings, cfg, scores, metrics, threshold, doubt))


def reasons(overall: float | None, findings: Iterable[Finding], cfg: VerdictConfig,
            scores: Mapping[str, float] | None = None, metrics: Mapping[str, Mapping[str, Any]] | None = None,
            threshold: float = 0.0, doubt: frozenset[str] | None = None) -> list[Reason]:
    """Every reason the document is not `pass`, worst first. `findings` under `threshold` (the cleaning threshold)
    are left out; `doubt` (default: from the findings) names dimensions whose floor is not applied."""
    counted = [f for f in findings if f.confidence >= threshold]
    doubt = doubted(counted, cfg) if doubt is None else doubt
    found = [*_finding_reasons(counted, cfg), *_floor_reasons(scores or {}, cfg, doubt)]
    found += _mt_reasons(metrics or {}, cfg)
    found += _removed_reasons(metrics or {}, cfg)
    found += _legacy_reasons(overall, counted, cfg)
    found.sort(key=lambda r: (-VERDICT_RANK[r.verdict], r.code, r.rule_id))
    return found


def _finding_reasons(findings: Sequence[Finding], cfg: VerdictConfig) -> list[Reason]:
    found: list[Reason] = []
    seen: set[tuple[str, str]] = set()
    reject_rules = {r.upper() for r in cfg.reject_rules}
    review_rules = {r.upper() for r in cfg.review_rules}
    for f in findings:
        if f.rule_id in reject_rules:
            reason = Reason("reject", "rule", f.message, f.rule_id)
        elif cfg.reject_on_error and f.severity == "error":
            reason = Reason("reject", CATEGORY_CODES.get(f.category, "error-finding"), f.message, f.rule_id)
        elif f.rule_id in review_rules:
            reason = Reason("review", "rule", f.message, f.rule_id)
        elif (f.suggestion is not None and not f.suggestion.safe
              and f.confidence >= cfg.review_unsafe_confidence and cfg.review_unsafe_confidence < 1.0):
            reason = Reason("review", "unsafe-fix", f"a confident fix needs a look: {f.message}", f.rule_id)
        else:
            continue
        if (reason.code, reason.rule_id) not in seen:  # one reason per rule: the first finding says it
            seen.add((reason.code, reason.rule_id))
            found.append(reason)
    return found


def _floor_reasons(scores: Mapping[str, float], cfg: VerdictConfig, doubt: frozenset[str]) -> list[Reason]:
    found = []
    for name, floor in sorted(cfg.reject_if_below.items()):
        value = scores.get(name)
        if value is not None and value < floor and name not in doubt:
            found.append(Reason("reject", FLOOR_CODES.get(name, f"low-{name}"),
                                f"{name} score {value:g} after cleaning is below its floor {floor:g}"))
    return found


def _mt_reasons(metrics: Mapping[str, Mapping[str, Any]], cfg: VerdictConfig) -> list[Reason]:
    """Likely MT moves the verdict only at the configured likelihood, and never when the scorer abstained (no
    likelihood: a text too short, or not English)."""
    likelihood = (metrics.get("mt") or {}).get("mt_likelihood")
    if likelihood is None or cfg.review_mt_likelihood >= 1.0 or likelihood < cfg.review_mt_likelihood:
        return []
    return [Reason("review", "likely-mt", f"machine-translation likelihood {likelihood:.2f} is at or above "
                                          f"{cfg.review_mt_likelihood:g}")]


def _removed_reasons(metrics: Mapping[str, Mapping[str, Any]], cfg: VerdictConfig) -> list[Reason]:
    """A page clean had to strip of most of its text (`metrics["clean"]["removed_share"]`, set by the pipeline on
    the cleaned document) rejects at `verdict.reject_removed_share`: what is left is seldom the article alone."""
    removed = (metrics.get("clean") or {}).get("removed_share")
    if not removed or cfg.reject_removed_share >= 1.0 or removed < cfg.reject_removed_share:
        return []
    return [Reason("reject", "mostly-removed", f"clean removed {removed:.0%} of the text, at least "
                                               f"{cfg.reject_removed_share:.0%}")]


def _legacy_reasons(overall: float | None, findings: Sequence[Finding], cfg: VerdictConfig) -> list[Reason]:
    """The first verdict's mean thresholds and warning counts, when configured (all off by default)."""
    found = []
    if overall is not None and overall < cfg.reject_below:
        found.append(Reason("reject", "low-overall", f"overall {overall:g} is below {cfg.reject_below:g}"))
    elif overall is not None and overall < cfg.review_below:
        found.append(Reason("review", "low-overall", f"overall {overall:g} is below {cfg.review_below:g}"))
    counts = Counter(f.category for f in findings if f.severity == "warning")
    for category, count in sorted(counts.items()):
        limit = cfg.category_warnings.get(category, cfg.review_on_warnings)
        if limit > 0 and count >= limit:
            found.append(Reason("review", "warnings", f"{count} {category} warning(s), at least {limit:g}"))
    return found
