"""Records read from, and written back to, the formats `detector scan` reads: JSONL (plain, gzip, bzip2, xz or
zstd), Parquet and Hugging Face datasets saved with `save_to_disk`.

`detector clean` and `detector filter` rewrite a corpus in its own format, so that the next stage of a pipeline
reads the output exactly as it read the input: a `.jsonl.zst` becomes a `.jsonl.zst`, a Parquet file a Parquet file
with the same compression, a saved dataset a saved dataset with the same splits. Every record is read with its
original form (`Record.raw`: the JSONL line's bytes, or the Arrow row), so a record nothing changes is written back
as it was: JSONL lines byte for byte, Arrow rows value for value.

What a record gains:
- a cleaned record: its text field edited, and `detector_removed`, the applied edits (appended after the rounds of
  earlier cleans, as for plain JSONL; `detector restore` undoes them). In JSONL the edit keeps every other byte
  (`jsonl_edit`); in Arrow formats `detector_removed` is a string column holding that JSON array;
- a dropped record (`detector filter`): `detector_dropped`, an object with the verdict, every reason (code, rule
  and message) and the rule ids of the findings: a JSON member in JSONL, a JSON string column in Arrow formats. A
  JSONL line that is not a record is dropped as `{"detector_dropped": ..., "detector_line": "<the line>"}`.

Writers stream (a line, or a batch of `BATCH_ROWS` rows, at a time) into a temporary file that is renamed into
place only when complete. Everything here needs pyarrow only for the Arrow formats and zstandard only for zstd.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import json
import lzma
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from detector.clean.jsonl_edit import (
    RecordShapeError,
    edit_record,
    members,
    previous_cleans,
    previous_rounds,
    string_content,
)
from detector.core.atomic import AtomicFile, atomic_bytes, publish
from detector.core.extras import MissingExtra
from detector.core.model import AppliedEdit, DocumentReport
from detector.inputs.readers import JSONL_SUFFIXES, PARQUET_SUFFIXES
from detector.inputs.records import Loaded, ReadOptions, load_record, record_to_loaded, unreadable
from detector.inputs.streams import compression_of, decompressed, decompression_errors, inner_name, peek
from detector.inputs.walk import is_saved_dataset

REMOVED_FIELD = "detector_removed"
DROPPED_FIELD = "detector_dropped"
LINE_FIELD = "detector_line"
BATCH_ROWS = 1024
COMPRESSED_SUFFIX = {"gzip": ".gz", "bzip2": ".bz2", "xz": ".xz", "zstd": ".zst"}


@dataclass(frozen=True)
class Format:
    """How a file holds its records: `kind` jsonl, parquet, dataset or text; `compression` of a JSONL or text
    stream (gzip, bzip2, xz, zstd) by its magic bytes."""

    kind: str
    compression: str | None = None

    @property
    def record_based(self) -> bool:
        return self.kind != "text"


def format_of(path: Path, options: ReadOptions) -> Format:
    """The format of one input file or saved-dataset folder, decided as the readers decide it."""
    if path.is_dir():
        return Format("dataset") if is_saved_dataset(path) else Format("text")
    if options.input_format == "parquet" or (options.input_format == "auto"
                                             and path.name.lower().endswith(PARQUET_SUFFIXES)):
        return Format("parquet")
    try:
        with path.open("rb") as stream:
            head = stream.read(16)
            compression = compression_of(head)
            if compression and options.input_format == "auto" and not inner_name(path.name).lower().endswith(
                    JSONL_SUFFIXES):
                with contextlib.suppress(MissingExtra, *decompression_errors()):
                    stream.seek(0)
                    head = decompressed(stream, compression).read(16)
    except OSError:
        return Format("text")
    if options.input_format == "jsonl" or (options.input_format == "auto" and (
            inner_name(path.name).lower().endswith(JSONL_SUFFIXES)
            or (compression and head.lstrip().startswith(b"{")))):
        return Format("jsonl", compression)
    return Format("text", compression)


@dataclass(frozen=True)
class Record:
    """One record as read: `loaded` to judge (None for a line that is no document, a blank line), and `raw`, its
    original form: the JSONL line's bytes with their line ending, or the Arrow row as a dict."""

    loaded: Loaded | None
    raw: Any


