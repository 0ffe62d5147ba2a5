"""Progress: documents, bytes, percentage and time left on a terminal; the summary line alone otherwise."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from detector.cli.app import app
from detector.cli.progress import InputSizes, ScanProgress
from detector.inputs.readers import ReadOptions, read_inputs

from .conftest import SEEDS


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    records = [{"id": f"r{i}", "text": f"Record {i} says the council met on Tuesday."} for i in range(40)]
    (folder / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return folder


def test_sizes_and_documents_are_known_before_reading(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    options = ReadOptions(glob="*")
    sizes = InputSizes.of([str(folder)], options)
    assert sizes.total_bytes == sum(p.stat().st_size for p in folder.iterdir())
    assert sizes.total_documents() is None  # the JSONL file is not counted yet
    sizes.count_lines(threading.Event())
    assert sizes.total_documents() == 4 + 40


def test_the_bar_shows_documents_bytes_percentage_and_time_left(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    options = ReadOptions(glob="*")
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    progress = ScanProgress(True, [str(folder)], options, console=console)
    deadline = time.monotonic() + 30
    while progress.sizes.total_documents() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    positions = []
    for count, _ in enumerate(progress.track(read_inputs([str(folder)], options)), start=1):
        progress.done_documents(count)
        positions.append(progress._read_bytes)
        progress._bar.refresh()
    progress.close()
    assert positions == sorted(positions) and positions[-1] == progress.sizes.total_bytes
    assert len(set(positions)) > 20  # the bar moves inside the JSONL file, not only between files
    drawn = screen.getvalue()
    for part in ("44/44 documents", "100%", "kB", "ETA", "0:00:00"):
        assert part in drawn, part


def test_without_a_terminal_only_the_summary_line_is_written(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    result = CliRunner().invoke(app, ["scan", str(folder), "--glob", "*", "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("44 documents (44 ok, 0 error rows)")


def test_a_scan_without_a_terminal_does_not_import_rich() -> None:
    probe = ("import sys; sys.argv = ['detector', 'scan', sys.argv[1], '-q']\n"
             "from detector.cli.entry import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('rich' in sys.modules, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", probe, str(SEEDS)], capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.stderr.strip().splitlines()[-1] == "False"
