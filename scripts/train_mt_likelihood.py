"""Fit the document MT-likelihood model shipped in `lexicons/mt/likelihood.json`, and measure it out of fold.

Run: `.venv/bin/pip install -e '.[train]' && .venv/bin/python scripts/train_mt_likelihood.py` (about 15 minutes on
one free core: 15 fits and the features of 30,000 documents twice). It reads the dev files of the team's corpus
folder (`../shared/corpus`), every pair, year, system and register they hold:
- `mt-wmt22/docs.jsonl`: WMT22 machine and professional human translations into English from cs, de, ja, ru, uk, zh
  (news, chats, product text, social posts; chunks of about 180 words for cs, de, zh);
- `mt/docs.jsonl`: WMT23 zh, ru, uk into English (news, reviews, manuals, speech);
- `mqm-zhen/dev_docs.jsonl`: WMT21 TED talks from Chinese (counted as zh; training only);
- native English as more negatives beside the human translations: `mt-wmt22/native.jsonl` (conversation,
  e-commerce, social, news) and the English gold bodies of `extraction-residue/dev.jsonl` (news). The English gold
  bodies of `boilerplate-wcxb/dev.jsonl` are never trained on: they are the native web text every model is judged on.

Left out of training (still judged where their pair is): the cs-en reference `refB`, probably post-edited MT (README
trap; its figures are reported per translator), the ja-en system `AIST` (word salad, not a translation) and the five
`metricsystem` outputs of the TED file (every model scores them as human; their provenance is not documented).

Features are what `detector/scorers/mt/features.py` reads at run time (the same code), in two families: the
typography-normalised, CAP/NUM-masked 1-2-grams per sentence, and the FW 1-2-grams (the same tokens with every
lower-case word outside the closed classes read as its frequency-rank bucket, F1-F4 or OOV). An n-gram is kept when
it occurs in at least `--min-sources` (3; `--fw-min-sources`, 10, for FW n-grams) distinct source documents of the
training part (sources, not documents: the ten machine versions of one source share its n-grams). Each family is
weighted by sublinear tf-idf with its own L2 norm; the model is an L2 logistic regression (`--c`) with every language
pair weighted alike (machine and non-machine halves equal within a pair) and native English weighted as one more
pair, spread evenly over its registers. Other families were measured and left out (`scripts/mt_family_gains.py`).

Every figure is measured with the vocabulary, idf and weights refitted without the documents judged:
- leave one language pair out (six fits), overall, per translator, per system, per length band;
- fitted on one year, judged on the other (WMT22 -> WMT23 and back; TED left out of both);
- native English: five folds of the trained natives (each judged by a model fitted without its fold), and the wcxb
  bodies (never trained on), per register and length band;
- typography made plain (curly quotes, dashes, spaces before punctuation, non-breaking spaces) and the same article
  from the extraction benchmark's ten article extractors (each page judged by the model that left its fold out).
Documents under `--min-words` (50) are not judged (the run-time likelihood is None): their figures are reported in
the `<50` band for what the model would have said. The probability is calibrated by Platt scaling on the out-of-fold
decisions (pairs left out, natives by fold) of the judged documents at their real mix; the verdict threshold is the
lowest likelihood at which at least 90% of those documents at or above it, at any higher cut too, are machine
translations.

`--leave-out zh --output /tmp/no-zh.json` fits without a pair (for zh: the WMT22-23 news and the TED talks, the only
files with MQM error spans) and skips the evaluation (`--no-figures`), so that `detector eval mt FILE --likelihood
/tmp/no-zh.json` measures the evidence spans on documents the model never saw.
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
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mt_corpus import CORPUS, PAIRS, Corpus, cached_corpus  # noqa: E402

from detector.scorers.mt.features import (  # noqa: E402
    END,
    fw_gram,
)
from detector.scorers.mt.likelihood import COLUMNS, FAMILIES, FORMAT  # noqa: E402

NOT_TRAINED = {("cs", "refB"), ("ja", "AIST")} | {("zh", f"metricsystem{k}") for k in range(1, 6)}
TRAINED_NATIVES = ("native22", "native_er")
BANDS = (("<50", 0, 50), ("50-200", 50, 201), (">200", 201, 10**9))
REGISTERS = ("conversation", "ecommerce", "social", "news", "web")
PRECISION = 0.9
MIN_SENTENCE_WORDS = 4.0  # fewer words per sentence on average: not running text (a menu), not judged
NATIVE_SHARE = 0.02  # at most this share of the judged native English of any trained register reaches the threshold
# at most this share of the documents of any dev MT corpus reaches the threshold: issue 24's verdict triages (review
# <= 15% of any dev corpus, other reasons included), so MT alone sends at most one document in ten to a person even
# on a corpus that is nearly all machine translation
REVIEW_SHARE = 0.10
MT_CORPORA = ("wmt22", "wmt23", "ted")
def trainable(corpus: Corpus, mask: np.ndarray) -> np.ndarray:
    """The rows of `mask` a model may train on: no wcxb body, none of the left-out systems."""
    meta = corpus.meta
    left_out = np.array([(p, s) in NOT_TRAINED for p, s in zip(meta["pair"], meta["system"])])
    return np.where(mask & (meta["set"] != "wcxb") & ~left_out)[0]


def sample_weights(corpus: Corpus, train: np.ndarray, native_weight: float) -> np.ndarray:
    """Every language pair weighs the same, its machine and non-machine halves equally; native English weighs
    `native_weight` pairs, spread evenly over its registers."""
    meta = corpus.meta
    cells: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, row in enumerate(train):
        if meta["kind"][row] == "native":
            cells[("native", str(meta["register"][row]))].append(i)
        else:
            cells[(str(meta["pair"][row]), str(meta["label"][row]))].append(i)
    registers = sum(1 for key in cells if key[0] == "native")
    weights = np.zeros(len(train))
    for key, index in cells.items():
        weights[index] = (native_weight / registers if key[0] == "native" else 0.5) / len(index)
    return weights / weights.mean()


@dataclass
class Fitted:
    columns: list[np.ndarray]  # per family, the corpus columns kept
    idf: list[np.ndarray]
    model: LogisticRegression

    def features(self, matrix: sparse.csr_matrix) -> sparse.csr_matrix:
        return sparse.hstack([_tfidf(matrix[:, c], idf) for c, idf in zip(self.columns, self.idf)]).tocsr()

    def decision(self, matrix: sparse.csr_matrix) -> np.ndarray:
        return self.model.decision_function(self.features(matrix))


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf x idf with an L2 norm over the family's columns (as `LikelihoodModel.contributions`)."""
    values = counts.tocsr(copy=True)
    values.data = 1.0 + np.log(values.data)
    values = values @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(values.multiply(values).sum(1)).ravel())
    norms[norms == 0] = 1.0
    return (sparse.diags(1.0 / norms) @ values).tocsr()


