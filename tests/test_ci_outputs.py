"""CI gates: SARIF valid against the official 2.1.0 schema, baselines that gate only new findings, and exit codes
that never hide a failure (every case of the README's table)."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from detector.cli.app import app

from .conftest import SEEDS

runner = CliRunner()
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def test_sarif_of_the_seeds_validates_against_the_official_schema(tmp_path: Path) -> None:
    messy = tmp_path / "in"
    messy.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (messy / seed.name).write_bytes(seed.read_bytes())
    (messy / "empty.txt").write_bytes(b"")
    (messy / "r.jsonl").write_text('{"id": "r1", "text": "clear\\nThe ministry said so on Monday."}\n',
                                   encoding="utf-8")
    result = runner.invoke(app, ["scan", str(messy), "--glob", "*", "--format", "sarif", "-q"])
    assert result.exit_code == 0, result.output
    sarif = json.loads(result.stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(sarif)
    run = sarif["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert all(r["ruleId"] in rule_ids and rule_ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
    record = [r for r in run["results"] if r["locations"][0]["logicalLocations"][0]["name"] == "r1"]
    assert record and record[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert any(r["ruleId"] == "IN502" and r["level"] == "error" for r in run["results"])


def _copy_seeds(folder: Path) -> Path:
    folder.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


# Scores still describe the whole document under a baseline (`detector.reports.baseline`): a seed scored below the
# review threshold is review with no new finding (seed 003, a German round trip, scores 64 overall since the FW model).
# The test is about findings, so the score threshold is set out of the way.
SCORES_ASIDE = ["--config", "verdict.review_below = 40"]


def test_baseline_gates_only_the_new_finding(tmp_path: Path) -> None:
    seeds = _copy_seeds(tmp_path / "seeds")
    baseline = tmp_path / "baseline.json"
    assert runner.invoke(app, ["baseline", "create", str(seeds), "-o", str(baseline)]).exit_code == 0
    assert runner.invoke(app, ["scan", str(seeds), "--baseline", str(baseline), "--fail-on", "review",
                               "-q", *SCORES_ASIDE]).exit_code == 0
    # a paragraph inserted above old findings makes none of them new
    seed3 = seeds / "003_43e704fa29a5586f.txt"
    seed3.write_text(seed3.read_text(encoding="utf-8").replace(
        "The proposals mark", "An inserted paragraph of ordinary text.\n\nThe proposals mark"), encoding="utf-8")
    assert runner.invoke(app, ["scan", str(seeds), "--baseline", str(baseline), "--fail-on", "review",
                               "-q", *SCORES_ASIDE]).exit_code == 0
    # one new residue line is reported alone; `clean` removes it (a safe fix), so the verdict judged after clean
    # does not fail the gate (issue 24)
    seed1 = seeds / "001_3f200adcfff876e7.txt"
    seed1.write_text(seed1.read_text(encoding="utf-8").replace(
        "Russia has expressed", "Share this article\n\nRussia has expressed"), encoding="utf-8")
    result = runner.invoke(app, ["scan", str(seeds), "--baseline", str(baseline), "--fail-on", "review", "-q",
                                 *SCORES_ASIDE])
    assert result.exit_code == 0
    new = [(r["id"], f["rule_id"], f["quote"]) for r in map(json.loads, result.stdout.splitlines())
           for f in r["findings"]]
    assert new == [(str(seed1), "BP102", "Share this article")]
    # a new line with a confident fix that is not safe (a person must look) fails the gate with exactly that finding
    seed2 = seeds / "002_bd62f2a1691b9c73.txt"
    seed2.write_text(seed2.read_text(encoding="utf-8").replace(
        "In a 14-page statement", "The two ministries were at lodger heads over the plan.\nIn a 14-page statement"),
        encoding="utf-8")
    result = runner.invoke(app, ["scan", str(seeds), "--baseline", str(baseline), "--fail-on", "review", "-q",
                                 *SCORES_ASIDE])
    assert result.exit_code == 1
    new = [(r["id"], f["rule_id"], f["quote"]) for r in map(json.loads, result.stdout.splitlines())
           for f in r["findings"]]
    assert sorted(new) == [(str(seed1), "BP102", "Share this article"), (str(seed2), "MT201", "lodger heads")]


def test_an_earlier_jsonl_report_works_as_a_baseline(tmp_path: Path) -> None:
    seeds = _copy_seeds(tmp_path / "seeds")
    report = tmp_path / "report.jsonl"
    assert runner.invoke(app, ["scan", str(seeds), "-o", str(report), "-q"]).exit_code == 0
    result = runner.invoke(app, ["scan", str(seeds), "--baseline", str(report), "-q"])
    assert all(json.loads(line)["findings"] == [] for line in result.stdout.splitlines())
    bad = tmp_path / "bad.json"
    bad.write_text("not a baseline\n", encoding="utf-8")
    assert runner.invoke(app, ["scan", str(seeds), "--baseline", str(bad)]).exit_code == 2


def test_rules_can_be_disabled_reclassified_suppressed_and_paths_ignored(tmp_path: Path) -> None:
    seeds = _copy_seeds(tmp_path / "seeds")
    (seeds / "drafts").mkdir()
    (seeds / "drafts" / "wip.txt").write_text("clear\nA draft that must not be scanned at all today.",
                                              encoding="utf-8")
    suppress = tmp_path / "suppress.txt"
    suppress.write_text(f"# known and accepted\n{seeds / '000_dcfd112f6ddbc535.txt'} BP201\n", encoding="utf-8")
    config = tmp_path / "detector.toml"
    config.write_text(f'ignore = ["*/drafts/*"]\nsuppressions = "{suppress}"\n'
                      '[rules]\ndisable = ["MT303"]\nseverity = { BP101 = "info" }\n'
                      '[verdict.category_warnings]\nboilerplate = 3\n', encoding="utf-8")
    result = runner.invoke(app, ["scan", str(seeds), "--config", str(config), "-q"])
    assert result.exit_code == 0, result.output
    reports = {Path(r["id"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    assert "wip.txt" not in reports and len(reports) == 4
    findings = [f for r in reports.values() for f in r["findings"]]
    assert not [f for f in findings if f["rule_id"] == "MT303"]  # seed 003's misturned quotes, found by default
    assert {f["severity"] for f in findings if f["rule_id"] == "BP101"} == {"info"}
    assert not [f for f in reports["000_dcfd112f6ddbc535.txt"]["findings"] if f["rule_id"] == "BP201"]
    # 001 still has at least three boilerplate warnings (tagline, dateline, caption...): it reaches the limit
    bp_warnings = [f for f in reports["001_3f200adcfff876e7.txt"]["findings"]
                   if f["category"] == "boilerplate" and f["severity"] == "warning"]
    assert len(bp_warnings) >= 3 and reports["001_3f200adcfff876e7.txt"]["verdict"] in ("review", "reject")


def test_unknown_rule_in_configuration_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "detector.toml"
    config.write_text('[rules]\ndisable = ["XX999"]\n', encoding="utf-8")
    result = runner.invoke(app, ["scan", str(SEEDS), "--config", str(config)])
    assert result.exit_code == 2 and "unknown rule 'XX999'" in result.stderr


# --- exit codes that never hide a failure ------------------------------------------------------------------------

def _detector(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
              timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "detector.cli.app", *args], input=stdin, capture_output=True,
                          timeout=timeout, cwd=cwd)


def test_nothing_matched_is_exit_2_naming_the_glob(tmp_path: Path) -> None:
    shards = tmp_path / "shards"
    shards.mkdir()
    for name in ("a.jsonl", "b.jsonl"):
        (shards / name).write_text('{"id": 1, "text": "The plan was confirmed."}\n', encoding="utf-8")
    result = runner.invoke(app, ["scan", str(shards)])
    assert result.exit_code == 2
    assert f"no file in {shards} matches --glob '*.txt'" in result.stderr and "--glob '*.jsonl'" in result.stderr
    assert runner.invoke(app, ["scan", str(shards), "--glob", "*.jsonl", "-q"]).exit_code == 0
    assert runner.invoke(app, ["scan", str(tmp_path / "missing.txt")]).exit_code == 2
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n\n")
    result = runner.invoke(app, ["scan", str(empty)])
    assert result.exit_code == 2 and "nothing to scan: no document" in result.stderr


def test_every_record_without_the_text_field_is_exit_2_with_the_fields(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text('{"id": 1, "text": "The plan.", "url": "u"}\n' * 3, encoding="utf-8")
    out = tmp_path / "report.jsonl"
    result = runner.invoke(app, ["scan", str(data), "--text-field", "contnt", "-o", str(out)])
    assert result.exit_code == 2, result.output
    [line, hint] = result.stderr.strip().splitlines()
    assert line == (f"detector: {data}: none of its 3 record(s) has a string field 'contnt' "
                    "(the records have: id, text, url); pass --text-field")
    assert "--allow-errors" in hint and not out.exists()
    result = runner.invoke(app, ["scan", str(data), "--text-field", "contnt", "-o", str(out), "--allow-errors",
                                 "-q"])
    assert result.exit_code == 0 and "none of its 3 record(s)" in result.stderr
    assert [json.loads(r)["errors"][0]["rule_id"] for r in out.read_text(encoding="utf-8").splitlines()] == [
        "IN505"] * 3
    data.write_text('{"id": 1, "text": "The plan."}\n{"id": 2, "body": "x"}\n', encoding="utf-8")
    assert runner.invoke(app, ["scan", str(data), "-q"]).exit_code == 0  # some records have it: rows, exit 0


@pytest.mark.parametrize("args", [["scan", str(SEEDS), "--jobs", "-3"],
                                  ["clean", str(SEEDS), "--diff", "--min-confidence", "2"],
                                  ["clean", str(SEEDS), "--diff", "--min-confidence", "-0.1"]])
def test_out_of_range_values_are_usage_errors(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "Invalid value" in result.output


def test_learn_with_a_page_field_no_document_has(tmp_path: Path) -> None:
    data = tmp_path / "pages.jsonl"
    data.write_text('{"id": 1, "text": "A line.\\nAnother line.", "url": "https://a.test/x"}\n',
                    encoding="utf-8")
    result = runner.invoke(app, ["learn", str(data), "-o", str(tmp_path / "s.bin"), "--page-field", "nope"])
    assert result.exit_code == 2 and "no document has a field 'nope' (their other fields: url)" in result.stderr
    assert not (tmp_path / "s.bin").exists()
    result = runner.invoke(app, ["learn", str(data), "-o", str(tmp_path / "s.bin")])
    assert result.exit_code == 0 and "no document has a field 'page'" in result.stderr


def test_eval_on_input_of_the_wrong_shape_names_the_field_and_line(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    report.write_text('{"id": "a", "text": "t", "extractor": "x", "lines": []}\n'
                      '{"id": "b", "text": "The plan.", "extractor": "x"}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", "boilerplate", str(report)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"detector: {report}:2: field 'lines' is missing (the record has: extractor, id, text)")
    segments = tmp_path / "segments.jsonl"
    segments.write_text('{"id": "s1", "target": "Text.", "errors": [{"start": 0, "end": 2}]}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", "mt", str(segments)])
    assert result.exit_code == 2 and f"{segments}:1, errors[0]: field 'category' is missing" in result.stderr


def test_output_that_is_also_an_input_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    original = b'{"id": 1, "text": "The ministry confirmed the plan."}\n'
    data.write_bytes(original)
    result = runner.invoke(app, ["scan", str(data), "-o", str(data)])
    assert result.exit_code == 2 and "is also an input" in result.stderr
    assert data.read_bytes() == original
    result = runner.invoke(app, ["scan", str(tmp_path), "--glob", "*.jsonl", "-o", str(tmp_path / "r.jsonl")])
    assert result.exit_code == 2 and "is also an input" in result.stderr
    assert runner.invoke(app, ["scan", str(tmp_path), "--glob", "*.jsonl", "-o", str(tmp_path / "r.csv"),
                               "-q"]).exit_code == 0


def test_full_disk_is_one_line_and_exit_2() -> None:
    result = _detector("scan", str(SEEDS), "-o", "/dev/full", "-q")
    assert result.returncode == 2, result.stderr
    assert result.stderr.decode().strip() == "detector: cannot write /dev/full: no space left on the device"


def test_a_failed_write_leaves_no_torn_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.csv"
    out.write_text("the previous report\n", encoding="utf-8")
    from detector.reports.writers import csv_writer

    calls = {"n": 0}
    original = csv_writer.CsvWriter.write

    def failing(self: csv_writer.CsvWriter, report: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        original(self, report)  # type: ignore[arg-type]

    monkeypatch.setattr(csv_writer.CsvWriter, "write", failing)
    result = runner.invoke(app, ["scan", str(SEEDS), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 2 and "no space left on the device" in result.stderr
    assert out.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_a_closed_pipe_ends_quietly() -> None:
    process = subprocess.Popen([sys.executable, "-m", "detector.cli.app", "scan", str(SEEDS), "--format", "md", "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    code = process.wait(timeout=300)
    assert code == 141 and process.stderr.read() == b""


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signals_exit_130_and_143_and_keep_resumable_rows(tmp_path: Path, sig: signal.Signals, code: int) -> None:
    corpus = tmp_path / "docs.jsonl"
    text = (SEEDS / "003_43e704fa29a5586f.txt").read_text(encoding="utf-8")
    corpus.write_text("".join(json.dumps({"id": i, "text": text}) + "\n" for i in range(400)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    process = subprocess.Popen([sys.executable, "-m", "detector.cli.app", "scan", str(corpus), "-j", "1", "-o",
                                str(out), "-q"], stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline and not (partial.exists() and partial.stat().st_size > 20_000):
        time.sleep(0.05)
    process.send_signal(sig)
    assert process.wait(timeout=60) == code
    assert process.stderr is not None
    [line] = process.stderr.read().decode().strip().splitlines()
    word = "interrupted" if sig == signal.SIGINT else "terminated"
    assert line == f"detector: {word} (the complete rows are in {partial}: --resume continues from there)"
    assert not out.exists() and partial.exists()
    result = runner.invoke(app, ["scan", str(corpus), "-j", "1", "-o", str(out), "--resume", "-q"])
    assert result.exit_code == 0 and not partial.exists()
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == [str(i) for i in range(400)]


def test_fail_on_is_the_only_exit_1(tmp_path: Path) -> None:
    assert runner.invoke(app, ["scan", str(SEEDS), "--fail-on", "review", "-q"]).exit_code == 1
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"id": 1, "text": \n', encoding="utf-8")
    assert runner.invoke(app, ["scan", str(bad), "-q"]).exit_code == 0  # an error row is reported, not a failure


def test_negative_weights_and_missing_files_named_by_the_config(tmp_path: Path) -> None:
    config = tmp_path / "detector.toml"
    config.write_text("[weights]\nmt = -5.0\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(SEEDS), "--config", str(config)])
    assert result.exit_code == 2 and "'weights.mt' must be a number >= 0" in result.stderr
    for setting in ('suppressions = "missing-suppressions.txt"', '[mt]\ngazetteer = "missing-gazetteer.tsv"'):
        config.write_text(setting + "\n", encoding="utf-8")
        for command in (["clean", str(SEEDS), "--diff"], ["baseline", "create", str(SEEDS), "-o",
                                                          str(tmp_path / "b.json")]):
            result = runner.invoke(app, [*command, "--config", str(config)])
            assert result.exit_code == 2, (setting, command, result.output)
            assert "Traceback" not in result.output and "missing-" in result.stderr


def test_a_runaway_scorer_is_stopped_with_in508_and_the_run_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from detector.config.settings import Config
    from detector.core.model import Document
    from detector.engines.pipeline import Pipeline

    pipeline = Pipeline(replace(Config(), time_budget=0.3))
    runaway = pipeline.scorers[0]

    def spin(*args: object) -> None:
        while True:
            re.search(r"(a|a)*b", "a" * 40)  # the backtracking pattern the lexicon guard refuses

    monkeypatch.setattr(runaway, "score", spin)
    started = time.perf_counter()
    report = pipeline.score_document(Document("d", "The ministry confirmed the plan on Saturday."))
    assert time.perf_counter() - started < 5
    [stopped] = [f for f in report.findings if f.rule_id == "IN508"]
    assert f"Scorer '{runaway.name}'" in stopped.message and "time_budget" in stopped.message
    # every other scorer still scores, but for mt: a 7-word document is too short for the MT likelihood (issue 23)
    assert set(report.scores) == {s.name for s in pipeline.scorers[1:]} - {"mt"}
    again = pipeline.score_document(Document("e", "The ministry confirmed the plan on Saturday."))
    assert [f.rule_id for f in again.findings].count("IN508") == 1


def test_an_internal_error_is_exit_2_with_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from detector import parallel

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(parallel, "run_parallel_rendered", broken)  # the scan command imports it when it runs
    result = runner.invoke(app, ["scan", str(SEEDS), "-q"])
    assert result.exit_code == 2 and "internal error (ZeroDivisionError: a bug)" in result.stderr
