"""Matching the entries of one lexicon in text: `Matcher` (one per data file), the shared automaton of every literal
phrase list (`PhraseRegistry`), and what line-scope lists compare (`LineCore`).

Why one matcher a file: a regex per phrase costs a pass over the text per phrase; one longest-first alternation
(as Vale compiles its lists) costs one pass. Literal rows never backtrack (they run on one Aho-Corasick automaton
for all lists). A regex list whose rows the native engine can run exactly (`native_regex`) runs in linear time
whatever the pattern; a list with a row it cannot run stays on Python's `re` (behind `regex_guard`, applied where
the file is loaded: `detector.text.lexicons`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import detector.text.native_regex as native_regex
from detector.core import prebuilt
from detector.core.work import charge
from detector.text.alternation import Alternation
from detector.text.line_memo import LineMemo
from detector.text.native_regex import Unsupported, literal_node, translate
from detector.text.sre import sre_parse

# What `scope: line` ignores around a line before comparing it with the list: white space, ASCII and Latin
# punctuation, and the full-width punctuation and brackets of Chinese and Japanese pages ("相关阅读：", "【関連記事】").
LINE_TRIM = (" \t\r\n+\u00a0\u200b\ufeff.,:;!?|•·–—-*>«»\"'()[]"
             "\u3000\u3001\u3002\uff1a\uff1b\uff0c\uff01\uff1f\uff5c\uff08\uff09\u3010\u3011\u300c\u300d\u300e\u300f\u300a\u300b"
             "\u3008\u3009\uff3b\uff3d\u30fb")

# List bullets that extractors write before a menu item: inscriptis writes "o " for a nested item.
BULLET = re.compile(r"(?:[o•▪►‣◦]\s+)+")


@dataclass(frozen=True, slots=True)
class Entry:
    pattern: str
    replacement: str
    note: str
    line: int


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    entry: Entry


def _wordish(ch: str) -> bool:
    """A character that continues a word, so a phrase may not start or end next to it. Chinese and Japanese are
    written without spaces between words: a phrase there ("版权所有", "関連記事") is bounded by nothing, so a Han or
    kana character does not count (Hangul is written with spaces and does). The native automaton
    (`native/src/phrases.rs`, `wordish`) implements this; tests/test_native_kernels.py checks it against the
    reference that calls this function."""
    return (ch.isalnum() or ch == "_") and not _unspaced(ch)


def _unspaced(ch: str) -> bool:
    code = ord(ch)
    return (0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
            or 0xF900 <= code <= 0xFAFF or 0xFF66 <= code <= 0xFF9F or 0x20000 <= code <= 0x2FFFF)


class PhraseRegistry:
    """Every literal phrase list in use, in one native Aho-Corasick automaton per case rule
    (`detector.core._native.PhraseIndex`): a document is searched once for the phrases of all lists, where an automaton
    per list cost a pass per list. The matches of each list are chosen as `_literal_matches` documents (word
    boundaries, leftmost-longest, no overlap); tests/reference/phrases.py keeps that in Python.

    Lists join when a rule resolves them (`kinds.resolve`) or when first searched; the automaton is rebuilt after a
    list joins (milliseconds), so it is built before `--jobs` forks its workers, which then share it. The last
    document's matches are kept, so the second list asking about the same text costs nothing."""

    def __init__(self) -> None:
        self._positions: dict[int, int] = {}
        self._matchers: list[Matcher] = []
        self._index: Any = None
        self._last: tuple[str, int, dict[int, list[tuple[int, int, int]]]] | None = None

    def register(self, matcher: Matcher) -> int:
        position = self._positions.get(id(matcher))
        if position is None:
            position = self._positions[id(matcher)] = len(self._matchers)
            self._matchers.append(matcher)  # kept alive, so its id is never reused
            self._index = None
            self._last = None
        return position

    def hits(self, matcher: Matcher, text: str, end: int) -> list[tuple[int, int, int]]:
        """(start, end, entry index) of `matcher`'s matches in `text[:end]`, by start."""
        position = self.register(matcher)
        last = self._last
        if last is None or last[0] is not text or last[1] != end:
            if self._index is None:
                from detector.core import _native

                self._index = _native.PhraseIndex([(m.case_sensitive, [e.pattern for e in m._entries])
                                                   for m in self._matchers])
            by_list: dict[int, list[tuple[int, int, int]]] = {}
            for list_position, entry, start, stop in self._search(text, end):
                by_list.setdefault(list_position, []).append((start, stop, entry))
            last = self._last = (text, end, by_list)
        return last[2].get(position, [])

    def _search(self, text: str, end: int) -> list[tuple[int, int, int, int]]:
        try:
            return self._index.search(text, end)  # type: ignore[no-any-return]
        except UnicodeEncodeError:  # lone surrogates cannot cross into Rust; U+FFFD matches what they match
            from detector.core.safety import without_surrogates

            return self._index.search(without_surrogates(text), end)  # type: ignore[no-any-return]


