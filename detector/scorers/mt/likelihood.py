"""The document's machine-translated likelihood, 0-1, or `None` for a document too short to judge.

The model (`lexicons/mt/likelihood.json`, fitted by `scripts/train_mt_likelihood.py`) reads the document's
typography-normalised, name-masked 1-2-grams and the same 1-2-grams with every word outside the closed classes read
as its frequency bucket (the FW family, `detector/scorers/mt/features.py`), each family with sublinear tf-idf and
its own L2 norm, and holds one weight per n-gram: a logistic regression of machine translation against professional
human translation and native English. It was fitted on every pair, year, system and register of the dev corpora (WMT22
cs/de/ja/ru/uk/zh and WMT23 zh/ru/uk into English, WMT21 TED talks from Chinese; native English news, social posts,
customer-service chats and product descriptions), so that what it reads is translation rather than one register.

Three things make the number mean what it says:
- **Abstention.** Below `min_words` words (50: out of fold, documents under 50 words were ranked barely better than
  chance, AUC 0.55-0.65) the model does not answer: `likelihood` is `None` and the scorer says why. Nor does it
  answer on text that is not running prose (under `min_sentence_words`, 4, words per sentence on average: a menu,
  a list of tags; 9 of the 16,000 judged dev documents): such text is unlike anything it was fitted on and a
  calibration at a mix where most documents are machine translations would call it one.
- **Calibration.** `scale` and `offset` map the decision to a probability by Platt scaling on out-of-fold
  decisions (each language pair scored by a model fitted without it, native English by one fitted without its
  fold) at the dev corpora's real mix of documents (`prior`: the share of machine translation among the judged dev
  documents). On a corpus where machine translation is rarer the likelihood overstates it: the odds scale with the
  prior's (`at_prior`).
- **A verdict threshold.** `figures["verdict_likelihood"]` is the lowest likelihood at which, out of fold, at least
  90% of the dev documents at or above it are machine translations, at most 2% of the native English of each
  trained register reaches it (at an 85% MT mix precision alone allows 0.72, which 14-31% of native documents
  reach) and at most 10% of the documents of any dev MT corpus reach it, out of fold and with the shipped model (so
  that `review` triages even a corpus of machine translations: this part decides, 0.978); the verdict's
  `review_mt_likelihood` defaults to it.

Crude damage the rules find ('Keir Starrer', 'third -party') is reported as findings and moves the verdict through
them; it is no longer added to the likelihood (format 3 added log(1 + strong findings per 1,000 words) x 1.6, a
weight set by hand that made a spacing habit of one extractor read as translation).

File format (`detector-mtlikelihood/4`, one JSON object): `format` (checked at load), `families` (checked too: for
each of the two feature families, `ngram` and `fw`, the token description of the extractor it was fitted for,
`detector/scorers/mt/features.py`'s `FORMAT_TOKENS` and `FORMAT_FW_TOKENS`), `source`, `license`, `settings`,
`trained_on`, `figures`, `min_words`, `min_sentence_words` (optional, default 0), `prior` (share of machine
translation the calibration is for),
`calibration` {`scale`, `offset`}, `bias`, `columns` (`family`, `ngram`, `idf`, `weight`, `human_per_1000`,
`mt_per_1000`) and `features`: one row per n-gram in that column order, `family` saying which family's n-gram it is
(an FW n-gram is written without the `fw:` prefixes its tokens carry at run time, `detector.scorers.mt.features.fw_key`;
the two families hold some of the same strings, "the" or ". </s>", as different features). A document's score is

    z = bias + sum over families f of  sum(weight x idf x (1 + ln count)) / norm_f

with the inner sum over the document's n-grams of family f in the file and `norm_f` the L2 norm of
`idf x (1 + ln count)` over those same n-grams (each family is normalised on its own, as it was fitted); the
likelihood is `1 / (1 + exp(-(scale x z + offset)))` for a document of at least `min_words` words and at least
`min_sentence_words` words per sentence on average (running text, not a menu). An n-gram's share
of `z` is its own term of the sum, so the shares and the bias add up to `z`.
"""

from __future__ import annotations

