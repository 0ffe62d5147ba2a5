"""One text in, the cleaned text and a keep-or-drop decision with every reason out: the work of a pipeline step.

>>> judge = Judge()
>>> outcome = judge.text("clear\\n\\nThe ministry said the plan would go ahead as agreed with its partners on "
...                      "Saturday, and that the first group would arrive before the end of the year.", "doc-1")
>>> outcome.keep, outcome.text.startswith("The ministry"), outcome.metadata["removed"][0]["rule_id"]
(True, True, 'BP101')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from detector.config.settings import Config
from detector.core.model import VERDICT_RANK, Document, DocumentReport
from detector.engines.pipeline import Pipeline


@dataclass(frozen=True)
class Outcome:
    """What a step does with one document: `keep` it or not, its `text` (cleaned when kept), the `reason` slug a
    host library counts drops by, and `metadata` to store with it (`judged_metadata`)."""

    keep: bool
    text: str
    reason: str
    metadata: dict[str, Any]
    report: DocumentReport


def judged_metadata(report: DocumentReport) -> dict[str, Any]:
    """The verdict, every reason, the rules of the findings, the dimension scores and the removed spans (each
    clean round's edits, offsets into that round's text, as `detector_removed` records them): JSON-ready."""
    cleaned = report.cleaned
    removed = [] if cleaned is None else [
        {"round": number, "start": e.start, "end": e.end, "removed": e.removed, "replacement": e.replacement,
         "rule_id": e.rule_id} for number, applied in enumerate(cleaned.rounds, start=1) for e in applied]
    return {"verdict": report.verdict,
            "reasons": [{"verdict": r.verdict, "code": r.code, "rule_id": r.rule_id, "message": r.message}
                        for r in report.reasons],
            "rules": sorted({f.rule_id for f in report.findings}),
            "scores": dict(report.scores), "removed": removed}


@dataclass
class Judge:
    """The judgement of a step, configured once: `config` (a Config, the path of a `detector.toml` or
    `pyproject.toml`, or None for the defaults) and `drop`, the verdict from which a document is dropped. The
    Pipeline is built in the process that first uses it (never pickled)."""

    config: Config | str | None = None
    drop: str = "reject"
    _pipeline: Pipeline | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.drop not in ("review", "reject"):
            raise ValueError(f"drop must be 'review' or 'reject', not {self.drop!r}")

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config, "drop": self.drop, "_pipeline": None}

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            config = self.config
            if not isinstance(config, Config):
                from detector.scorers.registry import load_config

                config = load_config(config) if config else Config()
            self._pipeline = Pipeline(config)
        return self._pipeline

    def text(self, text: str, doc_id: str = "document", source: str = "") -> Outcome:
        if not text.strip():
            report = DocumentReport(doc_id, source, "und", {}, None, "reject", (), {})
            return Outcome(False, text, "empty", {"verdict": "reject", "reasons": [
                {"verdict": "reject", "code": "empty", "rule_id": "IN502", "message": "empty document"}],
                "rules": [], "scores": {}, "removed": []}, report)
        report = self.pipeline.score_document(Document(doc_id, text, source))
        keep = VERDICT_RANK[report.verdict] < VERDICT_RANK[self.drop]
        cleaned = report.cleaned.text if keep and report.cleaned is not None else text
        reason = report.reasons[0].code if report.reasons else ""
        return Outcome(keep, cleaned, reason, judged_metadata(report), report)
