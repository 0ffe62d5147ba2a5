"""TextView: the shared reading of one document, computed once and handed to every scorer.

Lines, paragraphs, sentences, words and the detected language are each worked out lazily at most once per document,
so five scorers asking for sentences cost one tokenisation. Every unit is a `Span` into the original text: nothing
here rewrites the text, so offsets stay valid for findings. Documents longer than `max_chars` are scored on a prefix
that ends at white space (`scored_end`); the text itself is never cut.

Words, lines and paragraphs come from the native core (`detector.core._native.TextIndex`, one per document): the
definitions below (`WORD`, `LINE`, `BLANK_RUN`) are what it implements, and tests/reference/text_view.py keeps
them in Python as the reference its property tests compare it with.

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
from detector.core import _native
from detector.core.model import Document, Span
from detector.core.safety import without_surrogates
from detector.text.charcount import char_counts
from detector.text.langid import UNDETERMINED, LanguageGuess, language_text, shared_identifier
from detector.text.line_memo import line_key_start
from detector.text.sentences import native_splitter
from detector.text.word_spans import WordSpans

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
    def _index(self) -> _native.TextIndex:
        """The native index of this document. Lone surrogates (which a JSON escape can give a str, and which are not
        text) cannot cross into Rust: they are passed as U+FFFD, one character for one, so no offset moves and no
        unit changes (neither is a word character, a space or a letter)."""
        try:
            return _native.TextIndex(self.text, self.scored_end)
        except UnicodeEncodeError:
            return _native.TextIndex(without_surrogates(self.text), self.scored_end)

    @cached_property
    def lines(self) -> tuple[Span, ...]:
        """Non-blank lines (`LINE` up to `scored_end`), without the line break and without surrounding white space
        (`str.isspace`)."""
        return self._index.lines(Span)  # type: ignore[no-any-return]

    @cached_property
    def line_keys(self) -> tuple[str, ...]:
        """Each line of `lines` with the character before it (`detector.text.line_memo`): what per-line answers are
        remembered by, sliced once for every list that looks its lines up."""
        text = self.text
        return tuple(text[line_key_start(line) : line.end] for line in self.lines)

    @cached_property
    def paragraphs(self) -> tuple[Span, ...]:
        """Blocks separated by blank lines (`BLANK_RUN`), trimmed; in a text with no blank line, each line (one
        paragraph a line is how most extractors write articles)."""
        return self._index.paragraphs(Span)  # type: ignore[no-any-return]

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
        return self._index.sentences(Span, native_splitter(self.language.lang))  # type: ignore[no-any-return]

    @cached_property
    def words(self) -> WordSpans:
        """`WORD` matches up to `scored_end`."""
        return WordSpans(*self._index.word_bounds())

    @cached_property
    def word_texts(self) -> tuple[str, ...]:
        """The words as strings, parallel to `words` (sliced once, shared by every rule that reads words)."""
        return self._index.word_texts()  # type: ignore[no-any-return]

    @cached_property
    def lower_word_texts(self) -> tuple[str, ...]:
        """`w.lower()` of each word."""
        return self._index.lower_word_texts()  # type: ignore[no-any-return]

    def words_in(self, span: Span) -> int:
        """Number of words starting inside `span`."""
        return self._index.words_in(span.start, span.end)  # type: ignore[no-any-return]
