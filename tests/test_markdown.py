"""The Markdown report's quotes: spaced as the text is, the flagged part bold wherever CommonMark puts it, invisible
characters shown, and nothing in a document able to inject markup. Checked with markdown-it-py, a CommonMark
parser, on text drawn by hypothesis."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from detector.core.model import Edit, Finding, Span
from detector.reports.writers.markdown import describe_replacement, in_context

PARSER = MarkdownIt("commonmark")
PIECES = st.text(alphabet="ab Z.,:;!?“”\"'()-*_`|<>&#\u00a0\t\n", max_size=12)


def finding(start: int, end: int, quote: str) -> Finding:
    return Finding("MT101", "mt-artifact", "warning", 0.8, Span(start, end), quote, "m")


def visible(text: str) -> str:
    """What the reader must see of a flagged text: runs of white space inside as one space, and at the two ends
    each white-space character shown (␣ for an ASCII one, its code point for another)."""
    core = text.strip()
    if not core:
        return "".join("␣" if c.isascii() else f"<U+{ord(c):04X}>" for c in text)
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    mark = "".join
    return (mark("␣" if c.isascii() else f"<U+{ord(c):04X}>" for c in lead) + " ".join(core.split())
            + mark("␣" if c.isascii() else f"<U+{ord(c):04X}>" for c in trail))


def bold_text(line: str) -> tuple[str, str]:
    """The text inside the one bold element of a rendered line, and the line's whole text."""
    tokens = PARSER.parseInline(line)[0].children or []
    inside, depth, whole = [], 0, []
    for token in tokens:
        if token.type in ("strong_open", "strong_close") or (token.type == "html_inline"
                                                             and token.content in ("<b>", "</b>")):
            depth += 1 if token.type == "strong_open" or token.content == "<b>" else -1
            continue
        assert token.type in ("text", "softbreak"), (token.type, token.content, line)
        if depth:
            inside.append(token.content)
        whole.append(token.content)
    return "".join(inside), "".join(whole)


@settings(max_examples=500, deadline=None)
@given(PIECES, PIECES.filter(lambda s: s != ""), PIECES)
def test_the_flagged_text_renders_bold_with_its_context_spaced_as_written(before: str, flagged: str,
                                                                           after: str) -> None:
    text = before + flagged + after
    line = in_context(text, finding(len(before), len(text) - len(after), flagged))
    assert "\n" not in line
    blocks = [t.type for t in PARSER.parse(f"- finding\n  > {line}\n")]  # as the report writes it
    assert blocks == ["bullet_list_open", "list_item_open", "paragraph_open", "inline", "paragraph_close",
                      "blockquote_open", "paragraph_open", "inline", "paragraph_close", "blockquote_close",
                      "list_item_close", "bullet_list_close"], line
    inside, whole = bold_text(line)
    assert html.unescape(inside) == visible(flagged)
    expected_before = " ".join(before.split()) + (" " if before[-1:].isspace() and before.strip() else "")
    assert html.unescape(whole).startswith(expected_before.lstrip())


def test_the_quotes_of_the_issue() -> None:
    text = "Prime Minister Keir Starrer, who described the program"
    assert in_context(text, finding(20, 27, "Starrer")) == "Prime Minister Keir **Starrer**, who described the program"
    spaced = "the voluntary return program , which"
    assert in_context(spaced, finding(28, 30, " ,")) == "the voluntary return program<b>␣,</b> which"
    turned = "for us? “And the further"
    assert in_context(turned, finding(8, 9, "“")) == "for us? <b>“</b>And the further"


def test_suggestions_show_what_they_insert() -> None:
    assert describe_replacement("\u00a0") == "replace with `<U+00A0>` (U+00A0 NO-BREAK SPACE)"
    assert describe_replacement("") == "delete"
    assert describe_replacement("“") == "replace with `“`"
    assert describe_replacement("a\nb") == "replace with `a<U+000A>b` (U+000A LINE FEED)"
    assert describe_replacement("`x`") == "replace with `` `x` ``"
    for replacement in ("\u00a0", " ", "\u200b", "x\u2009y"):
        code = PARSER.parseInline(describe_replacement(replacement))[0].children[1]
        assert code.type == "code_inline" and code.content.strip() and "<U+" in code.content


def test_a_document_cannot_inject_markup() -> None:
    text = "<script>alert(1)</script> and <img src=x onerror=y> & **bold** `code`"
    line = in_context(text, finding(0, 8, "<script>"))
    rendered = PARSER.renderInline(line)
    assert "<script" not in rendered and "<img" not in rendered and "<code>" not in rendered
    edit = Finding("BP204", "boilerplate", "warning", 0.9, Span(0, 8), "<script>", "m", Edit(Span(0, 8), "", True))
    assert edit.suggestion is not None
