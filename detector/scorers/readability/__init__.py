"""Readability: how hard the text is to read, and what a reader trips over.

`scorer` is the Scorer; `formulas` computes textstat's formulas from one counting pass; `textstat_adapter` is the
one place that talks to textstat. May import what `scorers` may.
"""

from __future__ import annotations

from detector.core.moved import forward

__getattr__ = forward("detector.scorers.readability.scorer")
