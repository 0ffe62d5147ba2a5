"""The dashboard's build, without a browser: reports read strictly, statistics exact, every field escaped, the
page sealed by its Content-Security-Policy, nothing read from disk that a report names, and an atomic write.

The fixture is real scan output: documents cut from the seeds, with meta fields (`system`, `url`, `lp`,
`segments`) so that grouping has something to group, scanned `--with-text --with-meta`. The browser tests
(test_dashboard_browser.py) reuse these builders.
"""

from __future__ import annotations

import base64
import errno
import gzip
import html
import json
import os
import re
import statistics
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from detector.cli.app import app
from detector.core.atomic import atomic_bytes
from detector.dashboard import ReportError, build, render, write_dashboard
from detector.dashboard.groups import describe, quantile
from detector.dashboard.page import asset, content_security_policy

from .conftest import CORPUS, SEEDS

runner = CliRunner()
SYSTEMS = ("alpha", "beta", "gamma")
SITES = ("news.example.org", "blog.example.com")
# One payload for every field: it closes attributes and elements, adds handlers, opens scripts and comments.
PAYLOAD = ("\"'><img src=x onerror=\"window.__pwned=1\"><svg onload=window.__pwned=2>"
           "<script>window.__pwned=3</script><!--<script>")
HOSTILE_TEXT = ("Intro <!--<script> then </script><script>window.__pwned=4</script> and "
                "<img src=x onerror=window.__pwned=5> ") + PAYLOAD + " The end."


