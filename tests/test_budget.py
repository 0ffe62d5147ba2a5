"""The runaway guard gives the same report on an idle and on a saturated machine (issue 26, audit N9): the work
budget is counted, not timed, so an artificially tiny one stops the same scorers on the same documents every
run, with `--jobs 2` as with one; the backstop counts CPU time, not wall time, and works in threads too."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detector.cli.app import app
from detector.config.settings import Config
from detector.core.model import Document
from detector.engines.pipeline import Pipeline

from .conftest import SEEDS

runner = CliRunner()
TINY = "work_budget = 0.02"


def _scan(*args: str) -> bytes:
    result = runner.invoke(app, ["scan", "-q", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def _stopped(report: bytes) -> list[tuple[str, str]]:
    return [(row["id"], f["message"]) for row in map(json.loads, report.splitlines()) for f in row["findings"]
            if f["rule_id"] == "IN508"]


def test_a_tiny_work_budget_stops_the_same_scorers_every_run(tmp_path: Path) -> None:
    first = _scan(str(SEEDS), "--config", TINY, "-j", "1")
    stopped = _stopped(first)
    assert stopped and all("work_budget" in message for _, message in stopped)
    assert {re.search(r"Scorer '(\w+)'", m).group(1) for _, m in stopped} >= {"boilerplate"}  # type: ignore[union-attr]
    assert _scan(str(SEEDS), "--config", TINY, "-j", "1") == first
    assert _scan(str(SEEDS), "--config", TINY, "-j", "2") == first


def test_the_budget_counts_work_not_seconds() -> None:
    """A scorer that waits (as one does on a saturated machine) uses no CPU and no work: it is not stopped. With
    the wall-clock timer of before, it was."""
    pipeline = Pipeline(replace(Config(), time_budget=0.2))
    slow = pipeline.scorers[0]
    original = slow.score

    def waits(*args: object) -> object:
        time.sleep(0.5)
        return original(*args)  # type: ignore[arg-type]

    slow.score = waits  # type: ignore[method-assign]
    report = pipeline.score_document(Document("d", "The ministry confirmed the plan on Saturday."))
    assert not [f for f in report.findings if f.rule_id == "IN508"]
    assert slow.name in report.scores


def test_the_cpu_backstop_stops_a_runaway_in_a_worker_thread() -> None:
    """Dask runs tasks in threads, where no SIGALRM/SIGPROF timer can be armed: the backstop was skipped there."""
    pipeline = Pipeline(replace(Config(), time_budget=0.3))
    runaway = pipeline.scorers[-1]

    def spin(*args: object) -> None:
        while True:
            sum(range(1000))

    runaway.score = spin  # type: ignore[method-assign]
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(
        pipeline.score_document(Document("d", "The ministry confirmed the plan on Saturday."))))
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "the runaway scorer was not stopped in its thread"
    [report] = found
    [stopped] = [f for f in report.findings if f.rule_id == "IN508"]  # type: ignore[attr-defined]
    assert "CPU time" in stopped.message and runaway.name not in report.scores  # type: ignore[attr-defined]


def test_quadratic_work_runs_out_of_the_work_budget() -> None:
    """A scorer that rescans the text once per line (a quadratic bug) is stopped, deterministically."""
    from detector.core.work import charge

    pipeline = Pipeline(replace(Config(), work_budget=50.0))
    runaway = pipeline.scorers[0]
    original = runaway.score

    def rescans(document: Document, view: object, config: Config) -> object:
        for _ in document.text.splitlines():
            charge(len(document.text))
        return original(document, view, config)  # type: ignore[arg-type]

    runaway.score = rescans  # type: ignore[method-assign]
    short = pipeline.score_document(Document("a", "One line.\nTwo lines.\n" * 10))
    assert not [f for f in short.findings if f.rule_id == "IN508"]
    long = pipeline.score_document(Document("b", "One line.\nTwo lines.\n" * 2000))
    [stopped] = [f for f in long.findings if f.rule_id == "IN508"]
    assert "examining" in stopped.message


def _burn(stop: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    while not stop.is_set():
        sum(range(10_000))


def test_the_same_scan_on_a_quiet_and_a_saturated_machine_is_identical(tmp_path: Path) -> None:
    quiet = _scan(str(SEEDS), "--with-text")
    stop = multiprocessing.get_context("fork").Event()
    burners = [multiprocessing.get_context("fork").Process(target=_burn, args=(stop,))
               for _ in range(2 * (os.cpu_count() or 1))]
    for burner in burners:
        burner.start()
    try:
        loaded = _scan(str(SEEDS), "--with-text")
    finally:
        stop.set()
        for burner in burners:
            burner.join(10)
    assert loaded == quiet


def test_a_negative_work_budget_is_refused() -> None:
    result = runner.invoke(app, ["scan", str(SEEDS), "--config", "work_budget = -1"])
    assert result.exit_code == 2 and "work_budget" in result.stderr


@pytest.mark.parametrize("setting", ["time_budget = 0", "work_budget = 0"])
def test_a_budget_of_zero_is_no_limit(setting: str) -> None:
    assert not _stopped(_scan(str(SEEDS), "--config", setting))


TRACED_AFTER_A_FIRED_WATCHDOG = """
import sys, threading
from detector.engines.budget import OverBudget, time_limit

def runaway() -> None:
    try:
        with time_limit(0.2):
            while True:
                sum(range(1000))
    except OverBudget:
        pass

worker = threading.Thread(target=runaway)
worker.start()
worker.join()
sys.settrace(lambda frame, event, arg: None)
print(sum(len(str(n)) for n in range(100)))
sys.settrace(None)
"""


def test_code_traced_after_the_watchdog_fired_runs() -> None:
    """The watchdog once took a fired exception back with PyThreadState_SetAsyncExc(thread, NULL), which on CPython
    3.11 leaves the interpreter's eval-breaker flag set: the next traced call (a debugger, coverage, the line
    counting of tests/test_fuzz_growth.py) spun for ever, and CI timed out after the CPU backstop test."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", TRACED_AFTER_A_FIRED_WATCHDOG], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and result.stdout.split() == ["190"], result.stderr[-800:]
