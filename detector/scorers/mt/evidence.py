"""Where the model says so, say where: the sentences that carry most of a document's machine-translation evidence.

The likelihood model's decision is a sum over n-grams (`LikelihoodModel.contributions`); each n-gram's share is
split evenly over its occurrences, so every sentence gets the sum of the shares of the n-grams it contains. Only
the lexical family's n-grams count here, not the FW family's (`detector/scorers/mt/features.py`): those patterns ('the
[common word]', '[rare word] ,') run through every sentence, and counted in they drew the findings away from the
errors (TED span precision 0.155, below a same-length span at random, 0.173; news 0.461). In a document of at
least `MIN_WORDS` words that the model calls machine-translated with some confidence (`LIKELY`), the sentences
carrying at least `MIN_RATIO` times the evidence of the average sentence become findings, at most one per
`WORDS_PER_FINDING` words. The span is one
word of the sentence, its least common one in the Google Books counts, not the whole sentence: a sentence overlaps
some annotated error nearly always, so only a word-sized span says something checkable. On a shorter text the
likelihood rests on a handful of n-grams and a sentence "carrying" them points nowhere the document score does not.

Measured with `detector eval mt` on the MQM dev files scored as whole documents (each system's translation of a
news document or TED talk; 2026-12-02, model `detector-mtlikelihood/3`, `LIKELY` 0.7): news 140 findings, span
precision 0.471 (chance 0.312, a same-length span at random in the same segment 0.386, the same number of the
file's rarest words 0.564); TED 180 findings, 0.183 (0.106, 0.163, 0.250). Those documents are the model's training
data; fitted without them (`--leave-out zh`) it points at 7 news words and no TED word. Better than chance and than
a random span of the sentence's size, short of the rarest words taken alone: the model knows which documents, much
less which words.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from detector.core.model import Span
from detector.scorers.mt.common import MtCandidate, mt_rule
from detector.scorers.mt.features import Sentence
from detector.scorers.mt.likelihood import LikelihoodModel, describe_gram

# The document likelihood at which its sentences are pointed out. At 0.5, with models fitted without the pair they
# score (`scripts/train_mt_likelihood.py --leave-out`), the human translations of mt/docs.jsonl got 1.23 MT findings
# per 1,000 words against 2.04 on the machine ones (0.60 of the MT rate: noise by the issue-15 bar of a half); at
# 0.7, 0.53 against 1.14 (0.46); at 0.6, 0.49 of the MT rate. A pointer is shown where the model is confident.
LIKELY = 0.7
WORDS_PER_FINDING = 250  # at most one sentence per this many words (and at least one)
MIN_RATIO = 1.5  # a sentence must carry this many times the evidence of the average sentence that carries some
MIN_WORDS = 100  # below this the document's likelihood is the whole story: a sentence of it points nowhere new
CONFIDENCE = 0.4  # below every rule's, so a rule finding on the same words wins

EVIDENCE = mt_rule(
    "MT501", "mt-evidence-sentence", "This sentence carries {share}% of the document's machine-translation "
    "evidence (document likelihood {likelihood}); strongest: {phrase}.", "Sentence with most machine-translation "
    "evidence", "The document's MT likelihood comes from a model of how machine and human translations word things "
    "(`lexicons/mt/likelihood.json`). The sentence named here carries most of that evidence: it is where a reviewer "
    "should look first, and where an engine's literal phrasing is most likely.",
    "The minister noted that it is necessary to carry out the reform. Also, he stated that the government will "
    "continue to work in this direction. According to him, at the moment the relevant departments are carrying out "
    "work on the preparation of the necessary documents. In addition, it is planned to hold a meeting with "
    "representatives of the regions, at which the issues of financing, the issues of the implementation of the "
    "reform and the issues of the interaction of the relevant departments will be considered. The minister also noted "
    "that in the near future the population will be informed about the results of the work. At the same time, he "
    "emphasized that the implementation of the reform is carried out in stages, and the first results are expected "
    "already this year. It should be noted that earlier the opposition criticized the plan.",
    "The minister said the reform had to go ahead and that his government meant to keep at it. Officials are "
    "drafting papers now, he said, and regional leaders will meet soon to settle how it is paid for. People won't "
    "have to wait long for news. He stressed that the changes are coming in stages, with first results due this "
    "year. The opposition has attacked the plan before as rushed and underfunded, and several regional governors "
    "have asked for more time. The minister dismissed those worries on Tuesday. He called the timetable realistic "
    "and promised that every region will get the money it needs to make the switch.",
    "Read the sentence against its source if you have it, and rephrase what an English writer would not write.",
    "A statistical pointer, not a proven error, and off by default (`--extend-select MT501`): on the MQM dev "
    "files the words it points at overlap an annotated error less often than the same number of the file's rarest "
    "words (TED 0.183 against 0.250, news 0.471 against 0.601, in-sample; fitted without the zh-en documents the "
    "model points at no TED word and 7 news words), and fluent human translations carry some of the same n-grams. "
    "Only documents of 100 words or more at or above the likelihood that moves the verdict "
    "(`verdict.review_mt_likelihood`) get these findings.",
    CONFIDENCE, severity="info", safety="none", opt_in=True,
    source="lexicons/mt/likelihood.json (fitted by scripts/train_mt_likelihood.py)")


def evidence_candidates(model: LikelihoodModel, sentences: list[Sentence], grams: list[list[str]],
                        counts: Mapping[str, int],
                        shares: Mapping[str, float], likelihood: float, words: int,
                        word_counts: Mapping[str, int], text: str) -> Iterator[MtCandidate]:
    if likelihood < LIKELY or not shares or words < MIN_WORDS:
        return
    scored = []
    per_occurrence = {gram: share / counts[gram] for gram, share in shares.items()}.get
    for index, sentence_grams in enumerate(grams):
        total = 0.0
        best_share, best_gram = 0.0, ""
        lexical = sentence_grams[: len(sentence_grams) // 2]  # `sentence_ngrams`: the FW half comes second
        for gram, occurrence in zip(lexical, map(per_occurrence, lexical)):
            if occurrence is None:
                continue
            total += occurrence
            if occurrence > best_share:
                best_share, best_gram = occurrence, gram
        if total > 0 and best_gram:
            scored.append((total, index, best_gram))
    positive = sum(total for total, _, _ in scored)
    floor = MIN_RATIO * positive / len(scored) if scored else 0.0
    limit = max(1, words // WORDS_PER_FINDING)
    for total, index, gram in sorted(scored, key=lambda s: (-s[0], s[1]))[:limit]:
        if total < floor:
            break
        span = _rarest_word(sentences[index], word_counts, text)
        if span is None:
            continue
        feature = model.features[gram]
        phrase = (f"{describe_gram(gram)} (human translations average {feature.human_per_1000:.1f} per 1,000 "
                  f"words, machine translations {feature.mt_per_1000:.1f}); the word marked is its least common")
        message = EVIDENCE.format_message(share=round(100 * total / positive), likelihood=f"{likelihood:.2f}",
                                          phrase=phrase)
        yield MtCandidate(EVIDENCE, span, CONFIDENCE, message)


def _rarest_word(sentence: Sentence, word_counts: Mapping[str, int], text: str) -> Span | None:
    """The sentence's least common word in the Google Books counts (a word missing from them counts as rarest)."""
    best: tuple[int, int] | None = None
    chosen = None
    for position, (start, end) in enumerate(sentence.token_spans(text)):
        raw = text[start:end]
        if not raw.isalpha():
            continue
        key = (word_counts.get(raw.lower(), 0), position)
        if best is None or key < best:
            best, chosen = key, Span(start, end)
    return chosen
