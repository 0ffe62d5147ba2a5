"""The registry: every rule and every scorer, and the check that a configuration names only real ones.

It sits above the scorers and below the pipeline and the command line. `detector.rules` (the Rule type and the
lexicon rule files) and `detector.config` (parsing and type checks) are at the bottom of the import graph and are
imported by the scorers, so they cannot ask the scorers which rules exist without tying every scorer module into one
import circle; this module asks instead, from above. Nothing below it imports it.

>>> get_rule("mt201").name
'mt-eggcorn'
>>> config_from_mapping({"rules": {"disable": ["XX999"]}}, "example.toml")
Traceback (most recent call last):
...
detector.config.ConfigError: example.toml: unknown rule 'XX999' in [rules] (`detector rules` lists them)
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from detector.config import Config, ConfigError, parse_mapping, read_config
from detector.input_rules import INPUT_RULES
from detector.rules import CATEGORIES, Rule, RuleError, lexicon_rules, validate_rule
from detector.scorers import SCORER_CLASSES


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


def check_names(config: Config, where: str) -> Config:
    """`config` if every rule, category and scorer it names exists; else a ConfigError naming `where`."""
    known_rules = load_rules()
    for rule_id in [*config.rules.disable, *config.rules.severity]:
        if rule_id.upper() not in known_rules:
            raise ConfigError(f"{where}: unknown rule '{rule_id}' in [rules] (`detector rules` lists them)")
    for category in config.verdict.category_warnings:
        if category not in CATEGORIES:
            raise ConfigError(f"{where}: unknown category '{category}' in verdict.category_warnings")
    for name in [*config.scorers, *config.weights]:
        if name not in SCORER_CLASSES:
            raise ConfigError(f"{where}: unknown scorer '{name}' (known: {', '.join(SCORER_CLASSES)})")
    return config


def config_from_mapping(data: Mapping[str, Any], where: str = "configuration") -> Config:
    """A checked Config of a mapping with the keys of `[tool.detector]`."""
    return check_names(parse_mapping(data, where), where)


def load_config(path: str | Path | None = None, cwd: str | Path | None = None) -> Config:
    """`path` if given, else `[tool.detector]` of `./pyproject.toml` if present, else the defaults; checked."""
    config, where = read_config(path, cwd)
    return check_names(config, where)


__all__ = ["check_names", "code_rules", "config_from_mapping", "get_rule", "load_config", "load_rules"]
