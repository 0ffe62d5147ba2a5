"""Fit the block stage of the boilerplate line model (`block` in the line model file: `blocks.py`), leave one source
out, and choose its threshold on the sources it is fitted on.

The block stage reads, for each line of a run of non-running-text lines, the line model's probabilities of the
line and of a near and a wide window around it, and the aggregates of its block (`CONTEXT_FEATURES`). Its inputs
must be out of sample too: on a source S the line probabilities come from S's own leave-one-source-out line model
(`FOLDER/for-S.json`, made by `scripts/train_line_model.py --leave-one-out FOLDER`), the model that never saw S.
Then for each source H a block model is fitted on the fittable sources other than H and written into
`FOLDER/for-H.json` (its `block` key), so `detector eval boilerplate --line-models FOLDER` scores every source with
line and block stages that never saw it. (Second-order: the line probabilities of a training source S came from a
line model that may have seen H; the block trees themselves never saw H's labels.)

Threshold: the lowest of `GRID` at which, on every training source, the content characters the block stage alone
would delete (lines labelled content it scores at the threshold, outside the article region) stay within `BUDGET`
of the source's content characters, per group (whole-page tools, article extractors), with each training page
scored out of fold (two halves by page). When content and recall pull apart, content wins: the budget is what
is left of issue 22's content targets after what the line rules already remove.

    .venv/bin/python scripts/train_block_model.py ../shared/corpus/extraction-residue/dev.jsonl \\
        ../shared/corpus/boilerplate-wcxb/dev.jsonl ../shared/corpus/boilerplate-more/cleaneval.jsonl \\
        --score-only ../shared/corpus/boilerplate-more/l3s-gn1.jsonl --line-models FOLDER --every 5 [--ship]

`--ship` also fits a block stage on every fittable source and writes it into the shipped
`lexicons/boilerplate/line_model.json`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_line_model import export, write  # noqa: E402

from detector.config.settings import Config  # noqa: E402
from detector.core.model import Document  # noqa: E402
from detector.evaluation.boilerplate import WHOLE_PAGE_TOOLS, corpus_name, every_kth_page, read_records  # noqa: E402
from detector.scorers.boilerplate.article import ArticleLayout  # noqa: E402
from detector.scorers.boilerplate.blocks import CONTEXT_FEATURES, article_region, context_rows  # noqa: E402
from detector.scorers.boilerplate.line_model import Tree, TreeEnsemble, load_line_model, title_index  # noqa: E402
from detector.scorers.boilerplate.lines import DocumentLines  # noqa: E402
from detector.scorers.boilerplate.scorer import BoilerplateScorer, line_evidence, page_lines  # noqa: E402
from detector.scorers.boilerplate.shape import model_candidates  # noqa: E402
from detector.text.view import TextView  # noqa: E402

PARAMS = {"max_iter": 100, "learning_rate": 0.1, "max_leaf_nodes": 8, "min_samples_leaf": 20,
          "l2_regularization": 1.0, "random_state": 0}
GRID = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99)
BUDGET = {"whole_page": 0.003, "article": 0.002}  # content characters the block stage may delete, per group
SHIPPED = ROOT / "lexicons" / "boilerplate" / "line_model.json"


class Page:
    """One record's block rows, labels and content characters, scored with an out-of-sample line model."""

    def __init__(self, record: dict[str, Any], scorer: BoilerplateScorer, config: Config) -> None:
        document = Document(record["id"], record["text"])
        layout = ArticleLayout(DocumentLines(TextView(document, config)))
        lines = layout.lines
        evidence = line_evidence(list(scorer.rule_candidates(lines, document, config)), len(lines))
        title = title_index(layout, evidence)
        probabilities: list[float] = []
        list(model_candidates(layout, scorer.model, evidence, title, probabilities=probabilities))
        page = page_lines(layout, title)
        self.rows, self.index = context_rows(page, probabilities, [e[0] for e in evidence])
        region = article_region(page)
        self.outside = [region is None or not region[0] <= i <= region[1] for i in self.index]
        labels = _labels(record, lines)
        self.labels = [labels[i] for i in self.index]
        self.chars = [len(lines.lines[i].text) for i in self.index]
        self.content_chars = sum(len(line.text) for line, label in zip(lines.lines, labels) if label == "content")
        self.group = "whole_page" if record["extractor"] in WHOLE_PAGE_TOOLS else "article"
        self.key = str(record.get("page") or record["id"])
        self.weight = 1.0 / math.sqrt(max(1, len(lines)))


def _labels(record: dict[str, Any], lines: DocumentLines) -> list[str | None]:
    text = record["text"]
    starts = {}
    for item in record["lines"]:
        start = item["start"]
        while start < item["end"] and text[start].isspace():
            start += 1
        starts[start] = item["label"]
    out = []
    for line in lines.lines:
        label = starts.get(line.span.start)
        if label is None:
            label = next((i["label"] for i in record["lines"] if i["start"] <= line.span.start < i["end"]), None)
        out.append(label)
    return out


def pages_of(path: str, model_path: Path, every: int) -> list[Page]:
    scorer = BoilerplateScorer(model=load_line_model(str(model_path)))
    config = Config()
    return [Page(record, scorer, config) for record in every_kth_page(read_records(path), every)]


