"""The MT rules of issue 23: each finds the shape it was written for (taken from the machine translations of
mt-wmt22 and mt/docs.jsonl) with its fix, and leaves alone the native English that comes closest to it."""

from __future__ import annotations

import pytest

from detector.config.settings import Config, RulesConfig
from detector.core.model import Document
from detector.engines.pipeline import Pipeline

PIPELINE = Pipeline(Config(scorers=("mt",)))
OPT_IN = Pipeline(Config(scorers=("mt",), rules=RulesConfig(extend_select=("MT315",))))


def _found(text: str, pipeline: Pipeline = PIPELINE) -> list[tuple[str, str, str | None]]:
    report = pipeline.score_document(Document("t", text))
    return [(f.rule_id, f.quote, f.suggestion.replacement if f.suggestion else None) for f in report.findings
            if f.category == "mt-artifact"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # MT206 now reads Cyrillic too (uk-en and ru-en engines leave words untranslated)
        ("Анна Anna Ivanovna explains that she came out with a request to the residents.",
         ("MT206", "Анна", None)),
        # MT309: thousands grouped with dots or spaces
        ("Since Saturday more than 21.000 people in Much and Ruppichteroth have had electricity again.",
         ("MT309", "21.000", "21,000")),
        ("The most expensive sweater, sold five years ago, cost \"only\" 720 000 crowns.",
         ("MT309", "720 000", "720,000")),
        ("The company reported 3.500.000 downloads in its first year on the market.",
         ("MT309", "3.500.000", "3,500,000")),
        # MT310: an ordinal dot, a cut-off ordinal suffix, a dotted date in a sentence
        ("It is the lowest daily count since 13. October, the ministry said.", ("MT310", "13. October", "13 October")),
        ("According to the police, before 11:30 am on the 12 th, a passerby found a man.", ("MT310", "12 th", "12th")),
        ("The validity period of which expired after 1.1.2022 remains valid.",
         ("MT310", "1.1.2022", "1 January 2022")),
        # MT311: the currency sign after the amount
        ("I ordered the chair a few days ago for 249€, and today it costs 179€.", ("MT311", "249€", None)),
        ("I could sell it to you for 5000,- crowns, the friend said.", ("MT311", "5000,- crowns", None)),
        # MT312: a Japanese honorific left on a name
        ("I replied, \"Sakura-san confessed to me that my heart is in full bloom.\"", ("MT312", "Sakura-san", None)),
        # MT313: calques with the English idiom
        ("It is not excluded that the talks will resume next week.",
         ("MT313", "It is not excluded that", "it is possible that")),
        ("Funds will be allocated within the framework of the regional programme.",
         ("MT313", "within the framework of", "as part of")),
        ("How many young idlers are sitting on the neck of old parents.",
         ("MT313", "sitting on the neck of", "living off")),
        # MT314: a decoding loop (NLLB on the WMT23 news file, marked 'Non-translation!' by the raters)
        ("Prime Minister Van Minh Tri and his wife visited the University of Bern, Bern, Bern, Bern, Bern, Bern.",
         ("MT314", ", Bern, Bern, Bern, Bern, Bern", "")),
        ("- Well, here they come! He raised his hands and says: We go in, we go in, we go in, we go in.",
         ("MT314", ", we go in, we go in, we go in", "")),
    ],
)
def test_each_new_rule_finds_its_case_with_its_fix(text: str, expected: tuple[str, str, str | None]) -> None:
    assert expected in _found(text)


def test_the_decimal_comma_is_found_when_selected() -> None:
    text = "The election turnout was 76,7 per cent of registered voters, and prices rose by 3,2 %."
    assert [f for f in _found(text) if f[0] == "MT315"] == []
    assert ("MT315", "76,7", "76.7") in _found(text, OPT_IN) and ("MT315", "3,2", "3.2") in _found(text, OPT_IN)


@pytest.mark.parametrize(
    "text",
    [
        # numbers and dates as native English writes them (wcxb, extraction-residue, mt-wmt22 native)
        "Its fleet of roughly 400 737 Max jets has been grounded, and 1,500 people lost 3.5% of their savings.",
        "He came into the pits on the 44th lap, and the 25th Amendment was debated on 1 January 2020.",
        "Version 1.2.3 of the library shipped on 12/03/2024; see section 3.1.2 and page 1.5.",
        "Tested by John Milbank. RRP: €49.95 (£40). More info: www.earbooks.net/en, +49 (0)40 890 85-433.",
        "3. Lost Forest\n4. Gau's Theme\n5. March of the Empire",
        # repetition as people write it: three times, interjections, a conjunction
        "Don't know what I would do without this case LOVE LOVE LOVE it.",
        "Jerry: blah blah blah your fault, damn kids have no respect, blah blah blah.",
        "A month later I called again and again and again and again, and finally got an appointment.",
        "Come in, come in, come in, she said. Ha ha ha ha, he laughed. It sounds like ding, ding, ding.",
        # idioms English has, and honorifics fans write
        "At first sight the plan looked good, and as soon as possible we will take part in it.",
        "The anime follows Sakura-chan and Naruto-kun through their first year at school.",
    ],
)
def test_native_english_near_misses_are_left_alone(text: str) -> None:
    assert _found(text, OPT_IN) == []
