"""Rules: what can be reported, each documented the way a ruff rule page is.

A rule is data: an id that never changes meaning, a kebab-case name, a kind, a default severity and the documentation
`detector explain` prints. Lexicon-backed rules come from `lexicons/<category>/rules.toml` (parsed here); rules whose
logic is code (readability, language, input) declare a `Rule` constant in their module. This module is at the bottom
of the import graph, imported by those modules, so it cannot list them: `detector.scorers.registry.load_rules()`, above
the scorers, merges both and refuses duplicate ids, so an id can never silently mean two things.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from types import MappingProxyType
from typing import Any

from detector.text.lexicons import LexiconError, lexicon_root

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ID_PATTERN = re.compile(r"^(BP|MT|RD|LG|IN|EN)\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CATEGORIES = ("language", "readability", "boilerplate", "mt-artifact", "encoding", "input")
SEVERITIES = ("info", "warning", "error")
DIRECTORY_CATEGORY = {"mt": "mt-artifact"}  # lexicons/<dir> whose rules belong to another category name
DOC_FIELDS = ("title", "rationale", "example", "fixed_example", "fix", "known_problems", "source")


@dataclass(frozen=True, slots=True)
class Rule:
    """One reportable problem and its documentation.

    `kind` is how the rule finds things: `existence`/`substitution`/`line` (lexicon rules), `metric` and `detector`
    (code in a scorer), or `input` (raised by the readers before scoring). `example_config` lets a document-level
    rule prove itself on a short example (for example a lower word limit for `wall-of-text`).
    """

    id: str
    name: str
    category: str
    kind: str
    severity: str
    confidence: float
    message: str
    title: str
    rationale: str
    example: str
    fixed_example: str
    fix: str
    fix_safety: str
    known_problems: str
    source: str
    lexicon: str = ""
    context: str = ""  # "" or "before-capitalised": the match must be followed by a capitalised word
    removed: bool = False
    opt_in: bool = False  # off by default: reported only when selected by its full id (`detector.config.selection`)
    example_config: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def format_message(self, **values: object) -> str:
        """Fill `{match}`, `{replacement}` and friends; unknown placeholders are left as written."""
        try:
            return self.message.format(**values)
        except (KeyError, IndexError, ValueError):
            return self.message


class RuleError(ValueError):
    """A rule declaration is invalid; the message names the file or module and the rule."""


def validate_rule(rule: Rule, where: str) -> None:
    """Refuse undocumented or malformed rules at load time rather than in a user's report."""
    if not ID_PATTERN.match(rule.id):
        raise RuleError(f"{where}: rule id '{rule.id}' is not a category prefix plus three digits")
    if not NAME_PATTERN.match(rule.name):
        raise RuleError(f"{where}: rule {rule.id} name '{rule.name}' is not kebab-case")
    if rule.category not in CATEGORIES:
        raise RuleError(f"{where}: rule {rule.id} category '{rule.category}' is not one of {CATEGORIES}")
    if rule.severity not in SEVERITIES:
        raise RuleError(f"{where}: rule {rule.id} severity '{rule.severity}' is not one of {SEVERITIES}")
    if rule.fix_safety not in ("safe", "unsafe", "none"):
        raise RuleError(f"{where}: rule {rule.id} fix_safety must be safe, unsafe or none")
    if rule.context not in ("", "before-capitalised"):
        raise RuleError(f"{where}: rule {rule.id} context must be '' or 'before-capitalised'")
    if not 0.0 <= rule.confidence <= 1.0:
        raise RuleError(f"{where}: rule {rule.id} confidence must lie in [0, 1]")
    for name in ("message", *DOC_FIELDS):
        if not str(getattr(rule, name)).strip():
            raise RuleError(f"{where}: rule {rule.id} has an empty '{name}'")


def _rules_from_toml(category_dir: str) -> list[Rule]:
    path = lexicon_root() / category_dir / "rules.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: {exc}") from None
    known = {f.name for f in fields(Rule)}
    rules = []
    for number, block in enumerate(data.get("rule", []), start=1):
        unknown = set(block) - known
        if unknown:
            raise RuleError(f"{path}: rule block {number} has unknown keys {sorted(unknown)}")
        block = dict(block)
        block.setdefault("category", DIRECTORY_CATEGORY.get(category_dir, category_dir))
        if "lexicon" in block:
            block["lexicon"] = f"{category_dir}/{block['lexicon']}"  # relative to lexicons/
        block.setdefault("example_config", {})
        block["example_config"] = MappingProxyType(dict(block["example_config"]))
        try:
            rule = Rule(**block)
        except TypeError as exc:
            raise RuleError(f"{path}: rule block {number}: {exc}") from None
        if not rule.lexicon:
            raise RuleError(f"{path}: rule {rule.id} names no lexicon")
        validate_rule(rule, str(path))
        rules.append(rule)
    return rules


@cache
def lexicon_rules() -> tuple[Rule, ...]:
    """Rules declared in `lexicons/*/rules.toml`, read once per process (the registry and each scorer ask)."""
    root = lexicon_root()
    rules: list[Rule] = []
    for toml_path in sorted(root.glob("*/rules.toml")):
        rules.extend(_rules_from_toml(toml_path.parent.name))
    return tuple(rules)


__all__ = ["LexiconError", "Rule", "RuleError", "lexicon_rules", "validate_rule"]
