"""The `detector` command: parses options, calls the library, picks a writer. No logic of its own."""

from __future__ import annotations

import enum
import json
import sys
import time
from dataclasses import fields, replace
from pathlib import Path
from typing import Annotated, Optional, TextIO

import typer

from detector.config import ConfigError, load_config
from detector.explain import explain as explain_rule
from detector.explain import render_catalogue, rules_table
from detector.lexicons import LexiconError
from detector.model import VERDICT_RANK
from detector.pipeline import Pipeline
from detector.readers import ReadOptions, read_inputs
from detector.rules import RuleError, load_rules
from detector.summary import Stats
from detector.writers import WriterContext, make_writer

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Judge scraped text: scores, verdicts and explained findings with suggested fixes.")


class ExitCode(enum.IntEnum):
    OK = 0
    GATE_FAILED = 1  # --fail-on was given and a document met it
    USAGE = 2  # bad options, unreadable config, missing path


class Format(str, enum.Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    md = "md"


class FailOn(str, enum.Enum):
    review = "review"
    reject = "reject"


class InputFormat(str, enum.Enum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"detector: {message}", err=True)
    return typer.Exit(ExitCode.USAGE)


class _Progress:
    """A one-line counter on stderr, only when a person is watching."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.start = self.last = time.perf_counter()

    def tick(self, count: int) -> None:
        now = time.perf_counter()
        if self.enabled and now - self.last > 0.25:
            self.last = now
            sys.stderr.write(f"\r{count} documents, {count / (now - self.start):.1f} docs/s")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")


@app.command()
def scan(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or JSONL files; - for stdin.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.jsonl,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    scorers: Annotated[Optional[str], typer.Option(help="Comma-separated scorers to run (default: all).")] = None,
    config: Annotated[Optional[Path], typer.Option(help="TOML config (default: ./pyproject.toml).")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option(help="Exit 1 if a document gets this verdict or worse.")] = None,
    glob: Annotated[str, typer.Option(help="File pattern inside directories.")] = "*.txt",
    text_field: Annotated[str, typer.Option(help="JSONL field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field holding the document id.")] = "id",
    input_format: Annotated[InputFormat, typer.Option(help="auto: by extension.")] = InputFormat.auto,
    with_meta: Annotated[bool, typer.Option(help="Copy the other JSONL fields into each report row.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")] = False,
) -> None:
    """Score documents and write one report row per input document."""
    for path in paths:
        if path != "-" and not Path(path).exists():
            raise _fail(f"no such file or directory: {path}")
    try:
        cfg = load_config(config)
        if scorers:
            from detector.config import config_from_mapping

            names = tuple(s.strip() for s in scorers.split(",") if s.strip())
            config_from_mapping({"scorers": list(names)}, "--scorers")
            cfg = replace(cfg, scorers=names)
        pipeline = Pipeline(cfg)
    except (ConfigError, RuleError, LexiconError, ValueError) as exc:
        raise _fail(str(exc)) from None
    options = ReadOptions(glob=glob, text_field=text_field, id_field=id_field, input_format=input_format.value)
    context = WriterContext(tuple(s.name for s in pipeline.scorers), with_meta)
    out: TextIO
    try:
        out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror}") from None
    stats = Stats()
    progress = _Progress(sys.stderr.isatty() and not quiet)
    gate = VERDICT_RANK[fail_on.value] if fail_on else None
    gate_hit = False
    try:
        writer = make_writer(format.value, out, context)
        for report in pipeline.run(read_inputs(paths, options)):
            writer.write(report)
            stats.add(report)
            gate_hit = gate_hit or (gate is not None and VERDICT_RANK[report.verdict] >= gate)
            progress.tick(stats.documents)
        writer.close()
    finally:
        if output:
            out.close()
    progress.done()
    if not quiet:
        typer.echo(stats.render(time.perf_counter() - progress.start), err=True)
    raise typer.Exit(ExitCode.GATE_FAILED if gate_hit else ExitCode.OK)


@app.command()
def rules(
    format: Annotated[str, typer.Option("--format", "-f", help="table, md (full pages) or json.")] = "table",
) -> None:
    """List every rule."""
    try:
        registry = load_rules()
    except (RuleError, LexiconError) as exc:
        raise _fail(str(exc)) from None
    if format == "table":
        typer.echo(rules_table(registry.values()), nl=False)
    elif format == "md":
        typer.echo(render_catalogue(), nl=False)
    elif format == "json":
        rows = [{f.name: getattr(rule, f.name) for f in fields(rule) if f.name != "example_config"}
                for rule in registry.values()]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        raise _fail(f"unknown format '{format}' (table, md, json)")


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="A rule id such as LG102.")]) -> None:
    """Print a rule's documentation: why it matters, an example, the fix."""
    try:
        typer.echo(explain_rule(rule_id), nl=False)
    except KeyError:
        raise _fail(f"unknown rule '{rule_id}'; `detector rules` lists them") from None


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
