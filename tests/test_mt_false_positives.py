"""False positives of the MT rules seen on dev data (issue 23), each with the real shape it came from: language and
edition menus, a katakana middle dot or a '丨' used as a separator, original script glossed in parentheses, URL lists
read as Afrikaans, common nouns next to a gazetteer name, surname-first names, and spacing habits of native writers."""

from __future__ import annotations

import pytest

from detector.config.settings import Config
from detector.core.model import Document
from detector.engines.pipeline import Pipeline
from detector.scorers.registry import with_selection
from detector.text.view import TextView

PIPELINE = Pipeline(Config(scorers=("mt",)))
BODY = "\n\nThe plan was approved on Monday by the ministry, officials in the capital said."


def _mt_findings(text: str) -> list[tuple[str, str]]:
    report = PIPELINE.score_document(Document("t", text))
    return [(f.rule_id, f.quote) for f in report.findings if f.category == "mt-artifact"]


@pytest.mark.parametrize(
    "text",
    [
        # language switchers and edition menus (wcxb and extraction-residue pages)
        "English Deutsch Français 中文版" + BODY,
        "阅读简体中文版 閱讀繁體中文版" + BODY,
        "中文网" + BODY,
        "Home\n日本\n한국\n中国/中华\nContact" + BODY,
        "AustraliaIndiaIndonesia (Bahasa)New ZealandViệt Namไทย (Thailand)한국 (Korea)中国 (China)香港特別行政區 (Hong "
        "Kong SAR)台灣 (Taiwan)日本語 (Japan)" + BODY,
        "Japanese (日本)\n正體中文 (Chinese (Traditional))\n대한민국(Korea)" + BODY,
        # original script quoted in parentheses by a native writer
        "The festival closes with the Hwajeontae Dance (花前態舞), a court dance of the Joseon era, performers said.",
        # separators: a katakana middle dot, and '丨' between a site's name and a headline
        "December 18, 2025 ・ 3 min read" + BODY,
        "・ The browser's preferred language is set to English\n・ There was a problem in detecting the language",
        "Xinhua All Media+丨Beijing Teenager Ice Hockey League fueled the enthusiasm for the Winter Olympics.",
    ],
)
def test_menus_separators_and_glosses_are_not_untranslated_text(text: str) -> None:
    assert [f for f in _mt_findings(text) if f[0] == "MT206"] == []


def test_untranslated_script_inside_a_sentence_is_still_found() -> None:
    found = _mt_findings("I'm waiting at #PRS_ORG #对面等 again, because the restaurant says the order is ready.")
    assert ("MT206", "对面等") in found


@pytest.mark.parametrize(
    "text",
    [
        # 'Christmas' and 'Sewing' are English words, not a garbled 'Christian Sewing'
        "She made a quilt at the Christmas Sewing class with friends on Saturday.",
        # a real footballer who shares a name with Berlin's mayor Kai Wegner: 'Wagner' is a common name
        "The team, coached by the German Kai Wagner, won on Saturday.",
        # surname-first names: another Zhang or Wang, not a garbled Zhang Yiming or Wang Chuanfu
        "Xinhua News Agency Nanning on May 19 (journalist: Zhang Ying) reported the figures.",
        "Scholars including Wang Chunyu and Ge Jianxiong spoke at the forum on Monday.",
        # German and Czech transliterations of a Russian name, which translators write too
        "The EU accuses leader Alexander Lukaschenko of having lured them to the border.",
        "The border with Belarus, whose leader Alexandr Lukashenko caused the crisis, stayed closed.",
    ],
)
def test_names_that_are_not_garbled(text: str) -> None:
    assert [f for f in _mt_findings(text) if f[0] == "MT101"] == []


@pytest.mark.parametrize(
    "text",
    [
        # a support chat and a product review (native English of mt-wmt22/native.jsonl)
        "Are you there ?\nI sent another link to reset your password.\nIt is done . now please try again.",
        "Performs exactly as advertised . It's very sturdily built , and provides lots of boost .",
    ],
)
def test_native_spacing_before_punctuation_is_not_reported_by_default(text: str) -> None:
    assert [f for f in _mt_findings(text) if f[0] == "MT302"] == []


@pytest.mark.parametrize(("selector", "reported"), [("MT302", 3), ("MT3", 0), ("ALL", 0)])
def test_space_before_punctuation_is_reported_only_when_selected_by_id(selector: str, reported: int) -> None:
    config = with_selection(Config(scorers=("mt",)), extend_select=[selector])
    report = Pipeline(config).score_document(Document("t", "The talks , which began in May , would continue ."))
    assert [f.rule_id for f in report.findings].count("MT302") == reported


@pytest.mark.parametrize(
    "text",
    [
        "https://www.example.com/news/2021/03/story-about-things\nhttps://www.example.org/en/about-us/contact\n"
        "https://blog.example.net/posts/another-article-here\nhttps://www.site.com/category/world/europe",
        "www.bbc.co.uk/news/world-europe\nwww.theguardian.com/world/ukraine\nwww.aljazeera.com/news/2023/2/14\n"
        "www.dw.com/en/top-stories/s-9097\nwww.reuters.com/world/europe/",
    ],
)
def test_url_lists_are_not_read_as_a_language(text: str) -> None:
    assert TextView(Document("t", text), Config()).language.lang == "und"


def test_a_reference_list_of_links_is_not_a_paragraph_in_another_language() -> None:
    """extraction-residue dev, page a1fca19b884e0e94 through dom_smoothie: the link list read as Afrikaans (LG102)."""
    article = ("A US professor held hostage by the Taliban for more than three years is to be freed in a prisoner "
               "swap, the Afghan government said on Tuesday.\n\nThe exchange was announced by the president, who said "
               "the decision had been difficult but was needed to open direct talks with the insurgents.")
    links = ("[1]: https://nypost.com/author/lia-eustachewich/\n[2]: https://nypost.com/author/yaron-steinbuch/\n"
             "[3]: #1\n[4]: https://twitter.com/ysteinbuch\n[5]: #\n[6]: #\n[7]: https://nypost.com/2019/11/12/us-"
             "professor-kevin-king-to-be-freed-in-prison\ner-swap-between-afghanistan-and-taliban/")
    report = Pipeline(Config(scorers=("language",))).score_document(Document("t", article + "\n\n" + links))
    assert [f.rule_id for f in report.findings] == []
