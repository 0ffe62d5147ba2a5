"""The HTML page: static sections drawn here (headline, group tables and box plots, distributions, trend), the
document table, scatter and document view filled in by `static/dashboard.js` from the embedded data.

The page is sealed by a Content-Security-Policy in a meta element: no network access of any kind
(`default-src 'none'`), and only this package's own script and style run, named by their SHA-256 hashes, so an
inline event handler or an injected `<script>` would not run even if escaping failed somewhere.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources
from typing import Any

from detector.dashboard.build import Dashboard
from detector.dashboard.charts import (
    VERDICT_COLOURS,
    Bar,
    Box,
    Series,
    Shares,
    bar_chart,
    box_plots,
    filter_query,
    trend_chart,
    verdict_shares,
)
from detector.dashboard.groups import Grouping, GroupStats
from detector.dashboard.markup import Markup, data_for_script, el, join, raw_markup
from detector.dashboard.table import VERDICTS

GROUP_ROWS = 100  # groups listed in a group table
BOXES = 25  # groups drawn in a box plot
TREND_SLICES = 10  # groups of each grouping followed in the trend
HISTOGRAM_BINS = 10


def asset(name: str) -> str:
    return resources.files("detector.dashboard").joinpath("static", name).read_text(encoding="utf-8")


def content_security_policy(script: str, style: str) -> str:
    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"

    return (f"default-src 'none'; script-src {digest(script)}; style-src {digest(style)}; img-src data:; "
            f"base-uri 'none'; form-action 'none'")


def render(dashboard: Dashboard) -> str:
    script, style = asset("dashboard.js"), asset("dashboard.css")
    latest = dashboard.latest
    total = latest.slices.total
    head = el("head", None, raw_markup('<meta charset="utf-8">'),
              el("meta", {"http-equiv": "Content-Security-Policy", "content": content_security_policy(script,
                                                                                                      style)}),
              el("meta", {"name": "referrer", "content": "no-referrer"}),
              el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
              el("title", None, f"detector dashboard: {latest.label}"), el("style", None, raw_markup(style)))
    sections = [_header(dashboard), _cards(dashboard, total)]
    sections += [_group_section(dashboard, g) for g in dashboard.groupings]
    sections += [_documents_section(), _scatter_section(), _distributions(dashboard), _trend_section(dashboard)]
    body = el("body", None, el("main", {"id": "main"}, sections), _panel(),
              el("div", {"id": "tip", "role": "tooltip", "hidden": True}),
              el("script", {"type": "application/octet-stream", "id": "dashboard-data",
                            "data-encoding": "gzip+base64+json"}, raw_markup(data_for_script(dashboard.data))),
              el("script", None, raw_markup(script)))
    return "<!DOCTYPE html>\n" + el("html", {"lang": "en"}, head, body) + "\n"


def _header(dashboard: Dashboard) -> Markup:
    runs = dashboard.runs
    order = (f"{len(runs)} reports, in the order given: " + " → ".join(r.label for r in runs)
             if len(runs) > 1 else "1 report")
    status = el("div", {"id": "status", "class": "status"}, el("b", {"id": "status-count"}),
                el("span", {"id": "status-filters"}),
                el("a", {"href": "#documents", "class": "jump", "data-jump": "documents"}, "show documents"))
    return el("header", None, el("h1", None, "detector dashboard"),
              el("p", {"id": "runs"}, order, ". The documents below are those of ",
                 el("b", {"id": "latest"}, dashboard.latest.label), f" ({dashboard.latest.path})."),
              el("nav", None, [el("a", {"href": f"#{target}", "class": "jump", "data-jump": target}, text)
                               for target, text in [*((f"groups-{i}", f"By {g.label}") for i, g in
                                                      enumerate(dashboard.groupings)),
                                                    ("documents", "Documents"), ("scatter", "Scatter"),
                                                    ("distributions", "Distributions"), ("trend", "Trend")]]),
              status)


def _cards(dashboard: Dashboard, total: GroupStats) -> Markup:
    items = [("documents", total.docs, None)]
    items += [(v, total.verdicts.get(v, 0), filter_query([("f.verdict", v)])) for v in VERDICTS]
    items += [("error rows", total.errors, None), ("findings", sum(total.rules.values()), None),
              ("texts embedded", dashboard.embedded, None)]
    return el("section", {"class": "cards", "id": "headline"},
              [el("div", {"class": "card hit" if q else "card", "data-set": q, "tabindex": "0" if q else None,
                          "role": "button" if q else None}, el("b", None, f"{value:,}"), el("span", None, name))
               for name, value, q in items])


def measures(dashboard: Dashboard) -> list[tuple[str, str, str]]:
    """(column key, label, id part) of overall and each dimension; the id part is the label when it is a plain
    word (`mt`), else its position, since a dimension's name comes from the report."""
    out = [("overall", "overall", "overall")]
    for i, d in enumerate(dashboard.dimensions):
        out.append((f"score.{d}", d, d if re.fullmatch(r"[a-z][a-z0-9_-]*", d) else f"d{i}"))
    return out


