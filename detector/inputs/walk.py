"""Directories to the files to read in them, with what is wrong with the entries that cannot be read.

A folder of scraped text holds more than regular files: symbolic links whose target is gone, links that point at
themselves, named pipes a crawler left behind, names in a legacy encoding. `Path.rglob` and `is_file()` drop all of
these without a word, so documents vanish from a run. Here every entry whose name matches `--glob` comes out,
and the ones that cannot be read carry the reason, which the reader turns into an `IN506` row.

Directory symbolic links are followed, except into a directory already being walked (a cycle would never end and
would read the same files twice). A FIFO, socket or device found inside a folder is reported, not opened: opening a
FIFO waits for a writer that may never come. A FIFO named on the command line (`<(zcat x.gz)`) is read.

Order: the paths below each argument sorted as strings, as `sorted(rglob(...))` gave, so runs are reproducible.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch, fnmatchcase
from pathlib import Path

from detector.core.atomic import is_temporary

LOCK_SUFFIX = ".detector-lock"  # `core.locks`: a scan's lock file beside its output
ARCHIVE_MARKERS = ("dataset_info.json", "state.json")  # a Hugging Face dataset saved with `save_to_disk`
DATASET_DICT = "dataset_dict.json"


@dataclass(frozen=True)
class Entry:
    """One input: `path` to open, `display` (the name report rows use, always valid UTF-8) and `problem`, the
    reason it cannot be read, found while walking (None when it can be tried)."""

    path: Path
    display: str
    problem: str | None = None


def display_name(name: str) -> str:
    """A path as report rows show it: bytes that are not UTF-8 (Python keeps them as surrogate escapes) become
    `\\xNN`, so the row is valid UTF-8 and the name can still be recognised.

    >>> display_name(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


def is_saved_dataset(path: Path) -> bool:
    """A folder written by `datasets.Dataset.save_to_disk` (or `DatasetDict.save_to_disk`)."""
    return (path / DATASET_DICT).is_file() or all((path / name).is_file() for name in ARCHIVE_MARKERS)


def walk(path: str, glob: str = "*.txt", ignore: tuple[str, ...] = ()) -> Iterator[Entry]:
    """The entries of one command-line argument: itself if it is not a directory (or is a saved dataset), else
    every entry below it matching `glob` and no `ignore` pattern."""
    root = Path(path)
    if not root.is_dir() or is_saved_dataset(root):
        yield Entry(root, display_name(path), _name_problem(path))
        return
    found: list[tuple[str, Path, str | None]] = []
    _collect(root, glob, _identity(root), found)
    for relative, file, problem in sorted(found, key=lambda item: item[0]):
        shown = display_name((Path(path) / relative).as_posix())
        if any(fnmatch(shown, pattern) or fnmatch(file.name, pattern) for pattern in ignore):
            continue
        yield Entry(file, shown, problem or _name_problem(relative))


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def _matches(relative: str, name: str, glob: str) -> bool:
    """`rglob(glob)`'s test: the name, or for a pattern with a slash the end of the relative path."""
    if "/" in glob:
        return fnmatchcase(relative, glob) or fnmatchcase(relative, f"*/{glob}")
    return fnmatchcase(name, glob)


def _collect(root: Path, glob: str, root_identity: tuple[int, int], found: list[tuple[str, Path, str | None]]) -> None:
    """Every entry below `root`, depth first with an explicit stack: a folder nested a thousand deep used to end the
    run with a RecursionError (audit N7). `ancestors` holds the folders on the current path: a folder is entered
    when it is taken from the stack and left when the marker pushed under its children comes back."""
    ancestors: set[tuple[int, int]] = set()
    stack: list[tuple[Path, str, tuple[int, int], bool]] = [(root, "", root_identity, False)]
    while stack:
        folder, prefix, identity, leaving = stack.pop()
        if leaving:
            ancestors.discard(identity)
            continue
        if identity in ancestors:
            continue  # a cycle back to a folder being walked: its files are read through the real path
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            found.append((prefix.rstrip("/") or ".", folder, f"cannot list the directory: {exc.strerror}"))
            continue
        ancestors.add(identity)
        stack.append((folder, prefix, identity, True))
        for entry in reversed(entries):
            if is_temporary(entry.name) or entry.name.endswith(LOCK_SUFFIX):
                continue  # a detector run's own temporary or lock file, never an input
            relative = prefix + entry.name
            file = folder / entry.name
            kind, problem = _kind(entry)
            if kind == "dir":
                child = _dir_identity(entry)
                if child is None:
                    continue
                if is_saved_dataset(file):
                    if _matches(relative, entry.name, glob) or glob in ("*", "**"):
                        found.append((relative, file, None))
                    continue
                stack.append((file, relative + "/", child, False))
            elif _matches(relative, entry.name, glob):
                found.append((relative, file, problem))


def _dir_identity(entry: os.DirEntry[str]) -> tuple[int, int] | None:
    try:
        info = entry.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _kind(entry: os.DirEntry[str]) -> tuple[str, str | None]:
    """`dir`, `file` or `other`, and why an entry that is not a regular file cannot be read."""
    try:
        mode = entry.stat().st_mode  # follows symbolic links
    except OSError as exc:
        if entry.is_symlink():
            if exc.errno == 40:  # ELOOP
                return "other", "symbolic link loop"
            try:
                target = os.readlink(entry.path)
            except OSError:
                target = "?"
            return "other", f"dangling symbolic link (to {display_name(target)})"
        return "other", exc.strerror or str(exc)
    if stat.S_ISDIR(mode):
        return "dir", None
    if stat.S_ISREG(mode):
        return "file", None
    what = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return "other", f"{what}, not a regular file"


def _name_problem(name: str) -> str | None:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8 (shown with \\x escapes); rename it to scan it"
    return None


def first_match(path: str, glob: str, ignore: tuple[str, ...] = ()) -> Entry | None:
    """The first entry `walk` would give, or None: how `detector scan` tells that an argument matches nothing."""
    return next(walk(path, glob, ignore), None)


def other_suffixes(path: str, limit: int = 3) -> list[tuple[str, int]]:
    """The commonest file suffixes below a folder (for a "nothing matches --glob" message that says what is there).

    Stops counting after 10,000 files: a hint, not an inventory."""
    counts: dict[str, int] = {}
    seen = 0
    for _dirpath, _dirs, files in os.walk(path):
        for name in files:
            suffix = "".join(Path(name).suffixes[-2:]) or name
            counts[suffix] = counts.get(suffix, 0) + 1
            seen += 1
            if seen >= 10_000:
                break
        if seen >= 10_000:
            break
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
