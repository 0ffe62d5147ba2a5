"""Is the prose `clean` keeps ONE article? A probe of page-level cohesion signals for issue 24's "mostly residue:
reject" target, measured leave one source out (reports/verdict_eval.md, "One article or several texts").

After the block stage (BP303) removes a mostly-residue page's furniture, what is left is teasers of other stories,
headline lists, comments and blurbs whose *shape* is prose, so BP304 (furniture share) cannot reject them. This
script measures whether *what the kept prose is about* can: lexical cohesion between the paragraphs of the cleaned
text. It runs in three steps, so that the slow one (the pipeline, once per document) is done once:

    python scripts/page_cohesion.py clean CORPUS.jsonl OUT.clean.jsonl [--every N]
    python scripts/page_cohesion.py features OUT.clean.jsonl OUT.features.jsonl
    python scripts/page_cohesion.py tables DIR   # DIR holds NAME.features.jsonl per corpus

`clean` judges each document as `detector eval verdict` does (the default pipeline, cleaned text, sets `gold`,
`clean`, `residue`, `native`, `human` from `detector.evaluation.verdict`) and keeps the cleaned text. `features`
reads the running-text paragraphs of the cleaned text (`ArticleLayout`: units of running text) and their content
words (letters only, 3+ characters, not the language's function words) and computes, per page:

- `main_comp3` / `main_comp2`: share of the running words in the largest group of paragraphs linked by sharing at
  least 3 (2) content words (one article is one group);
- `rare_comp1`, `rare_comp2`, `rare_loc1`, `rare_iso`: the same links with only words rarer than Zipf 4 (wordfreq),
  so that common words ("year", "people") do not join unrelated teasers;
- `iso10`, `iso20`, `mean_link`: share of running words in paragraphs whose content words are 90% (80%) unseen in
  the rest of the text, and the mean share seen elsewhere;
- `loc2_1`, `loc2_2`, `loc3_2`: share of running words in paragraphs sharing fewer than 1 (2) content words with any
  paragraph within 2 (3) positions;
- `teaser`: share of running words in short paragraphs (60 words or fewer) right after a headline-like line (3-16
  words, no final punctuation, not running text): the "headline + blurb, again and again" structure;
- `run_share`, `ttr`, `paras`, `run_words`.

`tables` prints (Markdown): each single signal at a few cuts on every corpus and set; the two-condition rules
(a size gate and two signals) chosen on two fitting sources under a content budget and scored on the third; and
logistic regression and shallow tree ensembles over all signals, fitted on two sources and scored on the third at
thresholds where the fitting corpora's content fires at most 0-5%. L3S-GN1 (`--measure-only`) is never fitted on.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

FIT = ("extraction-residue", "boilerplate-wcxb", "cleaneval")
OTHER = ("native", "docs")
CONTENT = ("gold", "clean", "native", "human")
SETS = ("residue", "gold", "clean", "native", "human")
CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")
RARE_ZIPF = 4.0
TEASER_WORDS = 60


def clean_corpus(path: Path, out: Path, every: int) -> None:
    """One row per document: its sets, verdict, word precision after clean, BP304's furniture share and the
    cleaned text, judged by the default pipeline exactly as `detector eval verdict` does."""
    from detector.config.settings import Config
    from detector.engines.parallel import run_parallel
    from detector.evaluation.verdict import Item, items_of, sets_after_clean, word_precision
    from detector.inputs.records import Loaded

    config = Config()
    waiting: deque[Item] = deque()

    def loaded() -> Iterator[Loaded]:
        for item in items_of(path, every):
            if item.document.text.strip():
                waiting.append(item)
                yield Loaded(item.document.id, item.document.source, item.document)

    with out.open("w", encoding="utf-8") as stream:
        for report in run_parallel(loaded(), config, 1):
            item = waiting.popleft()
            cleaned = report.cleaned.text if report.cleaned is not None else item.document.text
            judged = report.cleaned.judged if report.cleaned is not None and report.cleaned.judged else report
            precision = word_precision(cleaned, item.gold) if item.gold is not None else None
            row = {"id": report.id, "source": item.document.source, "sets": sets_after_clean(item, report),
                   "verdict": report.verdict, "reasons": [f"{r.code}:{r.rule_id or ''}" for r in report.reasons],
                   "precision": precision,
                   "furniture": (judged.metrics.get("boilerplate") or {}).get("furniture_share"),
                   "cleaned": cleaned}
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")


@cache
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    try:
        return float(zipf_frequency(word, lang))
    except Exception:  # a language wordfreq cannot tokenise without an extra package (MeCab): count it as rare
        return 0.0


def _largest_group(paragraphs: Sequence[tuple[int, set[str]]], shared: int) -> int:
    """Words of the largest group of paragraphs joined (transitively) by sharing `shared` content words."""
    parent = list(range(len(paragraphs)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in itertools.combinations(range(len(paragraphs)), 2):
        if len(paragraphs[a][1] & paragraphs[b][1]) >= shared:
            parent[find(a)] = find(b)
    sizes: Counter[int] = Counter()
    for a, (words, _) in enumerate(paragraphs):
        sizes[find(a)] += words
    return max(sizes.values())


def _local_isolated(paragraphs: Sequence[tuple[int, set[str]]], window: int, shared: int) -> int:
    """Words of the paragraphs sharing fewer than `shared` content words with every paragraph `window` around."""
    out = 0
    for i, (words, content) in enumerate(paragraphs):
        near = paragraphs[max(0, i - window) : i] + paragraphs[i + 1 : i + 1 + window]
        if not any(len(content & other) >= shared for _, other in near):
            out += words
    return out


def features(text: str) -> dict[str, Any]:
    """The cohesion signals of one cleaned text (see the module docstring)."""
    from detector.config.settings import Config
    from detector.core.model import Document
    from detector.scorers.boilerplate.article import ArticleLayout
    from detector.scorers.boilerplate.lines import DocumentLines
    from detector.scorers.boilerplate.prose import vocabulary_for
    from detector.text.view import TextView

    layout = ArticleLayout(DocumentLines(TextView(Document("d", text), Config())))
    lines = layout.lines.lines
    function = vocabulary_for(layout.lang).words
    units: dict[int, list[int]] = {}
    for i in range(len(lines)):
        if layout.running[i]:
            units.setdefault(layout.unit_of[i], []).append(i)
    paragraphs: list[tuple[int, set[str]]] = []
    teaser_words = 0
    tokens: list[str] = []
    for first, members in sorted(units.items()):
        joined = " ".join(lines[i].text for i in members)
        content = [t for t in (w.casefold() for w in CONTENT_WORD.findall(joined)) if t not in function]
        tokens.extend(content)
        size = len(joined.split())
        paragraphs.append((size, set(content)))
        before = lines[first - 1] if first else None
        if (before is not None and not layout.running[first - 1] and 3 <= before.words <= 16
                and not before.ends_sentence and size <= TEASER_WORDS):
            teaser_words += size
    total = sum(len(line.text.split()) for line in lines)
    run_words = sum(size for size, _ in paragraphs)
    out: dict[str, Any] = {"lang": layout.lang, "paras": len(paragraphs), "words": total, "run_words": run_words}
    if len(paragraphs) < 2 or not run_words:
        return out
    seen = Counter(w for _, content in paragraphs for w in content)
    links = [sum(1 for w in content if seen[w] >= 2) / len(content) if content else 0.0 for _, content in paragraphs]
    out["iso10"] = sum(size for (size, _), link in zip(paragraphs, links) if link < 0.1) / run_words
    out["iso20"] = sum(size for (size, _), link in zip(paragraphs, links) if link < 0.2) / run_words
    out["mean_link"] = sum(size * link for (size, _), link in zip(paragraphs, links)) / run_words
    for shared in (2, 3):
        out[f"main_comp{shared}"] = _largest_group(paragraphs, shared) / run_words
    out["run_share"] = run_words / max(1, total)
    out["teaser"] = teaser_words / run_words
    out["ttr"] = len(set(tokens)) / len(tokens) if tokens else 0.0
    for window, shared in ((2, 1), (2, 2), (3, 2)):
        out[f"loc{window}_{shared}"] = _local_isolated(paragraphs, window, shared) / run_words
    lang = layout.lang.split("-")[0]
    rare = [(size, {w for w in content if _zipf(w, lang) < RARE_ZIPF}) for size, content in paragraphs]
    for shared in (1, 2):
        out[f"rare_comp{shared}"] = _largest_group(rare, shared) / run_words
    out["rare_loc1"] = _local_isolated(rare, 2, 1) / run_words
    seen_rare = Counter(w for _, content in rare for w in content)
    out["rare_iso"] = sum(size for size, content in rare
                          if content and not any(seen_rare[w] >= 2 for w in content)) / run_words
    return out


def features_file(source: Path, out: Path) -> None:
    with source.open(encoding="utf-8") as rows, out.open("w", encoding="utf-8") as stream:
        for line in rows:
            row = json.loads(line)
            cleaned = row.pop("cleaned")
            stream.write(json.dumps({**row, "f": features(cleaned)}) + "\n")


# ---- tables ---------------------------------------------------------------------------------------------------

SINGLE = (("main_comp3", "le", (0.2, 0.3, 0.4, 0.5)), ("loc2_2", "ge", (0.4, 0.5, 0.6, 0.7)),
          ("teaser", "ge", (0.3, 0.4, 0.5)), ("iso20", "ge", (0.4, 0.5, 0.6)))
RULE_SIGNALS = {"main_comp3": "le", "main_comp2": "le", "loc2_2": "ge", "loc3_2": "ge", "teaser": "ge",
                "iso20": "ge", "mean_link": "le", "loc2_1": "ge", "iso10": "ge", "rare_comp1": "le"}
GATES = tuple((p, w) for p in (3, 6, 10) for w in (100, 300, 600))
MODEL_SIGNALS = ("main_comp3", "main_comp2", "loc2_2", "loc3_2", "loc2_1", "teaser", "iso10", "iso20", "mean_link",
                 "rare_comp1", "rare_comp2", "rare_loc1", "rare_iso", "run_share", "ttr")


class Corpus:
    """One corpus's rows as arrays: signals, set membership, and word precision after clean."""

    def __init__(self, path: Path) -> None:
        self.rows = [json.loads(line) for line in path.open(encoding="utf-8")]
        names = {*RULE_SIGNALS, *MODEL_SIGNALS, "paras", "run_words"}
        self.f = {k: np.array([_num(r["f"].get(k)) for r in self.rows]) for k in names}
        self.sets = {s: np.array([s in r["sets"] for r in self.rows]) for s in SETS}
        precision = np.array([_num(r.get("precision")) for r in self.rows])
        self.labelled = ~np.isnan(precision)
        self.usable = precision >= 0.7
        self.residue = precision < 0.3


