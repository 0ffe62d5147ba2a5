"""A tree-ensemble model of "is this line residue?" from the line's shape, its place in the page and the rule
evidence found on it.

Phrase lists only catch what someone thought to list; most residue of a whole-page scrape is menus, link lists and
teasers with no tell-tale word. Their shape gives them away: short, unpunctuated, far from the block of prose that
is the article. The features below are computed from the shared line facts; the trees are data
(`lexicons/boilerplate/line_model.json`, gradient-boosted trees trained by `scripts/train_line_model.py` on the
extraction-residue dev split, with page-grouped cross-validation figures in the file). At load the trees are
compiled into one plain Python function (about 20x faster than walking them). Every finding names the features
that pushed its line towards residue (per-feature contributions along each tree's path, Saabas 2014), so the model
explains itself like any other rule.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from detector.boilerplate.lines import DocumentLines, LineFacts
from detector.lexicons import LexiconError, lexicon_root

FORMAT = "detector-linemodel/3"
BULLET_START = re.compile(r"^\s*(?:[-*+•·|>▪►◦]|o\s|\d{1,3}[.)]\s)")
LINKISH = re.compile(r"(?i)https?://|www\.|\.com\b|\.org\b|@\w")
QUOTE_START = tuple("\"“‘'«„")
LABEL_COLON = re.compile(r"^\W{0,3}[^\W\d][\w'’ ]{0,24}:\s")

# name -> plain-language reason used when the feature pushes a line towards residue
FEATURES: dict[str, str] = {
    "few_words": "five words or fewer",
    "log_words": "many words",
    "log_chars": "long line",
    "ends_sentence": "ends like a sentence",
    "no_sentence_end": "no sentence punctuation at the end",
    "prose_like": "reads like running text",
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
    "relative_position": "late in the page",
    "prev_prose": "after a line of running text",
    "next_prose": "before a line of running text",
    "prev_short": "after a short line",
    "next_short": "before a short line",
    "local_prose": "among lines of running text",
    "doc_short_share": "in a page made mostly of short lines",
    "doc_lines": "in a long page",
    "body_share": "in a page whose article block is small",
    "bullet": "starts like a list item",
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
    "short_in_body": "a short line inside the article",
    "prose_outside": "running text outside the article block",
    "headline_shape": "shaped like a headline",
    "first_line": "the first line",
    "last_line": "the last line",
    "label_colon": "starts with a label and a colon",
    "blank_before": "set off by a blank line before",
    "blank_after": "set off by a blank line after",
    "doc_wrapped": "in a page with long unpunctuated lines",
    "title_position": "where the article's title would be",
    "doc_rule_share": "in a page where rules flag many lines",
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


def neighbour_rows(rows: list[list[float]], first: list[float]) -> list[list[float]]:
    """Stage-two rows: each line's own features plus the stage-one scores around it."""
    count = len(first)
    out = []
    for i, row in enumerate(rows):
        window = [first[j] for j in range(max(0, i - 2), min(count, i + 3)) if j != i] or [0.0]
        out.append([*row, first[i], first[i - 1] if i > 0 else 0.0, first[i + 1] if i + 1 < count else 0.0,
                    sum(window) / len(window), max(window)])
    return out


def describe(feature: str, high: bool) -> str:
    """The plain-language reason for a feature on the side of a split it took: `few_words` high reads "five
    words or fewer", low reads "not five words or fewer"; a few pairs read better spelled out."""
    opposites = {"log_words": "few words", "log_chars": "short line", "letters": "few letters",
                 "lowercase": "few lower-case words", "local_prose": "away from lines of running text",
                 "distance": "close to the article text", "relative_position": "early in the page",
                 "doc_lines": "in a short page", "body_share": "in a page that is mostly article text",
                 "doc_short_share": "in a page of mostly long lines", "doc_wrapped": "in a page whose long lines "
                 "end in punctuation", "doc_rule_share": "in a page where rules flag few lines",
                 "rule_confidence": "no rule flags it"}
    if high:
        return DESCRIPTIONS[feature]
    return opposites.get(feature, "not " + DESCRIPTIONS[feature].removeprefix("a ").removeprefix("an "))


