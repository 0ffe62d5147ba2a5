"""Where the article ends (issue 22): comment threads (`BP305`) and lines beyond the furniture around the article
(`BP306`) go, with the article whole; what only looks like them stays.

Pages are written for the test from the same four-paragraph article as the block tests, so each assertion is about
what the chain or the region rule decides; one test reads real labelled pages (skipped without the corpus).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.clean.edits import clean_text
from detector.config.settings import Config
from detector.core.model import Document
from detector.engines.pipeline import Pipeline
from detector.evaluation.boilerplate import applied
from detector.scorers.boilerplate.beyond import MIN_REMOVED, MIN_SHARE, beyond_lines
from detector.scorers.boilerplate.threads import GAP_LINES, chains, name_key
from detector.scorers.registry import with_selection

from .test_article_protection import ARTICLE

DEFAULT = Pipeline(Config(scorers=("boilerplate",)))
PIPELINE = Pipeline(with_selection(Config(scorers=("boilerplate",)), extend_select=["BP305"]))  # threads opted in
THRESHOLD = PIPELINE.config.boilerplate.min_confidence
TITLE = "Bike lanes to grow by forty kilometres"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

THREAD = ["Jane Porter says:", "March 3, 2024 at 10:04 am",
          "About time too, the old junction by the school has been dangerous for years and nobody listened.",
          "Reply", "Martin K says:", "March 3, 2024 at 11:20 am",
          "Not on my street, thanks, we already lost the loading bay outside the bakery last spring.", "Reply",
          "Ruth Ellis says:", "March 4, 2024 at 8:02 am",
          "My children cycle to school along the river, so the first section cannot open soon enough.", "Reply"]


def removed_by(text: str) -> dict[str, str]:
    """Quote -> rule id of every line a default clean deletes."""
    report = PIPELINE.score_document(Document("d", text))
    return {f.quote: f.rule_id for f in applied(report.findings, THRESHOLD)
            if f.suggestion is not None and f.suggestion.replacement == ""}


def test_a_comment_thread_goes_whole_with_its_posts() -> None:
    page = "\n".join([TITLE, *ARTICLE, *THREAD])
    cleaned, _ = clean_text(page, PIPELINE)
    assert cleaned.splitlines() == [TITLE, *ARTICLE]
    rules = removed_by(page)
    assert all(rules.get(post) == "BP305" for post in THREAD if post.endswith("."))


def test_the_thread_stage_is_off_unless_selected() -> None:
    """Off by default (labelled corpora disagree on whether comments are content): the posts stay, no BP305."""
    page = "\n".join([TITLE, *ARTICLE, *THREAD])
    report = DEFAULT.score_document(Document("d", page))
    assert not any(f.rule_id == "BP305" for f in report.findings)
    cleaned, _ = clean_text(page, DEFAULT)
    assert all(post in cleaned.splitlines() for post in THREAD if post.endswith("."))


def test_a_thread_that_outweighs_its_article_is_still_cleaned() -> None:
    """Forty comments are far more running text than the article: the breaker must not withhold the clean."""
    names = ["Ann", "Bob", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal", "Ida", "Joe"]
    thread = []
    for k in range(20):
        thread += [f"{names[k % 10]} {names[k // 10]} says:", f"March {k % 28 + 1}, 2024 at 10:{k:02d} am",
                   f"This is comment number {k}, and I think the council should have asked the people who live on "
                   "the affected streets before it voted for the plan.", "Reply"]
    page = "\n".join([TITLE, *ARTICLE, *thread])
    report = PIPELINE.score_document(Document("d", page))
    assert not any(f.rule_id == "BP302" for f in report.findings)
    cleaned, _ = clean_text(page, PIPELINE)
    assert cleaned.splitlines() == [TITLE, *ARTICLE]


def test_one_voice_signing_every_post_is_not_a_thread() -> None:
    """A blog that signs each of its own posts with its author's name (CleanEval's travel blog) is one voice."""
    posts = []
    for day, paragraph in enumerate(ARTICLE, start=1):
        posts += [paragraph, f"Posted by msshell at 0{day}:41 PM"]
    page = "\n".join([TITLE, *ARTICLE, *posts])
    assert "BP305" not in removed_by(page).values()


def test_time_stamps_without_names_are_not_a_thread() -> None:
    """A live blog stamps each entry with a time: no names, no thread."""
    entries = []
    for minute, paragraph in enumerate(ARTICLE):
        entries += [f"December 18, 2025, 9:{minute + 10} pm", paragraph]
    page = "\n".join([TITLE, *ARTICLE, *entries])
    assert "BP305" not in removed_by(page).values()


def test_signatures_above_the_article_are_not_a_thread() -> None:
    page = "\n".join([TITLE, "Jane Porter says:", "Tom Smith says:", *ARTICLE])
    assert "BP305" not in removed_by(page).values()


def test_name_key_keeps_the_name_and_drops_the_stamp() -> None:
    assert name_key("Posted by: Harry | Jan 10, 2008 10:27:25 PM") == "harry"
    assert name_key("May 3, 2016 at 6:27 pm") == ""
    assert name_key("Palash Goyal says:") == "palash goyal"


FOOTER = ["Share on Facebook", "Share on Twitter", "Privacy Policy", "Terms of Use", "Contact Us"]
PROMO = "Are you tired of your job? Find out how to start your career over and find happiness and success."


def test_text_beyond_the_footer_goes() -> None:
    page = "\n".join([TITLE, *ARTICLE, *FOOTER, PROMO])
    rules = removed_by(page)
    assert rules.get(PROMO) == "BP306"
    cleaned, _ = clean_text(page, PIPELINE)
    assert cleaned.splitlines() == [TITLE, *ARTICLE]


def test_a_closing_note_after_too_little_furniture_stays() -> None:
    closing = "Readers can send their views on the plan to the council before the end of the month."
    page = "\n".join([TITLE, *ARTICLE, *FOOTER[:2], closing])
    assert closing not in removed_by(page)
    cleaned, _ = clean_text(page, PIPELINE)
    assert closing in cleaned.splitlines()


def _brute(count: int, region: tuple[int, int], removable: set[int], title: int) -> list[tuple[int, int, int]]:
    out = []
    for index in range(count):
        if region[0] <= index <= region[1] or index in removable or index == title:
            continue
        between = range(region[1] + 1, index) if index > region[1] else range(index + 1, region[0])
        removed = sum(1 for j in between if j in removable)
        if removed >= MIN_REMOVED and removed >= MIN_SHARE * len(between):
            out.append((index, removed, len(between)))
    return out


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 60).flatmap(lambda n: st.tuples(
    st.just(n), st.integers(0, n - 1), st.integers(0, n - 1), st.sets(st.integers(0, n - 1)), st.integers(-1, n - 1))))
def test_beyond_lines_is_exactly_the_rule(case: tuple[int, int, int, set[int], int]) -> None:
    count, a, b, removable, title = case
    region = (min(a, b), max(a, b))
    assert beyond_lines(count, region, removable, title) == _brute(count, region, removable, title)
    assert beyond_lines(count, None, removable, title) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 400), unique=True).map(sorted), st.data())
def test_chains_partition_the_signatures_in_order(signatures: list[int], data: st.DataObject) -> None:
    before = sorted(data.draw(st.lists(st.integers(0, 5000), min_size=len(signatures), max_size=len(signatures))))
    groups = chains(signatures, before)
    assert [i for group in groups for i in group] == signatures
    for group in groups:
        assert all(b - a <= GAP_LINES for a, b in pairwise(group))


@pytest.mark.skipif(not (CORPUS / "boilerplate-wcxb" / "dev.jsonl").exists(),
                    reason="../shared/corpus/boilerplate-wcxb is not on this machine")
def test_on_real_pages_the_thread_stage_takes_residue() -> None:
    """On the whole pages of boilerplate-wcxb with a line ending in 'says' (WordPress threads), what BP305 deletes
    is residue by the labels; the other pages are not scored, to keep the test short."""
    residue = content = 0
    with (CORPUS / "boilerplate-wcxb" / "dev.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["extractor"] != "bs4-body" or not any(w in record["text"] for w in (" says:\n", " says\n")):
                continue
            report = PIPELINE.score_document(Document(record["id"], record["text"]))
            spans = sorted((f.span.start, f.span.end) for f in applied(report.findings, THRESHOLD)
                           if f.rule_id == "BP305" and f.span is not None)
            starts = [start for start, _ in spans]
            for label in record["lines"]:
                k = bisect_right(starts, label["start"]) - 1
                if k >= 0 and label["start"] < spans[k][1]:
                    size = label["end"] - label["start"]
                    residue += size * (label["label"] == "residue")
                    content += size * (label["label"] == "content")
    assert residue > 50_000
    assert content <= 0.02 * residue
