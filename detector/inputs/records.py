"""Records to documents: one JSON object, or one file's bytes, becomes exactly one `Loaded` item (a Document, or an
error saying what was wrong and where). Shared by every reader (`readers` for files, JSONL, URLs and stdin,
`columnar` for Parquet and Arrow), below all of them, so none has to import another."""

from __future__ import annotations

import json
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any

from detector.config.settings import DEFAULT_MAX_CHARS
from detector.core.model import Document, Finding, InputError, Span
from detector.inputs.decoding import binary_reason, decode_bytes, replace_surrogates
from detector.inputs.rules import (
    BAD_JSONL,
    BINARY,
    EMPTY,
    INVALID_UTF8,
    LONE_SURROGATE,
    MISSING_FIELD,
    UNREADABLE,
    input_finding,
)

MAX_INT_DIGITS = 4000  # longer JSON integers are kept as their digits (Python refuses to convert past 4,300)
MAX_FIELDS_SHOWN = 12
MAX_DEPTH = 200  # metadata nested deeper is cut (see `_shallow`)


@dataclass(frozen=True)
class ReadOptions:
    glob: str = "*.txt"
    text_field: str = "text"
    id_field: str = "id"
    input_format: str = "auto"  # auto | text | jsonl | parquet
    ignore: tuple[str, ...] = ()  # glob patterns of paths to skip inside directories
    max_chars: int = DEFAULT_MAX_CHARS  # the scoring limit: readers keep `bounded.keep_chars(max_chars)` characters


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


def unreadable(display: str, detail: object) -> Loaded:
    """The IN506 row of an input that cannot be read (or whose reading broke off)."""
    return _failure(display, display, UNREADABLE.id, UNREADABLE.format_message(detail=detail))


def _utf8_findings(text: str, issues: Sequence[Any], total: int) -> tuple[Finding, ...]:
    findings = []
    for issue in issues:
        message = INVALID_UTF8.format_message(count=total, byte_offset=issue.byte_offset)
        span = Span(issue.char_offset, issue.char_offset + 1)
        findings.append(input_finding(INVALID_UTF8, message, span, text[span.start : span.end]))
    return tuple(findings)


def load_text(id: str, source: str, data: bytes, length: int | None = None, keep: int | None = None) -> Loaded:
    """A whole file or stdin read as one document. `length` (with `keep`): `data` is only the start of a document
    of `length` characters (`bounded.read_prefix`), of which the first `keep` are kept."""
    why = binary_reason(data)
    if why:
        return _failure(id, source, BINARY.id, BINARY.format_message(why=why))
    decoded = decode_bytes(data)
    text, issues, total_issues = decoded.text, decoded.issues, decoded.total_issues
    if length is not None and keep is not None and len(text) > keep:
        text = text[:keep]  # the last characters of `data` may be a cut multi-byte sequence: never kept
        kept = tuple(issue for issue in issues if issue.char_offset < keep)
        total_issues -= len(issues) - len(kept)
        issues = kept
    else:
        length = None
    if not text.strip():
        return _failure(id, source, EMPTY.id, EMPTY.message)
    findings = _utf8_findings(text, issues, total_issues)
    return Loaded(id, source, Document(id, text, source, length=length), findings=findings)


def _parse_int(digits: str) -> int | str:
    """Integers too long for Python's conversion limit stay as their digits (as a string): the record is still
    scored, and converting them would take time quadratic in their length."""
    return int(digits) if len(digits) <= MAX_INT_DIGITS else digits


def parse_json(text: str) -> Any:
    """`json.loads` that keeps over-long integers as strings; raises ValueError (JSONDecodeError included) and
    RecursionError like json."""
    return json.loads(text, parse_int=_parse_int)


def _field_names(record: Iterable[Any]) -> str:
    names = [str(name) for name in islice(record, MAX_FIELDS_SHOWN + 1)]
    if not names:
        return "none"
    shown = ", ".join(replace_surrogates(name)[0] for name in names[:MAX_FIELDS_SHOWN])
    return shown + (", ..." if len(names) > MAX_FIELDS_SHOWN else "")


