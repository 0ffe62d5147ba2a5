"""What every MT detector returns: a located, explained piece of evidence with an optional replacement."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from detector.core.model import Span
from detector.rules.rule import Rule
from detector.text.lexicons import load_lexicon

# The optional deep-mode scorer's name. A scan that runs it gets its word pointers (MT601) instead of the evidence
# sentences' (MT501): on both MQM dev files MT601 points at errors more often (news 0.624 against 0.444, TED 0.235
# against 0.200), and reporting both doubles the pointers with the weaker one (`detector eval mt --deep`).
DEEP_SCORER = "mt-deep"
SOURCE = "artifact-detector machine-translation rules; precision measured on the MQM dev files"


@dataclass(frozen=True, slots=True)
class MtCandidate:
    rule: Rule
    span: Span
    confidence: float
    message: str
    replacement: str | None = None  # None: flag only
    severity: str | None = None  # None: the rule's severity
    fix_safety: str | None = None  # None: the rule's fix_safety; a rule whose fixes differ sets it per candidate

    @property
    def safe(self) -> bool:
        """Whether `detector clean` may apply the replacement without `--unsafe`."""
        return (self.fix_safety or self.rule.fix_safety) == "safe"


def mt_rule(id: str, name: str, message: str, title: str, rationale: str, example: str, fixed: str, fix: str,
            known: str, confidence: float, severity: str = "warning", safety: str = "unsafe",
            kind: str = "detector", source: str = SOURCE, removed: bool = False, opt_in: bool = False) -> Rule:
    return Rule(id=id, name=name, category="mt-artifact", kind=kind, severity=severity, confidence=confidence,
                message=message, title=title, rationale=rationale, example=example, fixed_example=fixed, fix=fix,
                fix_safety=safety, known_problems=known, source=source, removed=removed, opt_in=opt_in)


@cache
def closed_class_words() -> frozenset[str]:
    """English closed-class words (`lexicons/mt/closed_class.en.tsv`), lower case."""
    return frozenset(entry.pattern.casefold() for entry in load_lexicon("mt/closed_class.en.tsv").entries)


FUNCTION_WORDS = closed_class_words()
