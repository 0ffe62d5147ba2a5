"""The command line: exit codes, one row per input document, --help for each command, broken input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from detector.cli.app import app
from detector.reports.serialize import report_schema
from detector.scorers.registry import load_rules

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


# Selection, statistics, config discovery and --version, as ruff has them.

def findings_of(result_stdout: str) -> list[str]:
    return [f["rule_id"] for r in rows(result_stdout) for f in r["findings"]]


def test_prefix_selection_on_the_seeds(in_root: Path) -> None:
    everything = findings_of(runner.invoke(app, ["scan", "seeds/", "-q"]).stdout)
    assert {r[:2] for r in everything} >= {"BP", "MT", "RD"}
    bp2 = findings_of(runner.invoke(app, ["scan", "seeds/", "-q", "--select", "BP2"]).stdout)
    assert bp2 and bp2 == [r for r in everything if r.startswith("BP2")]
    mixed = runner.invoke(app, ["scan", "seeds/", "-q", "--select", "BP,mt", "--ignore", "BP2",
                                "--extend-select", "BP202", "--ignore", "MT5"])
    assert findings_of(mixed.stdout) == [r for r in everything if (r.startswith("BP") and not r.startswith("BP2"))
                                         or r == "BP202" or (r.startswith("MT") and not r.startswith("MT5"))]
    warnings = findings_of(runner.invoke(app, ["scan", "seeds/", "-q", "--min-severity", "warning"]).stdout)
    assert "RD301" in everything and "RD301" not in warnings and "MT201" in warnings
    assert warnings == [r for r in everything if load_rules()[r].severity != "info"]


def test_bad_selectors_are_usage_errors(in_root: Path) -> None:
    result = runner.invoke(app, ["scan", "seeds/", "--select", "BQ"])
    assert result.exit_code == 2 and "--select 'BQ' matches no rule" in result.stderr
    result = runner.invoke(app, ["scan", "seeds/", "--ignore", "MT-4"])
    assert result.exit_code == 2 and "not a rule selector" in result.stderr


def test_statistics_counts_every_rule_of_the_report(in_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.jsonl"
    result = runner.invoke(app, ["scan", "seeds/", "--statistics", "-o", str(out), "-q"])
    assert result.exit_code == 0
    counts: dict[str, int] = {}
    for rule_id in findings_of(out.read_text(encoding="utf-8")):
        counts[rule_id] = counts.get(rule_id, 0) + 1
    lines = result.stdout.splitlines()
    parsed = {line.split("\t")[1]: int(line.split("\t")[0]) for line in lines}
    assert parsed == counts and len(lines) == len(counts)
    assert [int(line.split("\t")[0]) for line in lines] == sorted(parsed.values(), reverse=True)
    rules = load_rules()
    for line in lines:
        _, rule_id, rest = line.split("\t")
        marker = "[*]" if rules[rule_id].fix_safety == "safe" else "[ ]"
        assert rest == f"{marker} {rules[rule_id].name}"
    assert any(line.endswith("[*] bp-navigation-ui") for line in lines)
    assert any(line.endswith("[ ] mt-eggcorn") for line in lines)
    alone = runner.invoke(app, ["scan", "seeds/", "--statistics", "--select", "MT2", "-q"])
    assert alone.stdout.replace(" ", "") == "".join(line.replace(" ", "") + "\n" for line in lines
                                                    if "\tMT2" in line)  # the counts alone, no report rows


def test_config_is_found_from_a_subdirectory_of_the_first_input(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    (project / "texts" / "batch").mkdir(parents=True)
    for seed in SEEDS.glob("*.txt"):
        (project / "texts" / "batch" / seed.name).write_bytes(seed.read_bytes())
    (project / "pyproject.toml").write_text('[tool.detector.rules]\nselect = ["MT2"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the working directory is outside the project: the input path decides
    found = findings_of(runner.invoke(app, ["scan", "project/texts/batch", "-q"]).stdout)
    assert found and all(r.startswith("MT2") for r in found)
    isolated = findings_of(runner.invoke(app, ["scan", "project/texts/batch", "-q", "--isolated"]).stdout)
    assert {r[:2] for r in isolated} >= {"BP", "MT", "RD"}
    inline = runner.invoke(app, ["scan", "project/texts/batch", "-q", "--config", "rules.select = ['BP1']"])
    assert {r[:3] for r in findings_of(inline.stdout)} == {"BP1"}
    assert runner.invoke(app, ["scan", "project/texts/batch", "--isolated", "--config",
                               str(project / "pyproject.toml")]).exit_code == 2


def test_version() -> None:
    from detector import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"detector {__version__}\n"


def test_clean_diff_alone_is_a_check_that_fails_on_any_change(tmp_path: Path) -> None:
    seed = tmp_path / "001.txt"
    seed.write_bytes((SEEDS / "001_3f200adcfff876e7.txt").read_bytes())
    result = runner.invoke(app, ["clean", str(seed), "--diff"])
    assert result.exit_code == 1 and result.stdout.startswith("--- a/")
    cleaned = tmp_path / "cleaned"
    assert runner.invoke(app, ["clean", str(seed), "-o", str(cleaned)]).exit_code == 0
    again = runner.invoke(app, ["clean", str(cleaned), "--diff"])
    assert again.exit_code == 0 and again.stdout == ""
