"""Boilerplate residue: the pieces of a web page that an extractor kept around the article.

`scorer` is the Scorer; the other modules are its detectors: `prose` and `article` (where the article is and what
may never be deleted), `lines` and `line_features` (per-line facts), `line_model` (the trained residue model),
`patterns`, `shape`, `mojibake` and `corpus` (evidence of several kinds), `candidates` and `decide` (from evidence
to findings). May import what `scorers` may.
"""

from __future__ import annotations

from detector.core.moved import forward

__getattr__ = forward("detector.scorers.boilerplate.scorer")