def fit(corpus: Corpus, train: np.ndarray, settings: dict[str, Any]) -> Fitted:
    """The vocabulary (n-grams of enough training sources), idf and a first fit; then, where a family has more
    n-grams than `settings["keep"]` allows it, only its largest weights are kept and the model is fitted again on
    them (measured: 15,000 word n-grams of 63,000 raise the leave-one-pair-out AUC a little and the file is a
    quarter of the size)."""
    groups = corpus.meta["group"][train]
    names, group_of = np.unique(groups, return_inverse=True)
    membership = sparse.csr_matrix((np.ones(len(train)), (group_of, np.arange(len(train)))),
                                   shape=(len(names), len(train)))
    present = corpus.raw[train]
    sources = np.asarray(((membership @ (present > 0).astype(np.float64)) > 0).sum(0)).ravel()
    documents = np.asarray((present > 0).sum(0)).ravel()
    columns = [np.where((corpus.family == family) & (sources >= minimum))[0]
               for family, minimum in enumerate((settings["min_sources"], settings["fw_min_sources"]))]
    labels = corpus.meta["label"][train]
    weights = sample_weights(corpus, train, settings["native_weight"])
    for attempt in range(2):
        idfs = [np.log((1.0 + len(train)) / (1.0 + documents[keep])) + 1.0 for keep in columns]
        fitted = Fitted(columns, idfs, LogisticRegression(C=settings["c"], max_iter=5000))
        fitted.model.fit(fitted.features(present), labels, sample_weight=weights)
        limits = settings["keep"]
        if attempt or all(len(c) <= k for c, k in zip(columns, limits)):
            break
        coef, start, kept = fitted.model.coef_[0], 0, []
        for keep, limit in zip(columns, limits):
            strongest = np.argsort(-np.abs(coef[start:start + len(keep)]), kind="stable")[:limit]
            kept.append(np.sort(keep[strongest]))
            start += len(keep)
        columns = kept
    return fitted


