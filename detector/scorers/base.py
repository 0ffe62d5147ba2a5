"""The Scorer protocol, and `RuleScorer`, the rule bookkeeping every scorer shares; `finding` (from
`detector.rules.findings`) turns a rule and a span into a Finding."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

from detector.config.settings import Config
from detector.core.model import Document, ScoreResult
from detector.rules.findings import finding, subcategory_of
from detector.rules.rule import Rule
from detector.text.view import TextView

__all__ = ["RuleScorer", "Scorer", "finding", "subcategory_of"]


@runtime_checkable
class Scorer(Protocol):
    """One quality dimension. Pure: no I/O, no shared mutable state, no unseeded randomness; everything it needs
    (lexicons, models) is loaded when it is built, and everything about the document comes from the view."""

    name: ClassVar[str]
    version: ClassVar[str]
    default_weight: ClassVar[float]

    @property
    def rules(self) -> tuple[str, ...]: ...

    def score(self, document: Document, view: TextView, config: Config) -> ScoreResult: ...

    @classmethod
    def build(cls, config: Config) -> Scorer: ...


class RuleScorer:
    """What every scorer does the same way: the ids it may emit are its code rules (`CODE_RULES`, declared beside
    the code that raises them) and the lexicon rules it loaded (`lexicon_rules`, empty for a scorer without data
    files); the registry reads `code_rules()` without building the scorer. `build` makes one from the
    configuration: a scorer that loads resources overrides it."""

    CODE_RULES: ClassVar[tuple[Rule, ...]] = ()
    lexicon_rules: Sequence[Any] = ()

    @classmethod
    def build(cls, config: Config) -> Any:
        return cls()

    @classmethod
    def code_rules(cls) -> tuple[Rule, ...]:
        return cls.CODE_RULES

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.code_rules()) + tuple(lr.rule.id for lr in self.lexicon_rules)
