"""Configuration: one frozen object handed to every scorer, never a global.

The settings' shape and their checks: unknown keys and wrong types are refused with the file and the dotted key,
because a silently ignored typo in a quality gate is worse than a failed run. Where the settings come from (a
`detector.toml` or `pyproject.toml` found upward, `--config`, inline overrides) is `detector.config.sources`.

This module sits at the bottom of the import graph: it parses and type-checks, and knows nothing of the rules and
scorers that exist. Whether a named rule or scorer is real is checked above the scorers, by
`detector.scorers.registry`, whose `load_config` (also `detector.load_config`) is what callers use.

>>> parse_mapping({"verdict": {"review_below": 60}}).verdict.review_below
60.0
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class ConfigError(ValueError):
    """The configuration is invalid; the message names the file and the key."""


@dataclass(frozen=True)
class LanguageConfig:
    """Language identification. `expected` empty means any language is acceptable."""

    seed: int = 0
    expected: tuple[str, ...] = ()
    min_letters: int = 20
    min_letter_share: float = 0.5
    uncertain_below: float = 0.80
    paragraph_min_letters: int = 120
    paragraph_min_probability: float = 0.95


@dataclass(frozen=True)
class ReadabilityConfig:
    long_sentence_words: int = 45
    wall_of_text_words: int = 350
    very_difficult_below: float = 10.0


@dataclass(frozen=True)
class BoilerplateConfig:
    """`min_confidence` is the cleaning threshold: findings at or above it are applied by `detector clean` and
    count towards residue_share. `stats` is a file made by `detector learn` (corpus mode).

    Your own knowledge of your pages: `phrases` adds phrase lists (the `lexicons/` file format; literal or
    `match: regex`, held to the regex guard) to a shipped phrase rule, e.g. `{BP104 = ["our-newsletter.en.tsv"]}`;
    `keep_lines` (and the lines of the file `keep_file`) are lines never removed, compared as whole lines without
    surrounding white space, punctuation or case."""

    min_confidence: float = 0.7
    stats: str = ""
    group_field: str = ""
    repeat_min_pages: int = 3
    phrases: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: types.MappingProxyType({}))
    keep_lines: tuple[str, ...] = ()
    keep_file: str = ""


@dataclass(frozen=True)
class MtConfig:
    """`gazetteer`: a user's file of names (the `lexicons/` gazetteer format) added to the shipped one.
    `likelihood`: a model file refitted by `scripts/train_mt_likelihood.py` (the `lexicons/mt/likelihood.json`
    format) used instead of the shipped one: fitted on your own translations, or with a language pair left out so
    that `detector eval mt` measures the evidence spans on documents the model never saw."""

    gazetteer: str = ""
    likelihood: str = ""


SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True)
class RulesConfig:
    """Which rules report, as ruff selects them: `select` (ids or prefixes such as `BP`, `BP2`, `MT201`; absent:
    every rule) replaces the default set, `extend_select` adds to it, `ignore` (and its older name `disable`) takes
    away; `severity` changes a rule's severity and `min_severity` drops findings below a level.
    `detector.config.selection` resolves them."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=lambda: types.MappingProxyType({}))
    min_severity: str = "info"


MT_REVIEW_AT = 0.978  # measured: see VerdictConfig.review_mt_likelihood


@dataclass(frozen=True)
class VerdictConfig:
    """How a document becomes pass / review / reject: `detector/scorers/verdict.py` says what each setting does and
    the README table gives the mix of verdicts the defaults give on the dev corpora (`detector eval verdict`).

    The verdict is judged on the document as `detector clean` leaves it (`after_clean`), and only findings at or
    above the cleaning threshold (`boilerplate.min_confidence`) can move it: what clean fixes is not held against
    a document, and a weak finding informs without deciding."""

    after_clean: bool = True
    # Dimension floors of the cleaned document: below it, reject (boilerplate: residue clean could not remove;
    # language: no language or several).
    reject_if_below: Mapping[str, float] = field(
        default_factory=lambda: types.MappingProxyType({"boilerplate": 25.0, "language": 25.0}))
    reject_on_error: bool = True  # an `error` finding (unexpected language, a failed scorer) rejects
    reject_rules: tuple[str, ...] = ("BP304",)  # a finding of one of these rejects (BP304: not an article)
    review_rules: tuple[str, ...] = ("BP302",)  # a finding of one of these asks for a person (article not found)
    review_unsafe_confidence: float = 0.9  # an unsafe fix this confident asks for a person (1: never)
    # An MT likelihood at or above this asks for a person (1: never); below it the MT dimension does not move the
    # verdict, and a document the MT scorer did not judge (too short) has no likelihood and no MT reason. The
    # default is measured out of fold on the dev corpora: at least 90% of the judged documents at or above it are
    # machine translations, at most 2% of native English of every register and at most 10% of the documents of any
    # dev MT corpus reach it (`figures.verdict_likelihood` in lexicons/mt/likelihood.json;
    # scripts/train_mt_likelihood.py measures it).
    review_mt_likelihood: float = MT_REVIEW_AT
    # Clean removed at least this share of the document's non-space characters: what is left of a page that was
    # mostly residue is seldom the article alone (NeMo Curator #1718's removal ratio); reject (1: never).
    reject_removed_share: float = 1.0
    # The weighted-mean thresholds and warning counts of the first verdict, kept for configurations that set them:
    # off by default, since a mean of unrelated dimensions and a count of warnings say nothing about an action.
    reject_below: float = 0.0
    review_below: float = 0.0
    review_on_warnings: int = 0
    category_warnings: Mapping[str, float] = field(default_factory=lambda: types.MappingProxyType({}))
    # A finding that says its own dimension's score cannot be trusted (BP302: the article was probably not found, so
    # the boilerplate score measures the wrong block): that dimension's floor is not applied.
    doubting_rules: Mapping[str, str] = field(
        default_factory=lambda: types.MappingProxyType({"BP302": "boilerplate"}))


