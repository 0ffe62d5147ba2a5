"""Cluster inputs: paths, directories, globs and fsspec URLs become an ordered list of shards, one task each.

The client only lists names; the workers open the shards themselves, so no document passes through the client.
Each shard is read by `readers.read_file`, the very function the single-machine scan uses, so ids, `source` values
and error rows cannot drift apart: a local path keeps the spelling it has on the command line (`data/a.jsonl:3`),
and a URL shard is named by its URL (`s3://bucket/crawl/a.jsonl:3`). Order is stable: arguments in the order given,
each directory or glob sorted by name, as `detector scan` does.
"""

from __future__ import annotations

import glob as globbing
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch, fnmatchcase
from pathlib import Path
from typing import IO, cast

from detector.readers import Loaded, ReadOptions, expand, read_file

GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Shard:
    """One input file. `location` is where a worker opens it (an absolute path or a URL); `source` is what its
    report rows call it, exactly what `detector scan` prints for the same argument."""

    location: str
    source: str


def is_url(path: str) -> bool:
    """`s3://b/k`, `file:///tmp/x`, `memory://x` are URLs; `data/a.jsonl` and `C:\\data` are local paths."""
    return "://" in path


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
    """The documents of one shard, on a worker: one `Loaded` per JSONL line (or one for a text file)."""
    target = RemoteFile(shard.location) if is_url(shard.location) else Path(shard.location)
    return read_file(cast(Path, target), shard.source, options)


class RemoteFile:
    """The two `Path` methods that `readers.read_file` calls, backed by fsspec: a URL shard is read by the same
    code as a local file. fsspec raises OSError subclasses for missing or forbidden objects, which `read_file`
    turns into an IN506 row, as it does for a local file."""

    def __init__(self, url: str) -> None:
        self.url = url

    def open(self, mode: str = "rb") -> IO[bytes]:
        import fsspec

        return cast(IO[bytes], fsspec.open(self.url, mode).open())

    def read_bytes(self) -> bytes:
        with self.open("rb") as stream:
            return stream.read()


def _has_glob(path: str) -> bool:
    return any(char in GLOB_CHARS for char in path)


def _local_shards(path: str, options: ReadOptions) -> list[Shard]:
    """A file or directory exactly as `readers.expand` sees it; a glob (quoted, so the shell left it) matches
    like the shell would, relative spelling kept."""
    if Path(path).exists():
        matches = [path]
    elif _has_glob(path):
        matches = sorted(globbing.glob(path, recursive=True))
    else:
        return []
    return [Shard(os.path.abspath(file), shown) for match in matches for file, shown in expand(match, options)]


def _url_shards(url: str, options: ReadOptions) -> list[Shard]:
    """A URL to a file, a "directory" (a prefix, searched recursively with `--glob`) or a glob."""
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(url)
    if _has_glob(url):
        base_url = url[: url.rfind("/", 0, min(url.find(c) for c in GLOB_CHARS if c in url)) + 1]
        base = url_to_fs(base_url)[1]
        found = sorted(name for name, info in fs.glob(path, detail=True).items() if info.get("type") == "file")
        return [Shard(_join(base_url, base, name), _join(base_url, base, name)) for name in found]
    if fs.isdir(path):
        found = [name for name in sorted(fs.find(path)) if _wanted(_relative(path, name), url, options)]
        return [Shard(_join(url, path, name), _join(url, path, name)) for name in found]
    return [Shard(url, url)] if fs.exists(path) else []


def _relative(base: str, name: str) -> str:
    return name[len(base.rstrip("/")) :].lstrip("/")


def _join(base_url: str, base: str, name: str) -> str:
    """The user's spelling of the base URL plus the path below it (`memory://b/d` + `s/c.jsonl`)."""
    return f"{base_url.rstrip('/')}/{_relative(base, name)}"


def _wanted(relative: str, url: str, options: ReadOptions) -> bool:
    """`--glob` and the configured `ignore` patterns, applied as `readers.expand` applies them to a directory."""
    if not (fnmatchcase(relative, options.glob) or fnmatchcase(relative, f"*/{options.glob}")):
        return False
    name = relative.rsplit("/", 1)[-1]
    shown = f"{url.rstrip('/')}/{relative}"
    return not any(fnmatch(shown, pattern) or fnmatch(name, pattern) for pattern in options.ignore)