def record_to_loaded(record: Mapping[str, Any], source: str, options: ReadOptions,
                     findings: tuple[Finding, ...] = (), fields: Sequence[str] | None = None,
                     length: int | None = None) -> Loaded:
    """A parsed record (JSONL line, Parquet or Arrow row, a Spark or Ray record) into a document or an error row.
    The id is the id field when it is a string or an integer (numpy's and Arrow's count), else `source`; every
    other field but the text is metadata. Lone surrogates in the id and the text become U+FFFD (IN509). `fields`:
    the names an IN505 message lists, when the record holds only some of its columns. `length`: the characters of
    the whole text value when the reader kept only its start."""
    raw_id = record.get(options.id_field)
    valid_id = isinstance(raw_id, (str, numbers.Integral)) and not isinstance(raw_id, bool)
    doc_id = replace_surrogates(str(raw_id))[0] if valid_id else source
    meta = {k: v for k, v in record.items() if k not in (options.text_field, options.id_field)}
    text = record.get(options.text_field)
    if not isinstance(text, str):
        message = MISSING_FIELD.format_message(field=options.text_field,
                                               fields=_field_names(record if fields is None else fields))
        return _failure(doc_id, source, MISSING_FIELD.id, message, meta)
    if not text.strip():
        return _failure(doc_id, source, EMPTY.id, EMPTY.message, meta)
    text, count, first = replace_surrogates(text)
    if count:
        message = LONE_SURROGATE.format_message(count=count, offset=first)
        findings = (*findings, input_finding(LONE_SURROGATE, message, Span(first, first + 1), "\ufffd"))
    return Loaded(doc_id, source, Document(doc_id, text, source, meta, length), findings=findings, meta=meta)


def load_record(raw: bytes, path: str, number: int, options: ReadOptions) -> Loaded:
    """One JSONL line (without its newline) into a document or an error row; never raises."""
    source = f"{path}:{number}"
    decoded = decode_bytes(raw)
    try:
        record = parse_json(decoded.text)
    except json.JSONDecodeError as exc:
        detail = f"line {number}, column {exc.colno}: {exc.msg}"
        return _failure(source, source, BAD_JSONL.id, BAD_JSONL.format_message(detail=detail))
    except RecursionError:
        detail = f"line {number} nests arrays or objects too deeply to parse"
        return _failure(source, source, BAD_JSONL.id, BAD_JSONL.format_message(detail=detail))
    except (ValueError, MemoryError) as exc:
        detail = f"line {number}: {str(exc)[:200]}"
        return _failure(source, source, BAD_JSONL.id, BAD_JSONL.format_message(detail=detail))
    if not isinstance(record, dict):
        detail = f"line {number} holds a JSON {type(record).__name__}, not an object"
        return _failure(source, source, BAD_JSONL.id, BAD_JSONL.format_message(detail=detail))
    if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH:
        record = _shallow(record)
    findings: tuple[Finding, ...] = ()
    if decoded.issues:
        first = decoded.issues[0].byte_offset
        message = INVALID_UTF8.format_message(count=decoded.total_issues, byte_offset=f"{first} of line {number}")
        findings = (input_finding(INVALID_UTF8, message),)
    return record_to_loaded(record, source, options, findings)


def refused_record(path: str, number: int, detail: str) -> Loaded:
    """The IN504 row of a JSONL line that cannot be read as a record."""
    source = f"{path}:{number}"
    return _failure(source, source, BAD_JSONL.id, BAD_JSONL.format_message(detail=f"line {number}: {detail}"))


def long_record(shrunk: Any, path: str, number: int, options: ReadOptions) -> Loaded:
    """A record read by `long_records.shrink`: parsed as a short line, its document marked with the length of the
    whole text value (IN507 then says how much was scored)."""
    loaded = load_record(shrunk.record, path, number, options)
    document = loaded.document
    if document is None or shrunk.length <= len(document.text):
        return loaded
    return replace(loaded, document=replace(document, length=shrunk.length))


def _shallow(record: dict[str, Any]) -> dict[str, Any]:
    """A record whose metadata nests deeper than `MAX_DEPTH` levels, with those levels replaced by a note: such a
    value parses, but pickling it to a worker process (`--jobs 2`) or writing it would exceed Python's recursion
    limit and end the run. The text and id are kept as they are."""
    from detector.core.safety import json_safe

    keep = {key: record[key] for key in record if isinstance(record[key], (str, int, float, bool)) or record[key]
            is None}
    return {**json_safe(record), **keep}
