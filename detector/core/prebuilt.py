"""Start-up data derived once from the shipped files and kept on disk, checked by hash (issue 25, item 4).

A one-file scan (a pre-commit hook, an editor) spends much of its start-up deriving the same data from the same bytes
every run: parsing lexicon rows, translating regex lists into the native engine's node trees, reading each regex
alternative's required literal. Each is a pure function of bytes that change only with a release or a user's own
lists, so its result is kept in one file in the user's cache folder and read back with `marshal` (builtin values
only). Measured with instruction counts of a one-file scan (valgrind's cachegrind): 13.5% fewer with the store
warm, 1.5% more on the run that fills it.

What is not kept, and why: the native automata (the `aho-corasick` crate has no serialised form, and the regex
lists compile from the kept node trees), Python's compiled `re` patterns (no serialised form either), and the model
files' JSON (measured: hashing a megabyte and reading its values back costs more than `json.loads`).

Trust and staleness. An entry's key is the sha256 of its kind, its inputs (the file's bytes, the patterns) and a
fingerprint of the code that derives it (the builder modules' sizes and modification times, as Python's own `.pyc`
files are checked, with the detector and Python versions); the file's payload carries its own sha256 and is read
only when it matches, so a torn, truncated or corrupted file is rebuilt, never believed. `marshal` runs no code
while loading; the file is trusted as much as the `__pycache__` folders beside the package. Writing is atomic
(`detector.core.atomic`) and happens once, when the process that read the file exits; a process that cannot write
(a read-only home, a sandbox) keeps the entries in memory and carries on.

Stale entries go. Every run reads the whole file, so entries no run asks for any more (those of an older release,
of a list since edited: their keys name code or bytes that are gone) would cost every later run their reading; at
two releases' worth a one-file scan ran 2.5% more instructions. Each save stamps the entries the saving process used
with the save's number (kept under the reserved key `AGES`), and an entry that none of the last `KEEP_SAVES` saves
used is dropped. A run that only reads writes nothing, so this costs nothing when the store is warm.

`DETECTOR_CACHE_DIR` names the folder (default `$XDG_CACHE_HOME/artifact-detector`, else
`~/.cache/artifact-detector`); `DETECTOR_CACHE_DIR=off` turns the store off.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import marshal
import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

T = TypeVar("T")

ENV = "DETECTOR_CACHE_DIR"
MAGIC = b"detector-prebuilt/1\n"
FILE_NAME = "prebuilt.bin"
MAX_ENTRIES = 50_000  # a user who edits lists every run must not grow the file forever: the oldest go first
KEEP_SAVES = 3  # an entry unused by this many saves in a row is dropped (see the module's docstring)
AGES = b""  # the reserved key: {entry key: the number of the last save that used it, AGES: the last save's number}
_DIGEST = 32


def cache_folder() -> Path | None:
    """Where the store lives; None when it is turned off."""
    named = os.environ.get(ENV)
    if named is not None:
        return None if named.strip().lower() in ("", "off", "0", "none") else Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "artifact-detector"


class Store:
    """The entries of one cache file: read whole on first use, written back whole when new entries were made."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._entries: dict[bytes, Any] | None = None
        self._added = False
        self._used: set[bytes] = set()
        self._owner = os.getpid()
        self._lock = threading.Lock()

    @property
    def path(self) -> Path | None:
        return None if self.folder is None else self.folder / FILE_NAME

    def get(self, key: bytes, build: Callable[[], T]) -> T:
        """The value kept under `key`, or `build()` (kept for the next run). A value must be made of the builtin
        types `marshal` writes (None, bool, int, float, str, bytes, tuple, list, dict, set, frozenset)."""
        with self._lock:
            entries = self._load()
            self._used.add(key)
            if key in entries:
                value: T = entries[key]
                return value
        value = build()
        with self._lock:
            entries[key] = value
            self._added = True
        return value

    def _load(self) -> dict[bytes, Any]:
        if self._entries is None:
            self._entries = read_store(self.path) if self.path is not None else {}
            self._entries.pop(AGES, None)
            if self.path is not None:
                atexit.register(self.save)
        return self._entries

    def save(self) -> None:
        """Write the entries if this process made new ones (never from a forked worker: its parent writes)."""
        if not self._added or self.path is None or os.getpid() != self._owner or self._entries is None:
            return
        with self._lock:
            merged = read_store(self.path)  # another process may have added entries meanwhile
            merged.update(self._entries)
            merged.update({AGES: _aged(merged, self._used)})
            # an unwritable cache folder costs the next run its start-up time, nothing else
            with contextlib.suppress(OSError, ValueError):
                write_store(self.path, merged)
            self._added = False


