"""Load and validate the data files in `lexicons/`, each compiled into one `Matcher` (`detector.text.matching`).

Regex rows must be marked `match: regex`; a list whose rows the native engine can run exactly
(`native_regex`: no lookaround, backreference or `\b`) runs in linear time whatever the pattern, so it needs no
guard. A list with a row it cannot run stays on Python's backtracking `re`, and there rows are refused when they
nest quantifiers or repeat a group that can match the same text in several ways (exponential: `regex_guard`), or,
in phrase scope, use an unbounded repeat (quadratic on a 10 MB line). Errors name `file:line`, as Vale does, so a
typo in a data file is found without reading Python.

>>> lex = parse_lexicon("x.en.tsv", "# format: detector-lexicon/1\\n# kind: substitution\\n# lang: en\\n"
...     "# source: doc\\n# license: CC0-1.0\\nlodger heads\\tloggerheads\\n")
>>> [(m.start, m.end, m.entry.replacement) for m in lex.matcher.finditer("at lodger heads since")]
[(3, 15, 'loggerheads')]
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from detector.core import prebuilt
from detector.text.matching import Entry, Matcher, native_nodes
from detector.text.regex_guard import refusal
from detector.text.sre import sre_parse

FORMAT = "detector-lexicon/1"
KINDS = ("existence", "substitution", "gazetteer", "abbreviations")
REQUIRED_KEYS = ("format", "kind", "lang", "source", "license")
OPTIONAL_KEYS = {
    "description": None,
    "case": ("insensitive", "sensitive"),
    "match": ("literal", "regex"),
    "scope": ("phrase", "line", "line-start"),
}
class LexiconError(ValueError):
    """A data file is malformed; the message starts with `file:line:`."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    name: str
    path: str
    kind: str
    lang: str
    source: str
    license: str
    description: str
    case_sensitive: bool
    regex: bool
    scope: str
    entries: tuple[Entry, ...]
    matcher: Matcher = field(repr=False)


def _nests_quantifiers(pattern: str) -> bool:
    """True when a repeat contains another repeat, the shape behind catastrophic backtracking."""
    repeats = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)}

    def walk(items: object, inside_repeat: bool) -> bool:
        for op, arg in items:  # type: ignore[attr-defined]
            if op in repeats:
                if inside_repeat and arg[1] > 1:
                    return True
                if walk(arg[2], inside_repeat or arg[1] > 1):
                    return True
            elif op is sre_parse.SUBPATTERN:
                if walk(arg[-1], inside_repeat):
                    return True
            elif op is sre_parse.BRANCH and any(walk(branch, inside_repeat) for branch in arg[1]):
                return True
        return False

    return walk(sre_parse.parse(pattern), False)


def _has_unbounded_repeat(pattern: str) -> bool:
    """True for `*`, `+` or `{n,}`. Tried at every position of a line, even one unbounded repeat is quadratic on a
    10 MB run of matching characters (`[a-z]+@` over 'aaaa...'), so phrase-scope regexes must bound them."""

    def walk(items: object) -> bool:
        for op, arg in items:  # type: ignore[attr-defined]
            if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
                if arg[1] == sre_parse.MAXREPEAT or walk(arg[2]):
                    return True
            elif op is sre_parse.SUBPATTERN:
                if walk(arg[-1]):
                    return True
            elif op is sre_parse.BRANCH and any(walk(branch) for branch in arg[1]):
                return True
        return False

    return walk(sre_parse.parse(pattern))


def _parse_header(name: str, lines: list[str]) -> tuple[dict[str, str], int]:
    header: dict[str, str] = {}
    index = 0
    for index, raw in enumerate(lines):
        if not raw.startswith("#"):
            break
        body = raw[1:].strip()
        if ":" not in body:
            break  # first free comment ends the header
        key, value = (part.strip() for part in body.split(":", 1))
        if key in header:
            raise LexiconError(f"{name}:{index + 1}: header key '{key}' given twice")
        header[key] = value
    else:
        index = len(lines)
    for key in REQUIRED_KEYS:
        if key not in header:
            raise LexiconError(f"{name}:1: header lacks '# {key}: ...'")
    for key, value in header.items():
        if key in REQUIRED_KEYS:
            continue
        if key not in OPTIONAL_KEYS:
            raise LexiconError(f"{name}:1: unknown header key '{key}'")
        allowed = OPTIONAL_KEYS[key]
        if allowed is not None and value not in allowed:
            raise LexiconError(f"{name}:1: '{key}' must be one of {', '.join(allowed)}, not '{value}'")
    if header["format"] != FORMAT:
        raise LexiconError(f"{name}:1: format '{header['format']}' is not {FORMAT}")
    if header["kind"] not in KINDS:
        raise LexiconError(f"{name}:1: kind must be one of {', '.join(KINDS)}, not '{header['kind']}'")
    return header, index


