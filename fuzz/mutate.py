"""A seeded byte mutator: what CI uses where atheris (libFuzzer's mutator, coverage-guided) is not installed.

The mutations are libFuzzer's simple ones, biased towards what breaks binary formats: flipped bits, bytes set to
edge values, 32-bit little-endian integers (lengths and offsets in Arrow and Parquet) replaced by edge values,
chunks deleted, duplicated or copied elsewhere, and truncation. The same seed always gives the same inputs, so a
failure's seed and index reproduce it.
"""

from __future__ import annotations

import random
import struct

EDGE_BYTES = (0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0A, 0x22, 0x5C, 0x7B, 0x7D)
EDGE_INTS = (0, 1, -1, 2, 7, 8, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, -0x80000000, 1 << 30,
             1 << 20, 1 << 16, 62, 64, 4096)


def mutate(data: bytes, rng: random.Random, max_size: int = 1 << 20) -> bytes:
    """`data` changed by one to four random mutations (never longer than `max_size`).

    >>> mutate(b"abcdef", random.Random(1)) == mutate(b"abcdef", random.Random(1))
    True
    """
    buf = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        _one(buf, rng)
    return bytes(buf[:max_size])


def _one(buf: bytearray, rng: random.Random) -> None:
    kind = rng.randrange(8)
    if not buf:
        buf.extend(rng.randbytes(rng.randint(1, 16)))
        return
    at = rng.randrange(len(buf))
    if kind == 0:
        buf[at] ^= 1 << rng.randrange(8)
    elif kind == 1:
        buf[at] = rng.choice(EDGE_BYTES)
    elif kind == 2 and len(buf) >= 4:
        at = rng.randrange(len(buf) - 3) & ~(3 if rng.random() < 0.7 else 0)
        buf[at : at + 4] = struct.pack("<i", rng.choice(EDGE_INTS))
    elif kind == 3 and len(buf) >= 4:
        at = rng.randrange(len(buf) - 3)
        (value,) = struct.unpack_from("<i", buf, at)
        delta = rng.choice((-8, -1, 1, 8, 64, 1 << 12))
        struct.pack_into("<i", buf, at, max(-(1 << 31), min((1 << 31) - 1, value + delta)))
    elif kind == 4:
        del buf[at : at + rng.randint(1, 64)]
    elif kind == 5:
        size = rng.randint(1, 64)
        buf[at:at] = buf[at : at + size]
    elif kind == 6:
        source = rng.randrange(len(buf))
        size = rng.randint(1, 32)
        piece = bytes(buf[source : source + size])
        buf[at : at + len(piece)] = piece
    else:
        del buf[rng.randrange(len(buf)) :]
