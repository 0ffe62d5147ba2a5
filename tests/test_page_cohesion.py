"""scripts/page_cohesion.py, the probe of "one article or several texts" behind reports/verdict_eval.md: its signals
on real pages of ../shared/corpus (skipped without it). A teaser page that `clean` leaves mostly residue reads as
several unrelated texts and a gold article body as one; the probe found no cut that separates such pages from
articles on every source (the report's tables), so nothing of it ships in the verdict."""

from __future__ import annotations

import importlib.util
import json
import sys
from types import ModuleType

import pytest

from detector.core.model import Document
from detector.engines.pipeline import Pipeline

from .conftest import ROOT, corpus_file

SCRIPT = ROOT / "scripts" / "page_cohesion.py"
TEASERS = "c467d507551a836e-inscriptis"  # a TV station's page: weather and local-news teasers round one story
ARTICLE = "04a6711caa7c6875-html-text"  # its gold: one New York Times opinion article on the November elections


@pytest.fixture(scope="module")
def probe() -> ModuleType:
    spec = importlib.util.spec_from_file_location("page_cohesion", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["page_cohesion"] = module
    spec.loader.exec_module(module)
    return module


def record(doc_id: str) -> dict:
    with corpus_file("extraction-residue/dev.jsonl").open(encoding="utf-8") as stream:
        for line in stream:
            row = json.loads(line)
            if row["id"] == doc_id:
                return row
    pytest.fail(f"{doc_id} is not in extraction-residue/dev.jsonl")


def test_a_teaser_page_after_clean_reads_as_several_texts(probe: ModuleType) -> None:
    row = record(TEASERS)
    report = Pipeline().score_document(Document(row["id"], row["text"]))
    assert report.cleaned is not None
    signals = probe.features(report.cleaned.text)
    assert signals["paras"] >= 10
    assert signals["main_comp3"] <= 0.35  # no group of linked paragraphs holds a third of the running words
    assert signals["loc2_2"] >= 0.4  # and many paragraphs share under two content words with their neighbours


def test_a_gold_article_reads_as_one_text(probe: ModuleType) -> None:
    signals = probe.features(record(ARTICLE)["gold"])
    assert signals["paras"] >= 10
    assert signals["main_comp3"] >= 0.8
    assert signals["loc2_2"] <= 0.2
