"""Rule selection resolves as ruff's does: specificity, ignore at equal specificity, and the command line's
`select` starting again from nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detector.config.selection import Selection, SelectionError, check, normalise, resolve, specificity
from detector.config.settings import Config, RulesConfig
from detector.scorers.registry import enabled_rules, opt_in_ids, selectable_ids, with_selection

IDS = ["BP101", "BP102", "BP201", "BP202", "IN501", "MT201", "MT202", "MT301", "MT401", "RD301"]


def test_select_replaces_the_default_set_and_ignore_takes_away() -> None:
    assert resolve(IDS, [Selection(select=("MT",))]) == {"MT201", "MT202", "MT301", "MT401"}
    assert resolve(IDS, [Selection(ignore=("MT", "BP1"))]) == {"BP201", "BP202", "IN501", "RD301"}
    assert resolve(IDS, [Selection(select=())]) == frozenset()
    assert resolve(IDS, []) == frozenset(IDS)


def test_the_more_specific_selector_wins_within_a_selection() -> None:
    chosen = resolve(IDS, [Selection(select=("BP",), ignore=("BP2",), extend_select=("BP201",))])
    assert chosen == {"BP101", "BP102", "BP201"}
    assert resolve(IDS, [Selection(select=("BP201",), ignore=("BP",))]) == {"BP201"}


def test_ignore_wins_at_equal_specificity() -> None:
    assert resolve(IDS, [Selection(select=("MT2",), ignore=("MT2",))]) == frozenset()
    assert resolve(IDS, [Selection(select=("ALL",), ignore=("ALL",))]) == frozenset()


def test_a_later_select_resets_and_a_later_adjustment_only_adjusts() -> None:
    config = Selection(select=("BP", "MT"), ignore=("MT401",))
    assert resolve(IDS, [config, Selection(select=("MT",))]) == {"MT201", "MT202", "MT301", "MT401"}
    assert resolve(IDS, [config, Selection(extend_select=("RD",))]) == {"BP101", "BP102", "BP201", "BP202",
                                                                          "MT201", "MT202", "MT301", "RD301"}
    assert resolve(IDS, [config, Selection(ignore=("BP",))]) == {"MT201", "MT202", "MT301"}


def test_an_empty_select_hands_its_ignores_on_as_ruff_does() -> None:
    assert resolve(IDS, [Selection(select=(), ignore=("MT",)), Selection(select=("ALL",))]) == {
        "BP101", "BP102", "BP201", "BP202", "IN501", "RD301"}


@given(st.sampled_from(["BP", "BP1", "BP2", "MT", "MT2", "MT20", "MT201", "IN", "ALL"]))
def test_selecting_one_prefix_selects_exactly_the_ids_it_begins(prefix: str) -> None:
    assert resolve(IDS, [Selection(select=(prefix,))]) == {i for i in IDS if prefix == "ALL" or i.startswith(prefix)}


@given(st.lists(st.sampled_from(["BP", "BP1", "BP2", "MT", "MT2", "MT401", "RD", "ALL"]), max_size=4),
       st.lists(st.sampled_from(["BP", "BP1", "BP2", "MT", "MT2", "MT401", "RD", "ALL"]), max_size=4))
def test_a_rule_is_kept_when_its_most_specific_selector_selects_it(select: list[str], ignore: list[str]) -> None:
    """The rule of ruff's resolution, stated rule by rule: the most specific matching selector decides, and an
    ignore beats a select of the same specificity."""
    chosen = resolve(IDS, [Selection(select=tuple(select), ignore=tuple(ignore))])
    for rule in IDS:
        votes = [(specificity(s), s in ignore, s) for s in {*select, *ignore}
                 if s == "ALL" or rule.startswith(s)]
        expected = bool(votes) and not max(votes)[1]
        assert (rule in chosen) == expected, (rule, votes)


def test_selectors_are_checked() -> None:
    assert normalise(" bp2 ") == "BP2"
    with pytest.raises(SelectionError, match="not a rule selector"):
        normalise("BP-1")
    with pytest.raises(SelectionError, match="--select 'BP9' matches no rule"):
        check(["BP9"], IDS, "--select")


def test_the_registry_applies_the_configured_selection_and_disable() -> None:
    config = Config(rules=RulesConfig(select=("MT",), disable=("MT401",)))
    assert enabled_rules(config) == {r for r in selectable_ids() if r.startswith("MT") and r != "MT401"} - opt_in_ids()


def test_the_command_line_selection_is_resolved_into_the_config_for_every_worker() -> None:
    config = Config(rules=RulesConfig(ignore=("MT4",)))
    cli = with_selection(config, select=["MT"], ignore=["MT3"])
    assert cli.rules.select is not None and cli.rules.ignore == () and cli.rules.disable == ()
    assert enabled_rules(cli) == {r for r in selectable_ids() if r.startswith("MT") and not r.startswith("MT3")
                                  } - opt_in_ids()
    assert with_selection(config, min_severity="warning").rules == RulesConfig(ignore=("MT4",),
                                                                               min_severity="warning")
    with pytest.raises(SelectionError, match="--ignore 'XY' matches no rule"):
        with_selection(config, ignore=["XY"])


def test_an_opt_in_rule_is_selected_only_by_its_full_id() -> None:
    """MT501 and MT302 are off by default (issue 23); `ALL` and prefixes leave them out, their ids select them, and
    an ignore of the id at the same level wins as for any rule."""
    assert {"MT501", "MT302"} <= opt_in_ids()
    assert not opt_in_ids() & enabled_rules(Config())
    assert not opt_in_ids() & enabled_rules(Config(rules=RulesConfig(select=("ALL",))))
    assert "MT501" in enabled_rules(Config(rules=RulesConfig(extend_select=("MT501",))))
    assert "MT501" in enabled_rules(with_selection(Config(), select=["MT", "MT501"]))
    assert "MT501" not in enabled_rules(with_selection(Config(), extend_select=["MT501"], ignore=["MT501"]))
