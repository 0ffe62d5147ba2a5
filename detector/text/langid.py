"""Language identification with langdetect, made deterministic and fast.

langdetect samples n-grams at random, so the same text can get different answers in two runs unless the factory is
seeded; we own a seeded factory instead of touching langdetect's module-level one, so a caller's own use of langdetect
is not changed. `langdetect-rs` is a Rust port that gives bit-identical labels and probabilities (a test checks this
against langdetect) at about 1/30 of the time; langdetect is the fallback when it cannot be imported.

>>> LanguageIdentifier(seed=0).detect("The ministry said the statement was issued on Saturday in Tripoli.").lang
'en'
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from threading import Lock
from typing import Any

UNDETERMINED = "und"
# Tokens that are addresses, not words of a language: URLs, e-mail addresses, file names and the slugs of a URL an
# extractor broke across lines ('8-flos-anastassiades-jewels-after-jewels-Arrangements-01.jpg'). Their letters made
# langdetect read lists of links as Afrikaans (extraction-residue: a page's '[1]: https://...' reference list).
# Each alternative starts at a token boundary, so a pass is linear in the text.
ADDRESS = re.compile(r"(?<!\S)(?:\S*?(?:://|www\.|@)\S*|\S*\.(?:jpe?g|png|gif|webp|svg|pdf|html?|php|aspx?)(?!\w)\S*"
                     r"|\S*?\w(?:-\w+){3,}\S*)")
ADDRESS_HINTS = ("://", "www.", "@", ".jp", ".png", ".gif", ".webp", ".svg", ".pdf", ".htm", ".php", ".asp")


def language_text(text: str) -> str:
    """`text` with URLs, e-mail addresses and file names blanked out (same length), for language identification
    and letter counts; the text itself when it holds none (one C-speed scan per hint).

    >>> language_text("See https://example.com/a-b now")
    'See                           now'
    """
    if not any(hint in text for hint in ADDRESS_HINTS):
        return text
    return ADDRESS.sub(lambda m: " " * len(m.group(0)), text)


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    lang: str
    probability: float
    candidates: tuple[tuple[str, float], ...]


def _factory(seed: int, backend: str) -> Any:
    if backend == "langdetect-rs":
        import langdetect_rs as module  # type: ignore[import-untyped]

        factory = module.DetectorFactory()
        factory.load_profile(module.PROFILES_DIRECTORY)
    else:
        from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

        factory = DetectorFactory()
        factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = seed
    return factory


def available_backend() -> str:
    try:
        import langdetect_rs  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return "langdetect"
    return "langdetect-rs"


MEMO_ENTRIES = 4096  # paragraphs remembered: the cleaning loop scores a page again with most of them unchanged
MEMO_CHARS = 4000  # longer texts are not remembered (a whole document rarely repeats; memory stays bounded)


class LanguageIdentifier:
    """One loaded set of language profiles; `detect` is pure given the seed, so its answers are remembered for
    short texts: the verdict is judged on the document as `clean` leaves it, which scores each paragraph a second
    time, and menus and bylines repeat across the pages of a site."""

    def __init__(self, seed: int = 0, backend: str | None = None) -> None:
        self.seed = seed
        self.backend = backend or available_backend()
        self._factory = _factory(seed, self.backend)
        self._memo: OrderedDict[str, LanguageGuess] = OrderedDict()
        self._lock = Lock()

    def detect(self, text: str) -> LanguageGuess:
        if len(text) > MEMO_CHARS:
            return self._detect(text)
        memo = self._memo
        with self._lock:  # a Dask worker may score on several threads
            guess = memo.get(text)
            if guess is not None:
                memo.move_to_end(text)
                return guess
        guess = self._detect(text)
        with self._lock:
            memo[text] = guess
            if len(memo) > MEMO_ENTRIES:
                memo.popitem(last=False)
        return guess

    def _detect(self, text: str) -> LanguageGuess:
        detector = self._factory.create()
        detector.append(text)
        try:
            ranked = detector.get_probabilities()
        except Exception:  # langdetect raises when the text has no usable features
            return LanguageGuess(UNDETERMINED, 0.0, ())
        if not ranked:
            return LanguageGuess(UNDETERMINED, 0.0, ())
        candidates = tuple((str(c.lang), float(c.prob)) for c in ranked)
        return LanguageGuess(candidates[0][0], candidates[0][1], candidates)


@cache
def shared_identifier(seed: int, backend: str | None = None) -> LanguageIdentifier:
    """Profiles load once per process (about 0.5 s with langdetect), never per document."""
    return LanguageIdentifier(seed, backend)
