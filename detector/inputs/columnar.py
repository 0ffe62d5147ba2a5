"""Columnar inputs: Parquet files and Hugging Face datasets saved with `save_to_disk`, read with pyarrow.

Both are read a record batch at a time (a Parquet row group, an Arrow IPC batch), so memory is bounded by the batch
size, not the file. Each row is a record, exactly as a JSONL line is: `--text-field` and `--id-field` pick the
columns, every other column is metadata, and a row's `source` is `file:row` (rows counted from 1). A missing text
column gives every row its IN505 error row, as JSONL does, without reading the other columns.

A saved dataset is a folder with `state.json` (which lists its `data-*.arrow` files, Arrow IPC streams) and
`dataset_info.json`; a saved `DatasetDict` has `dataset_dict.json` and one such folder per split, read in the order
`dataset_dict.json` lists them. Neither needs the `datasets` package, only pyarrow:
`pip install 'artifact-detector[parquet]'` (or `[hf]`, the same).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from detector.core.extras import MissingExtra
from detector.inputs.records import Loaded, ReadOptions, record_to_loaded, unreadable

BATCH_ROWS = 1024


def _pyarrow(what: str) -> Any:
    try:
        import pyarrow
        import pyarrow.ipc
        import pyarrow.parquet
    except ImportError:
        raise MissingExtra(f"reading {what} needs the 'pyarrow' package: pip install 'artifact-detector[parquet]'"
                           ) from None
    return pyarrow


def _rows(batches: Iterable[Any], display: str, options: ReadOptions,
          fields: list[str] | None = None) -> Iterator[Loaded]:
    number = 0
    for batch in batches:
        for record in batch.to_pylist():
            number += 1
            yield record_to_loaded(record, f"{display}:{number}", options, fields=fields)


def read_parquet(source: Any, display: str, options: ReadOptions) -> Iterator[Loaded]:
    """The rows of one Parquet file (`source`: a Path, a RemoteFile or a seekable binary file)."""
    try:
        pa = _pyarrow("Parquet")
    except MissingExtra as exc:
        yield unreadable(display, exc)
        return
    handle = None
    try:
        if isinstance(source, Path):
            target: Any = str(source)
        elif hasattr(source, "url"):
            target = handle = source.open("rb")
        else:
            target = source
        parquet = pa.parquet.ParquetFile(target)
        names = parquet.schema_arrow.names
        missing = options.text_field not in names
        columns = [c for c in (options.id_field,) if c in names] if missing else None
        if columns == []:
            batches: Iterable[Any] = _empty_records(pa, parquet.metadata.num_rows)
        else:
            batches = parquet.iter_batches(batch_size=BATCH_ROWS, columns=columns)
        yield from _guarded(_rows(batches, display, options, names if missing else None), display, pa)
    except (OSError, ValueError, pa.ArrowException) as exc:
        yield unreadable(display, f"not a readable Parquet file ({type(exc).__name__}: {str(exc)[:200]})")
    finally:
        if handle is not None:
            handle.close()


class _EmptyBatch:
    def __init__(self, size: int) -> None:
        self.size = size

    def to_pylist(self) -> list[dict[str, Any]]:
        return [{} for _ in range(self.size)]


def _empty_records(pa: Any, count: int) -> Iterator[Any]:
    """Rows of a file without a text or id column: one empty record per row, in batches, nothing read."""
    while count > 0:
        size = min(count, BATCH_ROWS)
        yield _EmptyBatch(size)
        count -= size


def _guarded(rows: Iterator[Loaded], display: str, pa: Any) -> Iterator[Loaded]:
    """Rows until the file turns out to be damaged part-way; then one IN506 row saying after which row."""
    count = 0
    try:
        for row in rows:
            count += 1
            yield row
    except (OSError, ValueError, pa.ArrowException) as exc:
        yield unreadable(f"{display}:{count + 1}", f"the file breaks off after row {count} ({type(exc).__name__}: "
                                                    f"{str(exc)[:200]}); the rest is not read")


def read_saved_dataset(folder: Path, display: str, options: ReadOptions) -> Iterator[Loaded]:
    """The rows of a dataset saved with `save_to_disk`: every split of a `DatasetDict`, or the one table."""
    try:
        pa = _pyarrow("a saved Hugging Face dataset")
    except MissingExtra as exc:
        yield unreadable(display, exc)
        return
    splits_file = folder / "dataset_dict.json"
    try:
        if splits_file.is_file():
            splits = json.loads(splits_file.read_text(encoding="utf-8"))["splits"]
            for split in splits:
                yield from read_saved_dataset(folder / split, f"{display.rstrip('/')}/{split}", options)
            return
        state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        files = [folder / item["filename"] for item in state["_data_files"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        yield unreadable(display, f"not a readable saved dataset ({type(exc).__name__}: {str(exc)[:200]})")
        return
    yield from _guarded(_rows(_arrow_batches(pa, files), display, options), display, pa)


def _arrow_batches(pa: Any, files: list[Path]) -> Iterator[Any]:
    """The record batches of Arrow IPC files, streamed (`datasets` writes the stream format; the file format is
    accepted too). Memory-mapped: a batch is read when it is used."""
    for file in files:
        with pa.memory_map(str(file), "r") as source:
            try:
                reader = pa.ipc.open_stream(source)
            except pa.ArrowInvalid:
                source.seek(0)
                reader = pa.ipc.open_file(source)
                for index in range(reader.num_record_batches):
                    yield reader.get_batch(index)
                continue
            yield from reader
