"""The features the line model reads: a line's own shape, its place relative to the article's running text, the rule
evidence on it and around it, and the shape of the page.

They are chosen to mean the same thing whatever tool extracted the text and whatever language it is in, because a
model fitted on one corpus is used on pages nobody labelled. There are no page-level features (the share of the page
in running text, its length): fitted on one corpus and scored on the other they made things worse in both directions
(extraction-residue -> WCXB whole-page content loss 0.043 with them, 0.024 without, at equal recall), and they are
how a model learns to call a whole article furniture "in a page where rules flag many lines".
Also: list markers that extractors add (`* `, `- `, `o `)
are stripped before the shape is measured, "running text" is judged with the document language's function words
(`prose.py`), and position is measured against the article block found from character mass (`article.py`), not
against anything learned. Each feature has a plain-language reason, so a finding can say why its line looks like
furniture.
"""

from __future__ import annotations

import math
import re

from detector.core import _native
from detector.core.safety import without_surrogates
from detector.scorers.boilerplate.article import ArticleLayout
from detector.scorers.boilerplate.lines import DocumentLines, LineFacts

# `_native.line_shapes` of one core: (words starting with a letter (`WORD`), of those starting upper-case, of those
# starting lower-case, letters (`str.isalpha`), digits (`str.isdigit`), characters, all capitals, `CODE_CHARS`,
# `NUMERIC_CHARS`)
Shape = tuple[int, int, int, int, int, int, bool, int, int]

NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s")
LINKISH = re.compile(r"(?i)https?://|www\.|\.com\b|\.org\b|@\w")
LABEL_COLON = re.compile(r"^\W{0,3}[^\W\d][\w'’ ]{0,24}:\s")
QUOTE_START = tuple("\"“‘'«„「『")
CODE_CHARS = frozenset("{}();=<>[]/\\$#_*&|+")
NUMERIC_CHARS = frozenset("0123456789%$€£.,+-")
FAR = 99  # lines to the nearest running text when there is none

# name -> plain-language reason used when the feature pushes a line towards residue
FEATURES: dict[str, str] = {
    "few_words": "five words or fewer",
    "log_words": "many words",
    "log_chars": "long line",
    "ends_sentence": "ends like a sentence",
    "function_share": "many of the language's function words",
    "running_text": "reads like running text",
    "very_short": "three words or fewer",
    "title_case": "mostly capitalised words",
    "lowercase": "mostly lower-case words",
    "letters": "mostly letters",
    "digits": "many digits",
    "all_caps": "all capitals",
    "in_body": "inside the article's block of text",
    "before_body": "above the article text",
    "after_body": "below the article text",
    "distance": "far from the article text",
    "prev_prose": "after a line of running text",
    "next_prose": "before a line of running text",
    "local_prose": "among lines of running text",
    "between_prose": "in a short gap between paragraphs",
    "gap_prev": "many lines after the last running text",
    "gap_next": "many lines before the next running text",
    "numbered": "starts with a number like a list item",
    "pipe": "contains a '|' separator",
    "linkish": "contains a web address",
    "brackets": "wrapped in brackets",
    "question": "ends with a question mark",
    "colon": "ends with a colon",
    "ellipsis": "ends with an ellipsis",
    "quote_start": "starts with a quotation mark",
    "starts_lower": "starts in lower case",
    "continues": "continues the line before",
    "repeated_in_doc": "repeated elsewhere in the page",
    "headline_shape": "shaped like a headline",
    "first_line": "the first line",
    "last_line": "the last line",
    "label_colon": "starts with a label and a colon",
    "code_chars": "many code symbols",
    "numeric_chars": "mostly numbers",
    "short_run": "in a run of short lines",
    "rule_confidence": "matched by a residue rule",
    "rule_count": "matched by several residue rules",
    "prev_rule": "next to a line a rule flags",
    "next_rule": "before a line a rule flags",
}

# Features of the second stage: the first stage's scores of the line and its neighbours (menus come in runs).
NEIGHBOUR_FEATURES: dict[str, str] = {
    "p_self": "shaped like furniture on its own",
    "p_prev": "after a line that looks like furniture",
    "p_next": "before a line that looks like furniture",
    "p_window_mean": "among lines that look like furniture",
    "p_window_max": "near a line that looks like furniture",
}
DESCRIPTIONS = {**FEATURES, **NEIGHBOUR_FEATURES}
OPPOSITES = {"log_words": "few words", "log_chars": "short line", "letters": "few letters",
             "lowercase": "few lower-case words", "local_prose": "away from lines of running text",
             "distance": "close to the article text", "doc_lines": "in a short page",
             "function_share": "few of the language's function words", "gap_prev": "just after running text",
             "gap_next": "just before running text", "rule_confidence": "no rule flags it"}


def describe(feature: str, high: bool) -> str:
    """The plain-language reason for a feature on the side of a split it took: `few_words` high reads "five
    words or fewer", low reads "not five words or fewer"; a few pairs read better spelled out."""
    if high:
        return DESCRIPTIONS[feature]
    return OPPOSITES.get(feature, "not " + DESCRIPTIONS[feature].removeprefix("a ").removeprefix("an "))


def _short_runs(short: list[bool]) -> list[int]:
    """For each line, the length of the run of short lines it belongs to (0 when it is not short)."""
    count = len(short)
    runs = [0] * count
    index = 0
    while index < count:
        end = index
        while end < count and short[end]:
            end += 1
        for k in range(index, end):
            runs[k] = end - index
        index = max(end, index + 1)
    return runs