DEFAULT_MAX_CHARS = 1_000_000  # characters of a document that are scored (IN507 beyond)


@dataclass(frozen=True)
class Config:
    """`scorers` empty means every registered scorer; `weights` overrides a scorer's default weight in the
    overall score."""

    scorers: tuple[str, ...] = ()
    max_chars: int = DEFAULT_MAX_CHARS
    time_budget: float = 60.0  # CPU seconds one scorer may spend on one document (0: no limit); engines/budget.py
    work_budget: float = 2000.0  # characters one scorer may examine per scored character (0: no limit); budget.py
    weights: Mapping[str, float] = field(default_factory=lambda: types.MappingProxyType({}))
    language: LanguageConfig = field(default_factory=LanguageConfig)
    readability: ReadabilityConfig = field(default_factory=ReadabilityConfig)
    boilerplate: BoilerplateConfig = field(default_factory=BoilerplateConfig)
    mt: MtConfig = field(default_factory=MtConfig)
    rules: RulesConfig = field(default_factory=RulesConfig)
    ignore: tuple[str, ...] = ()
    suppressions: str = ""
    verdict: VerdictConfig = field(default_factory=VerdictConfig)


def _coerce(value: Any, annotation: Any, key: str) -> Any:
    """`value` of a TOML table as the dataclass field `annotation` wants it, or a ConfigError naming the dotted key.

    Hand-written rather than `msgspec.convert` on Structs: the messages are part of the interface (the dotted key,
    the known keys of a table, a key given twice as `extend-select` and `extend_select`, severities spelt out), the
    frozen mappings are `MappingProxyType`s every scorer may share, and the table has 40 keys, so a library would
    add an import to every start-up and a translation layer for its errors without removing much code."""
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):  # `X | None`: TOML has no null, so a given value is an X
        (annotation,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        origin = typing.get_origin(annotation)
    if annotation is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"'{key}' must be a number, not {value!r}")
        return float(value)
    if annotation is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"'{key}' must be an integer, not {value!r}")
        return value
    if annotation is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"'{key}' must be true or false, not {value!r}")
        return value
    if annotation is str:
        if not isinstance(value, str):
            raise ConfigError(f"'{key}' must be a string, not {value!r}")
        return value
    if origin is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"'{key}' must be a list of strings, not {value!r}")
        return tuple(value)
    if origin in (Mapping, dict) or annotation is Mapping:
        if typing.get_args(annotation)[1:] == (tuple[str, ...],):
            if not isinstance(value, dict) or not all(
                    isinstance(v, str) or (isinstance(v, list) and all(isinstance(i, str) for i in v))
                    for v in value.values()):
                raise ConfigError(f"'{key}' must map names to a file or a list of files, not {value!r}")
            return types.MappingProxyType({k.upper(): (v,) if isinstance(v, str) else tuple(v)
                                           for k, v in value.items()})
        if typing.get_args(annotation)[1:] == (str,):
            if not isinstance(value, dict) or not all(v in SEVERITIES for v in value.values()):
                raise ConfigError(f"'{key}' must map rule ids to info, warning or error, not {value!r}")
            return types.MappingProxyType({k.upper(): v for k, v in value.items()})
        if not isinstance(value, dict) or not all(isinstance(v, (int, float)) for v in value.values()):
            raise ConfigError(f"'{key}' must be a table of numbers, not {value!r}")
        return types.MappingProxyType({k: float(v) for k, v in value.items()})
    if dataclasses.is_dataclass(annotation):
        if not isinstance(value, dict):
            raise ConfigError(f"'{key}' must be a table, not {value!r}")
        return _build(annotation, value, key + ".")
    raise ConfigError(f"'{key}': unsupported setting type")  # pragma: no cover