def seed_documents() -> list[dict[str, object]]:
    """Documents cut from the seeds (windows of paragraphs), each with meta fields; plus an emoji document whose
    eggcorn sits after an astral character, and an empty one that becomes an error row."""
    docs: list[dict[str, object]] = []
    for path in sorted(SEEDS.glob("*.txt")):
        paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        for start in range(0, max(1, len(paragraphs) - 2), 2):
            i = len(docs)
            docs.append({"id": f"{path.stem}#{start}", "text": "\n\n".join(paragraphs[start:start + 4]),
                         "system": SYSTEMS[i % 3], "url": f"https://{SITES[i % 2]}/a/{i}",
                         "lp": "de-en" if i % 4 else "fr-en", "segments": 1 + i % 5})
    docs.append({"id": "emoji", "text": "Smile \U0001F600\U0001F600 please. The US and Russia have been at "
                 "lodger heads since Moscow became more involved.", "system": "alpha",
                 "url": "https://news.example.org/emoji", "lp": "de-en", "segments": 2})
    docs.append({"id": "empty", "text": "", "system": "beta", "url": "https://blog.example.com/empty",
                 "lp": "de-en", "segments": 1})
    return docs


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def scan_report(tmp: Path, docs: list[dict[str, object]], name: str = "report.jsonl") -> Path:
    source = write_jsonl(tmp / f"docs-{name}", docs)
    out = tmp / name
    result = runner.invoke(app, ["scan", str(source), "--with-text", "--with-meta", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def read_rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def hostile_rows() -> list[dict[str, object]]:
    """A report with markup in every field, and a normal row after it (the dashboard must keep working)."""
    start = HOSTILE_TEXT.index("<img")
    finding = {"rule_id": PAYLOAD, "category": PAYLOAD, "subcategory": PAYLOAD, "severity": PAYLOAD,
               "confidence": 0.5, "start": start, "end": start + 10, "quote": HOSTILE_TEXT[start:start + 10],
               "message": PAYLOAD, "fingerprint": PAYLOAD,
               "suggestion": {"start": start, "end": start + 10, "replacement": PAYLOAD, "safe": False}}
    hostile = {"schema": "detector-report/1", "id": PAYLOAD, "source": PAYLOAD, "status": PAYLOAD,
               "language": PAYLOAD, "verdict": PAYLOAD, "overall": 12.5,
               "scores": {PAYLOAD: 3.0, "mt": 10.0}, "metrics": {PAYLOAD: {PAYLOAD: PAYLOAD}},
               "findings": [finding, {**finding, "start": None, "end": None}],
               "errors": [{"rule_id": PAYLOAD, "message": PAYLOAD, "where": PAYLOAD}],
               "meta": {PAYLOAD: PAYLOAD, "system": PAYLOAD, "url": "javascript:window.__pwned=6"},
               "text": HOSTILE_TEXT}
    normal = {"schema": "detector-report/1", "id": "=plain()", "source": "plain.txt", "status": "ok",
              "language": "en", "verdict": "pass", "overall": 90.0, "scores": {"mt": 90.0}, "metrics": {},
              "findings": [], "errors": [], "meta": {"system": "alpha"}, "text": "A plain document."}
    return [hostile, normal]


@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scan_report(tmp_path_factory.mktemp("dash"), seed_documents())


def dashboard_html(tmp: Path, reports: list[Path], *options: str) -> str:
    out = tmp / "dashboard.html"
    result = runner.invoke(app, ["dashboard", *map(str, reports), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def embedded_data(page: str) -> dict:
    match = re.search(r'<script type="application/octet-stream" id="dashboard-data" '
                      r'data-encoding="gzip\+base64\+json">([A-Za-z0-9+/=]*)</script>', page)
    assert match
    return json.loads(gzip.decompress(base64.b64decode(match.group(1))))


class _Elements(HTMLParser):
    """Every start tag and attribute as the browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)


def parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


# ---------- statistics


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=2, max_size=60))
def test_quantiles_agree_with_the_statistics_module(values: list[float]) -> None:
    ordered = sorted(values)
    p25, median, p75 = statistics.quantiles(ordered, n=4, method="inclusive")
    assert quantile(ordered, 0.25) == pytest.approx(p25, abs=1e-9)
    assert quantile(ordered, 0.5) == pytest.approx(median, abs=1e-9)
    assert quantile(ordered, 0.75) == pytest.approx(p75, abs=1e-9)
    stats = describe(values)
    assert stats is not None and stats["min"] <= stats["p5"] <= stats["p25"] <= stats["median"] <= stats["p75"] \
        <= stats["p95"] <= stats["max"]
    assert stats["mean"] == pytest.approx(statistics.fmean(values), abs=0.006)


def test_group_statistics_match_the_report(fixture_report: Path) -> None:
    rows = read_rows(fixture_report)
    dashboard = build([fixture_report], ["system"])
    groups = dashboard.latest.slices.groups["group.system"]
    assert {name: g.docs for name, g in groups.items()} == dict(Counter(r["meta"]["system"] for r in rows))
    for name, group in groups.items():
        mine = [r for r in rows if r["meta"]["system"] == name]
        summary = group.summary(dashboard.dimensions)
        assert summary["verdicts"] == dict(sorted(Counter(r["verdict"] for r in mine).items()))
        mt = sorted(r["scores"]["mt"] for r in mine if "mt" in r["scores"])
        assert summary["dims"]["score.mt"]["median"] == round(statistics.median(mt), 2)
        rules = Counter(f["rule_id"] for r in mine for f in r["findings"])
        assert summary["top_rules"] == sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))[:3]


def test_default_grouping_is_the_url_domain_else_the_folder(fixture_report: Path, tmp_path: Path) -> None:
    dashboard = build([fixture_report])
    assert set(dashboard.latest.slices.groups["group.source"]) == set(SITES)
    by_url = build([fixture_report], ["url"])  # a URL field named by --group-by groups by domain too
    assert set(by_url.latest.slices.groups["group.url"]) == set(SITES)
    rows = [{**r, "meta": {}} for r in read_rows(fixture_report)]
    for i, row in enumerate(rows):
        row["source"] = f"crawl/{'a' if i % 2 else 'b'}/{i}.txt"
    plain = build([write_jsonl(tmp_path / "plain.jsonl", rows)])
    assert set(plain.latest.slices.groups["group.source"]) == {"crawl/a", "crawl/b"}


def test_group_table_shows_each_system_with_its_count(fixture_report: Path, tmp_path: Path) -> None:
    page = dashboard_html(tmp_path, [fixture_report], "--group-by", "system", "--group-by", "lp")
    counts = Counter(r["meta"]["system"] for r in read_rows(fixture_report))
    for system, count in counts.items():
        assert re.search(rf'<tr class="hit" data-set="f.group.system={system}"><td data-v="{system}">{system}'
                         rf'</td><td data-v="{count}">{count}</td>', page)
    assert 'id="groups-1"' in page and "By lp" in page  # the second --group-by
    data = embedded_data(page)
    keys = [c["key"] for c in data["columns"]]
    assert "group.system" in keys and "meta.system" not in keys and "meta.segments" in keys
    segments = next(c for c in data["columns"] if c["key"] == "meta.segments")
    assert segments["kind"] == "num"


# ---------- the table data and the embedded documents


def test_every_report_row_is_one_table_row(fixture_report: Path, tmp_path: Path) -> None:
    rows = read_rows(fixture_report)
    data = embedded_data(dashboard_html(tmp_path, [fixture_report]))
    ids = next(c for c in data["columns"] if c["key"] == "id")["values"]
    assert ids == [r["id"] for r in rows]
    verdict = next(c for c in data["columns"] if c["key"] == "verdict")
    assert [verdict["dict"][code] for code in verdict["codes"]] == [r["verdict"] for r in rows]
    findings = next(c for c in data["columns"] if c["key"] == "findings")["values"]
    assert findings == [len(r["findings"]) for r in rows]


def test_detail_limit_embeds_the_neediest_and_says_why_for_the_others(fixture_report: Path,
                                                                      tmp_path: Path) -> None:
    rows = read_rows(fixture_report)
    data = embedded_data(dashboard_html(tmp_path, [fixture_report], "--detail-limit", "3"))
    ranked = sorted(range(len(rows)), key=lambda i: (rows[i]["status"] != "error",
                                                     rows[i]["overall"] if rows[i]["overall"] is not None
                                                     else -1.0, i))
    assert sorted(int(k) for k in data["details"]) == sorted(ranked[:3])
    text = next(c for c in data["columns"] if c["key"] == "text")
    states = [text["dict"][code] for code in text["codes"]]
    for i, row in enumerate(rows):
        expected = ("error row" if row["status"] == "error" else "embedded" if i in ranked[:3]
                    else "not embedded")
        assert states[i] == expected, row["id"]
    assert set(data["textStates"]) >= set(states)


def test_offsets_are_utf16_so_highlights_after_an_emoji_cover_their_quote(fixture_report: Path,
                                                                          tmp_path: Path) -> None:
    data = embedded_data(dashboard_html(tmp_path, [fixture_report], "--detail-limit", "1000"))
    ids = next(c for c in data["columns"] if c["key"] == "id")["values"]
    detail = data["details"][str(ids.index("emoji"))]
    units = detail["text"].encode("utf-16-le")
    spanned = [f for f in detail["findings"] if f[0] is not None]
    assert any("lodger" in f[6] for f in spanned)
    for start, end, *_, quote in spanned:
        assert units[2 * start:2 * end].decode("utf-16-le")[:60] == quote


def test_runs_keep_the_command_line_order_and_their_labels(fixture_report: Path, tmp_path: Path) -> None:
    older = write_jsonl(tmp_path / "older.jsonl", read_rows(fixture_report)[:5])
    os.utime(older, (2_000_000_000, 2_000_000_000))  # newer on disk than the report given last
    page = dashboard_html(tmp_path, [older, fixture_report], "--label", "monday", "--label", "tuesday")
    assert '<b id="latest">tuesday</b>' in page
    assert page.index(">monday</title>") < page.index(">tuesday</title>")
    assert embedded_data(page)["run"] == "tuesday"
    trend = page[page.index('id="trend-table"'):]
    assert re.search(r"<td>all documents</td><td>documents</td><td>5</td><td>\d+</td>", trend)
    assert "system = alpha" not in trend and "news.example.org" in trend  # the default slices, per run


def test_output_is_deterministic(fixture_report: Path, tmp_path: Path) -> None:
    first = render(build([fixture_report], ["system"]))
    assert render(build([fixture_report], ["system"])) == first


# ---------- untrusted reports


def test_hostile_report_leaves_no_markup_of_its_own(tmp_path: Path) -> None:
    report = write_jsonl(tmp_path / "hostile.jsonl", hostile_rows())
    page = dashboard_html(tmp_path, [report], "--group-by", "system", "--group-by", PAYLOAD)
    parsed = parse(page)
    tags = Counter(tag for tag, _ in parsed.tags)
    assert tags["script"] == 2 and tags["img"] == 0 and tags["svg"] == page.count("<svg ")
    assert all(not name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    data = embedded_data(page)  # base64 only: no sequence in the data can end or comment out the script
    assert data["columns"][0]["values"][0] == PAYLOAD
    assert data["details"]["0"]["text"] == HOSTILE_TEXT
    assert PAYLOAD in {c["label"] for c in data["columns"]}  # the dimension and the meta field, as text


def test_content_security_policy_forbids_the_network_and_other_scripts(fixture_report: Path,
                                                                       tmp_path: Path) -> None:
    page = dashboard_html(tmp_path, [fixture_report])
    policy = content_security_policy(asset("dashboard.js"), asset("dashboard.css"))
    assert f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">' in page
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert f"<script>{asset('dashboard.js')}</script>" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "<link" not in page
    script = asset("dashboard.js")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script.replace("no innerHTML, no insertAdjacentHTML, no document.write", "")


def test_a_row_without_text_never_gets_the_file_its_source_names(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT-ON-DISK", encoding="utf-8")
    row = {**hostile_rows()[1], "source": str(secret), "id": str(secret)}
    del row["text"]
    page = dashboard_html(tmp_path, [write_jsonl(tmp_path / "r.jsonl", [row])])
    assert "SECRET-CONTENT-ON-DISK" not in page
    assert embedded_data(page)["details"]["0"]["text"] is None


def test_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    report = tmp_path / "s.jsonl"
    report.write_text('{"id":"a\\udc80","verdict":"pass","scores":{},"findings":[],"text":"x\\ud800y"}\n',
                      encoding="utf-8")
    out = tmp_path / "s.html"
    write_dashboard([report], out)
    page = out.read_bytes().decode("utf-8")  # strict: valid UTF-8
    assert "a\ufffd" in embedded_data(page)["columns"][0]["values"][0]


# ---------- input that is not a report, and the write


@pytest.mark.parametrize(("content", "message"), [
    ('{"id": "d1", "text": "hello"}\n', "r.jsonl:1: not a detector report row: field 'verdict' is missing"),
    ('{"id":"a","verdict":"pass","scores":{},"findings":[]}\n[1, 2]\n', "r.jsonl:2: not a report row (a JSON list"),
    ('{"id":"a","verdict":"pass","scores":{},"findings":[]}\n{"id": \n', "r.jsonl:2: not a JSON report row"),
    ('{"id":"a","verdict":"pass","scores":[],"findings":[]}\n', "r.jsonl:1: field 'scores' is a JSON list"),
    ('{"id":"a","verdict":"pass","scores":{},"findings":[{"quote":"x"}]}\n', "findings[0] has no 'rule_id'"),
    ("\n\n", "r.jsonl: no report rows"),
])
def test_not_a_report_exits_2_with_one_line_naming_field_and_place(tmp_path: Path, content: str,
                                                                   message: str) -> None:
    report = tmp_path / "r.jsonl"
    report.write_text(content, encoding="utf-8")
    out = tmp_path / "out.html"
    result = runner.invoke(app, ["dashboard", str(report), "-o", str(out)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.output
    assert not out.exists()


def test_the_corpus_itself_is_not_a_report(tmp_path: Path) -> None:
    corpus = CORPUS / "mt" / "docs.jsonl"
    if not corpus.is_file():
        pytest.skip(f"real corpus not available ({corpus} is missing)")
    result = runner.invoke(app, ["dashboard", str(corpus), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    assert f"{corpus}:1: not a detector report row: field 'verdict' is missing" in result.output


def test_group_by_a_field_no_row_has_and_labels_that_do_not_match(fixture_report: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["dashboard", str(fixture_report), "-o", str(tmp_path / "x.html"),
                                 "--group-by", "sytem"])
    assert result.exit_code == 2 and "no row has the meta field 'sytem'" in result.output
    assert "lp, segments, system, url" in result.output
    result = runner.invoke(app, ["dashboard", str(fixture_report), "-o", str(tmp_path / "x.html"),
                                 "--label", "a", "--label", "b"])
    assert result.exit_code == 2 and "2 --label for 1 reports" in result.output


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temporary(fixture_report: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out" / "dashboard.html"
    out.parent.mkdir()
    out.write_text("previous dashboard", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    result = runner.invoke(app, ["dashboard", str(fixture_report), "-o", str(out)])
    assert result.exit_code == 2 and "No space left on device" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "previous dashboard"
    assert [p.name for p in out.parent.iterdir()] == ["dashboard.html"]


def test_an_output_that_is_an_input_is_refused_and_a_missing_folder_is_an_error(fixture_report: Path,
                                                                                tmp_path: Path) -> None:
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(fixture_report.read_bytes())
    result = runner.invoke(app, ["dashboard", str(copy), "-o", str(copy)])
    assert result.exit_code == 2 and "is also an input" in result.output
    assert copy.read_bytes() == fixture_report.read_bytes()
    result = runner.invoke(app, ["dashboard", str(copy), "-o", str(tmp_path / "no" / "such" / "d.html")])
    assert result.exit_code == 2 and "No such file or directory" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_dev_full_is_an_error_not_a_replaced_device(fixture_report: Path) -> None:
    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("no /dev/full on this system")
    result = runner.invoke(app, ["dashboard", str(fixture_report), "-o", str(full)])
    assert result.exit_code == 2 and "No space left on device" in result.output
    assert full.is_char_device()


def test_atomic_write_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "d.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    atomic_bytes(target, b"new")
    assert target.read_bytes() == b"new" and (target.stat().st_mode & 0o777) == 0o600


def test_static_assets_ship_inside_the_package() -> None:
    """The wheel packs `detector/` whole (pyproject: packages = ["detector"]), so the assets must live there."""
    import detector.dashboard as package

    folder = Path(package.__file__).parent / "static"
    assert {p.name for p in folder.iterdir()} >= {"dashboard.js", "dashboard.css"}
    assert "data-ready" not in asset("dashboard.css") and "dataset.ready" in asset("dashboard.js")


def test_report_error_is_a_value_error() -> None:
    assert issubclass(ReportError, ValueError)
