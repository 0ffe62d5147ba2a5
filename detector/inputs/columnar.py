"""Columnar inputs: Parquet files and Hugging Face datasets saved with `save_to_disk`, read with pyarrow.

Both are read a record batch at a time (a Parquet row group, an Arrow IPC batch), so memory is bounded by the batch
size, not the file. Each row is a record, exactly as a JSONL line is: `--text-field` and `--id-field` pick the
columns, every other column is metadata, and a row's `source` is `file:row` (rows counted from 1). A missing text
column gives every row its IN505 error row, as JSONL does, without reading the other columns.

A saved dataset is a folder with `state.json` (which lists its `data-*.arrow` files, Arrow IPC streams) and
`dataset_info.json`; a saved `DatasetDict` has `dataset_dict.json` and one such folder per split, read in the order
`dataset_dict.json` lists them. Neither needs the `datasets` package, only pyarrow:
`pip install 'artifact-detector[parquet]'` (or `[hf]`, the same).

Nothing damaged reaches code that can crash. Arrow does not check the offsets of IPC data it reads, and a corrupt
offset followed by `to_pylist` is a SIGSEGV (or a SIGBUS past the end of a memory map) that ends the whole run
(audit N1). So every batch is checked in full (`validate(full=True)`: buffer sizes, offsets, UTF-8, children)
before a row is converted, IPC files are read through a file handle (an out-of-bounds read is then an error, not
a signal), and what fails is one IN506 row naming the file, the row and the reason; the run goes on. A text
value longer than the kept prefix is cut in Arrow before it becomes a Python string (`inputs.bounded`).

A split or data file named by the dataset's JSON must lie inside the dataset's folder and is read once: a
`dataset_dict.json` naming its own folder, or `../../etc`, is an IN506 row (audit N7).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from detector.core.extras import MissingExtra
from detector.inputs.bounded import keep_chars
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


def _rows(batches: Iterable[Any], display: str, options: ReadOptions, pa: Any,
          fields: list[str] | None = None) -> Iterator[Loaded]:
    number = 0
    keep = keep_chars(options.max_chars)
    for batch in batches:
        checked, lengths = _checked(batch, pa, options.text_field, keep)
        for index, record in enumerate(checked.to_pylist()):
            number += 1
            length = lengths[index] if lengths is not None else None
            yield record_to_loaded(record, f"{display}:{number}", options, fields=fields, length=length)


def _checked(batch: Any, pa: Any, text_field: str, keep: int) -> tuple[Any, list[int | None] | None]:
    """The batch after a full validation (raises ArrowInvalid on any damage), its text column cut to `keep`
    characters in Arrow, and the original lengths of the values that were cut (None: nothing was cut)."""
    if isinstance(batch, _EmptyBatch):
        return batch, None
    batch.validate(full=True)
    index = batch.schema.get_field_index(text_field)
    if index < 0:
        return batch, None
    column = batch.column(index)
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return batch, None
    import pyarrow.compute as pc

    lengths = pc.utf8_length(column)
    longest = pc.max(lengths).as_py()
    if longest is None or longest <= keep:
        return batch, None
    columns = list(batch.columns)
    columns[index] = pc.utf8_slice_codeunits(column, 0, keep)
    cut = [n if n is not None and n > keep else None for n in lengths.to_pylist()]
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema), cut


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
        yield from _guarded(_rows(batches, display, options, pa, names if missing else None), display, pa)
    except (*READ_ERRORS, pa.ArrowException) as exc:
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


# What a damaged file can raise out of pyarrow besides ArrowException: SystemError ("Negative size passed to
# PyUnicode_New") and MemoryError (a length field of gigabytes) escaped the reader before (audit N1).
READ_ERRORS: tuple[type[BaseException], ...] = (OSError, ValueError, SystemError, MemoryError, OverflowError,
                                                 IndexError, KeyError, TypeError, RecursionError)


def _guarded(rows: Iterator[Loaded], display: str, pa: Any) -> Iterator[Loaded]:
    """Rows until the file turns out to be damaged part-way; then one IN506 row saying after which row."""
    count = 0
    try:
        for row in rows:
            count += 1
            yield row
    except (*READ_ERRORS, pa.ArrowException) as exc:
        yield unreadable(f"{display}:{count + 1}", f"the file breaks off after row {count} ({type(exc).__name__}: "
                                                    f"{str(exc)[:200]}); the rest is not read")


def read_saved_dataset(folder: Path, display: str, options: ReadOptions) -> Iterator[Loaded]:
    """The rows of a dataset saved with `save_to_disk`: every split of a `DatasetDict`, or the one table.

    Splits are followed with an explicit stack, each folder once, and only inside the dataset's folder."""
    try:
        pa = _pyarrow("a saved Hugging Face dataset")
    except MissingExtra as exc:
        yield unreadable(display, exc)
        return
    root = folder.resolve()
    seen: set[Path] = set()
    stack: list[tuple[Path, str]] = [(folder, display)]
    while stack:
        here, shown = stack.pop()
        resolved = here.resolve()
        if resolved in seen:
            yield unreadable(shown, "the dataset lists this folder twice (a dataset_dict.json that loops); it is "
                                    "read once")
            continue
        seen.add(resolved)
        splits_file = here / "dataset_dict.json"
        try:
            if splits_file.is_file():
                splits = json.loads(splits_file.read_text(encoding="utf-8"))["splits"]
                if not isinstance(splits, list) or not all(isinstance(split, str) for split in splits):
                    raise TypeError("'splits' is not a list of names")
                for split in reversed(splits):
                    target = here / split
                    where = f"{shown.rstrip('/')}/{split}"
                    if not _inside(target, root) or target.resolve() == resolved:
                        yield unreadable(where, "the split is not a folder inside the dataset")
                        continue
                    stack.append((target, where))
                continue
            state = json.loads((here / "state.json").read_text(encoding="utf-8"))
            names = [item["filename"] for item in state["_data_files"]]
            if not all(isinstance(name, str) for name in names):
                raise TypeError("a data file name is not a string")
            files = [here / name for name in names]
        except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
            yield unreadable(shown, f"not a readable saved dataset ({type(exc).__name__}: {str(exc)[:200]})")
            continue
        outside = [name for name, file in zip(names, files) if not _inside(file, root)]
        if outside:
            yield unreadable(shown, f"the data file {outside[0]!r} is not inside the dataset's folder")
            continue
        yield from _guarded(_rows(_arrow_batches(pa, files), shown, options, pa), shown, pa)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _arrow_batches(pa: Any, files: list[Path]) -> Iterator[Any]:
    """The record batches of Arrow IPC files, streamed (`datasets` writes the stream format; the file format is
    accepted too). Read through a file handle, not a memory map: a damaged length that points past the end of a
    mapping is a SIGBUS, past the end of a file an error."""
    for file in files:
        with pa.OSFile(str(file), "r") as source:
            try:
                reader = pa.ipc.open_stream(source)
            except pa.ArrowInvalid:
                source.seek(0)
                reader = pa.ipc.open_file(source)
                for index in range(reader.num_record_batches):
                    yield reader.get_batch(index)
                continue
            yield from reader
