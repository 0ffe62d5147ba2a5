"""`DetectorFilter`: a datatrove filter step that cleans each document and drops it by its verdict.

Kept documents get their text cleaned (the safe fixes `detector clean` applies) and, in `metadata["detector"]`, the
verdict, every reason, the rules of the findings, the scores and the removed spans (`judged_metadata`). Dropped
documents keep their original text and go to datatrove's own `exclusion_writer` with the same metadata, and
`filter_reason` (datatrove's key) set to the first reason's slug (`mostly-residue`, `article-not-found`, ...);
datatrove counts drops per reason in its stats.

In a FineWeb-style pipeline it takes the place of `C4QualityFilter` (docs/datatrove.md):

    DetectorFilter(exclusion_writer=JsonlWriter(f"{FILTERING_OUTPUT_PATH}/removed/5_detector/{DUMP}")),

Needs `pip install 'artifact-detector[datatrove]'`.
"""

from __future__ import annotations

from datatrove.data import Document as DatatroveDocument
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from detector.config.settings import Config
from detector.engines.steps.judge import Judge

METADATA_KEY = "detector"


class DetectorFilter(BaseFilter):
    """Clean, judge, keep or drop. `config`: a Config, a config file path, or None (the defaults); `drop`: drop
    from this verdict on (`reject`, or `review` to drop what needs a person too)."""

    name = "🔎 detector"

    def __init__(self, config: Config | str | None = None, drop: str = "reject",
                 exclusion_writer: DiskWriter | None = None, metadata_key: str = METADATA_KEY) -> None:
        super().__init__(exclusion_writer)
        self.judge = Judge(config, drop)
        self.metadata_key = metadata_key

    def filter(self, doc: DatatroveDocument) -> bool | tuple[bool, str]:
        outcome = self.judge.text(doc.text, str(doc.id), str(doc.metadata.get("file_path", "")))
        doc.metadata[self.metadata_key] = outcome.metadata
        self.stat_update(f"verdict_{outcome.report.verdict}")
        if not outcome.keep:
            return False, outcome.reason or outcome.report.verdict
        if outcome.metadata["removed"]:
            self.stat_update("cleaned")
            doc.text = outcome.text
        return True
