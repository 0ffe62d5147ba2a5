"""The dashboard: self-contained HTML, and a real headless Chromium over the seeds and a slice of the corpus
(no console errors, every chart, a filter that narrows the table, a highlight that matches its finding)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detector.cli import app

from .conftest import CORPUS, SEEDS

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHARTS = 9  # four score histograms, categories, rules, languages, grades, trend


def _report(tmp_path: Path, name: str, inputs: list[str]) -> Path:
    out = tmp_path / name
    result = runner.invoke(app, ["scan", *inputs, "--with-text", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def dashboards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("dash")
    seeds = _report(tmp, "seeds.jsonl", [str(SEEDS)])
    built = {"seeds": tmp / "seeds.html"}
    assert runner.invoke(app, ["dashboard", str(seeds), str(seeds), "-o", str(built["seeds"])]).exit_code == 0
    corpus = CORPUS / "extraction-residue" / "dev.jsonl"
    if corpus.is_file():  # the whole dev corpus: 1,458 documents
        report = _report(tmp, "corpus.jsonl", [str(corpus)])
        built["corpus"] = tmp / "corpus.html"
        assert runner.invoke(app, ["dashboard", str(report), "-o", str(built["corpus"])]).exit_code == 0
    return built


def test_dashboard_is_self_contained(dashboards: dict[str, Path]) -> None:
    page = dashboards["seeds"].read_text(encoding="utf-8")
    assert "<link" not in page and not re.search(r'<script[^>]+src=', page)
    assert not re.search(r'(?:src|href)="https?://', page)
    assert page.count('<figure class="chart"') == CHARTS


def _browser():
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine (Debian package 'chromium'; .ci/run installs it)")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    manager = playwright.sync_playwright().start()
    browser = manager.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"])
    return manager, browser


@pytest.mark.parametrize("which", ["seeds", "corpus"])
def test_dashboard_in_headless_chromium(dashboards: dict[str, Path], which: str) -> None:
    if which not in dashboards:
        pytest.skip("real corpus not available (../shared/corpus is missing)")
    manager, browser = _browser()
    try:
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: problems.append(f"request {r.url}") if not r.url.startswith("file:") else None)
        page.goto(dashboards[which].as_uri())
        assert page.locator("figure.chart").count() == CHARTS
        assert page.locator("figure.chart svg").count() >= CHARTS - 1  # the trend is text with one report
        total = int(page.locator("#shown").text_content() or 0)
        assert total == page.locator("#docs tbody tr").count() > 0
        page.select_option("#filter-verdict", "pass")
        narrowed = int(page.locator("#shown").text_content() or 0)
        assert 0 < narrowed < total
        assert page.locator("#docs tbody tr:not([hidden])").count() == narrowed
        page.select_option("#filter-verdict", "")
        link = page.locator("#docs a[data-doc]").first
        doc_id = link.get_attribute("data-doc")
        link.click()
        marks = page.locator("#doc mark")
        assert marks.count() > 0
        for i in range(min(marks.count(), 5)):
            mark = marks.nth(i)
            assert (mark.text_content() or "")[:60] == mark.get_attribute("data-quote")
            assert mark.get_attribute("data-tip")
        data = json.loads(page.locator("#docs-data").text_content() or "{}")
        assert doc_id in data["docs"]
        assert problems == []
        if which == "seeds":
            page.screenshot(path=str(dashboards[which].with_suffix(".png")), full_page=True)
    finally:
        browser.close()
        manager.stop()
