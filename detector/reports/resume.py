"""`scan --resume`: continue an interrupted JSONL scan where it stopped, and only a scan of the same inputs with the
same settings.

Reports are written one line per input document, in input order, so the complete lines of `OUT.partial` are the
input documents to skip. A line cut off by the interruption is removed before appending, so no document is
missing or repeated.

What a partial report is of is recorded beside it, in `OUT.partial.json`, written before the first row: the
detector version, a digest of the settings (configuration, scorers, fields, output options, the contents of the
files the configuration names, the baseline) and one of the inputs (the arguments, and the size and modification
time of each one that is a file). `--resume` refuses a partial report whose record differs, or has none, and while
it skips the documents already written it checks that each row's `source` and `id` are those of the input's
document at that place: rows of another run are never kept (audit N2, where a resume took 60 rows of another
file, or yesterday's complete report, as its finished part). A complete report is never a starting point (nothing
says what it was a report of): with no partial report, `--resume` scans from the start.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from detector import __version__
from detector.core.atomic import atomic_bytes, open_existing
from detector.inputs.decoding import replace_surrogates

SCHEMA = "detector-partial/1"
ABOUT_SUFFIX = ".json"
NAMED_FILES = ("boilerplate.stats", "mt.gazetteer", "mt.likelihood", "suppressions")


class ResumeMismatch(ValueError):
    """The partial report is not of this input and these settings: resuming would mix two runs."""


def about_path(partial: Path) -> Path:
    """>>> about_path(Path("r.jsonl.partial")).name
    'r.jsonl.partial.json'
    """
    return partial.with_name(partial.name + ABOUT_SUFFIX)


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _file_digest(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    except OSError as exc:
        return f"unreadable ({exc.strerror})"
    return digest.hexdigest()[:16]


def run_identity(paths: Sequence[str], fmt: str, context: Any, config: Any, options: Any,
                 baseline: Path | None = None) -> dict[str, str]:
    """What a report is of: the version, the settings and the inputs, each as a short digest."""
    named = []
    for dotted in NAMED_FILES:
        value: Any = config
        for part in dotted.split("."):
            value = getattr(value, part, "")
        if value:
            named.append((dotted, _file_digest(str(value))))
    if baseline is not None:
        named.append(("baseline", _file_digest(str(baseline))))
    inputs = []
    for path in paths:
        try:
            info = os.stat(path)
            inputs.append((path, info.st_size, info.st_mtime_ns) if not os.path.isdir(path) else (path, "folder"))
        except OSError:
            inputs.append((path, "?"))
    return {"version": __version__, "settings": _digest(fmt, context, config, options, named),
            "inputs": _digest(inputs)}


def write_about(partial: Path, identity: Mapping[str, str]) -> None:
    """Record what the partial report about to be written is of (atomically, never through a link)."""
    data = {"schema": SCHEMA, **identity, "report": partial.name}
    atomic_bytes(about_path(partial), (json.dumps(data, sort_keys=True, indent=1) + "\n").encode("utf-8"))


def check_about(partial: Path, identity: Mapping[str, str]) -> None:
    """Raise `ResumeMismatch` unless the partial report was written by a run of this version, settings and
    inputs."""
    about = about_path(partial)
    try:
        with open_existing(about, append=False) as stream:
            recorded = json.loads(stream.read(1 << 16))
    except FileNotFoundError:
        raise ResumeMismatch(f"{partial} does not say what it is a report of (it has no {about.name}: an older "
                             "version or another tool wrote it); run without --resume to start afresh") from None
    except (OSError, ValueError) as exc:
        raise ResumeMismatch(f"cannot read {about}: {exc}; run without --resume to start afresh") from None
    for key, what in (("version", "detector version"), ("settings", "settings (configuration, scorers, fields, "
                                                                    "output options, named files or baseline)"),
                      ("inputs", "inputs (arguments, or the size or time of an input file)")):
        if recorded.get(key) != identity.get(key):
            raise ResumeMismatch(f"{partial} was written with other {what} than this run; resume with the same "
                                 "inputs and options, or run without --resume to start afresh")


def completed_rows(path: Path) -> int:
    """Count the complete lines of `path` (0 if it does not exist) and drop a trailing partial line. Streams the
    file (a report with `--with-text` is as large as its input) and never follows a link."""
    try:
        stream = open_existing(path, append=False)
    except FileNotFoundError:
        return 0
    with stream:
        size = stream.seek(0, os.SEEK_END)
        keep = _after_last_newline(stream, size)
        if keep != size:
            stream.truncate(keep)
        stream.seek(0)
        count = 0
        while keep > 0:
            chunk = stream.read(min(1 << 20, keep))
            if not chunk:
                break
            count += chunk.count(b"\n")
            keep -= len(chunk)
    return count


def _after_last_newline(stream: Any, size: int) -> int:
    position = size
    while position > 0:
        start = max(0, position - (1 << 16))
        stream.seek(start)
        chunk = stream.read(position - start)
        found = chunk.rfind(b"\n")
        if found != -1:
            return start + found + 1
        position = start
    return 0


def row_keys(path: Path) -> Iterator[tuple[str, str]]:
    """(source, id) of each row of a report, streamed."""
    with open_existing(path, append=False) as stream:
        for number, line in enumerate(stream, start=1):
            try:
                row = json.loads(line)
                yield str(row["source"]), str(row["id"])
            except (ValueError, KeyError, TypeError):
                raise ResumeMismatch(f"{path}: line {number} is not a report row; run without --resume to start "
                                     "afresh") from None


def skip_checked(items: Iterator[Any], path: Path, count: int) -> None:
    """Consume the first `count` input documents, checking each against the row written for it."""
    keys = row_keys(path)
    for number in range(1, count + 1):
        source, doc_id = next(keys)
        item = next(items, None)
        if item is None:
            raise ResumeMismatch(f"{path} holds {count} rows but the input has only {number - 1} documents: it is "
                                 "not a report of this input; run without --resume to start afresh")
        expected = (replace_surrogates(item.source)[0], replace_surrogates(item.id)[0])
        if (source, doc_id) != expected:
            raise ResumeMismatch(f"row {number} of {path} is of {source} ({doc_id}), but the input's document "
                                 f"{number} is {expected[0]} ({expected[1]}): it is not a report of this input; run "
                                 "without --resume to start afresh")
