"""Decoding loops: a word or phrase an engine repeats over and over ('Bern, Bern, Bern, Bern, ...', 'I got it, I got
it, I got it, I got it'). Neural decoders fall into such loops when the attention stalls; the MQM raters of the
WMT23 news file marked them ('Non-translation!').

People repeat too, for rhythm or emphasis ('Come in, come in, come in', 'border protection, border protection,
border protection', 'blah blah blah', 'LOVE LOVE LOVE'), but three times: on mt-wmt22, mt/docs.jsonl and native
English of every register, a unit repeated four times or more came only from engines, except interjections and
sounds ('ha ha ha ha', 'la la la la'). The doubled word is MT304's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from operator import eq

from detector.core.model import Span
from detector.scorers.mt.common import MtCandidate, mt_rule
from detector.text.view import TextView
from detector.text.word_spans import WordSpans

MIN_COPIES = 4
MAX_UNIT = 6  # words in the repeated unit
SEPARATOR_MARKS = " ,;"  # between the copies: spaces and commas, never a line break or a full stop
# Sounds and interjections people write four times and more: a laugh, a song, a cheer, a knock.
SOUNDS = frozenset({"ha", "haha", "he", "hi", "ho", "la", "na", "da", "blah", "bla", "yeah", "yes", "no", "oh",
                    "ah", "ow", "wow", "hey", "go", "boo", "ding", "dong", "knock", "tick", "tock", "bye", "hip",
                    "rah", "ta", "yay", "woo", "lol", "very", "so", "more", "again"})
# English repeats with a conjunction for emphasis ('again and again and again and again', 'on and on and on'),
# and translators follow it (the ja-en reference of mt-wmt22): a unit holding one is never a loop.
CONJUNCTIONS = frozenset({"and", "or", "nor", "&"})

LOOP = mt_rule(
    "MT314", "mt-repetition-loop", "'{match}': the same {what} repeated {copies} times in a row, as a stalled "
    "decoder writes it.", "Repetition loop",
    "A neural engine whose attention stalls repeats a word or a phrase until its length limit: 'Bern, Bern, Bern, "
    "Bern' for one mention of Bern. Readers lose the sentence, and the repeated text inflates every statistic "
    "computed on the corpus.",
    "The prime minister and his wife visited the University of Bern, Bern, Bern, Bern, Bern, Bern.",
    "The prime minister and his wife visited the University of Bern.",
    "Delete the repeated copies (and check the sentence against its source: the loop often replaced the rest).",
    "Lists that name one thing four times on purpose, chants and song lyrics are flagged; sounds and interjections "
    "('ha ha ha ha', 'la la la la') are left alone, and so is a repetition of three ('Come in, come in, come in').",
    0.9)


def loop_candidates(view: TextView) -> Iterator[MtCandidate]:
    """Runs of `MIN_COPIES` or more copies of a unit of 1 to `MAX_UNIT` words, separated by spaces or commas; the
    span covers the copies after the first, so deleting it leaves one."""
    words, lower, text = view.words, view.lower_word_texts, view.text
    taken: list[tuple[int, int]] = []  # word ranges already reported with a shorter unit
    for unit in range(1, MAX_UNIT + 1):
        if len(lower) < unit * MIN_COPIES:
            break
        same = bytes(map(eq, lower, lower[unit:]))  # 1 where a word equals the one `unit` words back: C speed
        if same.count(1) < unit * (MIN_COPIES - 1):
            continue
        for run in re.finditer(rb"\x01{%d,}" % (unit * (MIN_COPIES - 1)), same):
            first, last = run.start(), run.end() + unit - 1  # word indices of the whole repeated stretch
            copies = (last - first + 1) // unit
            if any(first <= b and a <= last for a, b in taken):
                continue
            body = lower[first : first + unit]
            if (unit == 1 and body[0] in SOUNDS) or _periodic(body) or not any(w.isalpha() for w in body):
                continue
            if unit > 1 and CONJUNCTIONS.intersection(body):  # 'again and again and again and again'
                continue
            if not _separated(text, words, first, first + copies * unit - 1):
                continue
            taken.append((first, last))
            span = Span(words[first + unit - 1].end, words[first + copies * unit - 1].end)
            what = "word" if unit == 1 else f"{unit}-word phrase"
            message = LOOP.format_message(match=_shorten(view.quote(Span(words[first].start, span.end))), what=what,
                                          copies=copies)
            yield MtCandidate(LOOP, span, LOOP.confidence, message, "")


def _separated(text: str, words: WordSpans, first: int, last: int) -> bool:
    """Whether only `SEPARATOR_MARKS` stand between words `first` to `last`. No word holds a space, a comma
    or a semicolon, so that is when the stretch from the first word's start to the last word's end holds as many of
    them as it has characters outside its words: counted in C loops, so that a page of 'the the the ...' (one loop
    of 250,000 words) is not walked word by word.

    >>> from detector.core.model import Document
    >>> from detector.config.settings import Config
    >>> view = TextView(Document("d", "Bern, Bern; Bern. Bern"), Config())
    >>> _separated(view.text, view.words, 0, 2), _separated(view.text, view.words, 0, 3)
    (True, False)
    """
    starts, ends = words.starts, words.ends
    begin, end = starts[first], ends[last]
    outside = (end - begin) - (sum(ends[first : last + 1]) - sum(starts[first : last + 1]))
    return outside == sum(text.count(mark, begin, end) for mark in SEPARATOR_MARKS)


def _periodic(body: tuple[str, ...]) -> bool:
    """A unit that is a shorter unit repeated ('la la' of 'la la la la la la la la') belongs to the shorter unit.

    >>> _periodic(("la", "la")), _periodic(("i", "got", "it"))
    (True, False)
    """
    return any(len(body) % d == 0 and body == body[:d] * (len(body) // d) for d in range(1, len(body)))


def _shorten(quote: str, limit: int = 60) -> str:
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