# ---- reading -------------------------------------------------------------------------------------------------------


def open_decompressed(path: Path) -> BinaryIO:
    stream: BinaryIO = path.open("rb")
    head, stream = peek(stream)
    kind = compression_of(head)
    return decompressed(stream, kind) if kind else stream


def jsonl_records(path: Path, display: str, options: ReadOptions) -> Iterator[Record]:
    """The lines of a JSONL file, compressed or not, as records; a stream that breaks off ends with one IN506
    record (with no raw line) saying after which line."""
    number = 0
    try:
        stream = open_decompressed(path)
    except (MissingExtra, *decompression_errors()) as exc:
        yield Record(unreadable(display, exc), None)
        return
    with stream:
        lines = iter(stream)
        while True:
            try:
                raw = next(lines)
            except StopIteration:
                return
            except decompression_errors() as exc:
                yield Record(unreadable(f"{display}:{number + 1}", f"the stream breaks off after line {number} "
                                                                   f"({type(exc).__name__}); the rest is not read"),
                             None)
                return
            number += 1
            body = raw[3:] if number == 1 and raw.startswith(b"\xef\xbb\xbf") else raw
            line = body.rstrip(b"\r\n")
            if not line.strip():
                yield Record(None, raw)
                continue
            yield Record(load_record(line, display, number, options), raw)


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.ipc
        import pyarrow.parquet
    except ImportError:
        raise MissingExtra("rewriting Parquet or a saved dataset needs the 'pyarrow' package: "
                           "pip install 'artifact-detector[parquet]'") from None
    return pyarrow


def arrow_records(batches: Iterator[Any], display: str, options: ReadOptions) -> Iterator[Record]:
    number = 0
    for batch in batches:
        for row in batch.to_pylist():
            number += 1
            yield Record(record_to_loaded(row, f"{display}:{number}", options), row)


@dataclass(frozen=True)
class Table:
    """One Arrow table to rewrite: a Parquet file, or one split of a saved dataset (`files`: its Arrow files)."""

    source: Path
    display: str
    relative: str  # the split's folder inside the dataset ('' for the dataset itself or a Parquet file)
    files: tuple[Path, ...] = ()


def dataset_tables(folder: Path, display: str) -> list[Table]:
    """The splits of a saved `DatasetDict` (or the one table of a saved `Dataset`), in their listed order."""
    splits_file = folder / "dataset_dict.json"
    if splits_file.is_file():
        splits = json.loads(splits_file.read_text(encoding="utf-8"))["splits"]
        return [Table(folder / split, f"{display.rstrip('/')}/{split}", split,
                      _state_files(folder / split)) for split in splits]
    return [Table(folder, display, "", _state_files(folder))]


def _state_files(folder: Path) -> tuple[Path, ...]:
    state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    return tuple(folder / item["filename"] for item in state["_data_files"])


def table_schema(table: Table) -> Any:
    pa = _pyarrow()
    if not table.files:
        return pa.parquet.ParquetFile(str(table.source)).schema_arrow
    with pa.memory_map(str(table.files[0]), "r") as source:
        try:
            return pa.ipc.open_stream(source).schema
        except pa.ArrowInvalid:
            source.seek(0)
            return pa.ipc.open_file(source).schema


def table_records(table: Table, options: ReadOptions) -> Iterator[Record]:
    pa = _pyarrow()
    if not table.files:
        batches = pa.parquet.ParquetFile(str(table.source)).iter_batches(batch_size=BATCH_ROWS)
    else:
        from detector.inputs.columnar import _arrow_batches

        batches = _arrow_batches(pa, list(table.files))
    yield from arrow_records(batches, table.display, options)


def records_of(path: Path, display: str, fmt: Format, options: ReadOptions) -> Iterator[Record]:
    """Every record of a JSONL file, a Parquet file or a saved dataset (all its splits), in order."""
    if fmt.kind == "jsonl":
        yield from jsonl_records(path, display, options)
        return
    tables = dataset_tables(path, display) if fmt.kind == "dataset" else [Table(path, display, "")]
    for table in tables:
        yield from table_records(table, options)


