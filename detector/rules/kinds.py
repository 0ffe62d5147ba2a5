"""Rule kinds backed by lexicons: `existence` (the phrase is the problem) and `substitution` (the phrase has a right
form). A rule instance is a `[[rule]]` block naming a lexicon file or glob; this module resolves it once and finds
its matches in a view. New rule instances never need code here; a new kind does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from detector.core.work import charge
from detector.rules.rule import Rule
from detector.text.lexicons import Lexicon, LexiconError, lexicon_files, load_lexicon
from detector.text.line_memo import MISSING, LineMemo, line_key_start
from detector.text.matching import PHRASES, Entry, LineCore, Match, Matcher, _native_call, line_core
from detector.text.view import TextView


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
    if matcher.native is not None:
        yield from _native_line_matches(matcher, view, cores)
        return
    yield from _python_line_matches(matcher, view, cores, range(len(cores)))


def _python_line_matches(matcher: Matcher, view: TextView, cores: Sequence[LineCore | None], indices: Iterable[int],
                         ) -> Iterator[tuple[int, Match]]:
    """`line_matches` on Python's `re`, for the lines at `indices`. A line's answer depends on its own text only
    (`line_keys`), so it is remembered per list (`Matcher.line_memo`): the verdict scores a cleaned page again, and
    the lines the clean did not touch are not run through `re` a second time."""
    text = view.text
    lines = view.lines
    regex = matcher.document_regex(view.scored_text)
    if regex is None:
        return
    memo = matcher.line_memo
    keys = view.line_keys if memo is not None else ()
    found: list[tuple[int, Match]] = []
    remembered = 0  # the characters `match_core` would have charged for the lines answered from the memo
    for index in indices:
        core = cores[index]
        if core is None or (matcher.scope == "line-start" and not matcher.may_start(core.text[0])):
            continue
        end = lines[index].end
        if memo is None:
            match = matcher.match_core(text, core, end, regex)
        else:
            base = line_key_start(lines[index])
            known = memo.get(keys[index], MISSING)
            if known is MISSING:
                match = matcher.match_core(text, core, end, regex)
                memo.put(keys[index], _remembered(match, base))
            else:
                remembered += end - core.start
                match = _recalled(known, base)
        if match is not None:
            found.append((index, match))
    charge(remembered)
    yield from found


def _native_line_matches(matcher: Matcher, view: TextView, cores: Sequence[LineCore | None],
                          ) -> Iterator[tuple[int, Match]]:
    """`line_matches` of a regex list on the native engine: every line of the document in one call (the prefilters
    of the Python path, a line's width and the rows' required literals, never change a match, so none is needed).
    Lines where the engine's `\\b` is not Python's (`RegexList`) are matched by `re`."""
    text, lines = view.text, view.lines
    native = matcher.native_for(view.scored_text)
    if native == ():
        return  # no row can match this document
    live = [(index, core) for index, core in enumerate(cores) if core is not None]
    entries = matcher.entries
    if matcher.scope == "line":
        texts = [core.text for _, core in live]
        try:
            rows = native.fullmatch_each(texts)
        except UnicodeEncodeError:  # lone surrogates cannot cross into Rust and go as U+FFFD
            from detector.core.safety import without_surrogates

            rows = native.fullmatch_each([without_surrogates(t) for t in texts])
        undecided = [index for (index, _), row in zip(live, rows) if row == -2]
        charge(_examined(matcher, view, _widths(view, cores, undecided)))  # `re` charges the undecided lines
        by_python = dict(_python_line_matches(matcher, view, cores, undecided)) if undecided else {}
        for (index, core), row in zip(live, rows):
            if row >= 0:
                yield index, Match(core.start, core.start + len(core.text), entries[row])
            elif row == -2 and index in by_python:
                yield index, by_python[index]
        return
    spans = [(core.start, lines[index].end) for index, core in live]
    answers = _native_call(native.match_each, text, spans)
    if answers is None:
        yield from _python_line_matches(matcher, view, cores, range(len(cores)))
        return
    charge(_examined(matcher, view, _widths(view, cores)))
    for (index, core), found in zip(live, answers):
        if found is None:
            continue
        end, row = found
        line_end = lines[index].end
        if end < line_end and (text[end - 1].isalnum() and text[end].isalnum()):
            continue  # "By" must not match "Bystanders"
        entry = matcher.entry_of(row, text[core.start : end])
        if entry is not None:
            yield index, Match(core.start, end, entry)


Remembered = tuple[int, int, Entry] | None


def _remembered(match: Match | None, base: int) -> Remembered:
    """A line's answer as the memo keeps it: offsets from where the line's key starts (`line_key_start`), so that
    the same line elsewhere in this or another text gets it back at its own offsets."""
    return None if match is None else (match.start - base, match.end - base, match.entry)


def _recalled(known: Remembered, base: int) -> Match | None:
    return None if known is None else Match(base + known[0], base + known[1], known[2])


def _widths(view: TextView, cores: Sequence[LineCore | None], skip: Iterable[int] = ()) -> dict[str, int]:
    """The characters of a document's lines from their core to their end, summed by the core's first character:
    what `Matcher.match_core` charges the work meter (`core.work`) for a line, grouped so that a list's share
    (`_examined`) is a sum over a few dozen characters, not over every line."""
    lines, skipped = view.lines, set(skip)
    widths: dict[str, int] = {}
    for index, core in enumerate(cores):
        if core is not None and index not in skipped:
            widths[core.text[0]] = widths.get(core.text[0], 0) + lines[index].end - core.start
    return widths


def _examined(matcher: Matcher, view: TextView, widths: dict[str, int]) -> int:
    """What `line_matches` on Python's `re` charges for `matcher` in a document (a native path charges the same,
    so that a work budget stops the same scorers on either path): nothing when no row can match the document
    (`document_regex` is None), else every line it tests, on a `line-start` list only the lines whose first
    character a row may start with (`may_start`)."""
    if not matcher.may_match(view.scored_text):
        return 0
    if not matcher.checks_first:  # `may_start` is yes for every line
        return sum(widths.values())
    return sum(width for first, width in widths.items() if matcher.may_start(first))


class WholeLineIndex:
    """Every literal `line` list of a scorer in two dicts (one per case rule), so that a document's lines are looked
    up once in all of them instead of once per list: `line_matches` for a list costs a pass over the lines, and a
    scorer has some thirty such lists. The line lists the native engine runs without word boundaries (regex lists,
    literal `line-start` lists) are matched together too, every line against all of them in one native call
    (`match_lines`), and the line lists that stay on Python's `re` are answered a line at a time for all of them,
    from a memo of each line's answers (`_python_hits`). `hits(cores, view)` maps the name of every list it indexes
    to what `line_matches` yields for that list, in the same order; a list it does not index is absent."""

    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        self.names: tuple[str, ...] = ()
        self._tables: tuple[dict[str, list[tuple[str, Entry]]], dict[str, list[tuple[str, Entry]]]] = ({}, {})
        self._native: list[Lexicon] = []
        self._python: list[Lexicon] = []  # the line lists that stay on Python's `re`
        self._memo = LineMemo()  # their answers by line (`line_keys`), one slot per list in `_python`
        for lexicon in lexicons:
            if lexicon.name in self.names:
                continue
            matcher = lexicon.matcher
            keys = matcher.whole_line_keys()
            if keys is None:
                if matcher.scope not in ("line", "line-start"):
                    continue
                if matcher.native is not None and not matcher.native.word_boundary:
                    self.names += (lexicon.name,)
                    self._native.append(lexicon)
                elif matcher.native is None and matcher.line_memo is not None:
                    self.names += (lexicon.name,)
                    self._python.append(lexicon)
                continue
            self.names += (lexicon.name,)
            table = self._tables[matcher.case_sensitive]
            for key, entry in keys.items():
                table.setdefault(key, []).append((lexicon.name, entry))

    def hits(self, cores: Sequence[LineCore | None], view: TextView | None = None,
             ) -> dict[str, list[tuple[int, Match]]]:
        insensitive, sensitive = self._tables
        found: dict[str, list[tuple[int, Match]]] = {name: [] for name in self.names}
        for index, core in enumerate(cores):
            if core is None:
                continue
            for table, key in ((insensitive, core.folded), (sensitive, core.spaced)):
                for name, entry in table.get(key, ()):
                    found[name].append((index, Match(core.start, core.start + len(core.text), entry)))
        for lists, matched in ((self._native, self._native_hits), (self._python, self._python_hits)):
            if not lists:
                continue
            if view is None:  # without the document, these lists are left to `line_matches`
                for lexicon in lists:
                    del found[lexicon.name]
            else:
                found.update(matched(cores, view))
        return found

    def _python_hits(self, cores: Sequence[LineCore | None], view: TextView) -> dict[str, list[tuple[int, Match]]]:
        """The line lists on Python's `re`, every line once for all of them: a line's answers depend on its own text
        only (`line_keys`), so they are remembered (`_memo`) and a line met again (the verdict scores the cleaned
        page a second time; pages share lines) costs one lookup, not a `re` match per list. The work meter is
        charged what `line_matches` charges (`_examined`), whether an answer was remembered or not."""
        text, lines, keys = view.text, view.lines, view.line_keys
        found: dict[str, list[tuple[int, Match]]] = {lexicon.name: [] for lexicon in self._python}
        possible = [(position, lexicon.matcher, lexicon.name) for position, lexicon in enumerate(self._python)
                    if lexicon.matcher.may_match(view.scored_text)]
        if not possible:
            return found
        widths = _widths(view, cores)
        owed = sum(_examined(matcher, view, widths) for _, matcher, _ in possible)  # less what `match_core` charges
        # a list none of whose rows can begin any of the lines runs no line (and compiles nothing) but is charged
        firsts = frozenset(core.text[0] for core in cores if core is not None)
        active = [(position, matcher, matcher.checks_first, regex, found[name]) for position, matcher, name in possible
                  for regex in (matcher.document_regex(view.scored_text, firsts),) if regex is not None]
        memo, count = self._memo, len(self._python)
        for index, core in enumerate(cores):
            if core is None:
                continue
            answers = memo.get(keys[index], None)
            if answers is None:
                answers = [MISSING] * count
                memo.put(keys[index], answers)
            line = lines[index]
            base = line_key_start(line)
            for position, matcher, checks_first, regex, out in active:
                if checks_first and not matcher.may_start(core.text[0]):
                    continue
                known = answers[position]
                if known is MISSING:
                    match = matcher.match_core(text, core, line.end, regex)
                    owed -= line.end - core.start
                    known = answers[position] = _remembered(match, base)
                match = _recalled(known, base)
                if match is not None:
                    out.append((index, match))
        charge(owed)
        return found

    def _native_hits(self, cores: Sequence[LineCore | None], view: TextView) -> dict[str, list[tuple[int, Match]]]:
        """The lists without word boundaries (always exact on the native engine), every line in one call."""
        from detector.core import _native

        text, lines = view.text, view.lines
        live = [index for index, core in enumerate(cores) if core is not None]
        spans = [(core.start, core.start + len(core.text), lines[i].end)
                 for i in live for core in (cores[i],) if core is not None]
        found: dict[str, list[tuple[int, Match]]] = {lexicon.name: [] for lexicon in self._native}
        # a list none of whose rows can match the document is left out: it finds nothing there, is charged nothing
        # (`_examined`), and its engines are not built for it (a one-file scan builds only the ones it needs)
        lexicons = [lexicon for lexicon in self._native if lexicon.matcher.may_match(view.scored_text)]
        if not lexicons:
            return found
        matchers = [lexicon.matcher for lexicon in lexicons]
        widths = _widths(view, cores)
        charge(sum(_examined(m, view, widths) for m in matchers))
        lists, full = [m.native for m in matchers], [m.scope == "line" for m in matchers]
        for position, line, end, row in _native_call(lambda t: _native.match_lines(lists, full, t, spans), text):
            matcher, index = matchers[position], live[line]
            core = cores[index]
            assert core is not None
            if matcher.scope == "line-start":
                line_end = lines[index].end
                if end < line_end and (text[end - 1].isalnum() and text[end].isalnum()):
                    continue  # "By" must not match "Bystanders"
            entry = matcher.entry_of(row, text[core.start : end])
            if entry is not None:
                found[lexicons[position].name].append((index, Match(core.start, end, entry)))
        return found


def line_cores(view: TextView) -> list[LineCore | None]:
    return [line_core(view.text, line.start, line.end) for line in view.lines]


def phrase_matches(lexicon: Lexicon, view: TextView) -> Iterator[Match]:
    yield from lexicon.matcher.finditer(view.text, 0, view.scored_end)
