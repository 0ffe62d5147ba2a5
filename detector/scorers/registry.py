"""The registry: every scorer and every rule, and the check that a configuration names only real ones.

`SCORER_CLASSES` is the one place that lists the dimensions `--scorers` can select.

It sits above the scorers and below the pipeline and the command line. `detector.rules.rule` (the Rule type and the
lexicon rule files) and `detector.config.settings` (parsing and type checks) are at the bottom of the import graph
and are imported by the scorers, so they cannot ask the scorers which rules exist without tying every scorer module
into one import circle; this module asks instead, from above. Nothing below it imports it.

>>> get_rule("mt201").name
'mt-eggcorn'
>>> config_from_mapping({"rules": {"disable": ["XX999"]}}, "example.toml")
Traceback (most recent call last):
...
detector.config.settings.ConfigError: example.toml: [rules] unknown rule 'XX999' (`detector rules` lists them)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from detector.config.selection import Selection, SelectionError, check, resolve, settings_selection
from detector.config.settings import Config, ConfigError, parse_mapping
from detector.config.sources import read_config, resolve_config
from detector.inputs.rules import INPUT_RULES
from detector.rules.rule import CATEGORIES, Rule, RuleError, lexicon_rules, validate_rule
from detector.scorers.base import Scorer
from detector.scorers.boilerplate.scorer import BoilerplateScorer
from detector.scorers.language.scorer import LanguageScorer
from detector.scorers.mt.deep import MtDeepScorer
from detector.scorers.mt.scorer import MtScorer
from detector.scorers.readability.scorer import ReadabilityScorer

SCORER_CLASSES: dict[str, type] = {
    LanguageScorer.name: LanguageScorer,
    ReadabilityScorer.name: ReadabilityScorer,
    BoilerplateScorer.name: BoilerplateScorer,
    MtScorer.name: MtScorer,
    MtDeepScorer.name: MtDeepScorer,  # not run unless named: an optional install (detector/scorers/mt/deep.py)
}

def build_scorers(config: Config | None = None) -> list[Scorer]:
    """Instances of the configured scorers (all when none are named), in registry order so output never depends
    on the order of `--scorers`; each loads its resources once here. A scorer marked `default = False` (deep mode)
    runs only when named."""
    config = config or Config()
    defaults = {name for name, cls in SCORER_CLASSES.items() if getattr(cls, "default", True)}
    wanted = set(config.scorers) if config.scorers else defaults
    unknown = wanted - set(SCORER_CLASSES)
    if unknown:
        raise ValueError(f"unknown scorer(s): {', '.join(sorted(unknown))} (known: {', '.join(SCORER_CLASSES)})")
    return [cls.build(config) for name, cls in SCORER_CLASSES.items() if name in wanted]


def code_rules() -> list[Rule]:
    """Rules declared as constants beside the code that raises them: the readers' and every scorer's."""
    rules = list(INPUT_RULES)
    for scorer_class in SCORER_CLASSES.values():
        rules.extend(scorer_class.code_rules())
    return rules


@cache
def load_rules() -> Mapping[str, Rule]:
    """Every rule by id, sorted by id. Raises RuleError or LexiconError on a bad declaration."""
    registry: dict[str, Rule] = {}
    for rule in [*code_rules(), *lexicon_rules()]:
        validate_rule(rule, rule.lexicon or "code")
        if rule.id in registry:
            raise RuleError(f"rule id {rule.id} is declared twice ({registry[rule.id].name}, {rule.name})")
        registry[rule.id] = rule
    return MappingProxyType(dict(sorted(registry.items())))


def get_rule(rule_id: str) -> Rule:
    """The rule of an id in any case; KeyError for an unknown one."""
    rules = load_rules()
    if rule_id.upper() not in rules:
        raise KeyError(rule_id)
    return rules[rule_id.upper()]


def selectable_ids() -> list[str]:
    """Every rule a selection may name: every rule not retired."""
    return [rule.id for rule in load_rules().values() if not rule.removed]


@cache
def opt_in_ids() -> frozenset[str]:
    """Rules off by default, selected only by their full id (`Rule.opt_in`)."""
    return frozenset(rule.id for rule in load_rules().values() if rule.opt_in and not rule.removed)


def check_names(config: Config, where: str) -> Config:
    """`config` if every rule, selector, category and scorer it names exists; else a ConfigError naming `where`."""
    known_rules = load_rules()
    for rule_id in config.rules.severity:
        if rule_id.upper() not in known_rules:
            raise ConfigError(f"{where}: unknown rule '{rule_id}' in [rules] (`detector rules` lists them)")
    try:
        check(config_selection(config).selectors(), selectable_ids(), f"{where}: [rules]")
    except SelectionError as exc:
        raise ConfigError(str(exc)) from None
    for rule_id in config.boilerplate.phrases:
        rule = known_rules.get(rule_id.upper())
        if rule is None or rule.category != "boilerplate" or not rule.lexicon:
            raise ConfigError(f"{where}: 'boilerplate.phrases.{rule_id}': phrases extend a boilerplate phrase rule "
                              "(BP101-BP112, `detector rules` lists them)")
    for key in ("reject_rules", "review_rules"):
        for rule_id in getattr(config.verdict, key):
            if rule_id.upper() not in known_rules:
                raise ConfigError(f"{where}: unknown rule '{rule_id}' in verdict.{key} (`detector rules` lists them)")
    for category in config.verdict.category_warnings:
        if category not in CATEGORIES:
            raise ConfigError(f"{where}: unknown category '{category}' in verdict.category_warnings")
    for name in [*config.scorers, *config.weights, *config.verdict.reject_if_below]:
        if name not in SCORER_CLASSES:
            raise ConfigError(f"{where}: unknown scorer '{name}' (known: {', '.join(SCORER_CLASSES)})")
    return config


def config_selection(config: Config) -> Selection:
    """The configuration file's layer of the selection; `disable` is an older name for `ignore`."""
    return settings_selection(config.rules)