def _num(value: Any) -> float:
    return float("nan") if value is None else float(value)


def _cell(fired: np.ndarray, members: np.ndarray) -> str:
    return f"{int((fired & members).sum())}/{int(members.sum())}"


def single_table(data: dict[str, Corpus], gate: tuple[int, int] = (3, 300)) -> list[str]:
    columns = [(c, s) for c in data for s in SETS if data[c].sets[s].any()]
    out = ["| signal | " + " | ".join(f"{c} {s}" for c, s in columns) + " |",
           "| --- | " + " | ".join("---:" for _ in columns) + " |"]
    for name, op, cuts in SINGLE:
        for cut in cuts:
            cells = []
            for c, s in columns:
                f = data[c].f
                with np.errstate(invalid="ignore"):
                    fired = (f["paras"] >= gate[0]) & (f["run_words"] >= gate[1]) & (
                        f[name] <= cut if op == "le" else f[name] >= cut)
                cells.append(_cell(fired, data[c].sets[s]))
            out.append(f"| {name} {'<=' if op == 'le' else '>='} {cut} | " + " | ".join(cells) + " |")
    return out


def _rule_mask(corpus: Corpus, gate: tuple[int, int], conditions: Sequence[tuple[str, float]]) -> np.ndarray:
    f = corpus.f
    mask = (f["paras"] >= gate[0]) & (f["run_words"] >= gate[1])
    with np.errstate(invalid="ignore"):
        for name, cut in conditions:
            mask &= (f[name] <= cut) if RULE_SIGNALS[name] == "le" else (f[name] >= cut)
    return mask


