"""The boilerplate phrase lists of zh, ja, ru, pt, it and nl, and the rules for the kinds issue 22 found missed.

Each language gets a short page written for the test as a site in that language would render it: menu, headline,
stamp, article paragraphs, share bar, teaser, comment counter, consent banner, footer. Checked line by line: every
furniture line is matched by a list *of that language* (its own file, or a `mul` row whose note names it) and gets a
boilerplate finding; no article line gets a finding of a phrase or pattern rule (the line model's shape findings are
another module's), and a default clean keeps every article line. Each missed-kind rule finds its case and leaves a
sentence of the same words alone. The lists' precision on the labelled corpora is measured by
`scripts/lexicon_precision.py` (reports/boilerplate_lexicons.md); the native-English test keeps the new English rules
off clean text.
"""

from __future__ import annotations

import json
import re

import pytest

from detector.clean.edits import clean_text
from detector.config.settings import Config
from detector.core.model import Document
from detector.engines.pipeline import Pipeline
from detector.rules.kinds import line_matches, phrase_matches
from detector.scorers.boilerplate.lines import DocumentLines
from detector.scorers.boilerplate.patterns import menu_candidates
from detector.scorers.boilerplate.scorer import SHAPE_IDS, BoilerplateScorer
from detector.text.view import TextView

from .conftest import corpus_file

PIPELINE = Pipeline(Config(scorers=("boilerplate",)))
SCORER = BoilerplateScorer()
TAG = re.compile(r"^([a-z]{2})(?::|$)")

