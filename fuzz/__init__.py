"""Fuzz and kill harnesses for `detector` (see fuzz/README.md): coverage-guided with atheris for long runs, a
seeded random mutator for the short slice CI runs (tests/test_fuzz_harness.py), and kill -9 loops."""

from __future__ import annotations

import os
import shlex
import sys


def libfuzzer_argv(argv: list[str], script: str, target: str = "") -> list[str]:
    """The arguments for `atheris.Setup`, such that libFuzzer's `-fork=N` and `-jobs=N` can start workers: it runs
    its workers as the shell command `argv[0] FLAGS...`, and `argv[0]` of a Python script is the script itself,
    which is not executable (every worker exited 126, counted as a crash, with no coverage). So `argv[0]` becomes
    "this interpreter this script", and the target travels in the environment, which the workers inherit."""
    if target:
        os.environ["DETECTOR_FUZZ_TARGET"] = target
    return [f"{shlex.quote(sys.executable)} {shlex.quote(os.path.abspath(script))}", *argv[1:]]
