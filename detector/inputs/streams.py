"""Byte streams of any origin, decompressed when their first bytes say so.

Compression is recognised by its magic bytes, whatever the name says (a gzip stream named `.jsonl` is still gzip),
and the format inside by the name without its compression suffix (`crawl.jsonl.gz` is JSONL). gzip, bzip2 and xz
come with Python; zstd needs the `zstandard` package (`pip install 'artifact-detector[zstd]'`). Everything streams:
a line is decompressed when it is read, so memory does not grow with the file.

Standard input and fsspec files cannot always seek, so the first bytes are read once and put back in front of the
stream (`Rewound`) instead of seeking back.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import stat
import zlib
from pathlib import Path
from typing import BinaryIO, cast

from detector.core.extras import MissingExtra

HEAD_BYTES = 64
COMPRESSION_SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd",
                        ".zstd": "zstd"}
_BZIP2_BLOCKS = (b"\x31\x41\x59\x26\x53\x59", b"\x17\x72\x45\x38\x50\x90")  # first block, or end of an empty one


def _zstd_errors() -> tuple[type[BaseException], ...]:
    try:
        import zstandard
    except ImportError:
        return ()
    return (zstandard.ZstdError,)


def decompression_errors() -> tuple[type[BaseException], ...]:
    """What a damaged or cut compressed stream raises while it is read (gzip's BadGzipFile is an OSError)."""
    return (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError, *_zstd_errors())


class Rewound(io.RawIOBase):
    """`head` (bytes already read from `stream`) followed by the rest of `stream`."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        read = getattr(self._stream, "read1", None) or self._stream.read
        data = read(len(buffer))  # read1: what one step gives, so a damaged stream loses as little as possible
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._stream.close()
        finally:
            super().close()


def peek(stream: BinaryIO, size: int = HEAD_BYTES) -> tuple[bytes, BinaryIO]:
    """The first `size` bytes of `stream` (fewer at its end) and a buffered stream that still starts with them."""
    head = b""
    while len(head) < size:
        chunk = stream.read(size - len(head))
        if not chunk:
            break
        head += chunk
    return head, cast(BinaryIO, io.BufferedReader(Rewound(head, stream), buffer_size=1 << 16))


def compression_of(head: bytes) -> str | None:
    """The compression the magic bytes at the start of a stream announce, or None.

    >>> compression_of(gzip.compress(b"x")[:8]), compression_of(b"plain"), compression_of(b"BZh9 is not bzip2")
    ('gzip', None, None)
    """
    if head.startswith(b"\x1f\x8b\x08"):
        return "gzip"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head.startswith(b"\x28\xb5\x2f\xfd") and (len(head) < 5 or not head[4] & 0x08):
        return "zstd"  # the frame header's reserved bit is 0 in every zstd frame: "(\xb5/\xfd\n" is a text line
    if head[:3] == b"BZh" and head[3:4].isdigit() and head[3:4] != b"0" and head[4:10] in _BZIP2_BLOCKS:
        return "bzip2"
    return None


def inner_name(name: str) -> str:
    """The name without its compression suffix: what the decompressed bytes are.

    >>> inner_name("crawl/part-1.jsonl.gz"), inner_name("notes.txt")
    ('crawl/part-1.jsonl', 'notes.txt')
    """
    lower = name.lower()
    for suffix in COMPRESSION_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def has_compression_suffix(name: str) -> bool:
    return inner_name(name) != name


def decompressed(stream: BinaryIO, kind: str) -> BinaryIO:
    """A stream of the decompressed bytes (concatenated gzip members, bzip2 streams and zstd frames included)."""
    if kind == "gzip":
        return cast(BinaryIO, gzip.GzipFile(fileobj=stream, mode="rb"))
    if kind == "bzip2":
        return cast(BinaryIO, bz2.BZ2File(stream, mode="rb"))
    if kind == "xz":
        return cast(BinaryIO, lzma.LZMAFile(stream, mode="rb"))
    if kind == "zstd":
        try:
            import zstandard
        except ImportError:
            raise MissingExtra("this input is zstd-compressed, which needs the 'zstandard' package: "
                               "pip install 'artifact-detector[zstd]'") from None
        reader = zstandard.ZstdDecompressor().stream_reader(stream, read_across_frames=True, closefd=True)
        return cast(BinaryIO, io.BufferedReader(reader, buffer_size=1 << 16))  # type: ignore[arg-type]
    raise ValueError(f"unknown compression {kind!r}")


class NotRegularFile(OSError):
    """An entry of a scanned folder that is not a regular file: opening a FIFO would wait for ever."""


def open_local(path: Path, regular_only: bool = False) -> BinaryIO:
    """Open `path` for reading. `regular_only` (an entry found inside a scanned folder) refuses anything but a
    regular file without blocking: `O_NONBLOCK` makes opening a FIFO return at once, and the descriptor is checked
    before a byte is read. A path named on the command line opens as usual, so a FIFO (`<(zcat x.gz)`) waits for
    its writer and is read."""
    if not regular_only:
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(path))
        return cast(BinaryIO, open(path, "rb"))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(0, "not a regular file", str(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return cast(BinaryIO, os.fdopen(fd, "rb"))
    except BaseException:
        os.close(fd)
        raise
