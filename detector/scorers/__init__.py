"""The scorer registry: the one place that lists the dimensions `--scorers` can select."""

from __future__ import annotations

from detector.config import Config
from detector.mt.deep import MtDeepScorer
from detector.scorers.base import Scorer, finding
from detector.scorers.boilerplate import BoilerplateScorer
from detector.scorers.language import LanguageScorer
from detector.scorers.mt import MtScorer
from detector.scorers.readability import ReadabilityScorer

SCORER_CLASSES: dict[str, type] = {
    LanguageScorer.name: LanguageScorer,
    ReadabilityScorer.name: ReadabilityScorer,
    BoilerplateScorer.name: BoilerplateScorer,
    MtScorer.name: MtScorer,
    MtDeepScorer.name: MtDeepScorer,  # not run unless named: an optional install (detector/mt/deep.py)
}

__all__ = ["SCORER_CLASSES", "Scorer", "build_scorers", "finding"]


def build_scorers(config: Config | None = None) -> list[Scorer]:
    """Instances of the configured scorers (all when none are named), in registry order so output never depends
    on the order of `--scorers`; each loads its resources once here. A scorer marked `default = False` (deep mode)
    runs only when named."""
    config = config or Config()
    defaults = {name for name, cls in SCORER_CLASSES.items() if getattr(cls, "default", True)}
    wanted = set(config.scorers) if config.scorers else defaults
    unknown = wanted - set(SCORER_CLASSES)
    if unknown:
        raise ValueError(f"unknown scorer(s): {', '.join(sorted(unknown))} (known: {', '.join(SCORER_CLASSES)})")
    return [cls.build(config) for name, cls in SCORER_CLASSES.items() if name in wanted]
