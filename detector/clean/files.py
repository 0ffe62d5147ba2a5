"""`detector clean` on files: where cleaned text goes, backups, diffs and the JSONL record format.

Cleaning can always be undone:

- Text files are written to an output directory (mirroring the input's relative paths) or file, or rewritten in
  place. In place, the file's current bytes are first kept as a backup: `<name>.orig` the first time, then
  `<name>.orig.2`, `.orig.3`, ... so no round ever overwrites an earlier backup. A file with no edit is not
  rewritten (and gets no backup).
- Bytes are kept: a file is decoded so that it encodes back to exactly its bytes (UTF-8 with undecodable bytes
  kept as they were, UTF-16 and UTF-32 with their byte-order mark), edited, and encoded the same way. A file that
  cannot be read back byte for byte is skipped, never silently converted.
- JSONL records keep every byte but their text field's edited pieces (`jsonl_edit`): numbers, key order, escapes,
  a raw CR inside a record. `detector_removed` gets each round's edits appended after the rounds already there, so
  the original is rebuilt by undoing them in reverse. Records with no edit, and lines that are not records, are
  copied as they are; a file with no edit is not rewritten.
- Every write is atomic (a temporary file beside the target, then a rename) and never follows a symbolic link: a
  link inside the folder is not cleaned in place, and a link planted in the output folder, or at any temporary
  name, is replaced, not written through. A backup is on disk (its data and its name, fsynced) before the original
  is replaced, so not even a power cut between the two can lose the original.
- Temporary files have one recognisable name (`core.atomic.TEMPORARY`); those that killed runs left in a folder
  being written are removed (only those, and only when their process is gone), and no exit path this code controls
  leaves a new one.
- With `--output DIR`, two inputs that would be cleaned into the same file (`a/x.txt b/x.txt`, or two folders
  holding `sub/x.txt`) stop the run before anything is written.
- Diff headers name documents by path or id with control characters escaped, so no id can inject a hunk.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from detector.clean.diffs import diff_name as diff_name  # re-exported: clean.files was its home
from detector.clean.diffs import next_backup, unified_diff
from detector.clean.edits import AppliedEdit, clean_text, replay
from detector.clean.jsonl_edit import RecordShapeError, edit_record, parse_record, previous_rounds
from detector.core.atomic import AtomicFile, atomic_bytes, durable_copy, remove_stale
from detector.engines.pipeline import Pipeline
from detector.inputs.decoding import binary_reason, replace_surrogates, sniff_bom
from detector.inputs.readers import JSONL_SUFFIXES, PARQUET_SUFFIXES, ReadOptions
from detector.inputs.streams import compression_of, inner_name
from detector.inputs.walk import Entry, walk

REMOVED_FIELD = "detector_removed"


@dataclass
class CleanStats:
    documents: int = 0
    changed: int = 0
    edits: int = 0
    removed_chars: int = 0
    skipped: list[str] = field(default_factory=list)

    def add(self, rounds: list[list[AppliedEdit]]) -> None:
        self.documents += 1
        self.changed += bool(rounds)
        self.edits += sum(len(r) for r in rounds)
        self.removed_chars += sum(len(e.removed) - len(e.replacement) for r in rounds for e in r)

    def withdraw(self, rounds: list[list[AppliedEdit]]) -> None:
        """A document whose edits could not be written after all: counted as seen, not as changed."""
        self.changed -= bool(rounds)
        self.edits -= sum(len(r) for r in rounds)
        self.removed_chars -= sum(len(e.removed) - len(e.replacement) for r in rounds for e in r)

    def render(self) -> str:
        skipped = f", {len(self.skipped)} skipped (not scorable)" if self.skipped else ""
        return (f"{self.documents} documents, {self.changed} changed, {self.edits} edits, "
                f"{self.removed_chars} characters removed{skipped}")


def edits_record(rounds: list[list[AppliedEdit]]) -> list[dict[str, object]]:
    return [{"round": number, "start": e.start, "end": e.end, "removed": e.removed, "replacement": e.replacement,
             "rule_id": e.rule_id} for number, applied in enumerate(rounds, start=1) for e in applied]


@dataclass(frozen=True)
class CleanOptions:
    output: Path | None = None
    in_place: bool = False
    diff: bool = False
    min_confidence: float | None = None
    allow_unsafe: bool = False
    read: ReadOptions = field(default_factory=ReadOptions)


@dataclass(frozen=True)
class Codec:
    """How a text file's bytes become text and back, exactly: `errors` keeps what does not decode."""

    bom: bytes
    encoding: str
    errors: str

    def decode(self, data: bytes) -> str:
        return data[len(self.bom) :].decode(self.encoding, self.errors)

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding, self.errors)


