"""A tree-ensemble model of "is this line residue?" from the line's shape, its place in the page and the rule
evidence found on it.

Phrase lists only catch what someone thought to list; most residue of a whole-page scrape is menus, link lists and
teasers with no tell-tale word. Their shape gives them away: short, unpunctuated, far from the block of prose that
is the article. The features (`line_features.py`) are computed from the shared line facts and the article layout;
the trees are data (`lexicons/boilerplate/line_model.json`, gradient-boosted trees trained by
`scripts/train_line_model.py` on two labelled corpora of different sources, with the cross-source figures in the
file). The model is shape evidence only: the scorer never lets it alone delete a protected line (`article.py`).
The trees are evaluated by the native core (`detector.core._native.TreeEnsemble`), built once per process. Every
finding names the features that pushed its line towards residue (per-feature contributions along each tree's
path, Saabas 2014), so the model explains itself like any other rule.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from detector.core import _native
from detector.scorers.boilerplate.article import ArticleLayout
from detector.scorers.boilerplate.blocks import CONTEXT_FEATURES
from detector.scorers.boilerplate.line_features import FEATURES, NEIGHBOUR_FEATURES, describe
from detector.scorers.boilerplate.lines import LineFacts
from detector.text.lexicons import LexiconError, lexicon_root

FORMAT = "detector-linemodel/4"


def title_index(layout: ArticleLayout, evidence: list[tuple[float, int]], within: int = 5) -> int:
    """The line that is probably the article's title, or -1: the first line of the article block if it is shaped
    like a headline, else the last line above the block that no rule flags, if only rule-flagged lines separate it
    from the block and it is shaped like a headline; only among the first `within` lines. Deleting a title is worse
    than keeping a menu item, and phrase rules can still flag it."""
    block = layout.block
    if block is None:
        return -1
    lines = layout.lines.lines
    if _title_shaped(lines[block[0]]) and evidence[block[0]][0] < 0.5:
        index = block[0]  # a long title can read as running text and open the block itself
    else:
        index = block[0] - 1
        while index >= 0 and evidence[index][0] >= 0.5:
            index -= 1
        if index < 0 or not _title_shaped(lines[index]):
            return -1
    return index if index < within else -1


def _title_shaped(line: LineFacts) -> bool:
    return (3 <= line.words <= 24 and not line.text.rstrip().endswith((".", ",", ";", ":"))
            and line.letters_share > 0.6)


def neighbour_rows(rows: list[list[float]], first: list[float]) -> list[list[float]]:
    """Stage-two rows: each line's own features plus the stage-one scores around it."""
    count = len(first)
    out = []
    for i, row in enumerate(rows):
        window = [first[j] for j in range(max(0, i - 2), min(count, i + 3)) if j != i] or [0.0]
        out.append([*row, first[i], first[i - 1] if i > 0 else 0.0, first[i + 1] if i + 1 < count else 0.0,
                    sum(window) / len(window), max(window)])
    return out


@dataclass(frozen=True)
class Tree:
    feature: tuple[int, ...]  # -1 at a leaf
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]  # raw-score contribution of each node (leaf values are what is added)


