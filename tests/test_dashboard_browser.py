"""The dashboard in a real headless Chromium (Debian's `chromium`, driven by Playwright), as a user drives it: click
a row and read its text, sort, page, filter by clicking a chart, group by `system`, reload a deep link, export,
and survive a hostile report. Every test fails on a console error, an uncaught exception or any request that is
not for the page itself.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .test_dashboard import (
    PAYLOAD,
    SYSTEMS,
    dashboard_html,
    hostile_rows,
    read_rows,
    scan_report,
    seed_documents,
    write_jsonl,
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine (Debian package 'chromium'; .ci/run installs it)")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    manager = playwright.sync_playwright().start()
    launched = manager.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    try:
        yield launched
    finally:
        launched.close()
        manager.stop()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixture report and dashboards of it: grouped by system, and a 5,000-row one for paging."""
    tmp = tmp_path_factory.mktemp("browser")
    report = scan_report(tmp, seed_documents())
    grouped = tmp / "grouped"
    grouped.mkdir()
    dashboard_html(grouped, [report], "--group-by", "system")
    rows = read_rows(report)
    big = write_jsonl(tmp / "big.jsonl", [{**rows[i % len(rows)], "id": f"{i:05d}"} for i in range(5000)])
    large = tmp / "large"
    large.mkdir()
    dashboard_html(large, [report, big], "--label", "small", "--label", "big", "--detail-limit", "50")
    return {"report": report, "grouped": grouped / "dashboard.html", "large": large / "dashboard.html"}


