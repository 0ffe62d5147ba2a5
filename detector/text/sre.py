"""Python's own regex parser and its constants, under the names each Python release gives them (`re._parser` and
`re._constants` from 3.11, `sre_parse` and `sre_constants` before): the lexicon loader, the regex guard, the
native engine's translator and the literal and first-character readers all read a pattern as `re` itself does, so
that what they conclude about it holds for what `re` runs."""

from __future__ import annotations

try:  # Python >= 3.11
    import re._constants as sre_constants  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

__all__ = ["sre_constants", "sre_parse"]
