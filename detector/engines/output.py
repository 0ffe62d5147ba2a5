"""The output directory of a cluster scan (a local folder or any fsspec URL), and how it is written.

```
OUT/part-00000.jsonl        report rows of shard 0, in input order (shards in the order they were listed)
OUT/part-00001.jsonl        ...
OUT/_stats/part-00000.json  that part's statistics, its source shard and a digest of the settings
OUT/_summary.json           the merged statistics, written last: a run without it did not finish
```

`cat OUT/part-*.jsonl` is byte for byte the output of `detector scan` on the same shards. Names starting with `_` or
`.` are bookkeeping, which Spark, Hive and pandas-on-Hadoop readers skip when they read the folder.

A part is written under a hidden temporary name and moved into place when complete, after its statistics, so a
task that dies or is retried never leaves half a part, and a part that exists has statistics to resume from. On
a local disk the move is an atomic rename; on an object store an object appears whole or not at all.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO, cast

from detector.reports.summary import Stats

SUMMARY = "_summary.json"
STATS_DIR = "_stats"
SUMMARY_SCHEMA = "detector-scan-summary/1"
VERDICTS = ("pass", "review", "reject")


def part_name(index: int) -> str:
    """>>> part_name(7)
    'part-00007.jsonl'
    """
    return f"part-{index:05d}.jsonl"


def stats_to_dict(stats: Stats) -> dict[str, Any]:
    return {"documents": stats.documents, "ok": stats.ok, "errors": stats.errors,
            "verdicts": {v: stats.verdicts.get(v, 0) for v in VERDICTS},
            "rules": dict(sorted(stats.rules.items()))}


def stats_from_dict(data: dict[str, Any]) -> Stats:
    """The inverse of `stats_to_dict`.

    >>> stats_from_dict(stats_to_dict(Stats(2, 1, 1))) == Stats(2, 1, 1)
    True
    """
    return Stats(data["documents"], data["ok"], data["errors"], Counter(data["verdicts"]), Counter(data["rules"]))


@dataclass(frozen=True)
class PartRecord:
    """What `_stats/part-NNNNN.json` holds: which shard the part came from, with which settings, and its counts."""

    source: str
    settings: str
    stats: Stats


class ResumeMismatch(ValueError):
    """A part in the output was written from another shard or with other settings: resuming would mix runs."""


class OutputDir:
    """Report parts, their statistics and the summary under one local folder or URL prefix."""

    def __init__(self, url: str) -> None:
        from fsspec.core import url_to_fs

        self.url = url
        self.fs, self.root = url_to_fs(url)
        self.root = self.root.rstrip("/")

    def path(self, *names: str) -> str:
        return "/".join((self.root, *names))

    def prepare(self) -> None:
        """Create the folder (object stores have none to create) on the client and on each worker, whose disk may
        be another machine's."""
        self.fs.makedirs(self.path(STATS_DIR), exist_ok=True)

    def clear(self, keep_parts: bool = False) -> None:
        """A fresh run replaces an earlier one, as `detector scan -o FILE` does: remove only the names this module
        writes (parts, their statistics, the summary, temporary files a killed task left), never anything else.
        `keep_parts` (for `--resume`) removes only the temporary files and the summary."""
        self.prepare()
        names = [name for name in self.fs.find(self.root, maxdepth=1) if _ours(name.rsplit("/", 1)[-1], keep_parts)]
        names += [name for name in self.fs.find(self.path(STATS_DIR)) if not keep_parts or name.endswith(".tmp")]
        if names:
            self.fs.rm(names)

    def completed(self, sources: Sequence[str], settings: str) -> dict[int, Stats]:
        """For `--resume`: the statistics of the parts already written, by shard index. A part is complete when
        it exists (it is moved into place only when whole)."""
        done: dict[int, Stats] = {}
        existing = set(self.fs.find(self.root, maxdepth=1)) if self.fs.exists(self.root) else set()
        for index, source in enumerate(sources):
            if self.path(part_name(index)) not in existing:
                continue
            try:
                record = self.read_record(index)
            except FileNotFoundError:
                continue  # statistics removed by hand: score the shard again
            where = f"{self.url}: {part_name(index)}"
            if record.source != source:
                raise ResumeMismatch(f"{where} holds shard {record.source}, not {source}: the inputs changed "
                                     "since it was written; run without --resume to start afresh")
            if record.settings != settings:
                raise ResumeMismatch(f"{where} was written with other settings (config, scorers, baseline, "
                                     "fields or detector version); resume with the same options, or run "
                                     "without --resume to start afresh")
            done[index] = record.stats
        return done

    def read_record(self, index: int) -> PartRecord:
        with self.fs.open(self.stats_path(index), "rb") as stream:
            data = json.loads(stream.read())
        return PartRecord(data["source"], data["settings"], stats_from_dict(data["stats"]))

    def stats_path(self, index: int) -> str:
        return self.path(STATS_DIR, f"part-{index:05d}.json")

    def temp_part(self, index: int) -> str:
        return self.path(f".{part_name(index)}.{uuid.uuid4().hex}.tmp")

    def open_text(self, path: str) -> TextIO:
        """UTF-8 without newline translation: the bytes `detector scan -o FILE` writes."""
        return cast(TextIO, self.fs.open(path, "w", encoding="utf-8", newline=""))

    def commit(self, index: int, temp: str, record: PartRecord) -> None:
        """Statistics first, then the part: a part that exists always has its statistics."""
        data = {"part": part_name(index), "source": record.source, "settings": record.settings,
                "stats": stats_to_dict(record.stats)}
        self._write_atomically(self.stats_path(index), _dump(data))
        self.fs.mv(temp, self.path(part_name(index)))

    def discard(self, temp: str) -> None:
        if self.fs.exists(temp):
            self.fs.rm_file(temp)

    def write_summary(self, sources: Sequence[str], parts: Sequence[Stats]) -> Stats:
        """Merge the parts' statistics in order and write `_summary.json`: sorted keys, no timings, so that two
        runs over the same input write the same file."""
        total = sum(parts, Stats())
        self.prepare()
        data = {"schema": SUMMARY_SCHEMA, **stats_to_dict(total),
                "parts": [{"part": part_name(i), "source": source, "documents": stats.documents}
                          for i, (source, stats) in enumerate(zip(sources, parts))]}
        self._write_atomically(self.path(SUMMARY), _dump(data))
        return total

    def _write_atomically(self, path: str, text: str) -> None:
        """The fsspec counterpart of `core.atomic` (which needs a local file system): a uniquely named temporary
        object, then a move, which object stores make atomic per object."""
        directory, name = path.rsplit("/", 1)
        temp = f"{directory}/.{name}.{uuid.uuid4().hex}.tmp"
        with self.open_text(temp) as stream:
            stream.write(text)
        self.fs.mv(temp, path)


def _ours(name: str, temporary_only: bool = False) -> bool:
    """Names this module writes at the top of the folder (`_stats/` is handled as a whole)."""
    part = name.startswith("part-") and name.endswith(".jsonl") and name[5:-6].isdigit()
    temp = name.startswith((".part-", "._summary.json.")) and name.endswith(".tmp")
    return temp or name == SUMMARY or (part and not temporary_only)


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