def _aged(entries: dict[bytes, Any], used: set[bytes]) -> dict[bytes, int]:
    """Number this save, stamp the entries `used` with it (and any entry without a stamp: another process's new
    one, or a file from before the stamps), and drop from `entries` those no save of the last `KEEP_SAVES` used,
    then the oldest beyond `MAX_ENTRIES`; the stamps of the entries kept, with this save's number under `AGES`."""
    raw = entries.pop(AGES, None)
    ages = {k: v for k, v in raw.items() if type(k) is bytes and type(v) is int} if isinstance(raw, dict) else {}
    save = ages.pop(AGES, 0) + 1
    for key in entries:
        if key in used or key not in ages:
            ages[key] = save
    keep = sorted((k for k in entries if ages[k] > save - KEEP_SAVES), key=lambda k: -ages[k])[:MAX_ENTRIES]
    kept = set(keep)
    for key in [k for k in entries if k not in kept]:
        del entries[key]
    stamps = {k: ages[k] for k in keep}
    stamps[AGES] = save
    return stamps


def read_store(path: Path | None) -> dict[bytes, Any]:
    """The entries of `path`, or none when it is missing, of another format, or fails its checksum."""
    if path is None:
        return {}
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    head = len(MAGIC)
    if data[:head] != MAGIC or len(data) < head + _DIGEST:
        return {}
    digest, payload = data[head:head + _DIGEST], data[head + _DIGEST:]
    if hashlib.sha256(payload).digest() != digest:
        return {}
    try:
        entries = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def write_store(path: Path, entries: dict[bytes, Any]) -> None:
    from detector.core.atomic import atomic_bytes

    payload = marshal.dumps(entries)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_bytes(path, MAGIC + hashlib.sha256(payload).digest() + payload)


_STORE: Store | None = None
_STORE_LOCK = threading.Lock()
_SIGNATURES: dict[str, bytes] = {}


def store() -> Store:
    """The process's store (made on first use, so that `DETECTOR_CACHE_DIR` set before then is obeyed)."""
    global _STORE
    with _STORE_LOCK:
        if _STORE is None:
            _STORE = Store(cache_folder())
        return _STORE


def reset(folder: Path | None = None) -> Store:
    """A fresh store for `folder` (tests; a program that changes `DETECTOR_CACHE_DIR` while it runs)."""
    global _STORE
    with _STORE_LOCK:
        _STORE = Store(folder)
        return _STORE


def code_signature(modules: Iterable[ModuleType]) -> bytes:
    """The builder modules' identity, as `.pyc` files check their source: size and modification time."""
    parts = [f"{sys.version_info[:2]}|{marshal.version}".encode()]
    # the package's version without importing the package from the bottom layer (it is loaded: it is our parent)
    parts.append(str(getattr(sys.modules.get("detector"), "__version__", "?")).encode())
    for module in modules:
        name = module.__name__
        signature = _SIGNATURES.get(name)
        if signature is None:
            file = getattr(module, "__file__", None)
            signature = f"{name}|{(file_identity(file) if file else None) or '?'}".encode()
            _SIGNATURES[name] = signature
        parts.append(signature)
    return b"\0".join(parts)


def file_identity(path: str | os.PathLike[str]) -> str | None:
    """A file named by its path, size and modification time, as `.pyc` files are checked against their source: a
    key for what is derived from a file too large to hash at every start (None when it cannot be read as a plain
    file, say inside a zipped package)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return f"{os.fspath(path)}\0{stat.st_size}\0{stat.st_mtime_ns}"


def memo(kind: str, inputs: str | bytes, build: Callable[[], T], code: Iterable[ModuleType]) -> T:
    """`build()`, a pure function of `inputs` computed by the modules in `code`, kept between runs."""
    raw = inputs.encode("utf-8", "surrogatepass") if isinstance(inputs, str) else inputs
    key = hashlib.sha256(kind.encode() + b"\0" + code_signature(code) + b"\0" + raw).digest()
    return store().get(key, build)
