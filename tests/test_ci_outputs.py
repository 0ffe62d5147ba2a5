"""CI gates: SARIF valid against the official 2.1.0 schema, and baselines that gate only new findings."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from detector.cli import app

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


def test_baseline_gates_only_the_new_finding(tmp_path: Path) -> None:
    seeds = _copy_seeds(tmp_path / "seeds")
    baseline = tmp_path / "baseline.json"
    assert runner.invoke(app, ["baseline", "create", str(seeds), "-o", str(baseline)]).exit_code == 0
    assert runner.invoke(app, ["scan", str(seeds), "--baseline", str(baseline), "--fail-on", "review",
                               "-q"]).exit_code == 0
    # a paragraph inserted above old findings makes none of them new
    seed3 = seeds / "003_43e704fa29a5586f.txt"
    seed3.write_text(seed3.read_text(encoding="utf-8").replace(
        "The proposals mark", "An inserted paragraph of ordinary text.\n\nThe proposals mark"), encoding="utf-8")
    assert runner.invoke(app, ["scan", str(seeds), "--baseline", str(baseline), "--fail-on", "review",
                               "-q"]).exit_code == 0
    # one new residue line fails the gate with exactly that finding
    seed1 = seeds / "001_3f200adcfff876e7.txt"
    seed1.write_text(seed1.read_text(encoding="utf-8").replace(
        "Russia has expressed", "Share this article\n\nRussia has expressed"), encoding="utf-8")
    result = runner.invoke(app, ["scan", str(seeds), "--baseline", str(baseline), "--fail-on", "review", "-q"])
    assert result.exit_code == 1
    new = [(r["id"], f["rule_id"], f["quote"]) for r in map(json.loads, result.stdout.splitlines())
           for f in r["findings"]]
    assert new == [(str(seed1), "BP102", "Share this article")]


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
                      '[rules]\ndisable = ["MT401"]\nseverity = { BP101 = "info" }\n'
                      '[verdict.category_warnings]\nboilerplate = 3\n', encoding="utf-8")
    result = runner.invoke(app, ["scan", str(seeds), "--config", str(config), "-q"])
    assert result.exit_code == 0, result.output
    reports = {Path(r["id"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    assert "wip.txt" not in reports and len(reports) == 4
    findings = [f for r in reports.values() for f in r["findings"]]
    assert not [f for f in findings if f["rule_id"] == "MT401"]
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