def _group_section(dashboard: Dashboard, grouping: Grouping) -> Markup:
    index = dashboard.groupings.index(grouping)
    ranked = dashboard.latest.slices.ranked(grouping)
    dims = measures(dashboard)
    key = grouping.key
    summaries = {name: stats.summary(dashboard.dimensions) for name, stats in ranked[:max(GROUP_ROWS, BOXES)]}
    with_errors = any(stats.errors for _, stats in ranked)  # a column of zeros only takes room
    head = el("tr", None, el("th", {"data-sort": "text"}, grouping.label),
              [el("th", {"data-sort": "num"}, name) for name in ("documents", *VERDICTS)],
              el("th", {"data-sort": "num"}, "errors") if with_errors else None,
              [el("th", {"data-sort": "num", "title": f"{label}: mean, then median and p25-p75"}, label)
               for _, label, _ in dims],
              el("th", {"data-sort": "num"}, "findings"), el("th", None, "top rules"))
    rows = []
    for name, stats in ranked[:GROUP_ROWS]:
        summary = summaries[name]
        group_filter = ("f." + key, name)
        cells = [el("td", {"data-v": name}, name), el("td", {"data-v": stats.docs}, f"{stats.docs:,}")]
        for verdict in VERDICTS:
            count = stats.verdicts.get(verdict, 0)
            cells.append(el("td", {"data-v": count / stats.docs, "class": "hit", "tabindex": "0",
                                   "data-set": filter_query([group_filter, ("f.verdict", verdict)])},
                            f"{100 * count / stats.docs:.1f}%", el("small", None, f" {count:,}")))
        if with_errors:
            cells.append(el("td", {"data-v": stats.errors}, f"{stats.errors:,}"))
        for d, _, _ in dims:
            s = summary["dims"][d]
            cells.append(el("td", {"data-v": "" if s is None else s["mean"]}, "" if s is None else
                            [f"{s['mean']:g}", el("small", None, f"med {s['median']:g} · {s['p25']:g}-{s['p75']:g}")]))
        cells.append(el("td", {"data-v": summary["findings"]}, f"{summary['findings']:,}"))
        cells.append(el("td", {"class": "top-rules"}, [el("span", {"class": "hit rule", "tabindex": "0",
                                                 "data-set": filter_query([group_filter, ("f.rule", rule)])},
                                        f"{rule} {count:,}") for rule, count in summary["top_rules"]]))
        rows.append(el("tr", {"class": "hit", "data-set": filter_query([group_filter])}, cells))
    more = (el("p", {"class": "note"}, f"The {GROUP_ROWS} largest of {len(ranked):,} groups; the document table "
                                       f"filters by any of them (column {grouping.label}).")
            if len(ranked) > GROUP_ROWS else None)
    boxes_of = ranked[:BOXES]
    charts = [verdict_shares(f"chart-shares-{index}", f"Verdicts by {grouping.label}",
                             [Shares(name, stats.docs, dict(stats.verdicts), (key, name))
                              for name, stats in boxes_of])]
    for d, label, part in dims:
        charts.append(box_plots(f"chart-box-{index}-{part}", f"{label} by {grouping.label}",
                                [Box(name, summaries[name]["dims"][d], filter_query([("f." + key, name)]))
                                 for name, _ in boxes_of],
                                "whiskers p5-p95, box p25-p75, line median, dot mean"))
    note = ("Without --group-by, documents are grouped by the domain of their url or source_url meta field, "
            "else by the folder they came from." if grouping.field is None else
            f"Grouped by the meta field '{grouping.field}' (a URL value by its domain).")
    return el("section", {"id": f"groups-{index}", "class": "groups", "data-grouping": key},
              el("h2", None, f"By {grouping.label}"),
              el("p", {"class": "note"}, note, " Click a row, a share, a rule, a bar or a box to filter the "
                                               "documents; click a column title to sort."),
              el("div", {"class": "scroll"}, el("table", {"class": "sortable stats", "id": f"groups-table-{index}"},
                                                el("thead", None, head), el("tbody", None, rows))),
              more, el("div", {"class": "charts"}, charts))


