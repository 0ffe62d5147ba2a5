"""The user's own knowledge in the boilerplate scorer: extra phrase lists for the shipped phrase rules
(`boilerplate.phrases`) and lines never to remove (`boilerplate.keep_lines`, `boilerplate.keep_file`).

A user's list joins the rule it names: its matches are that rule's findings, with the rule's message, confidence and
fix safety, decided like the shipped rows (a whole line, or a phrase inside one). A kept line gets no boilerplate
evidence at all, so it is neither removed nor counted as residue, and the circuit breaker never sees it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence

from detector.config.settings import ConfigError
from detector.rules.kinds import LexiconRule
from detector.scorers.boilerplate.candidates import Candidate
from detector.scorers.boilerplate.lines import DocumentLines
from detector.text.user_lists import line_key, load_user_list


def with_user_lists(rules: Sequence[LexiconRule], phrases: Mapping[str, tuple[str, ...]]) -> list[LexiconRule]:
    """The phrase rules with the user's lists added to the ones they name; a list of another kind than its rule's
    is refused (an existence list cannot extend a substitution rule)."""
    by_id = {lr.rule.id: lr for lr in rules}
    for rule_id in phrases:
        if rule_id not in by_id:
            raise ConfigError(f"'boilerplate.phrases.{rule_id}' names no boilerplate phrase rule")
    out = []
    for lexicon_rule in rules:
        extra = tuple(load_user_list(path) for path in phrases.get(lexicon_rule.rule.id, ()))
        for lexicon in extra:
            if lexicon.kind != lexicon_rule.rule.kind:
                raise ConfigError(f"{lexicon.path}: a '{lexicon.kind}' list cannot extend {lexicon_rule.rule.id}, a "
                                  f"'{lexicon_rule.rule.kind}' rule")
        out.append(LexiconRule(lexicon_rule.rule, lexicon_rule.lexicons + extra) if extra else lexicon_rule)
    return out


def kept_lines(lines: DocumentLines, keep: frozenset[str]) -> frozenset[int]:
    """The indexes of the document's lines on the keep list."""
    if not keep:
        return frozenset()
    return frozenset(i for i, line in enumerate(lines.lines) if line_key(line.text) in keep)


def without_kept(candidates: Iterable[Candidate], lines: DocumentLines, kept: frozenset[int]) -> Iterator[Candidate]:
    """The candidates that are not on a kept line (a whole-line candidate by its line, a phrase by its start)."""
    if not kept:
        yield from candidates
        return
    starts = [line.span.start for line in lines.lines]
    for c in candidates:
        index = c.line if c.line is not None else bisect_right(starts, c.span.start) - 1
        if index not in kept:
            yield c