# A page per language, one string a line: lines starting "= " are article lines (headline, paragraphs); all others
# are furniture.
PAGES = {
    "ja": (
        "メニュー",
        "ホーム",
        "ニュース",
        "経済",
        "検索",
        "= 日銀、金融政策の現状維持を決定\u3000物価見通しを小幅に引き上げ",
        "公開日：2024年3月19日 15:30",
        "= 日本銀行は19日まで開いた金融政策決定会合で、短期金利の誘導目標を据え置くことを賛成多数で決めた"
        "。植田和男総裁は記者会見で、賃金と物価の好循環が強まりつつあるとの認識を示した。",
        "= 市場では追加利上げの時期をめぐる観測が広がっており、為替相場は円安方向に振れる場面もあった。ある"
        "大手証券のエコノミストは「夏以降の判断が焦点になる」と話している。",
        "= 政府内には、物価高が家計を圧迫しているとして慎重な対応を求める声も根強い。次回の会合は4月下旬に"
        "予定されている。",
        "写真：記者会見する植田総裁",
        "この記事をシェア",
        "ツイート",
        "関連記事",
        "コメント（12）",
        "当サイトではCookieを使用しています。サイトの利用を続けることで、Cookieの使用に同意したも"
        "のとみなします。",
        "プライバシーポリシー",
        "利用規約",
        "記事・写真の無断転載を禁じます。",
    ),
    "zh": (
        "首页",
        "新闻",
        "财经",
        "科技",
        "搜索",
        "= 国家统计局：前两月规模以上工业增加值同比增长7%",
        "发布时间：2024-03-18 10:02",
        "= 国家统计局18日发布数据显示，今年前两个月，全国规模以上工业增加值同比增长7.0%，比去年12月"
        "份加快0.2个百分点。其中，装备制造业和高技术制造业增势较好。",
        "= 国家统计局新闻发言人表示，从消费看，社会消费品零售总额保持增长，服务零售额增速快于商品零售额。专"
        "家认为，经济运行开局良好，但外部环境依然复杂严峻。",
        "= 下一步，有关部门将继续加大宏观政策调控力度，巩固和增强经济回升向好态势。",
        "责任编辑：张三",
        "分享到：",
        "微信",
        "微博",
        "相关阅读",
        "热门评论",
        "本网站使用Cookie，继续浏览即表示您同意我们使用Cookie。",
        "隐私政策",
        "本网站版权所有，未经授权不得转载",
        "京ICP备12345678号",
    ),
    "ru": (
        "Главная",
        "Новости",
        "Политика",
        "Экономика",
        "Поиск",
        "= ЦБ сохранил ключевую ставку на уровне 16%",
        "Опубликовано: 22.03.2024 13:30",
        "= Банк России по итогам заседания совета директоров сохранил ключевую ставку на уровне 16% годовых. "
        "Регулятор отметил, что инфляционное давление постепенно ослабевает, однако остается высоким.",
        "= По словам председателя ЦБ, для возвращения инфляции к цели потребуется более продолжительный "
        "период поддержания жестких денежно-кредитных условий. Следующее заседание запланировано на конец "
        "апреля.",
        "= Аналитики ожидают, что снижение ставки может начаться во втором полугодии, если рост цен "
        "продолжит замедляться.",
        "Автор: Иван Петров",
        "Поделиться",
        "Читайте также",
        "Комментарии (3)",
        "Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая использовать сайт, вы соглашаетесь "
        "с этим.",
        "Политика конфиденциальности",
        "Все права защищены.",
        "Подпишитесь на нашу рассылку",
    ),
    "pt": (
        "Início",
        "Notícias",
        "Esportes",
        "Pesquisar",
        "= Banco Central mantém a taxa Selic em 10,5% ao ano",
        "Publicado em 19/06/2024 às 18h45",
        "= O Comitê de Política Monetária do Banco Central decidiu, por unanimidade, manter a taxa básica de "
        "juros em 10,5% ao ano. A decisão interrompe um ciclo de cortes iniciado em agosto do ano passado.",
        "= Em comunicado, o colegiado afirmou que o cenário global segue incerto e que as expectativas de "
        "inflação se desancoraram. Economistas consultados pela reportagem já esperavam a manutenção da taxa.",
        "= O próximo encontro do comitê está marcado para o fim de julho, quando os diretores voltam a "
        "avaliar os dados de atividade e de preços.",
        "Compartilhe",
        "Leia também",
        "Continua após a publicidade",
        "Deixe seu comentário",
        "Este site utiliza cookies para melhorar sua experiência. Ao continuar navegando, você concorda com "
        "a nossa política.",
        "Termos de uso",
        "Todos os direitos reservados.",
    ),
    "it": (
        "Menu principale",
        "Cronaca",
        "Esteri",
        "Cerca",
        "= La Bce lascia i tassi invariati, Lagarde apre a un taglio a giugno",
        "Pubblicato il 11/04/2024 alle 15:20",
        "= La Banca centrale europea ha lasciato invariati i tassi di interesse per la quinta riunione "
        "consecutiva, mantenendo il tasso sui depositi al 4%. Nel comunicato il Consiglio direttivo ha "
        "indicato che un allentamento potrebbe essere appropriato.",
        "= La presidente Christine Lagarde ha spiegato in conferenza stampa che alcuni membri erano già "
        "pronti a ridurre il costo del denaro. I mercati scommettono ora su un primo taglio a giugno.",
        "= Secondo gli analisti, la decisione riflette un rallentamento della crescita nell'area dell'euro e "
        "un calo dei prezzi dell'energia.",
        "Condividi",
        "Potrebbe interessarti",
        "Commenti",
        "Questo sito utilizza cookie tecnici e di profilazione. Continuando la navigazione accetti l'uso dei "
        "cookie.",
        "Informativa sulla privacy",
        "RIPRODUZIONE RISERVATA",
        "Iscriviti alla nostra newsletter",
    ),
    "nl": (
        "Hoofdmenu",
        "Binnenland",
        "Buitenland",
        "Zoeken",
        "= Kabinet trekt extra geld uit voor woningbouw in grote steden",
        "Gepubliceerd op 14-05-2024 om 09:12",
        "= Het kabinet trekt de komende vier jaar een miljard euro extra uit om de bouw van betaalbare "
        "woningen in de grote steden te versnellen. Dat heeft de minister van Volkshuisvesting dinsdag "
        "bekendgemaakt.",
        "= Gemeenten kunnen vanaf het najaar een aanvraag indienen voor projecten waarbij ten minste de "
        "helft van de woningen in het middensegment valt. Volgens de minister komen er zo jaarlijks "
        "tienduizenden woningen bij.",
        "= Woningcorporaties reageren positief, maar waarschuwen dat het tekort aan bouwgrond en personeel "
        "een probleem blijft.",
        "Deel dit artikel",
        "Lees ook",
        "Reacties (8)",
        "Wij gebruiken cookies om onze website te verbeteren en advertenties te personaliseren.",
        "Privacyverklaring",
        "Alle rechten voorbehouden",
        "Schrijf je in voor onze nieuwsbrief",
    ),
}


