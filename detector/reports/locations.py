"""Where a finding is, in the terms CI tools use: file, 1-based line and column, and a stable fingerprint.

A text file's findings map to lines and columns of that file (columns count Unicode code points, which SARIF
declares as `unicodeCodePoints`). A JSONL record's findings map to the record's line in the JSONL file, with the
document id as a logical location. The fingerprint identifies a finding by its rule and the text of its own line (the
line it starts on), never by offset or by the text around it: inserting text above an old finding, or editing a
neighbouring line that a finding (a long sentence, a line the line model judged) reaches into, does not make it new.

The own line is read within a bounded window, `CONTEXT` characters either side of the finding's start and clipped to
the line, not whole: hashing the whole line once per finding made time findings x line length, 338 s of CPU on a
12 MB one-line document (audit N5). The window is found with searches bounded to it, so a fingerprint costs the
same on a 100-character line and on a 12 MB one; on a line shorter than the window it is the whole line. (A ported
implementation must give the same digests: the key is `rule \0 line \0 normalised window`, SHA-256, first 24 hex
digits.)
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from detector.core.model import DocumentReport, Finding
from detector.inputs.decoding import replace_surrogates

JSONL_SOURCE = re.compile(r"^(?P<path>.+):(?P<line>\d+)$")
CONTEXT = 200  # characters of context either side of a finding's quote in its fingerprint


@dataclass(frozen=True)
class Location:
    path: str
    start_line: int
    start_column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    record: bool = False  # the location is a JSONL record, not a position inside a text file


def line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _line_col(starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def locate(report: DocumentReport, finding: Finding | None, starts: list[int] | None = None) -> Location:
    match = JSONL_SOURCE.match(report.source)
    if match:
        return Location(match.group("path"), int(match.group("line")), record=True)
    if finding is None or finding.span is None:
        return Location(report.source or report.id, 1)
    starts = starts if starts is not None else line_starts(report.text)
    start_line, start_col = _line_col(starts, finding.span.start)
    end_line, end_col = _line_col(starts, finding.span.end)
    return Location(report.source or report.id, start_line, start_col, end_line, end_col)


def located(report: DocumentReport, finding: Finding, starts: list[int] | None,
            columns: RecordColumns | None) -> Location:
    """`locate`, with the columns of a JSONL record's finding inside its line when `columns` can read it."""
    where = locate(report, finding, starts)
    if where.record and columns is not None and finding.span is not None:
        found = columns.columns(where.path, where.start_line, finding.span.start, finding.span.end)
        if found is not None:
            return Location(where.path, where.start_line, found[0], where.start_line, found[1], record=True)
    return where


def with_quote(finding: Finding, limit: int = 80) -> str:
    """The message, and the quoted text after it unless the message already holds it.

    >>> with_quote(Finding("RD301", "readability", "info", 0.9, None, "One two three.", "Very long sentence."))
    'Very long sentence. \u201cOne two three.\u201d'
    """
    quote = " ".join(finding.quote.split())
    if not quote or quote in finding.message:
        return finding.message
    shown = quote if len(quote) <= limit else quote[: limit - 1] + "\u2026"
    return f"{finding.message} \u201c{shown}\u201d"


