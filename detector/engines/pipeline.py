"""Loaded documents -> TextView -> scorers -> DocumentReport.

The pipeline owns what every scorer would otherwise repeat: building the shared view, catching a scorer that
raises or runs past its budget on one document (`work_budget`, deterministic, or `time_budget` seconds of CPU: an
IN508 finding on that document; the run goes on; see `budget`), the size limit, sorting findings and the verdict.
The verdict is judged on the document as `detector clean` would leave it (`verdict.after_clean`): the cleaning
loop (`detector/engines/cleaning.py`) runs on every document with a safe fix, and the report keeps the findings of
the original beside the verdict and reasons of the cleaned text.
Scorers never see each other's results; they share only the view.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from detector.config.selection import at_least
from detector.config.settings import Config
from detector.core.model import Document, DocumentReport, Finding, Reason
from detector.engines.budget import OverBudget, time_limit, work_limit
from detector.engines.cleaning import clean_loop
from detector.inputs.readers import Loaded, ReadOptions, read_inputs
from detector.inputs.rules import SCORER_FAILED, TRUNCATED, input_finding
from detector.scorers.base import Scorer
from detector.scorers.registry import SCORER_CLASSES, build_scorers, enabled_rules
from detector.scorers.verdict import overall_score, reasons, worst
from detector.text.charcount import char_counts
from detector.text.view import TextView

# Not ASCII only (the curly apostrophe): what loads with the first non-ASCII text (ftfy, 0.15 s) then loads in the
# parent before `--jobs` forks its workers, instead of once in every worker.
WARM_UP_TEXT = ("Home | News | Sport\n\nThe council met on Tuesday to discuss the new budget. Members agreed, "
                "after a long debate, to fund two schools and a library’s new wing.\n\nShare this article")


class Pipeline:
    """Scorers built once, reused for every document."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.scorers: list[Scorer] = build_scorers(self.config)
        self.weights = {name: float(cls.default_weight) for name, cls in SCORER_CLASSES.items()}
        self.weights.update(self.config.weights)
        self.enabled = enabled_rules(self.config)
        self.severity = dict(self.config.rules.severity)
        self.min_severity = self.config.rules.min_severity
        self.suppressed = load_suppressions(self.config.suppressions) if self.config.suppressions else {}

    def warm_up(self) -> None:
        """Score a short English text so that what scorers load on first use (CMUdict, hyphenation patterns, word
        frequencies, language profiles) is in memory: done before forking workers, which then share it. A scorer
        that defers a load to the first document needing it (`load_deferred`: MT's likelihood model, which a short
        text never needs) loads it here too."""
        self.score_document(Document("warm-up", WARM_UP_TEXT))
        for scorer in self.scorers:
            load = getattr(scorer, "load_deferred", None)
            if load is not None:
                load()

    def report(self, loaded: Loaded) -> DocumentReport:
        if loaded.document is None:
            assert loaded.error is not None
            why = Reason("reject", "unreadable", loaded.error.message, loaded.error.rule_id)
            return DocumentReport(loaded.id, loaded.source, "und", {}, None, "reject", (), {}, (loaded.error,),
                                  loaded.meta, reasons=(why,))
        return self.score_document(loaded.document, loaded.findings)

    def score_document(self, document: Document, input_findings: Sequence[Finding] = ()) -> DocumentReport:
        """The report of `document`: its findings and scores, and the verdict of the text `detector clean` would
        leave (the same text, with its report, in `cleaned`)."""
        first = self.assess(document, input_findings)
        if not self.config.verdict.after_clean:
            return first
        threshold = self.config.boilerplate.min_confidence
        cleaned, last = clean_loop(document, self.assess, threshold, first=first)
        if not cleaned.changed:
            return replace(first, cleaned=replace(cleaned, judged=first))
        carried = [f for f in first.findings if f.category == "input"]  # read from the bytes, not the text
        removed = {"removed_share": removed_share(document.text, cleaned.text)}
        judged = replace(last, findings=(*carried, *last.findings), metrics={**last.metrics, "clean": removed})
        why = self._reasons(judged.overall, judged.findings, judged.scores, judged.metrics)
        return replace(first, verdict=worst(why), reasons=tuple(why),
                       cleaned=replace(cleaned, judged=replace(judged, verdict=worst(why), reasons=tuple(why))))

    def _reasons(self, overall: float | None, findings: Sequence[Finding], scores: dict[str, float],
                 metrics: dict[str, dict[str, Any]]) -> list[Reason]:
        cfg = self.config
        return reasons(overall, findings, cfg.verdict, scores, metrics, cfg.boilerplate.min_confidence)

    def assess(self, document: Document, input_findings: Sequence[Finding] = ()) -> DocumentReport:
        """Score `document` as it is, with the verdict of its text as it stands (no cleaning)."""
        view = TextView(document, self.config)
        findings: list[Finding] = list(input_findings)
        total = document.length if document.length is not None else len(document.text)
        if view.truncated or total > len(document.text):
            message = TRUNCATED.format_message(scored=view.scored_end, total=total)
            findings.append(input_finding(TRUNCATED, message))
        scores: dict[str, float] = {}
        metrics: dict[str, dict[str, Any]] = {}
        for scorer in self.scorers:
            try:
                with time_limit(self.config.time_budget), work_limit(self.config.work_budget, view.scored_end):
                    result = scorer.score(document, view, self.config)
            except OverBudget as exc:  # a runaway scorer must not hang the run
                findings.append(input_finding(SCORER_FAILED, SCORER_FAILED.format_message(scorer=scorer.name,
                                                                                          detail=exc.what)))
                continue
            except Exception as exc:  # one scorer's bug must not end the run
                detail = f"{type(exc).__name__}: {exc}"[:300]
                message = SCORER_FAILED.format_message(scorer=scorer.name, detail=detail)
                findings.append(input_finding(SCORER_FAILED, message))
                continue
            if result.score is not None:
                scores[scorer.name] = result.score
            metrics[scorer.name] = result.metrics
            findings.extend(result.findings)
        findings = self._configured(findings, document.id)
        findings.sort(key=Finding.sort_key)
        overall = overall_score(scores, self.weights)
        why = self._reasons(overall, findings, scores, metrics)
        return DocumentReport(document.id, document.source, view.language.lang, scores, overall, worst(why),
                              tuple(findings), metrics, (), document.meta, document.text, tuple(why))

    def _configured(self, findings: list[Finding], doc_id: str) -> list[Finding]:
        """Rules not selected and suppressed (document, rule) pairs go; configured severities replace the rules',
        and findings below `min_severity` (after that) go too."""
        suppressed = self.suppressed.get(doc_id, frozenset())
        kept = []
        for f in findings:
            if f.rule_id not in self.enabled or f.rule_id in suppressed or "*" in suppressed:
                continue
            level = self.severity.get(f.rule_id)
            if level:
                f = replace(f, severity=level)  # type: ignore[arg-type]
            if at_least(f.severity, self.min_severity):
                kept.append(f)
        return kept

    def run(self, items: Iterable[Loaded]) -> Iterator[DocumentReport]:
        for loaded in items:
            yield self.report(loaded)