def page(lang: str) -> tuple[str, list[bool]]:
    """The page's text (a blank line between lines, as extractors write blocks) and, per line, whether it is article."""
    raw = PAGES[lang]
    return "\n\n".join(line.removeprefix("= ") for line in raw), [line.startswith("= ") for line in raw]


def language_lines(text: str, lang: str) -> set[int]:
    """The lines that a list of `lang` matches: its own files, and the rows of `mul` files whose note names it."""
    view = TextView(Document("t", text), Config())
    lines = DocumentLines(view)
    starts = [line.span.start for line in lines.lines]
    found: set[int] = set()
    for lexicon_rule in SCORER.lexicon_rules:
        for lexicon in lexicon_rule.lexicons:
            if lexicon.lang not in (lang, "mul"):
                continue

            def ours(entry: object, lexicon: object = lexicon) -> bool:
                tag = TAG.match(entry.note)  # type: ignore[attr-defined]
                return lexicon.lang == lang or (tag is not None and tag.group(1) == lang)  # type: ignore[attr-defined]

            if lexicon.scope == "phrase":
                for match in phrase_matches(lexicon, view):
                    if ours(match.entry):
                        found.add(max(i for i, s in enumerate(starts) if s <= match.start))
            else:
                found |= {index for index, match in line_matches(lexicon, view, lines.cores) if ours(match.entry)}
    return found


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_each_language_list_finds_its_furniture_and_leaves_the_article(lang: str) -> None:
    text, article = page(lang)
    lines = DocumentLines(TextView(Document("t", text), Config()))
    assert len(lines) == len(article)
    matched = language_lines(text, lang)
    furniture = {i for i, is_article in enumerate(article) if not is_article}
    missed = [lines.lines[i].text for i in sorted(furniture - matched)]
    assert not missed, f"{lang} furniture no {lang} list matches: {missed}"
    harmed = [lines.lines[i].text for i in sorted(matched - furniture)]
    assert not harmed, f"{lang} article lines a {lang} list matches: {harmed}"

    report = PIPELINE.score_document(Document(f"page-{lang}", text))
    flagged = {i for i, line in enumerate(lines.lines) for f in report.findings
               if f.category == "boilerplate" and f.span is not None and f.rule_id not in SHAPE_IDS
               and f.span.start < line.span.end and line.span.start < f.span.end}
    assert furniture <= flagged, [lines.lines[i].text for i in sorted(furniture - flagged)]
    assert not flagged - furniture, [lines.lines[i].text for i in sorted(flagged - furniture)]

    cleaned, _ = clean_text(text, PIPELINE)
    for i, is_article in enumerate(article):
        if is_article:
            assert lines.lines[i].text in cleaned


# (rule, a line of the missed kind, a line of article text with the same words that must be left alone)
MISSED_KINDS = [
    ("BP104", "Subscribe to the Morning Review newsletter",
     "Readers who subscribe to the Morning Review newsletter get the headlines at six, the editor said on Monday."),
    ("BP104", "Click here to subscribe to The Paradigm Newsletter",
     "Subscribe to the idea that newsletters save local news, and you will find few critics in the town hall."),
    ("BP113", "Tags: chess, patents, Magnus Carlsen",
     "Tags sold at the market fetched $5 each, and the organisers said they would print more next year."),
    ("BP113", "Filed under: Sports",
     "Category: Drama Director: Michael Caton-Jones"),
    ("BP114", "5 min read",
     "5 min reading a day, the study found, was enough to improve the children's scores within a single year."),
    ("BP114", "Atualizado em 19/06/2024 às 18h45",
     "Atualizado em 2019, o código prevê multas mais altas para quem dirigir depois de beber, disse o ministro."),
    ("BP115", "Sarah Schwartz is a reporter for Education Week who covers curriculum and instruction.",
     "Schwartz, a reporter for Education Week, said the board would decide on the curriculum in March."),
    ("BP207", "Home | News | Sport | Business | Weather",
     "| Name | Age | City |"),
    ("BP116", "Sorry, something went wrong. Please try again.",
     "The report will not be published until March, officials said, because something went wrong with the data."),
    ("BP103", "Your email address will not be published. Required fields are marked *",
     "His address will not be published, the court ruled, because he had received threats after the trial."),
    ("BP104", "Thanks for signing up!",
     "Thanks to the volunteers who signed up in May, the clinic could stay open through the summer holidays."),
    ("BP103", "Log in to reply",
     "He did not reply to comments from reporters on Monday, and his office declined to say when he would."),
    ("BP103", "reply to comment",
     "Reply by Friday, the letter said, or the offer of a place at the school would go to another family."),
    ("BP103", "12 comments",
     "The 12 comments the council received were all in favour of the new bridge, the mayor said on Monday."),
]


