"""Where the article is: its running text, its block, and the lines that shape evidence alone may never delete.

The article is found before any residue is judged, from character mass and prose signals in the document's own
language (`prose.py`), not from a model fitted to one benchmark. Each line scores its length when it reads as
running text and a penalty otherwise; the segments of positive mass are the text's prose clusters (the
body-text-extraction idea of Finn et al. 2001, on lines), and the heaviest one is the article block.

What this module guarantees is the scorer's promise "never harm the article": a line is *protected* when it is
running text (judged per unit, so a hard-wrapped paragraph is all protected or not at all), or when it stands alone
between two lines of running text (a sub-heading, a caption inside the prose). A protected line can still be removed
by lexical evidence (a phrase or pattern rule, or corpus repetition), never by its shape.

>>> from detector.config.settings import Config
>>> from detector.core.model import Document
>>> from detector.text.view import TextView
>>> from detector.scorers.boilerplate.lines import DocumentLines
>>> text = ("Home\\nWorld\\nThe ministry said on Saturday that the plan would go ahead as agreed with its\\n"
...         "partners abroad, and that the first group would arrive before the end of the year.\\nWhat comes next\\n"
...         "The talks are to continue next week in the capital, the statement said, with both sides.")
>>> layout = ArticleLayout(DocumentLines(TextView(Document("d", text), Config())))
>>> [line.index for line in layout.lines.lines if layout.protected[line.index]]
[2, 3, 4, 5]
>>> layout.block
(2, 5)
"""

from __future__ import annotations

from functools import cached_property

from detector.scorers.boilerplate.lines import DocumentLines
from detector.scorers.boilerplate.prose import LineProse, line_prose, prose_lines, units, vocabulary_for

PENALTY = 25.0  # what a line that is not running text costs the block, at least (characters)
PENALTY_SHARE = 0.5  # or this share of its own length


class ArticleLayout:
    """Prose facts, units, prose clusters, the article block and the protected lines of one document."""

    def __init__(self, lines: DocumentLines) -> None:
        self.lines = lines
        self.lang = lines.view.language.lang
        vocabulary = vocabulary_for(self.lang)
        self.prose: tuple[LineProse, ...] = tuple(prose_lines([line.text for line in lines.lines], self.lang,
                                                              vocabulary))
        text = lines.view.text
        spans = [line.span for line in lines.lines]
        self.blank_before = tuple(i > 0 and text.count("\n", spans[i - 1].end, spans[i].start) > 1
                                  for i in range(len(spans)))
        self.unit_of = units([line.text for line in lines.lines], self.blank_before)
        self.running = self._running_by_unit()

    def _running_by_unit(self) -> tuple[bool, ...]:
        """A line is running text when its unit is: a wrapped sentence is prose even where no single line is."""
        count = len(self.prose)
        by_unit: dict[int, list[int]] = {}
        for index in range(count):
            by_unit.setdefault(self.unit_of[index], []).append(index)
        running = [p.running_text for p in self.prose]
        view_text = self.lines.view.text
        for members in by_unit.values():
            if len(members) > 1:
                first, last = self.lines.lines[members[0]].span, self.lines.lines[members[-1]].span
                joined = " ".join(view_text[first.start : last.end].split())
                unit_running = line_prose(joined, self.lang).running_text or any(running[i] for i in members)
                for i in members:
                    running[i] = unit_running
        return tuple(running)

    @cached_property
    def clusters(self) -> tuple[tuple[int, int, float], ...]:
        """(first line, last line, mass) of each segment of positive mass, in order."""
        out: list[tuple[int, int, float]] = []
        total, start, best, best_span = 0.0, 0, 0.0, None
        for line, running in zip(self.lines.lines, self.running):
            size = float(len(line.text))
            weight = size if running else -max(PENALTY, PENALTY_SHARE * size)
            if total <= 0:
                if best_span is not None:
                    out.append((best_span[0], best_span[1], best))
                total, start, best, best_span = 0.0, line.index, 0.0, None
            total += weight
            if total > best:
                best, best_span = total, (start, line.index)
        if best_span is not None:
            out.append((best_span[0], best_span[1], best))
        return tuple(out)

    @cached_property
    def block(self) -> tuple[int, int] | None:
        """The article block: the heaviest prose cluster (the first of equals)."""
        if not self.clusters:
            return None
        first, last, _ = max(self.clusters, key=lambda c: (c[2], -c[0]))
        return first, last

    @cached_property
    def protected(self) -> tuple[bool, ...]:
        """Lines that shape evidence must not delete: running text, and a single line between two of them."""
        running = self.running
        count = len(running)
        out = list(running)
        for i in range(1, count - 1):
            if not running[i] and running[i - 1] and running[i + 1]:
                out[i] = True
        return tuple(out)

    @cached_property
    def running_chars(self) -> int:
        return sum(len(line.text) for line, running in zip(self.lines.lines, self.running) if running)
