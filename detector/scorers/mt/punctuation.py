"""Spacing and punctuation a translation engine broke: 'third -party', a space before a comma, quotes that open
where they should close, a doubled word, full-width punctuation of the source language."""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from itertools import chain, compress
from operator import eq, gt, or_

from detector.core.model import Span
from detector.scorers.mt.common import FUNCTION_WORDS, MtCandidate, mt_rule
from detector.text.view import TextView

# 'third -party': a lower-case word, a space, a hyphen glued to a lower-case word of three letters or more. The other
# shape ('word- word') is how people type a dash on the web ('bring water- you will need it'), so it is not flagged.
HYPHEN_SPACE = re.compile(r"\b([a-z]+) -([a-z]{3,})\b(?!-)")
SUSPENDING = frozenset({"and", "or", "nor", "to", "than", "versus", "vs"})  # 'women-founded and -run'
SPACE_BEFORE = re.compile(r"(?<=[A-Za-z]) (?=[,;:!?](?:\s|$))|(?<=[a-z]) (?=\.(?:\s|$)(?! ?\.))")
# Doubles that English writes on purpose: grammatical ('had had', 'that that'), emphatic ('very very', 'really
# really'), interjections and reduplicatives ('bye bye', 'ha ha'), and 'etc etc'.
LEGIT_DOUBLES = frozenset({"that", "had", "is", "bye", "ha", "no", "very", "so", "far", "more", "many", "yes",
                           "again", "on", "knock", "tut", "tsk", "ding", "boo", "ho", "go", "la", "blah", "bla",
                           "really", "much", "too", "way", "long", "super", "oh", "ah", "hey", "hip", "etc", "now",
                           "there", "well", "round", "over", "out", "up", "down", "off", "in", "by", "then", "do"})
# A doubled closed-class word has no reading in which both copies belong ('the the', 'of of'): deleting one is safe.
# A doubled content word ('protest protest') is usually a decoding slip, but deleting it is a judgement: unsafe.
SAFE_DOUBLES = frozenset({"the", "a", "an", "of", "to", "at", "for", "with", "from", "into", "and", "or", "but",
                          "are", "was", "were", "be", "been", "will", "would", "should", "can", "could", "has",
                          "have", "it", "its", "their", "his", "her", "our", "my", "your", "this", "these", "those",
                          "which", "who", "as", "if", "than", "until", "upon", "about"})
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
    "Remove the space next to the hyphen.",
    "Suspended hyphens ('pre- and post-war', 'founded and -run') and command-line options ('curl -fsSL') are left "
    "alone; so is 'word- word', which is how people type a dash on the web.", 0.9, safety="safe")
SPACE_PUNCT = mt_rule(
    "MT302", "mt-space-before-punctuation", "A space before '{match}', as the source language's typography or a "
    "tokenizer would put it.", "Space before punctuation",
    "English sets commas, full stops, colons and question marks right after the word. A space before them is a "
    "trace of French typography or of detokenisation that failed.",
    "The minister said that the talks , which began in May , would continue .",
    "The minister said that the talks, which began in May, would continue.",
    "Delete the space.", "Off by default (`--extend-select MT302`): native writers of chats, reviews and web "
    "pages space their punctuation as often as engines do (per 1,000 words: native conversation 0.70, e-commerce "
    "0.36, extraction-residue bodies 0.23, wcxb bodies 0.08, against 0.15 on machine translations; mt-wmt22, "
    "boilerplate-wcxb, extraction-residue dev), and engines mostly copy the spacing of their source, so it is no "
    "evidence of translation. Spaced ellipses ('. . .') are left alone; emoticons and quoted code ('x : int') are "
    "flagged too.", 0.85, safety="safe", opt_in=True)
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
    "Legitimate doubles ('that that', 'had had'), emphasis ('really really'), runs of three and capitalised "
    "doubles (names and reduplicatives such as 'Maji Maji' or 'Boing Boing') are left alone. The fix is safe only "
    "for closed-class words ('the the', 'of of'); deleting a doubled content word is left to a person.", 0.9,
    safety="unsafe")
FULLWIDTH_RULE = mt_rule(
    "MT305", "mt-fullwidth-punctuation", "'{match}' is Chinese or Japanese punctuation inside English text.",
    "Full-width punctuation of the source language",
    "Full-width commas and full stops ('，', '。') are copied from a Chinese or Japanese source; they look odd and "
    "break sentence splitting and tokenisation.", "The plan was approved，officials said。",
    "The plan was approved, officials said.", "Replace with the ASCII mark.",
    "Quotations of the original text are flagged too.", 0.9, safety="safe")


def hyphen_candidates(view: TextView, words: Container[str]) -> Iterator[MtCandidate]:
    """`words` are known lower-case English words: the part after the hyphen must be one ('-party'), which keeps
    command-line options ('curl -fsSL', 'gcc -fanalyzer') out."""
    text = view.text
    if " -" not in text:  # one C-speed scan rules out most documents
        return
    for m in HYPHEN_SPACE.finditer(text, 0, view.scored_end):
        left, right = m.group(1), m.group(2)
        if left in SUSPENDING or right not in words or right in FUNCTION_WORDS:
            continue
        span = Span(m.start(), m.end())
        quote = view.quote(span)
        yield MtCandidate(HYPHEN, span, HYPHEN.confidence, HYPHEN.format_message(match=quote), f"{left}-{right}")