# ---- what a record becomes -----------------------------------------------------------------------------------------


def removed_entries(rounds: Sequence[Sequence[AppliedEdit]], first_round: int,
                    clean: int = 0) -> list[dict[str, Any]]:
    return [{"round": number, "start": e.start, "end": e.end, "removed": e.removed, "replacement": e.replacement,
             "rule_id": e.rule_id, **({"clean": clean} if clean else {})}
            for number, applied in enumerate(rounds, start=first_round + 1) for e in applied]


def dropped_value(report: DocumentReport) -> dict[str, Any]:
    """Why a record was dropped: the verdict, every reason, and the rules of every finding (sorted, once each)."""
    reasons = [{"verdict": r.verdict, "code": r.code, "rule_id": r.rule_id, "message": r.message}
               for r in report.reasons]
    reasons += [{"verdict": "reject", "code": "unreadable", "rule_id": e.rule_id, "message": e.message}
                for e in report.errors if not any(r.rule_id == e.rule_id for r in report.reasons)]
    rules = sorted({f.rule_id for f in report.findings} | {e.rule_id for e in report.errors})
    return {"verdict": report.verdict, "reasons": reasons, "rules": rules}


def _line_parts(raw: bytes) -> tuple[bytes, str, bytes]:
    """A JSONL line split into a UTF-8 byte-order mark, the record's text and its line ending."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    body = raw[len(bom) :]
    ending = b"\r\n" if body.endswith(b"\r\n") else b"\n" if body.endswith(b"\n") else b""
    return bom, body[: len(body) - len(ending)].decode("utf-8", "surrogateescape"), ending


def cleans_in(path: Path, options: ReadOptions | None = None) -> int:
    """The highest clean number in the edit logs of a file's records (0: none): this clean is the next. A clean is
    numbered for the whole file, so that `detector restore` undoes in every record the edits of the file's last
    clean, and only those. Only lines that hold a number are parsed."""
    highest = 0
    fmt = format_of(path, options or ReadOptions())
    if fmt.kind == "jsonl":
        with contextlib.suppress(OSError, MissingExtra, *decompression_errors()), open_decompressed(path) as stream:
            for raw in stream:
                if b'"clean":' in raw:
                    with contextlib.suppress(ValueError, RecursionError):
                        record = json.loads(raw)
                        highest = max(highest, previous_cleans(record) if isinstance(record, dict) else 0)
    elif fmt.kind in ("parquet", "dataset"):
        with contextlib.suppress(OSError, ValueError, KeyError, MissingExtra):
            for table in dataset_tables(path, str(path)) if fmt.kind == "dataset" else [Table(path, str(path), "")]:
                for record in table_records(table, options or ReadOptions()):
                    entries = _earlier_entries(record.raw.get(REMOVED_FIELD))
                    highest = max(highest, previous_cleans({REMOVED_FIELD: entries}))
    return highest


def cleaned_line(raw: bytes, text_field: str, rounds: Sequence[Sequence[AppliedEdit]], clean: int = 1) -> bytes:
    """The JSONL line with its text edited and the edits recorded (as clean number `clean`), every other byte kept;
    the line itself when there is no edit, or when the record cannot be edited without changing other bytes."""
    if not rounds:
        return raw
    bom, line, ending = _line_parts(raw)
    try:
        record = json.loads(line)
        edited = edit_record(line, text_field, rounds, previous_rounds(record), clean)
    except (RecordShapeError, ValueError, KeyError, RecursionError):
        return raw
    return bom + edited.encode("utf-8", "surrogateescape") + ending


def dropped_line(raw: bytes | None, report: DocumentReport) -> bytes:
    """The JSONL line with `detector_dropped` added as its last member; a line that is no JSON object (or a
    stream that broke off) is wrapped in a new record."""
    value = json.dumps(dropped_value(report), ensure_ascii=False)
    if raw is None:
        return f'{{"{DROPPED_FIELD}":{value}}}\n'.encode()
    bom, line, ending = _line_parts(raw)
    try:
        spans = members(line)
    except (RecordShapeError, ValueError, RecursionError):
        spans = None
    if spans is None or DROPPED_FIELD in spans:
        wrapped = f'{{"{DROPPED_FIELD}":{value},"{LINE_FIELD}":"{string_content(line)}"}}'
        return wrapped.encode("utf-8", "surrogateescape") + (ending or b"\n")
    close = line.rstrip().rfind("}")
    head = line[:close].rstrip()
    glue = "" if head.endswith("{") else ","
    return bom + f'{head}{glue}"{DROPPED_FIELD}":{value}{line[close:]}'.encode("utf-8", "surrogateescape") + (
        ending or b"\n")


def cleaned_row(row: dict[str, Any], text_field: str, text: str, rounds: Sequence[Sequence[AppliedEdit]],
                clean: int = 1) -> dict[str, Any]:
    """The Arrow row with its text cleaned and `detector_removed` (a JSON array as a string) extended."""
    out = dict(row)
    earlier = _earlier_entries(row.get(REMOVED_FIELD))
    first = previous_rounds({REMOVED_FIELD: earlier})
    if rounds:
        out[text_field] = text
        earlier = [*earlier, *removed_entries(rounds, first, clean)]
    out[REMOVED_FIELD] = json.dumps(earlier, ensure_ascii=False) if earlier or REMOVED_FIELD in row else None
    return out


def _earlier_entries(value: Any) -> list[Any]:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            parsed = json.loads(value)
            return parsed if isinstance(parsed, list) else []
    return list(value) if isinstance(value, list) else []


def dropped_row(row: dict[str, Any] | None, report: DocumentReport) -> dict[str, Any]:
    out = dict(row or {})
    out[DROPPED_FIELD] = json.dumps(dropped_value(report), ensure_ascii=False)
    return out


# ---- writing -------------------------------------------------------------------------------------------------------


class JsonlSink:
    """A JSONL output compressed as its input was, written whole or not at all. gzip output carries no name or
    time, so the same input gives the same bytes."""

    def __init__(self, target: Path, compression: str | None) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        self.file = AtomicFile(target, binary=True)
        self.stream: Any = _compressor(self.file.stream, compression)
        self.rows = 0

    def write(self, line: bytes) -> None:
        self.stream.write(line)
        self.rows += 1

    def commit(self) -> None:
        if self.stream is not self.file.stream:
            self.stream.close()  # ends the compressed frame; the file itself stays open for the commit
        self.file.commit()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            if self.stream is not self.file.stream:
                self.stream.close()
        self.file.abort()


class _KeepOpen:
    """The file under a compressor: closing the compressor must not close it before it is synced and renamed."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw

    def write(self, data: bytes) -> int:
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()

    def close(self) -> None:
        self.raw.flush()