import heapq
import json
import math
import sys
from collections.abc import Iterator, KeysView, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from detector.core import prebuilt
from detector.scorers.mt.features import (
    BUCKETS,
    END,
    FORMAT_FW_TOKENS,
    FORMAT_TOKENS,
    FW_PREFIX,
    OOV,
    START,
    fw_gram,
    fw_key,
)
from detector.text.lexicons import LexiconError, lexicon_root

FORMAT = "detector-mtlikelihood/4"
COLUMNS = ["family", "ngram", "idf", "weight", "human_per_1000", "mt_per_1000"]
FAMILIES = {"ngram": FORMAT_TOKENS, "fw": FORMAT_FW_TOKENS}
FAMILY_INDEX = {name: index for index, name in enumerate(FAMILIES)}


@dataclass(frozen=True, slots=True)
class Feature:
    family: int  # FAMILY_INDEX: 0 the n-grams of the tokens, 1 those of their FW forms
    idf: float
    weight: float
    human_per_1000: float
    mt_per_1000: float


class FeatureTable(Mapping[str, Feature]):
    """The model's rows by n-gram, each made a `Feature` when a document first uses it: a document touches a few
    hundred of the 20,000, and making them all at load was a fifth of the MT scorer's start-up. Keyed as the
    extractor writes them: an FW row's n-gram with the `fw:` prefix on each token (`fw_key`)."""

    def __init__(self, rows: dict[str, list[float]]) -> None:
        self._rows = rows
        self._made: dict[str, Feature] = {}

    def __getitem__(self, gram: str) -> Feature:
        made = self._made.get(gram)
        if made is None:
            family, _, idf, weight, human, mt = self._rows[gram]
            made = self._made[gram] = Feature(FAMILY_INDEX[family], float(idf), float(weight), float(human),
                                              float(mt))
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def keys(self) -> KeysView[str]:  # dict's own view: `counts.keys() & keys()` runs in C
        return self._rows.keys()


def _feature_table(rows: list[Any]) -> FeatureTable:
    """Checked in bulk (C loops), so a malformed row is refused at load without making 20,000 objects."""
    if not all(type(row) is list and len(row) == 6 and row[0] in FAMILY_INDEX and type(row[1]) is str
               for row in rows):
        raise ValueError("a feature row is not [family (ngram or fw), ngram, idf, weight, human_per_1000, "
                         "mt_per_1000]")
    sum(map(sum, (row[2:] for row in rows)))  # TypeError on a string or null
    table = {(row[1] if row[0] == "ngram" else fw_key(row[1])): row for row in rows}
    if len(table) != len(rows):
        raise ValueError("an n-gram has two rows in one family")
    return FeatureTable(table)


def native_model(features: FeatureTable, bias: float) -> Any:
    """The table as a native linear model (`detector.core._native.LinearModel`), made on first use and kept on the
    table, so `--jobs` workers share it: value `idf x (1 + ln count)`, each family normalised by its L2 norm, share
    `weight x value / norm`, decision `bias + sum(shares)` (exact sums)."""
    made = getattr(features, "_native", None)
    if made is None or made[0] != bias:
        from detector.core import _native

        grams = list(features._rows)
        rows = [features._rows[g] for g in grams]
        made = (bias, _native.LinearModel(grams, [FAMILY_INDEX[r[0]] for r in rows], [float(r[2]) for r in rows],
                                          [float(r[3]) for r in rows], len(FAMILIES), bias))
        features._native = made  # type: ignore[attr-defined]
    return made[1]


