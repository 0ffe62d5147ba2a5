"""HTML built from untrusted report data: every string is escaped unless it is markup this module made.

A report row is data from elsewhere (a scraped page's id, a meta field, a rule id typed by hand): any of them may
hold `<img onerror=...>`. Instead of remembering to escape at each call site, the page is assembled with `el()`,
which escapes every child and attribute value that is not already `Markup`, and `Markup` is only ever produced by
`el()` and `join()`. Embedded data goes through `data_for_script()`: gzip-compressed JSON in base64, whose
alphabet has no `<`, so no sequence in the data (`</script>`, `<!--<script>`) can end the element or switch the
HTML tokenizer into its escaped states (and the page's 100,000 rows are a few megabytes, not tens).

>>> str(el("td", {"title": '"x"'}, "<b>&</b>"))
'<td title="&quot;x&quot;">&lt;b&gt;&amp;&lt;/b&gt;</td>'
>>> packed = data_for_script({"t": "</script><!--<script>"})
>>> "<" in packed, gzip.decompress(base64.b64decode(packed))
(False, b'{"t":"</script><!--<script>"}')
"""

from __future__ import annotations

import base64
import gzip
import html
import re
from collections.abc import Iterable, Mapping

import orjson

_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
_ATTRIBUTE = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*\Z")  # SVG has camelCase names (viewBox)
class Markup(str):
    """A string that is already HTML. Only `el()`, `join()` and `raw_markup()` (for this package's own constant
    assets) make one."""

    __slots__ = ()


def escape(value: object) -> Markup:
    """Escape anything for HTML text or a double- or single-quoted attribute value."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(clean_text(str(value)), quote=True))


def clean_text(text: str) -> str:
    """Replace lone surrogates (a JSON `\\udc80` escape decodes to one) by U+FFFD, so the page is valid UTF-8.

    >>> clean_text("a\\udc80b")
    'a\\ufffdb'
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def el(tag: str, attrs: Mapping[str, object] | None = None, *children: object) -> Markup:
    """One element. Attribute names come from this package's code (checked); values and children are escaped.
    `None` attribute values are left out, `True` writes a bare attribute; list children are flattened."""
    if not _NAME.match(tag):
        raise ValueError(f"bad tag name {tag!r}")
    parts = [f"<{tag}"]
    for name, value in (attrs or {}).items():
        if not _ATTRIBUTE.match(name) or name.lower().startswith("on"):
            raise ValueError(f"bad attribute name {name!r}")
        if value is None or value is False:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{escape(value)}"')
    parts.append(">")
    parts.extend(_children(children))
    parts.append(f"</{tag}>")
    return Markup("".join(parts))


def _children(children: Iterable[object]) -> Iterable[str]:
    for child in children:
        if child is None:
            continue
        if isinstance(child, (list, tuple)) or (not isinstance(child, (str, int, float)) and
                                                isinstance(child, Iterable)):
            yield from _children(child)
        else:
            yield escape(child)


def join(parts: Iterable[object]) -> Markup:
    return Markup("".join(escape(p) for p in parts))


def raw_markup(text: str) -> Markup:
    """Markup from this package's own constant assets (never from report data)."""
    return Markup(text)


def data_for_script(value: object) -> str:
    """JSON, gzip-compressed (deterministic: no time stamp) and base64-encoded, for a `<script type=
    "application/octet-stream">` element that the page's script decompresses with DecompressionStream.

    orjson refuses lone surrogates, so strings are cleaned before they get here (`clean_text`)."""
    packed = gzip.compress(orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS), compresslevel=6, mtime=0)
    return base64.b64encode(packed).decode("ascii")


__all__ = ["Markup", "clean_text", "data_for_script", "el", "escape", "join", "raw_markup"]
