"""Where the settings come from, found the way ruff finds its own.

1. `--config FILE` (at most one file): that file, and no search.
2. Otherwise, unless `--isolated`: the closest `detector.toml`, or `pyproject.toml` holding a `[tool.detector]`
   table, in the directory of the first input path or any directory above it (in one directory `detector.toml`
   wins; a `pyproject.toml` without the table is passed over, so a project's own pyproject does not hide the
   settings above it). Running from a subdirectory of a project therefore finds the project's settings.
3. Otherwise the defaults.

Then every `--config 'KEY = VALUE'` (a TOML line with the keys of a `detector.toml`, such as
`--config "verdict.review_below = 50"`), in the order given, on top of whichever of these was chosen. File settings
(`suppressions`, `boilerplate.stats`, `mt.gazetteer`, `mt.likelihood`) written relative in a file are relative to
that file's directory, as in ruff; in an inline override, to the working directory.

>>> parse_override("verdict.review_below = 50")
{'verdict': {'review_below': 50}}
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from detector.config.settings import Config, ConfigError, check_ranges, type_check

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = ("detector.toml", "pyproject.toml")
# Settings that name a file; relative paths in a config file are taken from the file's directory.
FILE_SETTINGS = ("boilerplate.stats", "boilerplate.keep_file", "mt.gazetteer", "mt.likelihood", "suppressions")
FILE_LIST_SETTINGS = ("boilerplate.phrases",)  # tables whose values are files or lists of files


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _table(path: Path, data: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    """The detector settings of a parsed file and how messages name them; None for a pyproject without them."""
    if path.name == "pyproject.toml" or "tool" in data:
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "detector" not in tool:
            return None
        if not isinstance(tool["detector"], dict):
            raise ConfigError(f"{path}: 'tool.detector' must be a table")
        return tool["detector"], f"{path} [tool.detector]"
    return data, str(path)


def find_config(start: str | Path) -> Path | None:
    """The closest settings file at or above `start` (a file's own directory, or a directory), or None."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file() and _table(candidate, _load_toml(candidate)) is not None:
                return candidate
    return None


def parse_override(text: str) -> dict[str, Any]:
    """One `--config 'KEY = VALUE'` as a nested table; a ConfigError saying what a valid one looks like."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"--config '{text}': neither a file nor a TOML 'KEY = VALUE' setting ({exc}); "
                          "for example --config 'verdict.review_below = 50'") from None
    if not data:
        raise ConfigError(f"--config '{text}': no setting")
    return data


def is_override(text: str) -> bool:
    """A `--config` value is an inline setting when it holds `=` and names no existing file (ruff's test)."""
    return "=" in text and not Path(text).is_file()


def _merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        merged[key] = _merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return merged


def _relative_to(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """A file's table with its relative file settings taken from `folder`, the file's directory."""
    result = dict(data)
    for setting in FILE_LIST_SETTINGS:
        head, _, key = setting.rpartition(".")
        table = result.get(head)
        value = table.get(key) if isinstance(table, dict) else None
        if isinstance(value, dict):
            def absolute(name: object) -> object:
                if isinstance(name, str) and name and not Path(name).is_absolute():
                    return os.path.normpath(folder / name)
                return name

            resolved = {k: [absolute(v) for v in items] if isinstance(items, list) else absolute(items)
                        for k, items in value.items()}
            result[head] = {**table, key: resolved}  # type: ignore[dict-item]
    for setting in FILE_SETTINGS:
        head, _, key = setting.rpartition(".")
        table = result.get(head) if head else result
        value = table.get(key) if isinstance(table, dict) else None
        if isinstance(value, str) and value and not Path(value).is_absolute():
            table = dict(table)  # type: ignore[arg-type]
            table[key] = os.path.normpath(folder / value)
            if head:
                result[head] = table
            else:
                result = table
    return result


def read_config(path: str | Path | None = None, cwd: str | Path | None = None) -> tuple[Config, str]:
    """The settings of `path`, or of the closest settings file at or above `cwd` (default: the working
    directory), or the defaults; and how messages name where they came from. Type- and range-checked only."""
    return resolve_config([str(path)] if path is not None else [], start=cwd)


def resolve_config(config_args: Sequence[str] = (), isolated: bool = False,
                   start: str | Path | None = None) -> tuple[Config, str]:
    """The settings the command line asks for (see the module docstring): `config_args` are the `--config`
    values, `start` the first input path (default: the working directory)."""
    files = [a for a in config_args if not is_override(a)]
    overrides = [a for a in config_args if is_override(a)]
    if len(files) > 1:
        raise ConfigError(f"--config names {len(files)} files ({', '.join(files)}); give one, and settings as "
                          "--config 'KEY = VALUE'")
    if files and isolated:
        raise ConfigError(f"--config {files[0]} cannot be used with --isolated, which ignores every config file")
    if files:
        path, explicit = Path(files[0]), True
    else:
        found = None if isolated else find_config(start if start is not None else os.getcwd())
        path, explicit = found, False
    data: dict[str, Any] = {}
    where = "defaults"
    if path is not None:
        table = _table(path, _load_toml(path))
        if table is None and explicit:
            table = ({}, f"{path} [tool.detector]")
        if table is not None:
            data, where = table
            data = _relative_to(data, path.resolve().parent)
    for text in overrides:
        extra = parse_override(text)
        type_check(extra, f"--config '{text}'")
        data = _merge(data, extra)
    if overrides:
        where = f"{where} with --config {', '.join(repr(o) for o in overrides)}"
    config = type_check(data, where)
    check_ranges(config, where)
    return config, where