def _documents_section() -> Markup:
    return el("section", {"id": "documents"},
              el("h2", None, "Documents ", el("small", None, el("span", {"id": "shown"}), " of ",
                                              el("span", {"id": "total"}), " shown")),
              el("div", {"id": "filters", "class": "filters"}),
              el("div", {"class": "toolbar"},
                 el("button", {"type": "button", "id": "clear-filters"}, "Clear filters"),
                 el("button", {"type": "button", "id": "export-csv"}, "Export CSV"),
                 el("button", {"type": "button", "id": "export-ids"}, "Export ids (JSONL)"),
                 el("details", {"id": "column-picker"}, el("summary", None, "Columns"),
                    el("div", {"id": "column-list"}))),
              el("p", {"id": "filtered-summary", "class": "note"}),
              el("div", {"class": "scroll"}, el("table", {"id": "docs"}, el("thead", None), el("tbody", None))),
              el("nav", {"id": "pager", "class": "pager", "aria-label": "pages"}),
              el("noscript", None, "The document table needs JavaScript."))


def _scatter_section() -> Markup:
    return el("section", {"id": "scatter"}, el("h2", None, "Scatter"),
              el("p", {"class": "note"}, "Every document that passes the other filters, coloured by verdict. "
                                         "Click a point to filter to its neighbourhood, or drag a rectangle."),
              el("div", {"class": "toolbar"}, el("label", None, "x ", el("select", {"id": "scatter-x"})),
                 el("label", None, "y ", el("select", {"id": "scatter-y"})),
                 join(el("span", {"class": "legend-item"}, _dot(c), v) for v, c in VERDICT_COLOURS.items())),
              el("p", {"id": "scatter-count", "class": "note"}),
              el("canvas", {"id": "scatter-canvas", "width": 560, "height": 420,
                            "aria-label": "scatter of two dimensions"}))


def _dot(colour: str) -> Markup:
    return el("svg", {"width": 10, "height": 10, "aria-hidden": "true"},
              el("circle", {"cx": 5, "cy": 5, "r": 4, "fill": colour}))


