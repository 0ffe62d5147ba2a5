"""Baselines match a finding by its rule and its own line's text (issue 24): editing another line that a finding
reaches into (a long sentence running over a menu) no longer makes an untouched line's finding new, while the
edited line's own findings are new; baselines written before keep matching."""

from __future__ import annotations

from detector import scan
from detector.config.settings import VerdictConfig
from detector.reports.baseline import Baseline
from detector.reports.locations import fingerprints

LINES = [
    "Follow us on social media for the latest stories about local politics and business and sport and the arts "
    "and culture",
    "Trending now across the region with weather warnings and traffic updates and school closures and council "
    "decisions",
    "Read more about the housing market and the cost of living and what it means for families in the county this "
    "winter.",
    "",
    "The council met on Tuesday to discuss the new budget. Members agreed, after a long debate, to fund two schools "
    "and a library.",
]


def test_an_untouched_lines_finding_stays_known_after_an_edit_elsewhere() -> None:
    before = next(scan(["\n".join(LINES)]))
    edited = list(LINES)
    edited[1] = edited[1].replace("council decisions", "county council decisions")
    after = next(scan(["\n".join(edited)]))
    sentence = [f for f in after.findings if f.rule_id == "RD301"]
    assert sentence and sentence[0].quote.startswith(LINES[0][:40])  # starts on line 1, runs over line 2
    assert "county council" in sentence[0].quote
    new = Baseline.from_reports([before]).new_only(after, VerdictConfig())
    assert "RD301" not in {f.rule_id for f in new.findings}
    assert new.findings and all(f.quote in edited[1] for f in new.findings)  # only the edited line's own


def test_a_baseline_of_the_earlier_fingerprints_still_matches() -> None:
    from detector.reports.locations import legacy_fingerprint

    report = next(scan(["\n".join(LINES)]))
    old = Baseline({report.id: set(fingerprints(report, legacy_fingerprint))})
    assert old.new_only(report, VerdictConfig()).findings == ()
