"""Turn bytes into text without ever failing, and remember where the bytes were broken.

`bytes.decode(errors="replace")` hides where the damage was; we decode strictly up to each bad sequence, insert
U+FFFD, and record both the byte offset (for the user, who opens the file in a hex viewer) and the character offset
(for a finding span). Linear in the input: each slice is a memoryview, and after `MAX_RECORDED` bad sequences the
rest is decoded with plain replacement.

>>> decode_bytes(b"caf\\xe9 au lait").issues
(DecodeIssue(char_offset=3, byte_offset=3, length=1),)
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

MAX_RECORDED = 100
SNIFF_BYTES = 8192
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13, 27}


@dataclass(frozen=True, slots=True)
class DecodeIssue:
    char_offset: int
    byte_offset: int
    length: int


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    issues: tuple[DecodeIssue, ...]
    total_issues: int


def binary_reason(data: bytes) -> str | None:
    """Why `data` looks binary, or None. NUL bytes or many control bytes in the first 8 KiB decide it."""
    head = data[:SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in head:
        return f"NUL byte at offset {head.find(0)}"
    if head:
        control = sum(1 for b in head if b in _CONTROL)
        if control / len(head) > 0.10:
            return f"{control} control bytes in the first {len(head)}"
    return None


def decode_bytes(data: bytes) -> Decoded:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", errors="replace"), (), 0)
    view = memoryview(data)
    parts: list[str] = []
    issues: list[DecodeIssue] = []
    pos = chars = total = 0
    while pos < len(data):
        try:
            text, _ = codecs.utf_8_decode(view[pos:], "strict", True)
        except UnicodeDecodeError as exc:
            good, _ = codecs.utf_8_decode(view[pos : pos + exc.start], "strict", True)
            parts.append(good)
            chars += len(good)
            total += 1
            if len(issues) < MAX_RECORDED:
                issues.append(DecodeIssue(chars, pos + exc.start, exc.end - exc.start))
                parts.append("\ufffd")
                chars += 1
                pos += exc.end
                continue
            rest = bytes(view[pos + exc.start :])
            tail = rest.decode("utf-8", errors="replace")
            total += max(0, tail.count("\ufffd") - rest.count(b"\xef\xbf\xbd") - 1)
            parts.append(tail)
            break
        parts.append(text)
        break
    return Decoded("".join(parts), tuple(issues), total)
