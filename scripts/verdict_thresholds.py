"""Choose the verdict thresholds (`verdict.*`) out of sample: leave one corpus out.

`detector eval verdict --rows` writes, for each document, what its verdict was judged on (the cleaned document's
scores, MT likelihood, share of text clean removed, and findings at or above the cleaning threshold). This script
replays the verdict (`detector.scorers.verdict.reasons`, the pipeline's own function) on those rows for every point
of a small grid of thresholds, so that no document is scored twice:

- for each corpus, the thresholds are chosen on the *other* corpora and that corpus is scored with them (the
  held-out figures reports/verdict_eval.md quotes);
- the defaults are the choice on every fitting corpus, shown beside the per-fold choices (a default that moves from
  fold to fold is not a measured default);
- a corpus named with `--measure-only` (L3S-GN1: its license allows measuring and model selection, not fitting
  what ships) is never fitted on: it is scored with the thresholds chosen on all the others.

The choice minimises the shortfall from the targets of issue 24 summed over the fitting corpora's sets, with the
sets of content that must pass (gold bodies, pages clean after `clean`, human and native text) weighted twice: when
content and recall pull apart, content wins. A point is taken only if most of the pages its reject thresholds
reject are mostly residue after clean (`rejects_rightly`): the targets' sets leave out the pages between clean and
residue, and recall must not be bought by rejecting them. Ties go to the point closest to the shipped defaults (a
threshold the data does not ask to move stays), then to the most lenient. Only the verdict's own thresholds are
searched; cleaning thresholds are not touched.

    python scripts/verdict_thresholds.py ROWS.jsonl [ROWS.jsonl ...] [--measure-only l3s-gn1] [--markdown]
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from detector.config.settings import VerdictConfig
from detector.core.model import Edit, Finding, Span
from detector.evaluation.verdict import RESIDUE_PRECISION, SETS
from detector.scorers.verdict import reasons, worst

CONTENT_SETS = ("gold", "clean", "human", "native")
GRID: dict[str, Sequence[float]] = {
    "boilerplate_floor": (0.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0, 50.0),
    "review_unsafe_confidence": (0.85, 0.9, 0.95, 0.97, 0.99, 1.0),
    "review_mt_likelihood": (0.8, 0.9, 0.947, 0.968, 0.978, 0.99, 1.0),
    "reject_removed_share": (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
}

Row = dict[str, Any]
Point = tuple[float, ...]
RANK = {"pass": 0, "review": 1, "reject": 2}
VERDICTS = ("pass", "review", "reject")
OFF = VerdictConfig(reject_if_below=MappingProxyType({**VerdictConfig().reject_if_below, "boilerplate": 0.0}),
                    review_unsafe_confidence=1.0, review_mt_likelihood=1.0, reject_removed_share=1.0)


def config_at(point: Point, base: VerdictConfig | None = None) -> VerdictConfig:
    floor, unsafe, mt, removed = point
    base = base or VerdictConfig()
    floors = dict(base.reject_if_below)
    floors["boilerplate"] = floor
    return replace(base, reject_if_below=MappingProxyType(floors), review_unsafe_confidence=unsafe,
                   review_mt_likelihood=mt, reject_removed_share=removed)


def findings_of(row: Row) -> list[Finding]:
    return [Finding(rule, category, severity, confidence, Span(0, 0), "", "",  # type: ignore[arg-type]
                    None if safe is None else Edit(Span(0, 0), "", safe))
            for rule, category, severity, confidence, safe in row["judged"]["findings"]]


def verdict_of(row: Row, cfg: VerdictConfig) -> str:
    """The pipeline's own verdict function on what the row says the verdict was judged on."""
    judged = row["judged"]
    metrics = {"mt": {"mt_likelihood": judged["mt_likelihood"]},
               "clean": {"removed_share": judged.get("removed_share") or None}}
    return worst(reasons(judged["overall"], findings_of(row), cfg, judged["scores"], metrics))


