"""`detector filter`: a corpus in, the kept documents (cleaned) and the dropped ones (with every reason) out, in
the input's own format and compression.

Output folder layout (`-o OUT`):

    OUT/kept/<input path>       the documents whose verdict is under `--drop`, cleaned as `detector clean` cleans
    OUT/dropped/<input path>    the others, unchanged, each with `detector_dropped`: verdict, reasons, rules
    OUT/summary.json            counts: documents, kept, dropped, verdicts, dropped by reason and by rule
    OUT/.detector-filter/       one marker per finished input file (its counts), for `--resume`

Each input file (a shard) gives one kept and one dropped file of the same name, so a sharded corpus stays sharded.
Every record of the input is in exactly one of the two (blank JSONL lines are not records). Text files are
documents of their own: a dropped one is copied as it is, with its reasons in `<name>.detector.json` beside it.
Files are written under temporary names and appear only when complete; `--resume` skips the input files whose
marker exists (their counts come from the marker), so an interrupted run continues where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from detector.clean.files import codec_of
from detector.clean.recordio import Format, Record, dropped_value, format_of
from detector.clean.rewrite import Counts, Rewrite, judged, rewrite_jsonl, rewrite_tables
from detector.core.atomic import atomic_bytes
from detector.core.model import VERDICT_RANK, DocumentReport
from detector.engines.cleaning import replay
from detector.inputs.decoding import replace_surrogates
from detector.inputs.records import load_text, unreadable
from detector.inputs.walk import walk

MARKERS = ".detector-filter"


class FilterError(ValueError):
    """The run cannot start (an output inside an input, an earlier run's output without `--resume`)."""


@dataclass(frozen=True)
class FilterOptions:
    output: Path
    drop: str = "reject"  # the verdict from which a document is dropped: review or reject
    resume: bool = False


def dropping(drop: str) -> Callable[[DocumentReport], bool]:
    """The `keep` test of a drop level: keep documents whose verdict ranks under it."""
    limit = VERDICT_RANK[drop]
    return lambda report: VERDICT_RANK[report.verdict] < limit


@dataclass(frozen=True)
class Input:
    path: Path
    display: str
    relative: Path
    problem: str | None = None


def inputs(paths: list[str], glob: str, ignore: tuple[str, ...]) -> Iterator[Input]:
    for path in paths:
        root = Path(path)
        for entry in walk(path, glob, ignore):
            inside = root.is_dir() and entry.path != root
            relative = entry.path.relative_to(root) if inside else Path(entry.path.name)
            yield Input(entry.path, entry.display, relative, entry.problem)


def check_output(output: Path, paths: list[str], resume: bool) -> None:
    resolved = output.resolve()
    for path in paths:
        root = Path(path).resolve()
        if root.is_dir() and (resolved == root or root in resolved.parents):
            raise FilterError(f"the output {output} lies inside the input {path}: a later run would read it")
    if (output / MARKERS).is_dir() and not resume:
        raise FilterError(f"{output} holds an earlier filter run: --resume to continue it, or choose another folder")


def marker_of(output: Path, relative: Path) -> Path:
    key = hashlib.sha256(relative.as_posix().encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return output / MARKERS / f"{key}.json"


def run_filter(paths: list[str], options: FilterOptions, rewrite: Rewrite, glob: str = "*.txt",
               ignore: tuple[str, ...] = (),
               on_file: Callable[[Input, Counts], None] | None = None) -> tuple[Counts, list[str]]:
    """Filter every input file; the summed counts and the inputs that could not be read (said, not fatal)."""
    check_output(options.output, paths, options.resume)
    (options.output / MARKERS).mkdir(parents=True, exist_ok=True)
    total = Counts()
    problems: list[str] = []
    for item in inputs(paths, glob, ignore):
        if item.problem:
            problems.append(f"{item.display}: {item.problem}")
            continue
        marker = marker_of(options.output, item.relative)
        if options.resume and marker.is_file():
            total += Counts.from_dict(json.loads(marker.read_text(encoding="utf-8"))["counts"])
            continue
        counts = filter_file(item, options, rewrite)
        atomic_bytes(marker, json.dumps({"input": item.display, "counts": counts.to_dict()}, sort_keys=True).encode())
        total += counts
        if on_file is not None:
            on_file(item, counts)
    summary = {"format": "detector-filter/1", "drop": options.drop, **total.to_dict(), "unreadable_inputs": problems}
    atomic_bytes(options.output / "summary.json", (json.dumps(summary, indent=1, sort_keys=True) + "\n").encode())
    return total, problems


def filter_file(item: Input, options: FilterOptions, rewrite: Rewrite) -> Counts:
    kept = options.output / "kept" / item.relative
    dropped = options.output / "dropped" / item.relative
    fmt = format_of(item.path, rewrite.read)
    if fmt.kind == "jsonl":
        return rewrite_jsonl(item.path, item.display, fmt, kept, dropped, rewrite, keep_blank=False)
    if fmt.kind in ("parquet", "dataset"):
        for target in (kept, dropped):
            if target.is_dir():
                shutil.rmtree(target)
        return rewrite_tables(item.path, item.display, fmt, kept, dropped, rewrite)
    return _filter_text(item, fmt, kept, dropped, rewrite)


def _filter_text(item: Input, fmt: Format, kept: Path, dropped: Path, rewrite: Rewrite) -> Counts:
    """A text file is one document: cleaned into `kept`, or copied into `dropped` with its reasons beside it."""
    counts = Counts()
    try:
        data = item.path.read_bytes()
    except OSError as exc:
        loaded = unreadable(item.display, exc.strerror or exc)
        data = b""
    else:
        loaded = load_text(item.display, item.display, data)
    [(record, report)] = list(judged([Record(loaded, data)], rewrite))
    assert report is not None
    for stale in (kept, dropped, _reasons_file(dropped)):
        stale.unlink(missing_ok=True)
    if rewrite.keep(report) and report.ok and fmt.compression is None:
        cleaned = rewrite.cleaned(record, report)
        codec = codec_of(data)
        document = loaded.document
        try:
            original = codec.decode(data)
            exact = codec.encode(original) == data and document is not None and (
                replace_surrogates(original)[0] == document.text)
        except UnicodeError:
            exact = False
        counts.add(report, True, cleaned if exact else None)
        kept.parent.mkdir(parents=True, exist_ok=True)
        # the edits apply one character for one to the text as it is (undecodable bytes kept), as `clean` does
        atomic_bytes(kept, codec.encode(replay(original, cleaned.rounds)) if exact and cleaned.rounds else data)
        return counts
    if rewrite.keep(report):  # kept but not rewritable as text (compressed text): kept as it is
        counts.add(report, True, None)
        kept.parent.mkdir(parents=True, exist_ok=True)
        atomic_bytes(kept, data)
        return counts
    counts.add(report, False, None)
    dropped.parent.mkdir(parents=True, exist_ok=True)
    atomic_bytes(dropped, data)
    atomic_bytes(_reasons_file(dropped), (json.dumps({"id": report.id, **dropped_value(report)}, ensure_ascii=False,
                                                     indent=1) + "\n").encode())
    return counts


def _reasons_file(dropped: Path) -> Path:
    return dropped.with_name(dropped.name + ".detector.json")


def describe(counts: Counts, drop: str) -> str:
    reasons = ", ".join(f"{code} {n}" for code, n in counts.reasons.most_common(5)) or "none"
    return (f"{counts.documents} documents: {counts.kept} kept ({counts.changed} cleaned, {counts.edits} edits), "
            f"{counts.dropped} dropped at {drop} or worse; top reasons: {reasons}")


__all__ = ["FilterError", "FilterOptions", "describe", "dropping", "run_filter"]
