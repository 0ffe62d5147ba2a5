"""Clean a JSONL corpus with Data-Juicer and detector: the text cleaned, the verdict kept, documents dropped by it.

    pip install 'artifact-detector[data-juicer]'
    python examples/data_juicer_recipe.py data.jsonl out/ [--drop review] [--config detector.toml]

Writes a Data-Juicer recipe (`out/recipe.yaml`) with the two detector operators and runs it with Data-Juicer's
`DefaultExecutor`, on this machine's CPU and without network (`offline_cpu()`):

    process:
      - detector_clean_mapper: {config: ...}     # text cleaned; __dj__meta__.detector_* say why
      - detector_verdict_filter: {drop: reject}  # drops by that verdict

The kept samples are in `out/kept.jsonl`, their verdicts, reasons and removed spans in `out/kept_stats.jsonl`; with
`open_tracer` on, Data-Juicer's trace folder (`out/work/*/trace/`) shows what each operator changed.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path


def recipe(source: str, output: str, drop: str = "reject", config: str | None = None) -> dict[str, object]:
    return {
        "project_name": "detector-clean",
        "dataset_path": source,
        "export_path": f"{output}/kept.jsonl",
        "work_dir": f"{output}/work",
        "np": 1,
        "open_tracer": True,
        "text_keys": "text",
        "process": [
            {"detector_clean_mapper": {"config": config or ""}},
            {"detector_verdict_filter": {"drop": drop, "config": config or ""}},
        ],
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="a JSONL file (fields id, text, anything else kept)")
    parser.add_argument("output", help="folder for kept.jsonl, kept_stats.jsonl, recipe.yaml and work/")
    parser.add_argument("--drop", choices=("review", "reject"), default="reject")
    parser.add_argument("--config", help="a detector.toml or pyproject.toml (default: the defaults)")
    args = parser.parse_args(argv)

    from detector.engines.steps.data_juicer_op import offline_cpu

    offline_cpu()  # before Data-Juicer's executor is imported: it would install ray and torch at run time

    from data_juicer.config import init_configs
    from data_juicer.core import DefaultExecutor

    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "recipe.yaml"
    path.write_text(json.dumps(recipe(args.source, args.output, args.drop, args.config), indent=1),
                    encoding="utf-8")  # JSON is YAML
    DefaultExecutor(init_configs(args=["--config", str(path)])).run()


if __name__ == "__main__":
    main()
