"""The document's machine-translated likelihood, 0-1, from accumulated specific evidence.

Shallow statistics (sentence length, type-token ratio) do not separate modern MT from human translation, and on
the WMT23 documents (`shared/corpus/mt/docs.jsonl`) neither do our findings: fluent engines leave few of the traces
these rules see (measured: every evidence rate has ROC AUC 0.42-0.51 there; a logistic model fitted on them plus
typographic traces reached 0.585 in cross-validation). So the likelihood is not fitted to that corpus. It is a
logistic function of the rate of strong findings (warning or above) per 1,000 words, with weights that are data
(`lexicons/mt/likelihood.json`): a document with no evidence gets the prior 0.12; each step of log(1 + rate) adds
1.6 to the log-odds, so 2 strong findings per 1,000 words give 0.48, 5 give 0.73 and 10 give 0.86 (seed 003, a
German round trip with 7.2 per 1,000 words: 0.80).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from detector.lexicons import LexiconError, lexicon_root

FORMAT = "detector-mtlikelihood/1"
# rule id -> feature; rules not listed here count under "other"
FEATURE_OF = {"MT101": "names", "MT201": "lexicon", "MT202": "lexicon", "MT203": "lexicon", "MT204": "fragments",
              "MT205": "fragments", "MT206": "fragments", "MT301": "punctuation", "MT302": "punctuation",
              "MT303": "quotes", "MT304": "doubled", "MT305": "punctuation", "MT401": "pairs"}
FEATURES = ("names", "lexicon", "fragments", "punctuation", "quotes", "doubled", "pairs", "strong")


def feature_vector(rule_ids: Iterable[str], words: int, strong: int) -> list[float]:
    """log(1 + rate per 1,000 words) of each kind of evidence; `strong` counts findings at warning or above."""
    counts = Counter(FEATURE_OF.get(r, "other") for r in rule_ids)
    counts["strong"] = strong
    scale = 1000.0 / max(words, 50)
    return [math.log1p(counts[name] * scale) for name in FEATURES]


@dataclass(frozen=True)
class LikelihoodModel:
    weights: tuple[float, ...]
    bias: float
    source: str

    def probability(self, row: list[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, row))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def load_likelihood_model() -> LikelihoodModel:
    path = lexicon_root() / "mt" / "likelihood.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT or tuple(data.get("features", ())) != FEATURES:
        raise LexiconError(f"{path.name}:1: not a {FORMAT} file for features {FEATURES}; refit it")
    return LikelihoodModel(tuple(float(w) for w in data["weights"]), float(data["bias"]), str(data["source"]))