def prose_like(line: LineFacts) -> bool:
    """Running text: a full sentence, or a hard-wrapped piece of one (long, mostly lower-case words)."""
    if line.is_prose:
        return True
    return line.words >= 8 and len(line.text) >= 45 and line.lower_share >= 0.55


def _main_block(lines: DocumentLines, prose: list[bool]) -> tuple[int, int] | None:
    """The article's block of text, found as the segment of lines with the largest sum of weights: running text
    counts its length, other lines a penalty (the body-text-extraction idea of Finn et al. 2001, on lines)."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for line, is_prose in zip(lines.lines, prose):
        weight = len(line.text) if is_prose else -max(25.0, 0.5 * len(line.text))
        if total <= 0:
            total, start = 0.0, line.index
        total += weight
        if total > best:
            best, best_span = total, (start, line.index)
    return best_span


def title_index(lines: DocumentLines, block: tuple[int, int] | None, evidence: list[tuple[float, int]]) -> int:
    """The line that is probably the article's title, or -1: the first line of the article block if it is shaped
    like a headline, else the last line above the block that no rule flags, if only rule-flagged lines separate it
    from the block and it is shaped like a headline."""
    if block is None:
        return -1
    if _title_shaped(lines.lines[block[0]]) and evidence[block[0]][0] < 0.5:
        return block[0]  # a long title can read as running text and open the block itself
    index = block[0] - 1
    while index >= 0 and evidence[index][0] >= 0.5:
        index -= 1
    return index if index >= 0 and _title_shaped(lines.lines[index]) else -1


TITLE_FEATURE = list(FEATURES).index("title_position")


def protected_title(rows: list[list[float]], within: int = 5) -> int:
    """The title line the model must leave alone, or -1: the line `line_features` marked as the title, if it is in
    the first `within` lines (it opens the article block or only rule-flagged lines separate it from the block).
    Deleting a title is worse than keeping a menu item, and phrase rules can still flag it."""
    for index, row in enumerate(rows[:within]):
        if row[TITLE_FEATURE] == 1.0:
            return index
    return -1


def _title_shaped(line: LineFacts) -> bool:
    return (3 <= line.words <= 24 and not line.text.rstrip().endswith((".", ",", ";", ":"))
            and line.letters_share > 0.6)


def _short(line: LineFacts | None) -> float:
    return 1.0 if line is not None and line.words <= 5 and not line.ends_sentence else 0.0


def line_features(lines: DocumentLines, evidence: list[tuple[float, int]] | None = None) -> list[list[float]]:
    """One feature vector per line, in the order of FEATURES. `evidence[i]` is (highest confidence, number of
    rules) of the phrase and pattern rules that flag line i."""
    count = len(lines)
    evidence = evidence or [(0.0, 0)] * count
    text_all = lines.view.text
    wrapped = sum(1 for line in lines.lines if not line.ends_sentence and len(line.text) >= 60)
    doc_wrapped = wrapped / count if count else 0.0
    prose = [prose_like(line) for line in lines.lines]
    block = _main_block(lines, prose)
    title = title_index(lines, block, evidence)
    rule_share = sum(1 for best, _ in evidence if best >= 0.5) / count if count else 0.0
    short_share = sum(_short(line) for line in lines.lines) / count if count else 0.0
    body_share = (block[1] - block[0] + 1) / count if block and count else 0.0
    seen: dict[str, int] = {}
    for line in lines.lines:
        key = " ".join(line.text.casefold().split())
        seen[key] = seen.get(key, 0) + 1
    rows = []
    for line in lines.lines:
        i = line.index
        prev, nxt = lines.neighbour(i, -1), lines.neighbour(i, 1)
        window = [prose[j] for j in range(max(0, i - 3), min(count, i + 4)) if j != i]
        if block is None:
            in_body, before, after, distance = 0.0, 0.0, 0.0, math.log1p(count)
        else:
            in_body = 1.0 if block[0] <= i <= block[1] else 0.0
            before, after = float(i < block[0]), float(i > block[1])
            distance = math.log1p(max(block[0] - i, i - block[1], 0))
        text = line.text.strip()
        short = _short(line)
        lower = line.lower_share
        rows.append([
            1.0 if line.words <= 5 else 0.0,
            math.log1p(line.words),
            math.log1p(len(text)),
            float(line.ends_sentence),
            float(not line.ends_sentence),
            float(prose[i]),
            float(line.words <= 3),
            line.title_case_share,
            lower,
            line.letters_share,
            line.digits / max(1, len(text)),
            float(line.letters >= 3 and all(ch.isupper() for ch in text if ch.isalpha())),
            in_body, before, after, distance,
            i / max(1, count - 1),
            float(prev is not None and prose[i - 1]), float(nxt is not None and prose[i + 1]),
            _short(prev), _short(nxt),
            sum(window) / max(1, len(window)),
            short_share,
            math.log1p(count) / 5.0,
            body_share,
            float(bool(BULLET_START.match(line.text))),
            float(" | " in text),
            float(bool(LINKISH.search(text))),
            float(text.startswith("[") or text.endswith("]")),
            float(text.endswith("?")),
            float(text.endswith(":")),
            float(text.endswith(("...", "…"))),
            float(text.startswith(QUOTE_START)),
            float(text[:1].islower()),
            float(prev is not None and not prev.ends_sentence and text[:1].islower()),
            float(seen[" ".join(line.text.casefold().split())] > 1),
            short * in_body,
            float(prose[i]) * (1.0 - in_body),
            float(4 <= line.words <= 16 and not line.ends_sentence and line.title_case_share >= 0.5),
            float(i == 0),
            float(i == count - 1),
            float(bool(LABEL_COLON.match(text))),
            float(prev is not None and text_all.count("\n", prev.span.end, line.span.start) > 1),
            float(nxt is not None and text_all.count("\n", line.span.end, nxt.span.start) > 1),
            doc_wrapped,
            float(i == title),
            rule_share,
            evidence[i][0],
            float(evidence[i][1]),
            evidence[i - 1][0] if i > 0 else 0.0,
            evidence[i + 1][0] if i + 1 < count else 0.0,
        ])
    return rows


@dataclass(frozen=True)
class Tree:
    feature: tuple[int, ...]  # -1 at a leaf
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]  # raw-score contribution of each node (leaf values are what is added)


def _compile(trees: tuple[Tree, ...], base: float) -> Callable[[list[float]], float]:
    """Turn the trees into the source of one function of nested ifs and compile it once."""
    body = ["def raw_score(x):", f"    s = {base!r}"]

    def emit(tree: Tree, node: int, depth: int) -> None:
        pad = "    " * depth
        if tree.feature[node] < 0:
            body.append(f"{pad}s += {tree.value[node]!r}")
            return
        body.append(f"{pad}if x[{tree.feature[node]}] <= {tree.threshold[node]!r}:")
        emit(tree, tree.left[node], depth + 1)
        body.append(f"{pad}else:")
        emit(tree, tree.right[node], depth + 1)

    for tree in trees:
        emit(tree, 0, 1)
    body.append("    return s")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(body), "<line_model>", "exec"), namespace)  # our own data, not user input
    return namespace["raw_score"]  # type: ignore[no-any-return]


def _compile_explainer(trees: tuple[Tree, ...]) -> Callable[[list[float], list[float]], None]:
    """Compile the trees once more, into a function that adds each split's change in raw score to `acc[2 * feature +
    side]` (side 1: the row took the high branch): the per-feature contributions of a tree walk (Saabas), in the
    same order of additions, without walking 120 trees in Python for every line to explain."""
    body = ["def explain(x, a):"]

    def emit(tree: Tree, node: int, depth: int) -> None:
        pad = "    " * depth
        feature = tree.feature[node]
        if feature < 0:
            body.append(f"{pad}pass")
            return
        left, right = tree.left[node], tree.right[node]
        body.append(f"{pad}if x[{feature}] <= {tree.threshold[node]!r}:")
        body.append(f"{pad}    a[{2 * feature}] += {tree.value[left] - tree.value[node]!r}")
        emit(tree, left, depth + 1)
        body.append(f"{pad}else:")
        body.append(f"{pad}    a[{2 * feature + 1}] += {tree.value[right] - tree.value[node]!r}")
        emit(tree, right, depth + 1)

    for tree in trees:
        emit(tree, 0, 1)
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(body), "<line_model_explain>", "exec"), namespace)  # our own data, not user input
    return namespace["explain"]  # type: ignore[no-any-return]


class TreeEnsemble:
    """Gradient-boosted trees over one feature vector: raw score = base + the leaf values of every tree."""

    def __init__(self, features: tuple[str, ...], trees: tuple[Tree, ...], base: float) -> None:
        self.features = features
        self.trees = trees
        self.base = base
        self._raw = _compile(trees, base)

    @cached_property
    def _explain(self) -> Callable[[list[float], list[float]], None]:
        """Compiled when a line is first explained (the first stage's never is): a third of the model's load."""
        return _compile_explainer(self.trees)

    def probability(self, row: list[float]) -> float:
        z = self._raw(row)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def reasons(self, row: list[float], top: int = 3) -> list[str]:
        """The features that pushed this line most towards residue, in plain words. A feature can push either way
        (a low word count, or a high one), so each contribution is kept with the side of the split it took."""
        acc = [0.0] * (2 * len(self.features))
        self._explain(row, acc)
        # A feature counts when its net push is towards residue; it reads as the side (low or high) that pushed
        # hardest that way.
        ranked = sorted(((low + high, f, high > max(low, 0.0))
                         for f, (low, high) in enumerate(zip(acc[0::2], acc[1::2]))
                         if low + high > 0.05), reverse=True)
        return [describe(self.features[f], high_side) for _, f, high_side in ranked[:top]]


class LineModel:
    """Two stages: the first scores each line from its own features; the second adds the first stage's scores
    of the neighbouring lines (stacking), because residue comes in runs."""

    def __init__(self, first: TreeEnsemble, second: TreeEnsemble | None, source: str) -> None:
        self.first = first
        self.second = second
        self.source = source

    def score_lines(self, rows: list[list[float]]) -> list[tuple[float, list[float]]]:
        """(probability, the row the deciding stage saw) for every line of a document."""
        first = [self.first.probability(row) for row in rows]
        if self.second is None:
            return list(zip(first, rows))
        stacked = neighbour_rows(rows, first)
        return [(self.second.probability(row), row) for row in stacked]

    def reasons(self, row: list[float], top: int = 3) -> list[str]:
        return (self.second or self.first).reasons(row, top)


def _ensemble(data: dict[str, Any], names: tuple[str, ...]) -> TreeEnsemble:
    trees = tuple(Tree(tuple(t["feature"]), tuple(t["threshold"]), tuple(t["left"]), tuple(t["right"]),
                       tuple(t["value"])) for t in data["trees"])
    return TreeEnsemble(names, trees, float(data["base"]))


@cache
def load_line_model() -> LineModel:
    path = lexicon_root() / "boilerplate" / "line_model.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise LexiconError(f"{path.name}:1: format must be {FORMAT}")
    if tuple(data["features"]) != tuple(FEATURES):
        raise LexiconError(f"{path.name}:1: features do not match the code's FEATURES; retrain the model")
    names = tuple(FEATURES)
    first = _ensemble(data["first"], names)
    second = _ensemble(data["second"], (*names, *NEIGHBOUR_FEATURES)) if data.get("second") else None
    return LineModel(first, second, str(data["source"]))
