"""The rule-by-rule part of `detector eval mt`: the rarest-words baseline does not depend on the order of the file,
and a shown rule that does not beat it, or an MT finding rate over its target, is reported as failing."""

from __future__ import annotations

from collections import Counter

from detector.evaluation.mt_rules import RarestWords, summarise


def test_words_of_equal_frequency_count_at_their_mean() -> None:
    # six words: two at Zipf 0 (one inside an error span), four at Zipf 3 (one inside)
    spans = [[(0, 5, "Fluency/Spelling", "Minor"), (20, 25, "Style/Awkward", "Major")]]
    words = [(0.0, 0, 0, 5), (0.0, 0, 6, 10), (3.0, 0, 11, 15), (3.0, 0, 16, 19), (3.0, 0, 20, 25), (3.0, 0, 26, 30)]
    rarest = RarestWords(reversed(words), spans)
    assert rarest.precision(1) == 0.5 and rarest.precision(2) == 0.5
    assert rarest.precision(4) == (1 + 2 * 0.25) / 4  # both Zipf-0 words, then two of four Zipf-3 words at 1 in 4
    assert rarest.precision(0) is None and rarest.precision(99) == round(2 / 6, 4)


def _row(mt: bool, words: int, findings: dict[str, int], register: str = "", pair: str = "zh") -> dict:
    return {"mt": mt, "words": words, "findings": Counter(findings), "register": register, "pair": pair}


def test_the_summary_fails_a_rule_below_the_baseline_and_rates_over_target() -> None:
    files = {"a.jsonl": {"rule_spans": {
        "MT900": {"findings": 10, "span_precision": 0.2, "baseline_rarest_words_same_count": 0.3,
                  "baseline_random_same_length": 0.1},
        "MT901": {"findings": 5, "span_precision": 0.8, "baseline_rarest_words_same_count": 0.3,
                  "baseline_random_same_length": 0.1}}}}
    documents = [_row(False, 10_000, {"MT900": 4}), _row(True, 10_000, {"MT900": 5, "MT901": 5})]
    natives = [_row(False, 5_000, {"MT901": 2}, "chat")]
    summary = summarise(files, documents, natives, frozenset({"MT900", "MT901"}), frozenset())
    rules = summary["span_precision_by_rule"]
    assert rules["MT900"]["beats_rarest_words_on_every_file_it_fires"] is False
    assert rules["MT901"]["beats_rarest_words_on_every_file_it_fires"] is True
    met = {t["measure"]: t["met"] for t in summary["targets"]}
    assert met["human rate / machine-translation rate"] is False  # 0.4 against 1.0 per 1,000 words
    assert met["MT findings per 1,000 words, native English: chat"] is False  # 0.4 per 1,000 words
    assert met["shown span finding types that beat the rarest words on every MQM file where they fire"] is False
    # once MT900 is opt-in, neither its spans nor its rate count against what a default scan shows
    quiet = summarise(files, documents, natives, frozenset({"MT901"}), frozenset({"MT900"}))
    met = {t["measure"]: t["met"] for t in quiet["targets"]}
    assert met["human rate / machine-translation rate"] is True
    assert met["shown span finding types that beat the rarest words on every MQM file where they fire"] is True
    assert quiet["finding_rates"]["human_translations"]["by_rule"] == {"MT900": 0.4}
