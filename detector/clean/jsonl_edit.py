"""Edit one field of a JSONL record in place, keeping every other byte of the record as it was.

`json.loads` then `json.dumps` rewrites a record: `1e400` becomes `Infinity` (not JSON), `1.10` becomes `1.1`,
`1E5` becomes `100000.0`, key order and spacing change, escapes are re-chosen and a raw CR (valid JSON white space)
splits the line. `detector clean` promises to change nothing but the text, so it edits the record's source text:
the text field's string literal is rewritten piece by piece (the unchanged pieces copied as they were, escapes
included), and `detector_removed` gets its new entries appended inside its array, or is added as the last member.

Offsets of the edits are code points of the decoded text; `literal_offsets` maps each to its position in the
literal (an escape such as `\\u00e9` or a surrogate pair is one character and several source characters).

>>> from detector.clean.edits import AppliedEdit
>>> record = '{"n": 1.10, "text": "Share\\\\nBody", "x": 1e400}'
>>> line = edit_record(record, "text", [[AppliedEdit(0, 6, "", "Share\\n", "BP102")]], 0)
>>> line[:40]
'{"n": 1.10, "text": "Body", "x": 1e400,"'
>>> json.loads(line)["detector_removed"][0]["removed"]
'Share\\n'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any, Protocol

from detector.core.safety import SURROGATE
from detector.inputs.json_spans import RecordShapeError, literal_offsets, members  # re-exported: used here first
from detector.inputs.records import parse_json

REMOVED_FIELD = "detector_removed"


class AppliedEditLike(Protocol):
    """What an edit needs to be recorded (`detector.clean.edits.AppliedEdit` has it)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def replacement(self) -> str: ...

    @property
    def rule_id(self) -> str: ...


def string_content(text: str) -> str:
    """`text` as the content of a JSON string literal: non-ASCII kept, lone surrogates escaped (`\\udc80`), so
    the result encodes to UTF-8."""
    content = json.dumps(text, ensure_ascii=False)[1:-1]
    return SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", content)


def edit_record(line: str, field: str, rounds: Sequence[Sequence[AppliedEditLike]], first_round: int,
                clean: int = 0) -> str:
    """`line` with the rounds of edits applied to `field`'s string and recorded in `detector_removed` (numbered
    from `first_round + 1`; `clean`, when given, numbers this clean among the record's cleans, so that `detector
    restore` can undo the last one). Everything else keeps its bytes."""
    spans = members(line)
    start, end = spans[field]
    literal = line[start + 1 : end - 1]
    expected = scanstring(line, start + 1, True)[0]
    entries = []
    for number, applied in enumerate(rounds, start=first_round + 1):
        offsets = literal_offsets(literal)
        parts: list[str] = []
        position = 0
        for edit in applied:
            begin, stop = offsets[edit.start], offsets[edit.end]
            parts += [literal[position:begin], string_content(edit.replacement)]
            entries.append(f'{{"round":{number},"start":{edit.start},"end":{edit.end},'
                           f'"removed":"{literal[begin:stop]}","replacement":"{string_content(edit.replacement)}",'
                           f'"rule_id":"{string_content(edit.rule_id)}"' + (f',"clean":{clean}}}' if clean else "}"))
            position = stop
        parts.append(literal[position:])
        literal = "".join(parts)
        expected = _applied(expected, applied)
    if scanstring(f'"{literal}"', 1, True)[0] != expected:
        # A deletion between a lone high and a lone low surrogate escape (`\ud83d</div>\ude00`) makes them one
        # pair, one character that was never there (audit N12): JSON cannot write the two apart, so the record
        # is left as it is rather than changed into another text.
        raise RecordShapeError("the edited text cannot be written as JSON (an edit would join two lone surrogate "
                               "escapes into one character)")
    line = f'{line[:start]}"{literal}"{line[end:]}'
    return _append_removed(line, entries)


def _applied(text: str, applied: Sequence[AppliedEditLike]) -> str:
    parts, position = [], 0
    for edit in applied:
        parts += [text[position : edit.start], edit.replacement]
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


def _append_removed(line: str, entries: list[str]) -> str:
    if not entries:
        return line
    spans = members(line)
    if REMOVED_FIELD in spans:
        start, end = spans[REMOVED_FIELD]
        array = line[start:end]
        inner = array[1:-1]
        glue = "," if inner.strip() else ""
        return f"{line[:start]}[{inner.rstrip()}{glue}{','.join(entries)}]{line[end:]}"
    close = line.rstrip().rfind("}")
    body = line[:close].rstrip()
    glue = "" if body.endswith("{") else ","
    return f'{body}{glue}"{REMOVED_FIELD}":[{",".join(entries)}]{line[close:]}'


def previous_rounds(record: dict[str, Any]) -> int:
    """The highest round already recorded in `detector_removed` (0 when none); refuses a field of another
    shape, which appending to would corrupt."""
    removed = record.get(REMOVED_FIELD)
    if removed is None:
        return 0
    if not isinstance(removed, list):
        raise RecordShapeError(f"its '{REMOVED_FIELD}' field is not a list")
    rounds = [entry.get("round") for entry in removed if isinstance(entry, dict)]
    return max((r for r in rounds if isinstance(r, int) and not isinstance(r, bool)), default=0)


def previous_cleans(record: dict[str, Any]) -> int:
    """How many cleans `detector_removed` numbers already (0 when none is numbered)."""
    removed = record.get(REMOVED_FIELD)
    numbers = [entry.get("clean") for entry in removed if isinstance(entry, dict)] if isinstance(removed, list) else []
    return max((n for n in numbers if isinstance(n, int) and not isinstance(n, bool)), default=0)


def parse_record(line: str) -> Any:
    """The record as JSON (over-long integers kept as digits); raises ValueError or RecursionError."""
    return parse_json(line)
