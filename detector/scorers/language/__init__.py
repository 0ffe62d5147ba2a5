"""Language: which language a document is in, how sure we are, and whether parts of it are in another one.

`scorer` is the Scorer (language identification itself is shared: `text.langid`). May import what `scorers` may.
"""

from __future__ import annotations

from detector.core.moved import forward

__getattr__ = forward("detector.scorers.language.scorer")
