"""Scorers: one package per quality dimension, each turning a document's TextView into scores and findings.

Job: judge a document. `base` holds the Scorer protocol; `boilerplate/`, `mt/`, `readability/` and `language/`
each hold one dimension (its `scorer.py` is the Scorer, the other modules its detectors and models); `verdict`
turns the dimension scores into a verdict; `registry` lists every scorer and every rule and checks a configuration
against them.

May import: `core`, `config`, `text`, `rules` (and `inputs.rules`, the input rules the registry lists). Never the
readers, reports, engines or the command line: a scorer is a pure function of the document, its view and the
resources it was built with.
"""

from __future__ import annotations

from detector.core.moved import forward

__getattr__ = forward("detector.scorers.registry", "detector.scorers.base")  # SCORER_CLASSES, build_scorers, Scorer
