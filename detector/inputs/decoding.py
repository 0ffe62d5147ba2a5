"""Turn bytes into text without ever failing, and remember where the bytes were broken.

`bytes.decode(errors="replace")` hides where the damage was; we decode strictly up to each bad sequence, insert
U+FFFD, and record both the byte offset (for the user, who opens the file in a hex viewer) and the character offset
(for a finding span). Linear in the input: each slice is a memoryview, and after `MAX_RECORDED` bad sequences the
rest is decoded with plain replacement.

Byte-order marks decide the encoding and are not part of the text: UTF-32 (checked first, since its little-endian
mark begins with UTF-16's), UTF-8 and UTF-16, either byte order. Without a mark the bytes are read as UTF-8. A file
holding only a mark is empty. Offsets of findings count from the first character after the mark; byte offsets in
messages count from the start of the file, mark included.

>>> decode_bytes(b"caf\\xe9 au lait").issues
(DecodeIssue(char_offset=3, byte_offset=3, length=1),)
>>> decode_bytes("hi".encode("utf-32")).text, decode_bytes(b"\\xef\\xbb\\xbfhi").encoding
('hi', 'utf-8-sig')
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass

from detector.core.safety import SURROGATE

MAX_RECORDED = 100
SNIFF_BYTES = 8192
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13, 27}

# (mark, codec name as Python spells it for writing back, strict decoder of the bytes after the mark)
_Decoder = Callable[[memoryview, str, bool], tuple[str, int]]
BOMS: tuple[tuple[bytes, str, _Decoder], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", codecs.utf_32_le_decode),  # type: ignore[attr-defined]
    (codecs.BOM_UTF32_BE, "utf-32-be", codecs.utf_32_be_decode),  # type: ignore[attr-defined]
    (codecs.BOM_UTF8, "utf-8-sig", codecs.utf_8_decode),
    (codecs.BOM_UTF16_LE, "utf-16-le", codecs.utf_16_le_decode),
    (codecs.BOM_UTF16_BE, "utf-16-be", codecs.utf_16_be_decode),
)


@dataclass(frozen=True, slots=True)
class DecodeIssue:
    char_offset: int
    byte_offset: int
    length: int


@dataclass(frozen=True, slots=True)
class Decoded:
    """`encoding` is how the bytes were read (`utf-8`, or `utf-8-sig`, `utf-16-le`, ... when a mark said so), so
    that `detector clean` can write the text back in the same form."""

    text: str
    issues: tuple[DecodeIssue, ...]
    total_issues: int
    encoding: str = "utf-8"
    bom: bytes = b""


def sniff_bom(data: bytes) -> tuple[bytes, str, _Decoder] | None:
    """The byte-order mark `data` starts with, its codec and decoder, or None."""
    for mark, name, decoder in BOMS:
        if data.startswith(mark):
            return mark, name, decoder
    return None


def binary_reason(data: bytes) -> str | None:
    """Why `data` looks binary, or None. NUL bytes or many control bytes in the first 8 KiB decide it; text with
    a byte-order mark is text whatever its bytes."""
    head = data[:SNIFF_BYTES]
    if sniff_bom(head):
        return None
    if b"\x00" in head:
        return f"NUL byte at offset {head.find(0)}"
    if head:
        control = sum(1 for b in head if b in _CONTROL)
        if control / len(head) > 0.10:
            return f"{control} control bytes in the first {len(head)}"
    return None


def decode_bytes(data: bytes) -> Decoded:
    """The text of `data`, with every undecodable sequence replaced by U+FFFD and the first `MAX_RECORDED` of them
    located."""
    found = sniff_bom(data)
    mark, encoding, decoder = found if found else (b"", "utf-8", codecs.utf_8_decode)
    genuine = "\ufffd".encode(encoding.replace("-sig", ""))
    text, issues, total = _decode(memoryview(data)[len(mark) :], decoder, len(mark), genuine)
    return Decoded(text, issues, total, encoding, mark)


def _decode(view: memoryview, decoder: _Decoder, base: int,
            genuine: bytes) -> tuple[str, tuple[DecodeIssue, ...], int]:
    """`genuine` is U+FFFD in the input's encoding: replacement characters already in the input are not damage."""
    parts: list[str] = []
    issues: list[DecodeIssue] = []
    pos = chars = total = 0
    while pos < len(view):
        try:
            text, _ = decoder(view[pos:], "strict", True)
        except UnicodeDecodeError as exc:
            good, _ = decoder(view[pos : pos + exc.start], "strict", True)
            parts.append(good)
            chars += len(good)
            total += 1
            if len(issues) < MAX_RECORDED:
                issues.append(DecodeIssue(chars, base + pos + exc.start, exc.end - exc.start))
                parts.append("\ufffd")
                chars += 1
                pos += exc.end
                continue
            rest = bytes(view[pos + exc.start :])
            tail, _ = decoder(memoryview(rest), "replace", True)
            total += max(0, tail.count("\ufffd") - rest.count(genuine) - 1)
            parts.append(tail)
            break
        parts.append(text)
        break
    return "".join(parts), tuple(issues), total


def replace_surrogates(text: str) -> tuple[str, int, int]:
    """`text` with every lone surrogate (U+D800-U+DFFF, which a JSON `\\udc80` escape can produce but no UTF-8
    file can hold) replaced by U+FFFD, one character for one, so offsets do not move; with the count and the first
    offset (-1 when there was none).

    >>> replace_surrogates("a\\udc80b")
    ('a�b', 1, 1)
    """
    first = SURROGATE.search(text)
    if first is None:
        return text, 0, -1
    cleaned, count = SURROGATE.subn("\ufffd", text)
    return cleaned, count, first.start()
