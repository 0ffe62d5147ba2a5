"""The dev documents the MT likelihood is fitted and measured on, read once into n-gram counts (`Corpus`), for
`scripts/train_mt_likelihood.py`: which files, which labels and registers, and the typography-plain copy of each
document that the spacing check reads. Kept apart from the fitting and the figures, which change more often.
"""

from __future__ import annotations

import json
import pickle
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detector.config.settings import Config  # noqa: E402
from detector.core.model import Document  # noqa: E402
from detector.scorers.mt.features import (  # noqa: E402
    FW_PREFIX,
    Sentence,
    document_counts,
    sentence_tokens,
    word_count,
)
from detector.text.view import TextView  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
PAIRS = ("cs", "de", "ja", "ru", "uk", "zh")
ARTICLE_EXTRACTORS = ("trafilatura", "readability", "readability_js", "newspaper", "news_please", "goose3", "justext",
                      "boilerpipe", "go_domdistiller", "dom_smoothie")
PLAIN = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "–": "-", "—": "-",
                       "―": "-", "\u00a0": " "})


def plain(text: str) -> str:
    """Typography made plain: straight quotes, hyphens for dashes, no space before punctuation, single spaces."""
    text = text.translate(PLAIN).replace("…", "...")
    text = re.sub(r"[ \t]+([,.;:!?)])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", re.sub(r"\( +", "(", text))


def _records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


class Grams:
    """Every n-gram seen, as a column: documents become sparse rows as they are read (30,000 Counters would not
    fit in memory twice)."""

    def __init__(self) -> None:
        self.column: dict[str, int] = {}

    def row(self, counts: dict[str, int], grow: bool = True) -> tuple[list[int], list[float]]:
        columns, values = [], []
        for gram, count in counts.items():
            j = self.column.get(gram)
            if j is None:
                if not grow:
                    continue
                j = self.column[gram] = len(self.column)
            columns.append(j)
            values.append(float(count))
        return columns, values

    def vocabulary(self) -> list[str]:
        return sorted(self.column, key=self.column.__getitem__)


@dataclass
class Corpus:
    meta: dict[str, np.ndarray]
    raw: sparse.csr_matrix
    typography_plain: sparse.csr_matrix
    grams: list[str]
    family: np.ndarray  # 0 ngram, 1 fw, per column
    extractors: list[dict[str, Any]]  # page, extractor, words, row in `extracted`
    extracted: sparse.csr_matrix
    extra: list[dict[str, float]]  # per document, what `load_corpus`'s `extra` read (scripts/mt_family_gains.py)


