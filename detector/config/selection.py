"""Which rules report: ruff's selection, resolved over rule ids.

A selector is a rule id (`MT201`), a prefix of one (`BP`, `BP2`, `MT20`) or `ALL`. A selection has `select` (when
given, it replaces everything decided before), `extend_select` (adds) and `ignore` (takes away). Selections are
applied in order of priority, the configuration file first and the command line last, exactly as ruff resolves
`[lint]` and its flags:

- within one selection, the more specific selector wins (`--select BP --ignore BP2 --extend-select BP201` keeps
  BP1xx and BP201 only), and at equal specificity `ignore` wins;
- a later `select` starts again from nothing, so `--select MT` on the command line overrides the file's `ignore`
  too; a later selection without `select` only adjusts the set it inherits.

The default set, before any selection, is every rule not marked removed or opt-in. An opt-in rule (a span
finding that did not beat a trivial baseline, or that native writers trigger as often as engines) is selected only
by its full id (`--extend-select MT501`): `ALL` and prefixes leave it out, as ruff leaves preview rules out.

>>> ids = ["BP101", "BP102", "BP201", "MT201", "MT401"]
>>> sorted(resolve(ids, [Selection(select=("BP",), ignore=("BP2",)), Selection(extend_select=("MT4",))]))
['BP101', 'BP102', 'MT401']
>>> sorted(resolve(ids, [Selection(ignore=("MT401",)), Selection(select=("MT",))]))
['MT201', 'MT401']
>>> sorted(resolve(ids, [Selection(select=("MT",))], opt_in=frozenset({"MT401"})))
['MT201']
>>> sorted(resolve(ids, [Selection(select=("MT", "MT401"))], opt_in=frozenset({"MT401"})))
['MT201', 'MT401']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from detector.config.settings import RulesConfig

SELECTOR = re.compile(r"^(ALL|[A-Z]{2}\d{0,3})$")
FULL_ID = re.compile(r"^[A-Z]{2}\d{3}$")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class SelectionError(ValueError):
    """A selector that is malformed or matches no rule."""


@dataclass(frozen=True)
class Selection:
    """One source's choice of rules (the config file, or the command line). `select=None`: not given."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def selectors(self) -> tuple[str, ...]:
        return (*(self.select or ()), *self.extend_select, *self.ignore)


def settings_selection(rules: RulesConfig) -> Selection:
    """The configuration's layer of the selection; `disable` is an older name for `ignore`."""
    return Selection(rules.select, rules.extend_select, (*rules.ignore, *rules.disable))


def opted_in(rule_id: str, rules: RulesConfig) -> bool:
    """Whether the settings select the opt-in rule `rule_id` (by its full id): a scorer asks before it does the work
    of a rule that is off by default.

    >>> from detector.config.settings import RulesConfig
    >>> opted_in("MT501", RulesConfig()), opted_in("MT501", RulesConfig(extend_select=("MT501",)))
    (False, True)
    """
    return bool(resolve([rule_id], [settings_selection(rules)], frozenset({rule_id})))


def normalise(selector: str) -> str:
    """`bp2` -> `BP2`; a SelectionError for anything that is not a rule id, a prefix of one or ALL."""
    text = selector.strip().upper()
    if not SELECTOR.match(text):
        raise SelectionError(f"'{selector}' is not a rule selector (a rule id such as MT201, a prefix such as BP "
                             "or BP2, or ALL)")
    return text


def specificity(selector: str) -> int:
    """ALL < a category (`BP`) < a prefix with one digit (`BP2`) < ... < a whole id (`BP201`)."""
    return 0 if selector == "ALL" else len(selector) - 1


def matching(selector: str, rule_ids: Iterable[str], opt_in: frozenset[str] = frozenset()) -> list[str]:
    """The ids a selector names; an opt-in id only by its full id."""
    return [r for r in rule_ids if (selector == "ALL" or r.startswith(selector)) and (r not in opt_in or r == selector)]


def check(selectors: Iterable[str], rule_ids: Sequence[str], where: str) -> None:
    """A SelectionError naming `where` for a selector that matches no rule: a typo must not select nothing."""
    for selector in selectors:
        try:
            text = normalise(selector)
        except SelectionError as exc:
            raise SelectionError(f"{where} {exc}") from None
        if not matching(text, rule_ids):
            what = f"unknown rule '{selector}'" if FULL_ID.match(text) else f"'{selector}' matches no rule"
            raise SelectionError(f"{where} {what} (`detector rules` lists them)")


def resolve(rule_ids: Sequence[str], selections: Sequence[Selection],
            opt_in: frozenset[str] = frozenset()) -> frozenset[str]:
    """The selected ids of `rule_ids` after `selections`, lowest priority first; the default set is `rule_ids`
    without the `opt_in` ones, which only their full id selects."""
    enabled = set(rule_ids) - opt_in
    carried_ignore: tuple[str, ...] = ()
    for selection in selections:
        updates: dict[str, bool] = {}
        chosen = [normalise(s) for s in (*(selection.select or ()), *selection.extend_select)]
        ignored = [normalise(s) for s in (*selection.ignore, *carried_ignore)]
        for level in range(6):
            for selector in (s for s in chosen if specificity(s) == level):
                updates.update(dict.fromkeys(matching(selector, rule_ids, opt_in), True))
            for selector in (s for s in ignored if specificity(s) == level):
                updates.update(dict.fromkeys(matching(selector, rule_ids), False))
        carried_ignore = ()
        if selection.select is not None:
            enabled = {rule for rule, on in updates.items() if on}
            if not selection.select and not selection.extend_select:
                carried_ignore = selection.ignore  # as in ruff: `select = []` hands its ignores on
        else:
            enabled |= {rule for rule, on in updates.items() if on}
            enabled -= {rule for rule, on in updates.items() if not on}
    return frozenset(enabled)


def at_least(severity: str, minimum: str) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[minimum]
