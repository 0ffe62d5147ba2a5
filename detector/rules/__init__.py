"""What can be reported: the Rule type, rules declared in `lexicons/*/rules.toml`, rule kinds and findings.

Job: `rule` (the Rule type, documented the way a ruff rule page is, and the lexicon rules read from data),
`kinds` (the code behind lexicon rules: `existence` and `substitution`), `findings` (the one helper that turns a
rule and a span into a Finding). A new lexicon rule is a TSV file and a TOML block, never a change here.

May import: `core`, `config`, `text`. The scorers import this package; it never imports them (the registry of
every rule lives above them, in `scorers.registry`).
"""

from __future__ import annotations

from detector.core.moved import forward

__getattr__ = forward("detector.rules.rule")  # Rule, RuleError, ... as the former `detector.rules` module gave them