def space_candidates(view: TextView) -> Iterator[MtCandidate]:
    if not any(f" {mark}" in view.text for mark in ",;:!?."):
        return
    for m in SPACE_BEFORE.finditer(view.text, 0, view.scored_end):
        mark = view.text[m.end()]
        yield MtCandidate(SPACE_PUNCT, Span(m.start(), m.end()), SPACE_PUNCT.confidence,
                          SPACE_PUNCT.format_message(match=mark), "")


def quote_candidates(view: TextView) -> Iterator[MtCandidate]:
    """Walk each paragraph's curly quotes; flag a closing mark that opens (after a colon, before a capital) and the
    mark that then closes with the wrong shape.

    A quotation left open at the end of a paragraph is not flagged: news style leaves a quotation open when it runs
    on into the next paragraph, and that was 0.49 findings per 1,000 words on human translations against 0.17 on
    machine translations of the same sources (mt/docs.jsonl): noise, not evidence."""
    text = view.text
    if ":”" not in text:  # no closing mark after a colon: nothing can be misturned (one C-speed scan)
        return
    for paragraph in view.paragraphs:
        # Only a closing mark after a colon starts a finding, and only the first opening mark after it (before the
        # next such closing mark) ends one: each is found with `str.find`, not by visiting every quotation mark.
        turned = []
        at = text.find(":”", max(0, paragraph.start - 1), paragraph.end)
        while at >= 0:
            i = at + 1
            if text[i + 1 : i + 3][:1] == " " and text[i + 2 : i + 3].isupper():
                turned.append(i)
            at = text.find(":”", i, paragraph.end)
        for k, i in enumerate(turned):
            yield MtCandidate(QUOTES, Span(i, i + 1), QUOTES.confidence, QUOTES.format_message(
                what="A closing quotation mark where a quotation opens (after a colon): turned the wrong way."), "“")
            closing = text.find("“", i + 1, turned[k + 1] if k + 1 < len(turned) else paragraph.end)
            if closing >= 0:
                yield MtCandidate(QUOTES, Span(closing, closing + 1), QUOTES.confidence * 0.9, QUOTES.format_message(
                    what="An opening quotation mark that closes the quotation opened by a misturned mark."), "”")


def doubled_candidates(view: TextView) -> Iterator[MtCandidate]:
    """Two equal adjacent words separated by one space, the second in lower case, from the shared word list.

    Capitalised doubles are names and reduplicatives ('Maji Maji', 'Boing Boing', 'Sri Sri', 'Mahi Mahi'): never
    flagged. A run of three or more ('layers layers layers') is deliberate. Only closed-class doubles get a safe fix.
    """
    words, strings, text = view.words, view.word_texts, view.text
    last = len(words) - 1
    for i in _double_starts(strings, view.lower_word_texts):
        word = strings[i + 1]  # the second copy is lower case; the first may open a sentence ('The the plan')
        if strings[i].lower() != word or not word.isalpha() or not word.islower() or word in LEGIT_DOUBLES:
            continue
        if strings[i] != word and not strings[i][1:].islower():
            continue
        left, right = words[i], words[i + 1]
        if right.start != left.end + 1 or text[left.end] != " ":
            continue
        if (i > 0 and strings[i - 1].lower() == word) or (i + 1 < last and strings[i + 2].lower() == word):
            continue
        span = Span(left.start, right.end)
        yield MtCandidate(DOUBLED_WORD, span, DOUBLED_WORD.confidence,
                          DOUBLED_WORD.format_message(match=view.quote(span)), strings[i],
                          fix_safety="safe" if word in SAFE_DOUBLES else "unsafe")


def _double_starts(strings: tuple[str, ...], lowered: tuple[str, ...]) -> Iterator[int]:
    """The indices `i` whose word, lower-cased, is the next word and is not a run of three (the next word is not
    also the lower-cased word before `i` or after `i + 1`): `doubled_candidates`' first and last tests, made with C
    loops (`map`) over all the words at once, so that a page of 'the the the ...' is not walked word by word in
    Python. The caller still makes every test."""
    last = len(strings) - 1
    if last < 1:
        return iter(())
    pair = map(eq, lowered[:last], strings[1:])  # i: lowered[i] == strings[i + 1]
    before = chain((False,), map(eq, lowered[: last - 1], strings[2:]))  # i: lowered[i - 1] == strings[i + 1]
    after = chain(map(eq, lowered[2:], strings[1:last]), (False,))  # i: lowered[i + 2] == strings[i + 1]
    return compress(range(last), map(gt, pair, map(or_, before, after)))


def fullwidth_candidates(view: TextView) -> Iterator[MtCandidate]:
    for m in FULLWIDTH_RUN.finditer(view.text, 0, view.scored_end):
        yield MtCandidate(FULLWIDTH_RULE, Span(m.start(), m.end()), FULLWIDTH_RULE.confidence,
                          FULLWIDTH_RULE.format_message(match=m.group(0)), FULLWIDTH[m.group(0)])
