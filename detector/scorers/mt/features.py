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

The model reads two families of 1-2-grams of those tokens. The first is the tokens themselves. The second, the FW
(function-word) family, keeps the closed-class words (`lexicons/mt/closed_class.en.tsv`), punctuation, `CAP`,
`NUM` and the sentence boundaries, and replaces every other word by how common it is (`fw_form`): `F1` for a word
ranked within the 1,000 most frequent of symspellpy's Google Books counts, `F2` within 5,000, `F3` within 20,000,
`F4` for a rarer one in the counts, `OOV` for one missing from them (a word with an apostrophe or hyphen that is
missing is looked up once more, by its part before the first apostrophe or hyphen: "long-term" as "long"). The rank
is `detector.scorers.mt.ngrams.RankBuckets`'s: counts highest first, equal counts in the file's order. That family sees
how a sentence is built (which function words connect which kinds of words) without its topic. Each of its tokens
carries the prefix `fw:`, so that the two families' grams never meet in one counter ("fw:the fw:F2" against "the
state"; `fw_key` and `fw_gram` convert); the prefix on every token, not once per gram, lets a bigram be joined in
C from two cached unigrams.

>>> from detector.config.settings import Config
>>> from detector.core.model import Document
>>> from detector.text.view import TextView
>>> view = TextView(Document("d", "“It’s fine,” said Ms Smith in 2024."), Config())
>>> sentence_tokens(view)[0].forms
['"', "it's", 'fine', ',', '"', 'said', 'CAP', 'CAP', 'in', 'NUM', '.']
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from detector.core import _native
from detector.core.safety import without_surrogates
from detector.scorers.mt.common import FUNCTION_WORDS
from detector.scorers.mt.ngrams import load_rank_buckets
from detector.text.view import TextView

FORMAT_TOKENS = "typography-normalised, CAP/NUM-masked word and punctuation tokens per sentence"
FORMAT_FW_TOKENS = ("the same tokens, every lower-case word not in lexicons/mt/closed_class.en.tsv read as its "
                    "symspellpy frequency-rank bucket F1 <= 1000 < F2 <= 5000 < F3 <= 20000 < F4, OOV")
FW_PREFIX = "fw:"
BUCKETS = ("F1", "F2", "F3", "F4")
OOV = "OOV"
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


@cache
def _function_words() -> _native.Vocabulary:
    return _native.Vocabulary(FUNCTION_WORDS)


def sentence_tokens(view: TextView) -> list[Sentence]:
    """The token forms of each sentence of the shared view, in order: `TOKEN` and `token_form` run natively
    (`_native.mt_sentence_forms`, one call per document; the first word of a sentence is read as sentence-initial;
    tests/reference/mt_features.py keeps the Python loop it equals)."""
    sentences = view.sentences
    spans = [(sentence.start, sentence.end) for sentence in sentences]
    try:
        forms = _native.mt_sentence_forms(view.text, spans, _function_words())
    except UnicodeEncodeError:  # lone surrogates: neither tokens nor parts of one, so U+FFFD stands in for them
        forms = _native.mt_sentence_forms(without_surrogates(view.text), spans, _function_words())
    return [Sentence(words, sentence.start, sentence.end) for words, sentence in zip(forms, sentences) if words]


_CACHE_LIMIT = 200_000
_FW_FORMS: dict[str, str] = {}  # token form -> its FW form
_FW_KEYS: dict[str, str] = {}  # token form -> "fw:" + its FW form, the FW unigram


def fw_form(form: str) -> str:
    """A token form as the FW family reads it: closed-class words, punctuation, `CAP` and `NUM` as they are, any
    other word as its frequency bucket.

    >>> [fw_form(f) for f in ["the", "said", "minister", "keen", "reiterated", "xqzzv", "CAP", ",", "long-term"]]
    ['the', 'F1', 'F2', 'F3', 'F4', 'OOV', 'CAP', ',', 'F1']
    """
    made = _FW_FORMS.get(form)
    if made is not None:
        return made
    if form in ("CAP", "NUM") or not form[0].isalnum() or form in FUNCTION_WORDS:
        made = form
    else:
        buckets = load_rank_buckets()
        bucket = buckets.bucket(form)
        if bucket is None:
            bucket = buckets.bucket(form.split("'")[0].split("-")[0])
        made = OOV if bucket is None else BUCKETS[bucket]
    if len(_FW_FORMS) >= _CACHE_LIMIT:
        _FW_FORMS.clear()
        _FW_KEYS.clear()
    _FW_FORMS[form] = made
    _FW_KEYS[form] = FW_PREFIX + made
    return made


def fw_key(gram: str) -> str:
    """An FW n-gram as the extractor counts it, every token prefixed.

    >>> fw_key("the F2"), fw_gram("fw:the fw:F2")
    ('fw:the fw:F2', 'the F2')
    """
    return FW_PREFIX + gram.replace(" ", " " + FW_PREFIX)


def fw_gram(key: str) -> str:
    """An FW key's n-gram as the model file and a reader write it (the inverse of `fw_key`)."""
    return key.replace(FW_PREFIX, "")


_FW_START, _FW_END = FW_PREFIX + START, FW_PREFIX + END


def sentence_ngrams(sentence: Sentence) -> list[str]:
    """The sentence's unigrams and bigrams, with sentence boundaries as tokens, then the same of its FW forms
    (`fw_key`): the two halves of the list are the two families, as many grams each. The FW grams come from cached
    prefixed forms and are joined in C loops (`map`): they are half of what the MT scorer counts.

    >>> sentence_ngrams(Sentence(["in", "order"], 0, 8))
    ['<s>', 'in', 'order', '</s>', '<s> in', 'in order', 'order </s>', 'fw:<s>', 'fw:in', 'fw:F1', 'fw:</s>', \
'fw:<s> fw:in', 'fw:in fw:F1', 'fw:F1 fw:</s>']
    """
    words = sentence.forms
    forms = [START, *words, END]
    try:
        keys = [_FW_START, *map(_FW_KEYS.__getitem__, words), _FW_END]
    except KeyError:  # a form not seen yet: each form's key read right after `fw_form` (which may clear them)
        keys = [_FW_START]
        for form in words:
            fw_form(form)
            keys.append(_FW_KEYS[form])
        keys.append(_FW_END)
    return forms + list(map(" ".join, pairwise(forms))) + keys + list(map(" ".join, pairwise(keys)))


def document_counts(sentences: list[Sentence]) -> Counter[str]:
    """How often each 1-2-gram occurs in the document (what the model's tf-idf reads): `sentence_ngrams` of every
    sentence counted natively (`_native.mt_gram_counts`), in the order `Counter.update` would have inserted them;
    each distinct form's FW key is worked out here once."""
    forms = [sentence.forms for sentence in sentences]
    fw = {form: FW_PREFIX + fw_form(form) for form in set().union(*forms)}
    return Counter(_native.mt_gram_counts(forms, fw))


def word_count(sentences: list[Sentence]) -> int:
    """Tokens that are words (for rates per 1,000 words): forms that start with a letter or digit, counted natively."""
    return _native.mt_word_count([sentence.forms for sentence in sentences])