@dataclass(frozen=True, eq=False)
class LikelihoodModel:
    features: Mapping[str, Feature]
    bias: float
    scale: float
    offset: float
    figures: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    min_words: int = 50
    prior: float = 0.5
    min_sentence_words: float = 0.0

    def not_judged(self, words: int, sentences: int) -> str | None:
        """Why a document of `words` words in `sentences` sentences gets no likelihood, or None when it is judged:
        too short, or not running text (a menu, a list of links or tags: fewer than `min_sentence_words` words per
        sentence on average, text unlike anything the model was fitted on, which it would call translation)."""
        if words < self.min_words:
            return f"too short to judge: {words} words (the MT likelihood needs {self.min_words})"
        if words < self.min_sentence_words * sentences:
            return (f"not running text: {words} words in {sentences} sentences (the MT likelihood needs "
                    f"{self.min_sentence_words:g} words per sentence on average)")
        return None

    def contributions(self, counts: Mapping[str, int]) -> tuple[float, dict[str, float]]:
        """The decision value and each present n-gram's share of it (positive: towards machine translation); the
        shares and the bias sum to the decision. The shipped table is evaluated natively (`native_model`); a table
        given as a plain mapping (tests) by the same arithmetic here."""
        features = self.features
        if isinstance(features, FeatureTable):
            table = counts if isinstance(counts, dict) else dict(counts)
            return native_model(features, self.bias).contributions(table)  # type: ignore[no-any-return]
        log = math.log
        made, keys = features.get, features.keys()
        grams, found, values = [], [], []
        for gram in counts.keys() & keys:
            feature = made(gram) or features[gram]
            count = counts[gram]
            value = feature.idf if count == 1 else feature.idf * (1.0 + log(count))
            grams.append(gram)
            found.append(feature)
            values.append(value)
        if not grams:
            return self.bias, {}
        # each family's squared norm summed exactly, as the native model sums it: the order of a set of strings,
        # which changes with the hash seed, no longer moves its last bit
        squares = [math.fsum(v * v for v, f in zip(values, found) if f.family == family)
                   for family in range(len(FAMILIES))]
        norms = [math.sqrt(square) or 1.0 for square in squares]
        shares = {gram: feature.weight * value / norms[feature.family]
                  for gram, feature, value in zip(grams, found, values)}
        return self.bias + math.fsum(sorted(shares.values())), shares

    def decision(self, counts: Mapping[str, int]) -> float:
        return self.contributions(counts)[0]

    def probability(self, decision: float) -> float:
        """The calibrated likelihood of a decision (for a document of at least `min_words` words)."""
        z = self.scale * decision + self.offset
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def likelihood(self, decision: float, words: int, sentences: int = 0) -> float | None:
        """The calibrated likelihood, or None for a document the model does not judge (`not_judged`)."""
        return None if self.not_judged(words, sentences) else self.probability(decision)


def at_prior(likelihood: float, calibrated_for: float, prior: float) -> float:
    """A likelihood calibrated for one share of machine translation, re-expressed for another: the odds scale with
    the prior odds (Bayes' rule; the model's evidence, the likelihood ratio, stays the same).

    >>> round(at_prior(0.9, 0.85, 0.5), 3), round(at_prior(0.5, 0.5, 0.2), 3)
    (0.614, 0.2)
    """
    odds = likelihood / (1.0 - likelihood) * (prior / (1.0 - prior)) / (calibrated_for / (1.0 - calibrated_for))
    return odds / (1.0 + odds)


WORD_CLASSES = {"CAP": "[name]", "NUM": "[number]", BUCKETS[0]: "[common word]", BUCKETS[1]: "[fairly common word]",
                BUCKETS[2]: "[less common word]", BUCKETS[3]: "[rare word]", OOV: "[word not in the dictionary]"}


def describe_gram(gram: str) -> str:
    """An n-gram in words a reader can look for; an FW n-gram's frequency buckets as the kind of word they stand for.

    >>> describe_gram("<s> also"), describe_gram("CAP said"), describe_gram("in order")
    ("'also' opening a sentence", "'[name] said'", "'in order'")
    >>> describe_gram("fw:the fw:F3"), describe_gram("fw:OOV fw:</s>")
    ("'the [less common word]'", "'[word not in the dictionary]' ending a sentence")
    """
    fw = gram.startswith(FW_PREFIX)
    parts = fw_gram(gram).split(" ") if fw else gram.split(" ")
    names = WORD_CLASSES if fw else {"CAP": "[name]", "NUM": "[number]"}
    words = " ".join(names.get(p, p) for p in parts if p not in (START, END))
    if parts[0] == START:
        return f"'{words}' opening a sentence" if words else "a sentence"
    if parts[-1] == END:
        return f"'{words}' ending a sentence" if words else "a sentence's end"
    return f"'{words}'"