class RecordColumns:
    """Columns of findings inside the JSONL lines their documents came from, as a CI annotation wants them: the
    input's line is read again (each file streamed once, forward, as the reports come in input order) and the
    text field's string literal maps a character offset of the text to a column of the line (escapes such as
    `\\n` or `\\u00e9` are several columns for one character). Columns count code points from 1. None when the
    line cannot be read again (standard input, a URL, Parquet rows, a changed file).

    >>> import tempfile, os
    >>> name = os.path.join(tempfile.mkdtemp(), "d.jsonl")
    >>> _ = open(name, "w").write('{"id": "a", "text": "Line\\\\nMenu"}\\n')
    >>> RecordColumns().columns(name, 1, 5, 9)  # "Menu": after "Line" and the two columns of its escape
    (28, 32)
    """

    def __init__(self, text_field: str = "text") -> None:
        self.text_field = text_field
        self._path: str | None = None
        self._lines: Iterator[bytes] | None = None
        self._number = 0
        self._cache: tuple[int, int, list[int]] | None = None  # line number, literal column, literal offsets

    def columns(self, path: str, line: int, start: int, end: int) -> tuple[int, int] | None:
        literal = self._literal(path, line)
        if literal is None:
            return None
        column, offsets = literal
        if not 0 <= start <= end < len(offsets):
            return None
        return column + offsets[start] + 1, column + offsets[end] + 1

    def _literal(self, path: str, line: int) -> tuple[int, list[int]] | None:
        if self._cache is not None and self._cache[0] == line and self._path == path:
            return self._cache[1], self._cache[2]
        raw = self._read(path, line)
        if raw is None:
            return None
        from detector.inputs.json_spans import RecordShapeError, literal_offsets, members

        text = raw.rstrip(b"\r\n").decode("utf-8", "surrogateescape")
        try:
            start, end = members(text)[self.text_field]
        except (RecordShapeError, KeyError, ValueError, RecursionError):
            return None
        if text[start : start + 1] != '"':
            return None
        offsets = literal_offsets(text[start + 1 : end - 1])
        self._cache = (line, start + 1, offsets)
        return start + 1, offsets

    def _read(self, path: str, line: int) -> bytes | None:
        """Line `line` of the JSONL file `path` (compressed or not), reading on from the last line asked."""
        from detector.inputs.readers import JSONL_SUFFIXES
        from detector.inputs.streams import inner_name

        if "://" in path or path == "-" or not inner_name(path).lower().endswith(JSONL_SUFFIXES):
            return None
        if path != self._path or self._lines is None or line <= self._number:
            self._open(path)
        if self._lines is None:
            return None
        for raw in self._lines:
            self._number += 1
            if self._number == line:
                return raw[3:] if line == 1 and raw.startswith(b"\xef\xbb\xbf") else raw
        self._lines = None
        return None

    def _open(self, path: str) -> None:
        from detector.inputs.streams import compression_of, decompressed, peek

        self._path, self._number, self._lines, self._cache = path, 0, None, None
        try:
            stream = open(path, "rb")  # noqa: SIM115 - read lazily while reports arrive
            head, buffered = peek(stream)
            kind = compression_of(head)
            self._lines = iter(decompressed(buffered, kind) if kind else buffered)
        except (OSError, ValueError, ImportError):
            self._lines = None


def context_window(text: str, start: int, end: int, size: int = CONTEXT) -> tuple[int, int]:
    """The window around `[start, end)`: up to `size` characters either side, not past the line's ends.

    >>> context_window("first line\\nsecond line here\\nthird", 18, 22, size=3)
    (15, 25)
    >>> context_window("first line\\nsecond line here\\nthird", 18, 22)
    (11, 27)
    """
    low = max(0, start - size)
    line_start = text.rfind("\n", low, start)
    window_start = line_start + 1 if line_start != -1 else low
    high = min(len(text), end + size)
    line_end = text.find("\n", end, high)
    return window_start, line_end if line_end != -1 else high


def fingerprint(report: DocumentReport, finding: Finding) -> str:
    """rule + the whitespace-normalised text of the line the finding starts on (within `context_window` of its
    start); document-level findings: the rule. Neither the quote nor the lines after the first count: a sentence
    reaching over a menu, or the line model's judgement of a line, changes with edits to the neighbours, and the
    finding is still the same one."""
    if finding.span is None or not report.text:
        key = f"{finding.rule_id}\x00document"
    else:
        start, end = context_window(report.text, finding.span.start, finding.span.start)
        own_line = " ".join(report.text[start:end].split())
        key = f"{finding.rule_id}\x00line\x00{own_line}"
    return _digest(key)


def legacy_fingerprint(report: DocumentReport, finding: Finding) -> str:
    """The fingerprint of reports and baselines written before issue 24 (rule, quote and the text around the
    quote on its line, `context_window`), so that an earlier baseline still recognises the findings it holds."""
    if finding.span is None or not report.text:
        key = f"{finding.rule_id}\x00document"
    else:
        start, end = context_window(report.text, finding.span.start, finding.span.end)
        context = " ".join(report.text[start:end].split())
        key = f"{finding.rule_id}\x00{' '.join(finding.quote.split())}\x00{context}"
    return _digest(key)


def _digest(key: str) -> str:
    return hashlib.sha256(replace_surrogates(key)[0].encode("utf-8")).hexdigest()[:24]  # as written: U+FFFD


def fingerprints(report: DocumentReport, of: Callable[[DocumentReport, Finding], str] = fingerprint) -> list[str]:
    """One fingerprint per finding, in order; repeats within a document get an occurrence suffix."""
    seen: dict[str, int] = {}
    out = []
    for finding in report.findings:
        base = of(report, finding)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}:{seen[base]}")
    return out
