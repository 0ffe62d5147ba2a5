"""Train the boilerplate line model (`lexicons/boilerplate/line_model.json`) on extraction-residue dev.

Gradient-boosted trees (scikit-learn, a training-time dependency only: the shipped model is JSON that pure Python
reads and compiles). Lines labelled `residue` are positive; `content` and `headline` negative, so the model learns
to leave headlines alone. Features include the evidence of the phrase and pattern rules, so the model weighs them
against the line's shape. Run:

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python scripts/train_line_model.py ../shared/corpus/extraction-residue/dev.jsonl

It prints page-grouped two-fold cross-validation of the whole boilerplate scorer (trained on the pages of one half,
evaluated on the other), then fits on everything and writes the model, with the CV figures in its `source`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detector.boilerplate.line_model import (  # noqa: E402
    FEATURES,
    FORMAT,
    NEIGHBOUR_FEATURES,
    LineModel,
    Tree,
    TreeEnsemble,
    line_features,
    neighbour_rows,
)
from detector.boilerplate.lines import DocumentLines  # noqa: E402
from detector.config import Config  # noqa: E402
from detector.evaluation.boilerplate import evaluate_boilerplate  # noqa: E402
from detector.model import Document  # noqa: E402
from detector.scorers.boilerplate import BoilerplateScorer, line_evidence  # noqa: E402
from detector.text import TextView  # noqa: E402

OUT = ROOT / "lexicons" / "boilerplate" / "line_model.json"
PARAMS = {"n_estimators": 120, "max_depth": 3, "learning_rate": 0.1, "subsample": 0.8, "random_state": 0}


Doc = tuple[list[list[float]], list[float | None], float]  # rows, label per line (None: unlabelled), weight


def documents(records: list[dict[str, Any]]) -> list[Doc]:
    """Feature rows and labels of every line, per document (stage two needs each document's neighbours)."""
    scorer = BoilerplateScorer(model=placeholder())
    config = Config()
    out = []
    for record in records:
        document = Document(record["id"], record["text"])
        lines = DocumentLines(TextView(document, config))
        evidence = line_evidence(list(scorer.rule_candidates(lines, document, config)), len(lines))
        labelled = sorted((item["start"], item["end"], item["label"]) for item in record["lines"])
        labels: list[float | None] = []
        for line in lines.lines:
            label = next((lab for s, e, lab in labelled if s <= line.span.start < e), None)
            labels.append(None if label is None else float(label == "residue"))
        # long whole-page documents must not drown the article extractors
        out.append((line_features(lines, evidence), labels, 1.0 / np.sqrt(max(1, len(lines)))))
    return out


def matrix(docs: list[Doc], rows_of: Any = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for index, (rows, labels, weight) in enumerate(docs):
        for row, label in zip(rows_of(index) if rows_of else rows, labels):
            if label is not None:
                xs.append(row)
                ys.append(label)
                ws.append(weight)
    return np.array(xs), np.array(ys), np.array(ws)


def export(classifier: GradientBoostingClassifier, x: np.ndarray) -> tuple[list[dict[str, Any]], float]:
    rate = classifier.learning_rate
    trees = []
    for estimator in classifier.estimators_[:, 0]:
        t = estimator.tree_
        trees.append({
            "feature": [int(f) if left >= 0 else -1 for f, left in zip(t.feature, t.children_left)],
            "threshold": [round(float(v), 6) for v in t.threshold],
            "left": [int(v) for v in t.children_left],
            "right": [int(v) for v in t.children_right],
            "value": [round(float(v[0][0]) * rate, 6) for v in t.value],
        })
    tree_sum = sum(rate * e.predict(x[:1])[0] for e in classifier.estimators_[:, 0])
    base = float(classifier.decision_function(x[:1])[0] - tree_sum)
    return trees, round(base, 6)


def fit_ensemble(x: np.ndarray, y: np.ndarray, w: np.ndarray, names: tuple[str, ...]) -> tuple[TreeEnsemble, dict]:
    classifier = GradientBoostingClassifier(**PARAMS).fit(x, y, sample_weight=w)
    trees, base = export(classifier, x)
    ensemble = TreeEnsemble(names, tuple(Tree(tuple(t["feature"]), tuple(t["threshold"]), tuple(t["left"]),
                                              tuple(t["right"]), tuple(t["value"])) for t in trees), base)
    check = np.array([ensemble.probability(list(row)) for row in x[:200]])
    assert np.allclose(check, classifier.predict_proba(x[:200])[:, 1], atol=1e-4), "export does not match sklearn"
    return ensemble, {"base": base, "trees": trees}


def train(records: list[dict[str, Any]]) -> tuple[LineModel, dict[str, Any]]:
    """Stage one on all training lines; stage two on stage-one scores made out of fold (each half of the pages
    scored by a stage one that never saw them), so stage two learns how far to trust stage one on new pages."""
    docs = documents(records)
    names = tuple(FEATURES)
    first, first_json = fit_ensemble(*matrix(docs), names)
    folds = [fold_of(r, salt="stack") for r in records]
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


def fold_of(record: dict[str, Any], salt: str = "") -> int:
    return hashlib.sha256((salt + record["page"]).encode()).digest()[0] % 2


def evaluate(records: list[dict[str, Any]], model: LineModel) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tmp:
        for record in records:
            tmp.write(json.dumps(record) + "\n")
    return evaluate_boilerplate(tmp.name, model=model)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    args = parser.parse_args()
    with open(args.corpus, encoding="utf-8") as stream:
        records = [json.loads(line) for line in stream]
    summary: dict[str, dict[str, float]] = {}
    for fold in (0, 1):
        model, _ = train([r for r in records if fold_of(r) != fold])
        result = evaluate([r for r in records if fold_of(r) == fold], model)
        for group in ("whole_page", "article"):
            summary[f"fold{fold}_{group}"] = {k: result[group][k] for k in ("precision", "recall", "f1",
                                                                              "content_loss")}
            print(f"fold {fold} {group}: {result[group]}", file=sys.stderr)
    _, stages = train(records)
    data = {
        "format": FORMAT,
        "source": f"two-stage gradient-boosted trees (scikit-learn, {json.dumps(PARAMS)}; stage two adds "
                  "out-of-fold stage-one scores of the neighbouring lines) on the line labels of "
                  "shared/corpus/extraction-residue/dev.jsonl (Scrapinghub article-extraction-benchmark, MIT): "
                  "residue vs content+headline, documents "
                  f"weighted 1/sqrt(lines). Page-grouped 2-fold CV of the whole scorer: {json.dumps(summary)}",
        "license": "CC0-1.0",
        "features": list(FEATURES),
        **stages,
    }
    OUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
