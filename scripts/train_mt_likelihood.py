"""Fit the document MT-likelihood model shipped in `lexicons/mt/likelihood.json`.

Run: `.venv/bin/pip install -e '.[train]' && .venv/bin/python scripts/train_mt_likelihood.py` (about 3 minutes on
one core). It reads the dev files of the team's corpus folder (`../shared/corpus`):
- `mt/docs.jsonl`: professional human translations and machine translations of the same WMT23 sources (zh, ru, uk
  into English);
- `mqm-zhen/dev_docs.jsonl`: TED talks, two human translations and 13 systems (zh into English; counted as zh);
- with `--natives` (the default), the English gold bodies of `extraction-residue/dev.jsonl` as more human text
  (native English, so the model does not learn that 'human' means one translator's habits). The English bodies of
  `boilerplate-wcxb/` are never used here: `detector eval mt` measures the native-English share on them.

Features are what `detector/scorers/mt/features.py` reads at run time (the same code), in two families: the
typography-normalised, CAP/NUM-masked 1-2-grams per sentence, and the FW 1-2-grams (the same tokens with every
lower-case word outside the closed classes read as its frequency-rank bucket in symspellpy's counts, F1-F4 or OOV:
how sentences are built, without their topic). An n-gram is kept when it occurs in at least `--min-sources` (3;
`--fw-min-sources`, 30, for FW n-grams) distinct source documents of the training part (counting sources, not
documents: the ten machine versions of one source share their n-grams, and a vocabulary counted by documents leaks
that into the model: measured, it raised the leave-one-pair-out AUC from 0.60 to 0.74 without any real gain). Each
family is weighted by sublinear tf-idf with its own L2 norm. Each family's "stable" columns are then added a second
time: those whose standardised mean difference, machine minus human, has the same sign in every training unit
(Chinese news, Chinese TED, Russian, Ukrainian; a unit with fewer than 3 human documents does not vote, natives never
do; with fewer than two voting units every column is stable). The duplicate gives the fit a cheaper way (half the
L2 penalty per unit of weight) to lean on n-grams that point the same way for every translator and topic; after
the fit each stable column's two weights are added into one, so the file holds one weight per n-gram. The model is
a class-balanced L2 logistic regression (`--c`, 3). Every figure is measured with the vocabulary, idf, stable
columns and model fitted on the training part only: 5-fold cross-validation grouped by source document, and leave
one language pair out (train on two pairs, score the third: a new translator and new topics, the honest figure).
The probability is calibrated by Platt scaling on the out-of-fold scores with the two classes weighted equally: it
is the likelihood for a corpus where machine and human translation are equally common.

`--leave-out zh --output /tmp/no-zh.json` fits without a pair (for zh: the WMT23 news and the TED talks, the only
files with MQM error spans), so that `detector eval mt FILE --likelihood /tmp/no-zh.json` measures the evidence
spans (MT501) on documents the model never saw; about 15 seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detector.config.settings import Config  # noqa: E402
from detector.core.model import Document  # noqa: E402
from detector.scorers.mt.features import FW_PREFIX, document_counts, fw_gram, sentence_tokens, word_count  # noqa: E402
from detector.scorers.mt.likelihood import COLUMNS, FAMILIES, FORMAT  # noqa: E402
from detector.text.view import TextView  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
PAIRS = ("zh", "ru", "uk")


def _records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def load_documents(natives: bool) -> list[dict[str, Any]]:
    """One row per document: label (1 = MT), language pair, source group, system, n-gram counts, words."""
    config = Config()
    rows = []

    def add(text: str, label: int, pair: str, group: str, system: str, domain: str) -> None:
        view = TextView(Document(group, text), config)
        sentences = sentence_tokens(view)
        rows.append({"label": label, "pair": pair, "group": group, "system": system, "domain": domain,
                     "counts": document_counts(sentences), "words": word_count(sentences), "lang": view.language.lang})

    for r in _records(CORPUS / "mt" / "docs.jsonl"):
        add(r["text"], int(r["label"] == "mt"), r["lp"][:2], r["doc"], r["system"], r["domain"])
    for r in _records(CORPUS / "mqm-zhen" / "dev_docs.jsonl"):
        add(r["text"], int(r["label"] == "mt"), "zh", f"ted-{r['talk']}", r["system"], "ted")
    if natives:
        seen = set()
        for r in _records(CORPUS / "extraction-residue" / "dev.jsonl"):
            if r["page"] in seen:
                continue
            seen.add(r["page"])
            add(r["gold"], 0, "native", f"native-{r['page']}", "native", "native")
        rows = [row for row in rows if row["pair"] != "native" or row["lang"] == "en"]
    return rows


def unit(row: dict[str, Any]) -> str:
    """The training unit whose sign a stable column must share: a language pair, Chinese split into news and TED."""
    return "ted" if row["domain"] == "ted" else row["pair"]


def family_of(gram: str) -> str:
    return "fw" if gram.startswith(FW_PREFIX) else "ngram"


def vocabularies(rows: list[dict[str, Any]], index: np.ndarray, min_sources: dict[str, int]) -> dict[str, list[str]]:
    """Each family's n-grams found in at least its `min_sources` distinct source groups of the rows `index`."""
    sources: dict[str, set[str]] = defaultdict(set)
    for i in index:
        group = rows[i]["group"]
        for gram in rows[i]["counts"]:
            sources[gram].add(group)
    kept: dict[str, list[str]] = {family: [] for family in FAMILIES}
    for gram, found in sources.items():
        family = family_of(gram)
        if len(found) >= min_sources[family]:
            kept[family].append(gram)
    return {family: sorted(grams) for family, grams in kept.items()}


