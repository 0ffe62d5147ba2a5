"""CI formats: GitHub Actions workflow commands (annotations on the changed lines) and JUnit XML (a test case per
document, failed when it gets `review` or worse), for CI systems that show test reports."""

from __future__ import annotations

import re
from typing import TextIO

from detector.core.model import VERDICT_RANK, DocumentReport
from detector.core.safety import VisibleStream, safe_text
from detector.reports.locations import RecordColumns, line_starts, locate, located, with_quote
from detector.reports.writers.base import WriterContext
from detector.scorers.registry import load_rules

GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
# What XML 1.0 forbids (C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF): removed from JUnit
# output, since no escape can make them well-formed. Surrogates are replaced by U+FFFD first, as in every format.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return XML_FORBIDDEN.sub("", safe_text(value))


def escape(value: str) -> str:
    """Element text for JUnit: forbidden characters stripped, markup escaped.

    >>> escape("form\x0cfeed <b>")
    'formfeed &lt;b&gt;'
    """
    from xml.sax import saxutils  # imports urllib and http: only when JUnit is written

    return saxutils.escape(_xml_text(value))


def quoteattr(value: str) -> str:
    """An attribute value for JUnit, quoted (line breaks and tabs kept as character references)."""
    from xml.sax import saxutils

    return saxutils.quoteattr(_xml_text(value))


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


class GithubWriter:
    """`::warning file=...,line=...,col=...,title=RULE::message`, one line per finding. A finding in a JSONL record
    is placed on the record's line, at the columns of its quote inside the text field's string (`RecordColumns`),
    and its message ends with the quote, since the annotated line is a long JSON object."""

    def __init__(self, out: TextIO, context: WriterContext) -> None:
        self.out = VisibleStream(out)  # a CI log renders ANSI: no document may write an escape into it (N10)
        self.names = {rule.id: rule.name for rule in load_rules().values()}
        self.columns = RecordColumns(context.text_field)

    def write(self, report: DocumentReport) -> None:
        for error in report.errors:
            where = locate(report, None)
            self.out.write(f"::error file={_property(where.path)},line={where.start_line},"
                           f"title={_property(error.rule_id)}::{_data(error.message)}\n")
        starts = line_starts(report.text) if report.text else None
        for finding in report.findings:
            where = located(report, finding, starts, self.columns)
            position = f"line={where.start_line}"
            if where.start_column is not None:
                position += f",col={where.start_column},endLine={where.end_line},endColumn={where.end_column}"
            title = f"{finding.rule_id} {self.names.get(finding.rule_id, '')}".strip()
            message = finding.message if not where.record else f"{report.id}: {with_quote(finding)}"
            self.out.write(f"::{GITHUB_LEVEL[finding.severity]} file={_property(where.path)},{position},"
                           f"title={_property(title)}::{_data(message)}\n")

    def close(self) -> None:
        self.out.flush()


class JunitWriter:
    """Test cases are held until the end: JUnit puts the counts in the enclosing element."""

    def __init__(self, out: TextIO, context: WriterContext) -> None:
        self.out = out
        self.cases: list[str] = []
        self.failures = self.errors = 0

    def write(self, report: DocumentReport) -> None:
        name = quoteattr(report.id)
        classname = quoteattr(report.source or report.id)
        if report.errors:
            self.errors += 1
            detail = "\n".join(f"{e.rule_id}: {e.message}" for e in report.errors)
            self.cases.append(f'  <testcase name={name} classname={classname}>\n    <error message='
                              f'{quoteattr(report.errors[0].message)}>{escape(detail)}</error>\n  </testcase>')
            return
        if VERDICT_RANK[report.verdict] >= VERDICT_RANK["review"]:
            self.failures += 1
            lines = [f"{f.rule_id} [{f.severity}] {f.message}" + (f' "{f.quote[:80]}"' if f.quote else "")
                     for f in report.findings]
            message = quoteattr(f"verdict {report.verdict}, overall {report.overall}")
            self.cases.append(f"  <testcase name={name} classname={classname}>\n    <failure message={message}>"
                              f"{escape(chr(10).join(lines))}</failure>\n  </testcase>")
            return
        self.cases.append(f"  <testcase name={name} classname={classname}/>")

    def close(self) -> None:
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(f'<testsuite name="detector" tests="{len(self.cases)}" failures="{self.failures}" '
                       f'errors="{self.errors}">\n')
        self.out.write("\n".join(self.cases) + ("\n" if self.cases else ""))
        self.out.write("</testsuite>\n")
        self.out.flush()
