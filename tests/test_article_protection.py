"""Never harm the article: pages built to tempt the boilerplate scorer into deleting article text.

Each page mixes real-looking residue with article paragraphs; the assertions are on what `detector clean` would
delete by default (the findings at or above the threshold with a safe fix), because that is what a user loses.
"""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from detector.clean.edits import clean_text
from detector.config.settings import Config
from detector.core.model import Document
from detector.engines.pipeline import Pipeline
from detector.evaluation.boilerplate import applied
from detector.scorers.boilerplate.decide import CIRCUIT_BREAKER
from detector.scorers.boilerplate.scorer import SHAPE_IDS

PIPELINE = Pipeline(Config(scorers=("boilerplate",)))
FIXING = Pipeline(Config(scorers=("boilerplate", "mt")))
THRESHOLD = PIPELINE.config.boilerplate.min_confidence

ARTICLE = [
    "The city council voted on Tuesday to expand the network of protected bike lanes by forty kilometres over the "
    "next three years, after a debate that lasted well into the evening.",
    "Supporters of the plan said that the new lanes would make cycling safer for children and older residents, and "
    "that the cost would be recovered through lower spending on road repairs.",
    "Opponents argued that the council had not consulted shop owners on the affected streets, some of whom fear "
    "that the loss of parking spaces will drive their customers to the suburbs.",
    "The first section, along the river, is due to open in the spring; the mayor said the remaining routes would "
    "be chosen after a public consultation in the autumn.",
]
MENU = ["Home", "News", "Local", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather", "Traffic",
        "Obituaries", "Events", "Podcasts", "Newsletters", "Subscribe", "Sign in", "Search", "Contact us",
        "About us", "Careers", "Advertise", "Privacy Policy", "Terms of Use", "Cookie Settings", "Site map"]


def removed_lines(text: str, pipeline: Pipeline = PIPELINE) -> list[str]:
    """The text of every line a default clean would delete (whole-line findings applied by default)."""
    report = pipeline.score_document(Document("d", text))
    return [f.quote for f in applied(report.findings, THRESHOLD) if f.suggestion and f.suggestion.replacement == ""]


def test_a_page_whose_menu_outweighs_its_article_keeps_every_article_line() -> None:
    page = "\n".join(MENU * 4 + ["Bike lanes to grow by forty kilometres", *ARTICLE] + MENU * 4)
    removed = removed_lines(page)
    assert not any(paragraph in removed for paragraph in ARTICLE)
    assert sum(1 for line in removed if line in MENU) >= len(MENU)  # it still finds the furniture
    cleaned, _ = clean_text(page, PIPELINE)
    assert all(paragraph in cleaned for paragraph in ARTICLE)


def test_a_hard_wrapped_article_keeps_all_its_lines() -> None:
    wrapped = "\n\n".join(textwrap.fill(paragraph, 72) for paragraph in ARTICLE)
    page = "\n".join(MENU[:12]) + "\n\n" + wrapped + "\n\n" + "\n".join(MENU[12:])
    article_lines = [line for line in wrapped.splitlines() if line.strip()]
    assert any(not line.rstrip().endswith((".", ",", ";")) for line in article_lines)  # really hard-wrapped
    removed = removed_lines(page)
    assert not set(article_lines) & set(removed)
    cleaned, _ = clean_text(page, PIPELINE)
    assert wrapped in cleaned


PAGES = {
    "de": (["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Anmelden"],
           ["Der Stadtrat hat am Dienstag beschlossen, das Netz der geschützten Radwege in den nächsten drei Jahren "
            "um vierzig Kilometer zu erweitern.",
            "Die Befürworter sagten, die neuen Wege würden das Radfahren für Kinder und ältere Menschen sicherer "
            "machen, und die Kosten würden durch geringere Ausgaben für Straßenreparaturen ausgeglichen.",
            "Der erste Abschnitt entlang des Flusses soll im Frühjahr eröffnet werden; über die übrigen Strecken "
            "wird nach einer Bürgerbefragung im Herbst entschieden."]),
    "fr": (["Accueil", "Politique", "Économie", "Sport", "Culture", "Se connecter"],
           ["Le conseil municipal a voté mardi l'extension du réseau de pistes cyclables protégées de quarante "
            "kilomètres au cours des trois prochaines années.",
            "Les partisans du projet ont affirmé que les nouvelles pistes rendraient le vélo plus sûr pour les "
            "enfants et les personnes âgées, et que le coût serait compensé par des économies sur l'entretien.",
            "Le premier tronçon, le long du fleuve, doit ouvrir au printemps ; les autres itinéraires seront choisis "
            "après une consultation publique à l'automne."]),
    "es": (["Inicio", "Política", "Economía", "Deportes", "Cultura", "Iniciar sesión"],
           ["El ayuntamiento aprobó el martes ampliar la red de carriles bici protegidos en cuarenta kilómetros "
            "durante los próximos tres años, tras un largo debate.",
            "Los partidarios del plan dijeron que los nuevos carriles harían más seguro el uso de la bicicleta para "
            "los niños y los mayores, y que el coste se recuperaría con un menor gasto en reparaciones.",
            "El primer tramo, junto al río, se abrirá en primavera; el resto de las rutas se elegirá después de una "
            "consulta pública en otoño."]),
}


