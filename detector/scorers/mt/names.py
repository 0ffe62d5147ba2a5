"""Names a translation engine garbled: 'Keir Starrer' for 'Keir Starmer', 'Funeo Kishida' for 'Fumio Kishida'.

Two kinds of evidence. A capitalised pair whose first name belongs to a person of the gazetteer and whose surname is
one or two edits from that person's surname is a near-miss of a known entity. And a document that spells a name two
ways ('Haftar' and 'Hafter') is evidence on its own: the rarer spelling is flagged, the commoner proposed.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Container, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import compress, repeat
from operator import ge, ne

from detector.core.model import Span
from detector.scorers.mt.common import MtCandidate, mt_rule
from detector.text.lexicons import load_lexicon, parse_lexicon
from detector.text.view import TextView

NEAR_MISS = mt_rule(
    "MT101", "mt-name-near-miss", "'{match}' is close to the known name '{replacement}': probably garbled.",
    "Name close to a known entity, or spelled two ways",
    "Translation engines transliterate names anew and mangle them ('Keir Starrer' for 'Keir Starmer'). A wrong "
    "name is worse than a missing one: it attributes words to nobody, and search and entity linking fail. A name "
    "spelled two ways in one article is evidence on its own.",
    "The plan was hired by the newly elected British Prime Minister Keir Starrer, who called it a gimmick.",
    "The plan was dropped by the newly elected British Prime Minister Keir Starmer, who called it a gimmick.",
    "Replace with the known spelling (check the person first).",
    "Real people who share a first name with a listed person and have a similar surname are flagged; transliteration "
    "variants that humans use too ('Zelenskyi') are flagged. Add local names with `--gazetteer FILE`.",
    0.85, source="lexicons/mt/gazetteer.en.tsv (3,100 people, places and organisations, CC0) and the document "
    "itself; edit distance by rapidfuzz")


# How German, Czech and Polish write Cyrillic sounds that English writes otherwise ('Lukaschenko', 'Tschernobyl',
# 'Wladimir', 'Alexandr'): translators keep them as often as engines do (the human references of mt-wmt22 de-en and
# cs-en), so they are variants, not garbles. Applied in order, after case folding and 'y' -> 'i'.
TRANSLITERATIONS = (("y", "i"), ("tsch", "ch"), ("sch", "sh"), ("ks", "x"), ("andr", "ander"), ("w", "v"))


@dataclass(frozen=True)
class Gazetteer:
    surnames_by_first: dict[str, frozenset[str]]
    firsts_by_surname: dict[str, frozenset[str]]
    full_names: frozenset[str]
    tokens: frozenset[str]


def _gazetteer_from(lexicons: tuple) -> Gazetteer:
    by_first: dict[str, set[str]] = defaultdict(set)
    by_surname: dict[str, set[str]] = defaultdict(set)
    full: set[str] = set()
    tokens: set[str] = set()
    for lexicon in lexicons:
        for entry in lexicon.entries:
            full.add(entry.pattern)
            parts = entry.pattern.split()
            tokens.update(parts)
            if entry.replacement == "person" and len(parts) >= 2:
                by_first[parts[0]].add(parts[-1])
                by_surname[parts[-1]].add(parts[0])
    return Gazetteer({k: frozenset(v) for k, v in by_first.items()},
                     {k: frozenset(v) for k, v in by_surname.items()}, frozenset(full), frozenset(tokens))


@cache
def load_gazetteer(extra: str = "") -> Gazetteer:
    """The shipped gazetteer, plus a user's file in the same format (`--gazetteer FILE`)."""
    lexicons = [load_lexicon("mt/gazetteer.en.tsv")]
    if extra:
        with open(extra, encoding="utf-8") as stream:
            lexicons.append(parse_lexicon(extra, stream.read()))
    return _gazetteer_from(tuple(lexicons))


def _levenshtein(a: str, b: str) -> int:
    """rapidfuzz imported when a name is first compared (16 ms a one-file scan without names need not pay)."""
    from rapidfuzz.distance import Levenshtein

    return int(Levenshtein.distance(a, b))


def _close(a: str, b: str) -> bool:
    distance = _levenshtein(a, b)
    return 0 < distance <= (1 if len(b) <= 5 else 2) and a[0] == b[0] and not same_under_transliteration(a, b)


def fold_transliteration(name: str) -> str:
    """The spelling with what transliterations and English press habits vary removed: diacritics ('Miloš' ->
    'milos'), 'y' against 'i' ('Oleksiy', 'Oleksii'; 'Maya', 'Maia'), German and Czech renderings of Cyrillic
    ('Lukaschenko', 'Alexandr'), and doubled letters.

    >>> fold_transliteration("Miloš"), fold_transliteration("Oleksiy"), fold_transliteration("Oleksii")
    ('milos', 'olexi', 'olexi')
    >>> fold_transliteration("Lukaschenko") == fold_transliteration("Lukashenko")
    True
    """
    bare = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    for foreign, english in TRANSLITERATIONS:
        bare = bare.replace(foreign, english)
    return "".join(c for i, c in enumerate(bare) if i == 0 or c != bare[i - 1])


def same_under_transliteration(a: str, b: str) -> bool:
    """Two spellings a person could write for one name: not evidence that an engine garbled it."""
    return fold_transliteration(a) == fold_transliteration(b)


