"""Where things are inside one JSON record's source text: each top-level member's value span, and where each
decoded character of a string literal starts. Byte-preserving record edits (`detector.clean.jsonl_edit`) and the
columns of findings in JSONL inputs (`detector.reports.locations`) both need them.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder(parse_int=lambda digits: 0, parse_float=lambda digits: 0.0)  # spans only


class RecordShapeError(ValueError):
    """The record cannot be edited without changing other bytes (the message says why)."""


def members(line: str) -> dict[str, tuple[int, int]]:
    """Each top-level key of the JSON object in `line` and the span of its value (the last occurrence wins, as
    `json.loads` decides)."""
    found: dict[str, tuple[int, int]] = {}
    index = _WHITESPACE.match(line, 0).end()  # type: ignore[union-attr]
    if line[index : index + 1] != "{":
        raise RecordShapeError("not a JSON object")
    index = _WHITESPACE.match(line, index + 1).end()  # type: ignore[union-attr]
    if line[index : index + 1] == "}":
        return found
    while True:
        if line[index : index + 1] != '"':
            raise RecordShapeError("a key is not a string")
        key, index = scanstring(line, index + 1, True)
        index = _WHITESPACE.match(line, index).end()  # type: ignore[union-attr]
        if line[index : index + 1] != ":":
            raise RecordShapeError("no colon after a key")
        start = _WHITESPACE.match(line, index + 1).end()  # type: ignore[union-attr]
        _, end = _DECODER.raw_decode(line, start)
        found[key] = (start, end)
        index = _WHITESPACE.match(line, end).end()  # type: ignore[union-attr]
        if line[index : index + 1] == ",":
            index = _WHITESPACE.match(line, index + 1).end()  # type: ignore[union-attr]
            continue
        if line[index : index + 1] == "}":
            return found
        raise RecordShapeError("no comma or closing brace after a value")


def literal_offsets(literal: str) -> list[int]:
    """For the content of a JSON string literal (without its quotes): where each decoded character starts, plus
    the end. A `\\uD83D\\uDE00` pair is one character, as `json.loads` decodes it."""
    offsets: list[int] = []
    index = 0
    size = len(literal)
    while index < size:
        offsets.append(index)
        if literal[index] != "\\":
            index += 1
        elif literal[index + 1] != "u":
            index += 2
        else:
            code = int(literal[index + 2 : index + 6], 16)
            pair = literal[index + 6 : index + 8] == "\\u" and 0xD800 <= code <= 0xDBFF
            index += 12 if pair and 0xDC00 <= int(literal[index + 8 : index + 12], 16) <= 0xDFFF else 6
    offsets.append(size)
    return offsets
