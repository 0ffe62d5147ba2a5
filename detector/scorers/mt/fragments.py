"""Pieces of another language left in English: abbreviation debris, untranslated function words, source script.

'such as: B. a scholarship' is what is left of German 'z. B.' (for example) after a round trip: the 'z.' was
translated away, the 'B.' stayed. A run of two or more function words of one other language ('und die', 'de la')
inside an English sentence is an untranslated fragment. Chinese or Japanese characters inside English text are
source text the engine did not translate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import compress

from detector.core.model import Span
from detector.scorers.mt.common import MtCandidate, mt_rule
from detector.text.lexicons import lexicon_files, load_lexicon
from detector.text.view import TextView

DEBRIS = re.compile(r"(?<=[:;,] )[A-Z]\. (?=[a-z])")
MENU_SEPARATORS = re.compile(r"\s*[|/·•,;*]\s*|\s{2,}|\t")
MENU_WORDS = re.compile(r"[\s|/·•,;*]+")  # the same menu with single spaces between the names
SOURCE_SCRIPT = re.compile(r"[\u0400-\u04ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{1,200}")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Marks of these scripts that English pages use as separators: the katakana middle dot ('December 18 ・ 3 min read'),
# the prolonged sound mark alone, and '丨' between a site's name and a headline ('Xinhua All Media+丨Beijing ...').
SEPARATORS = frozenset("・ー丨")
# A run glossed in Latin script right after it ('한국 (Korea)', '正體中文 (Chinese (Traditional))'): a menu item or a
# deliberate quotation of the original, not text the engine failed to translate.
GLOSS_AFTER = re.compile(r" ?\([A-Za-z]")
ENCLOSING = frozenset({"()", '""', "“”", "‘’", "''", "«»", "„“"})
DOMAIN_AFTER = re.compile(r"\.[^\W\d_]{2,12}\b")  # '.рф', '.com': the run is a host name

ABBREVIATION_DEBRIS = mt_rule(
    "MT204", "mt-abbreviation-debris", "'{match}' opening a clause looks like the tail of a foreign abbreviation "
    "(German 'z. B.' = for example).", "Debris of a foreign abbreviation",
    "A round trip through German turns 'z. B.' (for example) into 'B.': the first letter is translated away, the "
    "second is left as a stray initial at the start of a clause.",
    "Rwanda would provide social support; B. a scholarship and support in the search for a job.",
    "Rwanda would provide social support, for example a scholarship and support in the search for a job.",
    "Delete the stray initial (and a colon before it, if the sentence reads better).",
    "A list item introduced by a letter ('options: A. the first') is flagged too.", 0.85)
UNTRANSLATED = mt_rule(
    "MT205", "mt-untranslated-fragment", "'{match}' is a run of {lang} function words inside English text: "
    "untranslated.", "Untranslated fragment of another language",
    "Function words are translated first; a run of them left in the source language means the engine copied a "
    "phrase it could not translate.",
    "The minister said the plan would go ahead, aber noch immer without a date for the talks.",
    "The minister said the plan would go ahead, but still without a date for the talks.",
    "Translate the fragment (or drop it).",
    "Foreign titles and quoted phrases ('raison d'être', 'de la Rúa') can be flagged; words shared with English "
    "were removed from the lists.", 0.8,
    source="lexicons/mt/function_words.<lang>.tsv (de, es, fr, it, nl, pt; filtered with wordfreq)")
SOURCE_FRAGMENT = mt_rule(
    "MT206", "mt-source-script", "'{match}' is in a script English does not use: source text left untranslated.",
    "Source-language script inside English text",
    "Characters of the source language (Chinese, Japanese, Korean) in an English translation are text the engine "
    "did not translate; readers cannot read it.",
    "The spokesman of the ministry 外交部 said the talks would continue.",
    "The spokesman of the Foreign Ministry said the talks would continue.",
    "Translate the fragment.", "Deliberate quotations of the original script are flagged too. A language's own "
    "name ('中文', '日本語') and the lines of a language-switcher menu are left alone.", 0.9)


def debris_candidates(view: TextView) -> Iterator[MtCandidate]:
    for m in DEBRIS.finditer(view.text, 0, view.scored_end):
        span = Span(m.start(), m.start() + 2)
        yield MtCandidate(ABBREVIATION_DEBRIS, span, ABBREVIATION_DEBRIS.confidence,
                          ABBREVIATION_DEBRIS.format_message(match=view.quote(span)), "")


@cache
def function_words() -> dict[str, frozenset[str]]:
    """Function word -> the languages it belongs to (a few are shared, e.g. German and Dutch)."""
    languages: dict[str, set[str]] = {}
    for name in lexicon_files("mt/function_words.*.tsv"):
        lexicon = load_lexicon(name)
        for entry in lexicon.entries:
            languages.setdefault(entry.pattern.casefold(), set()).add(lexicon.lang)
    return {word: frozenset(langs) for word, langs in languages.items()}


def untranslated_candidates(view: TextView) -> Iterator[MtCandidate]:
    """Runs of two or more adjacent words (separated by a space or a comma) that are function words of one shared
    other language."""
    lookup = function_words()
    text, words = view.text, view.words
    hits = list(map(lookup.get, view.lower_word_texts))  # C speed: most words are no other language's function word
    run: list[Span] = []
    langs: frozenset[str] = frozenset()
    previous = -2
    for i in compress(range(len(hits)), hits):  # a word between two hits ends the run, as a miss would
        span, word_langs = words[i], hits[i]
        if i == previous + 1 and run and text[run[-1].end : span.start] in (" ", ", ") and langs & word_langs:
            run.append(span)
            langs = langs & word_langs
            previous = i
            continue
        yield from _untranslated(view, run, langs)
        run, langs, previous = [span], word_langs, i
    yield from _untranslated(view, run, langs)


def _untranslated(view: TextView, run: list[Span], langs: frozenset[str]) -> Iterator[MtCandidate]:
    if len(run) >= 2:
        whole = Span(run[0].start, run[-1].end)
        yield MtCandidate(UNTRANSLATED, whole, UNTRANSLATED.confidence,
                          UNTRANSLATED.format_message(match=view.quote(whole), lang="/".join(sorted(langs))))


@cache
def language_names() -> frozenset[str]:
    """Languages' own names ('中文', '日本語', '한국어', 'English', ...): `lexicons/mt/language_names.mul.tsv`."""
    return frozenset(entry.pattern for entry in load_lexicon("mt/language_names.mul.tsv").entries)