def rule_lines(text: str) -> dict[int, set[str]]:
    """Per line of `text`, the ids of the boilerplate rules with a finding on it (at any confidence)."""
    lines = DocumentLines(TextView(Document("t", text), Config()))
    report = PIPELINE.score_document(Document("t", text))
    out: dict[int, set[str]] = {}
    for i, line in enumerate(lines.lines):
        out[i] = {f.rule_id for f in report.findings if f.category == "boilerplate" and f.span is not None
                  and f.span.start < line.span.end and line.span.start < f.span.end}
    return out


ARTICLE = ("The ministry said on Saturday that the plan would go ahead as agreed with its partners abroad, and that "
           "the first group would arrive before the end of the year.")


@pytest.mark.parametrize(("rule", "residue", "prose"), MISSED_KINDS, ids=[f"{m[0]}-{i}" for i, m in
                                                                         enumerate(MISSED_KINDS)])
def test_each_missed_kind_is_found_and_its_prose_twin_is_not(rule: str, residue: str, prose: str) -> None:
    found = rule_lines(f"{ARTICLE}\n\n{residue}\n\n{ARTICLE}")
    assert rule in found[1], (residue, found[1])
    kept = rule_lines(f"{ARTICLE}\n\n{prose}\n\n{ARTICLE}")
    assert rule not in kept[1], (prose, kept[1])


NEW_ENGLISH_LISTS = ("newsletter_calls.en.tsv", "form_messages.en.tsv", "tag_list.en.tsv", "date_label.en.tsv",
                     "author_bio.en.tsv")


def test_new_english_rules_do_not_fire_on_native_english_of_any_register() -> None:
    """443 documents of native English (conversation, e-commerce, social media, news): article text, not pages."""
    path = corpus_file("mt-wmt22/native.jsonl")
    lexicons = [lexicon for rule in SCORER.lexicon_rules for lexicon in rule.lexicons
                if lexicon.name in NEW_ENGLISH_LISTS]
    assert len(lexicons) == len(NEW_ENGLISH_LISTS)
    alarms: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as stream:
        for raw in stream:
            record = json.loads(raw)
            view = TextView(Document(record["id"], record["text"]), Config())
            lines = DocumentLines(view)
            for lexicon in lexicons:
                if lexicon.scope == "phrase":
                    alarms += [(lexicon.name, view.text[m.start : m.end]) for m in phrase_matches(lexicon, view)]
                else:
                    alarms += [(lexicon.name, lines.lines[i].text[:80]) for i, _ in line_matches(lexicon, view,
                                                                                                lines.cores)]
            alarms += [("BP207", c.text) for c in menu_candidates(lines)]
    assert not alarms, alarms[:10]


def test_phrases_of_unspaced_scripts_match_inside_running_text_and_latin_words_keep_their_boundaries() -> None:
    from detector.text.lexicons import parse_lexicon

    header = "# format: detector-lexicon/1\n# kind: existence\n# lang: mul\n# source: test\n# license: CC0-1.0\n"
    phrases = parse_lexicon("p.mul.tsv", header + "\n版权所有\nclose\n")
    found = [text[m.start : m.end] for text in ("本网站版权所有，未经授权不得转载", "an enclosed garden", "close")
             for m in phrases.matcher.finditer(text)]
    assert found == ["版权所有", "close"]
    starts = parse_lexicon("s.mul.tsv", header + "# scope: line-start\n\nシェア\n")
    assert starts.matcher.match_line("シェア 12", 0, 6) is not None
    assert starts.matcher.match_line("シェアハウスに住む若者が増えている。", 0, 18) is None
    lines = parse_lexicon("l.mul.tsv", header + "# scope: line\n\n相关阅读\n")
    assert lines.matcher.match_line("【相关阅读】", 0, 6) is not None
