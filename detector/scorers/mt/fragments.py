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

from detector.core.model import Span
from detector.scorers.mt.common import MtCandidate, mt_rule
from detector.text.lexicons import lexicon_files, load_lexicon
from detector.text.view import TextView

DEBRIS = re.compile(r"(?<=[:;,] )[A-Z]\. (?=[a-z])")
MENU_SEPARATORS = re.compile(r"\s*[|/·•,;]\s*|\s{2,}|\t")
SOURCE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{1,200}")

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


@cache
def language_names() -> frozenset[str]:
    """Languages' own names ('中文', '日本語', '한국어', 'English', ...): `lexicons/mt/language_names.mul.tsv`."""
    return frozenset(entry.pattern for entry in load_lexicon("mt/language_names.mul.tsv").entries)


def _menu_line(line: str, names: frozenset[str]) -> bool:
    """A line of a site's language switcher: two or more language names and little else ('English | 中文 | 日本語')."""
    parts = [p for p in MENU_SEPARATORS.split(line) if p]
    return len(parts) <= 12 and sum(p in names for p in parts) >= max(2, len(parts) - 1)


def source_script_candidates(view: TextView) -> Iterator[MtCandidate]:
    """Runs of Chinese, Japanese or Korean script, except a language's own name ('中文' in a menu) and lines of a
    language switcher."""
    text = view.text
    names = language_names()
    for m in SOURCE_SCRIPT.finditer(text, 0, view.scored_end):
        if m.group(0) in names:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        if _menu_line(text[line_start : line_end if line_end != -1 else len(text)], names):
            continue
        span = Span(m.start(), m.end())
        yield MtCandidate(SOURCE_FRAGMENT, span, SOURCE_FRAGMENT.confidence,
                          SOURCE_FRAGMENT.format_message(match=m.group(0)[:40]))
