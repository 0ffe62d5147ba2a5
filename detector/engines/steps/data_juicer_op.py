"""Data-Juicer operators: `detector_clean_mapper` cleans each sample's text and records the verdict, the reasons
and the removed spans; `detector_verdict_filter` drops samples by that verdict.

Data-Juicer separates editing (a Mapper) from dropping (a Filter), so the step is the two in a row:

    process:
      - detector_clean_mapper: {}            # text cleaned; __dj__meta__.detector_* say what and why
      - detector_verdict_filter:
          drop: reject                        # or review

The mapper judges the document as `detector clean` leaves it (the verdict is of the cleaned text) and keeps, in
the sample's `__dj__meta__`: `detector_verdict`, `detector_reasons` (JSON: verdict, code, rule, message of each) and
`detector_removed` (JSON: the applied edits, as `detector_removed` in JSONL). The filter reads that verdict (or
judges the sample itself when no mapper ran before it) into `__dj__stats__.detector_verdict` and keeps the samples
under `drop`. With Data-Juicer's tracer on (`open_tracer: true`), the dropped samples and the changed texts are
written to its trace folder, Data-Juicer's own record of what a filter removed.

Registered with Data-Juicer when this module is imported: in Python, import it before building the executor; with
`dj-process`, name this file in `custom_operator_paths`. Needs `pip install 'artifact-detector[data-juicer]'`
(Data-Juicer, and ray, which its executor module imports).

On a CPU machine without network, call `offline_cpu()` first: Data-Juicer 1.6.1 installs missing packages with uv
at run time (ray when its executors are imported, torch, several GB with CUDA, after every operator, whose
`free_models` empties the CUDA cache). `offline_cpu()` turns that installer into an ImportError and, when torch is
not installed, makes `free_models` do nothing (there is no GPU cache to empty). It changes nothing else.
"""

from __future__ import annotations

import json
from typing import Any

from data_juicer.ops.base_op import OPERATORS, Filter, Mapper
from data_juicer.utils.constant import Fields

from detector.core.model import VERDICT_RANK
from detector.engines.steps.judge import Judge

VERDICT_KEY = "detector_verdict"
REASONS_KEY = "detector_reasons"
REMOVED_KEY = "detector_removed"


def offline_cpu() -> None:
    """Run Data-Juicer without run-time installs on a machine without torch (see the module docstring)."""
    import importlib.util

    import data_juicer.ops.base_op as base_op
    from data_juicer.utils import lazy_loader

    def refuse(cls: type, package_spec: str, pip_args: Any = None) -> None:
        raise ImportError(f"{package_spec} is not installed, and detector's offline_cpu() forbids installing it "
                          "at run time: pip install it first")

    lazy_loader.LazyLoader._install_package = classmethod(refuse)  # type: ignore[assignment]
    if importlib.util.find_spec("torch") is None:
        base_op.free_models = lambda *args, **kwargs: None


def _meta(sample: dict[str, Any]) -> dict[str, Any]:
    meta = sample.get(Fields.meta)
    if not isinstance(meta, dict):
        meta = {}
        sample[Fields.meta] = meta
    return meta


@OPERATORS.register_module("detector_clean_mapper")
class DetectorCleanMapper(Mapper):
    """Clean the text with the safe fixes and record the verdict of the cleaned text, its reasons and the edits.
    `config`: the path of a `detector.toml` or `pyproject.toml` (default: the defaults)."""

    def __init__(self, config: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.judge = Judge(config or None)

    def process_single(self, sample: dict[str, Any]) -> dict[str, Any]:
        text = sample[self.text_key]
        outcome = self.judge.text(text, str(sample.get("id", "")))
        report = outcome.report
        if report.cleaned is not None and report.cleaned.changed:
            sample[self.text_key] = report.cleaned.text
        meta = _meta(sample)
        meta[VERDICT_KEY] = outcome.metadata["verdict"]
        meta[REASONS_KEY] = json.dumps(outcome.metadata["reasons"], ensure_ascii=False)
        meta[REMOVED_KEY] = json.dumps(outcome.metadata["removed"], ensure_ascii=False)
        return sample


@OPERATORS.register_module("detector_verdict_filter")
class DetectorVerdictFilter(Filter):
    """Keep the samples whose verdict ranks under `drop` (`reject`: keep pass and review; `review`: keep pass)."""

    def __init__(self, drop: str = "reject", config: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if drop not in ("review", "reject"):
            raise ValueError(f"drop must be 'review' or 'reject', not {drop!r}")
        self.drop = drop
        self.judge = Judge(config or None, drop)

    def compute_stats_single(self, sample: dict[str, Any], context: bool = False) -> dict[str, Any]:
        stats = sample[Fields.stats]
        if VERDICT_KEY in stats:
            return sample
        verdict = (sample.get(Fields.meta) or {}).get(VERDICT_KEY)
        if verdict not in VERDICT_RANK:
            verdict = self.judge.text(sample[self.text_key], str(sample.get("id", ""))).report.verdict
        stats[VERDICT_KEY] = verdict
        return sample

    def process_single(self, sample: dict[str, Any]) -> bool:
        return VERDICT_RANK[sample[Fields.stats][VERDICT_KEY]] < VERDICT_RANK[self.drop]
