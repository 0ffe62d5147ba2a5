"""Coverage-guided fuzzing of the scan of one document with atheris: scoring, every writer, clean.

    python fuzz/atheris_scan.py fuzz/corpus/scan -runs=20000 -fork=1 -ignore_crashes=1 \
        -artifact_prefix=fuzz/findings/atheris-scan- -max_len=20000

The input bytes become a document (`FuzzedDataProvider.ConsumeUnicode`: any code points, surrogates included);
`fuzz.targets.scan_one` checks it (no exception, quotes are their spans, every output valid and free of terminal
controls where it must be, scoring deterministic, clean replays and undoes). A problem raises, so libFuzzer saves
the input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `fuzz` and `detector` of this checkout

from fuzz import libfuzzer_argv


def main() -> None:
    with atheris.instrument_imports(include=["detector"]):
        import detector.clean.edits
        import detector.engines.pipeline
        import detector.reports.writers  # noqa: F401
    from fuzz.targets import scan_one

    def test_one_input(data: bytes) -> None:
        text = atheris.FuzzedDataProvider(data).ConsumeUnicode(len(data))
        result = scan_one(text)
        if result["problems"]:
            raise AssertionError("; ".join(result["problems"]))

    atheris.Setup(libfuzzer_argv(sys.argv, __file__), test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
