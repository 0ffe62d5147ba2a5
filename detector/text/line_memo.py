"""A bounded memo of per-line answers, keyed by the line's own text: the verdict scores a page a second time after
its safe fixes (`verdict.after_clean`), and most of the cleaned page's lines are the lines of the first scoring,
so a per-line answer worked out once is looked up the second time instead of worked out again.

What a key holds: a line (`TextView.lines`, trimmed of white space) from the character before it to its end
(`line_key_start`), or from its start when it opens the text. A per-line answer that reads only that (a `re` match
anchored inside the line and stopped at its end: `\\b`, `^` and `$` read no further; lookbehind could, so a list
with one is not memoised) is the same for every line with the same key, wherever it is and in whatever document.
The first line of a text is told apart by its key: every other key opens with the white space before its line,
and a line never opens with white space.

>>> memo = LineMemo(2)
>>> memo.put("\\nMenu", None); memo.put("\\nShare", (1, 6, "e")); memo.put("\\nHome", None)
>>> memo.get("\\nMenu", MISSING) is MISSING, memo.get("\\nShare", MISSING)
(True, (1, 6, 'e'))
"""

from __future__ import annotations

import contextlib
from typing import Any, Final

from detector.core.model import Span

MISSING: Final = object()  # `get`'s answer for a key not remembered (None is a remembered "no match")
LIMIT = 4096  # lines remembered per list: a long page's lines, twice (its first scoring and the next)


def line_key_start(line: Span) -> int:
    """Where the key of `line` starts: the character before the line (white space), or 0 for a line opening the
    text."""
    return line.start - 1 if line.start else 0


class LineMemo:
    """At most `limit` answers, the oldest forgotten first (a plain dict keeps insertion order)."""

    __slots__ = ("_answers", "limit")

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._answers: dict[str, Any] = {}

    def get(self, key: str, default: Any) -> Any:
        return self._answers.get(key, default)

    def put(self, key: str, answer: Any) -> None:
        answers = self._answers
        if len(answers) >= self.limit:
            # a scorer shared by threads (an engine's thread pool) may evict at the same moment
            with contextlib.suppress(RuntimeError, StopIteration):
                answers.pop(next(iter(answers)), None)
        answers[key] = answer
