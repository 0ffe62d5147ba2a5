"""Rewrite one input file record by record: each record judged, cleaned, and written to the kept or the dropped
output in the input's own format (`recordio`). Shared by `detector filter` (kept and dropped) and `detector clean`
on compressed and columnar inputs (everything kept).

Records stream: they are read, scored (on every core with `jobs`, in input order) and written one at a time, so
memory does not grow with the file. Every record of the input lands in exactly one of the two outputs; a blank
JSONL line is not a record and is copied to the kept output (`clean`) or left out (`filter`).
"""

from __future__ import annotations

import contextlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detector.clean.recordio import (
    DROPPED_FIELD,
    REMOVED_FIELD,
    ArrowSink,
    Format,
    JsonlSink,
    Record,
    Table,
    cleaned_line,
    cleaned_row,
    cleans_in,
    copy_dataset_skeleton,
    dataset_tables,
    dropped_line,
    dropped_row,
    jsonl_records,
    table_records,
)
from detector.core.model import Cleaned, DocumentReport
from detector.engines.cleaning import clean_loop
from detector.engines.parallel import run_parallel
from detector.engines.pipeline import Pipeline
from detector.inputs.records import ReadOptions

Keep = Callable[[DocumentReport], bool]


@dataclass
class Counts:
    """What one rewrite did; adds up across files (datatrove's habit)."""

    documents: int = 0
    kept: int = 0
    dropped: int = 0
    changed: int = 0
    edits: int = 0
    removed_chars: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)  # of dropped documents: `verdict:code[:rule]`
    rules: Counter[str] = field(default_factory=Counter)  # of dropped documents: the rules of their findings

    def add(self, report: DocumentReport, kept: bool, cleaned: Cleaned | None) -> None:
        self.documents += 1
        self.verdicts[report.verdict] += 1
        if kept:
            self.kept += 1
            if cleaned is not None and cleaned.rounds:
                self.changed += 1
                self.edits += sum(len(r) for r in cleaned.rounds)
                self.removed_chars += sum(len(e.removed) - len(e.replacement) for r in cleaned.rounds for e in r)
            return
        self.dropped += 1
        self.reasons.update(f"{r.verdict}:{r.code}{':' + r.rule_id if r.rule_id else ''}" for r in report.reasons)
        self.rules.update({f.rule_id for f in report.findings} | {e.rule_id for e in report.errors})

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.documents + other.documents, self.kept + other.kept, self.dropped + other.dropped,
                      self.changed + other.changed, self.edits + other.edits,
                      self.removed_chars + other.removed_chars, self.verdicts + other.verdicts,
                      self.reasons + other.reasons, self.rules + other.rules)

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "kept": self.kept, "dropped": self.dropped, "changed": self.changed,
                "edits": self.edits, "removed_chars": self.removed_chars,
                "verdicts": dict(sorted(self.verdicts.items())),
                "dropped_by_reason": dict(sorted(self.reasons.items())),
                "dropped_by_rule": dict(sorted(self.rules.items()))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Counts:
        return cls(data["documents"], data["kept"], data["dropped"], data["changed"], data["edits"],
                   data["removed_chars"], Counter(data["verdicts"]), Counter(data["dropped_by_reason"]),
                   Counter(data["dropped_by_rule"]))


@dataclass(frozen=True)
class Rewrite:
    """How records are judged and cleaned: `keep` decides (default: everything), `clean` gives the text to write
    for a kept record (default: what the verdict judged), `jobs` worker processes."""

    pipeline: Pipeline
    read: ReadOptions
    keep: Keep = lambda report: True
    clean: Callable[[Record, DocumentReport], Cleaned] | None = None
    jobs: int = 1

    def cleaned(self, record: Record, report: DocumentReport) -> Cleaned:
        if self.clean is not None:
            return self.clean(record, report)
        if report.cleaned is not None:
            return report.cleaned
        assert record.loaded is not None and record.loaded.document is not None
        pipeline = self.pipeline
        return clean_loop(record.loaded.document, pipeline.assess, pipeline.config.boilerplate.min_confidence)[0]


