"""Tree-ensemble evaluation as `boilerplate/line_model.py` did it in Python (walk the trees; Saabas contributions),
before `detector.core._native.TreeEnsemble`."""

from __future__ import annotations

from detector.scorers.boilerplate.line_model import Tree


def raw_score(trees: tuple[Tree, ...], base: float, x: list[float]) -> float:
    s = base
    for tree in trees:
        node = 0
        while tree.feature[node] >= 0:
            node = tree.left[node] if x[tree.feature[node]] <= tree.threshold[node] else tree.right[node]
        s += tree.value[node]
    return s


def contributions(trees: tuple[Tree, ...], features: int, x: list[float]) -> list[float]:
    acc = [0.0] * (2 * features)
    for tree in trees:
        node = 0
        while tree.feature[node] >= 0:
            feature = tree.feature[node]
            if x[feature] <= tree.threshold[node]:
                child = tree.left[node]
                acc[2 * feature] += tree.value[child] - tree.value[node]
            else:
                child = tree.right[node]
                acc[2 * feature + 1] += tree.value[child] - tree.value[node]
            node = child
    return acc