def matrix(groups: list[list[Page]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of labelled lines; each source weighted to the same total, each page 1/sqrt(lines)."""
    xs, ys, ws = [], [], []
    for pages in groups:
        w_source = []
        for page in pages:
            for row, label in zip(page.rows, page.labels):
                if label is not None:
                    xs.append(row)
                    ys.append(float(label == "residue"))
                    w_source.append(page.weight)
        total = sum(w_source) or 1.0
        ws.extend(w / total for w in w_source)
    w = np.array(ws)
    return np.array(xs), np.array(ys), w / w.mean()


def fit(groups: list[list[Page]]) -> tuple[TreeEnsemble, dict[str, Any]]:
    x, y, w = matrix(groups)
    classifier = HistGradientBoostingClassifier(**PARAMS).fit(x, y, sample_weight=w)
    trees, base = export(classifier)
    names = tuple(CONTEXT_FEATURES)
    ensemble = TreeEnsemble(names, tuple(Tree(tuple(t["feature"]), tuple(t["threshold"]), tuple(t["left"]),
                                              tuple(t["right"]), tuple(t["value"])) for t in trees), base)
    sample = x[:: max(1, len(x) // 300)]
    assert np.allclose(ensemble.probabilities([list(r) for r in sample]), classifier.predict_proba(sample)[:, 1],
                       atol=1e-3), "export does not match sklearn"
    return ensemble, {"base": base, "trees": trees}


def _half(key: str) -> int:
    return hashlib.sha256(("block" + key).encode()).digest()[0] % 2


def threshold(groups: list[list[Page]]) -> tuple[float, dict[str, dict[str, float]]]:
    """The lowest grid point within `BUDGET` on every training source, pages scored out of fold."""
    scores: list[list[list[float]]] = [[[] for _ in pages] for pages in groups]
    for half in (0, 1):
        model, _ = fit([[p for p in pages if _half(p.key) != half] for pages in groups])
        for g, pages in enumerate(groups):
            for i, page in enumerate(pages):
                if _half(page.key) == half and page.rows:
                    scores[g][i] = model.probabilities(page.rows)
    lost: dict[str, dict[str, float]] = {}
    for cut in GRID:
        worst: dict[str, float] = defaultdict(float)
        for pages, source_scores in zip(groups, scores):
            content: dict[str, int] = defaultdict(int)
            removed: dict[str, int] = defaultdict(int)
            for page, q in zip(pages, source_scores):
                content[page.group] += page.content_chars
                removed[page.group] += sum(c for c, s, label, out in zip(page.chars, q, page.labels, page.outside)
                                           if out and s >= cut and label == "content")
            for group in content:
                worst[group] = max(worst[group], removed[group] / (content[group] or 1))
        lost[str(cut)] = dict(worst)
        if all(worst[group] <= BUDGET[group] for group in worst):
            return cut, lost
    return 1.0, lost


def block_entry(groups: list[list[Page]], fitted: list[str]) -> dict[str, Any]:
    cut, lost = threshold(groups)
    _, trees = fit(groups)
    shares = json.dumps({k: {g: round(v, 5) for g, v in d.items()} for k, d in lost.items()})
    print(f"  fitted on {', '.join(fitted)}: threshold {cut} (worst training content share deleted by the block "
          f"stage at each grid point: {shares})", file=sys.stderr)
    return {"features": list(CONTEXT_FEATURES), "threshold": cut, "fitted_on": fitted, "params": PARAMS,
            "budget": BUDGET, **trees}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpora", nargs="+", help="labelled JSONL corpora that may be fitted on")
    parser.add_argument("--score-only", action="append", default=[], metavar="PATH",
                        help="a corpus that is measured but never fitted on (l3s-gn1)")
    parser.add_argument("--line-models", type=Path, required=True, metavar="FOLDER",
                        help="leave-one-source-out line models (for-<source>.json); the block stages are added")
    parser.add_argument("--every", type=int, default=1, help="fit on every k-th page only")
    parser.add_argument("--ship", action="store_true", help="also write a block stage fitted on every fittable "
                                                            "corpus into the shipped line model")
    args = parser.parse_args()
    names = [corpus_name(path) for path in args.corpora]
    pages = {name: pages_of(path, args.line_models / f"for-{name}.json", args.every)
             for name, path in zip(names, args.corpora)}
    print(f"pages: {json.dumps({n: len(p) for n, p in pages.items()})}", file=sys.stderr)
    for held in [*names, *(corpus_name(path) for path in args.score_only)]:
        fitted = [name for name in names if name != held]
        path = args.line_models / f"for-{held}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["block"] = block_entry([pages[name] for name in fitted], fitted)
        write(path, data)
        print(f"wrote the block stage of {path}", file=sys.stderr)
    if args.ship:
        data = json.loads(SHIPPED.read_text(encoding="utf-8"))
        data["block"] = block_entry([pages[name] for name in names], names)
        write(SHIPPED, data)
        print(f"wrote the block stage of {SHIPPED}", file=sys.stderr)


if __name__ == "__main__":
    main()
