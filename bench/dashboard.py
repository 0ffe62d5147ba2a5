"""Dashboard at corpus scale: file size, build time, open time and filter time in headless Chromium.

Report rows are real: `../shared/corpus/mt/docs.jsonl` (2,858 documents) is scanned once with `--with-text
--with-meta`, and its rows are repeated under new ids up to each size (10,000 and 100,000 by default). Repeats get
their scores moved by up to 5 points (seeded), so the embedded columns are as varied as a real corpus's and the
page's compression is not flattered by copies. Each dashboard is grouped by `system`, with the default
`--detail-limit` (1,000 embedded documents).

- open: from navigation to the page's ready flag (data parsed, table, filters and scatter drawn), median of 3
  fresh pages;
- filter: a change event on a filter control until the next frame is painted (table, summary, scatter and URL
  redrawn), with the filters and the table on screen, median of 7, for a verdict filter, a group filter, a score
  range and a sort.

Run: `.venv/bin/python bench/dashboard.py [--sizes 10000 100000]` (needs Debian's chromium and playwright).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "mt" / "docs.jsonl"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
# (name, control, value that changes the view, value that undoes it); a control None with a selector clicks it.
ACTIONS = [
    ("verdict = review", "#filter-verdict", "review", ""),
    ("system = ONLINE-B", "#filter-group-system", "ONLINE-B", ""),
    ("readability < 30", "#max-score-readability", "<30", ""),
    ("sort by mt", '#docs th[data-key="score.mt"]', None, None),  # each click flips the order: a new sort
]


def scan_corpus(tmp: Path) -> list[str]:
    report = tmp / "mt.jsonl"
    subprocess.run([sys.executable, "-m", "detector.cli.app", "scan", str(CORPUS), "--with-text", "--with-meta",
                    "-o", str(report), "-q"], check=True, cwd=ROOT)
    return report.read_text(encoding="utf-8").splitlines()


def report_of(lines: list[str], size: int, path: Path) -> Path:
    rng = random.Random(size)

    def jitter(value: float) -> float:
        return round(min(100.0, max(0.0, value + rng.uniform(-5, 5))), 2)

    with path.open("w", encoding="utf-8") as out:
        for i in range(size):
            row = json.loads(lines[i % len(lines)])
            row["id"] = f"{i:06d}|{row['id']}"
            if i >= len(lines):
                row["scores"] = {k: jitter(v) for k, v in row["scores"].items()}
                if row["overall"] is not None:
                    row["overall"] = jitter(row["overall"])
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def timed_action(page: Page, selector: str, value: str | None) -> float:
    """Milliseconds from the change (or click) to the next painted frame."""
    return page.evaluate("""async ([selector, value]) => {
      const control = document.querySelector(selector);
      const t = performance.now();
      if (value === null) control.click();
      else {
        control.value = value;
        control.dispatchEvent(new Event(control.tagName === 'SELECT' ? 'change' : 'input'));
      }
      await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return performance.now() - t;
    }""", [selector, value])


def measure(browser: Any, html: Path) -> dict[str, Any]:
    opens, shown = [], ""
    for _ in range(3):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        started = time.perf_counter()
        page.goto(html.as_uri(), wait_until="load")
        page.wait_for_selector("html[data-ready]", timeout=60_000)
        opens.append(time.perf_counter() - started)
        shown = page.locator("#shown").text_content() or ""
        page.close()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(html.as_uri())
    page.wait_for_selector("html[data-ready]", timeout=60_000)
    page.locator("#filters").scroll_into_view_if_needed()  # as a user filtering would see it: the table on screen
    filters = {}
    for name, selector, value, undo in ACTIONS:
        times = []
        for _ in range(7):
            times.append(timed_action(page, selector, value))
            if value is not None:
                timed_action(page, selector, undo)
        filters[name] = statistics.median(times)
    timings = page.evaluate("window.dashboardTimings")
    page.close()
    return {"open": statistics.median(opens), "shown": shown, "filters": filters, "parse_ms": timings["parseMs"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--scan", type=Path, help="reuse this scan of the corpus (--with-text --with-meta)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    lines = args.scan.read_text(encoding="utf-8").splitlines() if args.scan else scan_corpus(tmp)
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        for size in args.sizes:
            report = report_of(lines, size, tmp / f"report-{size}.jsonl")
            html = tmp / f"dashboard-{size}.html"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "detector.cli.app", "dashboard", str(report), "-o", str(html),
                            "--group-by", "system"], check=True, cwd=ROOT, capture_output=True)
            built = time.perf_counter() - started
            result = measure(browser, html)
            results.append((size, report.stat().st_size, html.stat().st_size, built, result))
        browser.close()
    names = [name for name, *_ in ACTIONS]
    print("| documents | report MB | HTML MB | build s | open s (data unpacked, ms) | " +
          " | ".join(f"{n} ms" for n in names) + " |")
    print("| --- " * (5 + len(names)) + "|")
    for size, report_bytes, html_bytes, built, r in results:
        print(f"| {size:,} | {report_bytes / 1e6:.1f} | {html_bytes / 1e6:.1f} | {built:.1f} | "
              f"{r['open']:.2f} ({r['parse_ms']:.0f}) | " + " | ".join(f"{r['filters'][n]:.0f}" for n in names) +
              " |")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
