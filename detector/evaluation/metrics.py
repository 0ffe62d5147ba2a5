"""Precision, recall and F1 that add up across documents and groups."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Counts:
    """Residue is the positive class; `*_chars` weight each line by its length; `content_chars`/`lost_chars` give
    the share of content that cleaning would remove."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tp_chars: int = 0
    fp_chars: int = 0
    fn_chars: int = 0
    content_chars: int = 0
    lost_chars: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(vars(self).values(), vars(other).values())))

    @staticmethod
    def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def summary(self) -> dict[str, float]:
        precision, recall, f1 = self._f1(self.tp, self.fp, self.fn)
        _, _, char_f1 = self._f1(self.tp_chars, self.fp_chars, self.fn_chars)
        loss = self.lost_chars / self.content_chars if self.content_chars else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                "char_f1": round(char_f1, 4), "content_loss": round(loss, 4)}


def share(part: int, whole: int, empty: float | None = 0.0) -> float | None:
    """`part / whole` to four places (a precision, a rate), `empty` when there is nothing to divide.

    >>> share(1, 3), share(0, 0), share(0, 0, None)
    (0.3333, 0.0, None)
    """
    return round(part / whole, 4) if whole else empty


def roc_auc(scores: list[float], labels: list[bool]) -> float | None:
    """Area under the ROC curve by the rank-sum formula, ties counted half; None when a class is empty."""
    positives = sum(labels)
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    rank_sum = sum(r for r, positive in zip(ranks, labels) if positive)
    return round((rank_sum - positives * (positives + 1) / 2) / (positives * negatives), 4)
