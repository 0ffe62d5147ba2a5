"""The `detector` command: parses options, calls the library, picks a writer. No logic of its own.

Each command imports the part of the library it runs, inside its function: `detector --help` and `--version`
then load typer alone, and `detector rules` never loads a model (bench/startup.py measures it).
"""

from __future__ import annotations

import enum
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from detector.cli.common import fail as _fail
from detector.cli.common import with_output_name as _named
from detector.cli.corpus import filter_command, restore_command
from detector.cli.eval import eval_app
from detector.cli.exits import NOTE, ExitCode, Terminated, guarded, io_message
from detector.cli.options import (
    ConfigOption,
    ExtendSelectOption,
    GlobOption,
    IdFieldOption,
    IgnoreOption,
    InputFormat,
    IsolatedOption,
    MinSeverityOption,
    RuleOptions,
    SelectOption,
    TextFieldOption,
    check_paths,
    load_pipeline,
)

if TYPE_CHECKING:  # annotations only: each command imports what it runs (see the module docstring)
    from detector.config.settings import Config
    from detector.engines.dask_engine import DaskScan
    from detector.inputs.check import InputTally
    from detector.inputs.readers import ReadOptions
    from detector.reports.baseline import Baseline
    from detector.scorers.boilerplate.corpus import LineStats

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Judge scraped text: scores, verdicts and explained findings with suggested fixes.")


# Scorers whose findings carry fixes; `clean` runs only these.
FIXING_SCORERS = ("boilerplate", "mt")


