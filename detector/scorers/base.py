"""The Scorer protocol; `finding` (from `detector.findings`) turns a rule and a span into a Finding."""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from detector.config import Config
from detector.findings import finding, subcategory_of
from detector.model import Document, ScoreResult
from detector.text import TextView

__all__ = ["Scorer", "finding", "subcategory_of"]


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
