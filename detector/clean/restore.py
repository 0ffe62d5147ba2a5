"""`detector restore`: undo the last clean of a file or of each record, from what that clean left behind.

- A JSONL record (plain or compressed) or an Arrow row (Parquet, saved dataset) carries its edit log,
  `detector_removed`: each clean appends its rounds, numbered by `round` and, since issue 24, by `clean`, the
  clean's number in the whole file. Restoring undoes in every record the rounds of the file's last clean (logs
  written before the numbering are one clean: all of them), last round first, and removes those entries; the
  member goes when it is left empty. In JSONL the text literal is rebuilt from
  the removed pieces as they were written (escapes included), so a record cleaned once comes back byte for byte
  (but for white space before its closing brace, which the clean dropped).
- A text file cleaned in place has its backups: `NAME.orig`, `NAME.orig.2`, ... The last one is the file before
  the last clean; restoring moves it back over the file.

>>> text, rest = undo_last("Body", [{"round": 1, "start": 0, "end": 6, "removed": "Share\\n", "replacement": "",
...                                  "rule_id": "BP102", "clean": 1}])
>>> text, rest
('Share\\nBody', [])
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detector.clean.jsonl_edit import REMOVED_FIELD, RecordShapeError, literal_offsets, members
from detector.clean.recordio import (
    ArrowSink,
    Format,
    JsonlSink,
    Table,
    cleans_in,
    copy_dataset_skeleton,
    dataset_tables,
    format_of,
    jsonl_records,
    table_records,
)
from detector.core.model import AppliedEdit
from detector.engines.cleaning import undo
from detector.inputs.records import ReadOptions

_BACKUP = re.compile(r"\.orig(?:\.(\d+))?$")


@dataclass
class RestoreStats:
    records: int = 0
    restored: int = 0
    files: int = 0
    skipped: list[str] = field(default_factory=list)

    def render(self) -> str:
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        return f"{self.files} files, {self.restored} of {self.records} records restored{skipped}"


def last_clean(entries: Sequence[Any], last: int | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The entries of clean number `last` (default: the record's highest), and the others (kept in the log). A log
    without numbers is one clean."""
    valid = [e for e in entries if isinstance(e, dict)]
    numbers = [e["clean"] for e in valid if isinstance(e.get("clean"), int) and not isinstance(e["clean"], bool)]
    if not numbers:
        return (valid, []) if last in (None, 0) else ([], valid)
    last = max(numbers) if last is None else last
    return [e for e in valid if e.get("clean") == last], [e for e in valid if e.get("clean") != last]


def _rounds(entries: Sequence[dict[str, Any]]) -> list[list[AppliedEdit]]:
    by_round: dict[int, list[AppliedEdit]] = {}
    for e in entries:
        by_round.setdefault(int(e["round"]), []).append(
            AppliedEdit(int(e["start"]), int(e["end"]), str(e["replacement"]), str(e["removed"]), str(e["rule_id"])))
    return [sorted(by_round[n], key=lambda edit: edit.start) for n in sorted(by_round)]


def undo_last(text: str, entries: Sequence[Any], last: int | None = None) -> tuple[str, list[dict[str, Any]]]:
    """The text before clean `last` (default: the record's last), and the log entries that stay."""
    undone, kept = last_clean(entries, last)
    return undo(text, _rounds(undone)), kept


