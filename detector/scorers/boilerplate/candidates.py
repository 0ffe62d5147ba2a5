"""A Candidate is one piece of evidence that some text is residue, before the scorer decides per line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from detector.core.model import Span
from detector.rules.rule import Rule


@dataclass(frozen=True, slots=True)
class Candidate:
    """`line` is set when the whole line is residue (the fix deletes the line); otherwise `span` is the residue
    inside a line and `replacement` its fix ("" deletes, None means flag only)."""

    rule: Rule
    span: Span
    confidence: float
    message: str | Callable[[], str]  # a callable is asked only if this candidate becomes the finding
    line: int | None = None
    replacement: str | None = ""
    safe: bool | None = None  # None: the rule's fix_safety decides

    @property
    def text(self) -> str:
        return self.message if isinstance(self.message, str) else self.message()

    @property
    def fix_is_safe(self) -> bool:
        return self.rule.fix_safety == "safe" if self.safe is None else self.safe