def derived_form(a: str, b: str) -> bool:
    """One word is the other with another ending: a demonym or derivation ('Kenya'/'Kenyan', 'Tunisia'/'Tunisian',
    'Argentina'/'Argentine', 'Marxism'/'Marxist'), a plural, or an English spelling variant of the last letters
    ('Adviser'/'Advisor', 'Neanderthal'/'Neandertal'): the words differ only in their last two letters of the shorter,
    or by an 'h' after a 't'.

    >>> derived_form("Kenyan", "Kenya"), derived_form("Neandertal", "Neanderthal"), derived_form("Starrer", "Starmer")
    (True, True, False)
    """
    shorter = min(len(a), len(b))
    prefix = 0
    while prefix < shorter and a[prefix] == b[prefix]:
        prefix += 1
    return prefix >= shorter - 2 or a.replace("th", "t") == b.replace("th", "t")


def _name_like(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and word[1:].islower() and word.isalpha()


def gazetteer_candidates(view: TextView, gazetteer: Gazetteer, common: Container[str] = frozenset(),
                         ) -> Iterator[MtCandidate]:
    """A first name of a listed person with a surname one or two edits from theirs ('Keir Starrer'), or a listed
    surname with a first name that close to theirs ('Funeo Kishida').

    Left alone: a word that is a common English word or name in the Google Books counts (`common`: 'Christmas
    Sewing' is no garbled 'Christian Sewing', 'Kai Wagner' no garbled 'Kai Wegner'), and a pair that shares only a
    family name written first ('Zhang Ying' beside 'Zhang Yiming', `family_names_first`): another member of a large
    family. On the human translations of mt-wmt22 these made most of the rule's findings."""
    text, words, strings = view.text, view.words, view.word_texts
    family_first = family_names_first()
    # the first test below, in C loops over all the words: exactly one of the two words is a listed name
    known = list(map(gazetteer.surnames_by_first.__contains__, strings))
    surnames = map(gazetteer.firsts_by_surname.__contains__, strings[1:])
    for i in compress(range(len(words) - 1), map(ne, known, surnames)):
        first, last = strings[i], strings[i + 1]
        known_first, known_last = first in gazetteer.surnames_by_first, last in gazetteer.firsts_by_surname
        if known_first == known_last or not (_name_like(first) and _name_like(last)) or len(last) < 3:
            continue  # both known (a real name or another person's), or neither: nothing to compare with
        left, right = words[i], words[i + 1]
        if text[left.end : right.start] != " " or f"{first} {last}" in gazetteer.full_names:
            continue
        if (last if known_first else first).lower() in common or (known_first and first in family_first):
            continue
        if known_first:
            close = sorted(s for s in gazetteer.surnames_by_first[first] if _close(last, s))
            span, fixed = Span(right.start, right.end), f"{first} {close[0]}" if len(close) == 1 else ""
        else:
            close = sorted(f for f in gazetteer.firsts_by_surname[last] if _close(first, f))
            span, fixed = Span(left.start, left.end), f"{close[0]} {last}" if len(close) == 1 else ""
        if len(close) != 1:
            continue
        message = NEAR_MISS.format_message(match=f"{first} {last}", replacement=fixed)
        yield MtCandidate(NEAR_MISS, span, NEAR_MISS.confidence, message, close[0])


def consistency_candidates(view: TextView, gazetteer: Gazetteer, common: frozenset[str]) -> Iterator[MtCandidate]:
    """Capitalised words (not opening a sentence) spelled two close ways in one document.

    The rarer spelling (at most twice, and at most half as often as the other) is flagged. Pairs that are a
    derived form of one another ('Kenyan'/'Kenya'), transliteration variants ('Zelenskyi'/'Zelensky'), two family
    names ('Zhong'/'Zhang') or common English words ('Reduced'/'Reduces' in headings) are left alone: on the human
    translations of mt/docs.jsonl and mt-wmt22 and on native English they made most of this rule's findings.
    Candidates at edit distance 1 are found through their one-letter deletions (symspell's trick), so the cost is
    linear in the number of distinct words.
    """
    text = view.text
    family_first = family_names_first()
    spans: dict[str, list[Span]] = defaultdict(list)
    words, strings = view.words, view.word_texts
    for i in compress(range(len(strings)), map(ge, map(len, strings), repeat(5))):  # the length test, in C
        span, word = words[i], strings[i]
        if len(word) < 5 or not _name_like(word):  # four-letter words inside names: 1 MT finding, 1 native (dev)
            continue
        j = span.start - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j < 0 or text[j] in ".!?\n\"“‘:":
            continue  # sentence-initial: capitalised for grammar, not as a name
        if word.lower() in common:
            continue
        spans[word].append(span)
    counts = Counter({w: len(s) for w, s in spans.items()})
    usual_by_deletion: dict[str, list[str]] = defaultdict(list)
    for word in sorted(counts):
        if counts[word] >= 2:
            for key in _deletions(word):
                usual_by_deletion[key].append(word)
    for rare in sorted(w for w in counts if counts[w] <= 2 and w not in gazetteer.tokens):
        neighbours = sorted({u for key in _deletions(rare) for u in usual_by_deletion.get(key, ())})
        for usual in neighbours:
            if usual[0] != rare[0] or counts[usual] < 2 * counts[rare] or _levenshtein(rare, usual) != 1:
                continue
            if derived_form(rare, usual) or same_under_transliteration(rare, usual) or \
                    (rare in family_first and usual in family_first):
                continue
            for span in spans[rare]:
                message = NEAR_MISS.format_message(match=rare, replacement=usual)
                message += f" The document spells it '{usual}' {counts[usual]} times."
                yield MtCandidate(NEAR_MISS, span, 0.7, message, usual)
            break


@cache
def family_names_first() -> frozenset[str]:
    """Chinese, Korean and Vietnamese family names, which open a name: `lexicons/mt/family_names_first.mul.tsv`."""
    return frozenset(entry.pattern for entry in load_lexicon("mt/family_names_first.mul.tsv").entries)


def _deletions(word: str) -> set[str]:
    """The word and every form of it with one letter deleted: two words within edit distance 1 share one."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
