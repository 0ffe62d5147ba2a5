"""Inputs to documents: files, directories, JSONL and standard input. Never raises for bad data.

Every document the input contains comes out as exactly one `Loaded` item: a Document to score, or an error saying
what was wrong and where (file, line, column, byte offset). That is what lets a run over millions of scraped
records account for every one of them. Reading streams: JSONL is read a line at a time, so memory does not grow
with the file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, BinaryIO

from detector.decoding import binary_reason, decode_bytes
from detector.input_rules import BAD_JSONL, BINARY, EMPTY, INVALID_UTF8, MISSING_FIELD, UNREADABLE, input_finding
from detector.model import Document, Finding, InputError, Span

JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class ReadOptions:
    glob: str = "*.txt"
    text_field: str = "text"
    id_field: str = "id"
    input_format: str = "auto"  # auto | text | jsonl
    ignore: tuple[str, ...] = ()  # glob patterns of paths to skip inside directories


@dataclass(frozen=True)
class Loaded:
    """One input document: `document` to score, or `error` when it cannot be scored; `findings` are input
    problems found while reading (invalid UTF-8) that do not stop scoring."""

    id: str
    source: str
    document: Document | None = None
    error: InputError | None = None
    findings: tuple[Finding, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)


def _failure(id: str, source: str, rule_id: str, message: str, meta: dict[str, Any] | None = None) -> Loaded:
    return Loaded(id, source, error=InputError(rule_id, message, source), meta=meta or {})


def _utf8_findings(text: str, issues: Sequence[Any], total: int) -> tuple[Finding, ...]:
    findings = []
    for issue in issues:
        message = INVALID_UTF8.format_message(count=total, byte_offset=issue.byte_offset)
        span = Span(issue.char_offset, issue.char_offset + 1)
        findings.append(input_finding(INVALID_UTF8, message, span, text[span.start : span.end]))
    return tuple(findings)


def load_text(id: str, source: str, data: bytes) -> Loaded:
    """A whole file or stdin read as one document."""
    why = binary_reason(data)
    if why:
        return _failure(id, source, BINARY.id, BINARY.format_message(why=why))
    decoded = decode_bytes(data)
    if not decoded.text.strip():
        return _failure(id, source, EMPTY.id, EMPTY.message)
    findings = _utf8_findings(decoded.text, decoded.issues, decoded.total_issues)
    return Loaded(id, source, Document(id, decoded.text, source), findings=findings)


def load_record(raw: bytes, path: str, number: int, options: ReadOptions) -> Loaded:
    """One JSONL line (without its newline) into a document or an error row."""
    source = f"{path}:{number}"
    decoded = decode_bytes(raw)
    try:
        record = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        detail = f"line {number}, column {exc.colno}: {exc.msg}"
        return _failure(source, source, BAD_JSONL.id, BAD_JSONL.format_message(detail=detail))
    if not isinstance(record, dict):
        detail = f"line {number} holds a JSON {type(record).__name__}, not an object"
        return _failure(source, source, BAD_JSONL.id, BAD_JSONL.format_message(detail=detail))
    raw_id = record.get(options.id_field)
    doc_id = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else source
    meta = {k: v for k, v in record.items() if k not in (options.text_field, options.id_field)}
    text = record.get(options.text_field)
    if not isinstance(text, str):
        message = MISSING_FIELD.format_message(field=options.text_field)
        return _failure(doc_id, source, MISSING_FIELD.id, message, meta)
    if not text.strip():
        return _failure(doc_id, source, EMPTY.id, EMPTY.message, meta)
    findings: tuple[Finding, ...] = ()
    if decoded.issues:
        first = decoded.issues[0].byte_offset
        message = INVALID_UTF8.format_message(count=decoded.total_issues, byte_offset=f"{first} of line {number}")
        findings = (input_finding(INVALID_UTF8, message),)
    return Loaded(doc_id, source, Document(doc_id, text, source, meta), findings=findings, meta=meta)


def read_jsonl(stream: BinaryIO, path: str, options: ReadOptions) -> Iterator[Loaded]:
    for number, raw in enumerate(stream, start=1):
        line = raw.rstrip(b"\r\n")
        if not line.strip():
            continue  # a blank line is not a record
        yield load_record(line, path, number, options)


def _is_jsonl(path: str, options: ReadOptions, head: bytes = b"") -> bool:
    if options.input_format != "auto":
        return options.input_format == "jsonl"
    if path == "-":
        return head.lstrip()[:1] == b"{"
    return path.lower().endswith(JSONL_SUFFIXES)


def read_file(path: Path, display: str, options: ReadOptions) -> Iterator[Loaded]:
    try:
        if _is_jsonl(display, options):
            with path.open("rb") as stream:
                yield from read_jsonl(stream, display, options)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _failure(display, display, UNREADABLE.id, UNREADABLE.format_message(detail=exc.strerror or exc))
        return
    yield load_text(display, display, data)


def read_stdin(options: ReadOptions, stream: BinaryIO | None = None) -> Iterator[Loaded]:
    stream = stream or sys.stdin.buffer
    data = stream.read()
    if _is_jsonl("-", options, data[:64]):
        yield from read_jsonl(iter(data.splitlines(keepends=True)), "-", options)  # type: ignore[arg-type]
    else:
        yield load_text("-", "-", data)


def expand(path: str, options: ReadOptions) -> list[tuple[Path, str]]:
    """A directory becomes its matching files, recursively, sorted by path so that runs are reproducible."""
    p = Path(path)
    if p.is_dir():
        found = [f for f in p.rglob(options.glob) if f.is_file()]
        pairs = [(f, (Path(path) / f.relative_to(p)).as_posix()) for f in sorted(found, key=lambda f: f.as_posix())]
        return [(f, shown) for f, shown in pairs if not any(fnmatch(shown, pattern) or fnmatch(f.name, pattern)
                                                            for pattern in options.ignore)]
    return [(p, path)]


def read_inputs(paths: Sequence[str], options: ReadOptions | None = None) -> Iterator[Loaded]:
    """Every document of every input path, in order; `-` is standard input."""
    options = options or ReadOptions()
    for path in paths:
        if path == "-":
            yield from read_stdin(options)
            continue
        for file, display in expand(path, options):
            yield from read_file(file, display, options)
