"""`detector clean` on files: where cleaned text goes, backups, diffs and the JSONL record format.

Text files are written to an output directory (mirroring the input's relative paths) or file, or rewritten in place
after a backup (`<name>.orig`) is written; the original is never changed otherwise. JSONL records keep every field,
get their text field cleaned, and gain `detector_removed`: the applied edits with their round, offsets, the removed
text and the rule, so nothing is lost and every change can be undone.
"""

from __future__ import annotations

import difflib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from detector.clean import AppliedEdit, clean_text
from detector.pipeline import Pipeline
from detector.readers import JSONL_SUFFIXES, ReadOptions, expand, read_file

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

    def render(self) -> str:
        skipped = f", {len(self.skipped)} skipped (not scorable)" if self.skipped else ""
        return (f"{self.documents} documents, {self.changed} changed, {self.edits} edits, "
                f"{self.removed_chars} characters removed{skipped}")


def unified_diff(before: str, after: str, name: str) -> str:
    """A diff that `patch` accepts, including the marker for a last line without a line break."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 f"a/{name}", f"b/{name}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def edits_record(rounds: list[list[AppliedEdit]]) -> list[dict[str, Any]]:
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


class Cleaner:
    def __init__(self, pipeline: Pipeline, options: CleanOptions, diff_out: TextIO) -> None:
        self.pipeline = pipeline
        self.options = options
        self.diff_out = diff_out
        self.stats = CleanStats()

    def _clean(self, text: str, name: str) -> tuple[str, list[list[AppliedEdit]]]:
        cleaned, rounds = clean_text(text, self.pipeline, self.options.min_confidence, self.options.allow_unsafe,
                                     name)
        self.stats.add(rounds)
        if self.options.diff and rounds:
            self.diff_out.write(unified_diff(text, cleaned, name))
        return cleaned, rounds

    def run(self, paths: list[str]) -> None:
        several = len(paths) > 1 or any(Path(p).is_dir() for p in paths)
        for path in paths:
            root = Path(path)
            for file, display in expand(path, self.options.read):
                relative = file.relative_to(root) if root.is_dir() else Path(file.name)
                target = self._target(file, relative, several)
                if file.name.lower().endswith(JSONL_SUFFIXES):
                    self._clean_jsonl(file, target)
                else:
                    self._clean_text_file(file, display, target)

    def _target(self, file: Path, relative: Path, several: bool) -> Path | None:
        if self.options.in_place:
            return file
        if self.options.output is None:
            return None
        if several or self.options.output.is_dir():
            return self.options.output / relative
        return self.options.output

    def _write(self, target: Path | None, source: Path, content: str) -> None:
        if target is None:
            return
        if target.resolve() == source.resolve():
            shutil.copy2(source, source.with_name(source.name + ".orig"))  # backup before any change
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8", newline="")

    def _clean_text_file(self, file: Path, display: str, target: Path | None) -> None:
        [loaded] = list(read_file(file, display, self.options.read))
        if loaded.document is None:
            self.stats.skipped.append(f"{display}: {loaded.error.message if loaded.error else 'unreadable'}")
            return
        cleaned, _ = self._clean(loaded.document.text, display)
        self._write(target, file, cleaned)

    def _records(self, file: Path) -> Iterator[str]:
        field_name = self.options.read.text_field
        with file.open(encoding="utf-8", errors="surrogateescape") as stream:
            for number, line in enumerate(stream, start=1):
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    yield line if line.endswith("\n") else line + "\n"  # kept as it was: nothing is lost
                    if line.strip():
                        self.stats.skipped.append(f"{file}:{number}: not JSON")
                    continue
                if not isinstance(record, dict) or not isinstance(record.get(field_name), str):
                    yield line if line.endswith("\n") else line + "\n"
                    self.stats.skipped.append(f"{file}:{number}: no text field '{field_name}'")
                    continue
                name = str(record.get(self.options.read.id_field, f"{file}:{number}"))
                cleaned, rounds = self._clean(record[field_name], name)
                record[field_name] = cleaned
                record[REMOVED_FIELD] = edits_record(rounds)
                yield json.dumps(record, ensure_ascii=False) + "\n"

    def _clean_jsonl(self, file: Path, target: Path | None) -> None:
        lines = self._records(file)
        if target is None:
            for _ in lines:
                pass
            return
        if target.resolve() == file.resolve():
            shutil.copy2(file, file.with_name(file.name + ".orig"))
            temporary = file.with_name(file.name + ".cleaning")
            with temporary.open("w", encoding="utf-8", newline="") as out:
                out.writelines(lines)
            temporary.replace(file)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as out:
            out.writelines(lines)
