"""Which feature families earn their place in the MT-likelihood model: each one's leave-one-pair-out gain.

Run: `.venv/bin/pip install -e '.[train]' && .venv/bin/python scripts/mt_family_gains.py` (about an hour on one
free core: eight models, six fits each). It reads the dev documents as `scripts/train_mt_likelihood.py` does (the
same loader, the same documents left out of training, the same weights and settings) and scores each language pair
with a model fitted without it, for the shipped families (`ngram`: the masked word 1-2-grams; `fw`: the same with
every open-class word read as its frequency bucket) alone and together, and for the shipped pair plus one candidate:
- `lm`: how familiar the document's word pairs are to English (share of adjacent lower-case word pairs in
  symspellpy's Google Books pair list, their mean conditional log-frequency, the words' mean log-frequency): machine
  translation is known to be lexically poorer and more predictable;
- `coherence`: sentence-to-sentence content-word overlap, sentences opening with a pronoun, a connective or "the",
  the share of content words used more than once (engines translate sentence by sentence);
- `shape`: sentence length (log mean, coefficient of variation), moving type-token ratio, word length, the shares
  of function words, names, numbers and of each frequency bucket;
- `names`: distinct capitalised words per capitalised word, all-capital tokens, numbers per word;
- `suffix`: 1-3-grams of the tokens with every open-class word read as its suffix class (-ing, -ed, -ly, -tion,
  -ment, adjective endings, -s) or its frequency bucket: a cheap part-of-speech sketch.
A dense family is standardised on the training part and enters the same L2 logistic regression; an n-gram family is
kept to n-grams of at least 10 training sources and weighted by tf-idf with its own L2 norm, like `fw`. A family
ships only if it raises the mean AUC over the six pairs by at least 0.005 without lowering any pair by more than
0.01 (measured 2026-12: none did; the table is in reports/mt_eval.md).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import train_mt_likelihood as train  # noqa: E402

from detector.scorers.mt.common import FUNCTION_WORDS  # noqa: E402
from detector.scorers.mt.features import BUCKETS, OOV, Sentence, fw_form  # noqa: E402
from detector.scorers.mt.ngrams import _package_folder, load_word_counts  # noqa: E402

PRONOUNS = frozenset(["he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "his", "her",
                      "its", "their"])
CONNECTIVES = frozenset(["however", "also", "therefore", "moreover", "meanwhile", "in", "at", "but", "and", "so",
                         "then", "furthermore", "besides", "thus"])
SUFFIXES = (("ing", "ING"), ("ed", "ED"), ("ly", "LY"), ("tion", "TION"), ("sion", "TION"), ("ment", "MENT"),
            ("ness", "NESS"), ("ity", "ITY"), ("ous", "ADJ"), ("ive", "ADJ"), ("able", "ADJ"), ("ible", "ADJ"),
            ("al", "ADJ"), ("ful", "ADJ"), ("er", "ER"), ("est", "EST"), ("s", "S"))


class PairCounts:
    """symspellpy's word and word-pair counts (Google Books), for the `lm` family."""

    def __init__(self) -> None:
        self.words = {w: int(c) for w, c in load_word_counts().items()}
        text = (_package_folder("symspellpy") / "frequency_bigramdictionary_en_243_342.txt").read_text("utf-8")
        self.pairs = {}
        for line in text.splitlines():
            left, right, count = line.split(" ")
            self.pairs[f"{left} {right}"] = int(count)
        self.total = sum(self.words.values())


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w not in FUNCTION_WORDS and w not in ("CAP", "NUM")]


def lm(sentences: list[Sentence], counts: PairCounts) -> dict[str, float]:
    known = seen = 0
    log_pairs, log_words = [], []
    for sentence in sentences:
        words = [f for f in sentence.forms if f[0].isalpha() and f != "CAP"]
        log_words += [math.log(counts.words[w]) if w in counts.words else 0.0 for w in words]
        for left, right in pairwise(words):
            a, b = counts.words.get(left), counts.words.get(right)
            if not a or not b:
                continue
            seen += 1
            pair = counts.pairs.get(f"{left} {right}")
            known += pair is not None
            log_pairs.append(math.log(pair / a) if pair else math.log(0.4 * b / counts.total))
    return {"pair_known": known / seen if seen else 0.0,
            "pair_log_probability": sum(log_pairs) / len(log_pairs) if log_pairs else 0.0,
            "word_log_count": sum(log_words) / len(log_words) if log_words else 0.0}