def test_short_german_french_and_spanish_pages_keep_their_paragraphs() -> None:
    for lang, (menu, paragraphs) in PAGES.items():
        page = "\n".join(menu) + "\n" + "\n".join(paragraphs) + "\n" + "\n".join(menu[:3])
        report = PIPELINE.score_document(Document(lang, page))
        assert report.language == lang
        removed = [f.quote for f in applied(report.findings, THRESHOLD)]
        assert not set(paragraphs) & set(removed), (lang, removed)
        assert set(menu) & set(removed), f"{lang}: no menu line found"
        cleaned, _ = clean_text(page, PIPELINE)
        assert all(p in cleaned for p in paragraphs), lang


def test_the_circuit_breaker_fires_on_a_page_without_its_article() -> None:
    page = "\n".join([
        "Skip to content", "Menu", "Search",
        "We use cookies to give you the best experience on our website and to show you relevant advertising, as "
        "described in our cookie policy.",
        "By continuing to browse this site you agree to our use of cookies and to the terms of service of our "
        "partners.",
        "Sign up for our newsletter to get the best of our journalism delivered to your inbox every morning.",
        "Accept", "Reject", "Privacy Policy", "Terms of Use",
        "© 2025 Example Media Group. All rights reserved.",
    ])
    report = PIPELINE.score_document(Document("no-article", page))
    breaker = [f for f in report.findings if f.rule_id == "BP302"]
    assert len(breaker) == 1 and breaker[0].span is None
    assert report.verdict == "review"
    assert applied(report.findings, THRESHOLD) == []  # no fix is trusted on this page
    cleaned, rounds = clean_text(page, PIPELINE)
    assert cleaned == page and rounds == []
    assert 0 < CIRCUIT_BREAKER < 1


def test_the_breaker_leaves_ordinary_pages_alone() -> None:
    page = "\n".join(MENU[:6] + ARTICLE + ["Share this article", "Leave a Comment"])
    report = PIPELINE.score_document(Document("ok", page))
    assert not any(f.rule_id == "BP302" for f in report.findings)
    assert "Leave a Comment" in removed_lines(page)


SEED_001 = "seeds/001_3f200adcfff876e7.txt"


def test_clean_removes_exactly_the_spans_scan_reports_above_the_threshold() -> None:
    from .conftest import SEEDS

    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        page = "\n".join(MENU[:8]) + "\n" + text + "\n" + "\n".join(MENU[8:16])
        report = FIXING.score_document(Document("d", page))
        expected = sorted((f.suggestion.span.start, f.suggestion.span.end, f.suggestion.replacement)
                          for f in report.findings if f.suggestion is not None and f.suggestion.safe
                          and f.confidence >= THRESHOLD)
        _, rounds = clean_text(page, FIXING)
        first = sorted((e.start, e.end, e.replacement) for e in rounds[0]) if rounds else []
        assert first == expected, path.name


def test_clean_applies_mt_fixes_by_their_safety() -> None:
    text = ("The new rules apply to every safe third -party supplier, the ministry said in a statement on Monday.\n"
            "The US and Russia have been at lodger heads since Moscow became more involved in the conflict.")
    report = FIXING.score_document(Document("mt", text))
    by_rule = {f.rule_id: f for f in report.findings if f.category == "mt-artifact" and f.suggestion}
    hyphen = next(f for f in by_rule.values() if f.quote == "third -party")
    eggcorn = next(f for f in by_rule.values() if f.quote == "lodger heads")
    assert hyphen.suggestion is not None and hyphen.suggestion.safe
    assert eggcorn.suggestion is not None and not eggcorn.suggestion.safe
    safe, _ = clean_text(text, FIXING)
    assert "third-party" in safe and "lodger heads" in safe
    unsafe, _ = clean_text(text, FIXING, allow_unsafe=True)
    assert "third-party" in unsafe and "loggerheads" in unsafe


prose = st.sampled_from(ARTICLE + [p for _, (_, ps) in PAGES.items() for p in ps])
furniture = st.sampled_from([*MENU, "Share this article", "Advertisement", "December 15, 2017 at 12:00 pm"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(prose, furniture), min_size=1, max_size=30), st.booleans())
def test_running_text_is_never_removed_on_shape_alone(parts: list[str], wrap: bool) -> None:
    text = "\n".join(textwrap.fill(p, 70) if wrap and p in ARTICLE else p for p in parts)
    report = PIPELINE.score_document(Document("p", text))
    for f in applied(report.findings, THRESHOLD):
        assert not (f.rule_id in SHAPE_IDS and any(f.quote and f.quote in p for p in ARTICLE)), f
