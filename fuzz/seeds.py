"""Valid inputs the mutators start from, one list per reader target, built in code (nothing binary is checked in):
saved Hugging Face datasets (Arrow IPC streams and files of several column types, compressed buffers too),
Parquet files (codecs, dictionaries, several row groups), JSONL (hostile records included), compressed streams
(gzip, bzip2, xz, zstd; JSONL and text inside) and text files in several encodings.

`python -m fuzz.seeds DIR` writes them as files, one folder per target: a seed corpus for atheris.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import random
import sys
from functools import cache
from pathlib import Path

from tests.test_fuzz import fuzz_line, fuzz_text

TARGETS = ("dataset", "parquet", "jsonl", "compressed", "text")
SEED_TEXT = ("The council met on Tuesday to discuss the new budget. Members agreed, after a long debate, to fund two "
             "schools and a library.\nShare this article\nRead more: Home | News | Sport")


def _rows(count: int, rng: random.Random) -> dict[str, list[object]]:
    texts = [SEED_TEXT[: rng.randint(20, len(SEED_TEXT))] if rng.random() < 0.7 else fuzz_text(rng)
             .encode("utf-8", "replace").decode("utf-8") for _ in range(count)]
    return {"id": [f"doc-{i}" for i in range(count)], "text": texts, "n": list(range(count))}


def _arrow_seeds() -> list[bytes]:
    import pyarrow as pa
    import pyarrow.ipc as ipc

    rng = random.Random(7)
    tables = [pa.table(_rows(300, rng)), pa.table(_rows(3, rng)),
              pa.table({"id": pa.array(["a", "b"], pa.large_string()),
                        "text": pa.array(["One two.", "Three four five."], pa.large_string())}),
              pa.table({"id": [1, 2], "text": pa.array(["x y", "z w"]).dictionary_encode(),
                        "tags": [["a", "b"], []], "meta": [{"k": 1.5}, {"k": None}]})]
    out = []
    for number, table in enumerate(tables):
        for stream in (True, False):
            for compression in ((None, "zstd") if number == 1 else (None,)):
                sink = pa.BufferOutputStream()
                options = ipc.IpcWriteOptions(compression=compression)
                writer = (ipc.new_stream if stream else ipc.new_file)(sink, table.schema, options=options)
                for batch in table.to_batches(max_chunksize=128):
                    writer.write_batch(batch)
                writer.close()
                out.append(sink.getvalue().to_pybytes())
    return out


def _parquet_seeds() -> list[bytes]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(8)
    out = []
    for compression, dictionary, rows in (("snappy", True, 300), ("none", False, 20), ("zstd", True, 5),
                                          ("gzip", False, 3)):
        buffer = io.BytesIO()
        pq.write_table(pa.table(_rows(rows, rng)), buffer, compression=compression, use_dictionary=dictionary,
                       row_group_size=128)
        out.append(buffer.getvalue())
    return out


def _jsonl_seeds() -> list[bytes]:
    out = []
    for seed in range(8):
        rng = random.Random(seed)
        out.append(b"".join(fuzz_line(rng) + b"\n" for _ in range(rng.randint(1, 12))))
    out.append(json.dumps({"id": "a", "text": SEED_TEXT}).encode() + b"\n")
    return out


def _compressed_seeds() -> list[bytes]:
    plain = [*_jsonl_seeds()[:3], SEED_TEXT.encode()]
    out = []
    for data in plain:
        out += [gzip.compress(data), bz2.compress(data), lzma.compress(data)]
        try:
            import zstandard

            out.append(zstandard.ZstdCompressor().compress(data))
        except ImportError:
            pass
    return out


def _text_seeds() -> list[bytes]:
    return [SEED_TEXT.encode(), SEED_TEXT.encode("utf-16"), SEED_TEXT.encode("utf-32"), b"\xef\xbb\xbf" +
            SEED_TEXT.encode(), fuzz_text(random.Random(3)).encode("utf-8", "surrogatepass")]


@cache
def seeds(target: str) -> tuple[bytes, ...]:
    """The seed inputs of one target."""
    build = {"dataset": _arrow_seeds, "parquet": _parquet_seeds, "jsonl": _jsonl_seeds,
             "compressed": _compressed_seeds, "text": _text_seeds}[target]
    return tuple(build())


def main(folder: str) -> None:
    for target in TARGETS:
        where = Path(folder) / target
        where.mkdir(parents=True, exist_ok=True)
        for number, data in enumerate(seeds(target)):
            (where / f"seed-{number:03d}").write_bytes(data)
        print(f"{where}: {len(seeds(target))} seeds")


if __name__ == "__main__":
    main(sys.argv[1])
