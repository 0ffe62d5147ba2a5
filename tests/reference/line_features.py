"""A boilerplate line's own-shape, case and symbol features as `scorers/boilerplate/line_features.py` computed them
in Python from the line's core, before `_native.line_shapes` counted them."""

from __future__ import annotations

import math

from detector.scorers.boilerplate.line_features import CODE_CHARS, NUMERIC_CHARS
from detector.text.view import WORD


def case_shares(text: str) -> tuple[float, float]:
    alpha = [t for t in WORD.findall(text) if t[0].isalpha()]
    if not alpha:
        return 0.0, 0.0
    upper = sum(t[0].isupper() for t in alpha)
    lower = sum(t[0].islower() for t in alpha)
    return upper / len(alpha), lower / len(alpha)


def own(core: str, words: int, share: float, ends: bool, running: bool, case: tuple[float, float]) -> list[float]:
    visible = len(core) or 1
    title_case, lower = case
    letters = sum(map(str.isalpha, core))
    digits = sum(map(str.isdigit, core))
    capitals = letters >= 3 and not any(map(str.islower, core)) and all(ch.isupper() for ch in core if ch.isalpha())
    return [float(words <= 5), math.log1p(words), math.log1p(len(core)), float(ends), max(0.0, share),
            float(running), float(words <= 3), title_case, lower, letters / visible, digits / visible,
            float(capitals)]


def symbols(core: str) -> list[float]:
    visible = len(core) or 1
    return [sum(map(CODE_CHARS.__contains__, core)) / visible, sum(map(NUMERIC_CHARS.__contains__, core)) / visible]
