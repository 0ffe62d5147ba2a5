"""Writers never emit invalid output, whatever a report holds: every format parses, has one record per document,
and is valid UTF-8, for hostile reports (lone surrogates, control characters, lone CRs, formula prefixes, markup,
metadata JSON cannot hold) and for reports drawn by hypothesis."""

from __future__ import annotations

import csv
import decimal
import io
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.core.model import DocumentReport, Edit, Finding, InputError, Span
from detector.core.safety import visible_controls
from detector.engines.pipeline import Pipeline
from detector.inputs.readers import Loaded
from detector.reports.writers import WRITERS, WriterContext, make_writer
from detector.reports.writers.csv_writer import FORMULA_PREFIXES, text_cell

from .conftest import SEEDS

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _sarif_validator():  # type: ignore[no-untyped-def]
    """The official schema's validator: jsonschema-rs where installed (40 times faster, for the long fuzz runs),
    else jsonschema."""
    try:
        import jsonschema_rs
    except ImportError:
        return jsonschema.Draft4Validator(SARIF_SCHEMA)
    return jsonschema_rs.Draft4Validator(SARIF_SCHEMA)



SARIF_VALIDATOR = _sarif_validator()
SCORERS = ("language", "readability", "boilerplate", "mt")
HOSTILE_IDS = ["a\udc80b", "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "line\rbreak", "tab\tcell",
               "quote\"and,comma", "ctl\x01\x0c\x1b", "<b>&amp;</b>]]>", "\ufffe\uffff", "new\nline", "😀\u2028"]


def _report(doc_id: str, text: str, meta: dict | None = None, error: bool = False) -> DocumentReport:
    if error:
        return DocumentReport(doc_id, doc_id, "und", {}, None, "reject", (), {},
                              (InputError("IN504", f"Not a JSON object: {doc_id}.", doc_id),), meta or {})
    end = min(len(text), 5)
    finding = Finding("BP101", "boilerplate", "warning", 0.9, Span(0, end), text[:end], f"'{text[:end]}' is a label",
                      Edit(Span(0, end), "", True), "navigation-ui")
    document_level = Finding("RD302", "readability", "info", 0.8, None, "", f"message with {doc_id}")
    return DocumentReport(doc_id, f"src/{doc_id}", "en", {"language": 100.0, "mt": 50.5}, 75.25, "review",
                          (document_level, finding), {"mt": {"x": 1}}, (), meta or {}, text)


def hostile_reports() -> list[DocumentReport]:
    meta = {"big": 10**40, "nan": float("nan"), "inf": float("inf"), "dec": decimal.Decimal("1.10"),
            "bytes": b"\xff\x00", "deep": _nested(600), "key\udc80": "value\udcff", 7: "int key"}
    reports = [_report(doc_id, f"{doc_id} The ministry said so.", meta) for doc_id in HOSTILE_IDS]
    reports += [_report(doc_id, "", meta, error=True) for doc_id in HOSTILE_IDS[:4]]
    return reports


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def render(fmt: str, reports: list[DocumentReport], with_meta: bool = True, with_text: bool = True) -> bytes:
    """The bytes a writer emits through a strict UTF-8 stream (a surrogate reaching it would raise)."""
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", errors="strict", newline="")
    writer = make_writer(fmt, stream, WriterContext(SCORERS, with_meta, with_text))
    for report in reports:
        writer.write(report)
    writer.close()
    stream.flush()
    return buffer.getvalue()


def check_valid(fmt: str, data: bytes, reports: list[DocumentReport]) -> None:
    """Each format parses and holds exactly one record per document."""
    text = data.decode("utf-8")  # strict: valid UTF-8
    documents = len(reports)
    if fmt == "jsonl":
        rows = [json.loads(line) for line in text.split("\n") if line]
        assert len(rows) == documents and [r["id"] for r in rows] == [_safe(r.id) for r in reports]
    elif fmt == "json":
        rows = json.loads(text)
        assert len(rows) == documents
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len(rows) == documents + 1 and len({len(row) for row in rows}) == 1
        shown = [visible_controls(_safe(r.id), keep_cr=True) for r in reports]
        neutralised = ["'" + i if i.startswith(FORMULA_PREFIXES) else i for i in shown]
        assert [row[0] for row in rows[1:]] == neutralised
    elif fmt == "junit":
        suite = ET.fromstring(data)
        assert len(suite.findall("testcase")) == documents == int(suite.get("tests", "-1"))
    elif fmt == "sarif":
        sarif = json.loads(text)
        SARIF_VALIDATOR.validate(sarif)
        expected = sum(len(r.findings) + len(r.errors) for r in reports)
        assert len(sarif["runs"][0]["results"]) == expected
    elif fmt == "github":
        lines = text.split("\n")[:-1]
        assert len(lines) == sum(len(r.findings) + len(r.errors) for r in reports)
        assert all(line.startswith("::") for line in lines)
    elif fmt == "md":
        assert text.count("\n## ") == documents + 1  # one section per document, then the summary
    if fmt in ("md", "csv", "github"):  # read on terminals and in CI logs: nothing a terminal would act on (N10)
        assert not TERMINAL_CONTROL.search(text), (fmt, TERMINAL_CONTROL.search(text))


TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _safe(value: str) -> str:
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_hostile_reports_give_valid_output_in_every_format(fmt: str) -> None:
    reports = hostile_reports()
    data = render(fmt, reports)
    check_valid(fmt, data, reports)
    assert "\ufffd".encode() in data  # the lone surrogates, replaced


