"""Inline SVG charts whose marks are filters: a bar, a box or a verdict segment carries `data-set`, the fragment
assignment (`f.verdict=reject`, `f.score.mt=..<10`) that the page's script applies to the document table when it
is clicked or activated with the keyboard.

Drawn here rather than in the browser so the page shows them before any script runs and the numbers they show are
the ones the tests read. Every label goes through `markup.el`, so a group named `<script>` is text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from detector.dashboard.markup import Markup, el

VERDICT_COLOURS = {"pass": "#1b9e77", "review": "#e6ab02", "reject": "#d62728"}
OTHER_COLOUR = "#999999"
LABEL_CHARS = 30


def filter_query(pairs: Sequence[tuple[str, str]]) -> str:
    """The `data-set` value for a chart mark: filter keys (dots allowed) and values, URL-encoded.

    >>> filter_query([("f.verdict", "reject"), ("f.group.source", "a&b")])
    'f.verdict=reject&f.group.source=a%26b'
    """
    return urlencode(list(pairs))


def short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _figure(chart_id: str, title: str, body: Markup | str, note: str = "", hidden: bool = False) -> Markup:
    return el("figure", {"class": "chart", "id": chart_id, "hidden": hidden},
              el("figcaption", None, title, el("small", None, f" {note}") if note else None), body)


def _svg(title: str, width: int, height: int, *children: object) -> Markup:
    return el("svg", {"viewBox": f"0 0 {width} {height}", "width": width, "height": height, "role": "img",
                      "aria-label": title}, *children)


def _mark(query: str | None, label: str) -> dict[str, object]:
    """Attributes that make an SVG group a filter control (keyboard reachable)."""
    if query is None:
        return {}
    return {"class": "hit", "data-set": query, "tabindex": "0", "role": "button", "aria-label": label}


def _hitbox(y: float, height: float, query: str | None) -> Markup | None:
    """A transparent rectangle the width of the chart, so the whole row (label, gap, bar) takes the click."""
    if query is None:
        return None
    return el("rect", {"x": 0, "y": y, "width": 520, "height": height, "fill": "transparent", "class": "hitbox"})


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    query: str | None = None  # data-set of the bar; None: not clickable
    text: str = ""  # the value as written at the bar's end; default: the number


def bar_chart(chart_id: str, title: str, bars: list[Bar], colour: str = "#4a6fa5", note: str = "") -> Markup:
    """Horizontal bars with labels on the left and values at the end of each bar."""
    if not bars:
        return _figure(chart_id, title, el("p", None, "none"), note)
    top = max(b.value for b in bars) or 1.0
    row, left, span = 20, 200, 250
    items = []
    for i, bar in enumerate(bars):
        y = i * row + 4
        width = span * bar.value / top
        value = bar.text or f"{bar.value:,.0f}"
        items.append(el("g", _mark(bar.query, f"{bar.label}: {value}"),
                        el("title", None, f"{bar.label}: {value}"), _hitbox(y - 2, row, bar.query),
                        el("text", {"x": 0, "y": y + 12, "class": "lbl"}, short(bar.label)),
                        el("rect", {"x": left, "y": y, "width": f"{max(width, 1):.1f}", "height": row - 6,
                                    "fill": colour}),
                        el("text", {"x": f"{left + width + 4:.1f}", "y": y + 12, "class": "val"}, value)))
    return _figure(chart_id, title, _svg(title, 520, row * len(bars) + 8, *items), note)


def _axis(x0: float, x1: float, y: float, top: float, ticks: Sequence[float], low: float, high: float,
          fmt: str = "{:g}") -> list[Markup]:
    """A horizontal value axis for [low, high] drawn from x0 to x1 at height y, with grid lines up to `top`."""
    out = [el("line", {"x1": x0, "y1": y, "x2": x1, "y2": y, "class": "axis"})]
    for tick in ticks:
        x = x0 + (x1 - x0) * (tick - low) / (high - low)
        out.append(el("line", {"x1": f"{x:.1f}", "y1": top, "x2": f"{x:.1f}", "y2": y, "class": "grid"}))
        out.append(el("text", {"x": f"{x:.1f}", "y": y + 13, "class": "val", "text-anchor": "middle"},
                      fmt.format(tick)))
    return out


@dataclass(frozen=True)
class Box:
    label: str
    stats: dict[str, float] | None  # groups.describe(); None: no document of the group has this dimension
    query: str


def box_plots(chart_id: str, title: str, boxes: list[Box], note: str = "") -> Markup:
    """One horizontal box per group: whiskers p5-p95, box p25-p75, median line, mean dot. The axis starts at the
    lowest p5 rounded down to a multiple of 10 (scores crowd near 100, where a 0-100 axis hides the differences)."""
    row, left, right = 22, 200, 500
    height = row * len(boxes) + 30
    known = [b.stats["p5"] for b in boxes if b.stats is not None]
    low = min(90.0, max(0.0, 10 * math.floor(min(known, default=0.0) / 10)))
    scale = (right - left) / (100 - low)

    def x(value: float) -> str:
        return f"{left + scale * (min(100.0, max(low, value)) - low):.1f}"

    step = 10 if low <= 50 else 5 if low <= 80 else 2
    ticks = [low + step * k for k in range(int((100 - low) // step) + 1)]
    items: list[Markup] = _axis(left, right, height - 20, 0, ticks, low, 100)
    for i, box in enumerate(boxes):
        y = i * row + 4
        middle = y + (row - 6) / 2
        s = box.stats
        if s is None:
            items.append(el("text", {"x": 0, "y": y + 12, "class": "lbl"}, f"{short(box.label)} (no score)"))
            continue
        summary = (f"{box.label}: n {s['n']:.0f}, mean {s['mean']:g}, median {s['median']:g}, "
                   f"p25-p75 {s['p25']:g}-{s['p75']:g}, p5-p95 {s['p5']:g}-{s['p95']:g}")
        width = max(1.0, scale * (min(s["p75"], 100) - max(s["p25"], low)))
        items.append(el(
            "g", _mark(box.query, summary), el("title", None, summary), _hitbox(y - 2, row, box.query),
            el("text", {"x": 0, "y": y + 12, "class": "lbl"}, short(box.label)),
            el("rect", {"x": left, "y": y, "width": right - left, "height": row - 6, "class": "band"}),
            el("line", {"x1": x(s["p5"]), "y1": middle, "x2": x(s["p95"]), "y2": middle, "class": "whisker"}),
            el("rect", {"x": x(s["p25"]), "y": y + 1, "width": f"{width:.1f}", "height": row - 8, "class": "box"}),
            el("line", {"x1": x(s["median"]), "y1": y, "x2": x(s["median"]), "y2": y + row - 6,
                        "class": "median"}),
            el("circle", {"cx": x(s["mean"]), "cy": middle, "r": 2.5, "class": "mean"})))
    return _figure(chart_id, title, _svg(title, 520, height, *items), note)


@dataclass(frozen=True)
class Shares:
    label: str
    docs: int
    verdicts: dict[str, int]
    group_query: tuple[str, str]  # (filter key, group value)


def verdict_shares(chart_id: str, title: str, rows: list[Shares], note: str = "") -> Markup:
    """A 100 % stacked bar of verdicts per group; each segment filters to that group and verdict."""
    row, left, span = 22, 200, 300
    items: list[Markup] = _axis(left, left + span, row * len(rows) + 10, 0, (0, 25, 50, 75, 100), 0, 100,
                                "{:g}%")
    for i, r in enumerate(rows):
        y = i * row + 4
        items.append(el("text", {"x": 0, "y": y + 12, "class": "lbl"}, short(r.label)))
        x = float(left)
        order = [v for v in VERDICT_COLOURS if v in r.verdicts] + sorted(set(r.verdicts) - set(VERDICT_COLOURS))
        for verdict in order:
            count = r.verdicts[verdict]
            width = span * count / (r.docs or 1)
            label = f"{r.label}, {verdict}: {count:,} of {r.docs:,} ({100 * count / (r.docs or 1):.1f}%)"
            query = filter_query([("f." + r.group_query[0], r.group_query[1]), ("f.verdict", verdict)])
            items.append(el("g", _mark(query, label), el("title", None, label),
                            el("rect", {"x": f"{x:.1f}", "y": y, "width": f"{width:.1f}", "height": row - 6,
                                        "fill": VERDICT_COLOURS.get(verdict, OTHER_COLOUR)})))
            x += width
    return _figure(chart_id, title, _svg(title, 520, row * len(rows) + 30, *items), note)


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: list[float | None]  # one per run, 0-1 (a share) or None (the run has no such document)


def trend_chart(chart_id: str, title: str, runs: list[str], series: list[Series], hidden: bool = False) -> Markup:
    """Lines over the runs in the order given, on a 0-100 % axis with grid lines and each point's value."""
    # Labels are rotated and end at their tick, so the left margin holds the first one whole.
    width, height, left, right, top, bottom = 620, 264, 140, 590, 30, 184
    step = (right - left) / max(1, len(runs) - 1)

    def px(i: int) -> float:
        return left + step * i if len(runs) > 1 else (left + right) / 2

    def py(value: float) -> float:
        return bottom - (bottom - top) * value

    items: list[Markup] = [el("line", {"x1": left, "y1": bottom, "x2": right, "y2": bottom, "class": "axis"}),
                           el("line", {"x1": left, "y1": top, "x2": left, "y2": bottom, "class": "axis"}),
                           el("text", {"x": left, "y": 12, "class": "val"}, "% of documents (mean overall: 0-100)")]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        items.append(el("line", {"x1": left, "y1": f"{py(tick):.1f}", "x2": right, "y2": f"{py(tick):.1f}",
                                 "class": "grid"}))
        items.append(el("text", {"x": left - 4, "y": f"{py(tick) + 4:.1f}", "class": "val",
                                 "text-anchor": "end"}, f"{tick * 100:.0f}%"))
    for i, label in enumerate(runs):
        items.append(el("text", {"x": f"{px(i):.1f}", "y": bottom + 14, "class": "val run-label",
                                 "text-anchor": "end", "transform": f"rotate(-25 {px(i):.1f} {bottom + 14})"},
                        el("title", None, label), short(label, 24)))
    for s in series:
        points = [(px(i), py(v), v) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            items.append(el("polyline", {"points": " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points),
                                         "fill": "none", "stroke": s.colour, "stroke-width": 2}))
        for (x, y, v), label in zip(points, [r for r, v in zip(runs, s.values) if v is not None]):
            items.append(el("g", None, el("title", None, f"{s.name}, {label}: {v * 100:.1f}%"),
                            el("circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": 3, "fill": s.colour}),
                            el("text", {"x": f"{x:.1f}", "y": f"{y - 5:.1f}", "class": "val point-value",
                                        "text-anchor": "middle"}, f"{v * 100:.0f}")))
    legend = el("p", {"class": "legend"}, [el("span", None, _swatch(s.colour), s.name) for s in series])
    return _figure(chart_id, title, Markup(_svg(title, width, height, *items) + legend), hidden=hidden)


def _swatch(colour: str) -> Markup:
    return el("svg", {"width": 12, "height": 12, "class": "swatch", "aria-hidden": "true"},
              el("rect", {"width": 12, "height": 12, "fill": colour}))


__all__ = ["OTHER_COLOUR", "VERDICT_COLOURS", "Bar", "Box", "Series", "Shares", "bar_chart", "box_plots",
           "filter_query", "short", "trend_chart", "verdict_shares"]
