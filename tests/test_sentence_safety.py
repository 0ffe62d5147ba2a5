"""Never break a sentence (issue 22, item 4): a URL, e-mail or phone number inside running text is part of the
sentence. `detector clean` may remove a line that is little more than contact details, or an address that follows
the line's last sentence as a clause of its own, but never an address from inside a sentence: at most a finding to
review, with no fix applied by default.

The failures this guards were seen on the wcxb dev pages: "Workers' Compensation Board (https://www.wcb.ny.gov/)"
became "Workers' Compensation Board ()", "Give us a call now at 866-908-4748" lost its number, and on the
extraction-residue pages an article's own ticket links ("Ticket details: http://www.daviscupfinals.com/") went.
"""

from __future__ import annotations

import pytest

from detector.clean.edits import clean_text
from detector.config.settings import Config
from detector.core.model import Document
from detector.engines.pipeline import Pipeline

PIPELINE = Pipeline(Config(scorers=("boilerplate",)))

ARTICLE = ("The city council voted on Tuesday to expand the network of protected bike lanes by forty kilometres over "
           "the next three years, after a debate that lasted well into the evening.\n"
           "Supporters of the plan said that the new lanes would make cycling safer for children and older residents, "
           "and that the cost would be recovered through lower spending on road repairs.\n")

# Sentences that hold an address: each must come out of a default clean exactly as it went in.
IN_SENTENCE = [
    "Other agencies with useful information include the New York State Department of Labor "
    "(https://www.labor.ny.gov/home/) and the New York State Workers’ Compensation Board (https://www.wcb.ny.gov/)",
    "In a hurry? Give us a call now at 866-908-4748",
    "Tickets for the opening concert cost $25 and can be booked by phone on 020 7946 0321.",
    "Tickets are on sale at www.example-theatre.org",
    "Unsure of how to store or handle sensitive data? Email us at security@berkeley.edu",
    "HuggingFace has a repository of models that follow the GGUF format, you can see the list here: "
    "https://huggingface.co/models?library=gguf.",
    "Call 555-123-4567 to book your seats.",
    "Readers can reach the newsroom at tips@example.org with questions about the plan.",
    # an article's own ticket links (extraction-residue dev, deleted before)
    "This week's Tennis Podcast is sponsored by the Davis Cup by Rakuten Madrid Finals, which takes place 18-24 "
    "November. Ticket details: http://www.daviscupfinals.com/",
    "Link to KLOOK website – https://www.klook.com/activity/9596-the-palace-tale-of-jang-noksu-show-ticket-seoul/",
]


def cleaned(text: str) -> str:
    return clean_text(text, PIPELINE)[0]


@pytest.mark.parametrize("sentence", IN_SENTENCE)
def test_a_sentence_with_a_url_email_or_phone_number_keeps_it(sentence: str) -> None:
    page = ARTICLE + sentence + "\n" + ARTICLE
    assert cleaned(page) == page


@pytest.mark.parametrize("sentence", IN_SENTENCE)
def test_an_address_inside_a_sentence_is_at_most_a_finding_without_a_safe_fix(sentence: str) -> None:
    report = PIPELINE.score_document(Document("d", ARTICLE + sentence + "\n" + ARTICLE))
    contact = [f for f in report.findings if f.rule_id == "BP201"]
    threshold = PIPELINE.config.boilerplate.min_confidence
    assert all(f.confidence < threshold and (f.suggestion is None or not f.suggestion.safe) for f in contact)


@pytest.mark.parametrize(("line", "kept"), [
    ("editor@newtimesrwanda.com", ""),  # a line that is only an address
    ("Contact us: news@example-times.com | Tel. +44 20 7946 0321", ""),
    ("Email: editor@example.org", ""),
])
def test_a_line_of_contact_details_still_goes(line: str, kept: str) -> None:
    assert cleaned(ARTICLE + line + "\n" + ARTICLE) == ARTICLE + kept + ARTICLE


def test_an_address_after_the_last_sentence_is_a_trailing_clause_and_goes() -> None:
    """The seed's shape: the newsroom address glued after the article's final full stop (a clause of its own)."""
    page = ARTICLE + ("Camps like Gihembe and Kiziba host thousands of refugees from the Democratic Republic of Congo "
                      "and Burundi. editor@newtimesrwanda.com")
    assert cleaned(page) == page.removesuffix(" editor@newtimesrwanda.com")
