"""Boilerplate residue on the seeds (every listed item, nothing else), cleaning, corpus mode and the real corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from detector.clean.edits import clean_text, replay
from detector.cli.app import app
from detector.config.settings import Config
from detector.core.model import Document
from detector.engines.pipeline import Pipeline
from detector.scorers.boilerplate.corpus import LineStats, learn
from detector.scorers.boilerplate.scorer import BoilerplateScorer
from detector.text.view import TextView

from .conftest import SEEDS, corpus_file

PIPELINE = Pipeline(Config(scorers=("boilerplate",)))
runner = CliRunner()

# (seed, quoted text, subcategory): the residue the issue lists, each to be found with its kind.
EXPECTED = {
    ("000_dcfd112f6ddbc535.txt", " editor@newtimesrwanda.com", "contact"),
    ("001_3f200adcfff876e7.txt", "clear", "navigation-ui"),
    ("001_3f200adcfff876e7.txt", "Creating new perspectives since 2009", "site-tagline"),
    ("001_3f200adcfff876e7.txt", "December 15, 2017 at 12:00 pm", "dateline"),
    ("001_3f200adcfff876e7.txt", "Migrants can be seen at a shelter in Benghazi, Libya [European Commission DG/Flickr]",
     "caption-credit"),
    ("001_3f200adcfff876e7.txt", "EU spends $35 million to protect migrants in North Africa", "related-teaser"),
    ("003_43e704fa29a5586f.txt", "close", "navigation-ui"),
    ("003_43e704fa29a5586f.txt", "Cnn", "site-name"),
    ("003_43e704fa29a5586f.txt", "Leave a Comment", "comment-prompt"),
}


def seed_findings() -> set[tuple[str, str, str]]:
    found = set()
    for path in sorted(SEEDS.glob("*.txt")):
        report = PIPELINE.score_document(Document(path.name, path.read_text(encoding="utf-8")))
        found |= {(path.name, f.quote, f.subcategory) for f in report.findings if f.category == "boilerplate"}
    return found


def test_every_listed_seed_residue_is_found_and_nothing_else() -> None:
    assert seed_findings() == EXPECTED


def test_clean_seeds_removes_exactly_the_confident_residue(tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in SEEDS.glob("*.txt")}
    result = runner.invoke(app, ["clean", str(SEEDS), "--diff", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    diff = result.stdout.splitlines()
    added = {line[1:].strip() for line in diff if line.startswith("+") and not line.startswith("+++")}
    removed = {line[1:].strip() for line in diff
               if line.startswith("-") and not line.startswith("---") and line[1:].strip()} - added
    # Found but not removed by default: the tagline (BP112's fix is unsafe) and the teaser headline (shape evidence
    # on a line between two paragraphs is a review finding only).
    kept = {"Creating new perspectives since 2009", "EU spends $35 million to protect migrants in North Africa"}
    expected = {quote.strip() for _, quote, _ in EXPECTED} - kept
    changed_000 = {line for line in removed if "editor@newtimesrwanda.com" in line}
    # The MT scorer's safe fixes edit lines in place ('third -party' -> 'third-party'); they are not removals.
    mt_fixed = {line for line in removed if "third -party" in line}
    assert mt_fixed and all(line.replace("third -party", "third-party") in added for line in mt_fixed)
    assert removed - changed_000 - mt_fixed == expected - {"editor@newtimesrwanda.com"}
    assert len(changed_000) == 1 and any(line.endswith("leave their countries.") for line in added)
    assert {p.name: p.read_bytes() for p in SEEDS.glob("*.txt")} == before, "originals were modified"
    cleaned = (tmp_path / "out" / "001_3f200adcfff876e7.txt").read_text(encoding="utf-8")
    assert cleaned.startswith("Creating new perspectives since 2009")
    assert "Russia ready to work with US for Libya solution\n\nRussia has expressed" in cleaned
    assert all(line in cleaned for line in kept if "EU spends" in line)


def test_in_place_writes_a_backup_first(tmp_path: Path) -> None:
    seed = tmp_path / "003.txt"
    original = (SEEDS / "003_43e704fa29a5586f.txt").read_bytes()
    seed.write_bytes(original)
    assert runner.invoke(app, ["clean", str(seed), "--in-place"]).exit_code == 0
    assert (tmp_path / "003.txt.orig").read_bytes() == original
    assert not seed.read_text(encoding="utf-8").startswith("close")


def test_clean_jsonl_keeps_records_and_lists_removed_spans(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    text = (SEEDS / "003_43e704fa29a5586f.txt").read_text(encoding="utf-8")
    source.write_text(json.dumps({"id": "a", "text": text, "url": "https://x.test/a"}) + "\nnot json\n",
                      encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["clean", str(source), "-o", str(out)]).exit_code == 0
    first, second = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(first)
    assert record["url"] == "https://x.test/a" and second == "not json"
    removed = record["detector_removed"]
    assert {r["rule_id"] for r in removed} >= {"BP101", "BP111", "BP103"}
    rebuilt = text
    for number in sorted({r["round"] for r in removed}):
        for edit in sorted((r for r in removed if r["round"] == number), key=lambda r: -r["start"]):
            assert rebuilt[edit["start"] : edit["end"]] == edit["removed"]
            rebuilt = rebuilt[: edit["start"]] + edit["replacement"] + rebuilt[edit["end"] :]
    assert rebuilt == record["text"]


def test_clean_needs_a_destination() -> None:
    assert runner.invoke(app, ["clean", str(SEEDS)]).exit_code == 2


residue = st.sampled_from(["clear", "close", "Share this article", "Leave a Comment", "Advertisement", "Cnn",
                           "December 15, 2017 at 12:00 pm", "Home", "Sign up for our newsletter", "&nbsp;"])
prose = st.sampled_from([
    "The ministry said on Saturday that the plan would go ahead as agreed with its partners abroad.",
    "Officials declined to give a date for the first arrivals, the statement said on Sunday evening.",
    "Rwanda hopes to step in to rescue some of these struggling migrants in its capacity, she said.",
    "The talks are to continue next week in the capital, with officials from both sides attending.",
])
documents = st.lists(st.one_of(residue, prose), min_size=1, max_size=12).map(
    lambda parts: "\n\n".join(parts)) | st.text(max_size=200)


@settings(max_examples=60, deadline=None)
@given(documents)
def test_clean_is_idempotent_and_replayable(text: str) -> None:
    if not text.strip():
        return
    cleaned, rounds = clean_text(text, PIPELINE)
    assert replay(text, rounds) == cleaned
    again, more = clean_text(cleaned, PIPELINE)
    assert again == cleaned and more == []


def test_corpus_mode_flags_lines_repeated_across_pages_once_per_page() -> None:
    template = "Valley Gazette staff and wire reports for more"  # a template line no phrase list knows
    article = "The talks between the two delegations continued on Monday in the capital, officials said today."
    same_page = [(f"tool-{i}", f"{template}\n{article}", {"page": "p1"}) for i in range(12)]
    stats = learn(same_page)
    assert stats.count(template) == 1 and stats.pages == 1  # twelve tools, one page
    stats = learn((f"doc-{i}", f"{template}\nUnique sentence number {i} of the article body here.", {})
                  for i in range(5))
    scorer = BoilerplateScorer(stats)
    document = Document("d", f"{template}\n{article}")
    findings = scorer.score(document, TextView(document, Config()), Config()).findings
    assert [(f.rule_id, f.quote) for f in findings if f.rule_id == "BP401"] == [("BP401", template)]


def test_line_statistics_have_fixed_size_and_round_trip(tmp_path: Path) -> None:
    small = learn((f"d{i}", f"line {i}\nshared line", {}) for i in range(10))
    large = learn((f"d{i}", f"line {i}\nshared line", {}) for i in range(2000))
    assert len(small.counts) == len(large.counts) and len(small.seen_bits) == len(large.seen_bits)
    path = tmp_path / "stats.bin"
    large.save(path)
    loaded = LineStats.load(path)
    assert loaded.count("shared line") == large.count("shared line") == 2000
    assert loaded.pages == 2000
    (tmp_path / "bad.bin").write_bytes(b"nonsense\n")
    with pytest.raises(ValueError, match="not a detector line-statistics file"):
        LineStats.load(tmp_path / "bad.bin")


def test_scan_corpus_mode_and_learn_commands(tmp_path: Path) -> None:
    corpus = tmp_path / "docs.jsonl"
    rows = [{"id": f"d{i}", "text": f"Follow our live coverage\nSentence {i} of a different article body, "
             f"with enough words to read as running text."} for i in range(6)]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    stats = tmp_path / "stats.bin"
    assert runner.invoke(app, ["learn", str(corpus), "-o", str(stats)]).exit_code == 0
    for args in (["--boilerplate-stats", str(stats)], ["--corpus-mode"]):
        result = runner.invoke(app, ["scan", str(corpus), *args, "-q"])
        assert result.exit_code == 0, result.output
        reports = [json.loads(line) for line in result.stdout.splitlines()]
        assert all(any(f["rule_id"] == "BP401" for f in r["findings"]) for r in reports)


def _every_kth_page(source: Path, target: Path, k: int) -> None:
    """Every k-th page of a labelled corpus with all its extractors' texts (pages stay whole: a page is the unit
    the corpora group by), so the test reads a fifth of each corpus and still spans its sources and tools."""
    pages: dict[str, int] = {}
    with source.open(encoding="utf-8") as f, target.open("w", encoding="utf-8") as out:
        for line in f:
            page = json.loads(line)["page"]
            if pages.setdefault(page, len(pages)) % k == 0:
                out.write(line)


def test_eval_reports_each_corpus_and_never_harms_the_article(tmp_path: Path) -> None:
    """The guard of issue 11 on both dev corpora: the default clean removes at most 2% of the article's characters
    on whole-page dumps and 1% on article-extractor output, far less than the C4 line rule, at a higher precision.
    In-sample (the shipped model saw these pages): the cross-source figures are in the README and in the
    model file, from `scripts/train_line_model.py`."""
    names = {"extraction-residue": "extraction-residue/dev.jsonl", "boilerplate-wcxb": "boilerplate-wcxb/dev.jsonl"}
    files = []
    for name, relative in names.items():
        files.append(tmp_path / name / "dev.jsonl")
        files[-1].parent.mkdir()
        _every_kth_page(corpus_file(relative), files[-1], 5)
    result = runner.invoke(app, ["eval", "boilerplate", *map(str, files), "--json"])
    assert result.exit_code == 0, result.output
    corpora = json.loads(result.stdout)["corpora"]
    assert set(corpora) == set(names)
    for name, figures in corpora.items():
        assert {"whole_page", "article", "baseline", "rules", "top_errors"} <= set(figures), name
        assert figures["whole_page"]["content_loss"] <= 0.02, name
        assert figures["article"]["content_loss"] <= 0.01, name
        for group in ("whole_page", "article"):  # the C4 line rule removes far more of the article
            assert figures[group]["content_loss"] < figures["baseline"][group]["content_loss"] / 5, (name, group)
            assert figures[group]["precision"] > figures["baseline"][group]["precision"], (name, group)
        assert figures["whole_page"]["recall"] >= 0.5, name  # and still finds most of a whole page's residue


@pytest.mark.parametrize(("entity", "decoded"), [("&nbsp;", " "), ("&amp;", "&"), ("&#8217;", "’")])
def test_a_run_of_one_entity_is_one_finding_that_decodes_each(entity: str, decoded: str) -> None:
    """Issue 25's worst case: a page padded with a million `&nbsp;` made a million findings (7 s per MB); a run of
    one entity written back to back is one finding whose fix decodes every copy, so the cleaned text is what one
    finding a copy gave. A different entity or a gap starts a new run."""
    text = f"The ministry{entity * 4}said the plan{entity}{entity}&quot;would go ahead on Monday, officials said."
    report = PIPELINE.score_document(Document("d", text))
    markup = [f for f in report.findings if f.rule_id == "BP204"]
    assert [(text[f.span.start : f.span.end], f.suggestion.replacement if f.suggestion else None) for f in markup] == [
        (entity * 4, decoded * 4), (entity * 2, decoded * 2), ("&quot;", '"')]
    assert "×4" in markup[0].message and "×" not in markup[2].message
    cleaned, _ = clean_text(text, PIPELINE)
    assert cleaned == f'The ministry{decoded * 4}said the plan{decoded * 2}"would go ahead on Monday, officials said.'
