"""A JSONL record too long to hold: its text field streamed, its first characters kept, the rest counted.

`json.loads` needs the whole line in memory, and then the whole string, and then Python's copy of it: a 1 GB record
took 5.3 GB (audit N6). A line longer than `line_limit` bytes is read here a chunk at a time instead. The record's
top-level object is walked byte by byte with `re` searches (C speed, not a Python loop per byte); the text field's
string is kept up to `keep` characters and only counted past them; every other field is kept as its raw bytes, up
to `meta_limit` bytes in all. What comes out is a small record of the same shape, the text value cut at a character
boundary, which the ordinary reader then parses, so ids, metadata, escapes, lone surrogates and invalid UTF-8 are
handled exactly as on a short line.

A record refused here (not an object, broken JSON, or other fields larger than `meta_limit`) is an IN504 row whose
message says why; the rest of its line is read and dropped, so the next line is read as usual.

Characters are counted as `json.loads` would make them: a raw UTF-8 character is one (a byte that is not a
continuation byte starts one), an escape is one, and a `\\uD83D\\uDE00` surrogate pair is one. Invalid UTF-8 is
counted per byte that does not continue a sequence, so the total may differ slightly from the decoded length there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

_STRING_STOP = re.compile(rb'["\\\x00-\x1f]')
_NESTED_STOP = re.compile(rb'["\\\[\]{}]')
_SCALAR_END = re.compile(rb"[,}\s\]]")
_NOT_WHITE = re.compile(rb"[^ \t\r\n]")
_NOT_CONTINUATION = bytes(b for b in range(256) if not 0x80 <= b <= 0xBF)
_CONTINUATION = bytes(range(0x80, 0xC0))
_NOT_SPECIAL = bytes(b for b in range(256) if not (0x80 <= b <= 0xBF or b < 0x20))
_HEX = frozenset(b"0123456789abcdefABCDEF")


class RecordRefused(ValueError):
    """The long record cannot be read: the message says why and where (a byte offset in the record)."""


@dataclass(frozen=True)
class Shrunk:
    """`record`: the record with its text value cut to the kept characters (None for a blank line); `length`: the
    characters of the whole text value (-1 when the record has no string text field)."""

    record: bytes | None
    length: int
    size: int


def characters(raw: bytes) -> int:
    """Characters of escape-free UTF-8 bytes (a sequence cut at either end counts where it starts).

    >>> characters("naïve".encode()), characters(b"")
    (5, 0)
    """
    return len(raw) - len(raw.translate(None, _NOT_CONTINUATION))


class _Cursor:
    """The bytes of one line, read a chunk at a time from `read` (which returns b"" at the end of the line)."""

    def __init__(self, head: bytes, read: Callable[[], bytes]) -> None:
        self.buf = head
        self.pos = 0
        self.base = 0  # offset in the record of buf[0]
        self._read = read
        self.ended = False
        self.generation = 0  # counts fills: positions found in `buf` before a fill are stale

    def fill(self) -> bool:
        """Read one more chunk; False at the end of the line."""
        if self.ended:
            return False
        chunk = self._read()
        if not chunk:
            self.ended = True
            return False
        self.base += self.pos
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        self.generation += 1
        return True

    def need(self, count: int) -> bool:
        """At least `count` bytes available from `pos` (False when the line ends first)."""
        while len(self.buf) - self.pos < count:
            if not self.fill():
                return False
        return True

    def at(self) -> int:
        return self.base + self.pos

    def fail(self, why: str) -> RecordRefused:
        return RecordRefused(f"{why} at byte {self.at()}")

    def skip_white(self) -> bool:
        """Skip white space; False when the line ends."""
        while True:
            m = _NOT_WHITE.search(self.buf, self.pos)
            if m:
                self.pos = m.start()
                return True
            self.pos = len(self.buf)
            if not self.fill():
                return False

    def peek(self) -> int:
        return self.buf[self.pos]

    def drain(self) -> int:
        """Read the rest of the line; the number of bytes the line held in all."""
        while self.fill():
            self.pos = len(self.buf)
        return self.base + len(self.buf)


class _Walker:
    def __init__(self, cursor: _Cursor, text_field: str, keep: int, meta_limit: int) -> None:
        self.c = cursor
        self.text_field = text_field
        self.keep = keep
        self.meta_left = meta_limit
        self.meta_limit = meta_limit

    def record(self) -> Shrunk:
        c = self.c
        if not c.skip_white():
            return Shrunk(None, -1, c.drain())
        if c.peek() != ord("{"):
            raise c.fail("not a JSON object (it does not start with '{')")
        c.pos += 1
        pieces: list[bytes] = []
        length = -1
        if not c.skip_white():
            raise c.fail("the object is not closed")
        if c.peek() != ord("}"):
            while True:
                if not c.skip_white() or c.peek() != ord('"'):
                    raise c.fail("expected a field name")
                key_raw = self._raw_string(meta=True)
                try:
                    key = json.loads(key_raw)
                except ValueError:
                    raise c.fail("a field name that is not valid JSON") from None
                if not c.skip_white() or c.peek() != ord(":"):
                    raise c.fail("expected ':' after a field name")
                c.pos += 1
                if not c.skip_white():
                    raise c.fail("a field without a value")
                if key == self.text_field and c.peek() == ord('"'):
                    value, length = self._text_string()
                else:
                    if key == self.text_field:
                        length = -1
                    value = self._raw_value()
                pieces.append(key_raw + b":" + value)
                if not c.skip_white():
                    raise c.fail("the object is not closed")
                if c.peek() == ord(","):
                    c.pos += 1
                    continue
                if c.peek() == ord("}"):
                    break
                raise c.fail("expected ',' or '}'")
        c.pos += 1
        if c.skip_white():
            raise c.fail("more data after the object")
        return Shrunk(b"{" + b",".join(pieces) + b"}", length, c.drain())

    def _charge(self, count: int) -> None:
        self.meta_left -= count
        if self.meta_left < 0:
            raise self.c.fail(f"the fields other than '{self.text_field}' hold more than {self.meta_limit} bytes")

    def _raw_string(self, meta: bool) -> bytes:
        """A string literal (the cursor on its opening quote) as its raw bytes, quotes included."""
        c = self.c
        start = c.at()
        parts = [b'"']
        c.pos += 1
        while True:
            m = _STRING_STOP.search(c.buf, c.pos)
            if m is None:
                piece = c.buf[c.pos :]
                c.pos = len(c.buf)
                parts.append(piece)
                if meta:
                    self._charge(len(piece))
                if not c.fill():
                    raise RecordRefused(f"a string that starts at byte {start} is not closed")
                continue
            piece = c.buf[c.pos : m.start()]
            parts.append(piece)
            if meta:
                self._charge(len(piece) + 2)
            c.pos = m.start()
            byte = c.peek()
            if byte == ord('"'):
                c.pos += 1
                parts.append(b'"')
                return b"".join(parts)
            if byte != ord("\\"):
                raise c.fail("a control character inside a string")
            if not c.need(2):
                raise c.fail("a string is not closed")
            parts.append(c.buf[c.pos : c.pos + 2])
            c.pos += 2

    def _raw_value(self) -> bytes:
        c = self.c
        first = c.peek()
        if first == ord('"'):
            return self._raw_string(meta=True)
        if first in (ord("{"), ord("[")):
            return self._raw_nested()
        parts = []
        while True:
            m = _SCALAR_END.search(c.buf, c.pos)
            end = m.start() if m else len(c.buf)
            parts.append(c.buf[c.pos : end])
            self._charge(end - c.pos)
            c.pos = end
            if m or not c.fill():
                return b"".join(parts)

    def _raw_nested(self) -> bytes:
        """An array or object, as raw bytes (brackets balanced; strings skipped whole)."""
        c = self.c
        parts = []
        depth = 0
        while True:
            m = _NESTED_STOP.search(c.buf, c.pos)
            if m is None:
                piece = c.buf[c.pos :]
                parts.append(piece)
                self._charge(len(piece))
                c.pos = len(c.buf)
                if not c.fill():
                    raise c.fail("an array or object is not closed")
                continue
            parts.append(c.buf[c.pos : m.start()])
            self._charge(m.start() - c.pos)
            c.pos = m.start()
            byte = c.peek()
            if byte == ord('"'):
                parts.append(self._raw_string(meta=True))
                continue
            if byte == ord("\\"):
                raise c.fail("a backslash outside a string")
            depth += 1 if byte in (ord("["), ord("{")) else -1
            parts.append(c.buf[c.pos : c.pos + 1])
            self._charge(1)
            c.pos += 1
            if depth == 0:
                return b"".join(parts)

    def _text_string(self) -> tuple[bytes, int]:
        """The text value: its first `keep` characters as raw bytes (quoted) and the characters of the whole.

        The quote and the backslash are found with `bytes.find` (memchr), not a regex class, which is twenty
        times slower per byte; control characters, which JSON refuses inside a string, are found while counting."""
        c = self.c
        start = c.at()
        kept = [b'"']
        count = 0
        c.pos += 1
        quote, generation = -1, -1
        while True:
            if generation != c.generation or (quote != -1 and quote < c.pos):
                quote, generation = c.buf.find(b'"', c.pos), c.generation  # found once per chunk and quote
            slash = c.buf.find(b"\\", c.pos, quote if quote != -1 else len(c.buf))
            stop = slash if slash != -1 else quote
            end = stop if stop != -1 else len(c.buf)
            if stop == -1:  # do not split a character between two chunks: leave its first bytes for the next
                back = end
                while back > c.pos and end - back < 3 and 0x80 <= c.buf[back - 1] <= 0xBF:
                    back -= 1
                if back > c.pos and c.buf[back - 1] >= 0xC0:
                    end = back - 1
            count = self._keep_raw(c.buf[c.pos : end], count, kept)
            c.pos = end
            if stop == -1:
                if not c.fill():
                    raise RecordRefused(f"the text string that starts at byte {start} is not closed")
                continue
            if stop == quote:
                c.pos += 1
                kept.append(b'"')
                return b"".join(kept), count
            escape = self._escape()
            if count < self.keep:
                kept.append(escape)
            count += 1

    def _keep_raw(self, piece: bytes, count: int, kept: list[bytes]) -> int:
        """Count the characters of an escape-free piece, keeping those before `keep`; a control character in it
        refuses the record, as `json.loads` would."""
        if count < self.keep:
            need = self.keep - count
            head = piece[: 4 * need]
            text = head.decode("utf-8", "surrogateescape")
            if len(text) > need:
                head = text[:need].encode("utf-8", "surrogateescape")
            kept.append(head)
        special = piece.translate(None, _NOT_SPECIAL)  # continuation and control bytes (few in most text)
        if special and special.translate(None, _CONTINUATION):
            raise self.c.fail("a control character inside a string")
        return count + len(piece) - len(special)

    def _escape(self) -> bytes:
        """One escape (the cursor on its backslash): `\\n`, `\\uXXXX`, or a surrogate pair taken as one."""
        c = self.c
        if not c.need(2):
            raise c.fail("a string is not closed")
        if c.buf[c.pos + 1] != ord("u"):
            escape = c.buf[c.pos : c.pos + 2]
            c.pos += 2
            return escape
        if not c.need(6) or not all(b in _HEX for b in c.buf[c.pos + 2 : c.pos + 6]):
            raise c.fail("a \\u escape without four hex digits")
        code = int(c.buf[c.pos + 2 : c.pos + 6], 16)
        size = 6
        if 0xD800 <= code <= 0xDBFF and c.need(12) and c.buf[c.pos + 6 : c.pos + 8] == b"\\u":
            low = c.buf[c.pos + 8 : c.pos + 12]
            if all(b in _HEX for b in low) and 0xDC00 <= int(low, 16) <= 0xDFFF:
                size = 12
        escape = c.buf[c.pos : c.pos + size]
        c.pos += size
        return escape


def shrink(head: bytes, read: Callable[[], bytes], text_field: str, keep: int, meta_limit: int) -> Shrunk:
    """The record of one long line (`head`, then `read()` until it returns b""), its text cut to `keep` characters.
    Raises `RecordRefused` (after reading the rest of the line) when the record cannot be read this way.

    >>> chunks = iter([b'xt": "' + b"ab" * 10 + b'", "n": [1, {"k": "v"}]}\\n', b""])
    >>> s = shrink(b'{"id": 7, "te', lambda: next(chunks), "text", 5, 100)
    >>> s.record, s.length
    (b'{"id":7,"text":"ababa","n":[1, {"k": "v"}]}', 20)
    """
    cursor = _Cursor(head, read)
    try:
        return _Walker(cursor, text_field, keep, meta_limit).record()
    except RecordRefused:
        cursor.drain()
        raise
