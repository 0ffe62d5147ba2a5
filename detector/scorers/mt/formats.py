"""Numbers and dates written in the source language's format: thousands grouped with dots ('3.500.000 people') or
spaces before a currency ('30 000 UAH'), a decimal comma ('3,5 %', opt-in), an ordinal dot before a month ('since 13.
October'), an ordinal suffix cut off ('on the 12 th') and a dotted day-month date inside a sentence ('after
1.1.2022').

Czech, German, Russian and Ukrainian write numbers and dates this way; engines (and some translators) copy them.
English readers misread them: '1.500 euros' is one and a half euros to them. Each shape was kept only where it is
(next to) absent from native English of every register (mt-wmt22 native, the gold bodies of boilerplate-wcxb and
extraction-residue); `detector eval mt` prints each shape's rule rates. None of them occurs in the zh-en MQM files,
so their span precision there cannot be measured.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from detector.core.model import Span
from detector.scorers.mt.common import MtCandidate, mt_rule
from detector.text.view import TextView

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
UNITS = ("%|per ?cent|percent|million|billion|thousand|trillion|times|kg|km|cm|mm|m|l|degrees|hours|minutes|months|"
         "years|points|euros?|crowns|rubles|roubles|hryvnias?|dollars|yuan|yen")
CURRENCIES = "euros?|EUR|crowns|CZK|Kč|rubles|roubles|RUB|hryvnias?|UAH|dollars|USD|yuan|CNY|yen|JPY|zł|złoty|PLN"
COUNTED = ("people|inhabitants|residents|visitors|employees|workers|units|tons|tonnes|votes|cases|jobs|homes|"
           "households|children|pupils|students|soldiers|troops|refugees|copies|pieces|members|spectators|fans")
# '3,5 %', '4,5 months', '1,2 billion euros': one or two digits after the comma, then a unit. English reads a comma
# between digits as a thousands separator, which is followed by exactly three digits.
DECIMAL_COMMA = re.compile(rf"(?<![\d.,])(\d{{1,3}}),(\d{{1,2}})(?![\d,])(?= ?(?:%|(?:{UNITS})\b))")
# '3.500.000' (two or more groups), or '21.000 people' (one group before a counted noun or a currency)
DOT_GROUPS = re.compile(rf"(?<![\d.,])\d{{1,3}}(?:\.\d{{3}}){{2,4}}(?![\d.,])"
                        rf"|(?<![\d.,])\d{{1,3}}\.\d{{3}}(?![\d.,])(?= (?:{COUNTED}|{CURRENCIES})\b)")
# '30 000 UAH', '720 000 crowns': digits grouped by spaces before a currency (SI style groups by spaces too, but
# not before a currency in running prose)
SPACE_GROUPS = re.compile(rf"(?<![\d,.])\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}}){{1,4}}(?![\d,.])(?= (?:{CURRENCIES})\b)")
# Where a number shape may start: digits, then a comma and one or two digits, or a dot or a space and three digits.
NUMBER_START = re.compile(r"\d{1,3}(?:,\d{1,2}(?![\d,])|[. \u00a0\u202f]\d{3})")
# Every date shape starts with one or two digits, so one scan for that start finds where to look further: the
# three patterns below then run only from those places.
DATE_START = re.compile(rf"\d{{1,2}}(?:\. (?:{'|'.join(MONTHS)})\b| (?:st|nd|rd|th)\b|\.\d{{1,2}}\.(?:19|20)\d\d\b)")
ORDINAL_DOT = re.compile(rf"(?<=[a-z] )(\d{{1,2}})\. ({'|'.join(MONTHS)})\b")
SPACED_ORDINAL = re.compile(r"(?<![\d.,])(\d{1,2}) (st|nd|rd|th)\b")
DOTTED_DATE = re.compile(r"(?<=[a-z] )(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})\b(?![.\d])")

NUMBER_FORMAT = mt_rule(
    "MT309", "mt-source-number-format", "'{match}' groups thousands the way {how}; in English: '{replacement}'.",
    "Thousands grouped in the source language's format",
    "German, Czech and Russian group thousands with dots ('3.500.000'), Czech, Russian and Ukrainian with spaces "
    "('30 000'). Copied into English the number means something else ('1.500 euros' is one and a half euros to an "
    "English reader) or splits into two numbers for every tokenizer.",
    "More than 21.000 people in the town voted, and a seat on the council costs 30 000 UAH.",
    "More than 21,000 people in the town voted, and a seat on the council costs 30,000 UAH.",
    "Group the thousands with commas.",
    "Only dot groups before a counted noun or a currency (or two groups and more) and space groups before a "
    "currency are flagged: SI style groups digits with spaces too. Version numbers and block heights written with "
    "three-digit groups ('22.360.000', once in the wcxb bodies) are flagged.", 0.85)
DECIMAL = mt_rule(
    "MT315", "mt-decimal-comma", "'{match}' has a decimal comma, as Czech, German or Russian write it; in English: "
    "'{replacement}'.", "Decimal comma of the source language",
    "Czech, German, Russian and Ukrainian write '3,5' for three and a half. English reads a comma between digits as "
    "a thousands separator (followed by exactly three digits), so '76,7 %' is a misprint to an English reader.",
    "The turnout was 76,7 % and the price rose by 3,2 %.", "The turnout was 76.7% and the price rose by 3.2%.",
    "Write the decimal point as a full stop.",
    "Off by default (`--extend-select MT315`): it marks translation, not machine translation. Professional "
    "translators leave decimal commas more often than engines (dev: 0.053 per 1,000 words on the human translations "
    "of mt-wmt22 and mt/docs.jsonl, all by the cs-en reference refC, against 0.011 on machine translations), so as "
    "an MT finding it would mislead; it never occurs in native English there. Only a comma followed by one or two "
    "digits and a unit or a percent sign is flagged.", 0.85, opt_in=True)
DATE_FORMAT = mt_rule(
    "MT310", "mt-source-date-format", "'{match}' is a date in the source language's format; in English: "
    "'{replacement}'.", "Date in the source language's format",
    "Czech, German and Slavic languages write the day with an ordinal dot ('13. October') and dates as '1.1.2022'; "
    "engines that break the ordinal suffix off leave '12 th'. English readers stumble, and '1.2.2022' is the first "
    "of February to some and the second of January to others.",
    "It was the lowest daily count since 13. October, and the rule applies after 1.2.2022 from the 12 th on.",
    "It was the lowest daily count since 13 October, and the rule applies after 1 February 2022 from the 12th on.",
    "Drop the ordinal dot, join the ordinal suffix, write the month of a dotted date in words.",
    "A dotted date is flagged only after a lower-case word (inside a sentence), not in a dateline ('DW - "
    "14.02.2023'), which translators copy as they find it. Lists numbered '3. March of the Empire' are left alone "
    "because only a number after a lower-case word counts.", 0.85)


def number_format_candidates(view: TextView) -> Iterator[MtCandidate]:
    text = view.text
    end = view.scored_end
    for start in NUMBER_START.finditer(text, 0, end):
        at = start.start()
        if at > 0 and text[at - 1] in "0123456789.,":
            continue  # inside a longer number: its own start decides
        m = DECIMAL_COMMA.match(text, at, end)
        if m is not None:
            replacement = m.group(0).replace(",", ".")
            yield MtCandidate(DECIMAL, Span(m.start(), m.end()), DECIMAL.confidence,
                              DECIMAL.format_message(match=m.group(0), replacement=replacement), replacement)
            continue
        for pattern, how in ((DOT_GROUPS, "German, Czech or Russian do"), (SPACE_GROUPS, "Czech or Ukrainian do")):
            m = pattern.match(text, at, end)
            if m is not None:
                quote, replacement = m.group(0), _comma_groups(m.group(0))
                yield MtCandidate(NUMBER_FORMAT, Span(m.start(), m.end()), NUMBER_FORMAT.confidence,
                                  NUMBER_FORMAT.format_message(match=quote, how=how, replacement=replacement),
                                  replacement)
                break


def date_format_candidates(view: TextView) -> Iterator[MtCandidate]:
    text = view.text
    for start in DATE_START.finditer(text, 0, view.scored_end):
        at = start.start()
        if at > 0 and text[at - 1].isdigit():
            continue  # the second digit of a longer number: the match of its first digit decides
        m = ORDINAL_DOT.match(text, at)
        if m is not None:
            yield _date(m, f"{m.group(1)} {m.group(2)}")
            continue
        m = SPACED_ORDINAL.match(text, at)
        if m is not None:
            if _ordinal_suffix(int(m.group(1))) == m.group(2):
                yield _date(m, f"{m.group(1)}{m.group(2)}")
            continue
        m = DOTTED_DATE.match(text, at)
        if m is not None:
            day, month = int(m.group(1)), int(m.group(2))
            if 1 <= day <= 31 and 1 <= month <= 12:
                yield _date(m, f"{day} {MONTHS[month - 1]} {m.group(3)}")


def _date(m: re.Match[str], replacement: str) -> MtCandidate:
    return MtCandidate(DATE_FORMAT, Span(m.start(), m.end()), DATE_FORMAT.confidence,
                       DATE_FORMAT.format_message(match=m.group(0), replacement=replacement), replacement)


def _comma_groups(number: str) -> str:
    """>>> _comma_groups("3.500.000"), _comma_groups("30\u00a0000")
    ('3,500,000', '30,000')
    """
    return re.sub(r"[.\s]", ",", number)


def _ordinal_suffix(day: int) -> str:
    """>>> [_ordinal_suffix(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31)]
    ['st', 'nd', 'rd', 'th', 'th', 'th', 'th', 'st', 'nd', 'rd', 'st']
    """
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
