"""Reading one document with memory bounded by the scoring limit, whatever its size or compression ratio.

Only the first `max_chars` characters of a document are scored (IN507 says so), yet reading a document whole
before cutting it made memory follow the decompressed size: a 1 MB `.gz` holding one 1 GB line took 4.5 GB (audit
N6). Here a reader keeps the first `keep_chars(max_chars)` characters (the scored prefix plus `CONTEXT_CHARS`, what
the report needs past it: the white space the scored prefix ends at, the line around a finding at its end) and
only *counts* the rest as it streams past, so IN507 can still say how long the document was.

Bytes, not characters, are what a stream gives: at most 4 bytes make a character in UTF-8, UTF-16 and UTF-32, so
`4 * keep + 8` bytes always hold the kept characters whole. The rest is counted with an incremental decoder of the
same encoding (errors replaced, as `decoding.decode_bytes` replaces them), so the count is the length the whole
text would have had.
"""

from __future__ import annotations

import codecs
from typing import BinaryIO

from detector.config.settings import DEFAULT_MAX_CHARS
from detector.inputs.decoding import sniff_bom

CONTEXT_CHARS = 4096
CHUNK_BYTES = 1 << 20


def keep_chars(max_chars: int = DEFAULT_MAX_CHARS) -> int:
    """Characters of a document a reader keeps in memory: the scored prefix and the context after it.

    >>> keep_chars(1000)
    5096
    """
    return max_chars + CONTEXT_CHARS


def head_bytes(keep: int) -> int:
    """Bytes that always hold `keep` whole characters in any encoding the readers accept."""
    return 4 * keep + 8


def read_prefix(stream: BinaryIO, keep: int) -> tuple[bytes, int | None]:
    """The first bytes of `stream` (all of them when the document is short) and, when the document holds more
    than they do, the number of characters of the whole document (None otherwise). The rest of the stream is read
    and counted a chunk at a time, never held.

    >>> import io
    >>> read_prefix(io.BytesIO(b"short"), 10)
    (b'short', None)
    >>> data, total = read_prefix(io.BytesIO("é".encode() * 100), 10)
    >>> len(data), total
    (48, 100)
    """
    limit = head_bytes(keep)
    head = stream.read(limit)
    if len(head) < limit:
        return head, None
    more = stream.read(CHUNK_BYTES)
    if not more:
        return head, None
    decoder = _counting_decoder(head)
    mark = sniff_bom(head)
    total = len(decoder.decode(head[len(mark[0]) :] if mark else head))
    while more:
        total += len(decoder.decode(more))
        more = stream.read(CHUNK_BYTES)
    total += len(decoder.decode(b"", final=True))
    return head, total


def _counting_decoder(head: bytes) -> codecs.IncrementalDecoder:
    found = sniff_bom(head)
    name = found[1].replace("-sig", "") if found else "utf-8"
    return codecs.getincrementaldecoder(name)(errors="replace")