def _gaps(running: tuple[bool, ...]) -> tuple[list[int], list[int]]:
    """Lines back to the previous and forward to the next line of running text (FAR when there is none)."""
    count = len(running)
    before, after = [FAR] * count, [FAR] * count
    last = None
    for i in range(count):
        if last is not None:
            before[i] = min(FAR, i - last)
        if running[i]:
            last = i
    last = None
    for i in range(count - 1, -1, -1):
        if last is not None:
            after[i] = min(FAR, last - i)
        if running[i]:
            last = i
    return before, after


def _case_shares(shape: Shape) -> tuple[float, float]:
    """The shares of a line's words (`WORD`) starting with a letter that start upper-case and lower-case."""
    alpha, upper, lower = shape[0], shape[1], shape[2]
    if not alpha:
        return 0.0, 0.0
    return upper / alpha, lower / alpha


def _shapes(cores: list[str]) -> list[Shape]:
    """Every core's counts in one native call (`_native.line_shapes`; tests/reference/line_features.py keeps the
    Python counting they equal). Lone surrogates cannot cross into Rust: U+FFFD is one character like them and, like
    them, no letter, digit, word character or symbol."""
    try:
        return _native.line_shapes(cores)
    except UnicodeEncodeError:
        return _native.line_shapes([without_surrogates(core) for core in cores])


def line_features(layout: ArticleLayout, evidence: list[tuple[float, int]] | None = None) -> list[list[float]]:
    """One feature vector per line, in the order of FEATURES. `evidence[i]` is (highest confidence, number of
    rules) of the phrase and pattern rules that flag line i."""
    lines: DocumentLines = layout.lines
    count = len(lines)
    evidence = evidence or [(0.0, 0)] * count
    prose = layout.prose
    cores = [p.core for p in prose]
    running = layout.running
    block = layout.block
    short = [p.words <= 5 and not p.ends_sentence for p in prose]
    runs = _short_runs(short)
    gap_before, gap_after = _gaps(running)
    nearby = _nearby_running(running)
    seen: dict[str, int] = {}
    keys = [" ".join(core.casefold().split()) for core in cores]
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
    rows = []
    shapes = _shapes(cores)
    for line in lines.lines:
        i = line.index
        shape = shapes[i]
        case = _case_shares(shape)  # once a line: both the own-shape and the headline-shape features read it
        rows.append([*_own(shape, prose[i].words, prose[i].share, prose[i].ends_sentence, running[i], case),
                     *_place(i, count, block, running, gap_before[i], gap_after[i], nearby[i]),
                     *_marks(line, cores[i], lines.lines[i - 1] if i else None, prose[i - 1].ends_sentence if i
                             else True),
                     float(seen[keys[i]] > 1),
                     float(4 <= prose[i].words <= 16 and not prose[i].ends_sentence
                           and case[0] >= 0.5),
                     float(i == 0), float(i == count - 1), float(bool(LABEL_COLON.match(cores[i]))),
                     *_symbols(shape), math.log1p(runs[i]),
                     evidence[i][0], float(evidence[i][1]),
                     evidence[i - 1][0] if i > 0 else 0.0, evidence[i + 1][0] if i + 1 < count else 0.0])
    return rows


def _own(shape: Shape, words: int, share: float, ends: bool, running: bool, case: tuple[float, float]) -> list[float]:
    # All capitals: three letters or more, no lower-case character and every letter upper-case (a caseless letter, as
    # in Chinese, is not a capital).
    _, _, _, letters, digits, chars, capitals, _, _ = shape
    visible = chars or 1
    title_case, lower = case
    return [float(words <= 5), math.log1p(words), math.log1p(chars), float(ends), max(0.0, share),
            float(running), float(words <= 3), title_case, lower, letters / visible, digits / visible,
            float(capitals)]


def _nearby_running(running: tuple[bool, ...]) -> list[float]:
    """For each line, the share of running text among the (up to) three lines on each side of it, from prefix
    sums (one pass, not a window a line)."""
    count = len(running)
    prefix = [0]
    for flag in running:
        prefix.append(prefix[-1] + flag)
    shares = []
    for i in range(count):
        low, high = max(0, i - 3), min(count, i + 4)
        shares.append((prefix[high] - prefix[low] - running[i]) / max(1, high - low - 1))
    return shares


def _place(i: int, count: int, block: tuple[int, int] | None, running: tuple[bool, ...], gap_before: int,
           gap_after: int, nearby: float) -> list[float]:
    if block is None:
        in_body = before = after = 0.0
        distance = math.log1p(count)
    else:
        in_body = float(block[0] <= i <= block[1])
        before, after = float(i < block[0]), float(i > block[1])
        distance = math.log1p(max(block[0] - i, i - block[1], 0))
    between = gap_before < FAR and gap_after < FAR and gap_before + gap_after - 1 <= 8
    return [in_body, before, after, distance,
            float(i > 0 and running[i - 1]), float(i + 1 < count and running[i + 1]),
            nearby, float(between), math.log1p(gap_before), math.log1p(gap_after)]


def _marks(line: LineFacts, core: str, previous: LineFacts | None, previous_ends: bool) -> list[float]:
    return [float(bool(NUMBERED.match(line.text))), float(" | " in core), float(bool(LINKISH.search(core))),
            float(core.startswith("[") or core.endswith("]")), float(core.endswith(("?", "？"))),
            float(core.endswith((":", "："))), float(core.endswith(("...", "…"))),
            float(core.startswith(QUOTE_START)), float(core[:1].islower()),
            float(previous is not None and not previous_ends and core[:1].islower())]


def _symbols(shape: Shape) -> list[float]:
    """The shares of `CODE_CHARS` and `NUMERIC_CHARS` among the core's characters."""
    visible = shape[5] or 1
    return [shape[7] / visible, shape[8] / visible]
