"""`detector eval`: accuracy on labelled corpora. Like the other commands it imports what it runs inside its
function, so `detector --help` loads none of the evaluators."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from detector.cli.common import fail
from detector.cli.exits import guarded
from detector.cli.options import ExtendSelectOption, split_list

if TYPE_CHECKING:
    from detector.evaluation.record_shape import Shape

eval_app = typer.Typer(help="Measure accuracy on labelled corpora.", no_args_is_help=True, rich_markup_mode=None)


@eval_app.command("boilerplate")
@guarded
def eval_boilerplate(
    files: Annotated[list[Path], typer.Argument(help="Labelled residue corpora (extraction-residue, boilerplate-wcxb "
                                                     "JSONL); each is reported on its own.", exists=True,
                                                dir_okay=False)],
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    corpus_mode: Annotated[bool, typer.Option(help="Learn repeated lines from the file first.")] = False,
    threshold: Annotated[Optional[float], typer.Option(help="Cleaning threshold (default: config).")] = None,
    line_model: Annotated[Optional[Path], typer.Option(help="Score with this line-model file instead of the shipped "
                                                            "one (e.g. one fitted on another corpus).",
                                                       exists=True, dir_okay=False)] = None,
    line_models: Annotated[Optional[Path], typer.Option(
        help="Leave one source out: score each corpus with FOLDER/for-<corpus>.json, the model that "
             "`scripts/train_line_model.py --leave-one-out FOLDER` fitted without it.", exists=True,
        file_okay=False)] = None,
    every: Annotated[int, typer.Option(help="Score every N-th page only (all its extractors' texts), to subsample.",
                                       min=1)] = 1,
    errors: Annotated[Optional[Path], typer.Option(help="Write every false positive and negative here.")] = None,
    extend_select: ExtendSelectOption = None,
) -> None:
    """Line precision, recall, F1, character F1 and content loss per corpus, with the C4 line rule as baseline, the
    precision of each rule and the most frequent remaining errors; and what a user gets, as words against the gold
    article (raw, after a default clean, perfect cleaner, share of the gap closed, article characters lost)."""
    from detector.core.atomic import atomic_text
    from detector.evaluation.boilerplate import (
        CorpusError,
        corpus_name,
        evaluate_boilerplate,
        render_boilerplate_table,
        with_threshold,
    )
    from detector.evaluation.record_shape import BOILERPLATE_PAGE
    from detector.scorers.boilerplate.line_model import load_line_model
    from detector.scorers.registry import load_config, with_selection
    from detector.text.lexicons import LexiconError

    cfg = with_selection(load_config(), extend_select=split_list(extend_select or []))  # opt-in stages (BP305)
    if threshold is not None:
        if not 0.0 <= threshold <= 1.0:
            raise fail("--threshold must lie between 0 and 1")
        cfg = with_threshold(cfg, threshold)
    if line_model and line_models:
        raise fail("--line-model and --line-models exclude each other")
    mistakes: list[dict[str, object]] | None = [] if errors else None
    try:
        model = load_line_model(str(line_model)) if line_model else None
        results = []
        for file in files:
            if line_models:
                held_out = line_models / f"for-{corpus_name(file)}.json"
                if not held_out.is_file():
                    raise fail(f"--line-models: no {held_out} (the model fitted without {corpus_name(file)})")
                model = load_line_model(str(held_out))
            with shape_checked(file, BOILERPLATE_PAGE):
                results.append(evaluate_boilerplate(file, cfg, corpus_mode, mistakes, model, every))
    except (CorpusError, LexiconError) as exc:
        raise fail(str(exc)) from None
    if errors and mistakes is not None:
        with atomic_text(errors) as stream:
            stream.write("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in mistakes))
    if json_output:
        typer.echo(json.dumps({"corpora": {r["corpus"]: r for r in results}}, indent=2))
        return
    typer.echo("\n".join(render_boilerplate_table(r) for r in results), nl=False)


@eval_app.command("mt")
@guarded
def eval_mt(
    files: Annotated[list[Path], typer.Argument(help="MQM segment JSONL files (target + error spans); each is "
                                                     "reported on its own.", exists=True, dir_okay=False)],
    docs: Annotated[Optional[list[Path]], typer.Option(
        help="Documents labelled mt/human (repeatable, pooled): document ROC AUC and finding rates.")] = None,
    native: Annotated[Optional[list[Path]], typer.Option(
        help="JSONL with native English `gold` bodies (repeatable): share called MT, finding rate per register "
             "(a record's `domain`, else the file's folder).")] = None,
    deep: Annotated[bool, typer.Option("--deep", help="Also measure deep mode (MT601; needs the optional install "
                                                      "of detector/scorers/mt/deep.py).")] = False,
    likelihood: Annotated[Optional[Path], typer.Option(
        help="A model file refitted by scripts/train_mt_likelihood.py (say with --leave-out zh, so that the "
             "evidence spans are measured on documents it never saw) instead of the configured one.",
        exists=True, dir_okay=False)] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Span precision against MQM error spans, recall per category, segment and document ROC AUC (overall, per
    pair, domain and system), calibration, finding rates on human, MT and native text, evidence-span precision,
    the model's stored out-of-sample figures, and a baseline beside each; then every MT rule's span precision on
    each file against the rarest words, its rate per register, and the targets it is held to."""
    from dataclasses import replace

    from detector.evaluation.mt import evaluate_mt, render_mt_table
    from detector.evaluation.record_shape import MT_DOCUMENT, MT_SEGMENT
    from detector.scorers.registry import load_config
    from detector.text.lexicons import LexiconError

    for extra in [*(docs or []), *(native or [])]:
        if not extra.is_file():
            raise fail(f"no such file: {extra}")
    with contextlib.ExitStack() as checks:
        for file in files:
            checks.enter_context(shape_checked(file, MT_SEGMENT))
        for extra in docs or []:
            checks.enter_context(shape_checked(extra, MT_DOCUMENT))
        config = load_config()
        if likelihood is not None:
            config = replace(config, mt=replace(config.mt, likelihood=str(likelihood)))
        try:
            result = evaluate_mt(files, docs or [], config, list(native or []), deep)
        except LexiconError as exc:  # a model file of another format or for other features
            raise fail(str(exc)) from None
    if json_output:
        typer.echo(json.dumps(result, indent=2))
        return
    typer.echo(render_mt_table(result), nl=False)