def matrix(rows: list[dict[str, Any]], vocab: list[str]) -> sparse.csr_matrix:
    column = {g: j for j, g in enumerate(vocab)}
    data, indices, indptr = [], [], [0]
    for row in rows:
        for gram, count in sorted(row["counts"].items()):
            j = column.get(gram)
            if j is not None:
                indices.append(j)
                data.append(float(count))
        indptr.append(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))


def stable_columns(features: sparse.csr_matrix, train: np.ndarray, y: np.ndarray, units: np.ndarray) -> np.ndarray:
    """The columns whose standardised mean difference (machine minus human, over the unit's documents) has one sign,
    never zero, in every training unit with at least 3 human documents; every column with fewer than two such
    units."""
    columns = features.tocsc()
    signs = []
    for name in sorted(set(units[train])):
        if name == "native":
            continue
        index = train[units[train] == name]
        human, machine = index[y[index] == 0], index[y[index] == 1]
        if len(human) < 3:
            continue
        mean_h = np.asarray(columns[human].mean(0)).ravel()
        mean_m = np.asarray(columns[machine].mean(0)).ravel()
        both = np.r_[human, machine]
        pooled = (mean_h * len(human) + mean_m * len(machine)) / len(both)
        with np.errstate(invalid="ignore"):
            sd = np.sqrt(np.asarray(columns[both].power(2).mean(0)).ravel() - pooled ** 2) + 1e-9
            difference = (mean_m - mean_h) / sd
        signs.append(np.where(difference > 0, 1, np.where(difference < 0, -1, 0)))
    if len(signs) < 2:
        return np.arange(features.shape[1])
    table = np.array(signs)
    return np.where(np.all(table == 1, 0) | np.all(table == -1, 0))[0]


@dataclass
class Fitted:
    vocab: dict[str, list[str]]
    tfidf: dict[str, TfidfTransformer]
    stable: dict[str, np.ndarray]
    model: LogisticRegression
    features: sparse.csr_matrix  # every row: the families' columns, then their stable columns again

    def weights(self) -> dict[str, np.ndarray]:
        """One weight per n-gram and family: a stable column's two weights added (the run-time model's)."""
        coef = self.model.coef_[0]
        weights, offset = {}, 0
        for family in FAMILIES:
            weights[family] = coef[offset:offset + len(self.vocab[family])].copy()
            offset += len(self.vocab[family])
        for family in FAMILIES:
            keep = self.stable[family]
            weights[family][keep] += coef[offset:offset + len(keep)]
            offset += len(keep)
        return weights


def fit(rows: list[dict[str, Any]], train: np.ndarray, y: np.ndarray, units: np.ndarray, settings: dict[str, Any]
        ) -> Fitted:
    vocab = vocabularies(rows, train, settings["min_sources"])
    tfidf, blocks, stable = {}, {}, {}
    for family in FAMILIES:
        counts = matrix(rows, vocab[family])
        tfidf[family] = TfidfTransformer(sublinear_tf=True).fit(counts[train])
        blocks[family] = tfidf[family].transform(counts).tocsr()
        stable[family] = (stable_columns(blocks[family], train, y, units) if settings["stable"]
                          else np.array([], dtype=int))
    features = sparse.hstack([blocks[f] for f in FAMILIES] + [blocks[f][:, stable[f]] for f in FAMILIES]).tocsr()
    model = LogisticRegression(C=settings["c"], class_weight="balanced", max_iter=5000).fit(features[train],
                                                                                              y[train])
    return Fitted(vocab, tfidf, stable, model, features)


