"""Spacing and punctuation a translation engine broke: 'third -party', a space before a comma, quotes that open
where they should close, a doubled word, full-width punctuation of the source language."""

from __future__ import annotations

import re
from collections.abc import Iterator

from detector.model import Span
from detector.mt.common import MtCandidate, mt_rule
from detector.text import TextView

HYPHEN_SPACE = re.compile(r"(?<=[A-Za-z]) -(?=[a-z]{2})|(?<=[a-z])- (?!(?:and|or|to|nor)\b)(?=[a-z]{2})")
SPACE_BEFORE = re.compile(r"(?<=[A-Za-z]) (?=[,;:!?](?:\s|$))|(?<=[a-z]) (?=\.(?:\s|$))")
LEGIT_DOUBLES = frozenset({"that", "had", "is", "bye", "ha", "no", "very", "so", "far", "more", "many", "yes",
                           "again", "on", "knock", "tut", "tsk", "ding", "boo", "ho", "go", "la", "blah", "bla"})
FULLWIDTH = {"，": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")", "、": ","}
CURLY = re.compile("[“”]")
FULLWIDTH_RUN = re.compile("[" + "".join(FULLWIDTH) + "]")

HYPHEN = mt_rule(
    "MT301", "mt-hyphen-spacing", "'{match}': a hyphen with a space on one side breaks the compound.",
    "Broken hyphenation ('third -party')",
    "Engines that re-tokenise text put spaces around hyphens and fail to remove them: 'safe third -party "
    "agreements'. Readers stumble and tokenizers split the compound.",
    "Trump officials have tried to negotiate safe third -party agreements with other countries.",
    "Trump officials have tried to negotiate safe third-party agreements with other countries.",
    "Remove the space next to the hyphen.", "Suspended hyphens ('pre- and post-war') are left alone.", 0.9,
    safety="safe")
SPACE_PUNCT = mt_rule(
    "MT302", "mt-space-before-punctuation", "A space before '{match}', as the source language's typography or a "
    "tokenizer would put it.", "Space before punctuation",
    "English sets commas, full stops, colons and question marks right after the word. A space before them is a "
    "trace of French typography or of detokenisation that failed.",
    "The minister said that the talks , which began in May , would continue .",
    "The minister said that the talks, which began in May, would continue.",
    "Delete the space.", "Emoticons and quoted code are flagged too.", 0.85, safety="safe")
QUOTES = mt_rule(
    "MT303", "mt-unpaired-quote", "{what}", "Quotation marks that do not pair",
    "Round trips re-create quotation marks from scratch and often turn them the wrong way or drop one: a closing "
    "mark opens a quotation, an opening mark closes it. Readers lose who says what.",
    "“We work with other countries to say:” We would like to send you some people – will you do that? “And the "
    "further from America, the better,” he said.",
    "“We work with other countries to say: ‘We would like to send you some people – will you do that?’ And the "
    "further from America, the better,” he said.",
    "Turn the mark the right way, or add the missing one.",
    "Nested quotations written with the same marks can look unbalanced.", 0.75)
DOUBLED_WORD = mt_rule(
    "MT304", "mt-doubled-word", "'{match}': the word is doubled.", "Doubled word",
    "A repeated word ('the the') is a typing slip in human text and a classic decoding failure of translation "
    "engines; readers notice it at once.", "The ministry said the the plan would go ahead.",
    "The ministry said the plan would go ahead.", "Delete the repetition.",
    "Legitimate doubles ('that that', 'had had') are left alone; rhetorical repetition ('very very') is not "
    "flagged.", 0.9, safety="safe")
FULLWIDTH_RULE = mt_rule(
    "MT305", "mt-fullwidth-punctuation", "'{match}' is Chinese or Japanese punctuation inside English text.",
    "Full-width punctuation of the source language",
    "Full-width commas and full stops ('，', '。') are copied from a Chinese or Japanese source; they look odd and "
    "break sentence splitting and tokenisation.", "The plan was approved，officials said。",
    "The plan was approved, officials said.", "Replace with the ASCII mark.",
    "Quotations of the original text are flagged too.", 0.9, safety="safe")