def codec_of(data: bytes) -> Codec:
    found = sniff_bom(data)
    if found is None:
        return Codec(b"", "utf-8", "surrogateescape")
    mark, name, _decoder = found
    return Codec(mark, name.replace("-sig", ""), "surrogateescape" if name == "utf-8-sig" else "surrogatepass")


def _unsupported(path: Path) -> str:
    """Why `clean` leaves a file alone although `scan` reads it (compressed, columnar), or ''."""
    if path.is_dir():
        return "a saved dataset: clean the records where they were made"
    if inner_name(path.name) != path.name or path.name.lower().endswith(PARQUET_SUFFIXES):
        return "compressed or columnar input is not rewritten: decompress or export it to JSONL to clean it"
    try:
        with path.open("rb") as stream:
            head = stream.read(16)
    except OSError:
        return ""
    return "compressed input is not rewritten: decompress it to clean it" if compression_of(head) else ""


def _backed_up(path: Path) -> bool:
    """Does the newest backup already hold exactly the file's bytes? (A run killed after making the backup and
    before replacing the original: the rerun must not make a second copy of the same bytes.)"""
    newest = None
    candidate = path.with_name(path.name + ".orig")
    number = 1
    while os.path.lexists(candidate):
        newest = candidate
        number += 1
        candidate = path.with_name(f"{path.name}.orig.{number}")
    if newest is None or newest.is_symlink():
        return False
    try:
        if newest.stat().st_size != path.stat().st_size:
            return False
        with newest.open("rb") as backup, path.open("rb") as current:
            while True:
                a, b = backup.read(1 << 20), current.read(1 << 20)
                if a != b:
                    return False
                if not a:
                    return True
    except OSError:
        return False