@eval_app.command("verdict")
@guarded
def eval_verdict(
    files: Annotated[list[Path], typer.Argument(help="Labelled residue corpora (their gold bodies are judged too) "
                                                     "and labelled MT documents (label mt/human/native); each is "
                                                     "reported on its own.", exists=True, dir_okay=False)],
    config: Annotated[Optional[list[str]], typer.Option(
        "--config", help="A config file, or 'KEY = VALUE' on top of the defaults (repeatable).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: every core).")] = 0,
    every: Annotated[int, typer.Option(min=1, help="Judge only every n-th record (a sample of a large file).")] = 1,
    rows: Annotated[Optional[Path], typer.Option(help="Write each document's sets, verdict and reasons here.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """The verdict mix (pass, review, reject) per corpus and per set whose right verdict is known: gold bodies,
    pages clean after `clean`, pages mostly residue after it, human and native text; each with its target."""
    import os

    from detector.config.settings import ConfigError
    from detector.core.atomic import atomic_text
    from detector.evaluation.record_shape import DOCUMENT
    from detector.evaluation.verdict import evaluate_verdict, render_verdict_table
    from detector.scorers.registry import command_line_config

    try:
        cfg = command_line_config(config or [], isolated=not config)
    except (ConfigError, OSError) as exc:
        raise fail(str(exc)) from None
    workers = jobs or os.cpu_count() or 1
    results = []
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(atomic_text(rows)) if rows else None
        for file in files:
            with shape_checked(file, DOCUMENT):
                results.append(evaluate_verdict(file, cfg, workers, every, out))
    if json_output:
        typer.echo(json.dumps({"corpora": {r["corpus"]: r for r in results}}, indent=2))
        return
    typer.echo(render_verdict_table(results), nl=False)


@contextlib.contextmanager
def shape_checked(file: Path | None, shape: Shape) -> Iterator[None]:
    """An evaluation that fails on its input is a usage error naming the field and line, not a traceback."""
    from detector.evaluation.record_shape import first_problem

    try:
        yield
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, UnicodeDecodeError) as exc:
        problem = first_problem(file, shape) if file is not None else None
        if problem is None:
            raise
        raise fail(f"{problem} ({type(exc).__name__} while evaluating)") from None
