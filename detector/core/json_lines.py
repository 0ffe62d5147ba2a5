"""JSON as every machine-readable output writes it: compact, UTF-8, deterministic, and never refused.

One encoder for report rows, eval mistakes, corpus statistics headers and the Parquet writer's nested columns, so
a row reads back the same whichever file holds it.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from detector.core.safety import json_safe, scalar


def dumps(data: Any) -> str:
    """Compact, UTF-8, deterministic JSON, in about a seventh of the time of `json.dumps(data, ensure_ascii=False,
    separators=(",", ":"))` and the same bytes for every report row measured (9,855 dev rows, the golden files).
    Two differences, neither reached by rounded report values: a float in exponent form is written `1e-5` where json
    writes `1e-05`, and NaN becomes null where json would refuse it (the schema tests would see a null where a
    number belongs).

    What orjson refuses (lone surrogates, integers past 64 bits, nesting past 254 levels, all from untrusted
    metadata) is made safe by `core.safety.json_safe` and written by the standard library instead: a row is never
    lost to its metadata."""
    try:
        return orjson.dumps(data, default=scalar, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(json_safe(data), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


__all__ = ["dumps"]
