"""Build `lexicons/text/function_words.json`: the most frequent words of every language langdetect can name.

Why: the boilerplate scorer must recognise running text in the document's own language (a German paragraph is
prose even though it has no English function words). The most frequent words of a language are overwhelmingly its
function words (articles, prepositions, pronouns, auxiliaries), and their share in a line separates a sentence from
a menu in any language. Sources, in order of preference:

1. wordfreq's `top_n_list(lang, TOP_N)` (wordfreq 3.x, Apache-2.0 code, word lists CC-BY-SA 4.0), numbers left out;
2. stopwords-iso (`stopwordsiso`, MIT) for the languages wordfreq lacks;
3. `lexicons/text/function_words.extra.txt` (hand-curated, `lang<TAB>word`) for the rest.

Run (a build step, not a run-time dependency: the JSON is committed and shipped):

    .venv/bin/pip install -e '.[train]' stopwordsiso
    .venv/bin/python scripts/build_function_words.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "lexicons" / "text" / "function_words.json"
EXTRA = ROOT / "lexicons" / "text" / "function_words.extra.txt"
FORMAT = "detector-function-words/1"
TOP_N = 100
WORDFREQ_CODE = {"zh-cn": "zh", "zh-tw": "zh", "no": "nb", "hr": "sh", "tl": "fil"}


def langdetect_languages() -> list[str]:
    from langdetect.detector_factory import PROFILES_DIRECTORY

    return sorted(os.listdir(PROFILES_DIRECTORY))


MORPHEME_LISTS = frozenset({"ja", "ko", "zh"})  # wordfreq tokenises these with MeCab/jieba: not space-separated words


def from_wordfreq(lang: str) -> list[str]:
    import wordfreq

    code = WORDFREQ_CODE.get(lang, lang)
    if code not in wordfreq.available_languages("best"):
        return []
    return [w for w in wordfreq.top_n_list(code, TOP_N) if not any(ch.isdigit() for ch in w)]


def coverage(lang: str, words: list[str]) -> float | None:
    """The share of running text's tokens that are these words, by wordfreq's own frequencies: the scorer's
    threshold for "reads as running text" is a fixed fraction of it, so a language whose function words are few or
    fused into longer words (Tamil, Turkish, Finnish) is not held to the English share."""
    import wordfreq

    frequencies = wordfreq.get_frequency_dict(WORDFREQ_CODE.get(lang, lang), "best")
    return round(sum(frequencies.get(w, 0.0) for w in words), 4)


def from_stopwords_iso(lang: str) -> list[str]:
    try:
        import stopwordsiso
    except ImportError:
        return []
    return sorted(stopwordsiso.stopwords(lang)) if stopwordsiso.has_lang(lang) else []


def from_extra(lang: str) -> list[str]:
    if not EXTRA.is_file():
        return []
    words = []
    for line in EXTRA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _, word = line.partition("\t")
            if code == lang and word:
                words.append(word)
    return words


def main() -> None:
    languages: dict[str, dict[str, object]] = {}
    for lang in langdetect_languages():
        for source, words in (("wordfreq", from_wordfreq(lang)), ("stopwords-iso", from_stopwords_iso(lang)),
                              ("function_words.extra.txt", from_extra(lang))):
            if words:
                entry: dict[str, object] = {"source": source, "words": sorted(set(w.casefold() for w in words))}
                if source == "wordfreq":
                    entry["coverage"] = coverage(lang, words)
                if WORDFREQ_CODE.get(lang, lang).split("-")[0] in MORPHEME_LISTS:
                    entry["morphemes"] = True
                languages[lang] = entry
                break
    data = {
        "format": FORMAT,
        "description": "The most frequent words (mostly function words) of each language langdetect names; a "
                       "line whose words are largely these reads as running text in that language. `coverage`: "
                       "the share of running text's tokens these words make up (wordfreq frequencies); "
                       "`morphemes`: the list counts morphemes (MeCab, jieba), not space-separated words.",
        "source": f"wordfreq 3.x top_n_list(lang, {TOP_N}) without numbers; stopwords-iso where wordfreq has no "
                  "list; function_words.extra.txt for the rest (scripts/build_function_words.py)",
        "license": "wordfreq lists CC-BY-SA-4.0 (Robyn Speer, wordfreq); stopwords-iso MIT",
        "languages": languages,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    missing = sorted(set(langdetect_languages()) - set(languages))
    print(f"wrote {OUT}: {len(languages)} languages; without a list: {', '.join(missing) or 'none'}")


if __name__ == "__main__":
    main()