class Replay:
    """The verdict of every row at every grid point, fast: the searched thresholds each add one reason of a fixed
    verdict (boilerplate floor, removed share: reject; unsafe fix, MT likelihood: review), so a row's verdict is the
    worst of its verdict with them all off and of the reasons each threshold adds. `check` proves the replay equal
    to `verdict_of` (the pipeline's function) on the rows."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.fixed = np.array([RANK[verdict_of(r, OFF)] for r in rows])
        doubt = [any(f[0] in OFF.doubting_rules and OFF.doubting_rules[f[0]] == "boilerplate"
                     for f in r["judged"]["findings"]) for r in rows]
        scores = [r["judged"]["scores"] for r in rows]
        self.boilerplate = np.array([np.inf if d or "boilerplate" not in s else s["boilerplate"]
                                     for s, d in zip(scores, doubt, strict=True)])
        self.unsafe = np.array([max((f[3] for f in r["judged"]["findings"] if f[4] is False), default=-1.0)
                                for r in rows])
        self.mt = np.array([-1.0 if r["judged"]["mt_likelihood"] is None else r["judged"]["mt_likelihood"]
                            for r in rows])
        self.removed = np.array([r["judged"].get("removed_share") or 0.0 for r in rows])
        self.precision = np.array([np.nan if r.get("precision") is None else r["precision"] for r in rows])
        self.residue = self.precision < RESIDUE_PRECISION  # nan is False: gold bodies and MT documents are neither

    def verdicts(self, point: Point) -> np.ndarray:
        floor, unsafe, mt, removed = point
        review = np.zeros(len(self.rows), dtype=bool)
        if unsafe < 1.0:
            review |= self.unsafe >= unsafe
        if mt < 1.0:
            review |= self.mt >= mt
        reject = self.boilerplate < floor
        if removed < 1.0:
            reject |= (self.removed >= removed) & (self.removed > 0)
        return np.maximum(self.fixed, np.where(reject, 2, np.where(review, 1, 0)))

    def check(self, points: Iterable[Point]) -> None:
        for point in points:
            fast = self.verdicts(point)
            cfg = config_at(point)
            for row, value in zip(self.rows, fast, strict=True):
                assert RANK[verdict_of(row, cfg)] == value, (row["id"], point)


class Sets:
    """Which rows belong to each (corpus, set), as index arrays."""

    def __init__(self, rows: list[Row]) -> None:
        members: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, row in enumerate(rows):
            for name in row["sets"]:
                members[(row["corpus"], name)].append(i)
        self.members = {key: np.array(index) for key, index in members.items()}
        self.corpus = np.array([row["corpus"] for row in rows])

    def of(self, corpora: set[str]) -> np.ndarray:
        return np.isin(self.corpus, sorted(corpora))

    def counts(self, verdicts: np.ndarray, corpora: set[str]) -> dict[tuple[str, str], Counter[str]]:
        out = {}
        for key, index in self.members.items():
            if key[0] in corpora:
                values = np.bincount(verdicts[index], minlength=3)
                out[key] = Counter({v: int(values[RANK[v]]) for v in VERDICTS})
        return out


def shortfall(counts: dict[tuple[str, str], Counter[str]]) -> float:
    """How far the sets fall short of their targets, summed; content sets that must pass count twice.

    >>> round(shortfall({("a", "gold"): Counter({"pass": 90, "review": 1, "reject": 9})}), 4)  # 5 points, twice
    0.1
    >>> round(shortfall({("a", "residue"): Counter({"pass": 5, "reject": 5})}), 4)
    0.3
    >>> shortfall({("a", "documents"): Counter({"pass": 90, "review": 10})})
    0.0
    """
    loss = 0.0
    for (_, name), counter in counts.items():
        target = SETS[name][1]
        value = counter[target.verdict] / sum(counter.values())
        gap = max(0.0, value - target.share) if target.most else max(0.0, target.share - value)
        loss += gap * (2.0 if name in CONTENT_SETS else 1.0)
    return loss


def choose(replay: Replay, sets: Sets, corpora: set[str], cache: dict[Point, np.ndarray],
           default: Point | None = None) -> tuple[Point, float]:
    """The grid point with the least shortfall on `corpora`, among the points whose reject thresholds are right
    more often than not there (`rejects_rightly`). Ties: the point closest to `default` (the shipped defaults,
    in grid steps: a threshold the data does not ask to move stays), then the most lenient (lowest boilerplate
    floor, highest review and removal thresholds)."""
    default = default or point_of(VerdictConfig())
    inside = sets.of(corpora)
    best: tuple[tuple[float, int, Point], Point] | None = None
    for point in itertools.product(*GRID.values()):
        if point not in cache:
            cache[point] = replay.verdicts(point)
        if not rejects_rightly(replay, cache[point], inside):
            continue
        loss = round(shortfall(sets.counts(cache[point], corpora)), 9)
        steps = sum(abs(list(values).index(v) - list(values).index(d))
                    for values, v, d in zip(GRID.values(), point, default, strict=True))
        key = (loss, steps, (point[0], *(-x for x in point[1:])))
        if best is None or key < best[0]:
            best = (key, point)
    assert best is not None
    return best[1], best[0][0]


def rejects_rightly(replay: Replay, verdicts: np.ndarray, inside: np.ndarray) -> bool:
    """Whether most of the pages the searched thresholds reject (beyond what rejects with them all off) are mostly
    residue after clean (word precision under 0.30). The targets' sets miss the pages between clean (0.97) and
    residue (0.30): a removal threshold that rejects thirty pages, twelve of them usable, to catch five residue
    pages costs nothing in them, and it must not be taken. A reject should be right more often than not.

    >>> class R: fixed = np.array([0, 0, 0, 2]); residue = np.array([True, False, False, True])
    >>> rejects_rightly(R(), np.array([2, 2, 0, 2]), np.ones(4, dtype=bool))  # one right, one wrong: not most
    False
    >>> rejects_rightly(R(), np.array([2, 0, 0, 2]), np.ones(4, dtype=bool))
    True
    """
    newly = (verdicts == RANK["reject"]) & (replay.fixed != RANK["reject"]) & inside
    return 2 * int((newly & replay.residue).sum()) > int(newly.sum()) or not newly.any()


def table(counts: dict[tuple[str, str], Counter[str]]) -> list[dict[str, Any]]:
    out = []
    for (corpus, name), counter in sorted(counts.items(), key=lambda kv: (kv[0][0], list(SETS).index(kv[0][1]))):
        total = sum(counter.values())
        target = SETS[name][1]
        value = counter[target.verdict] / total
        out.append({"corpus": corpus, "set": name, "documents": total,
                    **{v: round(counter[v] / total, 4) for v in ("pass", "review", "reject")},
                    "target": target.describe(), "met": target.met(value)})
    return out


def load(paths: Sequence[Path]) -> list[Row]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8") as stream:
            rows.extend(json.loads(line) for line in stream if line.strip())
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("rows", nargs="+", type=Path)
    parser.add_argument("--measure-only", action="append", default=[], metavar="CORPUS",
                        help="a corpus never fitted on, only scored with the thresholds chosen on the others")
    parser.add_argument("--markdown", action="store_true", help="print the tables of reports/verdict_eval.md")
    args = parser.parse_args(argv)
    result = search(load(args.rows), set(args.measure_only))
    print(render(result) if args.markdown else json.dumps(result, indent=1))


def search(rows: list[Row], measure_only: set[str]) -> dict[str, Any]:
    """Every fold's choice and held-out table, the choice on every fitting corpus, and the defaults' table."""
    replay, sets = Replay(rows), Sets(rows)
    default = point_of(VerdictConfig())
    assert [RANK[r["verdict"]] for r in rows] == list(replay.verdicts(default)), "rows not of the default config"
    replay.check([(0.0, 0.9, 0.9, 0.5), (40.0, 0.97, 0.99, 0.8)])
    corpora = sorted({r["corpus"] for r in rows})
    fitting = set(corpora) - measure_only
    names = list(GRID)
    cache: dict[Point, np.ndarray] = {}
    result: dict[str, Any] = {"grid": {k: list(v) for k, v in GRID.items()}, "folds": [], "held_out": [],
                              "measure_only": sorted(measure_only & set(corpora))}
    everything, loss = choose(replay, sets, fitting, cache)
    for corpus in corpora:
        point, fold_loss = (everything, loss) if corpus not in fitting else choose(
            replay, sets, fitting - {corpus}, cache)
        result["folds"].append({"held_out": corpus, "chosen": dict(zip(names, point, strict=True)),
                                "fit_shortfall": fold_loss})
        result["held_out"].extend(table(sets.counts(replay.verdicts(point), {corpus})))
    result["all"] = {"chosen": dict(zip(names, everything, strict=True)), "fit_shortfall": loss,
                     "table": table(sets.counts(replay.verdicts(everything), set(corpora)))}
    result["default"] = {"point": dict(zip(names, default, strict=True)),
                         "table": table(sets.counts(replay.verdicts(default), set(corpora)))}
    result["trade_off"] = trade_off(replay, sets, everything, set(corpora))
    result["review_trade_off"] = review_trade_off(replay, sets, everything, set(corpora))
    return result


def trade_off(replay: Replay, sets: Sets, point: Point, corpora: set[str]) -> list[dict[str, Any]]:
    """What each value of a reject threshold buys and costs, the others at `point`: the share of the residue sets
    rejected beside the share of the content sets (that must pass) rejected, pooled over `corpora`."""
    out = []
    for index, name in ((0, "boilerplate_floor"), (3, "reject_removed_share")):
        for value in GRID[name]:
            at = (*point[:index], value, *point[index + 1:])
            counts = sets.counts(replay.verdicts(at), corpora)
            shares = {}
            for label, group in (("residue", ("residue",)), ("content", CONTENT_SETS)):
                pooled = sum((c for (_, s), c in counts.items() if s in group), Counter())
                total = sum(pooled.values())
                shares[label] = (pooled["reject"] / total if total else None, total)
            newly = (replay.verdicts(at) == RANK["reject"]) & (replay.fixed != RANK["reject"]) & sets.of(corpora)
            pages = newly & ~np.isnan(replay.precision)
            out.append({"threshold": name, "value": value, "pages_rejected": int(pages.sum()),
                        "of_them_residue": int((pages & replay.residue).sum()),
                        "of_them_usable": int((pages & (replay.precision >= 0.7)).sum()),
                        "residue_rejected": shares["residue"][0],
                        "residue_documents": shares["residue"][1], "content_rejected": shares["content"][0],
                        "content_documents": shares["content"][1]})
    return out


def review_trade_off(replay: Replay, sets: Sets, point: Point, corpora: set[str]) -> list[dict[str, Any]]:
    """What each value of a review threshold does, the others at `point`: the share of the content sets sent to
    review, pooled, beside the share of every corpus's documents sent to review (on the MT corpus, mostly machine
    translations: the documents the MT threshold is there to catch)."""
    out = []
    for index, name in ((1, "review_unsafe_confidence"), (2, "review_mt_likelihood")):
        for value in GRID[name]:
            at = (*point[:index], value, *point[index + 1:])
            counts = sets.counts(replay.verdicts(at), corpora)
            content = sum((c for (_, s), c in counts.items() if s in CONTENT_SETS), Counter())
            documents = {corpus: c["review"] / sum(c.values()) for (corpus, s), c in counts.items()
                         if s == "documents"}
            out.append({"threshold": name, "value": value,
                        "content_review": content["review"] / max(1, sum(content.values())),
                        "documents_review": dict(sorted(documents.items()))})
    return out


def point_of(cfg: VerdictConfig) -> Point:
    """The grid coordinates of a configuration.

    >>> point_of(VerdictConfig())
    (25.0, 0.9, 0.978, 1.0)
    """
    return (cfg.reject_if_below.get("boilerplate", 0.0), cfg.review_unsafe_confidence, cfg.review_mt_likelihood,
            cfg.reject_removed_share)


def render(result: dict[str, Any]) -> str:
    """The held-out table, the per-fold choices and the defaults' (in-sample) table, as Markdown."""
    lines = ["### Held out (each corpus judged with the thresholds chosen on the others)", "",
             *_rows_table(result["held_out"]), "",
             "### Chosen per fold", "",
             "| held out | " + " | ".join(GRID) + " | shortfall on the fitting corpora |",
             "| --- | " + " | ".join("---:" for _ in GRID) + " | ---: |"]
    for fold in result["folds"]:
        only = fold["held_out"] in result["measure_only"]
        note = " (measure only: the choice on all fitting corpora)" if only else ""
        lines.append(f"| {fold['held_out']}{note} | " + " | ".join(f"{v:g}" for v in fold["chosen"].values())
                     + f" | {fold['fit_shortfall']:.3f} |")
    lines.append("| **all fitting corpora** | " + " | ".join(f"{v:g}" for v in result["all"]["chosen"].values())
                 + f" | {result['all']['fit_shortfall']:.3f} |")
    lines.append("| defaults (settings.py) | " + " | ".join(f"{v:g}" for v in result["default"]["point"].values())
                 + " | |")
    lines += ["", "### The defaults on every corpus (in sample for the fitting corpora)", "",
              *_rows_table(result["default"]["table"]), "",
              "### What a reject threshold buys and costs (the others as chosen on all fitting corpora; every corpus)",
              "", "| threshold | value | residue pages rejected | content rejected (must pass) | pages it rejects | "
              "of them mostly residue (< 0.30) | of them usable (>= 0.70) |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in result["trade_off"]:
        residue = "-" if row["residue_rejected"] is None else f"{row['residue_rejected']:.1%}"
        content = "-" if row["content_rejected"] is None else f"{row['content_rejected']:.1%}"
        lines.append(f"| {row['threshold']} | {row['value']:g} | {residue} of {row['residue_documents']:,} | "
                     f"{content} of {row['content_documents']:,} | {row['pages_rejected']} | "
                     f"{row['of_them_residue']} | {row['of_them_usable']} |")
    reviews = result["review_trade_off"]
    names = list(reviews[0]["documents_review"]) if reviews else []
    lines += ["", "### What a review threshold does (the others as chosen on all fitting corpora)", "",
              "| threshold | value | content sent to review | " + " | ".join(f"{n}: review" for n in names) + " |",
              "| --- | ---: | ---: | " + " | ".join("---:" for _ in names) + " |"]
    for row in reviews:
        lines.append(f"| {row['threshold']} | {row['value']:g} | {row['content_review']:.1%} | "
                     + " | ".join(f"{row['documents_review'][n]:.1%}" for n in names) + " |")
    return "\n".join(lines) + "\n"


def _rows_table(rows: list[dict[str, Any]]) -> list[str]:
    out = ["| corpus | set | documents | pass | review | reject | target | met |",
           "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for row in rows:
        out.append(f"| {row['corpus']} | {row['set']} | {row['documents']:,} | {row['pass']:.1%} | "
                   f"{row['review']:.1%} | {row['reject']:.1%} | {row['target']} | "
                   f"{'yes' if row['met'] else '**no**'} |")
    return out


if __name__ == "__main__":
    main()
