"""The one helper every scorer uses to turn a rule and a span into a Finding. It sits below the scorers so that
the rule logic they call (`detector.scorers.boilerplate`, `detector.scorers.mt`) can build findings without
importing them."""

from __future__ import annotations

from detector.core.model import Edit, Finding, Span
from detector.rules.rule import Rule
from detector.text.view import TextView


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
