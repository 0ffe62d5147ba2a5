"""What keeps every output valid whatever a report or a document holds.

Reports carry untrusted strings (ids, quotes, metadata from the crawl), and Python strings can hold what no UTF-8
file can: lone surrogates, from a JSON `\\udc80` escape or from an API caller. The policy is one for every format:
a lone surrogate is written as U+FFFD, one character for one. `SafeStream` applies it to every string a text writer
writes, so the output is valid UTF-8 even when the stream itself would have written raw bytes
(`surrogateescape`) or raised.

`json_safe` makes any metadata JSON-writable: lone surrogates replaced in keys and values, keys as strings, NaN
and infinities as null, and values JSON has no type for (Decimal, bytes, dates from Parquet) as numbers or strings.
`text_stream` is the one UTF-8 text layer every file and standard output is written through (the
`detector-replace` error handler: surrogates become U+FFFD whatever the locale).

It walks with an explicit stack, since a record nested 900 levels deep is valid input; below `MAX_DEPTH` levels a
value is replaced by a note saying so (JSON encoders recurse, and would fail on the whole row).
"""

from __future__ import annotations

import base64
import codecs
import datetime
import decimal
import io
import math
import re
from typing import Any, BinaryIO, TextIO

SURROGATE = re.compile("[\ud800-\udfff]")  # a lone surrogate: what no UTF-8 file can hold


def without_surrogates(text: str) -> str:
    """`text` with each lone surrogate as U+FFFD, one character for one (no offset moves): how a text crosses into
    the native core, whose strings are UTF-8. Neither is a letter, a digit, a space or a word character, so no
    count, unit or match changes."""
    return SURROGATE.sub("\ufffd", text)

MAX_DEPTH = 200
MAX_INT_BITS = 13_000  # about 3,900 digits: Python refuses to write integers of more than 4,300


ERRORS = "detector-replace"


def _replace_unencodable(error: UnicodeError) -> tuple[str, int]:
    if isinstance(error, UnicodeEncodeError):
        return "\ufffd" * (error.end - error.start), error.end
    raise error


codecs.register_error(ERRORS, _replace_unencodable)


def text_stream(binary: BinaryIO, line_buffering: bool = False) -> TextIO:
    """UTF-8 text over `binary`, surrogates replaced, newlines written as given."""
    return io.TextIOWrapper(binary, encoding="utf-8", errors=ERRORS, newline="", line_buffering=line_buffering,
                            write_through=False)


def safe_text(text: str) -> str:
    """>>> safe_text("a\\udc80b")
    'a�b'
    """
    return SURROGATE.sub("\ufffd", text) if SURROGATE.search(text) else text


class SafeStream:
    """A text stream whose `write` replaces lone surrogates; everything else is the wrapped stream's."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, text: str) -> int:
        return self._out.write(safe_text(text))

    def flush(self) -> None:
        self._out.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._out, name)


# What a terminal or a CI log acts on: C0 controls but tab and line feed (ESC starts ANSI and OSC sequences that
# set window titles, write the clipboard, make links or clear the screen; BS and a lone CR overwrite what was
# shown), DEL and the C1 controls (U+009B is a one-character CSI). A CR before a LF only ends a line.
_TERMINAL_CONTROLS = re.compile("\r(?!\n)|[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")
_TERMINAL_CONTROLS_BUT_CR = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")


def visible_controls(text: str, keep_cr: bool = False) -> str:
    """`text` with every control character a terminal or a CI log would act on written as a visible `\\xNN`
    escape, for output meant to be read on a terminal or in a log (Markdown, CSV, GitHub annotations, diffs: audit
    N10). `keep_cr`: a lone CR stays (in a quoted CSV cell it is data).

    >>> print(visible_controls("red \\x1b[31mtext\\x07 and\\x9b"))
    red \\x1b[31mtext\\x07 and\\x9b
    >>> visible_controls("a\\r\\nb\\rc\\td")
    'a\\r\\nb\\\\x0dc\\td'
    """
    pattern = _TERMINAL_CONTROLS_BUT_CR if keep_cr else _TERMINAL_CONTROLS
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class VisibleStream(SafeStream):
    """A text stream whose `write` also makes terminal controls visible (`visible_controls`)."""

    def write(self, text: str) -> int:
        return super().write(visible_controls(text))


def scalar(value: Any) -> Any:
    """A value JSON can hold, for one that it cannot (orjson's `default` hook and the fallback below)."""
    if isinstance(value, decimal.Decimal):  # a number when a float holds it exactly, else its digits
        if value.is_finite() and abs(value.adjusted()) < 300 and decimal.Decimal(repr(float(value))) == value:
            return float(value)
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return "base64:" + base64.b64encode(data).decode("ascii")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        try:
            return item()
        except (TypeError, ValueError):
            pass
    tolist = getattr(value, "tolist", None)  # numpy arrays
    if callable(tolist):
        return tolist()
    return str(value)


def json_safe(data: Any) -> Any:
    """A copy of `data` that `json.dumps(..., allow_nan=False)` accepts and whose strings are valid UTF-8."""
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, int]] = [(data, root, 0, 0)]
    while stack:
        value, parent, key, depth = stack.pop()
        if isinstance(value, str):
            parent[key] = safe_text(value)
        elif value is None or isinstance(value, bool):
            parent[key] = value
        elif isinstance(value, int):
            parent[key] = value if value.bit_length() <= MAX_INT_BITS else f"<integer of {value.bit_length()} bits>"
        elif depth >= MAX_DEPTH and isinstance(value, (dict, list, tuple)):
            parent[key] = f"<nested deeper than {MAX_DEPTH} levels>"
        elif isinstance(value, float):
            parent[key] = value if math.isfinite(value) else None
        elif isinstance(value, dict):
            copy: dict[str, Any] = {}
            parent[key] = copy
            for name, item in value.items():
                text = safe_text(name if isinstance(name, str) else str(name))
                copy[text] = None
                stack.append((item, copy, text, depth + 1))
        elif isinstance(value, (list, tuple)):
            items: list[Any] = [None] * len(value)
            parent[key] = items
            stack.extend((item, items, index, depth + 1) for index, item in enumerate(value))
        else:
            stack.append((scalar(value), parent, key, depth))
    return root[0]