PHRASES = PhraseRegistry()


class Matcher:
    """Finds the entries of one lexicon in text; built once per file and shared by every document.

    Literal phrase lists run on the shared native automaton (`PhraseRegistry`: one pass, whatever the number of
    phrases and lists; a regex alternation of literals costs a pass per alternative at every position, seconds on
    a 2 MB line). Regex lists and line-scope lists use `re`.
    """

    def __init__(self, entries: tuple[Entry, ...], *, case_sensitive: bool, regex: bool, scope: str) -> None:
        self.scope = scope
        self.case_sensitive = case_sensitive
        self._entries = entries
        self._is_regex = regex
        flags = 0 if case_sensitive else re.IGNORECASE
        self._alternation: Alternation | None = None
        if regex:
            self._alternation = Alternation([(f"r{i}", e.pattern) for i, e in enumerate(entries)], flags)
            self._by_group = {f"r{i}": e for i, e in enumerate(entries)}
        else:
            self._by_group = {}
        self._flags = flags
        self._first_ok: dict[str, bool] = {}

    # What only some uses of a list need is made on first use: a gazetteer read for its entries never builds an
    # automaton, and a literal list consulted through its automaton never escapes 3,000 phrases into a regex.

    @cached_property
    def native(self) -> Any:
        """A list matched by the native linear-time engine (`detector.core._native.RegexList`, one alternation of the
        rows, each row's match reported by its position): a regex list whose rows it can run (`native_regex` says
        why not), or a literal `line-start` list (its longest-first alternation of escaped rows, `_regex_source`);
        None otherwise (literal phrase and whole-line lists have faster paths)."""
        if not self._entries or not (self._is_regex or self.scope == "line-start"):
            return None
        from detector.core import _native

        inputs = "\0".join((str(self._is_regex), str(self.case_sensitive), self.scope,
                            *(e.pattern for e in self._entries)))
        built: list[Any] = []

        def checked_nodes() -> list[Any] | None:
            nodes = self._native_nodes()
            if nodes is not None:  # the searching engine is built here: a list too large for it is refused at load
                built.append(_native.RegexList(nodes))
            return nodes

        # the native module is part of the key: node trees kept between runs are those it was able to build
        nodes = prebuilt.memo("matcher-nodes", inputs, checked_nodes,
                              code=(native_regex, sys.modules[__name__], _native))
        if nodes is None:
            return None
        return built[0] if built else _native.RegexList(nodes, True)  # engines built when a text needs them

    def _native_nodes(self) -> list[Any] | None:
        if self._is_regex:
            return native_nodes(self._entries, case_sensitive=self.case_sensitive, scope=self.scope)
        return [literal_node(e.pattern, not self.case_sensitive) for e in self._literal_order]

    @cached_property
    def line_memo(self) -> LineMemo | None:
        """The per-line answers of this list on Python's `re` (`detector.text.line_memo`), None for a list with a
        lookbehind (it may read before the line's key)."""
        if any("(?<=" in e.pattern or "(?<!" in e.pattern for e in self._entries):
            return None
        return LineMemo()

    @cached_property
    def _by_key(self) -> dict[str, Entry]:
        return {self._key(e.pattern): e for e in self._entries}

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self._entries

    def entry_of(self, row: int, matched: str) -> Entry | None:
        """The entry a native match of row `row` found: a regex list's row, or, for a literal list, the entry
        keyed by the matched text (as `_entry_for` finds it; None in the odd case where IGNORECASE matched a text
        whose case-folded form is not the entry's, as `re` does too)."""
        return self._entries[row] if self._is_regex else self._by_key.get(self._key(matched))

    def native_for(self, text: str) -> Any:
        """The native list to search `text` with: the whole list, or for a list with word boundaries (which can cost
        the engine its slower path) the rows that may match somewhere in `text` (those whose required literal occurs
        in it, `Alternation.active`: the others cannot match, so leaving them out changes no match); `()` when none
        can (so a list that cannot match a document builds no engine for it)."""
        assert self.native is not None
        if self._alternation is None:
            return self.native
        if not self.native.word_boundary:
            return self.native if self._alternation.any_active(text) else ()  # the fast automata run every row
        active = self._alternation.active(text)
        if not active:
            return ()
        return self.native if len(active) == len(self._entries) else self.native.subset(list(active))

    @property
    def on_automaton(self) -> bool:
        """A literal phrase list with entries: searched through the shared automaton (`PHRASES`)."""
        return self.scope == "phrase" and not self._is_regex and bool(self._entries)

    @cached_property
    def _literal_order(self) -> list[Entry]:
        """A literal list's entries longest first, the order of its alternation."""
        return sorted(self._entries, key=lambda e: (-len(e.pattern), e.pattern))

    @cached_property
    def _regex_source(self) -> str:
        return "|".join(self._bounded(e.pattern) if self.scope == "phrase" else re.escape(e.pattern)
                        for e in self._literal_order)

    @cached_property
    def _firsts_source(self) -> str | None:
        if self._is_regex:
            return None
        return "|".join(map(re.escape, sorted({e.pattern[:1] for e in self._entries})))

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        """The alternation of a regex list, or of a literal list longest first. Literal phrase lists run on the
        automaton and literal line lists on a dict, and a regex list mostly on the alternation of the rows a
        document may match, so compiling every list at start-up (half a second for all of them) is wasted on most."""
        if self._alternation is not None:
            return self._alternation.full
        return re.compile(self._regex_source or "(?!)", self._flags)

    @cached_property
    def _max_width(self) -> int:
        """The longest text a regex list can match (a longer line cannot be a whole-line match)."""
        if self._alternation is None:
            return sys.maxsize
        if self._alternation.max_width is not None:
            return min(sys.maxsize, self._alternation.max_width)
        source = self._alternation.source(tuple(range(len(self._alternation.alternatives))))
        return min(sys.maxsize, sre_parse.parse(source, self._flags).getwidth()[1])

    @cached_property
    def _first_regex(self) -> re.Pattern[str] | None:
        if self._firsts_source is None:
            return None
        return re.compile(self._firsts_source or "(?!)", self._flags)

    @staticmethod
    def _bounded(phrase: str) -> str:
        """Word boundaries only where the phrase itself starts or ends with a word character, so that `©` still
        matches in `©2019` while `close` does not match inside `enclosed`."""
        head = r"(?<!\w)" if _wordish(phrase[:1]) else ""
        tail = r"(?!\w)" if _wordish(phrase[-1:]) else ""
        return f"{head}{re.escape(phrase)}{tail}"

    def _key(self, text: str) -> str:
        return text if self.case_sensitive else text.casefold()

    def _fold(self, text: str) -> str:
        """Lower-case without changing any offset (`str.lower` can lengthen a few characters, such as 'İ')."""
        if self.case_sensitive:
            return text
        lowered = text.lower()
        if len(lowered) == len(text):
            return lowered
        return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)

    def _literal_matches(self, text: str, start: int, end: int) -> Iterator[Match]:
        """Leftmost-longest, non-overlapping, on word boundaries where the phrase starts or ends with a word
        character (so `©` matches in `©2019` and `close` not in `enclosed`), on the folded text (`_fold`)."""
        if start == 0:
            hits = PHRASES.hits(self, text, end)
        else:
            hits = [(first + start, stop + start, entry) for first, stop, entry in
                    PHRASES.hits(self, text[start:end], end - start)]
        entries = self._entries
        for first, stop, entry in hits:
            yield Match(first, stop, entries[entry])

    def _entry_for(self, m: re.Match[str]) -> Entry | None:
        if self._by_group:
            return self._by_group.get(m.lastgroup or "")
        return self._by_key.get(self._key(m.group(0)))

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        """Phrase-scope matches anywhere in `text[start:end]`, offsets into `text`."""
        end = len(text) if end is None else end
        charge(end - start)  # the work meter (`core.work`): rescanning the text per line would run out
        if self.on_automaton:
            yield from self._literal_matches(text, start, end)
            return
        native = self.native_for(text[start:end]) if self.native is not None else None
        if native == ():
            return  # no row can match this text
        found = _native_call(native.find_all, text, start, end) if native is not None else None
        if found is not None:  # None: not a native list, or `\b` in a text where the engine's is not Python's
            entries = self._entries
            for first, stop, row in found:
                yield Match(first, stop, entries[row])
            return
        regex = self.document_regex(text[start:end])
        if regex is None:
            return
        for m in regex.finditer(text, start, end):
            entry = self._entry_for(m)
            if entry is not None and m.end() > m.start():
                yield Match(m.start(), m.end(), entry)

    def match_line(self, text: str, start: int, end: int) -> Match | None:
        """For `line` and `line-start` scopes: does the line `text[start:end]` consist of (or begin with) an entry?
        The returned span covers the matched core of the line, without surrounding white space or punctuation."""
        core = line_core(text, start, end)
        return None if core is None else self.match_core(text, core, end)

    def may_start(self, first: str) -> bool:
        """Can a `line-start` match begin with the character `first`? Literal lists answer from their entries' first
        characters (under the list's own case rule, memoised per character), so most lines are rejected without
        running the alternation; regex lists always say yes."""
        known = self._first_ok.get(first)
        if known is None:
            known = self._starts_with(first)
            self._first_ok[first] = known
        return known

    def _starts_with(self, first: str) -> bool:
        """`_first_regex.match(first)`, without compiling it where a set answers the same (thirty of them were 2% of
        a one-file scan): under the list's case rule a one-character text matches an alternation of one-character
        literals when it is one of them, and under IGNORECASE an ASCII character matches an ASCII one when their
        lower cases are equal (a non-ASCII one, 'K' for 'k', goes to the regex)."""
        if self._firsts_source is None:
            return True
        firsts = self._firsts
        if "" in firsts:  # an empty alternative matches anything
            return True
        if self.case_sensitive:
            return first in firsts
        if first.isascii() and all(map(str.isascii, firsts)):
            return first.lower() in self._firsts_lower
        return self._first_regex is not None and self._first_regex.match(first) is not None

    @cached_property
    def _firsts(self) -> frozenset[str]:
        return frozenset(e.pattern[:1] for e in self._entries)

    @cached_property
    def _firsts_lower(self) -> frozenset[str]:
        return frozenset(c.lower() for c in self._firsts)

    @property
    def checks_first(self) -> bool:
        """Whether `may_start` can say no (a literal `line-start` list); a regex list's answer is always yes."""
        return self.scope == "line-start" and self._firsts_source is not None

    def whole_line_keys(self) -> dict[str, Entry] | None:
        """For a literal `line` list, its entries by the key `match_core` looks a line up with; otherwise None."""
        return self._by_key if self.scope == "line" and not self._by_group else None

    def may_match(self, text: str) -> bool:
        """Whether a row may match somewhere in `text` (`document_regex` would give a regex), without compiling one."""
        return self._alternation is None or self._alternation.any_active(text)

    def document_regex(self, text: str, line_firsts: frozenset[str] | None = None) -> re.Pattern[str] | None:
        """The regex to run on `text` or on its lines; None when nothing in the list can match there (no required
        literal of any alternative occurs; see `detector.text.alternation`). A phrase list gets the alternation of the
        alternatives still possible. A line list gets its whole alternation once a process has scored a few
        documents (`Alternation.for_lines`): its lines are short, and compiling a subset for every document (4 ms
        for the tagline list) costs more than a document's lines save with it. `line_firsts`, the first characters
        of the line cores to be matched, narrows a line list's alternation further (None: then it means also that no
        row can begin one of those lines)."""
        if self._alternation is None:
            return self._regex
        if self.scope == "phrase":
            return self._alternation.for_text(text)
        return self._alternation.for_lines(text, line_firsts)

    def match_core(self, text: str, core: LineCore, end: int, regex: re.Pattern[str] | None = None) -> Match | None:
        """`match_line` on a core already worked out (`line_core`), which lets one document's cores be shared by
        every list; `regex` is `document_regex` of the document, when the caller has it."""
        charge(end - core.start)
        if self.scope == "line":
            if self._by_group:
                if len(core.text) > self._max_width:
                    return None  # longer than anything the list can match whole
                m = (regex or self._regex).fullmatch(core.text)
                entry = self._entry_for(m) if m else None
            else:
                entry = self._by_key.get(core.key(self.case_sensitive))
            return Match(core.start, core.start + len(core.text), entry) if entry else None
        m = (regex or self._regex).match(text, core.start, end)
        if m is None:
            return None
        if m.end() < end and (text[m.end() - 1].isalnum() and text[m.end()].isalnum()):
            return None  # "By" must not match "Bystanders"
        entry = self._entry_for(m)
        return Match(m.start(), m.end(), entry) if entry else None


