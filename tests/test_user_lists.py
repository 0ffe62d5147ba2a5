"""Your own phrases (`[tool.detector.boilerplate] phrases`), lines never to remove (`keep_lines`, `keep_file`) and
regex rows held to the regex guard, through the command line as a user sets them up."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from detector.cli.app import app

runner = CliRunner()
HEADER = "# format: detector-lexicon/1\n# kind: existence\n# lang: en\n# source: our site\n# license: CC0\n"
PAGE = ("Daily Gazette Morning Review\n\nThe council met on Tuesday to discuss the new budget. Members agreed, after "
        "a long debate, to fund two schools and a library.\n\nSubscribe to the Morning Review newsletter\n"
        "Morning Review perks: join the club today\n"
        "Share this article\n")


def _project(folder: Path, toml: str) -> Path:
    (folder / "promo.en.tsv").write_text(HEADER + "# scope: line\nDaily Gazette Morning Review\n", encoding="utf-8")
    (folder / "subs.en.tsv").write_text(HEADER + "# match: regex\n# scope: line\nMorning Review perks: .{1,40}\n",
                                        encoding="utf-8")
    (folder / "detector.toml").write_text(toml, encoding="utf-8")
    page = folder / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    return page


def _findings(page: Path) -> list[tuple[str, str]]:
    result = runner.invoke(app, ["scan", str(page), "-q"])
    assert result.exit_code == 0, result.output
    return [(f["rule_id"], f["quote"]) for f in json.loads(result.stdout)["findings"]]


def test_a_users_lists_extend_a_rule_and_a_kept_line_is_never_removed(tmp_path: Path) -> None:
    plain = _findings(_project(tmp_path, ""))
    assert ("BP102", "Share this article") in plain
    ours = {"Daily Gazette Morning Review", "Morning Review perks: join the club today"}
    assert not any(rule == "BP104" and quote in ours for rule, quote in plain)  # the shipped lists miss them
    (tmp_path / "keep.txt").write_text("# lines our pages need\nshare this article!\n", encoding="utf-8")
    page = _project(tmp_path, '[boilerplate]\nphrases = { BP104 = ["promo.en.tsv", "subs.en.tsv"] }\n'
                              'keep_file = "keep.txt"\n')
    found = _findings(page)
    assert ("BP104", "Daily Gazette Morning Review") in found
    assert ("BP104", "Morning Review perks: join the club today") in found  # the regex row
    assert not any(quote == "Share this article" for _, quote in found)  # kept (case and punctuation aside)
    out = tmp_path / "clean.txt"
    assert runner.invoke(app, ["clean", str(page), "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("The council met") and "Share this article" in out.read_text(
        encoding="utf-8")


def test_a_regex_row_that_can_backtrack_is_refused_with_its_file_and_line(tmp_path: Path) -> None:
    """In a list that stays on Python's `re` (its lookbehind row cannot run on the native engine)."""
    page = _project(tmp_path, '[boilerplate]\nphrases = { BP104 = "slow.en.tsv" }\n')
    (tmp_path / "slow.en.tsv").write_text(HEADER + "# match: regex\n# scope: line\n(?<!x)fine\n(a|a)*b\n",
                                          encoding="utf-8")
    result = runner.invoke(app, ["scan", str(page)])
    assert result.exit_code == 2 and "slow.en.tsv:9:" in result.stderr and "backtracks" in result.stderr


def test_the_same_row_in_a_list_the_native_engine_runs_is_linear(tmp_path: Path) -> None:
    page = _project(tmp_path, '[boilerplate]\nphrases = { BP104 = "slow.en.tsv" }\n')
    (tmp_path / "slow.en.tsv").write_text(HEADER + "# match: regex\n# scope: line\nfine\n(a|a)*b\n",
                                          encoding="utf-8")
    page.write_text(page.read_text(encoding="utf-8") + "a" * 200_000 + "c\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(page), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "IN508" not in result.stdout  # no scorer stopped by a budget: the row ran in linear time


def test_phrases_must_name_a_boilerplate_phrase_rule_and_an_existing_file(tmp_path: Path) -> None:
    page = _project(tmp_path, '[boilerplate]\nphrases = { MT201 = "promo.en.tsv" }\n')
    result = runner.invoke(app, ["scan", str(page)])
    assert result.exit_code == 2 and "boilerplate.phrases.MT201" in result.stderr
    page = _project(tmp_path, '[boilerplate]\nphrases = { BP104 = "missing.en.tsv" }\n')
    result = runner.invoke(app, ["scan", str(page)])
    assert result.exit_code == 2 and "missing.en.tsv" in result.stderr
