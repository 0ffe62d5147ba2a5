"""Coverage-guided fuzzing of one reader target with atheris (libFuzzer): the long runs.

    pip install atheris                      # a wheel for CPython 3.11 on Linux x86-64
    python -m fuzz.seeds fuzz/corpus         # seed inputs, one folder per target
    python fuzz/atheris_readers.py --target dataset fuzz/corpus/dataset -runs=100000 -fork=1 -ignore_crashes=1 \
        -artifact_prefix=fuzz/findings/atheris-dataset- -max_len=262144

Every `detector` module is instrumented, so inputs that reach new branches of the readers (and of pyarrow's
Python side) are kept and mutated further. An input that makes `fuzz.targets.read_one` report a problem raises,
and a native crash (SIGSEGV, SIGBUS) kills the process: libFuzzer saves both under `-artifact_prefix` (with
`-fork=1 -ignore_crashes=1` it carries on and counts them; its last lines give the totals).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `fuzz` and `detector` of this checkout

from fuzz import libfuzzer_argv

TARGET = os.environ.get("DETECTOR_FUZZ_TARGET", "dataset")


def main() -> None:
    global TARGET
    args = list(sys.argv)
    if "--target" in args:
        at = args.index("--target")
        TARGET = args[at + 1]
        del args[at : at + 2]
    with atheris.instrument_imports(include=["detector"]):
        import detector.inputs.bounded
        import detector.inputs.columnar
        import detector.inputs.long_records
        import detector.inputs.readers
        import detector.inputs.records
        import detector.inputs.streams  # noqa: F401
    from fuzz.targets import read_one

    base = Path(tempfile.mkdtemp(prefix="detector-atheris-"))

    def test_one_input(data: bytes) -> None:
        folder = base / "case"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        result = read_one(TARGET, data, folder, score=0)
        if result["problems"]:
            raise AssertionError("; ".join(result["problems"]))

    atheris.Setup(libfuzzer_argv(args, __file__, TARGET), test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
