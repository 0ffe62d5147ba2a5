"""Dashboard size and opening time at 10,000 documents, in headless Chromium.

Report rows are real: the extraction-residue corpus is scanned once (with text) and its rows repeated under new ids
up to 10,000. Run: `.venv/bin/python bench/dashboard.py` (needs Debian's chromium and playwright).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "extraction-residue" / "dev.jsonl"
TARGET = 10_000


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    report = tmp / "corpus.jsonl"
    subprocess.run([sys.executable, "-m", "detector.cli", "scan", str(CORPUS), "--with-text", "-o", str(report),
                    "-q"], check=True, cwd=ROOT)
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    big = tmp / "big.jsonl"
    with big.open("w", encoding="utf-8") as out:
        for i in range(TARGET):
            row = dict(rows[i % len(rows)])
            row["id"] = f"{i:05d}-{row['id']}"
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    html = tmp / "dashboard.html"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "detector.cli", "dashboard", str(big), "-o", str(html)], check=True,
                   cwd=ROOT)
    built = time.perf_counter() - started
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(html.as_uri(), wait_until="load")
        page.locator("#shown").wait_for()
        opened = time.perf_counter() - started
        shown = page.locator("#shown").text_content()
        browser.close()
    print(f"| documents | HTML size MB | build s | open in headless Chromium s | rows shown |\n"
          f"| --- | --- | --- | --- | --- |\n"
          f"| {TARGET} | {html.stat().st_size / 1e6:.2f} | {built:.1f} | {opened:.2f} | {shown} |")


if __name__ == "__main__":
    main()
