"""Drop-in steps for other people's pipelines: the same judgement and cleaning as `detector filter`, as a datatrove
`PipelineStep` (`datatrove_step.DetectorFilter`) and a Data-Juicer filter op (`data_juicer_op`).

`judge` is what every step does to one text: score it, clean it as `detector clean` would, and say whether to keep
it and why, as plain data a host library can store in its own metadata. The steps build one Pipeline per process, on
first use, so they pickle small and travel to their library's workers.

May import: what `engines` may. The host libraries are imported only by their own step module.
"""

from __future__ import annotations

from detector.engines.steps.judge import Judge, judged_metadata

__all__ = ["Judge", "judged_metadata"]