def enabled_rules(config: Config) -> frozenset[str]:
    """The ids whose findings a Pipeline of `config` reports."""
    return resolve(selectable_ids(), [config_selection(config)], opt_in_ids())


def with_selection(config: Config, select: Sequence[str] | None = None, extend_select: Sequence[str] = (),
                   ignore: Sequence[str] = (), min_severity: str | None = None) -> Config:
    """`config` with the command line's selection applied on top of its own (ruff's priority: see
    `detector.config.selection`), resolved to the list of ids it selects, so that every worker sees the same rules."""
    ids = selectable_ids()
    for flag, selectors in (("--select", select or ()), ("--extend-select", extend_select), ("--ignore", ignore)):
        check(selectors, ids, flag)
    cli = Selection(tuple(select) if select is not None else None, tuple(extend_select), tuple(ignore))
    rules = config.rules
    if select is not None or extend_select or ignore:
        chosen = resolve(ids, [config_selection(config), cli], opt_in_ids())
        rules = replace(rules, select=tuple(sorted(chosen)), extend_select=(), ignore=(), disable=())
    if min_severity is not None:
        rules = replace(rules, min_severity=min_severity)
    return replace(config, rules=rules)


def config_from_mapping(data: Mapping[str, Any], where: str = "configuration") -> Config:
    """A checked Config of a mapping with the keys of `[tool.detector]`."""
    return check_names(parse_mapping(data, where), where)


def load_config(path: str | Path | None = None, cwd: str | Path | None = None) -> Config:
    """The settings of `path` if given, else of the closest `detector.toml` or `pyproject.toml [tool.detector]`
    at or above `cwd` (default: the working directory), else the defaults; checked.

    >>> load_config(cwd="/").scorers  # nothing configured above the root: every scorer
    ()
    """
    config, where = read_config(path, cwd)
    return check_names(config, where)


def command_line_config(config_args: Sequence[str] = (), isolated: bool = False,
                        start: str | Path | None = None) -> Config:
    """The checked settings of `--config` values and `--isolated`, found from `start` (see
    `detector.config.sources`)."""
    config, where = resolve_config(config_args, isolated, start)
    return check_names(config, where)


__all__ = ["check_names", "code_rules", "command_line_config", "config_from_mapping", "enabled_rules", "get_rule",
           "load_config", "load_rules", "with_selection"]