def _parse_row(name: str, number: int, raw: str, header: dict[str, str], verify: bool = True) -> Entry:
    cells = raw.split("\t")
    if len(cells) > 3:
        raise LexiconError(f"{name}:{number}: more than 3 tab-separated columns")
    cells += [""] * (3 - len(cells))
    for cell in cells:
        if cell != cell.strip():
            raise LexiconError(f"{name}:{number}: a cell has leading or trailing white space: {cell!r}")
    pattern, replacement, note = cells
    if not pattern:
        raise LexiconError(f"{name}:{number}: empty pattern")
    if header["kind"] == "existence" and replacement:
        raise LexiconError(f"{name}:{number}: an existence list has no replacement column")
    if header["kind"] == "substitution" and not replacement:
        raise LexiconError(f"{name}:{number}: a substitution row needs a replacement")
    if header.get("match") == "regex" and verify:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise LexiconError(f"{name}:{number}: pattern does not compile: {exc}") from None
    return Entry(pattern, replacement, note, number)


def _guard(name: str, entries: list[Entry], header: dict[str, str]) -> None:
    """The backtracking guard, for a regex list that stays on Python's `re` (a row the native engine cannot run
    exactly: lookaround, a backreference, `\\b`); a list the native engine runs is linear whatever its rows."""
    case_sensitive = header.get("case", "insensitive") == "sensitive"
    scope = header.get("scope", "phrase")
    if native_nodes(tuple(entries), case_sensitive=case_sensitive, scope=scope) is not None:
        return
    for entry in entries:
        number, pattern = entry.line, entry.pattern
        if _nests_quantifiers(pattern):
            raise LexiconError(f"{name}:{number}: nested quantifiers can backtrack catastrophically: {pattern}")
        problem = refusal(pattern, not case_sensitive)
        if problem:
            raise LexiconError(f"{name}:{number}: {problem}: {pattern}")
        if scope == "phrase" and _has_unbounded_repeat(pattern):
            raise LexiconError(f"{name}:{number}: unbounded repeat in a phrase-scope regex is quadratic on long "
                               f"lines; write {{1,N}}: {pattern}")


def parse_lexicon(path: str | Path, text: str, verify: bool = True) -> Lexicon:
    """Parse one lexicon file's text; `path` is used for messages and the language check. `verify=False` skips the
    per-pattern regex checks (compiling each pattern alone and the backtracking guard), which are most of a
    scan's start-up: only for lists whose bytes the test suite verified (`load_lexicon`, `lexicons/verified.json`)."""
    header, rows = _parse_rows(path, text, verify)
    return _lexicon(path, header, rows, verify)


def _parse_rows(path: str | Path, text: str, verify: bool) -> tuple[dict[str, str], list[tuple[str, str, str, int]]]:
    """The header and the rows (pattern, replacement, note, line number) of a lexicon file: builtin values, so that
    a verified list's are kept between runs (`load_lexicon`, `detector.core.prebuilt`)."""
    name = Path(path).name
    if "\r" in text:
        raise LexiconError(f"{name}:1: CR line endings; the format is LF only")
    lines = text.split("\n")
    header, first_row = _parse_header(name, lines)
    parts = name.split(".")
    if len(parts) < 3 or parts[-1] != "tsv" or parts[-2] != header["lang"]:
        raise LexiconError(f"{name}:1: file name must be <name>.{header['lang']}.tsv to match '# lang:'")
    case_sensitive = header.get("case", "insensitive") == "sensitive"
    rows: list[tuple[str, str, str, int]] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines[first_row:], start=first_row + 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        entry = _parse_row(name, number, raw, header, verify)
        key = entry.pattern if case_sensitive else entry.pattern.casefold()
        if key in seen:
            raise LexiconError(f"{name}:{number}: duplicate of line {seen[key]}: {entry.pattern}")
        seen[key] = number
        rows.append((entry.pattern, entry.replacement, entry.note, entry.line))
    return header, rows


