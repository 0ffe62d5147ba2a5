"""MT rule scans as `scorers/mt/punctuation.py` wrote them before they were made faster: a walk over every curly
quotation mark and loops over every word in Python."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Container, Iterator
from operator import eq

from detector.core.model import Span
from detector.scorers.mt.common import MtCandidate
from detector.scorers.mt.fragments import UNTRANSLATED, function_words
from detector.scorers.mt.loops import (
    CONJUNCTIONS,
    LOOP,
    MAX_UNIT,
    MIN_COPIES,
    SEPARATOR_MARKS,
    SOUNDS,
    _periodic,
    _shorten,
)
from detector.scorers.mt.names import (
    NEAR_MISS,
    Gazetteer,
    _close,
    _deletions,
    _levenshtein,
    _name_like,
    derived_form,
    family_names_first,
    same_under_transliteration,
)
from detector.scorers.mt.punctuation import CURLY, DOUBLED_WORD, LEGIT_DOUBLES, QUOTES, SAFE_DOUBLES
from detector.text.view import TextView

SEPARATOR = re.compile(f"[{re.escape(SEPARATOR_MARKS)}]*")  # what may stand between a loop's words, tested per gap


def quote_candidates(view: TextView) -> Iterator[MtCandidate]:
    text = view.text
    for paragraph in view.paragraphs:
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


def doubled_candidates(view: TextView) -> Iterator[MtCandidate]:
    words, strings, text = view.words, view.word_texts, view.text
    last = len(words) - 1
    for i in range(last):
        word = strings[i + 1]
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


def untranslated_candidates(view: TextView) -> Iterator[MtCandidate]:
    """Runs of two or more adjacent words (separated by a space or a comma) that are function words of one shared
    other language."""
    lookup = function_words()
    text = view.text
    run: list[Span] = []
    langs: frozenset[str] = frozenset()
    for span, word in zip((*view.words, None), (*view.lower_word_texts, "")):
        word_langs = lookup.get(word) if span is not None else None
        if word_langs and run and text[run[-1].end : span.start] in (" ", ", ") and langs & word_langs:
            run.append(span)
            langs = langs & word_langs
            continue
        if len(run) >= 2:
            whole = Span(run[0].start, run[-1].end)
            yield MtCandidate(UNTRANSLATED, whole, UNTRANSLATED.confidence,
                              UNTRANSLATED.format_message(match=view.quote(whole), lang="/".join(sorted(langs))))
        run, langs = ([span], word_langs) if word_langs else ([], frozenset())


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
            if not all(SEPARATOR.fullmatch(text, words[i].end, words[i + 1].start)
                       for i in range(first, first + copies * unit - 1)):
                continue
            taken.append((first, last))
            span = Span(words[first + unit - 1].end, words[first + copies * unit - 1].end)
            what = "word" if unit == 1 else f"{unit}-word phrase"
            message = LOOP.format_message(match=_shorten(view.quote(Span(words[first].start, span.end))), what=what,
                                          copies=copies)
            yield MtCandidate(LOOP, span, LOOP.confidence, message, "")


def gazetteer_candidates(view: TextView, gazetteer: Gazetteer, common: Container[str] = frozenset(),
                         ) -> Iterator[MtCandidate]:
    """A first name of a listed person with a surname one or two edits from theirs ('Keir Starrer'), or a listed
    surname with a first name that close to theirs ('Funeo Kishida').

    Left alone: a word that is a common English word or name in the Google Books counts (`common`: 'Christmas
    Sewing' is no garbled 'Christian Sewing', 'Kai Wagner' no garbled 'Kai Wegner'), and a pair that shares only a
    family name written first ('Zhang Ying' beside 'Zhang Yiming', `family_names_first`): another member of a large
    family. On the human translations of mt-wmt22 these made most of the rule's findings."""
    text, words, strings = view.text, view.words, view.word_texts
    family_first = family_names_first()
    for i in range(len(words) - 1):
        first, last = strings[i], strings[i + 1]
        known_first, known_last = first in gazetteer.surnames_by_first, last in gazetteer.firsts_by_surname
        if known_first == known_last or not (_name_like(first) and _name_like(last)) or len(last) < 3:
            continue  # both known (a real name or another person's), or neither: nothing to compare with
        left, right = words[i], words[i + 1]
        if text[left.end : right.start] != " " or f"{first} {last}" in gazetteer.full_names:
            continue
        if (last if known_first else first).lower() in common or (known_first and first in family_first):
            continue
        if known_first:
            close = sorted(s for s in gazetteer.surnames_by_first[first] if _close(last, s))
            span, fixed = Span(right.start, right.end), f"{first} {close[0]}" if len(close) == 1 else ""
        else:
            close = sorted(f for f in gazetteer.firsts_by_surname[last] if _close(first, f))
            span, fixed = Span(left.start, left.end), f"{close[0]} {last}" if len(close) == 1 else ""
        if len(close) != 1:
            continue
        message = NEAR_MISS.format_message(match=f"{first} {last}", replacement=fixed)
        yield MtCandidate(NEAR_MISS, span, NEAR_MISS.confidence, message, close[0])


def consistency_candidates(view: TextView, gazetteer: Gazetteer, common: frozenset[str]) -> Iterator[MtCandidate]:
    """Capitalised words (not opening a sentence) spelled two close ways in one document.

    The rarer spelling (at most twice, and at most half as often as the other) is flagged. Pairs that are a
    derived form of one another ('Kenyan'/'Kenya'), transliteration variants ('Zelenskyi'/'Zelensky'), two family
    names ('Zhong'/'Zhang') or common English words ('Reduced'/'Reduces' in headings) are left alone: on the human
    translations of mt/docs.jsonl and mt-wmt22 and on native English they made most of this rule's findings.
    Candidates at edit distance 1 are found through their one-letter deletions (symspell's trick), so the cost is
    linear in the number of distinct words.
    """
    text = view.text
    family_first = family_names_first()
    spans: dict[str, list[Span]] = defaultdict(list)
    for span, word in zip(view.words, view.word_texts):
        if len(word) < 5 or not _name_like(word):  # four-letter words inside names: 1 MT finding, 1 native (dev)
            continue
        j = span.start - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j < 0 or text[j] in ".!?\n\"“‘:":
            continue  # sentence-initial: capitalised for grammar, not as a name
        if word.lower() in common:
            continue
        spans[word].append(span)
    counts = Counter({w: len(s) for w, s in spans.items()})
    usual_by_deletion: dict[str, list[str]] = defaultdict(list)
    for word in sorted(counts):
        if counts[word] >= 2:
            for key in _deletions(word):
                usual_by_deletion[key].append(word)
    for rare in sorted(w for w in counts if counts[w] <= 2 and w not in gazetteer.tokens):
        neighbours = sorted({u for key in _deletions(rare) for u in usual_by_deletion.get(key, ())})
        for usual in neighbours:
            if usual[0] != rare[0] or counts[usual] < 2 * counts[rare] or _levenshtein(rare, usual) != 1:
                continue
            if derived_form(rare, usual) or same_under_transliteration(rare, usual) or \
                    (rare in family_first and usual in family_first):
                continue
            for span in spans[rare]:
                message = NEAR_MISS.format_message(match=rare, replacement=usual)
                message += f" The document spells it '{usual}' {counts[usual]} times."
                yield MtCandidate(NEAR_MISS, span, 0.7, message, usual)
            break
