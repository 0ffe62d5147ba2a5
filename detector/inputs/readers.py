"""Inputs to documents: files, directories, JSONL, Parquet, saved datasets, URLs and standard input, compressed or
not. Never raises for bad data.

Every document the input contains comes out as exactly one `Loaded` item: a Document to score, or an error saying
what was wrong and where (file, line, column, byte offset). That is what lets a run over millions of scraped
records account for every one of them. Reading streams: JSONL is read a line at a time (from a file, a compressed
file, a URL or standard input alike), Parquet and Arrow a batch at a time, so memory does not grow with the input.

Lines of a JSONL input end at LF only: a CR, U+2028 or any other character JSON allows inside a record stays in
it, so the same bytes give the same records whether they come from a file or from a pipe. A UTF-8 byte-order mark
before the first record is skipped; a UTF-16 or UTF-32 mark makes the stream be decoded from that encoding.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Protocol, cast

from detector.inputs.bounded import keep_chars, read_prefix
from detector.inputs.decoding import BOMS
from detector.inputs.long_records import RecordRefused, Shrunk, shrink
from detector.inputs.records import (  # re-exported: readers are where callers look for them
    Loaded,
    ReadOptions,
    load_record,
    load_text,
    long_record,
    refused_record,
    unreadable,
)
from detector.inputs.remote import RemoteFile, has_glob, is_url, list_urls, local_glob
from detector.inputs.streams import (
    MissingExtra,
    compression_of,
    decompressed,
    decompression_errors,
    has_compression_suffix,
    inner_name,
    open_local,
    peek,
)
from detector.inputs.walk import Entry, walk

JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet", ".pq")
TEXT_FORMATS = ("auto", "text", "jsonl", "parquet")

class Openable(Protocol):
    """What `read_file` needs of a file: a `Path`, or a `RemoteFile` read with fsspec."""

    @property
    def name(self) -> str: ...

    def open(self, mode: str = "rb") -> Any: ...


class _Recoded(io.RawIOBase):
    """A UTF-16 or UTF-32 text stream as UTF-8 bytes (damaged sequences as U+FFFD), read a chunk at a time."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        super().__init__()
        self._text = text
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if not self._pending:
            self._pending = self._text.read(1 << 16).encode("utf-8", "surrogatepass")
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count

    def close(self) -> None:
        try:
            self._text.close()
        finally:
            super().close()


def _utf8_stream(stream: BinaryIO) -> BinaryIO:
    """The JSONL stream as UTF-8 bytes: a UTF-8 byte-order mark is dropped, a UTF-16 or UTF-32 stream is decoded
    (its damaged sequences become U+FFFD) and encoded again."""
    head, stream = peek(stream, 4)
    for mark, encoding, _decoder in BOMS:
        if head.startswith(mark):
            stream.read(len(mark))
            if encoding == "utf-8-sig":
                break
            text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="\n")
            return cast(BinaryIO, io.BufferedReader(_Recoded(text), buffer_size=1 << 16))
    return stream


def line_limit(options: ReadOptions) -> int:
    """Bytes of a JSONL line read whole; a longer line is streamed (`long_records`)."""
    return 4 * keep_chars(options.max_chars) + (1 << 16)


def _jsonl_lines(stream: BinaryIO, options: ReadOptions) -> Iterator[bytes | Shrunk | RecordRefused]:
    """The LF-terminated lines of a JSONL stream as UTF-8 bytes; a line longer than `line_limit` comes out as its
    record shrunk to the kept text (or why it could not be), read a chunk at a time, never whole."""
    stream = _utf8_stream(stream)
    limit = line_limit(options)
    keep = keep_chars(options.max_chars)
    while True:
        line = stream.readline(limit)
        if not line:
            return
        if len(line) < limit or line.endswith(b"\n"):
            yield line
            continue

        try:
            yield shrink(line, _LineChunks(stream), options.text_field, keep, limit)
        except RecordRefused as exc:
            yield exc