def _rules() -> Iterator[tuple[tuple[int, int], tuple[tuple[str, float], ...]]]:
    grid = [i / 20 for i in range(21)]
    for gate in GATES:
        for name in RULE_SIGNALS:
            for cut in grid:
                yield gate, ((name, cut),)
        for a, b in itertools.combinations(RULE_SIGNALS, 2):
            for cut_a, cut_b in itertools.product(grid[::2], grid[::2]):
                yield gate, ((a, cut_a), (b, cut_b))


def _rate(mask: np.ndarray, members: np.ndarray) -> float:
    return float((mask & members).sum() / members.sum()) if members.any() else 0.0


def choose_rule(data: dict[str, Corpus], fitting: Sequence[str], budget: float,
                ) -> tuple[tuple[int, int], tuple[tuple[str, float], ...]] | None:
    """The rule that rejects the most residue on the fitting sources (mean of their rates) while firing on at most
    `budget` of each content set (fitting sources, native, human) and on no more usable pages (precision >= 0.7)
    than mostly-residue ones; ties go to the rule that fires least."""
    best: tuple[tuple[float, int], Any] | None = None
    judged = [c for c in (*fitting, *OTHER) if c in data]
    for gate, conditions in _rules():
        masks = {c: _rule_mask(data[c], gate, conditions) for c in judged}
        if any(_rate(masks[c], data[c].sets[s]) > budget for c in judged for s in CONTENT):
            continue
        if any(int((masks[c] & data[c].usable).sum()) > int((masks[c] & data[c].residue).sum()) for c in judged):
            continue
        recall = sum(_rate(masks[c], data[c].sets["residue"]) for c in fitting) / len(fitting)
        key = (recall, -sum(int((masks[c] & data[c].labelled).sum()) for c in fitting))
        if best is None or key > best[0]:
            best = (key, (gate, conditions))
    return None if best is None else best[1]


