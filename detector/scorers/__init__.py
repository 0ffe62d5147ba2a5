"""The scorer registry: the one place that lists the dimensions `--scorers` can select."""

from __future__ import annotations

from detector.scorers.base import Scorer, finding
from detector.scorers.language import LanguageScorer
from detector.scorers.readability import ReadabilityScorer

SCORER_CLASSES: dict[str, type] = {
    LanguageScorer.name: LanguageScorer,
    ReadabilityScorer.name: ReadabilityScorer,
}

__all__ = ["SCORER_CLASSES", "Scorer", "build_scorers", "finding"]


def build_scorers(names: tuple[str, ...] = ()) -> list[Scorer]:
    """Instances of the named scorers (all when empty), in registry order so output never depends on CLI order."""
    wanted = set(names) if names else set(SCORER_CLASSES)
    unknown = wanted - set(SCORER_CLASSES)
    if unknown:
        raise ValueError(f"unknown scorer(s): {', '.join(sorted(unknown))} (known: {', '.join(SCORER_CLASSES)})")
    return [cls() for name, cls in SCORER_CLASSES.items() if name in wanted]
