"""Configuration: one frozen object handed to every scorer, never a global.

Read from `[tool.detector]` in `pyproject.toml` (found in the working directory) or from a `--config` TOML file
(top-level keys, or a pyproject with `[tool.detector]`). Unknown keys and wrong types are refused with the file and
the dotted key, because a silently ignored typo in a quality gate is worse than a failed run.

This module sits at the bottom of the import graph: it parses and type-checks, and knows nothing of the rules and
scorers that exist. Whether a named rule or scorer is real is checked one level up, by `detector.registry`, whose
`load_config` (also `detector.load_config`) is what callers use.

>>> parse_mapping({"verdict": {"review_below": 60}}).verdict.review_below
60.0
"""

from __future__ import annotations

import dataclasses
import os
import sys
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


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
    count towards residue_share. `stats` is a file made by `detector learn` (corpus mode)."""

    min_confidence: float = 0.7
    stats: str = ""
    group_field: str = ""
    repeat_min_pages: int = 3


@dataclass(frozen=True)
class MtConfig:
    """`gazetteer`: a user's file of names (the `lexicons/` gazetteer format) added to the shipped one."""

    gazetteer: str = ""


@dataclass(frozen=True)
class RulesConfig:
    """Turn rules off, or change a rule's severity (`info`, `warning`, `error`)."""

    disable: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=lambda: types.MappingProxyType({}))


@dataclass(frozen=True)
class VerdictConfig:
    """How scores and findings become pass / review / reject (documented in the README). `category_warnings`
    overrides `review_on_warnings` for one category, e.g. `{"mt-artifact" = 1, "boilerplate" = 3}`."""

    reject_below: float = 40.0
    review_below: float = 65.0
    reject_on_error: bool = True
    review_on_warnings: int = 1
    category_warnings: Mapping[str, float] = field(default_factory=lambda: types.MappingProxyType({}))


@dataclass(frozen=True)
class Config:
    """`scorers` empty means every registered scorer; `weights` overrides a scorer's default weight in the
    overall score."""

    scorers: tuple[str, ...] = ()
    max_chars: int = 1_000_000
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
        if typing.get_args(annotation)[1:] == (str,):
            if not isinstance(value, dict) or not all(v in ("info", "warning", "error") for v in value.values()):
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
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"unknown key '{prefix}{unknown[0]}' (known: {', '.join(sorted(known))})")
    values = {name: _coerce(value, hints[name], prefix + name) for name, value in data.items()}
    return cls(**values)


def parse_mapping(data: Mapping[str, Any], where: str = "configuration") -> Config:
    """A Config of `data`, type- and range-checked; rule and scorer names are not checked here (see
    `detector.registry.config_from_mapping`)."""
    try:
        config = _build(Config, data)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    _check_ranges(config, where)
    return config


def _check_ranges(config: Config, where: str) -> None:
    if config.max_chars < 1000:
        raise ConfigError(f"{where}: 'max_chars' must be at least 1000")
    v = config.verdict
    if not 0 <= v.reject_below <= v.review_below <= 100:
        raise ConfigError(f"{where}: need 0 <= verdict.reject_below <= verdict.review_below <= 100")


def read_config(path: str | Path | None = None, cwd: str | Path | None = None) -> tuple[Config, str]:
    """The Config of `path` if given, else of `[tool.detector]` in `./pyproject.toml` if present, else the defaults;
    and where it came from (for messages). Parsed and type-checked only."""
    if path is None:
        candidate = Path(cwd or os.getcwd()) / "pyproject.toml"
        if not candidate.is_file():
            return Config(), "defaults"
        path, explicit = candidate, False
    else:
        explicit = True
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name == "pyproject.toml" or "tool" in data:
        data = data.get("tool", {}).get("detector", {})
        if not data and not explicit:
            return Config(), "defaults"
        where = f"{path} [tool.detector]"
    else:
        where = str(path)
    return parse_mapping(data, where), where


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