def evaluate(rows: list[dict[str, Any]], settings: dict[str, Any]) -> dict[str, Any]:
    """Grouped 5-fold CV and leave-one-pair-out, everything refitted inside each split; natives only ever train."""
    y = np.array([r["label"] for r in rows])
    groups = np.array([r["group"] for r in rows])
    pairs = np.array([r["pair"] for r in rows])
    units = np.array([unit(r) for r in rows])
    translated = np.where(pairs != "native")[0]
    natives = np.where(pairs == "native")[0]
    out_of_fold = np.full(len(rows), np.nan)
    for train, test in GroupKFold(5).split(translated, y[translated], groups[translated]):
        train_index = np.r_[translated[train], natives]
        fitted = fit(rows, train_index, y, units, settings)
        out_of_fold[translated[test]] = fitted.model.decision_function(fitted.features[translated[test]])
        print(f"fold done ({len(train_index)} training documents)", flush=True)
    scored = translated
    figures: dict[str, Any] = {"grouped_cv_auc": round(roc_auc_score(y[scored], out_of_fold[scored]), 4),
                               "grouped_cv_auc_by_pair": {}, "leave_one_pair_out_auc": {}}
    for pair in [p for p in PAIRS if p in set(pairs)]:
        mask = scored[pairs[scored] == pair]
        figures["grouped_cv_auc_by_pair"][pair] = round(roc_auc_score(y[mask], out_of_fold[mask]), 4)
        train_index = np.where(pairs != pair)[0]
        test_index = np.where(pairs == pair)[0]
        fitted = fit(rows, train_index, y, units, settings)
        figures["leave_one_pair_out_auc"][pair] = round(
            roc_auc_score(y[test_index], fitted.model.decision_function(fitted.features[test_index])), 4)
        print(f"left out {pair}: {figures['leave_one_pair_out_auc'][pair]}", flush=True)
    figures["leave_one_pair_out_mean"] = round(float(np.mean(list(figures["leave_one_pair_out_auc"].values()))), 4)
    return {"figures": figures, "out_of_fold": out_of_fold, "y": y, "scored": scored, "units": units}


