"""`detector dashboard`: one self-contained HTML file from one or more JSONL reports.

No CDN, fonts or scripts from outside: charts are SVG drawn here, the table filters and the document view are a
few lines of inline JavaScript. Several reports make a trend (ordered by each file's modification time, the run's
time as far as the file can tell). To stay small and fast on large runs (10,000 documents), the table lists every
document of the latest run but the document view (text with findings highlighted in place) is embedded for the
`detail_limit` documents that need it most (errors first, then the lowest overall scores), each cut at
`TEXT_LIMIT` characters.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CATEGORY_COLOURS = {"boilerplate": "#d95f02", "mt-artifact": "#7570b3", "readability": "#1b9e77",
                    "language": "#e7298a", "encoding": "#66a61e", "input": "#a6761d"}
DIMENSIONS = ("language", "readability", "boilerplate", "mt")
TEXT_LIMIT = 20_000  # characters of a document embedded for the document view
QUOTE_LIMIT = 60


@dataclass
class Run:
    path: Path
    time: datetime
    rows: list[dict[str, Any]] = field(default_factory=list)


def load_runs(paths: list[Path]) -> list[Run]:
    runs = []
    for path in paths:
        run = Run(path, datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc))
        with path.open(encoding="utf-8") as stream:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    try:
                        run.rows.append(json.loads(line))
                    except json.JSONDecodeError:
                        raise ValueError(f"{path}:{number}: not a JSON report row") from None
        runs.append(run)
    return sorted(runs, key=lambda r: (r.time, str(r.path)))


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _bars(title: str, items: list[tuple[str, float]], colour: str = "#4a6fa5", chart_id: str = "") -> str:
    """A horizontal bar chart as inline SVG."""
    if not items:
        return f'<figure class="chart" id="{chart_id}"><figcaption>{_e(title)}</figcaption><p>none</p></figure>'
    top = max(v for _, v in items) or 1
    row = 18
    height = row * len(items) + 6
    bars = []
    for i, (label, value) in enumerate(items):
        width = 260 * value / top
        y = i * row + 3
        bars.append(f'<text x="0" y="{y + 12}" class="lbl">{_e(label[:34])}</text>'
                    f'<rect x="210" y="{y}" width="{width:.1f}" height="{row - 5}" fill="{colour}">'
                    f'<title>{_e(label)}: {value:g}</title></rect>'
                    f'<text x="{214 + width:.1f}" y="{y + 12}" class="val">{value:g}</text>')
    return (f'<figure class="chart" id="{chart_id}"><figcaption>{_e(title)}</figcaption>'
            f'<svg viewBox="0 0 520 {height}" width="520" height="{height}" role="img" aria-label="{_e(title)}">'
            f'{"".join(bars)}</svg></figure>')


def _histogram(values: list[float], low: float, high: float, bins: int = 10) -> list[tuple[str, float]]:
    counts = [0] * bins
    for v in values:
        index = min(bins - 1, max(0, int((v - low) / (high - low) * bins)))
        counts[index] += 1
    step = (high - low) / bins
    return [(f"{low + i * step:.0f}-{low + (i + 1) * step:.0f}", float(c)) for i, c in enumerate(counts)]


def _trend(runs: list[Run]) -> str:
    if len(runs) < 2:
        return '<figure class="chart" id="chart-trend"><figcaption>Trend</figcaption><p>One report: give ' \
               'several to see a trend.</p></figure>'
    points = []
    for run in runs:
        n = len(run.rows) or 1
        verdicts = Counter(r["verdict"] for r in run.rows)
        overall = [r["overall"] for r in run.rows if r.get("overall") is not None]
        points.append((run.time.strftime("%Y-%m-%d %H:%M"), verdicts["pass"] / n, verdicts["reject"] / n,
                       (sum(overall) / len(overall) / 100) if overall else 0.0))
    width, height = 520, 180
    step = (width - 60) / (len(points) - 1)

    def line(index: int, colour: str, name: str) -> str:
        xy = " ".join(f"{40 + i * step:.1f},{150 - 130 * p[index]:.1f}" for i, p in enumerate(points))
        return f'<polyline points="{xy}" fill="none" stroke="{colour}" stroke-width="2"><title>{name}</title>' \
               f'</polyline>'

    labels = "".join(f'<text x="{40 + i * step:.1f}" y="170" class="val" text-anchor="middle">{_e(p[0][5:])}'
                     f'</text>' for i, p in enumerate(points))
    return (f'<figure class="chart" id="chart-trend"><figcaption>Trend over {len(points)} runs: pass share '
            f'(green), reject share (red), mean overall / 100 (blue)</figcaption><svg viewBox="0 0 {width} {height}"'
            f' width="{width}" height="{height}" role="img" aria-label="trend">'
            f'<line x1="40" y1="150" x2="{width - 20}" y2="150" stroke="#999"/>'
            f'{line(1, "#1b9e77", "pass share")}{line(2, "#d62728", "reject share")}'
            f'{line(3, "#4a6fa5", "mean overall")}{labels}</svg></figure>')


def _group_of(row: dict[str, Any]) -> str:
    meta = row.get("meta") or {}
    for key in ("url", "source_url"):
        if isinstance(meta.get(key), str) and "://" in meta[key]:
            return urlsplit(meta[key]).hostname or "?"
    source = row.get("source", "")
    source = source.rsplit(":", 1)[0] if source.rsplit(":", 1)[-1].isdigit() else source
    return str(Path(source).parent) if "/" in source else source or "?"


def _detail(row: dict[str, Any], messages: dict[str, int]) -> dict[str, Any]:
    """A document's text and findings, compact: messages are indices into one shared table (a whole-page scrape
    has hundreds of findings with the same few messages), quotes are cut at QUOTE_LIMIT characters."""
    text = row.get("text")
    if text is None:
        source = Path(row.get("source", ""))
        if source.suffix == ".txt" and source.is_file():
            text = source.read_text(encoding="utf-8", errors="replace")
    if text is not None and len(text) > TEXT_LIMIT:
        text = text[:TEXT_LIMIT]
    findings = [{"r": f["rule_id"], "c": f["category"], "s": f["start"], "e": f["end"],
                 "q": f["quote"][:QUOTE_LIMIT], "m": messages.setdefault(f["message"], len(messages)),
                 "fix": None if f["suggestion"] is None else f["suggestion"]["replacement"]}
                for f in row["findings"] if text is None or f["end"] is None or f["end"] <= len(text)]
    return {"id": row["id"], "text": text, "findings": findings,
            "errors": [e["message"] for e in row.get("errors", [])]}


def render(runs: list[Run], detail_limit: int = 300) -> str:
    latest = runs[-1].rows
    verdicts = Counter(r["verdict"] for r in latest)
    errors = sum(1 for r in latest if r.get("status") == "error")
    findings = [f for r in latest for f in r["findings"]]
    charts = [_bars(f"{d} score", _histogram([r["scores"][d] for r in latest if d in r["scores"]], 0, 100),
                    chart_id=f"chart-score-{d}") for d in DIMENSIONS]
    categories = Counter(f["category"] for f in findings)
    charts.append(_bars("Findings by category", sorted(categories.items(), key=lambda kv: -kv[1]),
                        "#d95f02", "chart-categories"))
    charts.append(_bars("Findings by rule (top 20)", Counter(f["rule_id"] for f in findings).most_common(20),
                        "#7570b3", "chart-rules"))
    charts.append(_bars("Languages", Counter(r["language"] for r in latest).most_common(15), "#e7298a",
                        "chart-languages"))
    grades = [r["metrics"].get("readability", {}).get("flesch_kincaid_grade") for r in latest]
    charts.append(_bars("Readability grade (Flesch-Kincaid)",
                        _histogram([g for g in grades if isinstance(g, (int, float))], 0, 25, 10), "#1b9e77",
                        "chart-grades"))
    charts.append(_trend(runs))
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in latest:
        groups[_group_of(row)].append(row)
    group_rows = "".join(
        f"<tr><td>{_e(g)}</td><td>{len(rs)}</td><td>{sum(r['verdict'] == 'pass' for r in rs)}</td>"
        f"<td>{sum(r['verdict'] == 'review' for r in rs)}</td><td>{sum(r['verdict'] == 'reject' for r in rs)}</td>"
        f"<td>{_mean(rs)}</td></tr>" for g, rs in sorted(groups.items(), key=lambda kv: -len(kv[1]))[:50])
    ranked = sorted(latest, key=lambda r: (r.get("status") != "error", r["overall"] if r.get("overall") is not None
                                           else -1.0, r["id"]))
    detailed = {r["id"] for r in ranked[:detail_limit]}
    worst = "".join(f'<li><a href="#" data-doc="{_e(r["id"])}">{_e(r["id"])}</a> {r["verdict"]} '
                    f'{r["overall"] if r.get("overall") is not None else "error"}</li>' for r in ranked[:20])
    table = "".join(_table_row(r, r["id"] in detailed) for r in latest)
    messages: dict[str, int] = {}
    details = {r["id"]: _detail(r, messages) for r in ranked[:detail_limit]}
    options = {
        "rule": sorted({f["rule_id"] for f in findings}),
        "category": sorted({f["category"] for f in findings}),
        "verdict": ["pass", "review", "reject"],
        "language": sorted({r["language"] for r in latest}),
    }
    selects = "".join(f'<label>{name} <select id="filter-{name}" data-filter="{name}"><option value="">all</option>'
                      + "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values) + "</select></label>"
                      for name, values in options.items())
    data = json.dumps({"docs": details, "messages": list(messages)}, ensure_ascii=False,
                      separators=(",", ":")).replace("</", "<\\/")
    colours = json.dumps(CATEGORY_COLOURS)
    cards = "".join(f'<div class="card"><b>{v}</b><span>{k}</span></div>' for k, v in (
        ("documents", len(latest)), ("pass", verdicts["pass"]), ("review", verdicts["review"]),
        ("reject", verdicts["reject"]), ("error rows", errors), ("findings", len(findings))))
    return TEMPLATE.format(cards=cards, charts="".join(charts), groups=group_rows, worst=worst, selects=selects,
                           table=table, data=data, colours=colours, runs=len(runs),
                           latest=_e(runs[-1].path.name), css=CSS, script=SCRIPT)


def _mean(rows: list[dict[str, Any]]) -> str:
    values = [r["overall"] for r in rows if r.get("overall") is not None]
    return f"{sum(values) / len(values):.1f}" if values else "n/a"


def _table_row(row: dict[str, Any], detailed: bool) -> str:
    rules = " ".join(sorted({f["rule_id"] for f in row["findings"]}))
    categories = " ".join(sorted({f["category"] for f in row["findings"]}))
    overall = row["overall"] if row.get("overall") is not None else ""
    link = f'<a href="#" data-doc="{_e(row["id"])}">{_e(row["id"])}</a>' if detailed else _e(row["id"])
    return (f'<tr data-verdict="{row["verdict"]}" data-language="{_e(row["language"])}" data-rule=" {rules} " '
            f'data-category=" {categories} "><td>{link}</td><td>{row["verdict"]}</td><td>{_e(row["language"])}'
            f'</td><td>{overall}</td><td>{len(row["findings"])}</td></tr>')


CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.4em}
.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ccc;border-radius:6px;padding:.6em 1em}
.card b{display:block;font-size:1.6em}.charts{display:flex;flex-wrap:wrap;gap:1em}
.chart{margin:0;border:1px solid #eee;padding:.5em}.lbl,.val{font-size:11px}
table{border-collapse:collapse}td,th{border-bottom:1px solid #eee;padding:2px 8px;text-align:left}
#doc{white-space:pre-wrap;border:1px solid #ccc;padding:1em;max-height:30em;overflow:auto}
mark{border-radius:3px;padding:0 1px;color:inherit}mark:focus{outline:2px solid #000}
#tip{position:fixed;background:#222;color:#fff;padding:.4em .6em;border-radius:4px;max-width:30em;display:none}
.filters label{margin-right:1em}
"""