def test_the_surrogate_policy_is_the_same_everywhere() -> None:
    reports = [_report("a\udc80b", "x\udcffy The ministry said so.")]
    for fmt in sorted(WRITERS):
        data = render(fmt, reports).decode("utf-8")
        assert "a\ufffdb" in data or fmt in ("github",), fmt
        assert "a\\udc80b" not in data and "x\\udcffy" not in data, fmt  # replaced, never escaped


def test_jsonl_metadata_json_cannot_hold_is_made_safe() -> None:
    [row] = [json.loads(line) for line in render("jsonl", hostile_reports()[:1]).splitlines()]
    meta = row["meta"]
    assert meta["big"] == 10**40 and meta["nan"] is None and meta["inf"] is None and meta["dec"] == 1.1
    assert meta["bytes"].startswith("base64:") and meta["key\ufffd"] == "value\ufffd" and meta["7"] == "int key"
    depth, value = 0, meta["deep"]
    while isinstance(value, list):
        depth, value = depth + 1, value[0] if value else None
    assert value == "<nested deeper than 200 levels>" and depth == 198  # 200 levels counting row and meta


def test_csv_quotes_lone_cr_and_neutralises_formulas() -> None:
    assert text_cell("a\rb") == '"a\rb"' and text_cell("=1+1") == "'=1+1" and text_cell("@x") == "'@x"
    assert text_cell("-5") == "'-5" and text_cell("\tx") == "'\tx" and text_cell("safe text") == "safe text"
    rows = list(csv.reader(io.StringIO(render("csv", hostile_reports()).decode("utf-8"), newline="")))
    cells = {row[0] for row in rows[1:]}
    assert "'=HYPERLINK(\"http://x\")" in cells and "'+1" in cells and "line\rbreak" in cells
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in (row[0], row[1]))
    header = rows[0]
    overall = header.index("overall")
    assert rows[1][overall] == "75.25"  # numbers are never prefixed


def test_junit_strips_characters_xml_forbids() -> None:
    data = render("junit", [_report("ctl\x01\x0cform", "feed\x0c\x01 The ministry said so.")])
    suite = ET.fromstring(data)
    assert suite.find("testcase").get("name") == "ctlform"  # type: ignore[union-attr]


def test_parquet_report_has_the_csv_columns_and_nested_findings(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is an optional extra")
    from detector.reports.writers.parquet_writer import ParquetWriter

    reports = hostile_reports()
    with (tmp_path / "r.parquet").open("wb") as stream:
        writer = ParquetWriter(stream, WriterContext(SCORERS, True, True))
        for report in reports:
            writer.write(report)
        writer.close()
    table = pq.read_table(tmp_path / "r.parquet")
    header = next(csv.reader(io.StringIO(render("csv", reports).decode("utf-8"))))
    assert table.column_names == [*header, "meta", "text"]
    rows = table.to_pylist()
    assert len(rows) == len(reports) and rows[0]["id"] == "a\ufffdb"
    assert [f["rule_id"] for f in rows[0]["findings"]] == ["RD302", "BP101"]
    assert rows[0]["findings"][1]["suggestion"] == {"start": 0, "end": 5, "replacement": "", "safe": True}
    assert rows[-1]["errors"][0]["rule_id"] == "IN504" and rows[-1]["overall"] is None
    assert json.loads(rows[0]["meta"])["big"] == 10**40


def test_seed_reports_render_in_parquet_through_the_cli(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is an optional extra")
    from typer.testing import CliRunner

    from detector.cli.app import app

    out = tmp_path / "seeds.parquet"
    result = CliRunner().invoke(app, ["scan", str(SEEDS), "--format", "parquet", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    rows = pq.read_table(out).to_pylist()
    assert len(rows) == 4 and all(r["findings"] for r in rows)
    assert CliRunner().invoke(app, ["scan", str(SEEDS), "--format", "parquet"]).exit_code == 2


# --- properties --------------------------------------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)  # surrogates and controls included


@st.composite
def reports(draw: st.DrawFn) -> DocumentReport:
    doc_id = draw(ANY_TEXT)
    text = draw(ANY_TEXT) + " the plan"
    meta = draw(st.dictionaries(ANY_TEXT, st.one_of(ANY_TEXT, st.integers(), st.floats()), max_size=3))
    return _report(doc_id, text, meta, error=draw(st.booleans()))


@settings(max_examples=60, deadline=None)
@given(st.lists(reports(), max_size=5), st.sampled_from(sorted(WRITERS)))
def test_any_report_renders_validly(drawn: list[DocumentReport], fmt: str) -> None:
    check_valid(fmt, render(fmt, drawn), drawn)


@settings(max_examples=40, deadline=None)
@given(st.text(st.characters(exclude_categories=()), min_size=1, max_size=60))
def test_any_scored_document_renders_validly(text: str) -> None:
    report = PIPELINE.report(Loaded("d", "d", _document(text)))
    for fmt in sorted(WRITERS):
        check_valid(fmt, render(fmt, [report]), [report])
    assert all(not math.isnan(v) for v in report.scores.values())


PIPELINE = Pipeline()


def _document(text: str):  # type: ignore[no-untyped-def]
    from detector.core.model import Document

    return Document("d\udc80", text, "src")


def test_the_command_line_offers_every_writer_and_no_other() -> None:
    """`--format` choices are an enum of the CLI; the writers are a table of the library: they must agree."""
    from detector.cli.app import Format
    from detector.reports.writers import BINARY_FORMATS

    assert {f.value for f in Format} == {*WRITERS, *BINARY_FORMATS}
