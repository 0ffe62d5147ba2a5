"""Lists a user hands in: phrase lists (`boilerplate.phrases`, `mt.gazetteer`) and lines never to remove
(`boilerplate.keep_lines`, `boilerplate.keep_file`).

A user's file is read with every check a shipped list passes (its header, rows, duplicates), and its regex rows
cannot hang a run on a long line: a list the native core's engine can run (the Rust `regex` crate: no lookaround,
no backreferences) is linear whatever its rows, and a list that stays on Python's backtracking `re` goes through
the regex guard (`regex_guard`: no nested or ambiguous repeats, no chains of long repeats over the same
characters, bounded repeats in phrase scope). This module is the one door for user patterns, so user lists follow
the Matcher without a change of their own.

>>> import tempfile, os
>>> name = os.path.join(tempfile.mkdtemp(), "promo.en.tsv")
>>> header = ("# format: detector-lexicon/1\\n# kind: existence\\n# lang: en\\n# source: us\\n# license: CC0\\n"
...           "# match: regex\\n# scope: line\\n")
>>> _ = open(name, "w").write(header + "(a|a)*b\\n")
>>> load_user_list(name).matcher.native is not None  # on the linear engine: loads
True
>>> other = os.path.join(os.path.dirname(name), "slow.en.tsv")
>>> _ = open(other, "w").write(header + "(?<!x)y\\n(a|a)*b\\n")  # a lookbehind keeps the list on `re`
>>> load_user_list(other)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
detector.text.lexicons.LexiconError: slow.en.tsv:9: an unbounded repeat of a group that can match the same ...
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from detector.text.lexicons import Lexicon, LexiconError, parse_lexicon
from detector.text.matching import LINE_TRIM


@cache
def load_user_list(path: str) -> Lexicon:
    """A user's phrase list, fully verified (never the shortcut shipped lists take for speed)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise LexiconError(f"{path}: cannot be read ({exc})") from None
    return parse_lexicon(path, text, verify=True)


def line_key(line: str) -> str:
    """How a line is compared with the keep list: without surrounding white space and punctuation, inner white
    space collapsed, case-folded.

    >>> line_key("  Why Trust  The Spruce Eats? ")
    'why trust the spruce eats'
    """
    return " ".join(line.strip(LINE_TRIM).split()).casefold()


def keep_keys(lines: tuple[str, ...], path: str = "") -> frozenset[str]:
    """The keys of the keep list: `lines`, and each line of `path` (blank lines and `#` comments skipped)."""
    keys = {line_key(line) for line in lines}
    if path:
        for raw in Path(path).read_text(encoding="utf-8").splitlines():
            if raw.strip() and not raw.lstrip().startswith("#"):
                keys.add(line_key(raw))
    keys.discard("")
    return frozenset(keys)
