"""CI and terminal outputs of issue 24: `--format concise` (`file:line:col: RULE message`), columns and quotes of
findings in JSONL inputs in GitHub annotations, and `--exit-zero`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from detector.cli.app import app

from .conftest import ROOT, SEEDS

runner = CliRunner()
DOCS = ROOT / "tests" / "data" / "pipeline_docs.jsonl"
CONCISE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[A-Z]{2}\d{3}) (?P<message>.+)$")
ANNOTATION = re.compile(r"^::(?:warning|notice|error) file=(?P<path>[^,]+),line=(?P<line>\d+)"
                        r"(?:,col=(?P<col>\d+),endLine=\d+,endColumn=(?P<end>\d+))?,title=(?P<title>[^:]+)::(?P<msg>.*)$")


def scan(*args: str) -> str:
    result = runner.invoke(app, ["scan", *args, "-q"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_concise_gives_one_file_line_col_rule_message_line_per_finding(in_root: Path) -> None:
    lines = scan("seeds/001_3f200adcfff876e7.txt", "--format", "concise").splitlines()
    report = json.loads(scan("seeds/001_3f200adcfff876e7.txt"))
    assert len(lines) == len(report["findings"])
    text = (SEEDS / "001_3f200adcfff876e7.txt").read_text(encoding="utf-8").split("\n")
    for line, finding in zip(lines, report["findings"]):
        match = CONCISE.match(line)
        assert match, line
        assert match["rule"] == finding["rule_id"] and match["message"] == " ".join(finding["message"].split())
        if finding["start"] is not None:
            row, col = int(match["line"]), int(match["col"])
            assert text[row - 1][col - 1 :].startswith(finding["quote"].split("\n")[0])


def test_findings_in_jsonl_records_are_annotated_at_their_quote(in_root: Path) -> None:
    """Before issue 24 a JSONL finding was annotated on its record's line with no column and no quote."""
    records = DOCS.read_text(encoding="utf-8").split("\n")
    path = str(DOCS.relative_to(ROOT))
    findings = [f for line in scan(path).splitlines() for f in json.loads(line)["findings"]]
    annotations = [ANNOTATION.match(line) for line in scan(path, "--format", "github").splitlines()]
    assert len(annotations) == len(findings) and all(annotations)
    placed = 0
    for match, finding in zip(annotations, findings):
        assert match is not None and match["title"].startswith(finding["rule_id"])
        if finding["start"] is None:
            continue
        record = records[int(match["line"]) - 1]
        literal = record[int(match["col"]) - 1 : int(match["end"]) - 1]
        assert json.loads(f'"{literal}"') == finding["quote"]  # the columns hold exactly the quote, escapes and all
        shown = " ".join(finding["quote"].split())
        assert shown[:60] in match["msg"]  # and the message shows it
        placed += 1
    assert placed > 10


def test_exit_zero_reports_without_failing(in_root: Path) -> None:
    args = ["scan", "seeds/001_3f200adcfff876e7.txt", "--fail-on", "review", "-q"]
    assert runner.invoke(app, args).exit_code == 1
    result = runner.invoke(app, [*args, "--exit-zero"])
    assert result.exit_code == 0 and json.loads(result.stdout)["verdict"] == "review"
