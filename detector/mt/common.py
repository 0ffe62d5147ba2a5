"""What every MT detector returns: a located, explained piece of evidence with an optional replacement."""

from __future__ import annotations

from dataclasses import dataclass

from detector.model import Span
from detector.rules import Rule

SOURCE = "artifact-detector machine-translation rules; precision measured on the MQM dev files"


@dataclass(frozen=True, slots=True)
class MtCandidate:
    rule: Rule
    span: Span
    confidence: float
    message: str
    replacement: str | None = None  # None: flag only
    severity: str | None = None  # None: the rule's severity


def mt_rule(id: str, name: str, message: str, title: str, rationale: str, example: str, fixed: str, fix: str,
            known: str, confidence: float, severity: str = "warning", safety: str = "unsafe",
            kind: str = "detector", source: str = SOURCE) -> Rule:
    return Rule(id=id, name=name, category="mt-artifact", kind=kind, severity=severity, confidence=confidence,
                message=message, title=title, rationale=rationale, example=example, fixed_example=fixed, fix=fix,
                fix_safety=safety, known_problems=known, source=source)
