"""The MT model's tokens, forms and n-gram counts as `scorers/mt/features.py` computed them in Python, before
`_native.mt_sentence_forms`, `mt_gram_counts` and `mt_word_count`."""

from __future__ import annotations

from collections import Counter

from detector.scorers.mt.features import TOKEN, Sentence, sentence_ngrams, token_form
from detector.text.view import TextView


def sentence_tokens(view: TextView) -> list[Sentence]:
    text = view.text
    sentences = []
    for sentence in view.sentences:
        raws = TOKEN.findall(text, sentence.start, sentence.end)
        if not raws:
            continue
        forms = [token_form(raw, 1) for raw in raws]
        for i, raw in enumerate(raws):
            if raw[0].isalnum():
                forms[i] = token_form(raw, 0)
                break
        sentences.append(Sentence(forms, sentence.start, sentence.end))
    return sentences


def document_counts(sentences: list[Sentence]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for sentence in sentences:
        counts.update(sentence_ngrams(sentence))
    return counts


def word_count(sentences: list[Sentence]) -> int:
    return sum(1 for sentence in sentences for form in sentence.forms if form[0].isalnum())