class _LineChunks:
    """`read()` for `long_records.shrink`: the rest of the current line a chunk at a time, then b"" (never a byte
    of the next line)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._done = False

    def __call__(self) -> bytes:
        if self._done:
            return b""
        chunk = self._stream.readline(1 << 20)
        self._done = not chunk or chunk.endswith(b"\n")
        return chunk


def read_jsonl(stream: BinaryIO, path: str, options: ReadOptions) -> Iterator[Loaded]:
    """One item per non-blank line. A stream that breaks off (a damaged or cut compressed file, a vanished
    network file) ends with one IN506 row saying after which line; the rows before it stand."""
    number = 0
    errors = decompression_errors()
    lines = _jsonl_lines(stream, options)
    while True:
        try:
            raw = next(lines)
        except StopIteration:
            return
        except errors as exc:
            where = f"{path}:{number + 1}"
            yield unreadable(where, f"the stream breaks off after line {number} ({_describe(exc)}); the rest of "
                                    "the file is not read")
            return
        number += 1
        if isinstance(raw, RecordRefused):
            yield refused_record(path, number, f"a record too long to read whole: {raw}")
            continue
        if isinstance(raw, Shrunk):
            if raw.record is None:
                continue  # a blank line is not a record
            yield long_record(raw, path, number, options)
            continue
        line = raw.rstrip(b"\r\n")
        if not line.strip():
            continue  # a blank line is not a record
        yield load_record(line, path, number, options)


def _describe(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:300]


def _format_of(name: str, options: ReadOptions, head: bytes, sniff: bool) -> str:
    """text, jsonl or parquet: the option if given, else the name's suffix (compression suffix removed), else (for
    standard input, or a compressed file whose inner name says nothing) the first bytes."""
    if options.input_format != "auto":
        return options.input_format
    lower = inner_name(name).lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if sniff and "." not in Path(lower).name:
        if head.startswith(b"PAR1"):
            return "parquet"
        for mark, _encoding, _decoder in BOMS:
            if head.startswith(mark):
                head = head[len(mark) :]  # a UTF-8 mark before the first record; other encodings: bytes vary
                break
        if head.lstrip()[:1] == b"{":
            return "jsonl"
    return "text"


def read_stream(stream: BinaryIO, name: str, display: str, options: ReadOptions,
                sniff: bool = False) -> Iterator[Loaded]:
    """The documents of one open byte stream, decompressed when its magic bytes say so. Closes the stream."""
    try:
        head, stream = peek(stream)
        kind = compression_of(head)
        if kind:
            stream = decompressed(stream, kind)
            head, stream = peek(stream)
            if not head:  # a stream that only looks compressed (its magic bytes, then nothing) must not vanish
                stream.close()
                yield unreadable(display, f"the {kind}-compressed stream holds no data (empty or cut short)")
                return
    except MissingExtra as exc:
        stream.close()
        yield unreadable(display, exc)
        return
    except decompression_errors() as exc:
        stream.close()
        yield unreadable(display, f"the compressed stream cannot be read ({_describe(exc)})")
        return
    sniff = sniff or kind is not None or has_compression_suffix(name)
    with stream:
        fmt = _format_of(name, options, head, sniff)
        if fmt == "jsonl":
            yield from read_jsonl(stream, display, options)
        elif fmt == "parquet":
            from detector.inputs.columnar import read_parquet

            if kind is not None or not stream.seekable():
                how = f"a {kind}-compressed stream (Parquet compresses its own pages)" if kind else "a pipe"
                yield unreadable(display, f"Parquet needs a file it can seek in, not {how}: name a .parquet file "
                                          "(or use --input-format parquet)")
                return
            yield from read_parquet(stream, display, options)
        else:
            keep = keep_chars(options.max_chars)
            try:
                data, length = read_prefix(stream, keep)
            except decompression_errors() as exc:
                yield unreadable(display, f"the compressed stream breaks off ({_describe(exc)})")
                return
            yield load_text(display, display, data, length, keep)


def read_file(path: Openable, display: str, options: ReadOptions, in_folder: bool = False) -> Iterator[Loaded]:
    """The documents of one file (a `Path`, or a `RemoteFile` for a URL). `in_folder`: found inside a scanned
    folder, so anything but a regular file is reported instead of opened."""
    if isinstance(path, Path):
        from detector.inputs.walk import is_saved_dataset

        if path.is_dir() and is_saved_dataset(path):
            from detector.inputs.columnar import read_saved_dataset

            yield from read_saved_dataset(path, display, options)
            return
    if _is_parquet(path.name, options):
        from detector.inputs.columnar import read_parquet

        yield from read_parquet(path, display, options)
        return
    try:
        stream = open_local(path, in_folder) if isinstance(path, Path) else path.open("rb")
    except MissingExtra as exc:
        yield unreadable(display, exc)
        return
    except OSError as exc:
        yield unreadable(display, exc.strerror or exc)
        return
    try:
        yield from read_stream(stream, path.name, display, options)
    except OSError as exc:  # a read error the stream reports late (a network file, EIO)
        yield unreadable(display, _describe(exc))


def _is_parquet(name: str, options: ReadOptions) -> bool:
    if options.input_format != "auto":
        return options.input_format == "parquet"
    return name.lower().endswith(PARQUET_SUFFIXES)


def read_stdin(options: ReadOptions, stream: BinaryIO | None = None) -> Iterator[Loaded]:
    """Standard input, streamed: JSONL (by `--input-format`, or when the first character is `{`) a line at a time,
    split exactly as a file is; anything else is one document."""
    source = stream or sys.stdin.buffer
    yield from read_stream(cast(BinaryIO, source), "-", "-", options, sniff=True)


def expand(path: str, options: ReadOptions) -> list[tuple[Path, str]]:
    """The readable files of one argument, in order (what `clean` and the Dask engine walk)."""
    return [(entry.path, entry.display) for entry in walk(path, options.glob, options.ignore) if not entry.problem]


def entries(path: str, options: ReadOptions) -> Iterator[Entry]:
    """Every entry of one local argument: a quoted glob is expanded as the shell would."""
    if not Path(path).exists() and has_glob(path):
        for match in local_glob(path):
            yield from walk(match, options.glob, options.ignore)
        return
    yield from walk(path, options.glob, options.ignore)


def read_inputs(paths: Sequence[str], options: ReadOptions | None = None) -> Iterator[Loaded]:
    """Every document of every input path, in order; `-` is standard input, `scheme://...` a URL."""
    options = options or ReadOptions()
    for path in paths:
        if path == "-":
            yield from read_stdin(options)
        elif is_url(path):
            yield from _read_url(path, options)
        else:
            for entry in entries(path, options):
                if entry.problem:
                    yield unreadable(entry.display, entry.problem)
                else:
                    yield from read_file(entry.path, entry.display, options, in_folder=entry.display != path)


def _read_url(url: str, options: ReadOptions) -> Iterator[Loaded]:
    try:
        urls = list_urls(url, options.glob, options.ignore)
    except MissingExtra as exc:
        yield unreadable(url, exc)
        return
    except (OSError, ValueError, ImportError) as exc:
        yield unreadable(url, _describe(exc))
        return
    if not urls:
        yield unreadable(url, f"no such file, or no file below it matches --glob '{options.glob}'")
    for found in urls:
        yield from read_file(RemoteFile(found), found, options)
