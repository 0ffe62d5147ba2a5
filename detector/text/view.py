"""TextView: the shared reading of one document, computed once and handed to every scorer.

Lines, paragraphs, sentences, words and the detected language are each worked out lazily at most once per document,
so five scorers asking for sentences cost one tokenisation. Every unit is a `Span` into the original text: nothing
here rewrites the text, so offsets stay valid for findings. Documents longer than `max_chars` are scored on a prefix
that ends at white space (`scored_end`); the text itself is never cut.

>>> from detector.core.model import Document
>>> from detector.config.settings import Config
>>> view = TextView(Document("d", "First line.\\n\\nSecond paragraph here."), Config())
>>> [view.quote(p) for p in view.paragraphs]
['First line.', 'Second paragraph here.']
"""

from __future__ import annotations

import re
from functools import cached_property

from detector.config.settings import Config
from detector.core.model import Document, Span
from detector.text.charcount import char_counts
from detector.text.langid import UNDETERMINED, LanguageGuess, language_text, shared_identifier
from detector.text.sentences import sentence_spans

# Word characters: `\w` plus the combining marks that Python's `\w` leaves out (vowel signs and viramas of the Indic
# scripts, Thai vowels, Arabic and Hebrew points, combining accents, ZWJ/ZWNJ), so that `నేను` is one word, not three.
# The dandas (U+0964, U+0965) are punctuation and stay out.
WORD_CHARS = ("\\w\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
              "\u0900-\u0963\u0966-\u0dff\u0e00-\u0e7f\u200c\u200d")
WORD = re.compile(f"[{WORD_CHARS}]+(?:['’\\-][{WORD_CHARS}]+)*")
LINE = re.compile(r"[^\n]*")
BLANK_RUN = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


class TextView:
    def __init__(self, document: Document, config: Config) -> None:
        self.document = document
        self.text = document.text
        self.config = config
        self.scored_end = self._scored_end(self.text, config.max_chars)

    @staticmethod
    def _scored_end(text: str, limit: int) -> int:
        if len(text) <= limit:
            return len(text)
        cut = max(text.rfind(" ", limit - 1000, limit), text.rfind("\n", limit - 1000, limit))
        return cut if cut > 0 else limit

    @property
    def truncated(self) -> bool:
        return self.scored_end < len(self.text)

    @property
    def scored_text(self) -> str:
        return self.text[: self.scored_end] if self.truncated else self.text

    def quote(self, span: Span) -> str:
        return self.text[span.start : span.end]

    @cached_property
    def lines(self) -> tuple[Span, ...]:
        """Non-blank lines, without the line break and without trailing `\\r` or white space."""
        spans = []
        for m in LINE.finditer(self.text, 0, self.scored_end):
            start, end = m.start(), m.end()
            while end > start and self.text[end - 1].isspace():
                end -= 1
            while start < end and self.text[start].isspace():
                start += 1
            if end > start:
                spans.append(Span(start, end))
        return tuple(spans)

    @cached_property
    def paragraphs(self) -> tuple[Span, ...]:
        """Blocks separated by blank lines; in a text with no blank line, each line (one paragraph a line is how
        most extractors write articles)."""
        end = self.scored_end
        if not BLANK_RUN.search(self.text, 0, end):
            return self.lines
        spans = []
        start = 0
        for m in BLANK_RUN.finditer(self.text, 0, end):
            spans.append(self._trim(start, m.start()))
            start = m.end()
        spans.append(self._trim(start, end))
        return tuple(s for s in spans if s.end > s.start)

    def _trim(self, start: int, end: int) -> Span:
        while end > start and self.text[end - 1].isspace():
            end -= 1
        while start < end and self.text[start].isspace():
            start += 1
        return Span(start, end)

    @cached_property
    def language_text(self) -> str:
        """The scored text with URLs, e-mail addresses and file names blanked out, offset for offset
        (`detector.text.langid.language_text`): what language identification reads, for the document and for any
        span of it."""
        return language_text(self.scored_text)

    @cached_property
    def language(self) -> LanguageGuess:
        """Document language by langdetect on the scored text; `und` when there are too few letters to tell."""
        cfg = self.config.language
        text = self.language_text
        letters, visible, _ = char_counts(text)
        if letters < cfg.min_letters or (visible and letters / visible < cfg.min_letter_share):
            return LanguageGuess(UNDETERMINED, 0.0, ())
        return shared_identifier(cfg.seed).detect(text)

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        """Sentences inside each paragraph (a sentence never crosses a paragraph break)."""
        lang = self.language.lang
        spans = []
        for paragraph in self.paragraphs:
            for start, end in sentence_spans(self.text, paragraph.start, paragraph.end, lang):
                if end > start:
                    spans.append(Span(start, end))
        return tuple(spans)

    @cached_property
    def words(self) -> tuple[Span, ...]:
        return tuple(Span(m.start(), m.end()) for m in WORD.finditer(self.text, 0, self.scored_end))

    @cached_property
    def word_texts(self) -> tuple[str, ...]:
        """The words as strings, parallel to `words` (sliced once, shared by every rule that reads words)."""
        text = self.text
        return tuple(text[w.start : w.end] for w in self.words)

    @cached_property
    def lower_word_texts(self) -> tuple[str, ...]:
        return tuple(w.lower() for w in self.word_texts)

    def words_in(self, span: Span) -> int:
        """Number of words inside `span` (binary search over the shared word list)."""
        from bisect import bisect_left

        starts = self._word_starts
        return bisect_left(starts, span.end) - bisect_left(starts, span.start)

    @cached_property
    def _word_starts(self) -> list[int]:
        return [w.start for w in self.words]
