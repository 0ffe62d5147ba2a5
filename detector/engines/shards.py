"""Cluster inputs: paths, directories, globs and fsspec URLs become an ordered list of shards, one task each.

The client only lists names; the workers open the shards themselves, so no document passes through the client.
Each shard is read by `readers.read_file`, the very function the single-machine scan uses, so ids, `source` values
and error rows cannot drift apart: a local path keeps the spelling it has on the command line (`data/a.jsonl:3`),
and a URL shard is named by its URL (`s3://bucket/crawl/a.jsonl:3`). Order is stable: arguments in the order given,
each directory or glob sorted by name, as `detector scan` does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from detector.inputs.readers import Loaded, ReadOptions, read_file, unreadable
from detector.inputs.remote import RemoteFile, has_glob, is_url, list_urls, local_glob
from detector.inputs.walk import walk

__all__ = ["RemoteFile", "Shard", "is_url", "list_shards", "read_shard"]


@dataclass(frozen=True)
class Shard:
    """One input file. `location` is where a worker opens it (an absolute path or a URL); `source` is what its
    report rows call it, exactly what `detector scan` prints for the same argument."""

    location: str
    source: str
    problem: str | None = None  # why it cannot be read, found while listing (an IN506 row)
    in_folder: bool = False


def list_shards(paths: Sequence[str], options: ReadOptions) -> list[Shard]:
    """Every shard of every argument, in order. An argument that matches nothing is an error (a typo in a glob
    must not turn into an empty, successful run)."""
    shards: list[Shard] = []
    for path in paths:
        found = _url_shards(path, options) if is_url(path) else _local_shards(path, options)
        if not found:
            raise FileNotFoundError(f"nothing matches {path} (no such file, or no file in it matches --glob "
                                    f"'{options.glob}')")
        shards.extend(found)
    return shards


def read_shard(shard: Shard, options: ReadOptions) -> Iterator[Loaded]:
    """The documents of one shard, on a worker: one `Loaded` per record (or one for a text file). A shard found
    inside a folder that cannot be read (a dangling link, a FIFO) is its IN506 row, as in `detector scan`."""
    if shard.problem:
        return iter([unreadable(shard.source, shard.problem)])
    if is_url(shard.location):
        return read_file(RemoteFile(shard.location), shard.source, options)
    return read_file(Path(shard.location), shard.source, options, in_folder=shard.in_folder)


def _local_shards(path: str, options: ReadOptions) -> list[Shard]:
    """A file or directory exactly as `readers.read_inputs` sees it; a glob (quoted, so the shell left it) matches
    like the shell would, relative spelling kept."""
    if Path(path).exists():
        matches = [path]
    elif has_glob(path):
        matches = local_glob(path)
    else:
        return []
    return [Shard(os.path.abspath(entry.path), entry.display, entry.problem, entry.display != match)
            for match in matches for entry in walk(match, options.glob, options.ignore)]


def _url_shards(url: str, options: ReadOptions) -> list[Shard]:
    """A URL to a file, a "directory" (a prefix, searched recursively with `--glob`) or a glob."""
    return [Shard(found, found) for found in list_urls(url, options.glob, options.ignore)]