def auc(labels: np.ndarray, scores: np.ndarray) -> float | None:
    return round(float(roc_auc_score(labels, scores)), 4) if 0 < labels.sum() < len(labels) else None


def out_of_fold(corpus: Corpus, settings: dict[str, Any]) -> dict[str, Any]:
    """Decisions for every document from a model that never saw it (or its pair, or its native fold), on the raw
    text and with typography made plain; the extractor outputs of each page by its native fold's model."""
    meta = corpus.meta
    n = len(meta["label"])
    raw, typography_plain = np.full(n, np.nan), np.full(n, np.nan)
    everything = np.ones(n, dtype=bool)
    for pair in PAIRS:
        test = np.where(meta["pair"] == pair)[0]
        fitted = fit(corpus, trainable(corpus, meta["pair"] != pair), settings)
        raw[test] = fitted.decision(corpus.raw[test])
        typography_plain[test] = fitted.decision(corpus.typography_plain[test])
        print(f"left out {pair}", flush=True)
    natives = np.where(np.isin(meta["set"], TRAINED_NATIVES))[0]
    fold_names = np.unique(meta["group"][natives])
    order = np.random.RandomState(0).permutation(len(fold_names))
    fold_of = {name: k % 5 for k, name in zip(range(len(order)), fold_names[order])}
    folds = np.array([fold_of[g] for g in meta["group"][natives]])
    extracted = np.full(len(corpus.extractors), np.nan)
    wcxb = np.where(meta["set"] == "wcxb")[0]
    for k in range(5):
        held = natives[folds == k]
        mask = everything.copy()
        mask[held] = False
        fitted = fit(corpus, trainable(corpus, mask), settings)
        raw[held] = fitted.decision(corpus.raw[held])
        typography_plain[held] = fitted.decision(corpus.typography_plain[held])
        held_groups = set(meta["group"][held])
        rows = [i for i, e in enumerate(corpus.extractors) if e["page"] in held_groups]
        if rows:
            extracted[rows] = fitted.decision(corpus.extracted[rows])
        if k == 0:  # the wcxb bodies are never trained on: any fold's model judges them out of sample
            raw[wcxb] = fitted.decision(corpus.raw[wcxb])
            typography_plain[wcxb] = fitted.decision(corpus.typography_plain[wcxb])
        print(f"native fold {k}", flush=True)
    return {"raw": raw, "plain": typography_plain, "extracted": extracted}


def sentences_of(matrix: sparse.csr_matrix, corpus: Corpus) -> np.ndarray:
    """Sentences per document: the count of the end-of-sentence unigram (one per sentence)."""
    return np.asarray(matrix[:, corpus.grams.index(END)].todense()).ravel()


def judged_mask(words: np.ndarray, sentences: np.ndarray, min_words: int) -> np.ndarray:
    """The documents the run-time model judges (`LikelihoodModel.not_judged`)."""
    return (words >= min_words) & (words >= MIN_SENTENCE_WORDS * sentences)