def _compressor(raw: BinaryIO, compression: str | None) -> Any:
    if compression is None:
        return raw
    keep = _KeepOpen(raw)
    if compression == "gzip":
        return gzip.GzipFile(filename="", mode="wb", fileobj=keep, mtime=0)  # type: ignore[arg-type]
    if compression == "bzip2":
        return bz2.BZ2File(keep, mode="wb")  # type: ignore[arg-type]
    if compression == "xz":
        return lzma.LZMAFile(keep, mode="wb")  # type: ignore[arg-type]
    if compression == "zstd":
        try:
            import zstandard
        except ImportError:
            raise MissingExtra("writing zstd needs the 'zstandard' package: pip install 'artifact-detector[zstd]'"
                               ) from None
        return zstandard.ZstdCompressor().stream_writer(keep, closefd=False)
    raise ValueError(f"unknown compression {compression!r}")


def output_schema(schema: Any, added: str) -> Any:
    """The input's schema with `added` (a string column) appended unless it is there; the Hugging Face features
    kept in the schema's metadata gain it too, so `datasets.load_from_disk` finds features matching the columns."""
    pa = _pyarrow()
    if added not in schema.names:
        schema = schema.append(pa.field(added, pa.string()))
    metadata = dict(schema.metadata or {})
    if b"huggingface" in metadata:
        with contextlib.suppress(ValueError, KeyError, TypeError):
            info = json.loads(metadata[b"huggingface"])
            info["info"]["features"].setdefault(added, {"dtype": "string", "_type": "Value"})
            metadata[b"huggingface"] = json.dumps(info).encode()
            schema = schema.with_metadata(metadata)
    return schema