SCRIPT = """
const DATA = JSON.parse(document.getElementById('docs-data').textContent);
const DOCS = DATA.docs, MESSAGES = DATA.messages;
const COLOURS = JSON.parse(document.getElementById('colours').textContent);
function applyFilters() {
  const active = {};
  document.querySelectorAll('[data-filter]').forEach(s => { if (s.value) active[s.dataset.filter] = s.value; });
  const query = document.getElementById('filter-text').value.toLowerCase();
  let shown = 0;
  document.querySelectorAll('#docs tbody tr').forEach(tr => {
    let ok = true;
    for (const [k, v] of Object.entries(active)) {
      const have = tr.dataset[k];
      if (k === 'rule' || k === 'category') { if (!have.includes(' ' + v + ' ')) ok = false; }
      else if (have !== v) ok = false;
    }
    if (query && !tr.textContent.toLowerCase().includes(query)) ok = false;
    tr.hidden = !ok; if (ok) shown++;
  });
  document.getElementById('shown').textContent = shown;
}
function esc(s) { return s.replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c])); }
function showDoc(id) {
  const d = DOCS[id]; const box = document.getElementById('doc');
  document.getElementById('doc-title').textContent = id;
  if (!d) { box.textContent = 'No detail embedded for this document.'; return; }
  if (d.errors.length) { box.textContent = 'Error: ' + d.errors.join('; '); return; }
  const spans = d.findings.filter(f => f.s !== null).sort((a, b) => a.s - b.s || b.e - a.e);
  if (d.text === null) {
    box.innerHTML = spans.map(f => '<p><mark>' + esc(f.q) + '</mark> ' + esc(MESSAGES[f.m]) + '</p>').join('');
    return;
  }
  let out = '', pos = 0;
  spans.forEach((f, i) => {
    if (f.s < pos) return;
    const fix = f.fix === null ? '' : (f.fix === '' ? ' Fix: delete.' : ' Fix: ' + f.fix);
    const tip = f.r + ': ' + MESSAGES[f.m] + fix;
    out += esc(d.text.slice(pos, f.s)) + '<mark tabindex="0" data-rule="' + f.r + '" data-quote="' + esc(f.q) +
      '" data-tip="' + esc(tip) + '" style="background:' + (COLOURS[f.c] || '#ccc') + '55">' +
      esc(d.text.slice(f.s, f.e)) + '</mark>';
    pos = f.e;
  });
  box.innerHTML = out + esc(d.text.slice(pos));
}
document.addEventListener('click', e => {
  const a = e.target.closest('[data-doc]'); if (a) { e.preventDefault(); showDoc(a.dataset.doc); }
});
['mouseover', 'focusin'].forEach(t => document.addEventListener(t, e => {
  const m = e.target.closest('mark[data-tip]'); const tip = document.getElementById('tip');
  if (!m) { tip.style.display = 'none'; return; }
  tip.textContent = m.dataset.tip; const r = m.getBoundingClientRect();
  tip.style.left = r.left + 'px'; tip.style.top = (r.bottom + 4) + 'px'; tip.style.display = 'block';
}));
document.querySelectorAll('[data-filter]').forEach(s => s.addEventListener('change', applyFilters));
document.getElementById('filter-text').addEventListener('input', applyFilters);
applyFilters();
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>detector dashboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{css}</style></head>
<body><h1>detector dashboard</h1><p>{runs} report(s); latest: {latest}</p>
<section class="cards" id="headline">{cards}</section>
<h2>Scores and findings</h2><section class="charts">{charts}</section>
<h2>By source</h2><table id="groups"><thead><tr><th>source or domain</th><th>documents</th><th>pass</th>
<th>review</th><th>reject</th><th>mean overall</th></tr></thead><tbody>{groups}</tbody></table>
<h2>Worst documents</h2><ol id="worst">{worst}</ol>
<h2>Documents (<span id="shown"></span> shown)</h2>
<div class="filters">{selects}<label>search <input id="filter-text" type="search"></label></div>
<table id="docs"><thead><tr><th>id</th><th>verdict</th><th>language</th><th>overall</th><th>findings</th></tr>
</thead><tbody>{table}</tbody></table>
<h2>Document: <span id="doc-title">choose one above</span></h2><div id="doc"></div><div id="tip" role="tooltip"></div>
<script type="application/json" id="docs-data">{data}</script>
<script type="application/json" id="colours">{colours}</script>
<script>{script}</script></body></html>
"""


def write_dashboard(paths: list[Path], output: Path, detail_limit: int = 300) -> int:
    runs = load_runs(paths)
    content = render(runs, detail_limit)
    output.write_text(content, encoding="utf-8")
    return len(content.encode("utf-8"))


__all__ = ["load_runs", "render", "write_dashboard"]