def by_year(corpus: Corpus, settings: dict[str, Any], min_words: int) -> dict[str, Any]:
    """Fitted on one year's translations (and the natives), judged on the other's."""
    meta = corpus.meta
    result = {}
    for train_set, test_set in (("wmt22", "wmt23"), ("wmt23", "wmt22")):
        train = trainable(corpus, np.isin(meta["set"], (train_set, *TRAINED_NATIVES)))
        fitted = fit(corpus, train, settings)
        test = np.where(meta["set"] == test_set)[0]
        decision = fitted.decision(corpus.raw[test])
        judged = judged_mask(meta["words"], sentences_of(corpus.raw, corpus), min_words)[test]
        labels, pairs = meta["label"][test], meta["pair"][test]
        result[f"{train_set}->{test_set}"] = {
            "auc": auc(labels[judged], decision[judged]),
            "by_pair": {p: auc(labels[judged & (pairs == p)], decision[judged & (pairs == p)])
                        for p in sorted(set(pairs))},
            "by_band": _bands(labels, decision, meta["words"][test])}
        print(f"fitted on {train_set}, judged on {test_set}: {result[f'{train_set}->{test_set}']['auc']}", flush=True)
    return result


def _bands(labels: np.ndarray, scores: np.ndarray, words: np.ndarray) -> dict[str, Any]:
    out = {}
    for name, low, high in BANDS:
        mask = (words >= low) & (words < high)
        out[name] = {"auc": auc(labels[mask], scores[mask]), "documents": int(mask.sum())}
    return out


