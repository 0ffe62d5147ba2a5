"""Machine-translation artifacts in monolingual English text: what a translation engine broke.

`scorer` is the Scorer; the other modules are its detectors (`names`, `ngrams`, `punctuation`, `dashes`,
`fragments`), the document likelihood (`features`, `likelihood`, `evidence`), `resolve` (overlaps) and `deep`
(the optional language-model mode). May import what `scorers` may.
"""

from __future__ import annotations

from detector.core.moved import forward

__getattr__ = forward("detector.scorers.mt.scorer")
