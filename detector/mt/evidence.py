"""Where the model says so, say where: the sentences that carry most of a document's machine-translation evidence.

The likelihood model's decision is a sum over n-grams (`LikelihoodModel.contributions`); each n-gram's share is
split evenly over its occurrences, so every sentence gets the sum of the shares of the n-grams it contains. In a
document the model calls machine-translated, the sentences with the largest positive sums become findings. The
span is one word of the sentence, its least common one in the Google Books counts, not the whole sentence: on MQM
segments, which are one or two sentences long, a sentence overlaps some annotated error nearly always, so only a
word-sized span says something checkable. Measured on the MQM dev files (`detector eval mt`), the sentence's
strongest n-gram overlapped an error less often than a random span of the same length (news 0.29 against 0.36, TED
0.05 against 0.11); its rarest word does better (news 0.41 against 0.37, TED 0.14 against 0.14), but neither beats
the file's rarest words taken alone (0.51 and 0.16): the model knows which documents, not which words.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from detector.model import Span
from detector.mt.common import MtCandidate, mt_rule
from detector.mt.features import Sentence
from detector.mt.likelihood import LikelihoodModel, describe_gram

LIKELY = 0.5  # the document likelihood at which its sentences are pointed out
WORDS_PER_FINDING = 250  # at most one sentence per this many words (and at least one)
MIN_SHARE = 0.2  # a sentence must carry this share of the document's positive evidence
CONFIDENCE = 0.4  # below every rule's, so a rule finding on the same words wins

EVIDENCE = mt_rule(
    "MT501", "mt-evidence-sentence", "This sentence carries {share}% of the document's machine-translation "
    "evidence (document likelihood {likelihood}); strongest: {phrase}.", "Sentence with most machine-translation "
    "evidence", "The document's MT likelihood comes from a model of how machine and human translations word things "
    "(`lexicons/mt/likelihood.json`). The sentence named here carries most of that evidence: it is where a reviewer "
    "should look first, and where an engine's literal phrasing is most likely.",
    "The minister noted that it is necessary to carry out the reform. Also, he stated that the government will "
    "continue to work in this direction.",
    "The minister said the reform had to go ahead, and that the government would keep working on it.",
    "Read the sentence against its source if you have it, and rephrase what an English writer would not write.",
    "A statistical pointer, not a proven error: on the MQM dev files the phrases it points at overlap an "
    "annotated error more often than chance (see `detector eval mt`), but fluent human translations carry some of "
    "the same n-grams. Only documents the model calls machine-translated get these findings.",
    CONFIDENCE, severity="info", safety="none",
    source="lexicons/mt/likelihood.json (fitted by scripts/train_mt_likelihood.py)")


def evidence_candidates(model: LikelihoodModel, sentences: list[Sentence], grams: list[list[str]],
                        counts: Mapping[str, int],
                        shares: Mapping[str, float], likelihood: float, words: int,
                        word_counts: Mapping[str, int], text: str) -> Iterator[MtCandidate]:
    if likelihood < LIKELY or not shares:
        return
    scored = []
    for index, sentence_grams in enumerate(grams):
        total = 0.0
        best_share, best_gram = 0.0, ""
        for gram in sentence_grams:
            share = shares.get(gram)
            if share is None:
                continue
            occurrence = share / counts[gram]
            total += occurrence
            if occurrence > best_share:
                best_share, best_gram = occurrence, gram
        if total > 0 and best_gram:
            scored.append((total, index, best_gram))
    positive = sum(total for total, _, _ in scored)
    limit = max(1, words // WORDS_PER_FINDING)
    for total, index, gram in sorted(scored, key=lambda s: (-s[0], s[1]))[:limit]:
        if total < MIN_SHARE * positive:
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