def platt(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Scale and offset of a logistic fit of the labels on the scores, every document weighted alike (the real
    mix)."""
    model = LogisticRegression(C=1e6, max_iter=1000).fit(scores.reshape(-1, 1), labels)
    return float(model.coef_[0][0]), float(model.intercept_[0])


def probability(decision: np.ndarray, scale: float, offset: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(scale * decision + offset, -30, 30)))


def verdict_threshold(likelihood: np.ndarray, labels: np.ndarray, precision: float = PRECISION) -> float:
    """The lowest likelihood t such that, for every cut at t or above, at least `precision` of the documents at or
    above the cut are machine translations."""
    order = np.argsort(-likelihood, kind="stable")
    ranked, hits = likelihood[order], np.cumsum(labels[order])
    shares = hits / np.arange(1, len(order) + 1)
    # only the last document of each run of equal likelihoods is a cut
    last = np.r_[ranked[1:] != ranked[:-1], True]
    ok = np.where(last, shares >= precision, True)
    bad = np.where(~ok)[0]
    first_bad = bad[0] if len(bad) else len(order)
    if first_bad == 0:
        return 1.0
    return float(np.ceil(ranked[first_bad - 1] * 1000) / 1000)


def native_threshold(likelihood: np.ndarray, share: float = NATIVE_SHARE) -> float:
    """The lowest likelihood (to 0.001) that at most `share` of `likelihood` (one register's native English,
    out of fold) reaches."""
    ranked = np.sort(likelihood)[::-1]
    allowed = int(np.floor(share * len(ranked)))  # documents that may reach it
    if allowed >= len(ranked):
        return 0.0
    return float(min(1.0, np.floor(ranked[allowed] * 1000) / 1000 + 0.001))


def reliability(likelihood: np.ndarray, labels: np.ndarray, bins: int = 10) -> list[dict[str, Any]]:
    table = []
    for k in range(bins):
        low, high = k / bins, (k + 1) / bins
        mask = (likelihood >= low) & ((likelihood < high) | (k == bins - 1))
        if mask.any():
            table.append({"bin": f"{low:.1f}-{high:.1f}", "documents": int(mask.sum()),
                          "mean_likelihood": round(float(likelihood[mask].mean()), 3),
                          "observed_mt_share": round(float(labels[mask].mean()), 3)})
    return table


def measure(corpus: Corpus, oof: dict[str, Any], years: dict[str, Any], min_words: int,
            shipped: np.ndarray) -> dict[str, Any]:
    """Every out-of-fold figure the model file stores and `detector eval mt` prints."""
    meta = corpus.meta
    labels, words, pairs = meta["label"], meta["words"], meta["pair"]
    raw, typography_plain = oof["raw"], oof["plain"]
    translated = (meta["kind"] != "native") & (meta["set"] != "ted")  # the WMT22-23 translations
    judged = judged_mask(words, sentences_of(corpus.raw, corpus), min_words)
    figures: dict[str, Any] = {"min_words": min_words, "min_sentence_words": MIN_SENTENCE_WORDS}
    lopo = {}
    for pair in PAIRS:
        mask = translated & (pairs == pair)
        lopo[pair] = {"auc": auc(labels[mask & judged], raw[mask & judged]),
                      "auc_typography_plain": auc(labels[mask & judged], typography_plain[mask & judged]),
                      "by_band": _bands(labels[mask], raw[mask], words[mask]),
                      "documents": int((mask & judged).sum())}
    values = [v["auc"] for v in lopo.values()]
    figures["leave_one_pair_out"] = {"by_pair": lopo, "mean": round(float(np.mean(values)), 4),
                                     "worst": min(values),
                                     "mean_typography_plain": round(float(np.mean(
                                         [v["auc_typography_plain"] for v in lopo.values()])), 4)}
    translators = {}
    for (pair, year, system) in sorted({(p, y, s) for p, y, s, k in zip(pairs, meta["year"], meta["system"],
                                                                         meta["kind"]) if k == "human"}):
        mask = translated & judged & (pairs == pair) & (meta["year"] == year) & (
            (labels == 1) | (meta["system"] == system))
        if mask.any() and (labels[mask] == 0).sum() >= 5:
            translators[f"{pair} {year} {system}"] = auc(labels[mask], raw[mask])
    figures["leave_one_pair_out"]["by_translator"] = translators
    systems = {}
    for pair in PAIRS:
        humans = translated & judged & (pairs == pair) & (labels == 0)
        for system in sorted(set(meta["system"][translated & (pairs == pair) & (labels == 1)])):
            mask = humans | (translated & judged & (pairs == pair) & (meta["system"] == system))
            systems[f"{pair} {system}"] = auc(labels[mask], raw[mask])
    figures["leave_one_pair_out"]["by_system"] = systems
    figures["leave_one_year_out"] = years
    # calibration at the real mix of the judged dev documents (the wcxb bodies are not an MT corpus: judged apart)
    dev = judged & (meta["set"] != "wcxb")
    scale, offset = platt(raw[dev], labels[dev])
    likelihood = probability(raw, scale, offset)
    prior = float(labels[dev].mean())
    brier = float(np.mean((likelihood[dev] - labels[dev]) ** 2))
    figures["calibration"] = {
        "documents": int(dev.sum()), "prior": round(prior, 4), "brier": round(brier, 4),
        "brier_constant_prior": round(prior * (1 - prior), 4),
        "reliability": reliability(likelihood[dev], labels[dev])}
    # the verdict moves at a likelihood that is precise on the dev mix and that native English of every trained
    # register (out of fold) reaches at most NATIVE_SHARE of the time: the larger of the two cuts
    by_precision = verdict_threshold(likelihood[dev], labels[dev])
    by_register = {r: native_threshold(likelihood[(meta["kind"] == "native") & (meta["register"] == r) & judged])
                   for r in REGISTERS if r != "web"}
    # unjudged documents count in a corpus's share but never reach a cut (-1); the share is held out of fold (what
    # unseen documents of the kind get) and with the shipped model itself (what `detector eval verdict` measures on
    # these files, in sample, where the model is surer of the documents it was fitted on)
    in_sample = probability(shipped, scale, offset)

    def corpus_cuts(values: np.ndarray) -> dict[str, float]:
        return {c: native_threshold(np.where(judged, values, -1.0)[meta["set"] == c], REVIEW_SHARE)
                for c in MT_CORPORA}

    def corpus_shares(values: np.ndarray) -> dict[str, float]:
        return {c: round(float(((values >= threshold) & judged)[meta["set"] == c].mean()), 4) for c in MT_CORPORA}

    by_corpus, by_corpus_shipped = corpus_cuts(likelihood), corpus_cuts(in_sample)
    threshold = max(by_precision, *by_register.values(), *by_corpus.values(), *by_corpus_shipped.values())
    at = likelihood >= threshold
    figures["verdict_likelihood"] = threshold
    figures["verdict_likelihood_parts"] = {"precision_0.9": by_precision,
                                           **{f"native_{r}_0.02": t for r, t in by_register.items()},
                                           **{f"review_{c}_0.1": t for c, t in by_corpus.items()},
                                           **{f"review_{c}_0.1_shipped_model": t
                                              for c, t in by_corpus_shipped.items()}}
    figures["at_verdict_likelihood"] = {
        "precision": round(float(labels[dev & at].mean()), 4) if (dev & at).any() else None,
        "mt_recall": round(float(at[dev & (labels == 1)].mean()), 4),
        "human_translations_flagged": round(float(at[dev & (meta["kind"] == "human")].mean()), 4),
        "share_of_corpus": corpus_shares(likelihood),
        "share_of_corpus_shipped_model": corpus_shares(in_sample)}
    natives = {}
    for register in REGISTERS:
        mask = (meta["kind"] == "native") & (meta["register"] == register)
        bands = {}
        for name, low, high in BANDS:
            inside = mask & (words >= low) & (words < high)
            bands[name] = {"documents": int(inside.sum()),
                           "share_at_verdict_likelihood": round(float(at[inside].mean()), 4) if inside.any()
                           else None}
        natives[register] = {"documents": int((mask & judged).sum()),
                             "share_at_verdict_likelihood": round(float(at[mask & judged].mean()), 4),
                             "share_at_verdict_likelihood_typography_plain": round(float(
                                 (probability(typography_plain, scale, offset) >= threshold)[mask & judged].mean()),
                                 4),
                             "mean_likelihood": round(float(likelihood[mask & judged].mean()), 4),
                             "by_band": bands}
    figures["natives"] = natives
    both = judged & judged_mask(meta["plain_words"], sentences_of(corpus.typography_plain, corpus), min_words)
    change = np.abs(probability(typography_plain, scale, offset) - likelihood)[both]
    figures["typography_plain"] = {"documents": int(both.sum()),
                                   "share_within_0.05": round(float((change <= 0.05).mean()), 4),
                                   "median_change": round(float(np.median(change)), 4),
                                   "p99_change": round(float(np.quantile(change, 0.99)), 4),
                                   "max_change": round(float(change.max()), 4)}
    figures["extractors"] = _extractor_spread(corpus, oof["extracted"], scale, offset, min_words)
    figures["reproduce"] = "scripts/train_mt_likelihood.py (fits every split; the figures are out of fold)"
    return {"figures": figures, "scale": scale, "offset": offset, "prior": prior}


def _extractor_spread(corpus: Corpus, decisions: np.ndarray, scale: float, offset: float,
                      min_words: int) -> dict[str, Any]:
    """Per English page of the extraction benchmark, the spread (max - min) of the likelihoods of the article
    extractors' content lines (those of at least `min_words` words)."""
    per_page: dict[str, list[float]] = defaultdict(list)
    judged = judged_mask(np.array([e["words"] for e in corpus.extractors]), sentences_of(corpus.extracted, corpus),
                         min_words)
    for entry, decision, judge in zip(corpus.extractors, decisions, judged):
        if judge and math.isfinite(decision):
            per_page[entry["page"]].append(float(probability(np.array([decision]), scale, offset)[0]))
    spreads = np.array([max(v) - min(v) for v in per_page.values() if len(v) >= 2])
    if not len(spreads):
        return {}
    return {"pages": len(spreads), "share_within_0.05": round(float((spreads <= 0.05).mean()), 4),
            "median_spread": round(float(np.median(spreads)), 4), "max_spread": round(float(spreads.max()), 4)}


def per_thousand(corpus: Corpus, index: np.ndarray, columns: np.ndarray) -> np.ndarray:
    counts = corpus.raw[index][:, columns]
    words = np.maximum(corpus.meta["words"][index], 1).astype(float)
    return np.asarray((sparse.diags(1000.0 / words) @ counts).mean(axis=0)).ravel()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-sources", type=int, default=3)
    parser.add_argument("--fw-min-sources", type=int, default=10)
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--keep-ngrams", type=int, default=15000,
                        help="word n-grams kept after the first fit, by the size of their weight")
    parser.add_argument("--keep-fw", type=int, default=10**6, help="the same for FW n-grams")
    parser.add_argument("--native-weight", type=float, default=1.0)
    parser.add_argument("--min-words", type=int, default=50)
    parser.add_argument("--no-figures", dest="figures", action="store_false",
                        help="fit and write the model without measuring it (the file then has no figures)")
    parser.add_argument("--leave-out", action="append", choices=PAIRS, default=[],
                        help="fit without this language pair's documents (zh: the news and the TED talks), so that "
                             "`detector eval mt --likelihood FILE` on its MQM files is out of sample; write the "
                             "model elsewhere with --output")
    parser.add_argument("--output", type=Path, default=ROOT / "lexicons" / "mt" / "likelihood.json")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"the corpus folder (default {CORPUS})")
    parser.add_argument("--features-cache", type=Path, default=None,
                        help="read the documents' n-gram counts from this pickle if it exists, else write them there "
                             "(reading 30,000 documents twice is most of a run; delete the file when the corpus or "
                             "detector/scorers/mt/features.py changes)")
    parser.add_argument("--dump-out-of-fold", type=Path, default=None,
                        help="write the out-of-fold decisions and the documents' metadata to this .npz")
    args = parser.parse_args()
    if args.leave_out and args.figures:
        parser.error("--leave-out fits a model for out-of-sample span figures: add --no-figures")
    settings = {"min_sources": args.min_sources, "fw_min_sources": args.fw_min_sources, "c": args.c,
                "native_weight": args.native_weight, "keep": (args.keep_ngrams, args.keep_fw)}
    corpus = cached_corpus(args.corpus, args.features_cache, with_plain=args.figures)
    meta = corpus.meta
    final = trainable(corpus, ~np.isin(meta["pair"], args.leave_out))
    fitted = fit(corpus, final, settings)
    if args.figures:
        oof = out_of_fold(corpus, settings)
        years = by_year(corpus, settings, args.min_words)
        measured = measure(corpus, oof, years, args.min_words, shipped=fitted.decision(corpus.raw))
        if args.dump_out_of_fold is not None:
            np.savez_compressed(args.dump_out_of_fold, raw=oof["raw"], plain=oof["plain"],
                                **{k: np.asarray(v) for k, v in meta.items()})
        print(json.dumps({k: v for k, v in measured["figures"].items() if k != "leave_one_pair_out"}, indent=1),
              flush=True)
        print(json.dumps({p: v["auc"] for p, v in measured["figures"]["leave_one_pair_out"]["by_pair"].items()}),
              measured["figures"]["leave_one_pair_out"]["mean"], flush=True)
    else:
        measured = {"figures": {}, "scale": None, "offset": None, "prior": None}
    if measured["scale"] is None:  # no figures: calibrate on the training decisions (in-sample, flagged so)
        judged = final[judged_mask(meta["words"], sentences_of(corpus.raw, corpus), args.min_words)[final]]
        measured["scale"], measured["offset"] = platt(fitted.decision(corpus.raw[judged]), meta["label"][judged])
        measured["prior"] = float(meta["label"][judged].mean())
        measured["figures"] = {"note": "fitted with --no-figures: calibrated in sample, nothing measured"}
    human = final[meta["kind"][final] == "human"]
    machine = final[meta["label"][final] == 1]
    weights = fitted.model.coef_[0]
    rows, offset = [], 0
    for name, columns, idf in zip(FAMILIES, fitted.columns, fitted.idf):
        human_rate, machine_rate = per_thousand(corpus, human, columns), per_thousand(corpus, machine, columns)
        written = fw_gram if name == "fw" else str
        rows += [[name, written(corpus.grams[j]), round(float(idf[k]), 5), round(float(weights[offset + k]), 5),
                  round(float(human_rate[k]), 3), round(float(machine_rate[k]), 3)]
                 for k, j in enumerate(columns)]
        offset += len(columns)
    counted = {p: {kind: int(((meta["pair"][final] == p) & (meta["kind"][final] == kind)).sum())
                   for kind in ("human", "mt")} for p in PAIRS}
    natives = {r: int(((meta["kind"][final] == "native") & (meta["register"][final] == r)).sum())
               for r in REGISTERS if r != "web"}
    data = {
        "format": FORMAT,
        "families": FAMILIES,
        "license": "CC0-1.0 (weights); fitted on WMT21-23 test data (research use), Scrapinghub's article-extraction "
                   "benchmark (MIT); FW buckets from symspellpy's word counts (Google Books n-grams, CC BY 3.0)",
        "source": "scripts/train_mt_likelihood.py on shared/corpus dev files: mt-wmt22/docs.jsonl, "
                  "mt-wmt22/native.jsonl, mt/docs.jsonl, mqm-zhen/dev_docs.jsonl, English gold bodies of "
                  "extraction-residue/dev.jsonl",
        "settings": {"ngrams": [1, 2], "min_sources": {"ngram": args.min_sources, "fw": args.fw_min_sources},
                     "kept_by_weight": {"ngram": args.keep_ngrams, "fw": args.keep_fw},
                     "c": args.c, "native_weight": args.native_weight, "tf": "1 + ln(count)",
                     "norm": "l2 per family over the family's vocabulary features present",
                     "weights": "every language pair alike, machine and non-machine halves equal; native English "
                                "as one more pair spread over its registers",
                     "not_trained": sorted(f"{p} {s}" for p, s in NOT_TRAINED)},
        "trained_on": {"by_pair": counted, "natives": natives, "documents": len(final),
                       "left_out": sorted(args.leave_out)},
        "figures": measured["figures"],
        "min_words": args.min_words,
        "min_sentence_words": MIN_SENTENCE_WORDS,
        "prior": round(measured["prior"], 4),
        "calibration": {"scale": round(measured["scale"], 6), "offset": round(measured["offset"], 6),
                        "fitted_on": "out-of-fold decisions of the judged dev documents at their real mix"},
        "bias": round(float(fitted.model.intercept_[0]), 6),
        "columns": COLUMNS,
        "features": rows,
    }
    args.output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    check_runtime_agrees(args.output, corpus, final[::37], fitted.decision(corpus.raw[final[::37]]))
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.2f} MB, "
          + ", ".join(f"{len(c)} {f}" for f, c in zip(FAMILIES, fitted.columns)) + " features)")


def check_runtime_agrees(path: Path, corpus: Corpus, index: np.ndarray, expected: np.ndarray) -> None:
    """The pure-Python scorer over the written file must reproduce scikit-learn's decisions (rounding aside)."""
    from detector.scorers.mt.likelihood import parse_model

    model = parse_model(path.read_text(encoding="utf-8"), path.name)
    worst = 0.0
    for row, value in zip(index, expected):
        line = corpus.raw[row]
        counts = {corpus.grams[j]: int(c) for j, c in zip(line.indices, line.data)}
        worst = max(worst, abs(model.decision(counts) - value))
    if not math.isfinite(worst) or worst > 1e-2:
        raise SystemExit(f"run-time scores differ from the fitted model by {worst}")
    print(f"run-time scorer agrees with the fitted model (largest difference {worst:.5f})")


if __name__ == "__main__":
    main()