def coherence(sentences: list[Sentence]) -> dict[str, float]:
    words = [[f for f in s.forms if f[0].isalnum()] for s in sentences]
    words = [w for w in words if w]
    n = max(len(words), 1)
    content = [set(_content(w)) for w in words]
    overlaps = [len(a & b) / max(1, min(len(a), len(b))) for a, b in pairwise(content)]
    used = Counter(w for c in content for w in c)
    return {"adjacent_overlap": sum(overlaps) / len(overlaps) if overlaps else 0.0,
            "pronoun_opening": sum(w[0] in PRONOUNS for w in words) / n,
            "connective_opening": sum(w[0] in CONNECTIVES for w in words) / n,
            "the_opening": sum(w[0] == "the" for w in words) / n,
            "repeated_content_words": sum(1 for k in used.values() if k > 1) / max(len(used), 1)}


def shape(sentences: list[Sentence]) -> dict[str, float]:
    words = [f for s in sentences for f in s.forms if f[0].isalnum()]
    n = max(len(words), 1)
    lengths = [sum(1 for f in s.forms if f[0].isalnum()) for s in sentences]
    lengths = [k for k in lengths if k]
    mean = sum(lengths) / max(len(lengths), 1)
    spread = math.sqrt(sum((k - mean) ** 2 for k in lengths) / max(len(lengths), 1))
    buckets = Counter(fw_form(w) for w in words)
    content = _content(words)
    window = 30
    if len(content) >= window:
        ratios = [len(set(content[i:i + window])) / window for i in range(0, len(content) - window + 1)]
        mattr = sum(ratios) / len(ratios)
    else:
        mattr = len(set(content)) / max(len(content), 1)
    out = {"log_mean_sentence": math.log1p(mean), "sentence_cv": spread / mean if mean else 0.0, "mattr": mattr,
           "word_length": sum(len(w) for w in words if w not in ("CAP", "NUM")) / n,
           "function_words": sum(w in FUNCTION_WORDS for w in words) / n, "names": buckets["CAP"] / n,
           "numbers": buckets["NUM"] / n}
    out.update({f"bucket_{b}": buckets[b] / n for b in (*BUCKETS, OOV)})
    return out


def names(sentences: list[Sentence], text: str) -> dict[str, float]:
    raws = [text[a:b] for s in sentences for a, b in s.token_spans(text)]
    n = max(sum(1 for t in raws if t[0].isalnum()), 1)
    caps = [t for s in sentences for i, (a, b) in enumerate(s.token_spans(text))
            if i and text[a].isupper() and text[a:b].lower() not in FUNCTION_WORDS for t in [text[a:b]]]
    return {"distinct_names": len(set(caps)) / max(len(caps), 1),
            "all_capitals": sum(1 for t in raws if len(t) > 1 and t.isupper()) / n,
            "numbers": sum(1 for t in raws if t[0].isdigit()) / n}


def suffix_form(form: str) -> str:
    if form in ("CAP", "NUM") or not form[0].isalnum() or form in FUNCTION_WORDS:
        return form
    for ending, tag in SUFFIXES:
        if len(form) > len(ending) + 2 and form.endswith(ending):
            return tag
    return "W" + fw_form(form)


