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
>>> sentence_tokens(view)[0].forms
['"', "it's", 'fine', ',', '"', 'said', 'CAP', 'CAP', 'in', 'NUM', '.']
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from detector.mt.common import FUNCTION_WORDS
from detector.text import TextView

FORMAT_TOKENS = "typography-normalised, CAP/NUM-masked word and punctuation tokens per sentence"
TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|\.\.\.|…|[,;:()\"“”„«»?!.'‘’\-–—―]")
TYPOGRAPHY = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "―": "-",
              "…": "..."}
START, END = "<s>", "</s>"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence's token forms and its span; token offsets are worked out only when a finding needs them."""

    forms: list[str]
    start: int
    end: int

    def token_spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in TOKEN.finditer(text, self.start, self.end)]


def token_form(raw: str, position: int) -> str:
    """The normalised, masked form of one token; `position` counts the words before it in its sentence (so a
    word after an opening quote still opens the sentence).

    >>> token_form("Zelensky", 3), token_form("The", 0), token_form("I’m", 4), token_form("—", 2)
    ('CAP', 'the', "i'm", '-')
    """
    first = raw[0]
    if not first.isalnum():
        return TYPOGRAPHY.get(raw, raw)
    if first.isdigit():
        return "NUM"
    lower = raw.lower()
    if "’" in lower:
        lower = lower.replace("’", "'")
    if position and first.isupper() and lower not in FUNCTION_WORDS:
        return "CAP"
    return lower


_INNER_FORMS: dict[str, str] = {}  # token -> its form inside a sentence: most documents repeat most tokens
_CACHE_LIMIT = 200_000


def _inner_form(raw: str) -> str:
    form = _INNER_FORMS.get(raw)
    if form is None:
        if len(_INNER_FORMS) >= _CACHE_LIMIT:
            _INNER_FORMS.clear()
        form = _INNER_FORMS[raw] = token_form(raw, 1)
    return form


def sentence_tokens(view: TextView) -> list[Sentence]:
    """The token forms of each sentence of the shared view, in order (one C-speed `findall` per sentence; the
    first word of a sentence is read as sentence-initial)."""
    text = view.text
    findall = TOKEN.findall
    inner = _INNER_FORMS.get
    sentences = []
    for sentence in view.sentences:
        raws = findall(text, sentence.start, sentence.end)
        if not raws:
            continue
        forms = [inner(raw) or _inner_form(raw) for raw in raws]
        for i, raw in enumerate(raws):
            if raw[0].isalnum():
                forms[i] = token_form(raw, 0)
                break
        sentences.append(Sentence(forms, sentence.start, sentence.end))
    return sentences


def sentence_ngrams(sentence: Sentence) -> list[str]:
    """The sentence's unigrams and bigrams, with sentence boundaries as tokens.

    >>> sentence_ngrams(Sentence(["in", "order"], 0, 8))
    ['<s>', 'in', 'order', '</s>', '<s> in', 'in order', 'order </s>']
    """
    forms = [START, *sentence.forms, END]
    return forms + list(map(" ".join, pairwise(forms)))


def document_counts(sentences: list[Sentence]) -> Counter[str]:
    """How often each 1-2-gram occurs in the document (what the model's tf-idf reads)."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        counts.update(sentence_ngrams(sentence))
    return counts


def word_count(sentences: list[Sentence]) -> int:
    """Tokens that are words (for rates per 1,000 words)."""
    return sum(1 for sentence in sentences for form in sentence.forms if form[0].isalnum())