def load_corpus(folder: Path = CORPUS, with_plain: bool = True,
                extra: Callable[[list[Sentence], str], dict[str, float]] | None = None) -> Corpus:
    """Every dev document's n-gram counts (and, for the checks, those of its text with typography made plain);
    `extra` reads more features from each document's sentences (candidate families, measured by
    scripts/mt_family_gains.py)."""
    config = Config()
    extras: list[dict[str, float]] = []
    grams = Grams()
    meta: dict[str, list[Any]] = defaultdict(list)
    raw_rows: list[tuple[list[int], list[float]]] = []
    plain_rows: list[tuple[list[int], list[float]]] = []

    def features(text: str, more: bool = False) -> tuple[dict[str, int], int]:
        sentences = sentence_tokens(TextView(Document("d", text), config))
        if more and extra is not None:
            extras.append(extra(sentences, text))
        return document_counts(sentences), word_count(sentences)

    def add(text: str, **fields: Any) -> None:
        counts, words = features(text, more=True)
        raw_rows.append(grams.row(counts))
        fields["words"] = words
        if with_plain:
            plain_counts, plain_words = features(plain(text))
            plain_rows.append(grams.row(plain_counts, grow=False))
            fields["plain_words"] = plain_words
        for key, value in fields.items():
            meta[key].append(value)

    for r in _records(folder / "mt-wmt22" / "docs.jsonl"):
        add(r["text"], set="wmt22", label=int(r["label"] == "mt"), kind=r["label"], pair=r["lp"][:2], year=2022,
            register=r["domain"], group=r["group"], system=r["system"])
    print(f"{len(raw_rows)} WMT22 documents read", flush=True)
    for r in _records(folder / "mt" / "docs.jsonl"):
        add(r["text"], set="wmt23", label=int(r["label"] == "mt"), kind=r["label"], pair=r["lp"][:2], year=2023,
            register=r["domain"], group="2023:" + r["doc"], system=r["system"])
    for r in _records(folder / "mqm-zhen" / "dev_docs.jsonl"):
        add(r["text"], set="ted", label=int(r["label"] == "mt"), kind=r["label"], pair="zh", year=2021,
            register="ted", group="2021:ted:" + r["talk"], system=r["system"])
    for r in _records(folder / "mt-wmt22" / "native.jsonl"):
        add(r["text"], set="native22", label=0, kind="native", pair="native", year=0, register=r["domain"],
            group="native:" + r["doc"], system="native")
    pages: dict[str, dict[str, str]] = defaultdict(dict)
    for r in _records(folder / "extraction-residue" / "dev.jsonl"):
        page = pages[r["page"]]
        if "gold" not in page:
            page["gold"] = r["gold"]
        if r["extractor"] in ARTICLE_EXTRACTORS:
            page[r["extractor"]] = "\n".join(r["text"][line["start"]:line["end"]] for line in r["lines"]
                                             if line["label"] == "content")
    english = {}
    for key, page in sorted(pages.items()):
        english[key] = TextView(Document(key, page["gold"]), config).language.lang == "en"
        if english[key]:
            add(page["gold"], set="native_er", label=0, kind="native", pair="native", year=0, register="news",
                group="er:" + key, system="native")
    seen = set()
    for r in _records(folder / "boilerplate-wcxb" / "dev.jsonl"):
        if r["page"] in seen or not r.get("gold"):
            continue
        seen.add(r["page"])
        add(r["gold"], set="wcxb", label=0, kind="native", pair="native", year=0, register="web",
            group="wcxb:" + r["page"], system="native")
    print(f"{len(raw_rows)} documents read", flush=True)
    extractors, extracted_rows = [], []
    for key, page in sorted(pages.items()):
        if not english[key]:
            continue
        for name in ARTICLE_EXTRACTORS:
            if page.get(name):
                counts, words = features(page[name])
                extractors.append({"page": "er:" + key, "extractor": name, "words": words})
                extracted_rows.append(grams.row(counts, grow=False))
    vocabulary = grams.vocabulary()
    family = np.array([1 if g.startswith(FW_PREFIX) else 0 for g in vocabulary])
    width = len(vocabulary)
    return Corpus({k: np.array(v) for k, v in meta.items()}, _matrix(raw_rows, width),
                  _matrix(plain_rows, width) if with_plain else _matrix(raw_rows, width), vocabulary, family,
                  extractors, _matrix(extracted_rows, width), extras)


def cached_corpus(folder: Path, cache: Path | None, with_plain: bool = True) -> Corpus:
    """`load_corpus`, read from or written to `cache` (a pickle made by this script; never load one from elsewhere)."""
    if cache is not None and cache.exists():
        with cache.open("rb") as stream:
            corpus = pickle.load(stream)
        print(f"{len(corpus.meta['label'])} documents read from {cache}", flush=True)
        return corpus
    corpus = load_corpus(folder, with_plain=with_plain)
    if cache is not None:
        with cache.open("wb") as stream:
            pickle.dump(corpus, stream, protocol=pickle.HIGHEST_PROTOCOL)
    return corpus


def _matrix(rows: list[tuple[list[int], list[float]]], width: int) -> sparse.csr_matrix:
    indptr = np.cumsum([0] + [len(c) for c, _ in rows])
    indices = np.fromiter((j for c, _ in rows for j in c), dtype=np.int64, count=int(indptr[-1]))
    data = np.fromiter((v for _, vs in rows for v in vs), dtype=np.float64, count=int(indptr[-1]))
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(rows), width))
    matrix.sum_duplicates()
    return matrix
