"""What one fuzz input must never do, checked by one function per harness.

`read_one(target, data, folder)`: the input is written as a file of the target's kind next to a good text file
and the folder is read as `detector scan` reads it. It must not raise; every item must be a document or an error
row; the good file after it must still be read (the run goes on); a plain JSONL file must give one row per
non-blank line, numbered in order; the first documents must score without an exception.

`scan_one(text)`: one document through the pipeline, every writer, and `clean`: no exception; every finding's
quote is its span; every output valid (`tests.test_writers.check_valid`); scoring twice gives the same report;
cleaned text replays from its edits and undoes to the original.

A process that dies (SIGSEGV, SIGBUS, the OOM killer) cannot report itself: `fuzz.drive` runs these functions in a
child process and counts its deaths.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

GOOD = "zz-good.txt"
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # what md, csv and github must not hold
GOOD_TEXT = b"The council met on Tuesday to discuss the new budget for two schools."


def write_input(target: str, data: bytes, folder: Path) -> str:
    """Write one input of `target`'s kind into `folder`; returns its name there."""
    if target == "dataset":
        ds = folder / "ds"
        ds.mkdir()
        (ds / "data-00000-of-00001.arrow").write_bytes(data)
        (ds / "state.json").write_text(json.dumps({"_data_files": [{"filename": "data-00000-of-00001.arrow"}]}))
        (ds / "dataset_info.json").write_text("{}")
        return "ds"
    name = {"parquet": "in.parquet", "jsonl": "in.jsonl", "text": "in.txt"}.get(target)
    if name is None:  # compressed: the name says JSONL or text inside; the bytes say the compression
        name = "in.jsonl.gz" if len(data) % 2 else "in.txt.gz"
    (folder / name).write_bytes(data)
    return name


@cache
def _pipeline() -> Any:
    from detector.config.settings import Config
    from detector.engines.pipeline import Pipeline

    return Pipeline(Config())


def read_one(target: str, data: bytes, folder: Path, score: int = 2) -> dict[str, Any]:
    """Read one input (see the module docstring); returns the rows read and the problems found."""
    from detector.inputs.readers import ReadOptions, read_inputs

    name = write_input(target, data, folder)
    (folder / GOOD).write_bytes(GOOD_TEXT)
    problems: list[str] = []
    rows: list[Any] = []
    try:
        rows = list(read_inputs([str(folder)], ReadOptions(glob="*")))
    except BaseException as exc:
        problems.append(f"exception out of the readers: {type(exc).__name__}: {str(exc)[:300]}")
        return {"rows": 0, "problems": problems}
    for row in rows:
        if (row.document is None) == (row.error is None):
            problems.append(f"row {row.source} is neither a document nor an error")
    if not rows or Path(rows[-1].source).name != GOOD or rows[-1].document is None:
        problems.append("the good file after the input was not read: the run did not go on")
    mine = [row for row in rows if Path(row.source.rsplit(":", 1)[0]).name == name or
            row.source.startswith(str(folder / name))]
    if target == "jsonl":
        expected = [n for n, line in enumerate(data.split(b"\n"), start=1) if line.strip(b" \t\r")]
        got = [int(row.source.rsplit(":", 1)[1]) for row in mine if row.source.rsplit(":", 1)[1].isdigit()]
        if got != expected:
            problems.append(f"JSONL rows {got[:10]}... differ from its non-blank lines {expected[:10]}...")
    scored = 0
    for row in mine:
        if row.document is None or scored >= score:
            continue
        scored += 1
        try:
            report = _pipeline().report(row)
        except BaseException as exc:
            problems.append(f"exception scoring {row.source}: {type(exc).__name__}: {str(exc)[:300]}")
            continue
        problems += _span_problems(report)
    return {"rows": len(mine), "problems": problems}


def _span_problems(report: Any) -> list[str]:
    out = []
    for finding in report.findings:
        if finding.span is not None and report.text[finding.span.start : finding.span.end] != finding.quote:
            out.append(f"{report.id}: {finding.rule_id} quote is not its span")
    return out


def undo(cleaned: str, rounds: list[list[Any]]) -> str:
    """The original text from the cleaned one and its rounds of edits (offsets into each round's input)."""
    text = cleaned
    for applied in reversed(rounds):
        parts, position, shift = [], 0, 0
        for edit in applied:
            start = edit.start + shift
            parts += [text[position:start], edit.removed]
            position = start + len(edit.replacement)
            shift += len(edit.replacement) - (edit.end - edit.start)
        parts.append(text[position:])
        text = "".join(parts)
    return text


def scan_one(text: str) -> dict[str, Any]:
    """One document through scoring, every writer and clean (see the module docstring)."""
    from detector.clean.edits import clean_text, replay
    from detector.core.model import Document
    from detector.reports.writers import WRITERS
    from tests.test_writers import check_valid, render

    problems: list[str] = []
    pipeline = _pipeline()
    document = Document("fuzz\x1b]0;t\x07", text, "fuzz.txt")
    try:
        first = pipeline.score_document(document)
        second = pipeline.score_document(document)
    except BaseException as exc:
        return {"problems": [f"exception scoring: {type(exc).__name__}: {str(exc)[:300]}"]}
    if first != second:
        problems.append("scoring the same document twice gave two reports")
    problems += _span_problems(first)
    for fmt in sorted(WRITERS):
        try:
            data = render(fmt, [first], with_meta=True, with_text=True)
            check_valid(fmt, data, [first])
        except BaseException as exc:
            problems.append(f"{fmt} output invalid: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        if fmt in ("md", "csv", "github") and TERMINAL_CONTROL.search(data.decode("utf-8")):
            problems.append(f"{fmt} output holds a raw terminal control character")
    try:
        cleaned, rounds = clean_text(text, pipeline)
        if replay(text, rounds) != cleaned:
            problems.append("clean: the edits do not replay to the cleaned text")
        if undo(cleaned, rounds) != text:
            problems.append("clean: undoing the edits does not give the original")
    except BaseException as exc:
        problems.append(f"exception cleaning: {type(exc).__name__}: {str(exc)[:300]}")
    return {"problems": problems, "findings": len(first.findings)}