class Cleaner:
    def __init__(self, pipeline: Pipeline, options: CleanOptions, diff_out: TextIO) -> None:
        self.pipeline = pipeline
        self.options = options
        self.diff_out = diff_out
        self.stats = CleanStats()
        self._swept: set[Path] = set()

    def _clean(self, text: str, name: str) -> tuple[str, list[list[AppliedEdit]]]:
        """The cleaned text and rounds. Scoring sees lone surrogates (undecodable bytes kept for writing back) as
        U+FFFD, as `detector scan` would; the edits, one character for one, apply to the text as it is."""
        scored = replace_surrogates(text)[0]
        _, rounds = clean_text(scored, self.pipeline, self.options.min_confidence, self.options.allow_unsafe, name)
        cleaned = replay(text, rounds)
        self.stats.add(rounds)
        if self.options.diff and rounds:
            self.diff_out.write(unified_diff(scored, replace_surrogates(cleaned)[0], name))
        return cleaned, rounds

    def run(self, paths: list[str]) -> None:
        for entry, target in self._plan(paths):
            if entry.problem:
                self.stats.skipped.append(f"{entry.display}: {entry.problem}")
                continue
            if target is False:
                self.stats.skipped.append(f"{entry.display}: reached through a symbolic link, not rewritten in "
                                          "place (its target is cleaned where it lives when it is an input)")
                continue
            if isinstance(target, Path):
                self._sweep(target.parent)
            if _unsupported(entry.path):  # compressed or columnar: rewritten in its own format
                self._clean_formatted(entry.path, entry.display, target)
                continue
            if entry.path.name.lower().endswith(JSONL_SUFFIXES):
                self._clean_jsonl(entry.path, entry.display, target)
            else:
                self._clean_text_file(entry.path, entry.display, target)

    def _plan(self, paths: list[str]) -> list[tuple[Entry, Path | bool | None]]:
        """Every input file and where its cleaned text goes, worked out before anything is written: two inputs
        cleaned into one output file would leave only the last one's text (audit N11), so that is refused."""
        several = len(paths) > 1 or any(Path(p).is_dir() for p in paths)
        plan: list[tuple[Entry, Path | bool | None]] = []
        claimed: dict[str, str] = {}
        for path in paths:
            root = Path(path)
            for entry in walk(path, self.options.read.glob, self.options.read.ignore):
                if entry.problem:
                    plan.append((entry, None))
                    continue
                relative = entry.path.relative_to(root) if root.is_dir() else Path(entry.path.name)
                target = self._target(entry.path, root, relative, several)
                if isinstance(target, Path) and not self.options.in_place:
                    key = os.path.normcase(os.path.abspath(target))
                    if key in claimed and claimed[key] != entry.display:
                        raise OSError(errno.EEXIST, f"both {claimed[key]} and {entry.display} would be cleaned into "
                                                    "it; clean them into separate --output folders", str(target))
                    claimed[key] = entry.display
                plan.append((entry, target))
        return plan

    def _sweep(self, folder: Path) -> None:
        """Remove the temporary files killed runs left in a folder about to be written (once per folder)."""
        if folder not in self._swept:
            self._swept.add(folder)
            remove_stale(folder)

    def _clean_formatted(self, file: Path, display: str, target: Path | bool | None) -> None:
        from detector.clean.formats import clean_formatted
        from detector.core.extras import MissingExtra

        try:
            clean_formatted(self, file, display, target if isinstance(target, Path) else None)
        except MissingExtra as exc:
            self.stats.skipped.append(f"{display}: {exc}")

    def _target(self, file: Path, root: Path, relative: Path, several: bool) -> Path | bool | None:
        """Where the cleaned file goes: None for `--diff` only, False when it must not be written (a link, or a
        file reached through a linked folder, which may lie outside the folder being cleaned)."""
        if self.options.in_place:
            if file.is_symlink():
                return False
            if root.is_dir():
                try:
                    file.resolve().relative_to(root.resolve())
                except ValueError:
                    return False
            return file
        if self.options.output is None:
            return None
        if several or self.options.output.is_dir():
            return self.options.output / relative
        return self.options.output

    def _in_place(self, target: Path, source: Path) -> bool:
        try:
            return target.resolve() == source.resolve()
        except OSError:
            return False

    def _prepare(self, target: Path, source: Path) -> None:
        """Before a file is replaced in place: its backup. Before a file is written to the output folder: its
        folders, which must not lead out of the output through a planted link."""
        if self._in_place(target, source):
            if not _backed_up(source):
                durable_copy(source, next_backup(source))  # on disk, name and data, before the original is replaced
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        root = self.options.output
        if root is not None and root.is_dir():
            try:
                target.parent.resolve().relative_to(root.resolve())
            except ValueError:
                raise OSError(f"{target.parent} leads out of the output folder {root} (a symbolic link)") from None

    def _clean_text_file(self, file: Path, display: str, target: Path | bool | None) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            self.stats.skipped.append(f"{display}: cannot read: {exc.strerror or exc}")
            return
        why = binary_reason(data)
        codec = codec_of(data)
        try:
            text = codec.decode(data)
            exact = codec.encode(text) == data
        except UnicodeError:
            exact = False
        if why or not exact:
            self.stats.skipped.append(f"{display}: {why or f'its {codec.encoding} bytes do not read back exactly'}")
            return
        if not text.strip():
            self.stats.skipped.append(f"{display}: empty")
            return
        cleaned, rounds = self._clean(text, display)
        if not isinstance(target, Path):
            return
        if not rounds and self._in_place(target, file):
            return  # unchanged: not rewritten
        self._prepare(target, file)
        atomic_bytes(target, codec.encode(cleaned) if rounds else data)

    def _clean_jsonl(self, file: Path, display: str, target: Path | bool | None) -> None:
        from detector.clean.recordio import cleans_in

        self.clean_number = cleans_in(file) + 1  # this clean's number in the edit logs (`detector restore`)
        output = target if isinstance(target, Path) else None
        in_place = output is not None and self._in_place(output, file)
        if output is not None and not in_place:
            self._prepare(output, file)
        changed = False
        with contextlib.ExitStack() as stack:
            # written whole or not at all, under a temporary name that is removed on every failure (AtomicFile)
            written = stack.enter_context(AtomicFile(output, binary=True)) if output is not None else None
            with file.open("rb") as reader:
                for line, record_changed in self._records(reader, display):
                    changed = changed or record_changed
                    if written is not None:
                        written.stream.write(line)
            if written is None:
                return
            if in_place and not changed:
                written.abort()
                return
            if in_place:
                self._prepare(file, file)  # the backup, durable, before the commit replaces the original

    def _records(self, reader: BinaryIO, display: str) -> Iterator[tuple[bytes, bool]]:
        """Each line of the file as bytes to write, and whether it changed. Lines end at LF only."""
        head = reader.read(4)
        reader.seek(0)
        found = sniff_bom(head)
        if found is not None and found[1] != "utf-8-sig":
            yield from self._wide_records(reader, display, Codec(found[0], found[1], "surrogatepass"))
            return
        for number, raw in enumerate(reader, start=1):
            bom = b"\xef\xbb\xbf" if number == 1 and raw.startswith(b"\xef\xbb\xbf") else b""
            body = raw[len(bom) :]
            ending = b"\r\n" if body.endswith(b"\r\n") else b"\n" if body.endswith(b"\n") else b""
            line = body[: len(body) - len(ending)].decode("utf-8", "surrogateescape")
            cleaned = self._record(line, f"{display}:{number}")
            if cleaned is None:
                yield raw, False
            else:
                yield bom + cleaned.encode("utf-8", "surrogateescape") + ending, True

    def _wide_records(self, reader: BinaryIO, display: str, codec: Codec) -> Iterator[tuple[bytes, bool]]:
        """A UTF-16 or UTF-32 JSONL file, decoded whole (such files are rare and small) and written back in the
        same encoding."""
        data = reader.read()
        try:
            text = codec.decode(data)
            exact = codec.encode(text) == data
        except UnicodeError:
            exact = False
        if not exact:
            self.stats.skipped.append(f"{display}: its {codec.encoding} bytes do not read back exactly")
            yield data, False
            return
        parts = text.split("\n")
        out: list[str] = []
        changed = False
        for number, part in enumerate(parts, start=1):
            body = part[:-1] if part.endswith("\r") else part
            cleaned = self._record(body, f"{display}:{number}") if body.strip() else None
            changed = changed or cleaned is not None
            out.append(part if cleaned is None else cleaned + part[len(body) :])
        yield codec.encode("\n".join(out)), changed

    def _record(self, line: str, where: str) -> str | None:
        """The edited record, or None when it stays as it is (no edit, blank, or not a record we can edit)."""
        if not line.strip():
            return None
        field_name = self.options.read.text_field
        try:
            record = parse_record(line)
        except (ValueError, RecursionError):
            self.stats.skipped.append(f"{where}: not a JSON record")
            return None
        if not isinstance(record, dict) or not isinstance(record.get(field_name), str):
            self.stats.skipped.append(f"{where}: no text field '{field_name}'")
            return None
        try:
            first_round = previous_rounds(record)
        except RecordShapeError as exc:
            self.stats.skipped.append(f"{where}: {exc}")
            return None
        raw_id = record.get(self.options.read.id_field)
        name = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else where
        _, rounds = self._clean(record[field_name], name)
        if not rounds:
            return None
        try:
            return edit_record(line, field_name, rounds, first_round, getattr(self, "clean_number", 1))
        except (RecordShapeError, ValueError, KeyError, RecursionError) as exc:
            self.stats.withdraw(rounds)
            self.stats.skipped.append(f"{where}: cannot be edited in place ({exc})")
            return None
