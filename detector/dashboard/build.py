"""Read the reports once, streaming, into what the page needs: the latest run's columns and embedded documents,
and the slices (group statistics) of every run for the group tables, box plots and the trend.

Runs keep the order given on the command line: the last one is the run the table shows, and the trend reads left
to right as the user listed the files (a file's modification time says when it was copied, not when it ran).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detector.dashboard.details import TEXT_LIMIT, TEXT_STATES, DetailEncoder, DetailPicker
from detector.dashboard.groups import Grouping, RunSlices
from detector.dashboard.reports import ReportError, iter_rows
from detector.dashboard.table import DocumentTable, ordered_dimensions

CATEGORY_COLOURS = {"boilerplate": "#d95f02", "mt-artifact": "#7570b3", "readability": "#1b9e77",
                    "language": "#e7298a", "encoding": "#66a61e", "input": "#a6761d"}
_FILE_LINE = re.compile(r"(.*):(\d+)\Z", re.DOTALL)


@dataclass
class Run:
    label: str
    path: Path
    slices: RunSlices


@dataclass
class Dashboard:
    """Everything the page shows, computed; `page.render()` turns it into HTML."""

    runs: list[Run]
    groupings: list[Grouping]
    dimensions: list[str]
    data: dict[str, Any]  # the latest run's table and documents, for the page's script
    categories: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    embedded: int = 0

    @property
    def latest(self) -> Run:
        return self.runs[-1]


def run_labels(paths: Sequence[Path], labels: Sequence[str] | None) -> list[str]:
    """One label per report: the ones given, else the file names (a repeated name gets ` (2)`, ` (3)`...).

    >>> run_labels([Path("a/r.jsonl"), Path("b/r.jsonl"), Path("c.jsonl")], None)
    ['r.jsonl', 'r.jsonl (2)', 'c.jsonl']
    """
    if labels:
        if len(labels) != len(paths):
            raise ReportError(f"{len(labels)} --label for {len(paths)} reports: give one label per report, in "
                              f"the same order")
        return list(labels)
    seen: Counter[str] = Counter()
    out = []
    for path in paths:
        seen[path.name] += 1
        out.append(path.name if seen[path.name] == 1 else f"{path.name} ({seen[path.name]})")
    return out


def groupings_for(fields: Sequence[str]) -> list[Grouping]:
    """`--group-by` fields in the order given (duplicates once); none: the default URL-domain-or-folder."""
    unique = list(dict.fromkeys(fields))
    return [Grouping(f) for f in unique] if unique else [Grouping()]


def build(paths: Sequence[Path], group_by: Sequence[str] = (), labels: Sequence[str] | None = None,
          detail_limit: int = 1000) -> Dashboard:
    if not paths:
        raise ReportError("no report given")
    names = run_labels(paths, labels)
    groupings = groupings_for(group_by)
    runs = [Run(name, path, _slices(path, groupings)) for name, path in zip(names[:-1], paths[:-1])]
    table, picker, latest = _latest(paths[-1], groupings, detail_limit)
    runs.append(Run(names[-1], paths[-1], latest))
    _check_fields(groupings, latest, paths[-1])
    dimensions = ordered_dimensions(set().union(*(r.slices.dimensions for r in runs)))
    chosen = picker.rows()
    encoder = DetailEncoder(table.rule_index)
    details = {row.index: encoder.encode(row) for row in chosen}
    rule_names = sorted(table.rule_index, key=table.rule_index.__getitem__)
    data = {
        "run": names[-1],
        "columns": table.columns(set(details), dimensions),
        "rules": {"names": rule_names, "categories": [table.rule_category.get(r, "") for r in rule_names],
                  "docs": table.rules},
        "sources": _sources(table.sources),
        "errors": table.errors,
        "details": details,
        "messages": list(encoder.messages),
        "severities": list(encoder.severities),
        "colours": CATEGORY_COLOURS,
        "textStates": TEXT_STATES,
        "detailLimit": detail_limit,
        "textLimit": TEXT_LIMIT,
        "dimensions": dimensions,
        "groupings": [g.key for g in groupings],
    }
    categories: Counter[str] = Counter()
    for rule, count in latest.total.rules.items():
        categories[table.rule_category.get(rule, "")] += count
    with_text = sum(1 for d in details.values() if d["text"] is not None)
    return Dashboard(runs, groupings, dimensions, data, categories, latest.total.rules, with_text)


def _slices(path: Path, groupings: list[Grouping]) -> RunSlices:
    slices = RunSlices(groupings)
    for row in iter_rows(path):
        slices.add(row, [g.group_of(row) for g in groupings])
    return slices


def _latest(path: Path, groupings: list[Grouping], detail_limit: int) -> tuple[DocumentTable, DetailPicker,
                                                                               RunSlices]:
    table, picker, slices = DocumentTable(groupings), DetailPicker(detail_limit), RunSlices(groupings)
    for row in iter_rows(path):
        keys = [g.group_of(row) for g in groupings]
        slices.add(row, keys)
        table.add(row, keys)
        picker.offer(row)
    return table, picker, slices


def _check_fields(groupings: list[Grouping], latest: RunSlices, path: Path) -> None:
    """A `--group-by` field that no row of the latest report has is a typo or a scan without `--with-meta`."""
    for grouping in groupings:
        if grouping.field is not None and grouping.field not in latest.fields_seen:
            seen = ", ".join(sorted(latest.fields_seen)) or "none (scan with --with-meta to keep them)"
            raise ReportError(f"{path}: no row has the meta field '{grouping.field}' for --group-by "
                              f"(meta fields in the report: {seen})")


def _sources(sources: list[str]) -> dict[str, list[Any]]:
    """Sources as a dictionary of files plus line numbers: `docs.jsonl:1` ... `docs.jsonl:100000` cost one file
    name and a number each."""
    files: dict[str, int] = {}
    codes: list[int] = []
    lines: list[int | None] = []
    for source in sources:
        match = _FILE_LINE.match(source)
        name, line = (match.group(1), int(match.group(2))) if match and len(match.group(2)) < 16 else (source, None)
        codes.append(files.setdefault(name, len(files)))
        lines.append(line)
    return {"files": list(files), "codes": codes, "lines": lines}


__all__ = ["CATEGORY_COLOURS", "Dashboard", "Run", "build", "groupings_for", "run_labels"]
