"""Rule kinds backed by lexicons: `existence` (the phrase is the problem) and `substitution` (the phrase has a right
form). A rule instance is a `[[rule]]` block naming a lexicon file or glob; this module resolves it once and finds
its matches in a view. New rule instances never need code here; a new kind does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from detector.lexicons import (
    PHRASES,
    Entry,
    Lexicon,
    LexiconError,
    LineCore,
    Match,
    lexicon_files,
    line_core,
    load_lexicon,
)
from detector.rules import Rule
from detector.text import TextView


@dataclass(frozen=True)
class LexiconRule:
    rule: Rule
    lexicons: tuple[Lexicon, ...]


def resolve(rule: Rule) -> LexiconRule:
    """The lexicon files of a rule (`lexicon` may be a glob such as `nav_ui.*.tsv`), checked against its kind."""
    names = lexicon_files(rule.lexicon)
    if not names:
        raise LexiconError(f"rules.toml: rule {rule.id} names '{rule.lexicon}', which matches no file")
    lexicons = tuple(load_lexicon(name) for name in names)
    for lexicon in lexicons:
        if lexicon.kind != rule.kind:
            raise LexiconError(f"{lexicon.name}:1: kind '{lexicon.kind}' but rule {rule.id} is '{rule.kind}'")
        if lexicon.matcher.on_automaton:
            PHRASES.register(lexicon.matcher)  # every list a rule searches joins the one automaton before scoring
    return LexiconRule(rule, lexicons)


def line_matches(lexicon: Lexicon, view: TextView, cores: Sequence[LineCore | None] | None = None,
                 ) -> Iterator[tuple[int, Match]]:
    """(line index, match) for `line` and `line-start` lexicons; `cores` (one per line of `view.lines`, from
    `line_cores`) saves working them out again for every list."""
    matcher = lexicon.matcher
    cores = cores if cores is not None else line_cores(view)
    by_key = matcher.whole_line_keys()
    if by_key is not None:  # a literal list of whole lines: one dict lookup a line, no regex
        sensitive = matcher.case_sensitive
        for index, core in enumerate(cores):
            if core is not None:
                entry = by_key.get(core.key(sensitive))
                if entry is not None:
                    yield index, Match(core.start, core.start + len(core.text), entry)
        return
    text = view.text
    regex = matcher.document_regex(view.scored_text)
    if regex is None:
        return
    lines = view.lines
    for index, core in enumerate(cores):
        if core is None or (matcher.scope == "line-start" and not matcher.may_start(core.text[0])):
            continue
        match = matcher.match_core(text, core, lines[index].end, regex)
        if match is not None:
            yield index, match


class WholeLineIndex:
    """Every literal `line` list of a scorer in two dicts (one per case rule), so that a document's lines are looked
    up once in all of them instead of once per list: `line_matches` for a list costs a pass over the lines, and a
    scorer has some thirty such lists. `hits(cores)` maps the name of every list it indexes to what `line_matches`
    yields for that list, in the same order; a list it does not index is absent."""

    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        self.names: tuple[str, ...] = ()
        self._tables: tuple[dict[str, list[tuple[str, Entry]]], dict[str, list[tuple[str, Entry]]]] = ({}, {})
        for lexicon in lexicons:
            keys = lexicon.matcher.whole_line_keys()
            if keys is None or lexicon.name in self.names:
                continue
            self.names += (lexicon.name,)
            table = self._tables[lexicon.matcher.case_sensitive]
            for key, entry in keys.items():
                table.setdefault(key, []).append((lexicon.name, entry))

    def hits(self, cores: Sequence[LineCore | None]) -> dict[str, list[tuple[int, Match]]]:
        insensitive, sensitive = self._tables
        found: dict[str, list[tuple[int, Match]]] = {name: [] for name in self.names}
        for index, core in enumerate(cores):
            if core is None:
                continue
            for table, key in ((insensitive, core.folded), (sensitive, core.spaced)):
                for name, entry in table.get(key, ()):
                    found[name].append((index, Match(core.start, core.start + len(core.text), entry)))
        return found


def line_cores(view: TextView) -> list[LineCore | None]:
    return [line_core(view.text, line.start, line.end) for line in view.lines]


def phrase_matches(lexicon: Lexicon, view: TextView) -> Iterator[Match]:
    yield from lexicon.matcher.finditer(view.text, 0, view.scored_end)