class ArrowSink:
    """A Parquet file (the input's codec) or one split of a saved dataset, written a batch at a time."""

    def __init__(self, target: Path, table: Table, added: str) -> None:
        self.pa = _pyarrow()
        self.target = target
        self.table = table
        self.added = added
        self.schema = output_schema(table_schema(table), added)
        self.rows = 0
        self.pending: list[dict[str, Any]] = []
        target.parent.mkdir(parents=True, exist_ok=True)
        if table.files:  # a dataset split: a folder written beside the target, then moved into place
            self.folder: Path | None = target.with_name(f".{target.name}.partial")
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
            self.final = self.folder / "data-00000-of-00001.arrow"
        else:
            self.folder = None
            self.final = target
        self.temporary = _temporary_beside(self.final)
        if self.folder is not None:
            self.writer = self.pa.ipc.new_stream(str(self.temporary), self.schema)
        else:
            self.writer = self.pa.parquet.ParquetWriter(str(self.temporary), self.schema,
                                                        compression=_parquet_codec(self.pa, table.source))

    def write(self, row: dict[str, Any]) -> None:
        self.pending.append(row)
        self.rows += 1
        if len(self.pending) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            batch = self.pa.RecordBatch.from_pylist(self.pending, schema=self.schema)
            self.writer.write_batch(batch)
            self.pending = []

    def commit(self) -> None:
        self._flush()
        self.writer.close()
        publish(self.temporary, self.final)
        if self.folder is not None:
            _write_dataset_files(self.table.source, self.folder, self.added, self.table.relative)
            if self.target.exists():
                shutil.rmtree(self.target)
            self.folder.rename(self.target)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.close()
        self.temporary.unlink(missing_ok=True)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def _temporary_beside(target: Path) -> Path:
    """An exclusive temporary name beside `target`, for a writer that insists on a file name (pyarrow)."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    return Path(name)


def _parquet_codec(pa: Any, source: Path) -> str:
    """The codec of the input's first column chunk (`snappy`, `zstd`, ...; `none` when uncompressed)."""
    try:
        metadata = pa.parquet.ParquetFile(str(source)).metadata
        codec = str(metadata.row_group(0).column(0).compression).lower() if metadata.num_row_groups else "snappy"
    except (OSError, ValueError, IndexError):
        return "snappy"
    return "none" if codec == "uncompressed" else codec


def _write_dataset_files(source: Path, folder: Path, added: str, split: str) -> None:
    """`state.json` and `dataset_info.json` of a rewritten split: one Arrow file, the features with `added`."""
    state: dict[str, Any] = {"_data_files": [{"filename": "data-00000-of-00001.arrow"}], "_fingerprint": "",
                             "_format_columns": None, "_format_kwargs": {}, "_format_type": None,
                             "_output_all_columns": False, "_split": split or None}
    with contextlib.suppress(OSError, ValueError):
        earlier = json.loads((source / "state.json").read_text(encoding="utf-8"))
        state = {**earlier, "_data_files": state["_data_files"]}
    atomic_bytes(folder / "state.json", (json.dumps(state, indent=2, sort_keys=True) + "\n").encode())
    info_file = source / "dataset_info.json"
    if info_file.is_file():
        info = json.loads(info_file.read_text(encoding="utf-8"))
        if isinstance(info.get("features"), dict):
            info["features"].setdefault(added, {"dtype": "string", "_type": "Value"})
        atomic_bytes(folder / "dataset_info.json", (json.dumps(info, indent=2, sort_keys=True) + "\n").encode())


def copy_dataset_skeleton(source: Path, target: Path) -> None:
    """A DatasetDict's `dataset_dict.json` beside the rewritten splits."""
    splits = source / "dataset_dict.json"
    if splits.is_file():
        target.mkdir(parents=True, exist_ok=True)
        atomic_bytes(target / "dataset_dict.json", splits.read_bytes())
