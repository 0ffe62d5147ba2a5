"""The Scorer protocol and the one helper every scorer uses to turn a rule and a span into a Finding."""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from detector.config import Config
from detector.model import Document, Edit, Finding, ScoreResult, Span
from detector.rules import Rule
from detector.text import TextView


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


def finding(
    rule: Rule,
    view: TextView,
    span: Span | None,
    message: str | None = None,
    *,
    confidence: float | None = None,
    severity: str | None = None,
    suggestion: Edit | None = None,
) -> Finding:
    """A Finding whose quote is read from the text, so `quote == text[span]` holds by construction."""
    return Finding(
        rule_id=rule.id,
        category=rule.category,
        severity=severity or rule.severity,  # type: ignore[arg-type]
        confidence=round(rule.confidence if confidence is None else confidence, 3),
        span=span,
        quote=view.quote(span) if span is not None else "",
        message=message or rule.message,
        suggestion=suggestion,
        subcategory=subcategory_of(rule),
    )


def subcategory_of(rule: Rule) -> str:
    """The kind of problem within the category, from the rule's name: `bp-navigation-ui` -> `navigation-ui`."""
    head, _, tail = rule.name.partition("-")
    return tail if head in ("bp", "mt") and tail else rule.name