ADDRESS_MAX = 300  # characters of an address before a run, at most
MENU_LINE_MAX = 600  # characters: twelve items at most, each a language's name


class _MenuLines:
    """Whether the line around a run is a language switcher, decided once per line. Runs come in text order, so
    no search goes back past the end of the line before: looking the line up around every run (and splitting it)
    was quadratic on a page written as one line (a 12 MB one-line page took 66 s of CPU)."""

    def __init__(self, text: str, names: frozenset[str]) -> None:
        self.text, self.names = text, names
        self.start, self.end, self.menu = 0, -1, False  # the current line [start, end); none yet

    def around(self, position: int) -> bool:
        if position >= self.end:
            low = self.end + 1 if self.end >= 0 else 0
            newline = self.text.rfind("\n", low, position)
            self.start = newline + 1 if newline != -1 else low
            end = self.text.find("\n", position)
            self.end = end if end != -1 else len(self.text)
            line = self.text[self.start : self.end] if self.end - self.start <= MENU_LINE_MAX else ""
            self.menu = bool(line) and _menu_line(line, self.names)
        return self.menu


def _menu_line(line: str, names: frozenset[str]) -> bool:
    """A line of a site's language or edition switcher: two or more language names and little else ('English |
    中文 | 日本語', 'English Deutsch Français 中文版'), or a line that is one name ('中文网')."""
    for separators in (MENU_SEPARATORS, MENU_WORDS):
        parts = [p for p in separators.split(line.strip()) if p]
        if parts and len(parts) <= 12 and sum(p in names for p in parts) >= max(min(2, len(parts)), len(parts) - 1):
            return True
    return False


def _glossed(text: str, start: int, end: int) -> bool:
    """The run is quoted in parentheses ('the Hwajeontae Dance (花前態舞)') or quotation marks (a word mentioned:
    'using "в" or "на" with the word'), or followed by its gloss ('한국 (Korea)')."""
    before, after = text[start - 1 : start], text[end : end + 1]
    return (before + after in ENCLOSING) or GLOSS_AFTER.match(text, end) is not None


def _in_address(text: str, start: int, end: int) -> bool:
    """The run is part of a web or e-mail address ('https://премияарсеньева.рф/'): a name, not untranslated text."""
    low = max(0, start - ADDRESS_MAX)  # a bounded look back: a line of unspaced script has no space to find
    token_start = max(text.rfind(" ", low, start), text.rfind("\n", low, start), low - 1) + 1
    token = text[token_start : end + 8]
    return "://" in token or "www." in token or "@" in token or DOMAIN_AFTER.match(text, end) is not None


def source_script_candidates(view: TextView) -> Iterator[MtCandidate]:
    """Runs of Chinese, Japanese, Korean or Cyrillic script, except a language's or an edition's own name ('中文' in
    a menu), lines of a language switcher, runs glossed in parentheses and separators ('・', '丨')."""
    text = view.text
    names = language_names()
    menu_lines = _MenuLines(text, names)
    for m in SOURCE_SCRIPT.finditer(text, 0, view.scored_end):
        run = m.group(0)
        if len(run) == 1 and CYRILLIC.match(run):
            continue  # one Cyrillic letter among Latin ones is a look-alike, not a word left untranslated
        if run in names or SEPARATORS.issuperset(run) or _glossed(text, m.start(), m.end()) or \
                _in_address(text, m.start(), m.end()) or menu_lines.around(m.start()):
            continue
        span = Span(m.start(), m.end())
        yield MtCandidate(SOURCE_FRAGMENT, span, SOURCE_FRAGMENT.confidence,
                          SOURCE_FRAGMENT.format_message(match=run[:40]))
