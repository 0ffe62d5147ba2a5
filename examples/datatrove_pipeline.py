"""Clean a JSONL corpus with datatrove and detector: kept documents cleaned, dropped ones with their reasons.

    pip install 'artifact-detector[datatrove]'
    python examples/datatrove_pipeline.py data/ out/ [--drop review] [--config detector.toml] [--tasks 2]

A `LocalPipelineExecutor` reads every `*.jsonl` of the input folder (`JsonlReader`), `DetectorFilter` cleans each
document and judges it, datatrove's own `exclusion_writer` writes the dropped ones to `out/removed/` (with
`metadata.filter_reason` and `metadata.detector`: verdict, reasons, rules, scores, removed spans), and the kept ones
go to `out/kept/`. The same step drops into any datatrove pipeline: docs/datatrove.md shows it in place of
`C4QualityFilter` in datatrove's FineWeb example.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from detector.engines.steps.datatrove_step import DetectorFilter


def pipeline(source: str, output: str, drop: str = "reject", config: str | None = None) -> list[object]:
    return [
        JsonlReader(source, glob_pattern="*.jsonl"),
        DetectorFilter(config, drop=drop, exclusion_writer=JsonlWriter(f"{output}/removed")),
        JsonlWriter(f"{output}/kept"),
    ]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="folder of JSONL files (fields id, text, anything else as metadata)")
    parser.add_argument("output", help="folder for kept/, removed/ and logs/")
    parser.add_argument("--drop", choices=("review", "reject"), default="reject")
    parser.add_argument("--config", help="a detector.toml or pyproject.toml (default: the defaults)")
    parser.add_argument("--tasks", type=int, default=1)
    args = parser.parse_args(argv)
    executor = LocalPipelineExecutor(pipeline(args.source, args.output, args.drop, args.config), tasks=args.tasks,
                                     logging_dir=f"{args.output}/logs")
    executor.run()


if __name__ == "__main__":
    main()
