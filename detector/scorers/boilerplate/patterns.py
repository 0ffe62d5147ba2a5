"""Code rules for residue that has a shape rather than a phrase: contact details, datelines, captions with a
photo credit, markup leftovers. Every regex here is bounded (no unbounded repeat is tried at every position), so a
10 MB line costs linear time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from detector.core.model import Span
from detector.rules.rule import Rule
from detector.scorers.boilerplate.candidates import Candidate
from detector.scorers.boilerplate.lines import DocumentLines, LineFacts

SOURCE = "artifact-detector boilerplate patterns; precision measured on extraction-residue dev"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}(?![\w@])")
URL = re.compile(r"(?<![\w/])(?:https?://|www\.)[^\s<>\"'\]\[)(]{2,2000}")
LINK_REFERENCE = re.compile(r"^\s{0,8}\[\d{1,4}\]:\s{0,4}\S")
PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{3,4}[\s.-]?\d{3,4}(?!\w)")
DIGIT = re.compile(r"\d")
SENTENCE_END_MARKS = ".!?…。！？"
CLOSING_MARKS = "\"”’»)]"
SENTENCE_WORDS = 4  # this many words outside the addresses make a sentence that holds them ("Call us at ..." is 3)
IN_SENTENCE = 0.5  # the confidence of an address inside a sentence: below any cleaning threshold, flagged only
WORD = re.compile(r"[^\W_]+")
PHONE_CUE = re.compile(r"(?i)\b(?:tel|phone|fax|call|telefon|téléphone|teléfono|mobile|whatsapp)\b")

MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|"
          "jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|"
          "mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|"
          "julio|agosto|septiembre|octubre|noviembre|diciembre")
WEEKDAYS = ("monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
            "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
            "dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo")
DATE_CUES = ("published|updated|posted|last|modified|created|on|at|am|pm|a.m|p.m|est|edt|cst|cdt|mst|mdt|pst|pdt|"
             "et|pt|ct|gmt|utc|bst|cet|cest|ist|jst|hkt|sgt|aest|veröffentlicht|aktualisiert|am|um|uhr|publié|le|"
             "à|mis|jour|publicado|actualizado|el|de|a|las|the|th|st|nd|rd|of|ago|hours|hour|minutes|min|days|"
             "day|today|yesterday|h")
DATE_WORD = re.compile(rf"(?i)^(?:{MONTHS}|{WEEKDAYS}|{DATE_CUES})\.?$")
MONTH_WORD = re.compile(rf"(?i)^(?:{MONTHS})\.?$")
TIME = re.compile(r"(?i)\b\d{1,2}[:.h]\d{2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)?")
NUMERIC_DATE = re.compile(r"\b(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\b")
DATE_TOKEN = re.compile(r"[^\W_]+(?:\.[^\W_]+)*\.?|\d{1,2}:\d{2}")

CREDIT_TAIL = re.compile(r"[\[(]([^\[\]()]{1,120})[\])]\s*$")
# A slash counts only between two capitalised names ("European Commission DG/Flickr", "AP Photo/John Doe"): in
# "(1/16 inch increments)" or "(in postgresql.conf or via ALTER SYSTEM)" it is not a credit (WCXB dev: 64 such
# content lines were flagged when any "/" or "via" counted).
CREDIT_CUE = re.compile(r"(?:[A-Z][\w.&-]*\s?/\s?[A-Z]|(?i:\bphoto|\bfoto|\bimage|\bcredit\b|\bgetty|\breuters|"
                        r"\bflickr|shutterstock|istock|xinhua|bloomberg|courtesy|handout|wikimedia|unsplash|"
                        r"alamy)|\bAP\b|\bAFP\b|\bEPA\b|\bPool\b|\bFile\b)")

ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,6});")
# A run of one entity written back to back, found by one match: an entity ends at its first ';', so where its text
# starts again `ENTITY` matches that same text again, and `\1*` takes every copy.
ENTITY_RUN = re.compile(f"({ENTITY.pattern})\\1*")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]{0,10})(\s[^<>\n]{0,200})?/?>")
# A tag names an HTML element, and what follows its name is attributes (`key=value`): `<The Palace: Jang Noksu>`,
# a title in angle brackets, is not markup (BP204 precision was 0.27 on extraction-residue and 0.32 on wcxb before).
HTML_ELEMENTS = frozenset([
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "blockquote", "body",
    "br", "button", "canvas", "caption", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del",
    "details", "dfn", "dialog", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "font",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "i", "iframe", "img",
    "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark", "menu", "meta", "meter", "nav",
    "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture", "pre", "progress", "q",
    "rp", "rt", "ruby", "s", "samp", "script", "section", "select", "small", "source", "span", "strong", "style",
    "sub", "summary", "sup", "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time",
    "title", "tr", "track", "u", "ul", "var", "video", "wbr", "center",
])
ELLIPSIS_MARK = re.compile(r"\[(?:\.\.\.|…)\]")
# Menu separators: a pipe with or without spaces around it; the others only between spaces ("Home » News » Sport",
# "Print / Email / Share"), since "AP Photo/John Doe" and "1/16 inch" use them inside words.
MENU_SPLIT = (re.compile(r"\s{0,3}\|\s{0,3}"), re.compile(r"\s[•·»›>/]\s"))
MENU_ITEM = re.compile(r"[^\W\d_]")
MENU_CODE = re.compile(r"[\[\]{}<>=\\@#_:]|--")  # code, a diagram ("E -->|Yes| F[Run]") or a label: not a menu
TABLE_RULE = re.compile(r"^\s{0,4}\|?\s{0,4}:?-{3}")


def _rule(id: str, name: str, message: str, title: str, rationale: str, example: str, fixed: str, fix: str,
          safety: str, known: str, confidence: float, category: str = "boilerplate") -> Rule:
    return Rule(id=id, name=name, category=category, kind="detector", severity="warning", confidence=confidence,
                message=message, title=title, rationale=rationale, example=example, fixed_example=fixed, fix=fix,
                fix_safety=safety, known_problems=known, source=SOURCE)


CONTACT = _rule(
    "BP201", "bp-contact", "{what} left by the page template: {match}", "Contact e-mail, URL or phone number",
    "Addresses and numbers of the site's newsroom are page furniture; glued to the last sentence they also corrupt "
    "that sentence for every downstream tokenizer.",
    "Camps host thousands of refugees from Burundi. editor@newtimesrwanda.com",
    "Camps host thousands of refugees from Burundi.", "Delete the line, or the address (and the space before it) when "
    "it follows the line's last sentence; an address inside a sentence is only flagged, never deleted.", "safe",
    "An address that the article itself gives ('write to tips@example.org') is flagged for review too, below the "
    "cleaning threshold. A line of four or more words around an address counts as a sentence, so a footer line such "
    "as 'For more information visit www.example.org' is kept.", 0.9)
DATELINE = _rule(
    "BP202", "bp-dateline", "A date or timestamp line: {match}", "Dateline or timestamp line",
    "Publication and update stamps belong in metadata. Left in the text they become the first 'sentence' of the "
    "article and leak page-rendering times into a corpus.",
    "December 15, 2017 at 12:00 pm\nRussia has expressed its openness to work with the United States.",
    "Russia has expressed its openness to work with the United States.", "Delete the line; keep the date as metadata.",
    "safe", "A line that is only a date inside an article (a diary entry, a schedule) is flagged too.", 0.9)
CAPTION = _rule(
    "BP203", "bp-caption-credit", "A photo caption with a credit: {match}", "Photo caption with credit",
    "Captions describe a picture the text no longer has; the credit in brackets ('[Flickr]', '(AP Photo/...)') "
    "shows where it came from. In the body they interrupt the article mid-thought.",
    "Migrants can be seen at a shelter in Benghazi, Libya [European Commission DG/Flickr]\nThe talks continued.",
    "The talks continued.", "Delete the caption line.", "safe",
    "A sentence that ends with a parenthesised source ('(Reuters)') may be content; confidence is lower there.", 0.8)
MARKUP = _rule(
    "BP204", "bp-markup-leftover", "Markup left in the text: {match}", "HTML entity, tag or elision mark",
    "`&nbsp;`, `&#8217;` or `<br/>` in extracted text mean the extractor did not decode the page; readers and models "
    "see noise where a character or nothing belongs.",
    "The ministry&nbsp;said the plan would go ahead.", "The ministry said the plan would go ahead.",
    "Decode the entity (or delete the tag or mark).", "safe",
    "Text that discusses HTML (a tutorial) is flagged too.", 0.95)


def contact_candidates(lines: DocumentLines) -> Iterator[Candidate]:
    text = lines.view.text
    # What each pattern cannot match without, checked once on the whole text so that most documents skip the
    # per-line searches: an e-mail needs "@", a URL "://" or "www.", a phone number a digit, a reference "]:".
    scored = lines.view.scored_text
    emails, urls = "@" in scored, "://" in scored or "www." in scored
    phones, references = DIGIT.search(scored) is not None, "]:" in scored
    if not (emails or urls or phones or references):
        return
    for line in lines.lines:
        if references and LINK_REFERENCE.match(line.text):
            yield Candidate(CONTACT, line.span, 0.97, CONTACT.format_message(what="A link reference",
                                                                               match=line.text[:80]), line.index)
            continue
        found = [(m, "An e-mail address") for m in EMAIL.finditer(text, line.span.start, line.span.end)] if emails \
            else []
        if urls:
            found += [(m, "A URL") for m in URL.finditer(text, line.span.start, line.span.end)]
        if phones and (line.words <= 6 or PHONE_CUE.search(line.text)):
            found += [(m, "A phone number") for m in PHONE.finditer(text, line.span.start, line.span.end)]
        if not found:
            continue
        yield from _contact_findings(text, line, found)


def _contact_findings(text: str, line: LineFacts, found: list[tuple[re.Match[str], str]]) -> Iterator[Candidate]:
    """A line that is little more than contact details goes whole; a sentence that holds an address keeps it.

    Deleting an address from inside a sentence breaks the sentence ("Workers' Compensation Board
    (https://www.wcb.ny.gov/)" became "Workers' Compensation Board ()"; "call 866-908-4748" lost its number). So
    a line whose words outside the addresses read as a sentence (`SENTENCE_WORDS` or more) is only flagged (held
    below the threshold, unsafe fix), and inside a line the only safe deletion is a whole trailing clause: an address
    after the line's last sentence has ended ("... their countries. editor@newtimesrwanda.com").
    """
    covered = sum(m.end() - m.start() for m, _ in found)
    first, what = min(found, key=lambda f: f[0].start())
    rest = len(WORD.findall(_outside(text, line, [m for m, _ in found])))
    if line.words <= 8 or covered >= 0.5 * len(line.text):
        message = CONTACT.format_message(what=what, match=first.group(0)[:80])
        if rest < SENTENCE_WORDS:
            yield Candidate(CONTACT, line.span, 0.95, message, line.index)
        else:  # a short sentence with an address in it: a finding to review, never a deletion
            yield Candidate(CONTACT, line.span, IN_SENTENCE, message, None, None)
        return
    for match, what in found:
        if match.end() >= line.span.end - 1:  # at the end of a content line
            start = match.start()
            while start > line.span.start and text[start - 1] in " \t":
                start -= 1
            message = CONTACT.format_message(what=what, match=match.group(0)[:80])
            if _sentence_ended(text, line.span.start, start):  # a trailing clause of its own: it goes
                yield Candidate(CONTACT, Span(start, match.end()), 0.9, message, None, "")
            else:  # part of the last sentence ("... at security@berkeley.edu"): flagged, kept
                yield Candidate(CONTACT, Span(match.start(), match.end()), IN_SENTENCE, message, None, None)


def _sentence_ended(text: str, line_start: int, end: int) -> bool:
    """Whether the text of a line up to `end` (white space already trimmed) finishes a sentence, so that what
    follows is a clause of its own."""
    if end > line_start and text[end - 1] in CLOSING_MARKS:
        end -= 1
    return end > line_start and text[end - 1] in SENTENCE_END_MARKS


def _outside(text: str, line: LineFacts, matches: list[re.Match[str]]) -> str:
    """The line's text with the matched addresses cut out."""
    parts, position = [], line.span.start
    for m in sorted(matches, key=lambda m: m.start()):
        parts.append(text[position : max(position, m.start())])
        position = max(position, m.end())
    parts.append(text[position : line.span.end])
    return " ".join(parts)


def _is_dateline(line: LineFacts) -> bool:
    if line.words == 0 or line.words > 14:
        return False
    has_time = bool(TIME.search(line.text))
    has_numeric = bool(NUMERIC_DATE.search(line.text))
    tokens = DATE_TOKEN.findall(line.text)
    has_month = any(MONTH_WORD.match(t) for t in tokens)
    has_number = any(t.isdigit() for t in tokens)
    if not (has_time or has_numeric or (has_month and has_number)):
        return False
    other = [t for t in tokens if not (t.isdigit() or DATE_WORD.match(t) or TIME.fullmatch(t)
                                       or re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)", t))]
    return len(other) <= 1 and len(other) < len(tokens) / 3


NUMERIC_CELL = re.compile(r"^[\s$€£+\-−]*[\d.,:/]+\s?[%a-zA-Z]{0,3}\s*$")


def _table_cell(lines: DocumentLines, line: LineFacts) -> bool:
    """A date in a table, not a dateline: a row with cell separators, or a bare numeric date next to a numeric cell
    (whole-page scrapes put every table cell on a line of its own: `5/1/2015`, `+5.5%`)."""
    if line.text.count("|") >= 2:
        return True
    if not NUMERIC_DATE.fullmatch(line.text.strip()):
        return False
    return any(n is not None and NUMERIC_CELL.match(n.text) for n in (lines.neighbour(line.index, -1),
                                                                      lines.neighbour(line.index, 1)))


def dateline_candidates(lines: DocumentLines) -> Iterator[Candidate]:
    for line in lines.lines:
        if _is_dateline(line) and not _table_cell(lines, line):
            yield Candidate(DATELINE, line.span, 0.9, DATELINE.format_message(match=line.text[:80]), line.index)


def caption_candidates(lines: DocumentLines) -> Iterator[Candidate]:
    for line in lines.lines:
        if line.words > 60 or line.words < 2:
            continue
        tail = CREDIT_TAIL.search(line.text)
        if tail and CREDIT_CUE.search(tail.group(1)) and tail.start() > 0:
            confidence = 0.9 if ("/" in tail.group(1) or "photo" in tail.group(1).lower()) else 0.75
            yield Candidate(CAPTION, line.span, confidence, CAPTION.format_message(match=tail.group(0)), line.index)


def _entity_runs(text: str, end: int) -> Iterator[tuple[str, int, int, int]]:
    """(entity, start, end, count) of each run of one entity written back to back ('&nbsp;&nbsp;&nbsp;'): one
    finding a run, so that a page padded with a million `&nbsp;` costs one finding, not a million (issue 25's
    worst case), and a reader sees one defect, not a screenful. One match a run (`ENTITY_RUN`), not a Python step a
    copy; tests/reference/boilerplate_scans.py keeps the loop over `ENTITY` it equals."""
    for run in ENTITY_RUN.finditer(text, 0, end):
        entity = run.group(1)
        yield entity, run.start(), run.end(), (run.end() - run.start()) // len(entity)


def markup_candidates(lines: DocumentLines) -> Iterator[Candidate]:
    text = lines.view.text
    end = lines.view.scored_end
    for entity, start, stop, count in _entity_runs(text, end):
        decoded = html.unescape(entity)
        if decoded != entity:
            replacement = " " if decoded == "\u00a0" else decoded
            shown = entity if count == 1 else f"{entity} ×{count}"
            yield Candidate(MARKUP, Span(start, stop), 0.95, MARKUP.format_message(match=shown), None,
                            replacement * count)
    for m in TAG.finditer(text, 0, end):
        attributes = m.group(2)
        if m.group(1).lower() in HTML_ELEMENTS and (attributes is None or "=" in attributes or not attributes.strip()):
            yield Candidate(MARKUP, Span(m.start(), m.end()), 0.9, MARKUP.format_message(match=m.group(0)), None, "")
    for m in ELLIPSIS_MARK.finditer(text, 0, end):
        yield Candidate(MARKUP, Span(m.start(), m.end()), 0.9, MARKUP.format_message(match=m.group(0)), None, "")


MENU = _rule(
    "BP207", "bp-pipe-menu", "A menu written on one line: {match}", "Menu or breadcrumb on one line",
    "Menus, footers and breadcrumbs that a scraper flattened into one line ('Home | News | Sport', 'About us | "
    "Contact | Privacy Policy', 'Home » World » Europe') name other pages of the site; they are not article text "
    "and no phrase list knows every site's section names.",
    "Home | News | Sport | Business | Weather\nThe talks continued in the capital on Monday, officials said.",
    "The talks continued in the capital on Monday, officials said.", "Delete the line.", "safe",
    "A line of three or more short items joined by one separator is flagged. A title written as 'Artist | Tour | "
    "Show' is too, and so is a byline 'Name | Senior Writer | July 2, 2025'. Table rows (a line that starts or "
    "ends with '|', or sits next to a '---' rule), items that are numbers, sentences, labels with a colon or code "
    "('E -->|Yes| F[Run]', a diagram in an article), and lines whose items are mostly lower case ('organic cotton "
    "| linen | hemp', product facts) are left alone, and so are lower-case menus ('login | register').", 0.9)


def _menu_items(text: str) -> list[str] | None:
    """The items of a one-line menu, or None: three or more short items (at most four words and 30 characters, a
    letter in each, no sentence end) joined by one kind of separator, mostly capitalised."""
    core = text.strip()
    if core.startswith("|") or core.endswith("|"):
        return None  # a table row
    for split in MENU_SPLIT:
        items = [item.strip() for item in split.split(core)]
        if len(items) < 3:
            continue
        if any(not item or len(item) > 30 or len(item.split()) > 4 or not MENU_ITEM.search(item)
               or MENU_CODE.search(item) or item.count("(") != item.count(")")
               or (item[-1] in ".!?;" and len(item) > 5) for item in items):
            return None
        capitalised = sum(1 for item in items if not item[0].isalpha() or not item[0].islower())
        return items if capitalised * 2 >= len(items) else None
    return None


def menu_candidates(lines: DocumentLines) -> Iterator[Candidate]:
    for line in lines.lines:
        if line.words < 3 or line.words > 40 or not any(ch in line.text for ch in "|•·»›>/"):
            continue
        if _menu_items(line.text) is None:
            continue
        if any(n is not None and TABLE_RULE.match(n.text) for n in (lines.neighbour(line.index, -1),
                                                                     lines.neighbour(line.index, 1))):
            continue
        yield Candidate(MENU, line.span, 0.9, MENU.format_message(match=line.text[:80]), line.index)


CODE_RULES = (CONTACT, DATELINE, CAPTION, MARKUP, MENU)
DETECTORS = (contact_candidates, dateline_candidates, caption_candidates, markup_candidates, menu_candidates)