def _fired_row(corpus: Corpus, fired: np.ndarray) -> str:
    sets = " | ".join(_cell(fired, corpus.sets[s]) for s in ("residue", "gold", "clean"))
    return (f"{sets} | {int((fired & corpus.labelled).sum())} | {int((fired & corpus.usable).sum())}")


def rule_table(data: dict[str, Corpus], budgets: Sequence[float], measure_only: Sequence[str]) -> list[str]:
    out = ["| content budget | held out | rule chosen on the other sources | residue | gold | clean | labelled pages "
           "fired | of them usable (>= 0.7) |", "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    fits = [c for c in FIT if c in data]
    for budget in budgets:
        for held in [*fits, *(c for c in measure_only if c in data)]:
            fitting = [c for c in fits if c != held]
            rule = choose_rule(data, fitting, budget)
            if rule is None:
                out.append(f"| {budget:.1%} | {held} | none | | | | | |")
                continue
            gate, conditions = rule
            said = f"paras >= {gate[0]}, running words >= {gate[1]}, " + ", ".join(
                f"{n} {'<=' if RULE_SIGNALS[n] == 'le' else '>='} {c:g}" for n, c in conditions)
            fired = _rule_mask(data[held], gate, conditions)
            out.append(f"| {budget:.1%} | {held} | {said} | {_fired_row(data[held], fired)} |")
    return out


def _vector(row: dict[str, Any]) -> list[float] | None:
    f = row["f"]
    if f.get("paras", 0) < 3 or f.get("run_words", 0) < 100:
        return None
    values = [float(f.get(k) or 0.0) for k in MODEL_SIGNALS]
    return [*values, math.log(f["run_words"] + 1), math.log(f["paras"] + 1), float(row.get("furniture") or 0.0)]


def _scores(model: Any, corpus: Corpus) -> np.ndarray:
    vectors = [_vector(r) for r in corpus.rows]
    judged = [i for i, v in enumerate(vectors) if v is not None]
    out = np.zeros(len(vectors))
    if judged:
        out[judged] = model.predict_proba(np.array([vectors[i] for i in judged]))[:, 1]
    return out


def model_table(data: dict[str, Corpus], measure_only: Sequence[str]) -> list[str]:
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    makers: dict[str, Callable[[], Any]] = {
        "logistic": lambda: LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced"),
        "trees depth 1": lambda: GradientBoostingClassifier(n_estimators=50, max_depth=1, random_state=0),
        "trees depth 2": lambda: GradientBoostingClassifier(n_estimators=100, max_depth=2, random_state=0)}
    out = ["| model | held out | content firing allowed on the fitting corpora | residue | gold | clean | labelled "
           "pages fired | of them usable (>= 0.7) |", "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    fits = [c for c in FIT if c in data]
    for name, make in makers.items():
        for held in [*fits, *(c for c in measure_only if c in data)]:
            fitting = [c for c in fits if c != held]
            x, y = [], []
            for c in fitting:
                for row in data[c].rows:
                    vector = _vector(row)
                    if vector is not None and ("residue" in row["sets"] or {"gold", "clean"} & set(row["sets"])):
                        x.append(vector)
                        y.append(int("residue" in row["sets"]))
            model = make().fit(np.array(x), np.array(y))
            content = []
            for c in (*fitting, *OTHER):
                if c in data:
                    members = np.zeros(len(data[c].rows), bool)
                    for s in CONTENT:
                        members |= data[c].sets[s]
                    content.append(np.sort(_scores(model, data[c])[members]))
            held_scores = _scores(model, data[held])
            for allowed in (0.0, 0.005, 0.01, 0.02, 0.05):
                cut = max(v[min(len(v) - 1, int(len(v) * (1 - allowed)))] for v in content if len(v)) + 1e-9
                out.append(f"| {name} | {held} | {allowed:.1%} | {_fired_row(data[held], held_scores >= cut)} |")
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("clean", help="judge a corpus with the default pipeline and keep the cleaned texts")
    run.add_argument("corpus", type=Path)
    run.add_argument("out", type=Path)
    run.add_argument("--every", type=int, default=1)
    feats = commands.add_parser("features", help="the cohesion signals of each cleaned text")
    feats.add_argument("cleaned", type=Path)
    feats.add_argument("out", type=Path)
    tables = commands.add_parser("tables", help="Markdown tables, leave one source out")
    tables.add_argument("folder", type=Path, help="holds NAME.features.jsonl per corpus")
    tables.add_argument("--measure-only", nargs="*", default=["l3s-gn1"])
    tables.add_argument("--budgets", default="0,0.01", help="content budgets of the rule search, comma-separated")
    args = parser.parse_args(argv)
    if args.command == "clean":
        clean_corpus(args.corpus, args.out, args.every)
    elif args.command == "features":
        features_file(args.cleaned, args.out)
    else:
        data = {p.name.split(".")[0]: Corpus(p) for p in sorted(args.folder.glob("*.features.jsonl"))}
        print("\n".join(single_table(data)), end="\n\n")
        budgets = [float(b) for b in args.budgets.split(",")]
        print("\n".join(rule_table(data, budgets, args.measure_only)), end="\n\n")
        print("\n".join(model_table(data, args.measure_only)))


if __name__ == "__main__":
    main()