def restore_line(raw: bytes, text_field: str, last: int | None = None) -> bytes | None:
    """The JSONL line with clean `last` (default: its own last) undone, or None when that changes nothing (or the
    line cannot be read as a record)."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    body = raw[len(bom) :]
    ending = b"\r\n" if body.endswith(b"\r\n") else b"\n" if body.endswith(b"\n") else b""
    line = body[: len(body) - len(ending)].decode("utf-8", "surrogateescape")
    try:
        record = json.loads(line)
        spans = members(line)
    except (ValueError, RecordShapeError, RecursionError):
        return None
    entries = record.get(REMOVED_FIELD) if isinstance(record, dict) else None
    if not isinstance(entries, list) or not entries or text_field not in spans:
        return None
    undone, kept = last_clean(entries, last)
    if not undone:
        return None
    start, end = spans[text_field]
    literal = line[start + 1 : end - 1]
    for applied in reversed(_literal_rounds(line, spans[REMOVED_FIELD], undone)):
        literal = _undo_literal(literal, applied)
    line = f'{line[:start]}"{literal}"{line[end:]}'
    line = _rewrite_log(line, kept)
    return bom + line.encode("utf-8", "surrogateescape") + ending


Literal = tuple[int, int, str, str]


def _literal_rounds(line: str, log_span: tuple[int, int], undone: list[dict[str, Any]]) -> list[list[Literal]]:
    """Each undone round's edits as (start, end, removed literal, replacement literal), the removed and replacement
    text as the log wrote them (escapes kept), so the literal comes back as it was."""
    array = line[log_span[0] : log_span[1]]
    by_round: dict[int, list[Literal]] = {}
    for entry, raw in zip(json.loads(array), _raw_entries(array)):
        if entry not in undone:
            continue
        spans = members(raw)
        removed = raw[spans["removed"][0] + 1 : spans["removed"][1] - 1]
        replacement = raw[spans["replacement"][0] + 1 : spans["replacement"][1] - 1]
        by_round.setdefault(int(entry["round"]), []).append((int(entry["start"]), int(entry["end"]), removed,
                                                             replacement))
    return [sorted(by_round[n]) for n in sorted(by_round)]


def _raw_entries(array: str) -> list[str]:
    """The source text of each object in a JSON array of objects."""
    decoder = json.JSONDecoder()
    out = []
    index = 1
    while True:
        while index < len(array) and array[index] in " \t\r\n,":
            index += 1
        if index >= len(array) or array[index] == "]":
            return out
        _, end = decoder.raw_decode(array, index)
        out.append(array[index:end])
        index = end


def _undo_literal(literal: str, applied: Sequence[tuple[int, int, str, str]]) -> str:
    """Undo one round on the literal: each edit's replacement (at its start, shifted by the edits before it in
    the round) becomes the removed text again."""
    offsets = literal_offsets(literal)
    parts: list[str] = []
    position = 0
    shift = 0
    for start, end, removed, replacement in applied:
        replaced = len(json.loads(f'"{replacement}"'))
        begin = offsets[start + shift]
        stop = offsets[start + shift + replaced]
        parts += [literal[position:begin], removed]
        position = stop
        shift += replaced - (end - start)
    parts.append(literal[position:])
    return "".join(parts)


def _rewrite_log(line: str, kept: list[dict[str, Any]]) -> str:
    spans = members(line)
    start, end = spans[REMOVED_FIELD]
    if kept:
        array = line[start:end]
        raws = [raw for raw, entry in zip(_raw_entries(array), json.loads(array)) if entry in kept]
        return f"{line[:start]}[{','.join(raws)}]{line[end:]}"
    key_start = line.rfind('"' + REMOVED_FIELD + '"', 0, start)
    before = line[:key_start].rstrip()
    after = line[end:]
    if before.endswith(","):
        return before[:-1] + after
    return before + after.lstrip().removeprefix(",")  # the member was the first: drop the comma after it


def restore_text_file(path: Path, stats: RestoreStats) -> None:
    """Move the last backup (`NAME.orig.N`, else `NAME.orig`) back over the file."""
    backups = []
    for candidate in path.parent.glob(path.name + ".orig*"):
        match = _BACKUP.search(candidate.name[len(path.name) :])
        if match and candidate.name[len(path.name) :] == match.group(0):
            backups.append((int(match.group(1) or 1), candidate))
    if not backups:
        stats.skipped.append(f"{path}: no backup (NAME.orig) to restore")
        return
    _, last = max(backups)
    os.replace(last, path)
    stats.files += 1
    stats.records += 1
    stats.restored += 1


def restore_file(path: Path, display: str, target: Path, options: ReadOptions, stats: RestoreStats) -> None:
    """The records of a JSONL file, a Parquet file or a saved dataset with their last clean undone, into
    `target` (which may be `path`: written beside it, then moved over it)."""
    fmt = format_of(path, options)
    stats.files += 1
    if fmt.kind == "jsonl":
        _restore_jsonl(path, display, fmt, target, options, stats)
    else:
        _restore_tables(path, display, fmt, target, options, stats)


def _restore_jsonl(path: Path, display: str, fmt: Format, target: Path, options: ReadOptions,
                   stats: RestoreStats) -> None:
    last = cleans_in(path, options)  # the file's last clean (0: its logs are not numbered, each is one clean)
    sink = JsonlSink(target, fmt.compression)
    try:
        for record in jsonl_records(path, display, options):
            if record.raw is None:  # the stream broke off: nothing half-restored is written
                why = record.loaded.error.message if record.loaded and record.loaded.error else "cannot be read"
                raise OSError(f"{display}: {why}")
            if record.loaded is not None:
                stats.records += 1
            restored = restore_line(record.raw, options.text_field, last) if record.loaded is not None else None
            stats.restored += restored is not None
            sink.write(restored if restored is not None else record.raw)
        sink.commit()
    except BaseException:
        sink.abort()
        raise


def _restore_tables(path: Path, display: str, fmt: Format, target: Path, options: ReadOptions,
                    stats: RestoreStats) -> None:
    tables = dataset_tables(path, display) if fmt.kind == "dataset" else [Table(path, display, "")]
    if fmt.kind == "dataset":
        copy_dataset_skeleton(path, target)
    last = cleans_in(path, options)
    for table in tables:
        sink = ArrowSink(target / table.relative if table.relative else target, table, REMOVED_FIELD)
        try:
            for record in table_records(table, options):
                row = dict(record.raw)
                stats.records += 1
                entries = _entries(row.get(REMOVED_FIELD))
                if entries and isinstance(row.get(options.text_field), str) and last_clean(entries, last)[0]:
                    row[options.text_field], kept = undo_last(row[options.text_field], entries, last)
                    row[REMOVED_FIELD] = json.dumps(kept, ensure_ascii=False) if kept else None
                    stats.restored += 1
                sink.write(row)
            sink.commit()
        except BaseException:
            sink.abort()
            raise


def _entries(value: Any) -> list[Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return value if isinstance(value, list) else []
