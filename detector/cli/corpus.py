"""The commands that rewrite whole corpora: `detector filter` (kept and dropped documents in the input's own
format) and `detector restore` (undo the last clean). Registered on the typer app by `detector.cli.app`; like every
command they import the library inside their function, so `detector --help` stays light."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from detector.cli.common import fail as _fail
from detector.cli.common import with_output_name as _named
from detector.cli.exits import guarded, io_message
from detector.cli.options import (
    ConfigOption,
    DropAt,
    ExtendSelectOption,
    GlobOption,
    IdFieldOption,
    IgnoreOption,
    InputFormat,
    IsolatedOption,
    RuleOptions,
    SelectOption,
    TextFieldOption,
    check_paths,
    load_pipeline,
)


@guarded
def filter_command(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive), JSONL (.gz, .zst, ...), "
                                                    "Parquet files or saved datasets.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for kept/, dropped/ and summary.json.")],
    drop: Annotated[DropAt, typer.Option(help="Drop documents with this verdict or worse.")] = DropAt.reject,
    resume: Annotated[bool, typer.Option(help="Continue an interrupted run into the same --output (finished "
                                              "input files are skipped).")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: every core).")] = 0,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    glob: GlobOption = "*.txt",
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    input_format: Annotated[InputFormat, typer.Option(help="auto: by extension and magic bytes."
                                                      )] = InputFormat.auto,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")] = False,
) -> None:
    """Write the kept documents (cleaned) and the dropped ones (with every reason) in the input's own format and
    compression, one output file per input file, and a summary of counts by reason."""
    from detector.clean.filter import FilterError, FilterOptions, describe, dropping, run_filter
    from detector.clean.rewrite import Rewrite
    from detector.core.extras import MissingExtra
    from detector.inputs.check import unmatched
    from detector.inputs.readers import ReadOptions

    check_paths(paths)
    if "-" in paths:
        raise _fail("filter writes a file per input file: name files or folders, not standard input")
    rule_options = RuleOptions(config or [], isolated, select, extend_select or [], ignore or [])
    cfg, pipeline = load_pipeline(rule_options, paths)
    options = ReadOptions(glob=glob, text_field=text_field, id_field=id_field, input_format=input_format.value,
                          ignore=cfg.ignore)
    problem = unmatched(paths, options)
    if problem:
        raise _fail(problem)
    rewrite = Rewrite(pipeline, options, keep=dropping(drop.value), jobs=jobs or os.cpu_count() or 1)
    try:
        counts, unreadable = run_filter(paths, FilterOptions(output, drop.value, resume), rewrite, glob, cfg.ignore)
    except (FilterError, MissingExtra) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(io_message(_named(exc, str(output)))) from None
    for line in unreadable:
        typer.echo(f"detector: cannot read {line}", err=True)
    if not quiet:
        typer.echo(describe(counts, drop.value) + f" -> {output}", err=True)


@guarded
def restore_command(
    paths: Annotated[list[str], typer.Argument(help="Cleaned files: JSONL (.gz, .zst, ...), Parquet, saved datasets "
                                                    "or text files cleaned in place.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output file or directory (records).")
                      ] = None,
    in_place: Annotated[bool, typer.Option(help="Rewrite the inputs; a text file gets its last .orig backup back."
                                           )] = False,
    glob: GlobOption = "*.txt",
    text_field: TextFieldOption = "text",
    input_format: Annotated[InputFormat, typer.Option(help="auto: by extension and magic bytes.")] = InputFormat.auto,
) -> None:
    """Undo the last clean of each record (from its detector_removed edit log) or of each text file (from its
    backup)."""
    from detector.clean.recordio import format_of
    from detector.clean.restore import RestoreStats, restore_file, restore_text_file
    from detector.core.extras import MissingExtra
    from detector.inputs.readers import ReadOptions
    from detector.inputs.walk import walk

    check_paths(paths)
    if bool(output) == in_place:
        raise _fail("say where the result goes: --output or --in-place (one of them)")
    options = ReadOptions(glob=glob, text_field=text_field, input_format=input_format.value)
    stats = RestoreStats()
    several = len(paths) > 1 or any(Path(p).is_dir() and not (Path(p) / "state.json").exists()
                                    and not (Path(p) / "dataset_dict.json").exists() for p in paths)
    try:
        for path in paths:
            root = Path(path)
            for entry in walk(path, glob):
                if entry.problem:
                    stats.skipped.append(f"{entry.display}: {entry.problem}")
                    continue
                fmt = format_of(entry.path, options)
                if fmt.kind == "text":
                    if in_place:
                        restore_text_file(entry.path, stats)
                    else:
                        stats.skipped.append(f"{entry.display}: a text file is restored --in-place, from its backup")
                    continue
                relative = entry.path.relative_to(root) if root.is_dir() and entry.path != root else Path(
                    entry.path.name)
                target = entry.path if in_place else (output / relative if several or (output and output.is_dir())
                                                      else output)
                assert target is not None
                restore_file(entry.path, entry.display, target, options, stats)
    except MissingExtra as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(io_message(exc)) from None
    for skipped in stats.skipped:
        typer.echo(f"skipped {skipped}", err=True)
    typer.echo(stats.render(), err=True)
