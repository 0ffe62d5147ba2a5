"""The wheel carries what an installed package needs: `py.typed` (so type checkers read the API's annotations),
the lexicons and the report schema. Built with hatchling, the project's build back end, as `pip install` builds it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


def test_the_wheel_ships_py_typed_lexicons_and_schema(tmp_path: Path) -> None:
    wheel = pytest.importorskip("hatchling.builders.wheel", reason="hatchling (the test extra) builds the wheel")
    built = list(wheel.WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    [path] = built
    names = set(zipfile.ZipFile(path).namelist())
    assert "detector/py.typed" in names
    assert "detector/reports/report.schema.json" in names
    shipped = {n.removeprefix("detector/_lexicons/") for n in names if n.startswith("detector/_lexicons/")}
    on_disk = {p.relative_to(ROOT / "lexicons").as_posix() for p in (ROOT / "lexicons").rglob("*") if p.is_file()}
    assert shipped == on_disk
    assert not any(n.startswith(("tests/", "bench/", ".venv")) for n in names)