def native_nodes(entries: tuple[Entry, ...], *, case_sensitive: bool, scope: str) -> list[Any] | None:
    """Every row of a regex list as the native engine reads it, or None when one of them needs Python's `re`."""
    flags = 0 if case_sensitive else re.IGNORECASE
    try:
        return [translate(e.pattern, flags, lines=scope != "phrase") for e in entries]
    except (Unsupported, re.error):
        return None


def _native_call(method: Any, text: str, *args: Any) -> Any:
    """A native call on `text`; lone surrogates cannot cross into Rust and go as U+FFFD (matched as they were)."""
    try:
        return method(text, *args)
    except UnicodeEncodeError:
        from detector.core.safety import without_surrogates

        return method(without_surrogates(text), *args)


@dataclass(frozen=True, slots=True)
class LineCore:
    """A line without its surrounding white space, punctuation and list bullet: what line-scope lists compare.
    `spaced` has its inner white space runs collapsed to one space; `folded` is that, case-folded."""

    start: int
    text: str
    spaced: str
    folded: str

    def key(self, case_sensitive: bool) -> str:
        """What a literal `line` list looks the line up by (its entries are keyed the same way)."""
        return self.spaced if case_sensitive else self.folded


def line_core(text: str, start: int, end: int) -> LineCore | None:
    line = text[start:end]
    core = line.strip(LINE_TRIM)
    bullet = BULLET.match(core)
    if bullet and bullet.end() < len(core):
        core = core[bullet.end() :]
    if not core:
        return None
    spaced = " ".join(core.split())
    return LineCore(start + line.find(core), core, spaced, spaced.casefold())