class Page:
    """A page that records every problem: console errors, page errors, requests other than the file itself."""

    def __init__(self, browser: Any, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("request", lambda r: None if r.url.split("#")[0].startswith(("file:", "blob:", "data:"))
                     else self.problems.append(f"request {r.url}"))
        self.open(url)

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_selector("html[data-ready]")

    def shown(self) -> int:
        return int(self.page.locator("#shown").text_content() or "-1")

    def column(self, label: str) -> list[str]:
        headers = [h.strip() for h in self.page.locator("#docs thead th").all_text_contents()]
        index = headers.index(label) + 1
        return self.page.locator(f"#docs tbody tr td:nth-child({index})").all_text_contents()

    def close(self) -> None:
        self.context.close()
        assert self.problems == []


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    pages: list[Page] = []

    def opener(path: Path, fragment: str = "") -> Page:
        pages.append(Page(browser, path.as_uri() + fragment))
        return pages[-1]

    yield opener
    for page in pages:
        page.close()


def test_clicking_a_row_opens_its_text_in_place_with_each_finding_highlighted(built: dict[str, Path],
                                                                              open_page: Any) -> None:
    view = open_page(built["grouped"])
    page = view.page
    assert view.shown() == len(read_rows(built["report"]))
    row = page.locator("#docs tbody tr").nth(2)
    doc_id = row.locator("td").first.text_content()
    row.click()
    assert page.locator("#panel").is_visible()
    assert page.locator("#panel-title").text_content() == doc_id
    panel = page.locator("#panel").bounding_box()
    assert panel is not None and panel["y"] == 0  # in place: the panel is on screen, no scrolling needed
    marks = page.locator("#doc mark")
    assert marks.count() > 0
    findings = page.locator("#panel-findings li[data-quote]")
    checked = 0
    for k in range(findings.count()):
        quote = findings.nth(k).get_attribute("data-quote") or ""
        joined = "".join(page.locator(f'#doc mark[data-f~="{k}"]').all_text_contents())
        if joined:
            assert joined[:60] == quote
            checked += 1
    assert checked > 0
    legend = page.locator("#legend [data-category]").all_text_contents()
    assert legend and all(re.fullmatch(r".+ \d+", item) for item in legend)
    assert "doc=" in page.evaluate("location.hash")
    page.keyboard.press("Escape")
    assert not page.locator("#panel").is_visible()
    assert "doc=" not in page.evaluate("location.hash")


def test_keyboard_opens_a_row_and_moves_to_the_next(built: dict[str, Path], open_page: Any) -> None:
    view = open_page(built["grouped"])
    page = view.page
    page.locator("#docs tbody tr").first.focus()
    page.keyboard.press("Enter")
    first = page.locator("#panel-title").text_content()
    page.keyboard.press("j")
    second = page.locator("#panel-title").text_content()
    assert first != second and second == page.locator("#docs tbody tr td").nth(
        len(page.locator("#docs thead th").all_text_contents())).text_content()
    page.keyboard.press("Escape")
    bar = page.locator('#chart-shares-0 g[data-set="f.group.system=alpha&f.verdict=pass"]')
    bar.focus()
    page.keyboard.press("Enter")  # a chart mark is a button for the keyboard too
    assert page.locator("#filter-group-system").input_value() == "alpha"
    assert view.shown() == sum(r["meta"]["system"] == "alpha" and r["verdict"] == "pass"
                               for r in read_rows(built["report"]))


def test_sort_by_a_column_both_ways(built: dict[str, Path], open_page: Any) -> None:
    view = open_page(built["grouped"])
    page = view.page
    overall = [r["overall"] for r in read_rows(built["report"]) if r["overall"] is not None]
    page.locator("#docs thead th", has_text=re.compile("^overall$")).click()
    cells = view.column("overall")
    assert cells[-1] == ""  # the error row has no score: last, in either order
    ascending = [float(v) for v in cells if v]
    assert ascending == sorted(overall)[:len(ascending)]
    page.locator("#docs thead th", has_text=re.compile("^overall$")).click()
    cells = view.column("overall")
    assert cells[-1] == ""
    descending = [float(v) for v in cells if v]
    assert descending == sorted(overall, reverse=True)[:len(descending)]
    assert "sort=overall" in page.evaluate("location.hash") and "desc=1" in page.evaluate("location.hash")


def test_pages_through_five_thousand_documents(built: dict[str, Path], open_page: Any) -> None:
    view = open_page(built["large"])
    page = view.page
    assert view.shown() == 5000
    assert page.locator("#docs tbody tr").count() == 50
    assert page.locator("#page-count").text_content() == " of 100"
    page.click("#page-next")
    assert view.column("id")[0] == "00050"
    page.click("#page-last")
    assert view.column("id")[-1] == "04999" and page.locator("#page-next").is_disabled()
    page.select_option("#page-size", "250")
    assert page.locator("#docs tbody tr").count() == 250 and page.locator("#page-count").text_content() == " of 20"
    assert "page=" not in page.evaluate("location.hash")  # a new page size starts at page 1
    states = Counter(view.column("text"))
    assert states["not embedded"] > 0  # --detail-limit 50: most are not, and the table says so


def test_a_chart_click_filters_the_table_and_a_second_click_clears_it(built: dict[str, Path],
                                                                       open_page: Any) -> None:
    rows = read_rows(built["report"])
    view = open_page(built["grouped"])
    page = view.page
    system = "beta"
    expected = sum(r["meta"]["system"] == system and r["verdict"] == "review" for r in rows)
    assert expected > 0
    segment = page.locator(f'#chart-shares-0 g[data-set="f.group.system={system}&f.verdict=review"]')
    segment.click()
    assert view.shown() == expected
    assert set(view.column("verdict")) == {"review"} and set(view.column("system")) == {system}
    assert page.locator("#filter-group-system").input_value() == system
    assert page.locator("#filter-verdict").input_value() == "review"
    assert "active" in (segment.get_attribute("class") or "")
    segment.click()
    assert view.shown() == len(rows)
    box = page.locator('#chart-box-0-mt g[data-set="f.group.system=alpha"]')
    box.click()
    assert view.shown() == sum(r["meta"]["system"] == "alpha" for r in rows)
    page.click("#clear-filters")
    bars = page.locator("#chart-score-overall g.hit")
    values = [int(re.sub(r"\D", "", t.split(":")[-1])) for t in bars.locator("title").all_text_contents()]
    k = max(range(len(values)), key=values.__getitem__)
    bars.nth(k).click()
    assert view.shown() == values[k]
    page.locator("#chart-rules g.hit").first.click()
    rule = page.locator("#filter-rule").input_value()
    assert rule and view.shown() == sum(
        any(f["rule_id"] == rule for f in r["findings"]) and _in_bin(r, k) for r in rows)


def _in_bin(row: dict[str, Any], k: int) -> bool:
    value = row["overall"]
    if value is None:
        return False
    return (k == 0 or value >= 10 * k) and (k == 9 or value < 10 * (k + 1))


def test_grouped_by_system_on_a_fixture_with_meta_fields(built: dict[str, Path], open_page: Any) -> None:
    counts = Counter(r["meta"]["system"] for r in read_rows(built["report"]))
    view = open_page(built["grouped"])
    page = view.page
    table = page.locator("#groups-table-0 tbody tr")
    shown = {table.nth(i).locator("td").nth(0).text_content(): int(table.nth(i).locator("td").nth(1).text_content()
                                                                    or 0) for i in range(table.count())}
    assert shown == dict(counts) and set(shown) == set(SYSTEMS)
    page.locator("#groups-table-0 thead th", has_text="documents").click()
    assert [int(t) for t in page.locator("#groups-table-0 tbody tr td:nth-child(2)").all_text_contents()] == \
        sorted(counts.values())
    page.locator("#groups-table-0 tbody tr", has_text="gamma").locator("td").first.click()
    assert view.shown() == counts["gamma"]


def test_a_deep_link_reloads_to_the_same_view(built: dict[str, Path], open_page: Any) -> None:
    view = open_page(built["grouped"])
    page = view.page
    page.select_option("#filter-group-system", "alpha")
    page.fill("#min-overall", "50")
    page.locator("#docs thead th", has_text=re.compile("^mt$")).click()
    page.locator("#docs tbody tr").nth(1).click()
    title, shown = page.locator("#panel-title").text_content(), view.shown()
    fragment = page.evaluate("location.hash")
    assert "f.group.system=alpha" in fragment and "f.overall=50.." in fragment and "doc=" in fragment
    fresh = open_page(built["grouped"], fragment)
    assert fresh.page.locator("#panel").is_visible()
    assert fresh.page.locator("#panel-title").text_content() == title
    assert fresh.shown() == shown
    assert fresh.page.locator("#filter-group-system").input_value() == "alpha"
    assert fresh.page.locator("#min-overall").input_value() == "50"
    fresh.page.reload()
    fresh.page.wait_for_selector("html[data-ready]")
    assert fresh.page.locator("#panel-title").text_content() == title and fresh.shown() == shown


def test_scatter_click_and_drag_filter_the_table(built: dict[str, Path], open_page: Any) -> None:
    rows = [r for r in read_rows(built["report"]) if {"readability", "mt"} <= set(r["scores"])]
    view = open_page(built["grouped"])
    page = view.page
    canvas = page.locator("#scatter-canvas")

    def at(x: float, y: float) -> tuple[float, float]:
        """Page coordinates of a point; the plot's margins are 52 px left, 14 right, 12 top, 44 bottom."""
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        assert box is not None
        return (box["x"] + 52 + x / 100 * (box["width"] - 66),
                box["y"] + box["height"] - 44 - y / 100 * (box["height"] - 56))

    target = rows[0]["scores"]
    canvas.scroll_into_view_if_needed()
    page.wait_for_selector("#scatter-count:not(:empty)")  # drawn: the points exist and the layout has settled
    page.mouse.click(*at(target["readability"], target["mt"]))
    near = view.shown()
    assert 1 <= near < len(read_rows(built["report"]))
    assert rows[0]["id"] in view.column("id")
    page.click("#clear-filters")
    page.mouse.move(*at(-1, 101))
    page.mouse.down()
    page.mouse.move(*at(101, -1))
    page.mouse.up()
    assert view.shown() == len(rows)


def test_filtered_rows_export_as_jsonl_ids_and_csv(built: dict[str, Path], open_page: Any) -> None:
    view = open_page(built["grouped"])
    page = view.page
    page.select_option("#filter-group-system", "gamma")
    with page.expect_download() as download:
        page.click("#export-ids")
    ids = [json.loads(line)["id"] for line in Path(download.value.path()).read_text(encoding="utf-8").splitlines()]
    expected = [r["id"] for r in read_rows(built["report"]) if r["meta"]["system"] == "gamma"]
    assert ids == expected
    with page.expect_download() as download:
        page.click("#export-csv")
    content = Path(download.value.path()).read_bytes().decode("utf-8")
    assert content.count("\r\n") == len(expected) + 1 and content.endswith("\r\n")
    table = list(csv.DictReader(io.StringIO(content, newline="")))
    assert [r["id"] for r in table] == expected and {r["system"] for r in table} == {"gamma"}


def test_trend_follows_the_command_line_order_with_axes_and_values(built: dict[str, Path],
                                                                   open_page: Any) -> None:
    view = open_page(built["large"])
    page = view.page
    labels = page.locator("#trend-0 .run-label title").all_text_contents()
    assert labels == ["small", "big"]
    assert page.locator("#latest").text_content() == "big"
    assert page.locator("#trend-0 text", has_text="100%").count() == 1
    assert page.locator("#trend-0 .point-value").count() == 8  # 4 series x 2 runs
    page.select_option("#trend-slice", index=1)
    assert page.locator("#trend-1").is_visible() and not page.locator("#trend-0").is_visible()


def test_a_hostile_report_runs_no_injected_script_and_keeps_working(tmp_path: Path, browser: Any) -> None:
    report = write_jsonl(tmp_path / "hostile.jsonl", hostile_rows())
    dashboard_html(tmp_path, [report], "--group-by", "system")
    sealed = tmp_path / "dashboard.html"
    page_text = sealed.read_text(encoding="utf-8")
    # The same page without its Content-Security-Policy: escaping alone must hold.
    open_ = tmp_path / "no-csp.html"
    open_.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page_text), encoding="utf-8")
    assert open_.read_text(encoding="utf-8") != page_text
    for path in (sealed, open_):
        view = Page(browser, path.as_uri())
        page = view.page
        assert page.evaluate("window.__pwned") is None
        assert view.shown() == 2
        page.locator("#docs tbody tr").first.click()
        assert page.locator("#panel-title").text_content() == PAYLOAD
        text = page.locator("#doc").text_content() or ""
        assert "<!--<script>" in text and "</script><script>window.__pwned=4</script>" in text
        assert page.locator("#doc mark").count() == 1 and page.locator("#doc img, #doc script").count() == 0
        page.locator("#doc mark").hover()
        assert PAYLOAD in (page.locator("#tip").text_content() or "")
        page.select_option("#filter-verdict", "pass")
        assert view.shown() == 1
        page.select_option("#filter-verdict", PAYLOAD)
        assert view.shown() == 1 and view.column("id") == [PAYLOAD]
        page.click("#clear-filters")
        page.locator("#groups-table-0 tbody tr").first.locator("td").first.click()
        assert view.shown() == 1
        page.click("#clear-filters")
        with page.expect_download() as download:
            page.click("#export-csv")
        exported = list(csv.reader(io.StringIO(Path(download.value.path()).read_bytes().decode("utf-8"),
                                               newline="")))
        assert exported[1][0] == PAYLOAD and exported[2][0] == "'=plain()"  # not a spreadsheet formula
        assert page.evaluate("window.__pwned") is None
        assert page.locator("img:not(svg *)").count() == 0
        view.close()
