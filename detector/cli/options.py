"""The options and settings every command that scores shares: input fields, where the configuration comes from,
which rules report, and the checks that turn a bad configuration or path into a usage error (exit 2)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from detector.cli.common import fail

if TYPE_CHECKING:
    from detector.config.settings import Config
    from detector.engines.pipeline import Pipeline

GlobOption = Annotated[str, typer.Option(help="File pattern inside directories.")]
TextFieldOption = Annotated[str, typer.Option(help="JSONL field holding the text.")]
IdFieldOption = Annotated[str, typer.Option(help="JSONL field holding the document id.")]


class InputFormat(str, enum.Enum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    parquet = "parquet"


class DropAt(str, enum.Enum):
    review = "review"
    reject = "reject"


class Severity(str, enum.Enum):
    info = "info"
    warning = "warning"
    error = "error"


ConfigOption = Annotated[Optional[list[str]], typer.Option(
    "--config", help="A TOML file to use instead of the one found (detector.toml or pyproject.toml [tool.detector] "
                     "at or above the first input), or a 'KEY = VALUE' setting on top; repeatable.")]
IsolatedOption = Annotated[bool, typer.Option("--isolated", help="Ignore every config file.")]
SelectOption = Annotated[Optional[list[str]], typer.Option(
    "--select", help="Rules to report, by id or prefix (BP, BP2, MT201, ALL), comma-separated; replaces the "
                     "configured selection.")]
ExtendSelectOption = Annotated[Optional[list[str]], typer.Option(
    "--extend-select", help="Rules to add to the selection (ids or prefixes).")]
IgnoreOption = Annotated[Optional[list[str]], typer.Option(
    "--ignore", help="Rules to leave out (ids or prefixes); the more specific of --select and --ignore wins.")]
MinSeverityOption = Annotated[Optional[Severity], typer.Option(
    "--min-severity", help="Drop findings below this severity (after [rules] severity).")]


@dataclass(frozen=True)
class RuleOptions:
    """The options every scoring command shares: where the settings come from, and which rules report."""

    config: list[str] = field(default_factory=list)
    isolated: bool = False
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    min_severity: Severity | None = None

    def config_for(self, paths: list[str]) -> Config:
        """The checked settings, found from the first input path (the working directory for stdin or a URL)."""
        from detector.scorers.registry import command_line_config, with_selection

        start = paths[0] if paths and paths[0] != "-" and "://" not in paths[0] else None
        cfg = command_line_config(self.config, self.isolated, start)
        return with_selection(cfg, split_list(self.select) if self.select is not None else None,
                              split_list(self.extend_select), split_list(self.ignore),
                              self.min_severity.value if self.min_severity else None)


def split_list(values: list[str]) -> list[str]:
    """`--select BP,MT2 --select RD` -> [BP, MT2, RD], as ruff takes its lists."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def load_pipeline(rule_options: RuleOptions, paths: list[str],
                   scorers: tuple[str, ...] | None = None) -> tuple[Config, Pipeline]:
    """The configuration and a Pipeline of it (of `scorers` only, if given); a bad config or lexicon is a usage
    error (exit 2), never a traceback."""
    from detector.config.settings import ConfigError
    from detector.engines.pipeline import Pipeline
    from detector.rules.rule import RuleError
    from detector.text.lexicons import LexiconError

    try:
        cfg = rule_options.config_for(paths)
        check_named_files(cfg)
        return cfg, Pipeline(replace(cfg, scorers=scorers) if scorers is not None else cfg)
    except (ConfigError, RuleError, LexiconError, ValueError) as exc:
        raise fail(str(exc)) from None
    except OSError as exc:  # a file the configuration names (suppressions, gazetteer, statistics) is missing
        raise fail(f"cannot read {exc.filename or 'a file the configuration names'}: {exc.strerror or exc}"
                    ) from None


def check_named_files(cfg: Config) -> None:
    """Every file the configuration names must exist, whichever scorers this command runs: a typo in a
    suppressions path must not pass silently in `clean` and fail later in `scan`."""
    from detector.config.settings import ConfigError
    from detector.config.sources import FILE_SETTINGS

    for key in FILE_SETTINGS:
        value = reduce(getattr, key.split("."), cfg)
        if value and not Path(value).is_file():
            raise ConfigError(f"'{key}' names {value}, which is not a readable file")
    for rule_id, files in cfg.boilerplate.phrases.items():
        for name in files:
            if not Path(name).is_file():
                raise ConfigError(f"'boilerplate.phrases.{rule_id}' names {name}, which is not a readable file")


def check_paths(paths: list[str]) -> None:
    from detector.inputs.remote import has_glob, is_url

    for path in paths:
        if path != "-" and not is_url(path) and not has_glob(path) and not Path(path).exists():
            raise fail(f"no such file or directory: {path}")
