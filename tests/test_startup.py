"""Start-up: a command imports what it runs and nothing more (the times themselves are measured by
bench/startup.py, never in a test)."""

from __future__ import annotations

import json
import subprocess
import sys

import detector

from .conftest import SEEDS

PROBE = r"""
import json, sys
sys.argv = ["detector", *sys.argv[1:]]
from detector.cli.entry import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def modules_after(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=300,
                            check=False)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def test_help_and_version_load_neither_the_library_nor_nltk() -> None:
    for args in (["--help"], ["scan", "--help"], ["clean", "--help"]):
        loaded = modules_after(*args)
        assert not {"detector.engines.pipeline", "detector.scorers", "detector.scorers.registry", "nltk",
                    "rich"} & loaded, args
    version = modules_after("--version")
    assert {m for m in version if m.startswith(("typer", "click", "detector."))} == {
        "detector.cli", "detector.cli.entry", "detector.core", "detector.core.moved"}


def test_a_scan_never_imports_nltk() -> None:
    loaded = modules_after("scan", str(SEEDS / "003_43e704fa29a5586f.txt"), "-q")
    assert "detector.scorers.readability.scorer" in loaded and "detector.text.sentences" in loaded  # it did score
    assert not {m for m in loaded if m == "nltk" or m.startswith(("nltk.", "sklearn", "scipy"))}


def test_the_lazy_api_lists_what_it_serves() -> None:
    assert sorted(detector.__all__) == sorted([*detector._HOMES, "__version__"])
    for name in detector.__all__:
        assert getattr(detector, name) is not None