def hyphen_candidates(view: TextView) -> Iterator[MtCandidate]:
    text = view.text
    if " -" not in text and "- " not in text:  # one C-speed scan rules out most documents
        return
    for m in HYPHEN_SPACE.finditer(text, 0, view.scored_end):
        start, end = m.start(), m.end()
        word_start = start
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        word_end = end
        while word_end < len(text) and text[word_end].isalpha():
            word_end += 1
        span = Span(word_start, word_end)
        quote = view.quote(span)
        yield MtCandidate(HYPHEN, span, HYPHEN.confidence, HYPHEN.format_message(match=quote),
                          quote.replace(" -", "-").replace("- ", "-"))


def space_candidates(view: TextView) -> Iterator[MtCandidate]:
    if not any(f" {mark}" in view.text for mark in ",;:!?."):
        return
    for m in SPACE_BEFORE.finditer(view.text, 0, view.scored_end):
        mark = view.text[m.end()]
        yield MtCandidate(SPACE_PUNCT, Span(m.start(), m.end()), SPACE_PUNCT.confidence,
                          SPACE_PUNCT.format_message(match=mark), "")


def quote_candidates(view: TextView) -> Iterator[MtCandidate]:
    """Walk each paragraph's curly quotes; flag a closing mark that opens (after a colon, before a capital) and the
    mark that then closes with the wrong shape, and a quotation left open at the end of the paragraph."""
    text = view.text
    for paragraph in view.paragraphs:
        open_at: int | None = None
        misturned = False
        for mark in CURLY.finditer(text, paragraph.start, paragraph.end):
            i, ch = mark.start(), mark.group(0)
            if ch == "”" and i > 0 and text[i - 1] == ":" and text[i + 1 : i + 3][:1] == " " and \
                    text[i + 2 : i + 3].isupper():
                yield MtCandidate(QUOTES, Span(i, i + 1), QUOTES.confidence, QUOTES.format_message(
                    what="A closing quotation mark where a quotation opens (after a colon): turned the wrong way."),
                    "“")
                misturned = True
            elif ch == "“" and misturned:
                yield MtCandidate(QUOTES, Span(i, i + 1), QUOTES.confidence * 0.9, QUOTES.format_message(
                    what="An opening quotation mark that closes the quotation opened by a misturned mark."), "”")
                misturned = False
            elif ch == "“":
                if open_at is not None:
                    yield MtCandidate(QUOTES, Span(open_at, open_at + 1), QUOTES.confidence * 0.8,
                                      QUOTES.format_message(what="A quotation opened and never closed."),
                                      severity="info")
                open_at = i
            elif ch == "”":
                open_at = None
        if open_at is not None:  # news style leaves a quotation open when it runs on into the next paragraph
            yield MtCandidate(QUOTES, Span(open_at, open_at + 1), QUOTES.confidence * 0.5,
                              QUOTES.format_message(what="A quotation opened and not closed in its paragraph "
                                                         "(fine if it continues in the next one)."),
                              severity="info")


def doubled_candidates(view: TextView) -> Iterator[MtCandidate]:
    """Two equal adjacent words (case aside) separated by one space, from the shared word list."""
    words, lower, text = view.words, view.lower_word_texts, view.text
    for i in range(len(words) - 1):
        if lower[i] != lower[i + 1] or lower[i] in LEGIT_DOUBLES or not lower[i].isalpha():
            continue
        left, right = words[i], words[i + 1]
        if right.start != left.end + 1 or text[left.end] != " ":
            continue
        span = Span(left.start, right.end)
        yield MtCandidate(DOUBLED_WORD, span, DOUBLED_WORD.confidence,
                          DOUBLED_WORD.format_message(match=view.quote(span)), text[left.start : left.end])


def fullwidth_candidates(view: TextView) -> Iterator[MtCandidate]:
    for m in FULLWIDTH_RUN.finditer(view.text, 0, view.scored_end):
        yield MtCandidate(FULLWIDTH_RULE, Span(m.start(), m.end()), FULLWIDTH_RULE.confidence,
                          FULLWIDTH_RULE.format_message(match=m.group(0)), FULLWIDTH[m.group(0)])
