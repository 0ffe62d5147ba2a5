"""Per-list precision of the boilerplate phrase rules, per language, and their rate on clean text.

Why a script of its own: `detector eval boilerplate` scores what a default clean removes (the rules together, after
the decision step). A phrase list is data that anyone may extend, and one bad list hides inside a good total; so each
list file (`lexicons/boilerplate/<name>.<lang>.tsv`, one rule and one language) and each pattern rule is measured
alone, on the evidence the scorer sees before it decides (`BoilerplateScorer.rule_candidates`, the same candidates):

- **dev precision**: on the labelled corpora, a hit is correct when the line it falls in is labelled `residue`, wrong
  when it is `content`; hits on `headline` lines are counted apart and left out of the precision. Reported per list
  (the list's own language) and per rule and page language (extraction-residue pages have no `lang` field, so each
  page's language is identified from its gold body with the project's own seeded identifier).
- **clean-text hits**: every hit on text that is all article is a false alarm: the gold article bodies of every
  labelled corpus (`gold`), native English of four registers (`mt-wmt22/native.jsonl`), the Chinese sources of the MT
  corpora, and any plain-text files given with `--clean-dir DIR` (one folder a language, `DIR/<lang>/*.txt`, such as
  the manual pages and fortunes `scripts/local_clean_text.py` gathers from the machine).

    .venv/bin/python scripts/local_clean_text.py /tmp/clean-text
    .venv/bin/python scripts/lexicon_precision.py --clean-dir /tmp/clean-text --out reports/boilerplate_lexicons.md

A list whose dev precision is under 0.95 is marked unsafe in the table; a third table crosses the lists' language with
the pages' language. Offsets and lines are the scorer's own (`TextView` lines), so a hit is counted once per line and
list however many rows of the list match there. A summary written above the marker line of `--out` is kept.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detector.config.settings import Config  # noqa: E402
from detector.core.model import Document  # noqa: E402
from detector.rules.kinds import LexiconRule, WholeLineIndex  # noqa: E402
from detector.scorers.boilerplate.lines import DocumentLines  # noqa: E402
from detector.scorers.boilerplate.mojibake import mojibake_candidates  # noqa: E402
from detector.scorers.boilerplate.patterns import DETECTORS  # noqa: E402
from detector.scorers.boilerplate.scorer import BoilerplateScorer, _lexicon_candidates  # noqa: E402
from detector.text.langid import shared_identifier  # noqa: E402
from detector.text.lexicons import Lexicon  # noqa: E402
from detector.text.matching import Entry  # noqa: E402
from detector.text.view import TextView  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
LABELLED = ("extraction-residue/dev.jsonl", "boilerplate-wcxb/dev.jsonl", "boilerplate-more/cleaneval.jsonl",
            "boilerplate-more/l3s-gn1.jsonl")
NATIVE = "mt-wmt22/native.jsonl"
ZH_SOURCES = (("mqm-zhen/dev.jsonl", "talk"), ("mt/mqm_zhen.jsonl", "doc"))  # (file, field grouping segments)
CORPUS_NAMES = ("extraction-residue", "boilerplate-wcxb", "cleaneval", "l3s-gn1")
UNSAFE_BELOW = 0.95
MARKER = "<!-- the tables below are written by scripts/lexicon_precision.py -->"
TITLE = "# Boilerplate phrase lists: precision per list and language, false alarms on clean text"
EXAMPLES = 4


@dataclass
class Tally:
    """Hits of one list (or one rule) on one kind of text."""

    residue: int = 0
    content: int = 0
    headline: int = 0
    clean: Counter[str] = field(default_factory=Counter)  # clean-text source -> hits
    wrong: Counter[str] = field(default_factory=Counter)  # matched text of hits on content or clean text
    by_corpus: Counter[str] = field(default_factory=Counter)  # "corpus:label" -> hits

    @property
    def precision(self) -> float | None:
        scored = self.residue + self.content
        return self.residue / scored if scored else None


TAG = re.compile(r"^([a-z]{2})(?::|$)")


def list_key(rule_id: str, lexicon_name: str, entry: Entry | None = None) -> str:
    """`BP101 nav_ui.ja` for a list, `BP102 share_social.mul:ja` for the rows of a `mul` list whose note starts with
    a language code (`ja: share button`), `BP202 (pattern)` for a code rule."""
    name = lexicon_name.removesuffix(".tsv")
    tag = TAG.match(entry.note) if entry is not None and name.endswith(".mul") else None
    return f"{rule_id} {name}:{tag.group(1)}" if tag else f"{rule_id} {name}"


def list_language(key: str) -> str:
    """The language of a list key: `nav_ui.ja` and `share_social.mul:ja` are ja, `nav_ui.mul` is mul, a pattern -."""
    name = key.split(" ", 1)[1]
    return name.rsplit(":", 1)[-1] if ":" in name else name.rsplit(".", 1)[-1] if "." in name else "-"


def _entry(lexicon: Lexicon, text: str, start: int, end: int) -> Entry | None:
    """The row of `lexicon` that matched in `text[start:end]` (a line, or the span of an inline candidate)."""
    if lexicon.scope == "phrase":
        return next((m.entry for m in lexicon.matcher.finditer(text, start, end)), None)
    match = lexicon.matcher.match_line(text, start, end)
    return match.entry if match is not None else None


class Hits:
    """Every candidate of one document, attributed to its list, as (key, line index in the view, matched text)."""

    def __init__(self) -> None:
        scorer = BoilerplateScorer()
        self.rules = scorer.lexicon_rules
        self.single = [(lr.rule, lexicon) for lr in self.rules for lexicon in lr.lexicons]
        self.index = WholeLineIndex([lexicon for _, lexicon in self.single])
        self.config = Config()

    def of(self, text: str) -> tuple[DocumentLines, list[tuple[str, int, str]]]:
        view = TextView(Document("d", text, "", {}), self.config)
        lines = DocumentLines(view)
        starts = [line.span.start for line in lines.lines]
        whole = self.index.hits(lines.cores)
        found: list[tuple[str, int, str]] = []
        seen: set[tuple[str, int]] = set()
        for rule, lexicon in self.single:
            for candidate in _lexicon_candidates(LexiconRule(rule, (lexicon,)), lines, whole):
                index = candidate.line if candidate.line is not None else bisect_right(starts, candidate.span.start) - 1
                if index < 0:
                    continue
                span = lines.lines[index].span if candidate.line is not None else candidate.span
                entry = _entry(lexicon, view.text, span.start, span.end)
                key = list_key(rule.id, lexicon.name, entry)
                if (key, index) not in seen:
                    seen.add((key, index))
                    found.append((key, index, _matched(candidate.text, lines.lines[index].text)))
        for detector in (*DETECTORS, mojibake_candidates):
            for candidate in detector(lines):
                index = candidate.line if candidate.line is not None else bisect_right(starts, candidate.span.start) - 1
                key = f"{candidate.rule.id} (pattern)"
                if index >= 0 and (key, index) not in seen:
                    seen.add((key, index))
                    found.append((key, index, lines.lines[index].text[:80]))
        return lines, found


def _matched(message: str, line: str) -> str:
    """The quoted match of a lexicon message ("'Menu' is a ..."), else the line."""
    if message.startswith("'") and "'" in message[1:]:
        return message[1 : message.index("'", 1)][:80]
    return line[:80]


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        for raw in stream:
            if raw.strip():
                yield json.loads(raw)


def labelled_line_of(record: dict[str, Any]) -> tuple[list[int], list[str]]:
    starts, labels = [], []
    for labelled in record["lines"]:
        starts.append(labelled["start"])
        labels.append(labelled["label"])
    return starts, labels


class Measure:
    def __init__(self) -> None:
        self.hits = Hits()
        self.lists: dict[str, Tally] = defaultdict(Tally)
        self.by_lang: dict[tuple[str, str], Tally] = defaultdict(Tally)  # (rule, page language)
        self.list_lang: dict[tuple[str, str], Tally] = defaultdict(Tally)  # (list language, page language)
        self.pages: dict[str, Counter[str]] = defaultdict(Counter)  # corpus -> language -> pages
        self.clean_size: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # source -> docs, lines, words
        self.identifier = shared_identifier(0)
        self.page_lang: dict[str, str] = {}
        self.clean_seen: set[str] = set()  # pages whose gold was measured (a page has a record per extractor)

    def language(self, record: dict[str, Any]) -> str:
        page = str(record.get("page") or record["id"])
        if page not in self.page_lang:
            given = record.get("lang")
            self.page_lang[page] = given or self.identifier.detect(record.get("gold", "")[:5000]).lang
        return self.page_lang[page]

    def labelled(self, path: Path) -> None:
        corpus = path.parent.name if path.stem == "dev" else path.stem
        seen_pages: set[str] = set()
        for record in read_jsonl(path):
            lang = self.language(record)
            page = str(record.get("page") or record["id"])
            if page not in seen_pages:
                seen_pages.add(page)
                self.pages[corpus][lang] += 1
            lines, found = self.hits.of(record["text"])
            starts, labels = labelled_line_of(record)
            counted: set[tuple[str, int]] = set()  # a line two lists of one rule both match counts once for the rule
            for key, index, matched in found:
                span = lines.lines[index].span
                position = bisect_right(starts, span.start) - 1
                # a view line always lies inside one labelled line (both are the non-blank lines of the text)
                label = labels[position] if position >= 0 else "content"
                rule = key.split()[0]
                tallies = [self.lists[key]]
                if (rule, index) not in counted:
                    counted.add((rule, index))
                    tallies.append(self.by_lang[(rule, lang)])
                language = list_language(key)
                if language not in ("-", "mul") and (language, index) not in counted:
                    counted.add((language, index))
                    tallies.append(self.list_lang[(language, lang)])
                for tally in tallies:
                    if label == "residue":
                        tally.residue += 1
                    elif label == "headline":
                        tally.headline += 1
                    else:
                        tally.content += 1
                        tally.wrong[matched] += 1
                    tally.by_corpus[f"{corpus}:{label}"] += 1
            if "gold" in record and page not in self.clean_seen:
                self.clean_seen.add(page)
                self.clean(f"gold {corpus}", record["gold"], lang)

    def clean(self, source: str, text: str, lang: str = "") -> None:
        lines, found = self.hits.of(text)
        size = self.clean_size[source]
        size[0] += 1
        size[1] += len(lines)
        size[2] += sum(line.words for line in lines.lines)
        for key, index, _ in found:
            tally = self.lists[key]
            tally.clean[source] += 1
            tally.wrong[f"[{source}] {lines.lines[index].text[:80]}"] += 1

    def native(self, path: Path) -> None:
        for record in read_jsonl(path):
            self.clean(f"native en ({record.get('domain', '')})", record["text"], "en")

    def chinese(self, path: Path, group: str) -> None:
        """Source segments grouped into documents, each distinct segment once (the corpora repeat a source per
        system)."""
        documents: dict[str, dict[int, str]] = defaultdict(dict)
        for record in read_jsonl(path):
            documents[str(record.get(group))][int(record.get("seg_id", 0))] = record["source"]
        for segments in documents.values():
            self.clean(f"zh {path.parent.name} sources", "\n".join(segments[k] for k in sorted(segments)), "zh")

    def directory(self, root: Path) -> None:
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            for file in sorted(folder.glob("*.txt")):
                self.clean(f"{folder.name} local ({root.name})", file.read_text(encoding="utf-8", errors="replace"),
                           folder.name)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _clean_columns(tally: Tally, lang: str) -> tuple[int, int, int]:
    gold = sum(n for s, n in tally.clean.items() if s.startswith("gold "))
    native = sum(n for s, n in tally.clean.items() if s.startswith("native en"))
    own = sum(n for s, n in tally.clean.items() if not s.startswith(("gold ", "native en"))
              and (s.split()[0] == lang or lang == "mul"))
    return gold, native, own


def render(measure: Measure, command: str) -> str:
    out = [TITLE, "",
           "Made by `scripts/lexicon_precision.py` (see its docstring for what is counted):", "",
           f"    {command}", ""]
    out += ["## Pages and clean text measured", "", "| corpus | pages by language |", "| --- | --- |"]
    for corpus, langs in sorted(measure.pages.items()):
        out.append(f"| {corpus} | " + ", ".join(f"{lang} {n}" for lang, n in langs.most_common()) + " |")
    out += ["", "| clean-text source | documents | lines | words |", "| --- | --- | --- | --- |"]
    for source, (docs, lines, words) in sorted(measure.clean_size.items()):
        out.append(f"| {source} | {docs} | {lines} | {words} |")
    out += ["", "## Per list: dev precision and clean-text hits", "",
            "`residue` / `content` / `headline`: labelled lines of the four dev corpora the list hits (extraction-"
            "residue, boilerplate-wcxb, cleaneval, l3s-gn1). Clean text: hits on gold bodies, on native English, and "
            f"on the clean text of the list's own language (zh sources, local files). Under {UNSAFE_BELOW} is "
            "**unsafe**.", "",
            "| rule | list | residue | content | headline | precision | per corpus: residue/content (ER, wcxb, CE, "
            "L3S) | gold hits | native en hits | own-language clean hits | verdict |",
            "|" + " --- |" * 11]
    for key in sorted(measure.lists):
        tally = measure.lists[key]
        rule, name = key.split(" ", 1)
        lang = list_language(key)
        gold, native, own = _clean_columns(tally, lang)
        precision = tally.precision
        scored = tally.residue + tally.content
        if precision is None:
            verdict = "no dev hit"
        elif precision < UNSAFE_BELOW:
            verdict = "**unsafe**"
        elif scored < 20:
            verdict = f"thin ({scored} hits)"
        else:
            verdict = "ok"
        per_corpus = ", ".join(f"{tally.by_corpus[f'{c}:residue']}/{tally.by_corpus[f'{c}:content']}"
                               for c in CORPUS_NAMES)
        out.append(f"| {rule} | {name} | {tally.residue} | {tally.content} | {tally.headline} | {_fmt(precision)} | "
                   f"{per_corpus} | {gold} | {native} | {own} | {verdict} |")
    out += ["", "## Per rule and page language (all lists of the rule together)", "",
            "| rule | page language | residue | content | headline | precision |", "|" + " --- |" * 6]
    for (rule, lang), tally in sorted(measure.by_lang.items()):
        out.append(f"| {rule} | {lang} | {tally.residue} | {tally.content} | {tally.headline} | "
                   f"{_fmt(tally.precision)} |")
    out += ["", "## Per list language and page language (all rules' lists of one language together)", "",
            "Which pages a language's lists fire on: the lists of a language should find residue on pages of that "
            "language, and whatever they find on other pages is words the languages share ('Blogs', 'Video').", "",
            "| list language | page language | residue | content | headline | precision |", "|" + " --- |" * 6]
    for (language, lang), tally in sorted(measure.list_lang.items()):
        out.append(f"| {language} | {lang} | {tally.residue} | {tally.content} | {tally.headline} | "
                   f"{_fmt(tally.precision)} |")
    out += ["", "## What the lists hit wrongly", "",
            "Per list, the most frequent matches on content lines and on clean text (`[source] line`).", ""]
    for key in sorted(measure.lists):
        tally = measure.lists[key]
        if tally.wrong:
            items = "; ".join(f"{n} x `{text}`" for text, n in sorted(tally.wrong.items(),
                                                                     key=lambda i: (-i[1], i[0]))[:EXAMPLES])
            out.append(f"- {key}: {items}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus-root", type=Path, default=CORPUS,
                        help="the shared corpus folder (default: ../shared/corpus beside the checkout)")
    parser.add_argument("--corpus", type=Path, action="append", help="labelled corpus (default: the four dev files)")
    parser.add_argument("--clean-dir", type=Path, action="append", default=[],
                        help="folder of <lang>/*.txt plain text that is all article (false alarms)")
    parser.add_argument("--out", type=Path, help="write the Markdown report here (default: stdout)")
    parser.add_argument("--json", type=Path, help="also write the raw tallies as JSON")
    args = parser.parse_args(argv)
    measure = Measure()
    root = args.corpus_root
    corpora = args.corpus or [root / name for name in LABELLED]
    for path in corpora:
        if not path.exists():
            print(f"skipped (absent): {path}", file=sys.stderr)
            continue
        measure.labelled(path)
    if not args.corpus:
        if (root / NATIVE).exists():
            measure.native(root / NATIVE)
        for name, group in ZH_SOURCES:
            if (root / name).exists():
                measure.chinese(root / name, group)
    for folder in args.clean_dir:
        measure.directory(folder)
    given = sys.argv[1:] if argv is None else argv
    shown = [a for i, a in enumerate(given) if a != "--corpus-root" and (i == 0 or given[i - 1] != "--corpus-root")]
    command = "python scripts/lexicon_precision.py " + " ".join(shown)  # --corpus-root is where this machine has it
    report = render(measure, command.strip())
    if args.out:
        # a hand-written summary above the marker survives a re-run; the tables below it are replaced
        previous = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        head = previous.split(MARKER)[0] + MARKER + "\n\n" if MARKER in previous else ""
        if head:  # the summary above has the document's title
            report = report.replace(TITLE, "## Tables", 1)
        args.out.write_text(head + report, encoding="utf-8")
    else:
        print(report, end="")
    if args.json:
        args.json.write_text(json.dumps({k: {"residue": t.residue, "content": t.content, "headline": t.headline,
                                             "clean": dict(t.clean), "wrong": dict(t.wrong.most_common(50))}
                                         for k, t in sorted(measure.lists.items())}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
