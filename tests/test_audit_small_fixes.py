"""The smaller findings of the reliability audit (../shared/audits/reliability-2026-12.md), one test each, each
failing before its fix: fingerprints local to the finding (N5), terminal escapes from documents (N10), lone
surrogates joined by the JSONL editor (N12), huge scores in the dashboard (N13), pyphen's per-word cache (N15)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from detector.cli.app import app
from detector.core.model import DocumentReport, Finding, Span
from detector.reports.locations import CONTEXT, fingerprint, legacy_fingerprint

runner = CliRunner()
ESCAPES = "\x1b]0;PWNED-TITLE\x07\x1b[2J\x1b[31mRED\x1b[0m \x1b]52;c;ZWNobyBwd25lZA==\x07\x9b31m"


def _report(text: str, start: int, end: int) -> tuple[DocumentReport, Finding]:
    finding = Finding("MT101", "mt-artifact", "warning", 0.9, Span(start, end), text[start:end], "m")
    return DocumentReport("d", "d.txt", "en", {}, None, "pass", (finding,), {}, text=text), finding


def test_a_fingerprint_reads_only_a_window_around_its_finding() -> None:
    """The whole line was hashed once per finding: time findings x line length (338 s on a 12 MB line)."""
    quote = "lodger heads"
    line = "a " * 5000 + quote + " b" * 5000
    start = line.index(quote)
    base = fingerprint(*_report(line, start, start + len(quote)))
    far = line[: start - CONTEXT - 10] + "X" + line[start - CONTEXT - 9 :]  # same length, changed outside
    assert fingerprint(*_report(far, start, start + len(quote))) == base
    near = line[: start - 5] + "X" + line[start - 4 :]
    assert fingerprint(*_report(near, start, start + len(quote))) != base


def test_a_fingerprint_on_a_short_line_is_what_it_was() -> None:
    """Lines shorter than the window give the digest of the whole own line (issue 24's definition), and the legacy
    fingerprint that recognises earlier baselines gives the digest of the definition before it."""
    import hashlib

    text = "First line.\nThey were at lodger heads over it.\nLast line."
    start = text.index("lodger")
    own_line = "MT101\x00line\x00They were at lodger heads over it."
    assert fingerprint(*_report(text, start, start + 12)) == hashlib.sha256(own_line.encode()).hexdigest()[:24]
    key = "MT101\x00lodger heads\x00They were at lodger heads over it."
    assert legacy_fingerprint(*_report(text, start, start + 12)) == hashlib.sha256(key.encode()).hexdigest()[:24]


def _hostile_jsonl(tmp_path: Path) -> Path:
    record = {"id": "doc\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07",
              "text": "Share this article " + ESCAPES + "\nThe council met on Tuesday to discuss the new budget."}
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_no_document_writes_a_terminal_escape_to_md_csv_github_or_a_diff(tmp_path: Path) -> None:
    path = _hostile_jsonl(tmp_path)
    for command in (["scan", str(path), "-f", "md"], ["scan", str(path), "-f", "github"],
                    ["scan", str(path), "-f", "csv"], ["clean", str(path), "--diff"]):
        result = runner.invoke(app, command)
        assert result.exit_code in (0, 1), (command, result.output)
        shown = result.stdout
        assert not any(ch in shown for ch in "\x1b\x07\x9b"), command
        assert "\\x1b" in shown, command  # shown, not run
        if command[0] == "clean":
            assert "\\x1b]0;PWNED-TITLE\\x07" in shown


def test_a_deletion_never_joins_two_lone_surrogates(tmp_path: Path) -> None:
    """`\\ud83d</div>\\ude00`: deleting the tag made the two escapes one character (an emoji never there)."""
    path = tmp_path / "s.jsonl"
    line = ('{"id":"s","text":"The council met on Tuesday to discuss the budget. \\ud83d</div>\\ude00 Members agreed '
            'to fund two new schools next year."}\n')
    path.write_text(line, encoding="utf-8")
    result = runner.invoke(app, ["clean", str(path), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0 and "join two lone surrogate" in result.stderr
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == line  # left as it was
    assert "0 changed" in result.stderr


def test_huge_scores_in_a_report_do_not_end_the_dashboard(tmp_path: Path) -> None:
    report = tmp_path / "big.jsonl"
    report.write_text('{"id":"a","verdict":"pass","scores":{"mt":1e308},"overall":1e308,"findings":[]}\n'
                      '{"id":"b","verdict":"pass","scores":{"mt":1e308},"findings":[],'
                      '"metrics":{"readability":{"flesch_kincaid_grade":1e308}}}\n'
                      '{"id":"c","verdict":"pass","scores":{"mt":55.5},"findings":[],'
                      '"metrics":{"readability":{"flesch_kincaid_grade":1e300}}}\n')
    result = runner.invoke(app, ["dashboard", str(report), "-o", str(tmp_path / "d.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "d.html").stat().st_size > 0


def test_the_syllable_cache_stays_bounded() -> None:
    """pyphen cached every word it hyphenated: memory grew with every distinct word of a crawl. The native counter
    ported pyphen's patterns without that dict, and its own per-word cache takes no word past its limit."""
    from detector.core import _native
    from detector.scorers.readability import formulas

    # no CMUdict: every word goes to the hyphenation patterns
    counter = _native.Readability(formulas._hyphenation_text("de_DE"), None, None, cache_limit=50)
    for number in range(400):
        assert counter.syllables(f"wort{number}zahl") >= 2
    assert counter.cached_words == 50
    assert formulas.counter("de_DE").cached_words <= 500_000


def test_a_clean_killed_after_its_backup_does_not_back_up_twice(tmp_path: Path) -> None:
    """`clean --in-place` killed between the backup and the replacement leaves NAME.orig equal to NAME: the rerun
    must take that backup as its own, not add NAME.orig.2 with the same bytes (the kill-during-clean loop found the
    second copy)."""
    seed = Path(__file__).resolve().parents[1] / "seeds"
    article = tmp_path / "a.txt"
    original = next(iter(sorted(seed.glob("*.txt")))).read_bytes()
    article.write_bytes(original)
    (tmp_path / "a.txt.orig").write_bytes(original)  # the state a kill after the backup leaves
    result = runner.invoke(app, ["clean", "--in-place", str(article)])
    assert result.exit_code == 0, result.output
    assert article.read_bytes() != original  # cleaned
    assert (tmp_path / "a.txt.orig").read_bytes() == original
    assert not (tmp_path / "a.txt.orig.2").exists()