def _lexicon(path: str | Path, header: dict[str, str], rows: list[tuple[str, str, str, int]], verify: bool) -> Lexicon:
    name = Path(path).name
    entries = [Entry(*row) for row in rows]
    case_sensitive = header.get("case", "insensitive") == "sensitive"
    scope = header.get("scope", "phrase")
    regex = header.get("match", "literal") == "regex"
    if regex and verify:
        _guard(name, entries, header)
    matcher = Matcher(tuple(entries), case_sensitive=case_sensitive, regex=regex, scope=scope)
    return Lexicon(
        name=name, path=str(path), kind=header["kind"], lang=header["lang"], source=header["source"],
        license=header["license"], description=header.get("description", ""), case_sensitive=case_sensitive,
        regex=regex, scope=scope, entries=tuple(entries), matcher=matcher,
    )


@cache
def lexicon_root() -> Path:
    """Where the data lives: inside the installed package (wheel), or beside it in a source checkout (found once a
    process: a one-file scan asks 165 times)."""
    package = Path(__file__).resolve().parents[1]  # detector/, this file being detector/text/lexicons.py
    for candidate in (package / "_lexicons", package.parent / "lexicons"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("lexicons/ not found beside or inside the detector package")


VERIFIED_FILE = "verified.json"  # relative name -> sha256 of the lists the test suite verified (tests/test_lexicons.py)


@cache
def verified_hashes() -> dict[str, str]:
    """The lists shipped and verified with every check; a file missing here, or whose bytes changed (a list a user
    added or edited), is verified when it loads."""
    path = lexicon_root() / VERIFIED_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.get("sha256", {}).items()} if isinstance(data, dict) else {}


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def load_lexicon(relative: str) -> Lexicon:
    """Load `<category>/<file>` once per process (wordfreq's habit: data is read once and cached). The per-pattern
    regex checks are most of a scan's start-up, so a list whose bytes the test suite verified skips them."""
    path = lexicon_root() / relative
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path.name}:1: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    digest = text_hash(text)
    if verified_hashes().get(relative) != digest:
        return parse_lexicon(path, text, verify=True)
    # a verified list's rows are kept between runs, keyed by its bytes' hash (a list of 3,000 rows is parsed once)
    header, rows = prebuilt.memo("lexicon", f"{relative}\0{digest}", lambda: _parse_rows(path, text, False),
                                 code=(sys.modules[__name__],))
    return _lexicon(path, header, rows, verify=False)


def lexicon_files(pattern: str = "*/*.tsv") -> list[str]:
    """Every lexicon file below the root, as sorted `<category>/<file>` names. A `<folder>/<name>` pattern whose
    only wildcard is `*` is matched against one listing of the root (`_listing`) without a regex: `Path.glob`
    compiles each pattern into a regex, and the twenty a scan asks for were 2% of a one-file scan."""
    root = lexicon_root()
    parts = pattern.split("/")
    if len(parts) == 2 and not any(c in pattern for c in "?[]\\") and "**" not in pattern:
        return sorted(f"{folder}/{name}" for folder, name in _listing() if _star_match(parts[0], folder)
                      and _star_match(parts[1], name))
    return sorted(str(p.relative_to(root)).replace("\\", "/") for p in root.glob(pattern))


@cache
def _listing() -> tuple[tuple[str, str], ...]:
    """(folder, name) of every entry one folder below the root, as `Path.glob("*/*")` would see them."""
    root = lexicon_root()
    found = []
    with os.scandir(root) as folders:
        for folder in folders:
            if folder.is_dir():
                with os.scandir(folder.path) as entries:
                    found.extend((folder.name, entry.name) for entry in entries)
    return tuple(found)


def _star_match(pattern: str, name: str) -> bool:
    """`fnmatch.fnmatchcase(name, pattern)` for a pattern whose only wildcard is `*`.

    >>> _star_match("nav_ui.*.tsv", "nav_ui.en.tsv"), _star_match("*.tsv", "a.tsv.bak"), _star_match("a*a", "a")
    (True, False, False)
    """
    pieces = pattern.split("*")
    if len(pieces) == 1:
        return name == pattern
    head, *middle, tail = pieces
    if len(name) < len(head) + len(tail) or not name.startswith(head) or not name.endswith(tail):
        return False
    at, stop = len(head), len(name) - len(tail)
    for piece in middle:
        found = name.find(piece, at, stop)
        if found < 0:
            return False
        at = found + len(piece)
    return True
