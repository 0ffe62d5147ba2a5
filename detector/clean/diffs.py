"""Diffs and backup names, shared by `detector clean` of text and JSONL files (`files`) and of compressed and
columnar inputs (`formats`), so that neither has to import the other.

May import: `core`, `inputs`.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from detector.core.safety import visible_controls
from detector.inputs.decoding import replace_surrogates

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\\\u0085\u2028\u2029]")


def diff_name(name: str) -> str:
    """A document name safe in a `---`/`+++` header: control characters, line separators and backslashes as
    escapes, so a name cannot end the header line and start a hunk of its own.

    >>> diff_name("x\\n+++ b/victim.txt")
    'x\\\\n+++ b/victim.txt'
    """
    replace = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
    return _UNSAFE_NAME.sub(lambda m: replace.get(m.group(), f"\\u{ord(m.group()):04x}"), replace_surrogates(name)[0])


def _lines(text: str) -> list[str]:
    """Lines as `patch` sees them: ended by LF only (a CR or U+2028 inside a line stays in it)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def unified_diff(before: str, after: str, name: str) -> str:
    """A diff that `patch` accepts, including the marker for a last line without a line break."""
    safe = diff_name(name)
    lines = difflib.unified_diff(_lines(before), _lines(after), f"a/{safe}", f"b/{safe}")
    text = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
    return visible_controls(text)  # a diff is read on a terminal: a document's escapes are shown, not run (N10)


def next_backup(path: Path) -> Path:
    """`<name>.orig`, or the first free `<name>.orig.N` (N from 2): an earlier backup is never replaced."""
    first = path.with_name(path.name + ".orig")
    if not os.path.lexists(first):
        return first
    number = 2
    while os.path.lexists(path.with_name(f"{path.name}.orig.{number}")):
        number += 1
    return path.with_name(f"{path.name}.orig.{number}")