def judged(records: Iterable[Record], rewrite: Rewrite) -> Iterator[tuple[Record, DocumentReport | None]]:
    """Each record with its report (None for a record that is no document), in input order, scored on `jobs`
    processes: the records wait in a queue while their documents are out being scored."""
    waiting: deque[Record] = deque()

    def documents() -> Iterator[Any]:
        for record in records:
            waiting.append(record)
            if record.loaded is not None:
                yield record.loaded

    config = rewrite.pipeline.config
    for report in run_parallel(documents(), config, rewrite.jobs, pipeline=rewrite.pipeline):
        while waiting[0].loaded is None:
            yield waiting.popleft(), None
        yield waiting.popleft(), report
    while waiting:
        yield waiting.popleft(), None


def rewrite_jsonl(path: Path, display: str, fmt: Format, kept: Path, dropped: Path | None, rewrite: Rewrite,
                  keep_blank: bool) -> Counts:
    """A JSONL file (compressed as `fmt` says) into `kept` and `dropped` (None: nothing is dropped)."""
    counts = Counts()
    number = cleans_in(path, rewrite.read) + 1
    sinks = [JsonlSink(kept, fmt.compression)] + ([JsonlSink(dropped, fmt.compression)] if dropped else [])
    with _all_or_nothing(sinks):
        for record, report in judged(jsonl_records(path, display, rewrite.read), rewrite):
            if report is None:
                if keep_blank:
                    sinks[0].write(record.raw)
                continue
            if rewrite.keep(report) or dropped is None:
                cleaned = rewrite.cleaned(record, report) if report.ok else None
                counts.add(report, True, cleaned)
                if record.raw is None:  # a stream that broke off: nothing to copy, and never silently
                    raise OSError(f"{display}: {report.errors[0].message}")
                line = cleaned_line(record.raw, rewrite.read.text_field, cleaned.rounds if cleaned else (), number)
                sinks[0].write(line)
            else:
                counts.add(report, False, None)
                sinks[1].write(dropped_line(record.raw, report))
    return counts


@contextlib.contextmanager
def _all_or_nothing(sinks: Sequence[Any]) -> Iterator[None]:
    """Every sink committed once the body has written all its rows; every one aborted if anything escapes the body
    or a commit, so a failed input leaves no half-written output beside a whole one."""
    try:
        yield
        for sink in sinks:
            sink.commit()
    except BaseException:
        for sink in sinks:
            sink.abort()
        raise


def rewrite_tables(path: Path, display: str, fmt: Format, kept: Path, dropped: Path | None,
                   rewrite: Rewrite) -> Counts:
    """A Parquet file or a saved dataset (every split) into `kept` and `dropped`, in the same form."""
    counts = Counts()
    if fmt.kind == "dataset":
        tables = dataset_tables(path, display)
        for target in (kept, dropped):
            if target is not None:
                copy_dataset_skeleton(path, target)
    else:
        tables = [Table(path, display, "")]
    number = cleans_in(path, rewrite.read) + 1
    for table in tables:
        counts += _rewrite_table(table, kept / table.relative if table.relative else kept,
                                 (dropped / table.relative if table.relative else dropped) if dropped else None,
                                 rewrite, number)
    return counts


def _rewrite_table(table: Table, kept: Path, dropped: Path | None, rewrite: Rewrite, number: int) -> Counts:
    counts = Counts()
    sinks = [ArrowSink(kept, table, REMOVED_FIELD)] + ([ArrowSink(dropped, table, DROPPED_FIELD)] if dropped else [])
    field_name = rewrite.read.text_field
    with _all_or_nothing(sinks):
        for record, report in judged(table_records(table, rewrite.read), rewrite):
            assert report is not None
            if rewrite.keep(report) or dropped is None:
                cleaned = rewrite.cleaned(record, report) if report.ok else None
                counts.add(report, True, cleaned)
                text = cleaned.text if cleaned else ""
                sinks[0].write(cleaned_row(record.raw, field_name, text, cleaned.rounds if cleaned else (), number))
            else:
                counts.add(report, False, None)
                sinks[1].write(dropped_row(record.raw, report))
    return counts