def suffix(sentences: list[Sentence]) -> dict[str, float]:
    grams: Counter[str] = Counter()
    for sentence in sentences:
        tokens = ["<s>", *map(suffix_form, sentence.forms), "</s>"]
        for n in (1, 2, 3):
            grams.update("sx:" + " ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return dict(grams)


class Extra:
    """Reads every candidate family of one document."""

    def __init__(self) -> None:
        self.counts = PairCounts()

    def __call__(self, sentences: list[Sentence], text: str) -> dict[str, float]:
        out = {f"lm:{k}": v for k, v in lm(sentences, self.counts).items()}
        out.update({f"names:{k}": v for k, v in names(sentences, text).items()})
        out.update({f"coherence:{k}": v for k, v in coherence(sentences).items()})
        out.update({f"shape:{k}": v for k, v in shape(sentences).items()})
        out.update(suffix(sentences))
        return out


def lopo(corpus: train.Corpus, settings: dict, families: list[str], extra: sparse.csr_matrix,
         extra_names: list[str]) -> dict[str, float]:
    """Leave-one-pair-out AUC of a model over the shipped families named in `families` plus candidate ones."""
    meta = corpus.meta
    shipped = [f for f in families if f in ("ngram", "fw")]
    dense = [i for i, name in enumerate(extra_names) if name.split(":")[0] in families and not name.startswith("sx")]
    counted = [i for i, name in enumerate(extra_names) if name.startswith("sx:")] if "suffix" in families else []
    result = {}
    for pair in train.PAIRS:
        rows = train.trainable(corpus, meta["pair"] != pair)
        test = np.where((meta["pair"] == pair) & (meta["set"] != "ted") & (meta["words"] >= 50))[0]
        fitted = train.fit(corpus, rows, settings) if shipped else None
        blocks_train, blocks_test = [], []
        if fitted is not None:
            keep = [k for k, name in enumerate(("ngram", "fw")) if name in shipped]
            for k in keep:
                blocks_train.append(train._tfidf(corpus.raw[rows][:, fitted.columns[k]], fitted.idf[k]))
                blocks_test.append(train._tfidf(corpus.raw[test][:, fitted.columns[k]], fitted.idf[k]))
        if dense:
            values = extra[:, dense].toarray()
            mean, sd = values[rows].mean(0), values[rows].std(0) + 1e-9
            blocks_train.append(sparse.csr_matrix((values[rows] - mean) / sd))
            blocks_test.append(sparse.csr_matrix((values[test] - mean) / sd))
        if counted:
            grams = extra[:, counted]
            groups = meta["group"][rows]
            _, group_of = np.unique(groups, return_inverse=True)
            membership = sparse.csr_matrix((np.ones(len(rows)), (group_of, np.arange(len(rows)))))
            sources = np.asarray(((membership @ (grams[rows] > 0).astype(float)) > 0).sum(0)).ravel()
            columns = np.where(sources >= 10)[0]
            documents = np.asarray((grams[rows][:, columns] > 0).sum(0)).ravel()
            idf = np.log((1.0 + len(rows)) / (1.0 + documents)) + 1.0
            blocks_train.append(train._tfidf(grams[rows][:, columns], idf))
            blocks_test.append(train._tfidf(grams[test][:, columns], idf))
        model = LogisticRegression(C=settings["c"], max_iter=5000)
        model.fit(sparse.hstack(blocks_train).tocsr(), meta["label"][rows],
                  sample_weight=train.sample_weights(corpus, rows, settings["native_weight"]))
        result[pair] = train.auc(meta["label"][test], model.decision_function(sparse.hstack(blocks_test).tocsr()))
        print(f"  {'+'.join(families)} without {pair}: {result[pair]}", flush=True)
    result["mean"] = round(float(np.mean([result[p] for p in train.PAIRS])), 4)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=train.CORPUS)
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--output", type=Path, help="write the table as JSON here too")
    args = parser.parse_args()
    settings = {"min_sources": 3, "fw_min_sources": 10, "c": args.c, "native_weight": 1.0, "keep": (15000, 10**6)}
    corpus = train.load_corpus(args.corpus, with_plain=False, extra=Extra())
    names_: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, features in enumerate(corpus.extra):
        for name, value in features.items():
            rows.append(i)
            cols.append(names_.setdefault(name, len(names_)))
            vals.append(value)
    extra = sparse.csr_matrix((vals, (rows, cols)), shape=(len(corpus.extra), len(names_)))
    extra_names = sorted(names_, key=names_.__getitem__)
    table = {}
    for families in (["ngram"], ["fw"], ["ngram", "fw"], ["ngram", "fw", "lm"], ["ngram", "fw", "coherence"],
                     ["ngram", "fw", "shape"], ["ngram", "fw", "names"], ["ngram", "fw", "suffix"]):
        table["+".join(families)] = lopo(corpus, settings, families, extra, extra_names)
    base = table["ngram+fw"]
    print("| families | " + " | ".join(train.PAIRS) + " | mean | gain over ngram+fw |")
    print("| --- |" + " --- |" * (len(train.PAIRS) + 2))
    for name, result in table.items():
        gain = round(result["mean"] - base["mean"], 4)
        print(f"| {name} | " + " | ".join(str(result[p]) for p in train.PAIRS) + f" | {result['mean']} | {gain} |")
    if args.output:
        args.output.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
