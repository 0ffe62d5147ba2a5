"""The document table of the latest run, column by column, as the page's script reads it.

Rows become columns (one list per column, categorical values as codes into a sorted dictionary), because a
100,000-row table as HTML rows or as one JSON object per row would be several times larger and slower to parse;
the page pages, sorts and filters over these arrays and builds only the rows on screen. Columns: id, verdict,
overall, one per dimension, findings, language, readability grade, the text state, one per grouping, one per meta
field (numeric when every value is a number).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from detector.dashboard.details import TEXT_LIMIT, TEXT_STATES, text_state
from detector.dashboard.groups import Grouping, value_group
from detector.dashboard.reports import MetaValue, ReportRow

DIMENSIONS = ("language", "readability", "boilerplate", "mt")
VERDICTS = ("pass", "review", "reject")


def ordered_dimensions(seen: set[str]) -> list[str]:
    """The four known dimensions in their usual order, then any other score names, sorted."""
    return [d for d in DIMENSIONS if d in seen] + sorted(seen - set(DIMENSIONS))


def categorical(key: str, label: str, values: list[str], first: tuple[str, ...] = (),
                note: str = "") -> dict[str, Any]:
    """A column of strings as a dictionary (`first` in that order, then the rest sorted) and codes."""
    seen = set(values)
    dictionary = [v for v in first if v in seen] + sorted(seen - set(first))
    code = {v: i for i, v in enumerate(dictionary)}
    return {"key": key, "label": label, "kind": "cat", "note": note, "dict": dictionary,
            "codes": [code[v] for v in values]}


def numeric(key: str, label: str, values: list[float | None], note: str = "") -> dict[str, Any]:
    return {"key": key, "label": label, "kind": "num", "note": note, "values": values}


@dataclass
class DocumentTable:
    """Accumulates the latest run's rows; `columns()` encodes them once every row is in."""

    groupings: list[Grouping]
    ids: list[str] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)
    overall: list[float | None] = field(default_factory=list)
    scores: dict[str, list[float | None]] = field(default_factory=dict)
    findings: list[float | None] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    grades: list[float | None] = field(default_factory=list)
    groups: list[list[str]] = field(default_factory=list)
    meta: dict[str, list[MetaValue]] = field(default_factory=dict)
    rules: list[list[int]] = field(default_factory=list)
    rule_index: dict[str, int] = field(default_factory=dict)
    rule_category: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    errors: dict[int, list[str]] = field(default_factory=dict)
    _text_facts: list[tuple[bool, bool, bool]] = field(default_factory=list)  # (error row, has text, too long)

    def add(self, row: ReportRow, keys: list[str]) -> None:
        n = len(self.ids)
        self.ids.append(row.id)
        self.verdicts.append(row.verdict)
        self.overall.append(row.overall)
        _append_row(self.scores, row.scores, n)
        self.findings.append(float(len(row.rules)))
        self.languages.append(row.language)
        self.grades.append(row.grade)
        self.groups.append(keys)
        _append_row(self.meta, row.meta, n)
        counts: dict[str, int] = {}
        for rule, category in row.rules:
            counts[rule] = counts.get(rule, 0) + 1
            if rule not in self.rule_category:
                self.rule_category[rule] = category
        self.rules.append([x for rule, count in sorted(counts.items())
                           for x in (self.rule_index.setdefault(rule, len(self.rule_index)), count)])
        self.sources.append(row.source)
        if row.errors:
            self.errors[n] = row.errors
        self._text_facts.append((row.status == "error", row.text is not None,
                                 row.text is not None and len(row.text) > TEXT_LIMIT))

    def columns(self, embedded: set[int], dimensions: list[str]) -> list[dict[str, Any]]:
        states = [text_state(*facts, i in embedded) for i, facts in enumerate(self._text_facts)]
        out = [{"key": "id", "label": "id", "kind": "id", "note": "the document id", "values": self.ids},
               categorical("verdict", "verdict", self.verdicts, VERDICTS),
               numeric("overall", "overall", self.overall, "weighted score, 0-100, higher is better")]
        out += [numeric(f"score.{d}", d, self.scores.get(d, [None] * len(self.ids)), f"{d} score, 0-100")
                for d in dimensions]
        out += [numeric("findings", "findings", self.findings, "number of findings"),
                categorical("language", "lang", self.languages, note="detected language"),
                numeric("grade", "grade", self.grades, "Flesch-Kincaid grade"),
                categorical("text", "text", states, tuple(TEXT_STATES), "whether the text is in this page, and "
                            "why not")]
        for i, grouping in enumerate(self.groupings):
            out.append(categorical(grouping.key, grouping.label, [keys[i] for keys in self.groups],
                                   note=f"group by {grouping.label}"))
        grouped = {g.field for g in self.groupings}
        for name in sorted(self.meta):
            if name not in grouped:
                out.append(_meta_column(name, self.meta[name]))
        return out


def _meta_column(name: str, values: list[MetaValue]) -> dict[str, Any]:
    note = f"meta field '{name}'"
    if all(v is None or isinstance(v, float) for v in values):
        return numeric(f"meta.{name}", name, values, note)  # type: ignore[arg-type]
    return categorical(f"meta.{name}", name, [value_group(v) if not isinstance(v, str) else v for v in values],
                       note=note)


__all__ = ["DIMENSIONS", "VERDICTS", "DocumentTable", "categorical", "numeric", "ordered_dimensions"]


def _append_row(columns: dict[str, list[Any]], values: Mapping[str, Any], n: int) -> None:
    """Row n of sparse named columns: a column first seen now is filled with None above, one the row lacks gets
    None, so every column keeps one value per row."""
    for name, value in values.items():
        if name not in columns:
            columns[name] = [None] * n
        columns[name].append(value)
    for column in columns.values():
        if len(column) == n:
            column.append(None)
