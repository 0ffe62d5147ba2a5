# Adapted from NLTK 3.10.4, nltk/tokenize/punkt.py (https://www.nltk.org/):
#   Natural Language Toolkit: Punkt sentence tokenizer
#   Copyright (C) 2001-2026 NLTK Project
#   Algorithm: Kiss & Strunk (2006)
#   Authors: Willy, Steven Bird, Edward Loper, Joel Nothman, Arthur Darcet, Tom Aarsen
#   Licensed under the Apache License, Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0).
# Changes from the original: only sentence splitting with given parameters is kept (no trainer, no model files,
# no pickling, no debugging output); the regular expressions are compiled with the `regex` engine as NLTK's
# `redos.compile` does, without its match timeouts (every pattern here is linear); looking up a word's orthographic
# context does not add it to the table (NLTK's defaultdict grew with every word type a long run saw); type hints
# and comments added.
"""Punkt sentence boundaries (Kiss & Strunk 2006), without importing nltk: the reference of the native splitter.

This is the part of nltk's `punkt` module that splits sentences, vendored under its Apache-2.0 licence (it was
`detector/punkt.py` until the native core, `native/src/punkt.rs`, took over). `tests/test_punkt.py` checks it span
for span against nltk's own `PunktSentenceTokenizer` with every heuristic, and the native splitter against both
with the parameters the project uses.

>>> params = PunktParameters()
>>> params.abbrev_types = {"dr"}
>>> list(PunktSentenceTokenizer(params).span_tokenize("Dr. Who came. He left."))
[(0, 13), (14, 22)]
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator
from typing import Any

import regex

# Orthographic contexts: the positions and cases a word type was seen in (BEG = sentence start, MID = inside,
# UNK = unknown; UC / LC = upper / lower case).
_ORTHO_BEG_UC = 1 << 1
_ORTHO_MID_UC = 1 << 2
_ORTHO_UNK_UC = 1 << 3
_ORTHO_BEG_LC = 1 << 4
_ORTHO_MID_LC = 1 << 5
_ORTHO_UNK_LC = 1 << 6
_ORTHO_UC = _ORTHO_BEG_UC + _ORTHO_MID_UC + _ORTHO_UNK_UC
_ORTHO_LC = _ORTHO_BEG_LC + _ORTHO_MID_LC + _ORTHO_UNK_LC


class PunktLanguageVars:
    """The language-dependent regular expressions (NLTK's defaults, which are English's)."""

    sent_end_chars = (".", "?", "!")
    internal_punctuation = ",:;"
    # Closing punctuation after a sentence end that belongs to that sentence, curly quotes and guillemets included.
    re_boundary_realignment = regex.compile(r'["\')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)',
                                            regex.MULTILINE)
    _re_word_start = r"[^\(\"\`{\[:;&\#\*@\)}\]\-,]"
    _re_multi_char_punct = r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.)"
    _word_tokenize_fmt = r"""(
        %(MultiChar)s
        |
        (?=%(WordStart)s)\S+?  # Accept word characters until end is found
        (?= # Sequences marking a word's end
            \s|                                 # White-space
            $|                                  # End-of-string
            %(NonWord)s|%(MultiChar)s|          # Punctuation
            ,(?=$|\s|%(NonWord)s|%(MultiChar)s) # Comma if at end of word
        )
        |
        \S
    )"""
    _period_context_fmt = r"""
        %(SentEndChars)s             # a potential sentence ending
        (?=(?P<after_tok>
            %(NonWord)s              # either other punctuation
            |
            \s+(?P<next_tok>\S+)     # or whitespace and some other token
        ))"""

    def __init__(self) -> None:
        other_ends = re.escape("".join(sorted(set(self.sent_end_chars) - {"."})))
        non_word = r"(?:[)\";}\]\*:@\'\({\[\u2018\u2019\u201c\u201d\xab\xbb" + other_ends + "])"
        self._word_tokenizer = regex.compile(
            self._word_tokenize_fmt % {"NonWord": non_word, "MultiChar": self._re_multi_char_punct,
                                       "WordStart": self._re_word_start},
            regex.UNICODE | regex.VERBOSE)
        self._period_context = regex.compile(
            self._period_context_fmt % {"NonWord": non_word,
                                        "SentEndChars": "[" + re.escape("".join(self.sent_end_chars)) + "]"},
            regex.UNICODE | regex.VERBOSE)

    def word_tokenize(self, s: str) -> list[str]:
        """Split off punctuation other than periods."""
        return self._word_tokenizer.findall(s)  # type: ignore[no-any-return]

    def period_context_re(self) -> Any:
        """Finds possible sentence ends, with the token that follows each in a look-ahead."""
        return self._period_context


_re_non_punct = regex.compile(r"[^\W\d]", regex.UNICODE)


def _pair_iter(iterator: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """Each item with the next one; the last with None."""
    iterator = iter(iterator)
    try:
        prev = next(iterator)
    except StopIteration:
        return
    for el in iterator:
        yield prev, el
        prev = el
    yield prev, None


class PunktParameters:
    """What Punkt knows of a language: abbreviations (without their period, lower case), collocations whose first
    word ends in a period, frequent sentence starters, and the orthographic context of word types."""

    def __init__(self) -> None:
        self.abbrev_types: set[str] = set()
        self.collocations: set[tuple[str, str]] = set()
        self.sent_starters: set[str] = set()
        self.ortho_context: dict[str, int] = {}


class PunktToken:
    """A token and the annotations sentence-boundary detection gives it."""

    _properties = ("parastart", "linestart", "sentbreak", "abbr", "ellipsis")
    __slots__ = ("abbr", "ellipsis", "linestart", "parastart", "period_final", "sentbreak", "tok", "type")

    _RE_ELLIPSIS = regex.compile(r"\.\.+$")
    _RE_NUMERIC = regex.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
    _RE_INITIAL = regex.compile(r"[^\W\d]\.$", regex.UNICODE)
    _RE_ALPHA = regex.compile(r"[^\W\d]+$", regex.UNICODE)

    def __init__(self, tok: str, parastart: bool | None = None, linestart: bool | None = None) -> None:
        self.tok = tok
        self.type = self._RE_NUMERIC.sub("##number##", tok.lower())
        self.period_final = tok.endswith(".")
        self.parastart = parastart
        self.linestart = linestart
        self.sentbreak: bool | None = None
        self.abbr: bool | None = None
        self.ellipsis: bool | None = None

    @property
    def type_no_period(self) -> str:
        if len(self.type) > 1 and self.type[-1] == ".":
            return self.type[:-1]
        return self.type

    @property
    def type_no_sentperiod(self) -> str:
        return self.type_no_period if self.sentbreak else self.type

    @property
    def first_upper(self) -> bool:
        return self.tok[0].isupper()

    @property
    def first_lower(self) -> bool:
        return self.tok[0].islower()

    @property
    def is_ellipsis(self) -> bool:
        return bool(self._RE_ELLIPSIS.match(self.tok))

    @property
    def is_initial(self) -> bool:
        return bool(self._RE_INITIAL.match(self.tok))


class PunktSentenceTokenizer:
    """Sentence spans of a text, from given parameters (NLTK's class of the same name, without training)."""

    PUNCTUATION = tuple(";:,.!?")

    def __init__(self, params: PunktParameters | None = None, lang_vars: PunktLanguageVars | None = None) -> None:
        self._params = params or PunktParameters()
        self._lang_vars = lang_vars or PunktLanguageVars()

    def span_tokenize(self, text: str, realign_boundaries: bool = True) -> Iterator[tuple[int, int]]:
        """(start, end) of each sentence of `text`."""
        slices = self._slices_from_text(text)
        if realign_boundaries:
            slices = self._realign_boundaries(text, slices)
        for sentence in slices:
            yield sentence.start, sentence.stop

    def tokenize(self, text: str, realign_boundaries: bool = True) -> list[str]:
        return [text[s:e] for s, e in self.span_tokenize(text, realign_boundaries)]

    # Tokens and their first-pass annotation.

    def _tokenize_words(self, plaintext: str) -> Iterator[PunktToken]:
        parastart = False
        for line in plaintext.split("\n"):
            if line.strip():
                line_toks = iter(self._lang_vars.word_tokenize(line))
                try:
                    tok = next(line_toks)
                except StopIteration:
                    continue
                yield PunktToken(tok, parastart=parastart, linestart=True)
                parastart = False
                for tok in line_toks:
                    yield PunktToken(tok)
            else:
                parastart = True

    def _first_pass_annotation(self, aug_tok: PunktToken) -> None:
        """By word type alone: sentence-end characters break, runs of periods are ellipses, a known abbreviation
        before a period is an abbreviation, any other word before a period breaks."""
        tok = aug_tok.tok
        if tok in self._lang_vars.sent_end_chars:
            aug_tok.sentbreak = True
        elif aug_tok.is_ellipsis:
            aug_tok.ellipsis = True
        elif aug_tok.period_final and not tok.endswith(".."):
            if (tok[:-1].lower() in self._params.abbrev_types
                    or tok[:-1].lower().split("-")[-1] in self._params.abbrev_types):
                aug_tok.abbr = True
            else:
                aug_tok.sentbreak = True

    def _annotate_tokens(self, tokens: Iterator[PunktToken]) -> Iterator[PunktToken]:
        for token1, token2 in _pair_iter(self._first_pass(tokens)):
            self._second_pass_annotation(token1, token2)
            yield token1

    def _first_pass(self, tokens: Iterator[PunktToken]) -> Iterator[PunktToken]:
        for aug_tok in tokens:
            self._first_pass_annotation(aug_tok)
            yield aug_tok

    # Candidate sentence ends and their contexts.

    @staticmethod
    def _get_last_whitespace_index(text: str) -> int:
        for i in range(len(text) - 1, -1, -1):
            if text[i] in string.whitespace:
                return i
        return 0

    def _match_potential_end_contexts(self, text: str) -> Iterator[tuple[Any, str]]:
        """Each possible sentence end with the word before it and the token after it; the word before is found
        right to left by a separate scan (NLTK's ReDoS fix), and overlapping candidates keep the last one."""
        previous_slice = slice(0, 0)
        previous_match = None
        for match in self._lang_vars.period_context_re().finditer(text):
            before_text = text[previous_slice.stop : match.start()]
            index_after_last_space = self._get_last_whitespace_index(before_text)
            if index_after_last_space:
                index_after_last_space += previous_slice.stop + 1
            else:
                index_after_last_space = previous_slice.start
            prev_word_slice = slice(index_after_last_space, match.start())
            if previous_match and previous_slice.stop <= prev_word_slice.start:
                yield (previous_match,
                       text[previous_slice] + previous_match.group() + previous_match.group("after_tok"))
            previous_match = match
            previous_slice = prev_word_slice
        if previous_match:
            yield previous_match, text[previous_slice] + previous_match.group() + previous_match.group("after_tok")

    def _slices_from_text(self, text: str) -> Iterator[slice]:
        last_break = 0
        for match, context in self._match_potential_end_contexts(text):
            if self.text_contains_sentbreak(context):
                yield slice(last_break, match.end())
                last_break = match.start("next_tok") if match.group("next_tok") else match.end()
        yield slice(last_break, len(text.rstrip()))  # the last sentence without trailing white space

    def _realign_boundaries(self, text: str, slices: Iterator[slice]) -> Iterator[slice]:
        """Closing punctuation after a sentence end joins that sentence: "(Sent1.) Sent2." -> "(Sent1.)", "Sent2."."""
        realign = 0
        for sentence1, sentence2 in _pair_iter(slices):
            sentence1 = slice(sentence1.start + realign, sentence1.stop)
            if not sentence2:
                if text[sentence1]:
                    yield sentence1
                continue
            m = self._lang_vars.re_boundary_realignment.match(text[sentence2])
            if m:
                yield slice(sentence1.start, sentence2.start + len(m.group(0).rstrip()))
                realign = m.end()
            else:
                realign = 0
                if text[sentence1]:
                    yield sentence1

    def text_contains_sentbreak(self, text: str) -> bool:
        """Whether a token other than the last is a sentence break."""
        found = False
        for tok in self._annotate_tokens(self._tokenize_words(text)):
            if found:
                return True
            if tok.sentbreak:
                found = True
        return False

    # Second pass: the token after a period decides.

    def _second_pass_annotation(self, aug_tok1: PunktToken, aug_tok2: PunktToken | None) -> None:
        """Collocation, orthographic and sentence-starter heuristics (Kiss & Strunk, sections 4.1-4.3)."""
        if not aug_tok2 or not aug_tok1.period_final:
            return
        typ = aug_tok1.type_no_period
        next_typ = aug_tok2.type_no_sentperiod
        tok_is_initial = aug_tok1.is_initial
        if (typ, next_typ) in self._params.collocations:
            aug_tok1.sentbreak = False
            aug_tok1.abbr = True
            return
        if (aug_tok1.abbr or aug_tok1.ellipsis) and not tok_is_initial:
            if self._ortho_heuristic(aug_tok2) is True:
                aug_tok1.sentbreak = True
                return
            if aug_tok2.first_upper and next_typ in self._params.sent_starters:
                aug_tok1.sentbreak = True
                return
        if tok_is_initial or typ == "##number##":
            is_sent_starter = self._ortho_heuristic(aug_tok2)
            if is_sent_starter is False:
                aug_tok1.sentbreak = False
                aug_tok1.abbr = True
                return
            if (is_sent_starter == "unknown" and tok_is_initial and aug_tok2.first_upper
                    and not (self._params.ortho_context.get(next_typ, 0) & _ORTHO_LC)):
                aug_tok1.sentbreak = False
                aug_tok1.abbr = True

    def _ortho_heuristic(self, aug_tok: PunktToken) -> bool | str:
        """True if the token starts a sentence by its orthography, False if it does not, "unknown" otherwise."""
        if aug_tok.tok in self.PUNCTUATION:
            return False
        ortho_context = self._params.ortho_context.get(aug_tok.type_no_sentperiod, 0)
        if aug_tok.first_upper and (ortho_context & _ORTHO_LC) and not (ortho_context & _ORTHO_MID_UC):
            return True
        if aug_tok.first_lower and ((ortho_context & _ORTHO_UC) or not (ortho_context & _ORTHO_BEG_LC)):
            return False
        return "unknown"
