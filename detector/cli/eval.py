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
    errors: Annotated[Optional[Path], typer.Option(help="Write every false positive and negative here.")] = None,
) -> None:
    """Line precision, recall, F1, character F1 and content loss per corpus, with the C4 line rule as baseline, the
    precision of each rule and the most frequent remaining errors."""
    from detector.core.atomic import atomic_text
    from detector.evaluation.boilerplate import (
        CorpusError,
        evaluate_boilerplate,
        render_boilerplate_table,
        with_threshold,
    )
    from detector.evaluation.record_shape import BOILERPLATE_PAGE
    from detector.scorers.boilerplate.line_model import load_line_model
    from detector.scorers.registry import load_config
    from detector.text.lexicons import LexiconError

    cfg = load_config()
    if threshold is not None:
        if not 0.0 <= threshold <= 1.0:
            raise fail("--threshold must lie between 0 and 1")
        cfg = with_threshold(cfg, threshold)
    mistakes: list[dict[str, object]] | None = [] if errors else None
    try:
        model = load_line_model(str(line_model)) if line_model else None
        results = []
        for file in files:
            with shape_checked(file, BOILERPLATE_PAGE):
                results.append(evaluate_boilerplate(file, cfg, corpus_mode, mistakes, model))
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
    file: Annotated[Path, typer.Argument(help="MQM segment JSONL (target + error spans).", exists=True,
                                         dir_okay=False)],
    docs: Annotated[Optional[Path], typer.Option(help="Documents labelled mt/human, for document ROC AUC.")] = None,
    native: Annotated[Optional[list[Path]], typer.Option(
        help="JSONL with native English `gold` bodies (repeatable): share called MT, finding rate.")] = None,
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
    the model's stored out-of-sample figures, and a baseline beside each."""
    from dataclasses import replace

    from detector.evaluation.mt import evaluate_mt, render_mt_table
    from detector.evaluation.record_shape import MT_DOCUMENT, MT_SEGMENT
    from detector.scorers.registry import load_config
    from detector.text.lexicons import LexiconError

    for extra in [docs, *(native or [])]:
        if extra is not None and not extra.is_file():
            raise fail(f"no such file: {extra}")
    with shape_checked(file, MT_SEGMENT), shape_checked(docs, MT_DOCUMENT):
        config = load_config()
        if likelihood is not None:
            config = replace(config, mt=replace(config.mt, likelihood=str(likelihood)))
        try:
            result = evaluate_mt(file, docs, config, list(native or []), deep)
        except LexiconError as exc:  # a model file of another format or for other features
            raise fail(str(exc)) from None
    keys = ("span_precision", "chance", "findings", "span_recall_by_category", "segment_auc_fluency",
            "segment_auc_major", "doc_auc", "doc_auc_by_system", "baseline", "evidence_spans", "all_spans",
            "deep_spans", "deep_all_spans", "documents", "natives", "training")
    if json_output:
        typer.echo(json.dumps({k: result[k] for k in keys if k in result}, indent=2))
        return
    typer.echo(render_mt_table(result), nl=False)


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