class TreeEnsemble:
    """Gradient-boosted trees over one feature vector: raw score = base + the leaf values of every tree, evaluated by
    the native core (`detector.core._native.TreeEnsemble`: the same additions in the same order as walking the trees in
    Python, so the same floats; tests/reference/trees.py keeps the walk and a property test compares)."""

    def __init__(self, features: tuple[str, ...], trees: tuple[Tree, ...], base: float) -> None:
        self.features = features
        self.trees = trees
        self.base = base

    @cached_property
    def _evaluator(self) -> _native.TreeEnsemble:
        return _native.TreeEnsemble([(t.feature, t.threshold, t.left, t.right, t.value) for t in self.trees],
                                    self.base, len(self.features))

    def probability(self, row: list[float]) -> float:
        return _sigmoid(self._evaluator.raw_score(row))

    def probabilities(self, rows: list[list[float]]) -> list[float]:
        """`probability` of every row, the rows crossing into the native core once."""
        return [_sigmoid(z) for z in self._evaluator.raw_scores(rows)]

    def reasons(self, row: list[float], top: int = 3) -> list[str]:
        """The features that pushed this line most towards residue, in plain words. A feature can push either way
        (a low word count, or a high one), so each contribution is kept with the side of the split it took."""
        acc = self._evaluator.contributions(row)
        # A feature counts when its net push is towards residue; it reads as the side (low or high) that pushed
        # hardest that way.
        ranked = sorted(((low + high, f, high > max(low, 0.0))
                         for f, (low, high) in enumerate(zip(acc[0::2], acc[1::2]))
                         if low + high > 0.05), reverse=True)
        return [describe(self.features[f], high_side) for _, f, high_side in ranked[:top]]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class LineModel:
    """Two stages: the first scores each line from its own features; the second adds the first stage's scores
    of the neighbouring lines (stacking), because residue comes in runs."""

    def __init__(self, first: TreeEnsemble, second: TreeEnsemble | None, source: str,
                 block: TreeEnsemble | None = None, block_threshold: float = 1.0) -> None:
        self.first = first
        self.second = second
        self.source = source
        self.block = block  # the block-context stage (`blocks.py`), None in a file without one
        self.block_threshold = block_threshold  # the block probability that lands on the cleaning threshold

    def score_lines(self, rows: list[list[float]], skip: Sequence[bool] | None = None,
                    ) -> list[tuple[float, list[float]]]:
        """(probability, the row the deciding stage saw) for every line of a document. A line in `skip` gets 0.0
        from the deciding stage without being scored (its first-stage score still informs its neighbours)."""
        first = [self.first.probability(row) for row in rows]
        if self.second is None:
            return [(0.0 if skip and skip[i] else p, row) for i, (p, row) in enumerate(zip(first, rows))]
        stacked = neighbour_rows(rows, first)
        return [(0.0 if skip and skip[i] else self.second.probability(row), row) for i, row in enumerate(stacked)]

    def reasons(self, row: list[float], top: int = 3) -> list[str]:
        return (self.second or self.first).reasons(row, top)


def _ensemble(data: dict[str, Any], names: tuple[str, ...]) -> TreeEnsemble:
    trees = tuple(Tree(tuple(t["feature"]), tuple(t["threshold"]), tuple(t["left"]), tuple(t["right"]),
                       tuple(t["value"])) for t in data["trees"])
    return TreeEnsemble(names, trees, float(data["base"]))


@cache
def load_line_model(path: str | None = None) -> LineModel:
    """The shipped model, or the model file at `path` (`detector eval boilerplate --line-model`, for scoring a
    corpus with a model fitted on another one)."""
    file = Path(path) if path else lexicon_root() / "boilerplate" / "line_model.json"
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LexiconError(f"{file}: cannot read the line model: {exc}") from None
    path_name = file.name
    if data.get("format") != FORMAT:
        raise LexiconError(f"{path_name}:1: format must be {FORMAT}")
    if tuple(data.get("features", ())) != tuple(FEATURES):
        raise LexiconError(f"{path_name}:1: features do not match the code's FEATURES; retrain the model")
    names = tuple(FEATURES)
    first = _ensemble(data["first"], names)
    second = _ensemble(data["second"], (*names, *NEIGHBOUR_FEATURES)) if data.get("second") else None
    block = data.get("block")
    if block is not None and tuple(block.get("features", ())) != tuple(CONTEXT_FEATURES):
        raise LexiconError(f"{path_name}:1: block features do not match the code's CONTEXT_FEATURES; retrain")
    return LineModel(first, second, str(data["source"]),
                     _ensemble(block, tuple(CONTEXT_FEATURES)) if block is not None else None,
                     float(block["threshold"]) if block is not None else 1.0)
