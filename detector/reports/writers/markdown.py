"""Markdown: a report a person reads. Per document: verdict, scores, and each finding quoted in its context with
the flagged text in bold, so the reader sees what was found without opening the source."""

from __future__ import annotations

import re
import unicodedata
from typing import TextIO

from detector.core.model import DocumentReport, Finding
from detector.core.safety import VisibleStream
from detector.reports.summary import Stats
from detector.reports.writers.base import WriterContext

CONTEXT_CHARS = 40
MAX_QUOTE = 160


WHITE_RUN = re.compile(r"\s+")
CONTROL_NAMES = {"\t": "CHARACTER TABULATION", "\n": "LINE FEED", "\r": "CARRIAGE RETURN"}  # unicodedata has none
EDGE_SPACE = "\u2423"  # ␣: a flagged space at the edge of a quote, which bold markers cannot hug


MARKUP = re.compile(r"([\\`*_\[\]<>&~|])")  # what can open inline markup, HTML or an entity
BLOCK_START = re.compile(r"^(?:[#>+=-]|\d+[.)])")  # what would make a quoted line a heading, list or quote


def _escape(text: str) -> str:
    """Text from a document, safe inside one Markdown line: white space runs become one space (kept at the ends,
    so a quote keeps its own spacing) and every character that could open markup, HTML or an entity is
    backslash-escaped (documents are untrusted; the reader sees them as written)."""
    return MARKUP.sub(r"\\\1", WHITE_RUN.sub(" ", text))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit // 2] + " … " + text[-limit // 2 :]


def _shown(char: str) -> str:
    """A character a reader could not see: ␣ for a space, `<U+00A0>` and the like for the rest."""
    return EDGE_SPACE if char == " " else f"<U+{ord(char):04X}>"


def _visible_edges(text: str) -> str:
    """`text` with the white space and invisible characters at its two ends made visible (inside, white space
    runs read as one space)."""
    start, end = 0, len(text)
    while start < end and not (text[start].isprintable() and not text[start].isspace()):
        start += 1
    while end > start and not (text[end - 1].isprintable() and not text[end - 1].isspace()):
        end -= 1
    head = "".join(_shown(" " if c.isspace() and c.isascii() else c) for c in text[:start])
    tail = "".join(_shown(" " if c.isspace() and c.isascii() else c) for c in text[end:])
    return _escape(head) + _escape(text[start:end]) + _escape(tail)


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _bold(flagged: str, before: str, after: str) -> str:
    """`**flagged**`, unless CommonMark would not read those markers as bold there (a quote that starts with
    punctuation right after a letter, or ends with it right before one): then `<b>flagged</b>`."""
    left = before[-1:] or " "
    right = after[:1] or " "
    opens = not _is_punctuation(flagged[0]) or left.isspace() or _is_punctuation(left)
    closes = not _is_punctuation(flagged[-1]) or right.isspace() or _is_punctuation(right)
    return f"**{flagged}**" if opens and closes else f"<b>{flagged}</b>"


def in_context(text: str, finding: Finding) -> str:
    """`…before **flagged** after…` on one line, spaced exactly as the text is: `Keir **Starrer**, said`.

    >>> from detector.core.model import Span
    >>> f = Finding("MT101", "mt-artifact", "warning", 0.8, Span(5, 12), "Starrer", "m")
    >>> in_context("Keir Starrer, said the minister.", f)
    'Keir **Starrer**, said the minister.'
    """
    if finding.span is None:
        return ""
    start, end = finding.span.start, finding.span.end
    before = _escape(text[max(0, start - CONTEXT_CHARS) : start])
    after = _escape(text[end : end + CONTEXT_CHARS])
    flagged = _visible_edges(_clip(text[start:end], MAX_QUOTE)) or "(empty)"
    lead = "…" if start > CONTEXT_CHARS else ""
    tail = "…" if end + CONTEXT_CHARS < len(text) else ""
    line = f"{lead}{before.lstrip()}{_bold(flagged, before, after)}{after.rstrip()}{tail}"
    return "\\" + line if BLOCK_START.match(line) else line


def describe_replacement(replacement: str) -> str:
    """How a suggestion reads: `delete`, or `replace with` the text in a code span, with any character a reader
    could not see shown by its code point and named (a no-break space is not an empty pair of quotes).

    >>> describe_replacement("\u00a0")
    'replace with `<U+00A0>` (U+00A0 NO-BREAK SPACE)'
    >>> describe_replacement("loggerheads")
    'replace with `loggerheads`'
    """
    if not replacement:
        return "delete"
    core = replacement.strip(" ")
    hidden = sorted({c for c in replacement if not c.isprintable() or not core})
    if core:
        lead, trail = len(replacement) - len(replacement.lstrip(" ")), len(replacement) - len(replacement.rstrip(" "))
        shown = EDGE_SPACE * lead + "".join(c if c.isprintable() else _shown(c) for c in core) + EDGE_SPACE * trail
    else:
        shown = "<U+0020>" * len(replacement)  # spaces alone: a code span would hide them
    fence, pad = ("``", " ") if "`" in shown else ("`", "")
    names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, CONTROL_NAMES.get(c, 'CONTROL'))}" for c in hidden)
    return f"replace with {fence}{pad}{shown}{pad}{fence}" + (f" ({names})" if names else "")


class MarkdownWriter:
    def __init__(self, out: TextIO, context: WriterContext) -> None:
        self.out = VisibleStream(out)  # read on a terminal: no document may write an escape into it (N10)
        self.scorers = context.scorer_names
        self.stats = Stats()
        self.out.write("# detector report\n")

    def write(self, report: DocumentReport) -> None:
        self.stats.add(report)
        w = self.out.write
        w(f"\n## {_escape(report.id)}\n\n")
        overall = "n/a" if report.overall is None else f"{report.overall:.1f}"
        w(f"**Verdict: {report.verdict}** · overall {overall} · language `{report.language}` · "
          f"source `{report.source}`\n\n")
        for error in report.errors:
            w(f"- **error {error.rule_id}**: {_escape(error.message)} (at `{error.where}`)\n")
        if report.errors:
            return
        w("| dimension | score |\n| --- | --- |\n")
        for name in self.scorers:
            value = report.scores.get(name)
            w(f"| {name} | {'n/a' if value is None else f'{value:.1f}'} |\n")
        if not report.findings:
            w("\nNo findings.\n")
            return
        w(f"\n{len(report.findings)} finding(s):\n\n")
        text = report.text
        for f in report.findings:
            where = "document" if f.span is None else f"{f.span.start}-{f.span.end}"
            w(f"- `{f.rule_id}` {f.severity} ({where}): {_escape(f.message)}\n")
            context = in_context(text, f) if text else _escape(_clip(f.quote, MAX_QUOTE))
            if context:
                w(f"  > {context}\n")
            if f.suggestion is not None:
                action = describe_replacement(f.suggestion.replacement)
                w(f"  - suggestion ({'safe' if f.suggestion.safe else 'unsafe'}): {action}\n")

    def close(self) -> None:
        s = self.stats
        self.out.write("\n## Summary\n\n| documents | ok | error rows | pass | review | reject |\n"
                       "| --- | --- | --- | --- | --- | --- |\n")
        self.out.write(f"| {s.documents} | {s.ok} | {s.errors} | {s.verdicts['pass']} | {s.verdicts['review']} | "
                       f"{s.verdicts['reject']} |\n")
        self.out.flush()