def _histogram(values: list[float], low: float, high: float) -> list[tuple[float, float, int]]:
    """Counts in HISTOGRAM_BINS equal bins; values outside [low, high] count in the first or last bin, as the
    bins' filters (`..<b` and `a..`) have no outer bound."""
    counts = [0] * HISTOGRAM_BINS
    step = (high - low) / HISTOGRAM_BINS
    for v in values:
        counts[min(HISTOGRAM_BINS - 1, max(0, int((v - low) // step)))] += 1
    return [(low + i * step, low + (i + 1) * step, c) for i, c in enumerate(counts)]


def _bin_query(key: str, lo: float, hi: float, index: int) -> str:
    lower = "" if index == 0 else f"{lo:g}"
    upper = "" if index == HISTOGRAM_BINS - 1 else f"<{hi:g}"
    return filter_query([("f." + key, f"{lower}..{upper}")])


def _histogram_chart(chart_id: str, title: str, key: str, values: list[float], low: float, high: float) -> Markup:
    bars = [Bar(f"{lo:g}-{hi:g}", count, _bin_query(key, lo, hi, i))
            for i, (lo, hi, count) in enumerate(_histogram(values, low, high))]
    return bar_chart(chart_id, title, bars, note=f"{len(values):,} documents")


def _distributions(dashboard: Dashboard) -> Markup:
    total = dashboard.latest.slices.total
    charts = [_histogram_chart(f"chart-score-{part}", f"{label} score", key, total.values.get(key, []), 0, 100)
              for key, label, part in measures(dashboard)]
    charts.append(bar_chart("chart-categories", "Findings by category",
                            [Bar(c or "(none)", n, filter_query([("f.category", c)]))
                             for c, n in sorted(dashboard.categories.items(), key=lambda kv: (-kv[1], kv[0]))],
                            "#d95f02"))
    charts.append(bar_chart("chart-rules", "Findings by rule (top 20)",
                            [Bar(r, n, filter_query([("f.rule", r)]))
                             for r, n in sorted(dashboard.rules.items(), key=lambda kv: (-kv[1], kv[0]))[:20]],
                            "#7570b3"))
    languages = _column_counts(dashboard, "language")
    charts.append(bar_chart("chart-languages", "Languages (top 15)",
                            [Bar(v, n, filter_query([("f.language", v)])) for v, n in languages[:15]], "#e7298a"))
    grades = [g for g in _column_values(dashboard, "grade") if g is not None]
    charts.append(_histogram_chart("chart-grades", "Readability grade (Flesch-Kincaid)", "grade", grades, 0, 25))
    return el("section", {"id": "distributions"}, el("h2", None, "Distributions"),
              el("p", {"class": "note"}, "Click a bar to filter the documents."), el("div", {"class": "charts"},
                                                                                    charts))


def _column(dashboard: Dashboard, key: str) -> dict[str, Any]:
    return next(c for c in dashboard.data["columns"] if c["key"] == key)


def _column_counts(dashboard: Dashboard, key: str) -> list[tuple[str, int]]:
    column = _column(dashboard, key)
    counts = [0] * len(column["dict"])
    for code in column["codes"]:
        counts[code] += 1
    return sorted(zip(column["dict"], counts), key=lambda kv: (-kv[1], kv[0]))


def _column_values(dashboard: Dashboard, key: str) -> list[float | None]:
    return _column(dashboard, key)["values"]


def _trend_series(stats: list[GroupStats | None]) -> list[Series]:
    def share(s: GroupStats | None, verdict: str) -> float | None:
        return None if s is None or not s.docs else s.verdicts.get(verdict, 0) / s.docs

    def mean(s: GroupStats | None) -> float | None:
        values = s.values.get("overall") if s is not None else None
        return sum(values) / len(values) / 100 if values else None

    return [Series(f"{v} share", VERDICT_COLOURS[v], [share(s, v) for s in stats]) for v in VERDICTS] + \
        [Series("mean overall (0-100)", "#4a6fa5", [mean(s) for s in stats])]


def _slices(dashboard: Dashboard) -> list[tuple[str, list[GroupStats | None]]]:
    """The trend's slices: all documents, then the TREND_SLICES largest groups (in the last run) of each grouping,
    each with its statistics per run (None where a run has no such group)."""
    runs = dashboard.runs
    out: list[tuple[str, list[GroupStats | None]]] = [("all documents", [r.slices.total for r in runs])]
    for grouping in dashboard.groupings:
        for name, _ in dashboard.latest.slices.ranked(grouping)[:TREND_SLICES]:
            out.append((f"{grouping.label} = {name}",
                        [r.slices.groups.get(grouping.key, {}).get(name) for r in runs]))
    return out


def _trend_section(dashboard: Dashboard) -> Markup:
    runs = dashboard.runs
    labels = [r.label for r in runs]
    slices = _slices(dashboard)
    select = el("label", None, "slice ", el("select", {"id": "trend-slice"},
                                            [el("option", {"value": f"trend-{i}"}, title)
                                             for i, (title, _) in enumerate(slices)]))
    charts = [trend_chart(f"trend-{i}", f"Trend of {title} over {len(runs)} run(s)", labels, _trend_series(stats),
                          hidden=i > 0) for i, (title, stats) in enumerate(slices)]
    note = ("One report: give several (oldest first, or name them with --label) to see a trend."
            if len(runs) < 2 else "Runs in the order given on the command line.")
    return el("section", {"id": "trend"}, el("h2", None, "Trend"), el("p", {"class": "note"}, note), select,
              el("div", {"class": "charts"}, charts), _trend_table(labels, slices))


def _trend_table(labels: list[str], slices: list[tuple[str, list[GroupStats | None]]]) -> Markup:
    """The figures behind the trend, per run, for every slice."""
    head = el("tr", None, el("th", None, "slice"), el("th", None, "figure"), [el("th", None, r) for r in labels])
    rows = []
    for title, stats in slices:
        for figure, value in (("documents", lambda s: f"{s.docs:,}"),
                              ("reject", lambda s: f"{100 * s.verdicts.get('reject', 0) / s.docs:.1f}%"),
                              ("mean overall", lambda s: _mean_text(s.values.get("overall")))):
            rows.append(el("tr", None, el("td", None, title), el("td", None, figure),
                           [el("td", None, "" if s is None or not s.docs else value(s)) for s in stats]))
    return el("div", {"class": "scroll"}, el("table", {"id": "trend-table", "class": "stats"},
                                             el("thead", None, head), el("tbody", None, rows)))


def _mean_text(values: list[float] | None) -> str:
    return f"{sum(values) / len(values):.1f}" if values else ""


def _panel() -> Markup:
    return el("aside", {"id": "panel", "hidden": True, "aria-labelledby": "panel-title"},
              el("div", {"class": "panel-bar"},
                 el("button", {"type": "button", "id": "panel-prev", "title": "previous document (k)"}, "↑"),
                 el("button", {"type": "button", "id": "panel-next", "title": "next document (j)"}, "↓"),
                 el("button", {"type": "button", "id": "panel-close", "title": "close (Esc)"}, "Close")),
              el("h2", {"id": "panel-title"}), el("div", {"id": "panel-facts"}),
              el("p", {"id": "panel-state", "class": "note"}), el("div", {"id": "legend", "class": "legend"}),
              el("div", {"id": "doc"}), el("h3", None, "Findings"), el("ol", {"id": "panel-findings"}))


__all__ = ["asset", "content_security_policy", "render"]
