"""Choosing among overlapping MT candidates: the most confident wins, in linear time.

Lexicon and code rules can see the same words ('Gens' is a garbled title and a capitalised near-miss), so each
stretch of text keeps one finding: candidates are taken most confident first (then leftmost, then by rule id) and a
candidate is dropped when it overlaps one already kept. Testing each candidate against every kept one is quadratic
(40,000 curly quotes took 75 s); instead the characters covered by kept findings are marked in a bytearray, and a
candidate overlaps a kept finding exactly when one of its characters is marked. The cost is the sort plus the total
length of the candidates.

>>> from detector.scorers.mt.resolve import kept_spans
>>> kept_spans([(0, 5, 0.9), (3, 8, 0.95), (8, 9, 0.5)])
[1, 2]
"""

from __future__ import annotations

from collections.abc import Sequence


def kept_spans(candidates: Sequence[tuple[int, int, float]], order_keys: Sequence[str] | None = None) -> list[int]:
    """Indexes of the candidates `(start, end, confidence)` that survive, in the order they were chosen.

    `order_keys` (the rule ids) break ties between equally confident candidates at the same start, as the pairwise
    version did. An empty span `[p, p)` overlaps a kept span that contains `p` strictly inside it.
    """
    keys = order_keys if order_keys is not None else [""] * len(candidates)
    order = sorted(range(len(candidates)), key=lambda i: (-candidates[i][2], candidates[i][0], keys[i]))
    limit = max((end for _, end, _ in candidates), default=0) + 1
    covered = bytearray(limit)  # 1 where a kept span covers the character
    opens = bytearray(limit)  # 1 where a kept span starts (to tell two touching spans from one)
    points = bytearray(limit)  # 1 where a kept empty span sits
    kept: list[int] = []
    for i in order:
        start, end, _ = candidates[i]
        if end > start:
            if covered.find(1, start, end) != -1 or points.find(1, start + 1, end) != -1:
                continue
            covered[start:end] = b"\x01" * (end - start)
            opens[start] = 1
        elif start > 0 and covered[start - 1] and covered[start] and not opens[start]:
            continue
        else:
            points[start] = 1
        kept.append(i)
    return kept
