"""Tables that load on first use, a word at a time, and whole only when a run asks for many words.

Building CMUdict's 135,000 syllable counts or the 242,000 word pairs of the bigram list costs a third of a second
each, the larger part of a one-file scan's start-up (`detector scan` in a pre-commit hook on a handful of files).
Such a scan asks for a few dozen words; each is found in the file's text by a substring search (about a
millisecond on these files) instead. After `limit` look-ups the whole table is built once and answers from then on,
so a long run pays the build once and a short one never does. Both ways give the same answers: each table's
tests compare them.

>>> def find(text, key):
...     at = text.find(f"\\n{key} ")
...     return None if at < 0 else int(text[at:].split()[1])
>>> def build(text):
...     return {key: int(value) for key, value in (line.split() for line in text.strip().split("\\n"))}
>>> table = FirstUseTable("\\na 1\\nb 2\\n", find, build, limit=1)
>>> table.get("a"), table.built, table.get("b"), table.get("zz"), table.built
(1, False, 2, None, True)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

V = TypeVar("V")


class FirstUseTable(Generic[V]):
    """`get` answers from `find(text, key)` until it has been asked `limit` times, then from `build(text)`."""

    def __init__(self, text: str, find: Callable[[str, str], V | None],
                 build: Callable[[str], Mapping[str, V]], limit: int = 256) -> None:
        self.text = text
        self._find = find
        self._build = build
        self.limit = limit
        self.asked = 0
        self._table: Mapping[str, V] | None = None

    @property
    def built(self) -> bool:
        return self._table is not None

    def table(self) -> Mapping[str, V]:
        """The whole table, built now if it was not yet."""
        if self._table is None:
            self._table = self._build(self.text)
        return self._table

    def get(self, key: str, default: V | None = None) -> V | None:
        if self._table is None:
            self.asked += 1
            if self.asked <= self.limit:
                found = self._find(self.text, key)
                return default if found is None else found
        return self.table().get(key, default)

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None
