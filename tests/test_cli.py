"""The command line: exit codes, one row per input document, --help for each command, broken input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from detector.cli import app
from detector.registry import load_rules
from detector.serialize import report_schema

from .conftest import SEEDS

runner = CliRunner()


def rows(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_scan_seeds_jsonl(in_root: Path) -> None:
    result = runner.invoke(app, ["scan", "seeds/", "--format", "jsonl", "--quiet"])
    assert result.exit_code == 0, result.output
    reports = rows(result.stdout)
    assert len(reports) == 4
    validator = jsonschema.Draft202012Validator(report_schema())
    for report in reports:
        validator.validate(report)
        assert report["language"] == "en" and "readability" in report["scores"]


@pytest.fixture
def messy_dir(tmp_path: Path) -> Path:
    for seed in SEEDS.glob("*.txt"):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("Le café était fermé à cause de la grève des employés.".encode("latin-1"))
    (tmp_path / "records.jsonl").write_text('{"id": "r1", "text": "The ministry confirmed the plan."}\n'
                                            '{"id": "r2", "text": "broken\n', encoding="utf-8")
    return tmp_path


def test_messy_directory_gives_one_row_per_document_and_exit_0(messy_dir: Path) -> None:
    result = runner.invoke(app, ["scan", str(messy_dir), "--glob", "*", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    reports = {Path(r["source"]).name: r for r in rows(result.stdout)}
    assert len(reports) == 4 + 3 + 2
    assert reports["empty.txt"]["errors"][0]["rule_id"] == "IN502"
    assert reports["image.txt"]["errors"][0]["rule_id"] == "IN503"
    assert reports["latin1.txt"]["status"] == "ok"
    assert reports["latin1.txt"]["findings"][0]["rule_id"] == "IN501"
    assert reports["records.jsonl:2"]["errors"][0]["rule_id"] == "IN504"
    assert reports["records.jsonl:1"]["status"] == "ok"
    assert "9 documents (6 ok, 3 error rows)" in result.stderr


def test_output_file_is_byte_identical_across_runs(tmp_path_factory: pytest.TempPathFactory,
                                                   messy_dir: Path) -> None:
    outputs = []
    out_dir = tmp_path_factory.mktemp("out")
    for name in ("a.jsonl", "b.jsonl"):
        out = out_dir / name
        result = runner.invoke(app, ["scan", str(messy_dir), "--glob", "*", "-o", str(out), "-q"])
        assert result.exit_code == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") == 9


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_every_format_renders(fmt: str, in_root: Path) -> None:
    result = runner.invoke(app, ["scan", "seeds", "--format", fmt, "-q"])
    assert result.exit_code == 0 and "seeds/003_43e704fa29a5586f.txt" in result.stdout


def test_fail_on_sets_exit_code(tmp_path: Path) -> None:
    doc = tmp_path / "de.txt"
    doc.write_text("Die Regierung hat am Samstag mitgeteilt, dass der Plan wie vereinbart umgesetzt wird.",
                   encoding="utf-8")
    config = tmp_path / "detector.toml"
    config.write_text('[language]\nexpected = ["en"]\n', encoding="utf-8")
    assert runner.invoke(app, ["scan", str(doc), "--config", str(config), "-q"]).exit_code == 0
    result = runner.invoke(app, ["scan", str(doc), "--config", str(config), "--fail-on", "reject", "-q"])
    assert result.exit_code == 1
    assert runner.invoke(app, ["scan", str(SEEDS), "--fail-on", "reject", "-q"]).exit_code == 0


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["scan", str(tmp_path / "missing")]).exit_code == 2
    assert runner.invoke(app, ["scan", str(SEEDS), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["scan", str(SEEDS), "--scorers", "nonsense"]).exit_code == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("[verdict]\nreview_belwo = 3\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(SEEDS), "--config", str(bad)])
    assert result.exit_code == 2 and "unknown key 'verdict.review_belwo'" in result.stderr


def test_scorers_option_selects_dimensions() -> None:
    result = runner.invoke(app, ["scan", str(SEEDS), "--scorers", "language", "-q"])
    assert result.exit_code == 0
    assert all(set(r["scores"]) == {"language"} for r in rows(result.stdout))


def test_stdin(in_root: Path) -> None:
    result = runner.invoke(app, ["scan", "-", "-q"], input="The ministry confirmed the plan on Saturday.")
    assert result.exit_code == 0 and rows(result.stdout)[0]["id"] == "-"


@pytest.mark.parametrize("command", [[], ["scan"], ["rules"], ["explain"], ["clean"], ["learn"], ["eval"],
                                     ["eval", "boilerplate"], ["eval", "mt"], ["baseline"], ["baseline", "create"]])
def test_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.stdout


def test_rules_lists_every_rule_and_explain_prints_each() -> None:
    listing = runner.invoke(app, ["rules"]).stdout
    for rule_id, rule in load_rules().items():
        assert f"| {rule_id} | {rule.name} |" in listing
        page = runner.invoke(app, ["explain", rule_id.lower()])
        assert page.exit_code == 0 and rule.title in page.stdout
    data = json.loads(runner.invoke(app, ["rules", "--format", "json"]).stdout)
    assert [r["id"] for r in data] == list(load_rules())
    assert runner.invoke(app, ["explain", "ZZ000"]).exit_code == 2


def test_huge_single_line_document_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    sentence = b"The ministry said the plan would go ahead as agreed with its partners. "
    path.write_bytes(sentence * (50_000_000 // len(sentence)))
    result = runner.invoke(app, ["scan", str(path), "-q"])
    assert result.exit_code == 0
    [report] = rows(result.stdout)
    assert report["status"] == "ok" and report["language"] == "en"
    assert "IN507" in [f["rule_id"] for f in report["findings"]]
