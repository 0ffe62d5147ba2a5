"""Read `detector scan` JSONL reports as untrusted data: strict on shape, lenient on values, one row per line.

A report may come from another machine, another version or a hand edit. The fields the dashboard cannot do without
(`id`, `verdict`, `scores`, `findings`) must be there with the right JSON type, and a row that lacks one stops the
build with `FILE:LINE: ...` naming the field, so that `detector dashboard docs.jsonl` on the corpus itself says
that it is not a report. Every other value is coerced (strings cleaned of lone surrogates, numbers that are not
finite numbers dropped), so markup or nonsense in any field becomes text on the page, never an error or a script.
Rows are streamed: a 100,000-document report is never held in memory as dictionaries.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Union

import orjson

from detector.dashboard.markup import clean_text

MetaValue = Union[str, float, None]
META_VALUE_LIMIT = 200  # characters of a nested meta value (list or object) kept as its JSON text
GRADE_LIMIT = 1e6  # a reading grade far past any text's
REQUIRED = (("id", None), ("verdict", None), ("scores", dict), ("findings", list))


class ReportError(ValueError):
    """The input is not a detector report; the message names the file, the line and the field."""


class FindingView(NamedTuple):
    """One finding as the dashboard shows it; offsets are None when the report gives no usable span. A tuple:
    a report has millions of findings, and a frozen dataclass costs several times more to build."""

    rule_id: str
    category: str
    severity: str
    start: int | None
    end: int | None
    quote: str
    message: str
    fix: str | None  # None: no suggestion; "": delete


@dataclass(slots=True)
class ReportRow:
    index: int  # 0-based position among the report's rows
    id: str
    source: str
    status: str
    language: str
    verdict: str
    overall: float | None
    scores: dict[str, float]
    rules: list[tuple[str, str]]  # (rule_id, category) of each finding, in report order
    raw_findings: list[dict[str, Any]]  # checked; turned into FindingView only for an embedded document
    errors: list[str]
    meta: dict[str, MetaValue]
    text: str | None
    grade: float | None  # Flesch-Kincaid grade, from the readability metrics

    def findings(self) -> list[FindingView]:
        return [_finding(f) for f in self.raw_findings]


def iter_rows(path: Path) -> Iterator[ReportRow]:
    """The rows of one JSONL report, in file order. Raises ReportError (not a report) or OSError (unreadable)."""
    index = 0
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if line.isspace() or not line:
                continue
            where = f"{path}:{number}"
            yield normalise(_parse(line, where), index, where)
            index += 1
    if index == 0:
        raise ReportError(f"{path}: no report rows (an empty file is not a report)")


def _parse(line: bytes, where: str) -> dict[str, Any]:
    """One row. orjson refuses lone-surrogate escapes and invalid UTF-8, so a row it parses needs no cleaning;
    the rest (which the scan may write: a `\\udc80` in an id) go through json and get every string cleaned."""
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        try:
            value = _cleaned(json.loads(line.decode("utf-8", "replace")))
        except (ValueError, RecursionError) as exc:
            raise ReportError(f"{where}: not a JSON report row ({_reason(exc)})") from None
    if not isinstance(value, dict):
        raise ReportError(f"{where}: not a report row (a JSON {type(value).__name__}, not an object)")
    return value


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k): _cleaned(v) for k, v in value.items()}
    return value


def _reason(exc: BaseException) -> str:
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(":")[0]


def normalise(raw: dict[str, Any], index: int, where: str) -> ReportRow:
    for name, kind in REQUIRED:
        if name not in raw:
            raise ReportError(f"{where}: not a detector report row: field '{name}' is missing "
                              f"(a report row has {', '.join(n for n, _ in REQUIRED)}; make one with "
                              f"`detector scan ... --format jsonl`)")
        if kind is not None and not isinstance(raw[name], kind):
            raise ReportError(f"{where}: field '{name}' is a JSON {type(raw[name]).__name__}, not an "
                              f"{'object' if kind is dict else 'array'}")
    findings = raw["findings"]
    rules = []
    for position, f in enumerate(findings):
        if not isinstance(f, dict) or "rule_id" not in f:
            raise ReportError(f"{where}: findings[{position}] has no 'rule_id' (each finding is an object with "
                              f"rule_id, category, start, end, quote, message)")
        rules.append((_text(f["rule_id"]), _text(f.get("category", ""))))
    metrics = raw.get("metrics")
    readability = metrics.get("readability") if isinstance(metrics, dict) else None
    return ReportRow(
        index=index, id=_text(raw["id"]), source=_text(raw.get("source", "")),
        status=_text(raw.get("status", "ok")), language=_text(raw.get("language", "und")),
        verdict=_text(raw["verdict"]), overall=_score(raw.get("overall")),
        scores={k: v for k, v in ((k, _score(v)) for k, v in raw["scores"].items()) if v is not None},
        rules=rules, raw_findings=findings, errors=_errors(raw.get("errors")), meta=_meta(raw.get("meta")),
        text=raw["text"] if isinstance(raw.get("text"), str) else None,
        grade=_number(readability.get("flesch_kincaid_grade"), GRADE_LIMIT) if isinstance(readability, dict)
        else None)


def _finding(raw: dict[str, Any]) -> FindingView:
    start, end = raw.get("start"), raw.get("end")
    if not (_is_int(start) and _is_int(end) and 0 <= start <= end):
        start = end = None
    suggestion = raw.get("suggestion")
    fix = suggestion.get("replacement") if isinstance(suggestion, dict) else None
    return FindingView(rule_id=_text(raw["rule_id"]), category=_text(raw.get("category", "")),
                       severity=_text(raw.get("severity", "")), start=start, end=end,
                       quote=_text(raw.get("quote", "")), message=_text(raw.get("message", "")),
                       fix=None if fix is None else _text(fix))


def _errors(raw: object) -> list[str]:
    if not isinstance(raw, list):
        return []
    out = []
    for item in raw:
        if isinstance(item, dict):
            out.append(f"{_text(item.get('rule_id', ''))} {_text(item.get('message', ''))}".strip())
        else:
            out.append(_text(item))
    return out


def _meta(raw: object) -> dict[str, MetaValue]:
    if not isinstance(raw, dict):
        return {}
    return {key: meta_value(value) for key, value in raw.items()}


def meta_value(value: object) -> MetaValue:
    """A meta field as one cell: numbers stay numbers, everything else becomes text.

    >>> meta_value(True), meta_value(3), meta_value({"b": 1, "a": [2]})
    ('true', 3.0, '{"a": [2], "b": 1}')
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        number = _number(value)
        return number if number is not None else str(value)
    if isinstance(value, str):
        return value
    return _json_text(value)[:META_VALUE_LIMIT]


def _json_text(value: object) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError, RecursionError):
        text = "(unprintable)"
    return clean_text(text)


def _text(value: object) -> str:
    if type(value) is str:  # strings are clean already (see _parse)
        return value
    if value is None:
        return ""
    return _json_text(value) if isinstance(value, (list, dict)) else str(value)


def _number(value: object, limit: float = math.inf) -> float | None:
    """A finite number of at most `limit` in magnitude, or None (a value no report of ours holds is not a number:
    two scores of 1e308 made the group statistics overflow, audit N13)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer of thousands of digits
        return None
    return number if math.isfinite(number) and abs(number) <= limit else None


def _score(value: object) -> float | None:
    """A score: a number from 0 to 100, else None."""
    number = _number(value)
    return number if number is not None and 0 <= number <= 100 else None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


__all__ = ["FindingView", "ReportError", "ReportRow", "iter_rows", "meta_value", "normalise"]
