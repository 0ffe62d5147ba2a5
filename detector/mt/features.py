"""What the MT-likelihood model reads: sentence tokens with typography normalised, and their 1-2-grams.

Typography first. Professional translators set curly quotes, apostrophes and dashes; engines mostly emit straight
ones; on the web either comes from the site's software, not from how the words were made. Left in, a word model
learns the typesetter (on raw text the typographic marks are its strongest features). So every token is read in one
typography: '“' '”' '„' '«' '»' as '"', '‘' '’' as "'", en and em dashes as '-', '…' as '...'. Line layout is
ignored too (the human documents of mt/docs.jsonl have blank lines between paragraphs, the machine ones do not).

Then names and numbers. A capitalised word inside a sentence (not a closed-class word) reads as `CAP` and a number
as `NUM`: named entities and topics are the other trap (the model must not learn that one translator writes
'Zelenskyy' and the engines 'Zelensky').

Every token keeps its span in the original text, so the words a feature counts can be shown to the user.

>>> from detector.config import Config
>>> from detector.model import Document
>>> from detector.text import TextView
>>> view = TextView(Document("d", "“It’s fine,” said Ms Smith in 2024."), Config())
>>> [t.form for t in sentence_tokens(view)[0]]
['"', "it's", 'fine', ',', '"', 'said', 'CAP', 'CAP', 'in', 'NUM', '.']
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from detector.model import Span
from detector.mt.common import FUNCTION_WORDS
from detector.text import TextView

FORMAT_TOKENS = "typography-normalised, CAP/NUM-masked word and punctuation tokens per sentence"
TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|\.\.\.|…|[,;:()\"“”„«»?!.'‘’\-–—―]")
TYPOGRAPHY = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "―": "-",
              "…": "..."}
START, END = "<s>", "</s>"


@dataclass(frozen=True, slots=True)
class Token:
    form: str  # what the model counts
    span: Span  # where it is in the document


def token_form(raw: str, position: int) -> str:
    """The normalised, masked form of one token; `position` counts the words before it in its sentence (so a
    word after an opening quote still opens the sentence).

    >>> token_form("Zelensky", 3), token_form("The", 0), token_form("I’m", 4), token_form("—", 2)
    ('CAP', 'the', "i'm", '-')
    """
    if not raw[0].isalnum():
        return TYPOGRAPHY.get(raw, raw)
    if raw[0].isdigit():
        return "NUM"
    lower = raw.lower().replace("’", "'")
    if raw[0].isupper() and position > 0 and lower not in FUNCTION_WORDS:
        return "CAP"
    return lower


def sentence_tokens(view: TextView) -> list[list[Token]]:
    """The tokens of each sentence of the shared view, in order."""
    text = view.text
    sentences = []
    for sentence in view.sentences:
        tokens = []
        words = 0
        for m in TOKEN.finditer(text, sentence.start, sentence.end):
            raw = m.group(0)
            tokens.append(Token(token_form(raw, words), Span(m.start(), m.end())))
            words += raw[0].isalnum()
        if tokens:
            sentences.append(tokens)
    return sentences


def sentence_ngrams(tokens: list[Token]) -> list[tuple[str, Span]]:
    """The sentence's unigrams and bigrams, with sentence boundaries as tokens, each with the span it covers.

    >>> from detector.model import Span
    >>> [g for g, _ in sentence_ngrams([Token("in", Span(0, 2)), Token("order", Span(3, 8))])]
    ['<s>', 'in', 'order', '</s>', '<s> in', 'in order', 'order </s>']
    """
    first, last = tokens[0].span, tokens[-1].span
    forms = [START, *(t.form for t in tokens), END]
    spans = [Span(first.start, first.start), *(t.span for t in tokens), Span(last.end, last.end)]
    grams = list(zip(forms, spans))
    for i in range(len(forms) - 1):
        grams.append((f"{forms[i]} {forms[i + 1]}", Span(spans[i].start, spans[i + 1].end)))
    return grams


def document_counts(sentences: list[list[Token]]) -> Counter[str]:
    """How often each 1-2-gram occurs in the document (what the model's tf-idf reads)."""
    counts: Counter[str] = Counter()
    for tokens in sentences:
        forms = [START, *(t.form for t in tokens), END]
        counts.update(forms)
        counts.update(f"{a} {b}" for a, b in pairwise(forms))
    return counts


def word_count(sentences: list[list[Token]]) -> int:
    """Tokens that are words (for rates per 1,000 words)."""
    return sum(1 for tokens in sentences for t in tokens if t.form[0].isalnum())