def explain(model: LikelihoodModel, counts: Mapping[str, int], shares: Mapping[str, float], words: int,
            towards_mt: bool, limit: int = 3) -> list[str]:
    """The n-grams that pushed the document most in the direction of the model's verdict, as rates a user can check:
    "'in order to' 3.1 per 1,000 words; human translations average 0.4, machine translations 1.2".

    Only n-grams the document uses more often than the other class's average are named (towards machine
    translation: more often than human translations do), so every reason reads the way it pushes; the tf-idf norm
    can make a common n-gram push either way, which a rate would not explain."""
    sign = 1.0 if towards_mt else -1.0
    scale = 1000.0 / max(words, 1)
    features = model.features
    # strongest push first (ties by n-gram): taken off a heap, since the first few usually give the reasons
    pushing = [(-sign * share, g) for g, share in shares.items() if sign * share > 0]
    heapq.heapify(pushing)
    reasons: list[str] = []
    described: set[str] = set()  # 'the' of both families reads the same: named once
    while pushing and len(reasons) < limit:
        gram = heapq.heappop(pushing)[1]
        feature = features[gram]
        rate = counts[gram] * scale
        description = describe_gram(gram)
        if rate <= (feature.human_per_1000 if towards_mt else feature.mt_per_1000) or description in described:
            continue
        described.add(description)
        reasons.append(f"{description} {rate:.1f} per 1,000 words; human translations average "
                       f"{feature.human_per_1000:.1f}, machine translations {feature.mt_per_1000:.1f}")
    return reasons


def parse_model(text: str, name: str) -> LikelihoodModel:
    """Read and check a model file; a file of another format or for another feature extractor is refused."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LexiconError(f"{name}:{exc.lineno}: not JSON ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LexiconError(f"{name}:1: not a {FORMAT} file; refit it with scripts/train_mt_likelihood.py")
    if data.get("families") != FAMILIES or data.get("columns") != COLUMNS:
        raise LexiconError(f"{name}:1: fitted for other features ({data.get('families')!r}, columns "
                           f"{data.get('columns')!r}); refit it with scripts/train_mt_likelihood.py")
    try:
        features = _feature_table(data["features"])
        calibration = data["calibration"]
        min_words, prior = data["min_words"], float(data["prior"])
        min_sentence_words = float(data.get("min_sentence_words", 0.0))
        if type(min_words) is not int or min_words < 1 or not 0.0 < prior < 1.0 or min_sentence_words < 0:
            raise ValueError(f"min_words {min_words!r} must be a positive integer, prior {prior!r} lie in (0, 1) "
                             f"and min_sentence_words {min_sentence_words!r} be >= 0")
        return LikelihoodModel(features, float(data["bias"]), float(calibration["scale"]),
                               float(calibration["offset"]), data.get("figures", {}), str(data.get("source", "")),
                               min_words, prior, min_sentence_words)
    except (KeyError, TypeError, ValueError) as exc:
        raise LexiconError(f"{name}:1: malformed model ({exc!r})") from None


def judging_gate(file: str = "") -> LikelihoodModel:
    """A model of `file`'s thresholds only (no features): what `not_judged` reads. A document too short to be
    judged never needs the model itself, so for the shipped file the thresholds come from the start-up store (keyed
    by the file's path, size and time, as `.pyc` files are; `detector.core.prebuilt`), and a one-file scan of a
    short text does not read the megabyte of JSON and 20,000 feature rows (9% of its instructions). A user's file is
    read and checked here, when the scorer is built, as before."""
    if file:
        return load_likelihood_model(file)
    identity = prebuilt.file_identity(lexicon_root() / "mt" / "likelihood.json")
    if identity is None:
        return load_likelihood_model()

    def thresholds() -> list[float]:
        model = load_likelihood_model()
        return [model.min_words, model.min_sentence_words]

    min_words, min_sentence_words = prebuilt.memo("likelihood-gate", identity, thresholds,
                                                  code=(sys.modules[__name__],))
    return LikelihoodModel({}, 0.0, 0.0, 0.0, min_words=min_words, min_sentence_words=min_sentence_words)


@cache
def load_likelihood_model(file: str = "") -> LikelihoodModel:
    """The shipped model, or a user's refitted file of the same format (`[tool.detector.mt] likelihood`)."""
    path = Path(file) if file else lexicon_root() / "mt" / "likelihood.json"
    return parse_model(path.read_text(encoding="utf-8"), path.name)
