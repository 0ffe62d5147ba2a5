"""Markdown: a report a person reads. Per document: verdict, scores, and each finding quoted in its context with
the flagged text in bold, so the reader sees what was found without opening the source."""

from __future__ import annotations

from typing import TextIO

from detector.model import DocumentReport, Finding
from detector.summary import Stats
from detector.writers.base import WriterContext

CONTEXT_CHARS = 40
MAX_QUOTE = 160


def _escape(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace("`", "'")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit // 2] + " … " + text[-limit // 2 :]


def in_context(text: str, finding: Finding) -> str:
    """`…before **flagged** after…` on one line."""
    if finding.span is None:
        return ""
    start, end = finding.span.start, finding.span.end
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    flagged = _escape(_clip(text[start:end], MAX_QUOTE)) or "(empty)"
    lead = "…" if start > CONTEXT_CHARS else ""
    tail = "…" if end + CONTEXT_CHARS < len(text) else ""
    return f"{lead}{_escape(before)} **{flagged}** {_escape(after)}{tail}".strip()


class MarkdownWriter:
    def __init__(self, out: TextIO, context: WriterContext) -> None:
        self.out = out
        self.scorers = context.scorer_names
        self.stats = Stats()
        out.write("# detector report\n")

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
                replacement = f.suggestion.replacement
                action = f"replace with “{_escape(replacement)}”" if replacement else "delete"
                w(f"  - suggestion ({'safe' if f.suggestion.safe else 'unsafe'}): {action}\n")

    def close(self) -> None:
        s = self.stats
        self.out.write("\n## Summary\n\n| documents | ok | error rows | pass | review | reject |\n"
                       "| --- | --- | --- | --- | --- | --- |\n")
        self.out.write(f"| {s.documents} | {s.ok} | {s.errors} | {s.verdicts['pass']} | {s.verdicts['review']} | "
                       f"{s.verdicts['reject']} |\n")
        self.out.flush()

