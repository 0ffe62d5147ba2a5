"""Slices of a run: which group a document belongs to, and the statistics of each group.

A data team asks "which crawl, site, extractor or MT system is worst". Without `--group-by`, a document's group is
the domain of its `url` or `source_url` meta field, else the folder (or file) it came from. `--group-by FIELD`
groups by a meta field instead; a value that is a URL is grouped by its domain, since one group per page helps no
one. Statistics are exact (sorted values, linear interpolation between order statistics as numpy's default), so
the page shows the same numbers whatever the browser.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from detector.dashboard.reports import MetaValue, ReportRow

URL_FIELDS = ("url", "source_url")
MISSING = "(none)"
QUANTILES = (("p5", 0.05), ("p25", 0.25), ("median", 0.5), ("p75", 0.75), ("p95", 0.95))
TOP_RULES = 3


@dataclass(frozen=True)
class Grouping:
    """A way of slicing documents. `field` None is the default: URL domain, else the source folder."""

    field: str | None = None

    @property
    def key(self) -> str:
        return "group.source" if self.field is None else f"group.{self.field}"

    @property
    def label(self) -> str:
        return "source or domain" if self.field is None else self.field

    def group_of(self, row: ReportRow) -> str:
        if self.field is None:
            return default_group(row)
        return value_group(row.meta.get(self.field))


def default_group(row: ReportRow) -> str:
    """The domain of the document's URL meta field, else the folder of its source.

    >>> from detector.dashboard.reports import normalise
    >>> row = normalise({"id": "a", "verdict": "pass", "scores": {}, "findings": [], "source": "crawl/x/1.txt"},
    ...                 0, "-")
    >>> default_group(row)
    'crawl/x'
    """
    for key in URL_FIELDS:
        value = row.meta.get(key)
        if isinstance(value, str) and "://" in value:
            return _domain(value)
    source = row.source
    head, _, tail = source.rpartition(":")
    if head and tail.isdigit():  # file:line of a JSONL record
        source = head
    if "/" not in source:
        return source or MISSING
    return str(PurePosixPath(source).parent)


def value_group(value: MetaValue) -> str:
    """A meta value as a group name: missing is `(none)`, a URL is its domain, 3.0 is `3`.

    >>> value_group("https://www.example.org/a?b"), value_group(3.0), value_group(None)
    ('www.example.org', '3', '(none)')
    """
    if value is None:
        return MISSING
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
    if "://" in value[:16] and value.split("://", 1)[0].isalpha():
        return _domain(value)
    return value or MISSING


def _domain(url: str) -> str:
    try:
        return urlsplit(url).hostname or "?"
    except ValueError:
        return "?"


def quantile(ordered: list[float], q: float) -> float:
    """The q-quantile of sorted values, interpolating between order statistics (numpy's 'linear').

    Hand-written rather than `statistics.quantiles(..., method="inclusive")`, which interpolates the same points but
    as (a·(n−d) + b·d)/n: its p50 then differs from `statistics.median` in the last bit, and a rounded median of the
    dashboard disagreed with the median of the same scores (11.57 against 11.56).

    >>> quantile([1.0, 2.0, 3.0, 4.0], 0.5), quantile([1.0, 2.0, 3.0, 4.0], 0.25), quantile([7.0], 0.95)
    (2.5, 1.75, 7.0)
    """
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def describe(values: list[float]) -> dict[str, float] | None:
    """Count, mean, min, max and the QUANTILES of a dimension in a group; None when no document has it."""
    if not values:
        return None
    ordered = sorted(values)
    out = {"n": float(len(ordered)), "mean": _round(_mean(ordered)), "min": _round(ordered[0]),
           "max": _round(ordered[-1])}
    out.update({name: _round(quantile(ordered, q)) for name, q in QUANTILES})
    return out


def _mean(values: list[float]) -> float:
    """The mean, without the overflow of summing huge values first."""
    try:
        return math.fsum(values) / len(values)
    except OverflowError:
        return math.fsum(value / len(values) for value in values)


def _round(value: float) -> float:
    return round(value, 2)


@dataclass
class GroupStats:
    """Counts that grow one document at a time; `summary()` turns them into the numbers the page shows."""

    docs: int = 0
    errors: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    values: dict[str, list[float]] = field(default_factory=dict)  # by column key: overall, score.<dimension>
    rules: Counter[str] = field(default_factory=Counter)

    def add(self, row: ReportRow) -> None:
        self.docs += 1
        self.errors += row.status == "error"
        self.verdicts[row.verdict] += 1
        if row.overall is not None:
            self.values.setdefault("overall", []).append(row.overall)
        for name, score in row.scores.items():
            self.values.setdefault("score." + name, []).append(score)
        for rule, _ in row.rules:
            self.rules[rule] += 1

    def summary(self, dimensions: list[str]) -> dict[str, Any]:
        """`dims` is keyed like the table's columns: `overall`, then `score.<dimension>` for each dimension."""
        keys = ["overall", *(f"score.{d}" for d in dimensions)]
        return {"docs": self.docs, "errors": self.errors,
                "verdicts": dict(sorted(self.verdicts.items())),
                "dims": {key: describe(self.values.get(key, [])) for key in keys},
                "findings": sum(self.rules.values()),
                "top_rules": sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_RULES]}


@dataclass
class RunSlices:
    """One run: statistics of all its documents and of every group of every grouping."""

    groupings: list[Grouping]
    total: GroupStats = field(default_factory=GroupStats)
    groups: dict[str, dict[str, GroupStats]] = field(default_factory=dict)
    dimensions: set[str] = field(default_factory=set)
    fields_seen: set[str] = field(default_factory=set)

    def add(self, row: ReportRow, keys: list[str]) -> None:
        """Count a row; `keys` are its groups, one per grouping, as `Grouping.group_of` gives them."""
        self.total.add(row)
        self.dimensions.update(row.scores)
        self.fields_seen.update(row.meta)
        for grouping, key in zip(self.groupings, keys):
            groups = self.groups.setdefault(grouping.key, {})
            if key not in groups:
                groups[key] = GroupStats()
            groups[key].add(row)

    def ranked(self, grouping: Grouping) -> list[tuple[str, GroupStats]]:
        """Groups, largest first (ties by name), so the biggest slices lead the table and the box plots."""
        return sorted(self.groups.get(grouping.key, {}).items(), key=lambda kv: (-kv[1].docs, kv[0]))


__all__ = ["MISSING", "QUANTILES", "URL_FIELDS", "GroupStats", "Grouping", "RunSlices", "default_group",
           "describe", "quantile", "value_group"]