def platt(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Scale and offset of a logistic fit of the labels on the scores, both classes weighted equally."""
    weight = np.where(labels == 1, 0.5 / labels.mean(), 0.5 / (1 - labels.mean()))
    model = LogisticRegression(C=1e6, max_iter=1000).fit(scores.reshape(-1, 1), labels, sample_weight=weight)
    return float(model.coef_[0][0]), float(model.intercept_[0])


def reliability(probabilities: np.ndarray, labels: np.ndarray, bins: int = 10) -> list[dict[str, Any]]:
    """Per probability bin: documents, mean predicted likelihood, observed MT share with the classes weighted
    equally (the prior the likelihood is calibrated for)."""
    weight = np.where(labels == 1, 0.5 / labels.mean(), 0.5 / (1 - labels.mean()))
    table = []
    for k in range(bins):
        low, high = k / bins, (k + 1) / bins
        mask = (probabilities >= low) & ((probabilities < high) | (k == bins - 1))
        if not mask.any():
            continue
        w = weight[mask]
        table.append({"bin": f"{low:.1f}-{high:.1f}", "documents": int(mask.sum()),
                      "mean_likelihood": round(float(probabilities[mask].mean()), 3),
                      "observed_mt_share": round(float((w * labels[mask]).sum() / w.sum()), 3)})
    return table


def per_thousand(rows: list[dict[str, Any]], index: list[int], vocab: list[str]) -> np.ndarray:
    """Mean rate per 1,000 words of every feature over the documents `index`."""
    counts = matrix([rows[i] for i in index], vocab)
    words = np.array([max(rows[i]["words"], 1) for i in index], dtype=float)
    return np.asarray((sparse.diags(1000.0 / words) @ counts).mean(axis=0)).ravel()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-sources", type=int, default=3)
    parser.add_argument("--fw-min-sources", type=int, default=30)
    parser.add_argument("--c", type=float, default=3.0)
    parser.add_argument("--no-stable", dest="stable", action="store_false")
    parser.add_argument("--no-natives", dest="natives", action="store_false")
    parser.add_argument("--leave-out", action="append", choices=PAIRS, default=[],
                        help="fit without this language pair's documents (zh: the news and the TED talks), so that "
                             "`detector eval mt --likelihood FILE` on its MQM files is out of sample; write the "
                             "model elsewhere with --output")
    parser.add_argument("--output", type=Path, default=ROOT / "lexicons" / "mt" / "likelihood.json")
    args = parser.parse_args()
    settings = {"min_sources": {"ngram": args.min_sources, "fw": args.fw_min_sources}, "c": args.c,
                "stable": args.stable}
    rows = [row for row in load_documents(args.natives) if row["pair"] not in args.leave_out]
    print(f"{len(rows)} documents read" + (f", {', '.join(args.leave_out)} left out" if args.leave_out else ""),
          flush=True)
    measured = evaluate(rows, settings)
    figures = measured["figures"]
    print(json.dumps(figures, indent=1), flush=True)
    y, scored = measured["y"], measured["scored"]
    scale, offset = platt(measured["out_of_fold"][scored], y[scored])
    calibrated = 1.0 / (1.0 + np.exp(-(scale * measured["out_of_fold"][scored] + offset)))
    figures["reliability_out_of_fold"] = reliability(calibrated, y[scored])
    everything = np.arange(len(rows))
    fitted = fit(rows, everything, y, measured["units"], settings)
    pairs = [r["pair"] for r in rows]
    human = [i for i, r in enumerate(rows) if r["label"] == 0 and pairs[i] != "native"]
    machine = [i for i, r in enumerate(rows) if r["label"] == 1]
    weights = fitted.weights()
    features = []
    for family in FAMILIES:
        vocab, idf = fitted.vocab[family], fitted.tfidf[family].idf_
        human_rate, machine_rate = per_thousand(rows, human, vocab), per_thousand(rows, machine, vocab)
        written = fw_gram if family == "fw" else str
        features += [[family, written(g), round(float(idf[j]), 5), round(float(weights[family][j]), 5),
                      round(float(human_rate[j]), 3), round(float(machine_rate[j]), 3)] for j, g in enumerate(vocab)]
    counted = {p: {"human": sum(1 for i in human if pairs[i] == p), "mt": sum(1 for i in machine if pairs[i] == p)}
               for p in PAIRS}
    data = {
        "format": FORMAT,
        "families": FAMILIES,
        "license": "CC0-1.0 (weights); fitted on WMT23 and WMT21 MQM test data (research use) and Scrapinghub's "
                   "article-extraction benchmark (MIT); FW buckets from symspellpy's word counts (Google Books "
                   "n-grams, CC BY 3.0)",
        "source": "scripts/train_mt_likelihood.py on shared/corpus dev files: mt/docs.jsonl, mqm-zhen/dev_docs.jsonl"
                  + (", English gold bodies of extraction-residue/dev.jsonl as native human text" if args.natives
                     else ""),
        "settings": {"ngrams": [1, 2], "min_sources": settings["min_sources"], "c": args.c, "natives": args.natives,
                     "tf": "1 + ln(count)", "norm": "l2 per family over the family's vocabulary features present",
                     "stable_columns": ({family: len(fitted.stable[family]) for family in FAMILIES} if args.stable
                                        else "none"),
                     "stable": "columns whose standardised machine-minus-human mean difference has one sign in "
                               "every training unit (zh news, zh TED, ru, uk) entered twice; their two weights are "
                               "added into the one stored"},
        "trained_on": {"by_pair": counted, "natives": sum(1 for p in pairs if p == "native"),
                       "documents": len(rows), "left_out": sorted(args.leave_out)},
        "figures": figures,
        "prior": "calibrated for equal shares of machine and human translation (Platt scaling, classes weighted "
                 "equally, on out-of-fold scores)",
        "calibration": {"scale": round(scale, 6), "offset": round(offset, 6)},
        "bias": round(float(fitted.model.intercept_[0]), 6),
        "columns": COLUMNS,
        "features": features,
    }
    args.output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    check_runtime_agrees(args.output, rows, fitted.model.decision_function(fitted.features))
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.2f} MB, "
          + ", ".join(f"{len(fitted.vocab[f])} {f}" for f in FAMILIES) + " features)")


def check_runtime_agrees(path: Path, rows: list[dict[str, Any]], expected: np.ndarray) -> None:
    """The pure-Python scorer over the written file must reproduce scikit-learn's scores (rounding aside)."""
    from detector.scorers.mt.likelihood import parse_model

    model = parse_model(path.read_text(encoding="utf-8"), path.name)
    worst = max(abs(model.decision(rows[i]["counts"]) - expected[i]) for i in range(0, len(rows), 7))
    if not math.isfinite(worst) or worst > 1e-2:
        raise SystemExit(f"run-time scores differ from the fitted model by {worst}")
    print(f"run-time scorer agrees with the fitted model (largest difference {worst:.5f})")


if __name__ == "__main__":
    main()