class Format(str, enum.Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    md = "md"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    concise = "concise"
    parquet = "parquet"


class FailOn(str, enum.Enum):
    review = "review"
    reject = "reject"


class Engine(str, enum.Enum):
    local = "local"
    dask = "dask"


def _print_version(value: bool) -> None:
    if value:
        from detector import __version__

        typer.echo(f"detector {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Judge scraped text: scores, verdicts and explained findings with suggested fixes."""


@app.command()
@guarded
def scan(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or JSONL files; - for stdin.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.jsonl,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write here instead of stdout (--engine "
                                                                     "dask: a folder or URL for the parts).")] = None,
    scorers: Annotated[Optional[str], typer.Option(
        help="Comma-separated scorers to run (default: all but the optional mt-deep).")] = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    min_severity: MinSeverityOption = None,
    statistics: Annotated[bool, typer.Option(help="Print the count of findings per rule (with its name, and [*] "
                                                  "when a safe fix exists) on stdout; the report goes only to "
                                                  "--output.")] = False,
    fail_on: Annotated[Optional[FailOn], typer.Option(help="Exit 1 if a document gets this verdict or worse.")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when --fail-on is reached (report, "
                                                                "never gate).")] = False,
    glob: GlobOption = "*.txt",
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    input_format: Annotated[InputFormat, typer.Option(help="auto: by extension (.jsonl, .parquet; .gz, .zst, .bz2, "
                                                           ".xz by their bytes too).")] = InputFormat.auto,
    with_meta: Annotated[bool, typer.Option(help="Copy the other JSONL fields into each report row.")] = False,
    with_text: Annotated[bool, typer.Option(help="Copy each document's text into its row (for dashboards).")] = False,
    boilerplate_stats: Annotated[Optional[Path], typer.Option(help="Line statistics from `detector learn`.")] = None,
    corpus_mode: Annotated[bool, typer.Option(help="Learn repeated lines from the inputs first.")] = False,
    group_field: Annotated[str, typer.Option(help="Count repeated lines per value of this field (URL: host).")] = "",
    baseline: Annotated[Optional[Path], typer.Option(help="Report and gate only findings new since this.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: every core for inputs "
                                                                  "over 2 MB, else 1; --engine dask: every core)."
                                      )] = 0,
    resume: Annotated[bool, typer.Option(help="Continue an interrupted scan into --output (JSONL).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")] = False,
    engine: Annotated[Engine, typer.Option(help="local: this machine's cores (--jobs); dask: one task per input "
                                                "file on a Dask cluster, a part per file in --output.")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address (tcp://host:8786); default: a "
                                                          "local cluster of --jobs processes.")] = None,
    allow_errors: Annotated[bool, typer.Option(help="Exit 0 even when no record of an input has the text field.")
                            ] = False,
) -> None:
    """Score documents and write one report row per input document."""
    from detector.cli.progress import ScanProgress
    from detector.config.settings import ConfigError
    from detector.core.model import VERDICT_RANK
    from detector.engines.parallel import auto_jobs, run_parallel, run_parallel_rendered
    from detector.engines.pipeline import Pipeline
    from detector.inputs.check import InputTally, unmatched
    from detector.inputs.readers import ReadOptions, read_inputs
    from detector.reports.resume import ResumeMismatch, run_identity
    from detector.reports.sink import ReportSink
    from detector.reports.statistics import render_statistics
    from detector.reports.summary import Stats
    from detector.reports.writers import WriterContext
    from detector.reports.writers.json_writer import JsonlRenderer, JsonlWriter
    from detector.rules.rule import RuleError
    from detector.scorers.registry import load_rules
    from detector.text.lexicons import LexiconError

    if engine is Engine.dask:
        _check_dask_options(paths, output, format, corpus_mode)
    elif scheduler:
        raise _fail("--scheduler needs --engine dask")
    else:
        check_paths(paths)
    if corpus_mode and "-" in paths:
        raise _fail("--corpus-mode reads the input twice; it cannot read standard input")
    try:
        rule_options = RuleOptions(config or [], isolated, select, extend_select or [], ignore or [], min_severity)
        cfg = _configure(rule_options.config_for(paths), scorers, boilerplate_stats, group_field)
        options = ReadOptions(glob=glob, text_field=text_field, id_field=id_field,
                              input_format=input_format.value, ignore=cfg.ignore, max_chars=cfg.max_chars)
        if corpus_mode:
            stats_file = _learn_to_temp(paths, options, cfg)
            cfg = replace(cfg, boilerplate=replace(cfg.boilerplate, stats=str(stats_file)))
        pipeline = Pipeline(cfg)
        known = _load_baseline(baseline) if baseline else None
    except (ConfigError, RuleError, LexiconError, ValueError, OSError) as exc:
        raise _fail(str(exc)) from None
    context = WriterContext(tuple(s.name for s in pipeline.scorers), with_meta, with_text, text_field)
    if engine is Engine.dask:
        from detector.engines.dask_engine import DaskScan
        from detector.engines.plan import make_plan

        assert output is not None
        try:
            plan = make_plan(cfg, options, context, known)
        except OSError as exc:
            raise _fail(f"cannot read {exc.filename}: {exc.strerror}") from None
        raise _scan_on_dask(DaskScan(paths, output, plan, scheduler, jobs, resume), None if exit_zero else fail_on,
                            quiet, statistics)
    sink = ReportSink(format.value, Path(output) if output else None, resume, discard=statistics and not output,
                      identity=run_identity(paths, format.value, context, cfg, options, baseline))
    problem = sink.check() or unmatched(paths, options) or _output_clash(output, paths, options)
    if problem:
        raise _fail(problem)
    stats = Stats()
    started = time.perf_counter()
    progress = ScanProgress(sys.stderr.isatty() and not quiet, paths, options)
    gate = VERDICT_RANK[fail_on.value] if fail_on and not exit_zero else None
    gate_hit = False
    tally = InputTally()
    try:
        items = sink.skip(progress.track(tally.watch(read_inputs(paths, options))))
    except ResumeMismatch as exc:
        progress.close()
        raise _fail(str(exc)) from None
    try:
        writer = sink.open(context)
        workers = jobs or auto_jobs(paths, options)
        if isinstance(writer, JsonlWriter) and known is None:  # the common case: rows rendered by the workers
            for row in run_parallel_rendered(items, cfg, workers, JsonlRenderer(with_meta, with_text),
                                             pipeline=pipeline):
                writer.write_rendered(row)
                stats.add_rendered(row)
                gate_hit = gate_hit or (gate is not None and VERDICT_RANK[row.verdict] >= gate)
                progress.done_documents(stats.documents)
        else:
            for report in run_parallel(items, cfg, workers, pipeline=pipeline):
                if known is not None:
                    report = known.new_only(report, cfg.verdict)
                writer.write(report)
                stats.add(report)
                gate_hit = gate_hit or (gate is not None and VERDICT_RANK[report.verdict] >= gate)
                progress.done_documents(stats.documents)
        writer.close()
    except BaseException as exc:
        progress.close()
        note = sink.abort(interrupted=isinstance(exc, (KeyboardInterrupt, Terminated, OSError)))
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise _fail(io_message(_named(exc, output)) + (f" ({note})" if note else "")) from None
        if note:
            setattr(exc, NOTE, note)
        raise
    progress.close()
    failure = _whole_input_failure(tally, paths, options, allow_errors)
    if failure:
        sink.abort()
        raise _fail(failure)
    sink.commit()
    if statistics:
        typer.echo(render_statistics(stats.rules, load_rules()), nl=False)
    if not quiet:
        typer.echo(stats.render(time.perf_counter() - started), err=True)
    raise typer.Exit(ExitCode.GATE_FAILED if gate_hit else ExitCode.OK)


def _output_clash(output: str | None, paths: list[str], options: ReadOptions) -> str | None:
    from detector.reports.outputs import output_is_input

    if output is None:
        return None
    clash = output_is_input(Path(output), paths, options.glob, options.ignore)
    if clash is None:
        return None
    return f"the output {output} is also an input (through {clash}): it would be read while it is written"


def _whole_input_failure(tally: InputTally, paths: list[str], options: ReadOptions, allow_errors: bool) -> str:
    """Exit-2 reasons that only the whole run shows: no document at all, or an input none of whose records has
    the text field (with `--allow-errors` that one is only said)."""
    if tally.documents == 0:
        return f"nothing to scan: no document in {' '.join(paths)} (--glob '{options.glob}')"
    missing = tally.without_text(options.text_field)
    if not missing:
        return ""
    if allow_errors:
        for line in missing:
            typer.echo(f"detector: {line}", err=True)
        return ""
    return "\n".join([*missing, "(--allow-errors writes the report anyway)"])


def _load_baseline(path: Path) -> Baseline:
    from detector.reports.baseline import Baseline

    return Baseline.load(path)


def _check_dask_options(paths: list[str], output: str | None, format: Format, corpus_mode: bool) -> None:
    """What the Dask engine cannot do, said before a cluster starts."""
    if output is None:
        raise _fail("--engine dask writes one part per input file: give the folder or URL with --output")
    if format is not Format.jsonl:
        raise _fail("--engine dask writes JSONL parts only (--format jsonl); render other formats from them")
    if "-" in paths:
        raise _fail("--engine dask reads files or URLs, not standard input")
    if corpus_mode:
        raise _fail("--engine dask cannot learn in the same run: `detector learn` first, then --boilerplate-stats")


def _scan_on_dask(job: DaskScan, fail_on: FailOn | None, quiet: bool, statistics: bool) -> typer.Exit:
    """Run the scan on Dask workers; the summary and the gate come from the merged statistics."""
    from detector.cli.progress import ScanProgress
    from detector.engines import EngineUnavailable
    from detector.engines.dask_engine import ScanFailed, run_dask_scan
    from detector.engines.output import ResumeMismatch
    from detector.reports.statistics import render_statistics
    from detector.scorers.registry import load_rules

    started = time.perf_counter()
    progress = ScanProgress(sys.stderr.isatty() and not quiet)  # documents only: the workers read the bytes
    try:
        outcome = run_dask_scan(job, progress.done_documents)
    except (EngineUnavailable, ScanFailed, ResumeMismatch, OSError, ValueError, ImportError) as exc:
        return _fail(str(exc))  # ValueError: an unknown URL protocol; ImportError: its fsspec back end is missing
    finally:
        progress.close()
    if statistics:
        typer.echo(render_statistics(outcome.stats.rules, load_rules()), nl=False)
    if not quiet:
        typer.echo(outcome.describe(), err=True)
        typer.echo(outcome.stats.render(time.perf_counter() - started), err=True)
    hit = fail_on is not None and outcome.reached(fail_on.value)
    return typer.Exit(ExitCode.GATE_FAILED if hit else ExitCode.OK)


def _configure(cfg: Config, scorers: str | None, stats: Path | None, group_field: str) -> Config:
    from detector.config.settings import ConfigError
    from detector.scorers.registry import config_from_mapping

    if scorers:
        names = tuple(s.strip() for s in scorers.split(",") if s.strip())
        config_from_mapping({"scorers": list(names)}, "--scorers")
        cfg = replace(cfg, scorers=names)
    if stats is not None:
        if not stats.is_file():
            raise ConfigError(f"--boilerplate-stats: no such file: {stats}")
        cfg = replace(cfg, boilerplate=replace(cfg.boilerplate, stats=str(stats)))
    if group_field:
        cfg = replace(cfg, boilerplate=replace(cfg.boilerplate, group_field=group_field))
    return cfg


def _learn_to_temp(paths: list[str], options: ReadOptions, cfg: Config) -> Path:
    import atexit
    import tempfile

    handle, name = tempfile.mkstemp(suffix=".linestats")
    os.close(handle)
    atexit.register(lambda: Path(name).unlink(missing_ok=True))
    learn_stats(paths, options, cfg.boilerplate.group_field).save(name)
    return Path(name)


def learn_stats(paths: list[str], options: ReadOptions, group_field: str, page_field: str = "page",
                page_field_given: bool = False) -> LineStats:
    """Line statistics of the inputs. A `--page-field` that no document has would silently make every document
    its own page: given explicitly, that is a usage error (exit 2); the default `page` absent is only said."""
    from detector.inputs.readers import read_inputs
    from detector.scorers.boilerplate.corpus import learn

    seen = {"documents": 0, "with_page": 0}
    fields: set[str] = set()

    def documents() -> Iterator[tuple[str, str, dict[str, object]]]:
        for item in read_inputs(paths, options):
            if item.document is None:
                continue
            seen["documents"] += 1
            if page_field in item.document.meta:
                seen["with_page"] += 1
            elif len(fields) < 50:
                fields.update(str(name) for name in item.document.meta)
            yield item.document.id, item.document.text, item.document.meta

    stats = learn(documents(), page_field, group_field)
    if seen["documents"] and not seen["with_page"]:
        listed = ", ".join(sorted(fields)[:12]) or "none"
        message = (f"no document has a field '{page_field}' (their other fields: {listed}): each document counts "
                   "as its own page")
        if page_field_given:
            raise _fail(message + "; pass --page-field with a field they have")
        typer.echo(f"detector: {message}", err=True)
    return stats


@app.command("learn")
@guarded
def learn_command(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or JSONL files to learn from.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the statistics.")],
    page_field: Annotated[Optional[str], typer.Option(help="Count a line once per value of this field "
                                                           "[default: page].")] = None,
    group_field: Annotated[str, typer.Option(help="Count per value of this field (URL: host).")] = "",
    glob: GlobOption = "*.txt",
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
) -> None:
    """Corpus mode, pass one: count on how many pages each line occurs (fixed memory, any corpus size)."""
    from detector.core.atomic import atomic_path
    from detector.inputs.check import unmatched
    from detector.inputs.readers import ReadOptions

    check_paths(paths)
    options = ReadOptions(glob=glob, text_field=text_field, id_field=id_field)
    problem = unmatched(paths, options)
    if problem:
        raise _fail(problem)
    stats = learn_stats(paths, options, group_field, page_field or "page", page_field is not None)
    try:
        with atomic_path(output) as temporary:
            stats.save(temporary)
    except OSError as exc:
        raise _fail(io_message(_named(exc, str(output)))) from None
    typer.echo(f"{stats.documents} documents, {stats.pages} pages -> {output}", err=True)


@app.command("clean")
@guarded
def clean_command(
    paths: Annotated[list[str], typer.Argument(help="Text files, directories or JSONL files to clean.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output file or directory.")] = None,
    diff: Annotated[bool, typer.Option(help="Print a unified diff of each changed document; alone, a check that "
                                            "exits 1 on any change.")] = False,
    min_confidence: Annotated[Optional[float], typer.Option(min=0.0, max=1.0,
                                                            help="Apply findings at or above this (0-1).")] = None,
    in_place: Annotated[bool, typer.Option(help="Rewrite the inputs (a .orig backup is written first).")] = False,
    unsafe: Annotated[bool, typer.Option(help="Also apply fixes marked unsafe.")] = False,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    glob: GlobOption = "*.txt",
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
) -> None:
    """Apply the suggested fixes at or above the confidence threshold; originals stay untouched. --diff alone
    (no --output or --in-place) is a check: exit 1 when anything would change, as `ruff check --diff` does."""
    from detector.clean.files import Cleaner, CleanOptions
    from detector.inputs.readers import ReadOptions
    from detector.reports.outputs import safe_stdout

    check_paths(paths)
    if not (output or in_place or diff):
        raise _fail("say where the result goes: --output, --in-place or --diff")
    if output and in_place:
        raise _fail("--output and --in-place exclude each other")
    rule_options = RuleOptions(config or [], isolated, select, extend_select or [], ignore or [])
    cfg, pipeline = load_pipeline(rule_options, paths, FIXING_SCORERS)
    options = CleanOptions(output, in_place, diff, min_confidence, unsafe,
                           ReadOptions(glob=glob, text_field=text_field, id_field=id_field, ignore=cfg.ignore))
    cleaner = Cleaner(pipeline, options, safe_stdout())
    try:
        cleaner.run(paths)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _fail(io_message(exc)) from None
    for skipped in cleaner.stats.skipped:
        typer.echo(f"skipped {skipped}", err=True)
    typer.echo(cleaner.stats.render(), err=True)
    if diff and not (output or in_place) and cleaner.stats.changed:
        raise typer.Exit(ExitCode.GATE_FAILED)


app.command("filter")(filter_command)
app.command("restore")(restore_command)

baseline_app = typer.Typer(help="Record today's findings so that CI gates only on new ones.",
                           no_args_is_help=True, rich_markup_mode=None)
app.add_typer(baseline_app, name="baseline")


@baseline_app.command("create")
@guarded
def baseline_create(
    paths: Annotated[list[str], typer.Argument(help="What to scan, as for `detector scan`.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the baseline.")],
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    glob: GlobOption = "*.txt",
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
) -> None:
    """Scan and write the fingerprints of every finding (use with `detector scan --baseline`)."""
    from detector.core.atomic import atomic_text
    from detector.inputs.readers import ReadOptions, read_inputs
    from detector.reports.baseline import Baseline

    check_paths(paths)
    cfg, pipeline = load_pipeline(RuleOptions(config or [], isolated, select, extend_select or [], ignore or []),
                                   paths)
    options = ReadOptions(glob=glob, text_field=text_field, id_field=id_field, ignore=cfg.ignore)
    known = Baseline.from_reports(pipeline.run(read_inputs(paths, options)))
    try:
        with atomic_text(output) as stream:
            stream.write(known.dump())
    except OSError as exc:
        raise _fail(io_message(_named(exc, str(output)))) from None
    typer.echo(f"{sum(len(p) for p in known.known.values())} findings in {len(known.known)} documents -> {output}",
               err=True)


app.add_typer(eval_app, name="eval")


@app.command()
@guarded
def dashboard(
    reports: Annotated[list[Path], typer.Argument(help="JSONL reports of `detector scan`, oldest first (several: a "
                                                       "trend; the last fills the document table).",
                                                  exists=True, dir_okay=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("dashboard.html"),
    group_by: Annotated[Optional[list[str]], typer.Option(
        "--group-by", help="Meta field to slice by (repeatable; a URL value groups by its domain). Default: the "
                           "domain of the url/source_url field, else the source folder.")] = None,
    label: Annotated[Optional[list[str]], typer.Option(
        "--label", help="Name of each report in the trend, one per report, in order (default: file names).")] = None,
    detail_limit: Annotated[int, typer.Option(min=0, help="Documents whose text and findings are embedded for the "
                                                         "document view (error rows first, then the lowest overall "
                                                         "score).")] = 1000,
) -> None:
    """Write one self-contained HTML dashboard (works offline) from one or more JSONL reports."""
    from detector.dashboard import ReportError, write_dashboard

    try:
        size = write_dashboard(list(reports), output, detail_limit, group_by or (), label or None)
    except ReportError as exc:
        raise _fail(f"cannot build the dashboard: {exc}") from None
    except OSError as exc:
        raise _fail(f"cannot build the dashboard: {exc.filename or output}: {exc.strerror or exc}") from None
    typer.echo(f"{output}: {size / 1e6:.2f} MB", err=True)


@app.command()
@guarded
def rules(
    format: Annotated[str, typer.Option("--format", "-f", help="table, md (full pages) or json.")] = "table",
) -> None:
    """List every rule."""
    from detector.reports.rule_pages import render_catalogue, rules_table
    from detector.rules.rule import RuleError
    from detector.scorers.registry import load_rules
    from detector.text.lexicons import LexiconError

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
@guarded
def explain(rule_id: Annotated[str, typer.Argument(help="A rule id such as LG102.")]) -> None:
    """Print a rule's documentation: why it matters, an example, the fix."""
    from detector.reports.rule_pages import explain as explain_rule

    try:
        typer.echo(explain_rule(rule_id), nl=False)
    except KeyError:
        raise _fail(f"unknown rule '{rule_id}'; `detector rules` lists them") from None


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