def removed_share(original: str, cleaned: str) -> float:
    """The share of `original`'s non-space characters that cleaning removed (0 for a text without any).

    >>> removed_share("Menu\\nThe cat sat.", "The cat sat.")
    0.2857
    """
    before = char_counts(original)[1]
    after = char_counts(cleaned)[1]
    return round(max(0, before - after) / before, 4) if before else 0.0


def _as_loaded(item: str | Document, index: int) -> Loaded:
    document = item if isinstance(item, Document) else Document(f"doc-{index}", item, "<memory>")
    if not document.text.strip():
        from detector.core.model import InputError
        from detector.inputs.rules import EMPTY

        return Loaded(document.id, document.source, error=InputError(EMPTY.id, EMPTY.message, document.source))
    return Loaded(document.id, document.source, document)


def scan(documents: Iterable[str | Document], config: Config | None = None) -> Iterator[DocumentReport]:
    """Score texts or Documents in memory, one report each, in order.

    >>> next(scan(["The ministry confirmed the plan on Saturday in a statement."])).language
    'en'
    """
    pipeline = Pipeline(config)
    return pipeline.run(_as_loaded(item, i) for i, item in enumerate(documents))


def scan_paths(paths: Sequence[str], config: Config | None = None,
               options: ReadOptions | None = None) -> Iterator[DocumentReport]:
    """Score files, directories, JSONL files and `-` (stdin): one report per input document."""
    pipeline = Pipeline(config)
    return pipeline.run(read_inputs(paths, options))


def load_suppressions(path: str) -> dict[str, frozenset[str]]:
    """A suppression file: one `<document id> <RULE_ID or *>` a line (the rule is the last word), `#` comments."""
    table: dict[str, set[str]] = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.rsplit(None, 1)
        if len(parts) != 2:
            raise ValueError(f"{path}:{number}: expected '<document id> <RULE_ID or *>'")
        table.setdefault(parts[0], set()).add(parts[1].upper())
    return {doc: frozenset(rules) for doc, rules in table.items()}