def _build(cls: type, data: Mapping[str, Any], prefix: str = "") -> Any:
    """`cls` of a TOML table; `extend-select` is accepted for `extend_select` (ruff spells its keys so)."""
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    names = {key: key.replace("-", "_") for key in data}
    unknown = sorted(key for key, name in names.items() if name not in known)
    if unknown:
        raise ConfigError(f"unknown key '{prefix}{unknown[0]}' (known: {', '.join(sorted(known))})")
    if len(set(names.values())) < len(names):
        twice = sorted(key for key in names if list(names.values()).count(names[key]) > 1)
        raise ConfigError(f"'{prefix}{twice[0]}' is given twice ({' and '.join(repr(k) for k in twice)})")
    values = {names[key]: _coerce(value, hints[names[key]], prefix + key) for key, value in data.items()}
    return cls(**values)


def parse_mapping(data: Mapping[str, Any], where: str = "configuration") -> Config:
    """A Config of `data`, type- and range-checked; rule and scorer names are not checked here (see
    `detector.scorers.registry.config_from_mapping`)."""
    config = type_check(data, where)
    check_ranges(config, where)
    return config


def type_check(data: Mapping[str, Any], where: str) -> Config:
    """A Config of `data` with every key known and every value of its type; ranges unchecked (a partial
    override may be out of range alone and fine once merged)."""
    try:
        return _build(Config, data)  # type: ignore[no-any-return]
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None


RULE_LIKE = re.compile(r"^(ALL|[A-Z]{2}\d{0,3})$")


def check_ranges(config: Config, where: str) -> None:
    """Values each of the right type but together or alone out of range."""
    path_like_rules = [p for p in config.ignore if RULE_LIKE.match(p)]
    if path_like_rules:
        raise ConfigError(f"{where}: top-level 'ignore' lists paths to skip, and '{path_like_rules[0]}' looks like "
                          "a rule: rules go in [rules] ignore (or select, extend-select)")
    if config.rules.min_severity not in SEVERITIES:
        raise ConfigError(f"{where}: 'rules.min_severity' must be info, warning or error, "
                          f"not {config.rules.min_severity!r}")
    if config.max_chars < 1000:
        raise ConfigError(f"{where}: 'max_chars' must be at least 1000")
    negative = sorted(name for name, weight in config.weights.items() if not weight >= 0)
    if negative:
        raise ConfigError(f"{where}: 'weights.{negative[0]}' must be a number >= 0, not {config.weights[negative[0]]}")
    if not config.time_budget >= 0:
        raise ConfigError(f"{where}: 'time_budget' must be >= 0 seconds (0: no limit)")
    if not config.work_budget >= 0:
        raise ConfigError(f"{where}: 'work_budget' must be >= 0 characters per scored character (0: no limit)")
    v = config.verdict
    if not 0 <= v.reject_below <= v.review_below <= 100:
        raise ConfigError(f"{where}: need 0 <= verdict.reject_below <= verdict.review_below <= 100")
    for key in ("review_unsafe_confidence", "review_mt_likelihood", "reject_removed_share"):
        if not 0 <= getattr(v, key) <= 1:
            raise ConfigError(f"{where}: 'verdict.{key}' must lie in [0, 1], not {getattr(v, key)}")
    for name, floor in v.reject_if_below.items():
        if not 0 <= floor <= 100:
            raise ConfigError(f"{where}: 'verdict.reject_if_below.{name}' must lie in [0, 100], not {floor}")


def with_overrides(config: Config, overrides: Mapping[str, Any]) -> Config:
    """A copy of `config` with dotted-key overrides such as `{"readability.wall_of_text_words": 20}`."""
    nested: dict[str, Any] = {}
    for dotted, value in overrides.items():
        head, _, tail = dotted.partition(".")
        if tail:
            nested.setdefault(head, {})[tail] = value
        else:
            nested[head] = value
    result = config
    for key, value in nested.items():
        if isinstance(value, dict):
            section = getattr(result, key)
            section = dataclasses.replace(section, **{k: _coerce(v, typing.get_type_hints(type(section))[k], k)
                                                      for k, v in value.items()})
            result = dataclasses.replace(result, **{key: section})
        else:
            result = dataclasses.replace(result, **{key: _coerce(value, typing.get_type_hints(Config)[key], key)})
    return result
