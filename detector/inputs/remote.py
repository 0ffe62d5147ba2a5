"""fsspec URLs (`s3://`, `gcs://`, `file://`, `memory://`, ...) as inputs: listed like folders, read like files.

Both engines use this: the local scan reads a URL argument here, and the Dask engine lists its shards here and
opens each on a worker. fsspec is imported only when a URL is given, so a plain scan never needs it; a missing
fsspec (or a missing back end such as `s3fs`) is said in one line with what to install.
"""

from __future__ import annotations

import glob as globbing
from dataclasses import dataclass
from fnmatch import fnmatch, fnmatchcase
from typing import IO, cast

GLOB_CHARS = frozenset("*?[")


def is_url(path: str) -> bool:
    """`s3://b/k`, `file:///tmp/x`, `memory://x` are URLs; `data/a.jsonl` and `C:\\data` are local paths."""
    return "://" in path


def has_glob(path: str) -> bool:
    return any(char in GLOB_CHARS for char in path)


def _fsspec() -> object:
    try:
        import fsspec
    except ImportError:
        from detector.core.extras import MissingExtra

        raise MissingExtra("reading URLs needs the 'fsspec' package: pip install 'artifact-detector[dask]' "
                           "(or just fsspec, plus s3fs or gcsfs for object stores)") from None
    return fsspec


@dataclass(frozen=True)
class RemoteFile:
    """A file behind a URL, opened with fsspec when it is read (on a Dask worker, not on the client)."""

    url: str

    @property
    def name(self) -> str:
        return self.url

    def open(self, mode: str = "rb") -> IO[bytes]:
        fsspec = _fsspec()
        return cast(IO[bytes], fsspec.open(self.url, mode).open())  # type: ignore[attr-defined]

    def read_bytes(self) -> bytes:
        with self.open("rb") as stream:
            return stream.read()


def list_urls(url: str, glob: str = "*.txt", ignore: tuple[str, ...] = ()) -> list[str]:
    """A URL to a file, a "directory" (a prefix, searched recursively with `glob`) or a glob, as sorted URLs in the
    user's spelling of the base."""
    _fsspec()
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(url)
    if has_glob(url):
        base_url = url[: url.rfind("/", 0, min(url.find(c) for c in GLOB_CHARS if c in url)) + 1]
        base = url_to_fs(base_url)[1]
        found = sorted(name for name, info in fs.glob(path, detail=True).items() if info.get("type") == "file")
        return [_join(base_url, base, name) for name in found]
    if fs.isdir(path):
        return [_join(url, path, name) for name in sorted(fs.find(path))
                if _wanted(_relative(path, name), url, glob, ignore)]
    return [url] if fs.exists(path) else []


def local_glob(path: str) -> list[str]:
    """A quoted glob the shell left alone, expanded as the shell would, sorted."""
    return sorted(globbing.glob(path, recursive=True))


def _relative(base: str, name: str) -> str:
    return name[len(base.rstrip("/")) :].lstrip("/")


def _join(base_url: str, base: str, name: str) -> str:
    """The user's spelling of the base URL plus the path below it (`memory://b/d` + `s/c.jsonl`)."""
    return f"{base_url.rstrip('/')}/{_relative(base, name)}"


def _wanted(relative: str, url: str, glob: str, ignore: tuple[str, ...]) -> bool:
    """`--glob` and the configured `ignore` patterns, applied as `readers.expand` applies them to a directory."""
    if not (fnmatchcase(relative, glob) or fnmatchcase(relative, f"*/{glob}")):
        return False
    name = relative.rsplit("/", 1)[-1]
    shown = f"{url.rstrip('/')}/{relative}"
    return not any(fnmatch(shown, pattern) or fnmatch(name, pattern) for pattern in ignore)
