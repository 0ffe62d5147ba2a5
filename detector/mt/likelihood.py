"""The document's machine-translated likelihood, 0-1: a trained n-gram model plus the crude damage the rules find.

The model (`lexicons/mt/likelihood.json`, fitted by `scripts/train_mt_likelihood.py`) reads the document's
typography-normalised, name-masked 1-2-grams (`detector/mt/features.py`) with sublinear tf-idf and an L2 norm, and
holds one weight per n-gram: a logistic regression of machine against professional human translation (WMT23
news, reviews and speech from Chinese, Russian and Ukrainian; WMT21 TED talks from Chinese), with native English
article bodies as more human text. It is calibrated for a corpus where both are equally common. Its figures (grouped
cross-validation and leave-one-language-pair-out AUC, a reliability table) are inside the file; `detector eval mt`
prints them.

Modern engines leave almost none of the crude damage the rules see ('Keir Starrer', 'third -party'), so the
training data cannot weigh it; where it is present it is strong evidence all the same. Each unit of
log(1 + strong findings per 1,000 words) adds `RULE_WEIGHT` to the log-odds (set by design: seed 003, a German round
trip with 7 strong findings per 1,000 words, gains 3.4).

File format (`detector-mtlikelihood/2`, one JSON object): `format` (checked at load), `tokens` (the feature
extractor it was fitted for, checked too), `source`, `license`, `settings`, `trained_on`, `figures`, `prior`,
`calibration` {`scale`, `offset`}, `bias`, `columns` (`ngram`, `idf`, `weight`, `human_per_1000`,
`mt_per_1000`) and `features` (one row per n-gram in that column order). A document's score is
`z = bias + sum(weight x idf x (1 + ln count)) / norm`, with `norm` the L2 norm of `idf x (1 + ln count)` over the
document's n-grams in the file; the likelihood is `1 / (1 + exp(-(scale x z + offset + RULE_WEIGHT x ln(1 + rate))))`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, KeysView, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from detector.lexicons import LexiconError, lexicon_root
from detector.mt.features import END, FORMAT_TOKENS, START

FORMAT = "detector-mtlikelihood/2"
COLUMNS = ["ngram", "idf", "weight", "human_per_1000", "mt_per_1000"]
RULE_WEIGHT = 1.6


@dataclass(frozen=True, slots=True)
class Feature:
    idf: float
    weight: float
    human_per_1000: float
    mt_per_1000: float


class FeatureTable(Mapping[str, Feature]):
    """The model's rows by n-gram, each made a `Feature` when a document first uses it: a document touches a few
    hundred of the 17,000, and making them all at load was a fifth of the MT scorer's start-up."""

    def __init__(self, rows: dict[str, list[float]]) -> None:
        self._rows = rows
        self._made: dict[str, Feature] = {}

    def __getitem__(self, gram: str) -> Feature:
        made = self._made.get(gram)
        if made is None:
            _, idf, weight, human, mt = self._rows[gram]
            made = self._made[gram] = Feature(float(idf), float(weight), float(human), float(mt))
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def keys(self) -> KeysView[str]:  # dict's own view: `counts.keys() & keys()` runs in C
        return self._rows.keys()


def _feature_table(rows: list[Any]) -> FeatureTable:
    """Checked in bulk (C loops), so a malformed row is refused at load as before without making 17,000 objects."""
    if not all(type(row) is list and len(row) == 5 and type(row[0]) is str for row in rows):
        raise ValueError("a feature row is not [ngram, idf, weight, human_per_1000, mt_per_1000]")
    sum(map(sum, (row[1:] for row in rows)))  # TypeError on a string or null
    return FeatureTable({row[0]: row for row in rows})


@dataclass(frozen=True, eq=False)
class LikelihoodModel:
    features: Mapping[str, Feature]
    bias: float
    scale: float
    offset: float
    figures: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""

    def contributions(self, counts: Mapping[str, int]) -> tuple[float, dict[str, float]]:
        """The decision value and each present n-gram's share of it (positive: towards machine translation)."""
        features = self.features
        log = math.log
        present = [(gram, features[gram]) for gram in counts.keys() & features.keys()]
        if not present:
            return self.bias, {}
        values = [feature.idf * (1.0 + log(counts[gram])) for gram, feature in present]
        norm = math.sqrt(sum(v * v for v in values))
        shares = {gram: feature.weight * value / norm for (gram, feature), value in zip(present, values)}
        return self.bias + math.fsum(sorted(shares.values())), shares

    def decision(self, counts: Mapping[str, int]) -> float:
        return self.contributions(counts)[0]

    def probability(self, decision: float, strong_per_1000: float = 0.0) -> float:
        z = self.scale * decision + self.offset + RULE_WEIGHT * math.log1p(strong_per_1000)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def describe_gram(gram: str) -> str:
    """An n-gram in words a reader can look for.

    >>> describe_gram("<s> also"), describe_gram("CAP said"), describe_gram("in order")
    ("'also' opening a sentence", "'[name] said'", "'in order'")
    """
    parts = gram.split(" ")
    words = " ".join({"CAP": "[name]", "NUM": "[number]"}.get(p, p) for p in parts if p not in (START, END))
    if parts[0] == START:
        return f"'{words}' opening a sentence" if words else "a sentence"
    if parts[-1] == END:
        return f"'{words}' ending a sentence"
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
    pushing = sorted((g for g, share in shares.items() if sign * share > 0), key=lambda g: (-sign * shares[g], g))
    checkable = [g for g in pushing if counts[g] * scale > (
        features[g].human_per_1000 if towards_mt else features[g].mt_per_1000)]
    reasons = []
    for gram in checkable[:limit]:
        feature = features[gram]
        rate = counts[gram] * scale
        reasons.append(f"{describe_gram(gram)} {rate:.1f} per 1,000 words; human translations average "
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
    if data.get("tokens") != FORMAT_TOKENS or data.get("columns") != COLUMNS:
        raise LexiconError(f"{name}:1: fitted for other features ({data.get('tokens')!r}, columns "
                           f"{data.get('columns')!r}); refit it with scripts/train_mt_likelihood.py")
    try:
        features = _feature_table(data["features"])
        calibration = data["calibration"]
        return LikelihoodModel(features, float(data["bias"]), float(calibration["scale"]),
                               float(calibration["offset"]), data.get("figures", {}), str(data.get("source", "")))
    except (KeyError, TypeError, ValueError) as exc:
        raise LexiconError(f"{name}:1: malformed model ({exc!r})") from None


@cache
def load_likelihood_model() -> LikelihoodModel:
    path = lexicon_root() / "mt" / "likelihood.json"
    return parse_model(path.read_text(encoding="utf-8"), path.name)
