"""Train the boilerplate line model (`lexicons/boilerplate/line_model.json`) and measure it across sources.

Two labelled corpora of different sources are used (`../shared/corpus/extraction-residue/dev.jsonl`: news pages
through 12 extractors, many languages; `../shared/corpus/boilerplate-wcxb/dev.jsonl`: 2025 English web articles, a
whole-page scrape and trafilatura). Figures from a corpus the model was fitted on say nothing about pages nobody
labelled, so the script first fits on each corpus alone and scores the *other* one with the whole boilerplate scorer
(`detector eval boilerplate --line-model`), in both directions; then it fits the shipped model on both and writes the
cross-source figures into the file.

Gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier, a training-time dependency only: the shipped
model is JSON that pure Python compiles). Lines labelled `residue` are positive, `content` and `headline` negative,
so the model learns to leave headlines alone. Features include the evidence of the phrase and pattern rules, so the
model weighs them against the line's shape. Stage two adds out-of-fold stage-one scores of the neighbouring lines.
Each document is weighted 1/sqrt(lines) and each corpus to the same total, so long whole-page dumps do not drown the
article extractors, nor one corpus the other. Run:

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python scripts/train_line_model.py ../shared/corpus/extraction-residue/dev.jsonl \\
        ../shared/corpus/boilerplate-wcxb/dev.jsonl --cross-dir /tmp/line-models

Leave one source out (the figures issue 22 is judged on): one model per source, fitted on the others, then each
source scored with its own model (l3s-gn1 is research-only: measured, never fitted on):

    .venv/bin/python scripts/train_line_model.py ../shared/corpus/extraction-residue/dev.jsonl \\
        ../shared/corpus/boilerplate-wcxb/dev.jsonl ../shared/corpus/boilerplate-more/cleaneval.jsonl \\
        --leave-one-out /tmp/loso --score-only l3s-gn1
    .venv/bin/detector eval boilerplate ../shared/corpus/extraction-residue/dev.jsonl \\
        ../shared/corpus/boilerplate-wcxb/dev.jsonl ../shared/corpus/boilerplate-more/cleaneval.jsonl \\
        ../shared/corpus/boilerplate-more/l3s-gn1.jsonl --line-models /tmp/loso

`--cross-dir` keeps the single-corpus models (`trained-on-<corpus>.json`) so the cross-source figures can be
reproduced with `detector eval boilerplate OTHER.jsonl --line-model /tmp/line-models/trained-on-<corpus>.json`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detector.config.settings import Config  # noqa: E402
from detector.core.model import Document  # noqa: E402
from detector.evaluation.boilerplate import corpus_name, evaluate_boilerplate  # noqa: E402
from detector.scorers.boilerplate.article import ArticleLayout  # noqa: E402
from detector.scorers.boilerplate.line_features import FEATURES, NEIGHBOUR_FEATURES, line_features  # noqa: E402
from detector.scorers.boilerplate.line_model import (  # noqa: E402
    FORMAT,
    LineModel,
    Tree,
    TreeEnsemble,
    neighbour_rows,
)
from detector.scorers.boilerplate.lines import DocumentLines  # noqa: E402
from detector.scorers.boilerplate.scorer import BoilerplateScorer, line_evidence  # noqa: E402
from detector.text.view import TextView  # noqa: E402

OUT = ROOT / "lexicons" / "boilerplate" / "line_model.json"
PARAMS = {"max_iter": 150, "learning_rate": 0.1, "max_leaf_nodes": 12, "min_samples_leaf": 40,
          "l2_regularization": 1.0, "random_state": 0}

Doc = tuple[list[list[float]], list[float | None], float]  # rows, label per line (None: unlabelled), weight


def documents(records: list[dict[str, Any]]) -> list[Doc]:
    """Feature rows and labels of every line, per document (stage two needs each document's neighbours)."""
    scorer = BoilerplateScorer(model=placeholder())
    config = Config()
    out = []
    for record in records:
        document = Document(record["id"], record["text"])
        layout = ArticleLayout(DocumentLines(TextView(document, config)))
        lines = layout.lines
        evidence = line_evidence(list(scorer.rule_candidates(lines, document, config)), len(lines))
        starts = {item["start"]: item["label"] for item in record["lines"]}
        labels: list[float | None] = []
        for line in lines.lines:
            label = starts.get(line.span.start)
            if label is None:  # a labelled line starts with white space the view trims
                label = next((item["label"] for item in record["lines"]
                              if item["start"] <= line.span.start < item["end"]), None)
            labels.append(None if label is None else float(label == "residue"))
        out.append((line_features(layout, evidence), labels, 1.0 / np.sqrt(max(1, len(lines)))))
    return out


def balanced(groups: list[list[Doc]]) -> list[Doc]:
    """The documents of several corpora, each corpus scaled to the same total weight."""
    out = []
    for docs in groups:
        total = sum(w * sum(1 for label in labels if label is not None) for _, labels, w in docs) or 1.0
        out.extend((rows, labels, w / total) for rows, labels, w in docs)
    return out


def matrix(docs: list[Doc], rows_of: Any = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for index, (rows, labels, weight) in enumerate(docs):
        for row, label in zip(rows_of(index) if rows_of else rows, labels):
            if label is not None:
                xs.append(row)
                ys.append(label)
                ws.append(weight)
    w = np.array(ws)
    return np.array(xs), np.array(ys), w / w.mean()


def export(classifier: HistGradientBoostingClassifier) -> tuple[list[dict[str, Any]], float]:
    """The fitted trees in the model file's form. Leaf values carry the learning rate already; an inner node's value
    is the sample-weighted mean of its leaves, which is what per-feature contributions (Saabas) need."""
    trees = []
    for (predictor,) in classifier._predictors:
        nodes = predictor.nodes
        count = len(nodes)
        value = [0.0] * count
        weight = [float(max(1, n["count"])) for n in nodes]
        for index in range(count - 1, -1, -1):  # children come after their parent
            node = nodes[index]
            if node["is_leaf"]:
                value[index] = float(node["value"])
            else:
                left, right = int(node["left"]), int(node["right"])
                value[index] = (value[left] * weight[left] + value[right] * weight[right]) / (weight[left]
                                                                                              + weight[right])
        trees.append({
            "feature": [-1 if n["is_leaf"] else int(n["feature_idx"]) for n in nodes],
            "threshold": [0.0 if n["is_leaf"] else float(n["num_threshold"]) for n in nodes],
            "left": [-1 if n["is_leaf"] else int(n["left"]) for n in nodes],
            "right": [-1 if n["is_leaf"] else int(n["right"]) for n in nodes],
            "value": [round(v, 6) for v in value],
        })
    return trees, round(float(np.asarray(classifier._baseline_prediction).ravel()[0]), 6)


def fit_ensemble(x: np.ndarray, y: np.ndarray, w: np.ndarray, names: tuple[str, ...]) -> tuple[TreeEnsemble, dict]:
    classifier = HistGradientBoostingClassifier(**PARAMS).fit(x, y, sample_weight=w)
    trees, base = export(classifier)
    ensemble = TreeEnsemble(names, tuple(Tree(tuple(t["feature"]), tuple(t["threshold"]), tuple(t["left"]),
                                              tuple(t["right"]), tuple(t["value"])) for t in trees), base)
    sample = x[:: max(1, len(x) // 500)]
    check = np.array([ensemble.probability(list(row)) for row in sample])
    assert np.allclose(check, classifier.predict_proba(sample)[:, 1], atol=1e-3), "export does not match sklearn"
    return ensemble, {"base": base, "trees": trees}


def fold_of(page: str, salt: str = "") -> int:
    return hashlib.sha256((salt + page).encode()).digest()[0] % 2


def train(docs: list[Doc], pages: list[str]) -> tuple[LineModel, dict[str, Any]]:
    """Stage one on all training lines; stage two on stage-one scores made out of fold (each half of the pages
    scored by a stage one that never saw them), so stage two learns how far to trust stage one on new pages."""
    names = tuple(FEATURES)
    first, first_json = fit_ensemble(*matrix(docs), names)
    folds = [fold_of(page, salt="stack") for page in pages]
    out_of_fold: list[list[float]] = [[] for _ in docs]
    for fold in (0, 1):
        inner, _ = fit_ensemble(*matrix([d for d, f in zip(docs, folds) if f != fold]), names)
        for index, (doc, f) in enumerate(zip(docs, folds)):
            if f == fold:
                out_of_fold[index] = [inner.probability(row) for row in doc[0]]
    stacked = matrix(docs, lambda i: neighbour_rows(docs[i][0], out_of_fold[i]))
    second, second_json = fit_ensemble(*stacked, (*names, *NEIGHBOUR_FEATURES))
    return LineModel(first, second, ""), {"first": first_json, "second": second_json}


def placeholder() -> LineModel:
    """A model that flags nothing: rule evidence is computed without a trained model."""
    return LineModel(TreeEnsemble(tuple(FEATURES), (), -30.0), None, "placeholder")


def model_file(stages: dict[str, Any], source: str) -> dict[str, Any]:
    return {"format": FORMAT, "source": source, "license": "CC0-1.0", "features": list(FEATURES), **stages}


def write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def read(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def figures(result: dict[str, Any]) -> dict[str, dict[str, float]]:
    return {group: {k: result[group][k] for k in ("precision", "recall", "f1", "content_loss")}
            for group in ("whole_page", "article")}


def leave_one_out(names: list[str], records: dict[str, list[dict[str, Any]]], docs: dict[str, list[Doc]],
                  folder: Path, scored_only: list[str]) -> None:
    """One model per source, fitted on every *other* fittable source: `FOLDER/for-<source>.json`. A source passed
    with `--score-only` (a corpus whose license allows measurement but not fitting, such as l3s-gn1) is never fitted
    on; its model is fitted on all the fittable ones. `detector eval boilerplate --line-models FOLDER` scores each
    source with its own model, so every figure it prints is out of sample."""
    for held in [*names, *scored_only]:
        fitted = [name for name in names if name != held]
        model_stages = train(balanced([docs[name] for name in fitted]),
                             [r["page"] for name in fitted for r in records[name]])[1]
        path = folder / f"for-{held}.json"
        source = (f"leave-one-source-out model for {held}: fitted on {', '.join(fitted)} only, with the shipped "
                  f"parameters {json.dumps(PARAMS)}")
        write(path, model_file(model_stages, source))
        print(f"wrote {path} (fitted on {', '.join(fitted)})", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpora", nargs="+", help="labelled JSONL corpora that may be fitted on (extraction-residue, "
                                                   "boilerplate-wcxb, boilerplate-more/cleaneval)")
    parser.add_argument("--cross-dir", type=Path, help="keep the single-corpus models here")
    parser.add_argument("--no-ship", action="store_true", help="only measure across sources; write no model")
    parser.add_argument("--leave-one-out", type=Path, metavar="FOLDER",
                        help="write one model per source fitted on the other sources (for-<source>.json) and stop")
    parser.add_argument("--score-only", action="append", default=[], metavar="NAME",
                        help="with --leave-one-out: also write for-NAME.json (fitted on every corpus given), for a "
                             "source that is measured but never fitted on (l3s-gn1)")
    args = parser.parse_args()
    names = [corpus_name(path) for path in args.corpora]
    records = {name: read(path) for name, path in zip(names, args.corpora)}
    docs = {name: documents(records[name]) for name in names}
    if args.leave_one_out:
        leave_one_out(names, records, docs, args.leave_one_out, args.score_only)
        return
    cross: dict[str, Any] = {}
    if len(names) > 1:
        for name in names:
            model, stages = train(balanced([docs[name]]), [r["page"] for r in records[name]])
            path = (args.cross_dir or Path("/tmp")) / f"trained-on-{name}.json"
            write(path, model_file(stages, f"trained on {name} only (cross-source check)"))
            for other, other_path in zip(names, args.corpora):
                if other != name:
                    result = evaluate_boilerplate(other_path, model=model)
                    cross[f"{name} -> {other}"] = figures(result)
                    print(f"trained on {name}, scored on {other}: {json.dumps(cross[f'{name} -> {other}'])}",
                          file=sys.stderr)
    if args.no_ship:
        return
    _, stages = train(balanced([docs[name] for name in names]), [r["page"] for n in names for r in records[n]])
    source = (f"two-stage gradient-boosted trees (scikit-learn HistGradientBoostingClassifier, {json.dumps(PARAMS)}; "
              "stage two adds out-of-fold stage-one scores of the neighbouring lines) on the line labels of "
              f"{' and '.join(names)} dev (residue vs content+headline; documents weighted 1/sqrt(lines), corpora "
              "balanced). Cross-source figures of the whole scorer (fitted on one corpus, scored on the other): "
              f"{json.dumps(cross, sort_keys=True)}")
    write(OUT, model_file(stages, source))
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
