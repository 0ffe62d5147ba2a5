"""A line list answered the plain way: `Matcher.match_core` with the list's full alternation on every line, no memo,
no index, no native engine. The fast paths (`WholeLineIndex`, the per-list memo) must give exactly this."""

from __future__ import annotations

from collections.abc import Sequence

from detector.text.matching import LineCore, Match, Matcher
from detector.text.view import TextView


def plain_line_matches(matcher: Matcher, view: TextView, cores: Sequence[LineCore | None]) -> list[tuple[int, Match]]:
    found = []
    for index, core in enumerate(cores):
        if core is not None:
            match = matcher.match_core(view.text, core, view.lines[index].end, matcher._regex)
            if match is not None:
                found.append((index, match))
    return found
