"""Boilerplate scans as `scorers/boilerplate/patterns.py` and `prose.py` wrote them before they were made faster: a
Python step per entity match and per token."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from detector.scorers.boilerplate.patterns import ENTITY
from detector.scorers.boilerplate.prose import _language_index
from detector.text.view import WORD


def entity_runs(text: str, end: int) -> Iterator[tuple[str, int, int, int]]:
    """(entity, start, end, count) of each run of one entity written back to back ('&nbsp;&nbsp;&nbsp;'): one
    finding a run, so that a page padded with a million `&nbsp;` costs one finding, not a million (issue 25's
    worst case), and a reader sees one defect, not a screenful."""
    entity, start, stop, count = "", 0, -1, 0
    for m in ENTITY.finditer(text, 0, end):
        if m.start() == stop and m.group(0) == entity:
            stop, count = m.end(), count + 1
            continue
        if count:
            yield entity, start, stop, count
        entity, start, stop, count = m.group(0), m.start(), m.end(), 1
    if count:
        yield entity, start, stop, count


def folded_tokens(core: str) -> list[str]:
    return [t.casefold().replace("’", "'") for t in WORD.findall(core)]


def in_another_language(folded: Sequence[str]) -> bool:
    """A sentence in a language other than the page's (a quote, a bilingual page, a wrongly detected page) is
    running text too. Asked more strictly than of the page's language, since with 55 lists short tokens such as
    `a`, `de` or `la` belong to many: twice that language's share, and three different function words."""
    index, min_shares = _language_index()
    hits: dict[int, set[str]] = {}
    for word in folded:
        for position in index.get(word, ()):
            hits.setdefault(position, set()).add(word)
    count = len(folded)
    for position, distinct in hits.items():
        if len(distinct) < 3:
            continue
        matched = sum(1 for word in folded if word in distinct)
        if matched / count >= 2 * min_shares[position]:
            return True
    return False
