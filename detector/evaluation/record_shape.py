"""Say which field is missing where, when a labelled corpus handed to `detector eval` has the wrong shape.

The evaluations read their files trusting the documented format; a file of another shape (a report instead of the
labelled corpus, a renamed field) used to end in `KeyError: 'lines'` and exit 1. When an evaluation fails, the file
is checked against its shape and the first mismatch is named with its line, in one message (exit 2).

A shape is a mapping from field name to the accepted types, or to a one-element list holding the shape of each item
of a list field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Union

Shape = dict[str, Union[tuple[type, ...], list[Any]]]

NUMBER = (int, float)
TEXT = (str,)
IDENT = (str, int)

BOILERPLATE_PAGE: Shape = {"id": IDENT, "text": TEXT, "extractor": TEXT,
                           "lines": [{"start": (int,), "end": (int,), "label": TEXT}]}
MT_SEGMENT: Shape = {"id": IDENT, "target": TEXT,
                     "errors": [{"start": (int, type(None)), "end": (int, type(None)), "category": TEXT,
                                 "severity": TEXT}]}
MT_DOCUMENT: Shape = {"id": IDENT, "text": TEXT, "label": TEXT}
DOCUMENT: Shape = {"id": IDENT, "text": TEXT}  # `detector eval verdict`: a residue page or an MT document


def _names(types: tuple[type, ...]) -> str:
    return " or ".join("null" if t is type(None) else t.__name__ for t in types)


def _problem(record: Any, shape: Shape, where: str) -> str | None:
    if not isinstance(record, dict):
        return f"{where}: a JSON {type(record).__name__}, not an object"
    for name, expected in shape.items():
        if name not in record:
            have = ", ".join(sorted(str(k) for k in record)[:12]) or "none"
            return f"{where}: field '{name}' is missing (the record has: {have})"
        value = record[name]
        if isinstance(expected, list):
            if not isinstance(value, list):
                return f"{where}: field '{name}' must be a list, not {type(value).__name__}"
            for index, item in enumerate(value):
                problem = _problem(item, expected[0], f"{where}, {name}[{index}]")
                if problem:
                    return problem
        elif isinstance(value, bool) or not isinstance(value, expected):
            return f"{where}: field '{name}' must be {_names(expected)}, not {type(value).__name__}"
    return None


def first_problem(path: str | Path, shape: Shape) -> str | None:
    """The first line of `path` that does not have `shape`, said in one line, or None.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp(); name = os.path.join(folder, "x.jsonl")
    >>> _ = open(name, "w").write('{"id": 1, "text": "t", "extractor": "x"}\\n')
    >>> first_problem(name, BOILERPLATE_PAGE).split(": ", 1)[1]
    "field 'lines' is missing (the record has: extractor, id, text)"
    """
    try:
        with Path(path).open("rb") as stream:
            for number, raw in enumerate(stream, start=1):
                if not raw.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    record = json.loads(raw)
                except (ValueError, RecursionError) as exc:
                    return f"{where}: not a JSON record ({str(exc)[:120]})"
                problem = _problem(record, shape, where)
                if problem:
                    return problem
    except OSError as exc:
        return f"{path}: cannot read: {exc.strerror or exc}"
    return None
