"""The wheel carries what an installed package needs: the native core (`detector/core/_native*`, an abi3 extension),
`py.typed` (so type checkers read the API's annotations), the lexicons and the report schema. Built with maturin,
the project's build back end, as `pip install .` and `pip wheel .` build it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


def test_the_wheel_ships_the_native_core_py_typed_lexicons_and_schema(tmp_path: Path) -> None:
    maturin = shutil.which("maturin") or str(Path(sys.executable).parent / "maturin")
    if not Path(maturin).exists() or shutil.which("cargo") is None:
        pytest.skip("maturin (the test extra) and a Rust toolchain build the wheel")
    # --release reuses what `pip install -e` compiled in native/target, so this takes seconds, not a rebuild
    subprocess.run([maturin, "build", "--release", "--out", str(tmp_path), "--quiet"], cwd=ROOT, check=True,
                   capture_output=True)
    [path] = tmp_path.glob("*.whl")
    assert "-abi3-" in path.name, "one wheel for every CPython >= 3.10"
    names = set(zipfile.ZipFile(path).namelist())
    assert any(n.startswith("detector/core/_native") and n.endswith((".so", ".pyd")) for n in names)
    assert "detector/py.typed" in names
    assert "detector/reports/report.schema.json" in names
    shipped = {n.removeprefix("detector/_lexicons/") for n in names if n.startswith("detector/_lexicons/")}
    on_disk = {p.relative_to(ROOT / "lexicons").as_posix() for p in (ROOT / "lexicons").rglob("*") if p.is_file()}
    assert shipped == on_disk
    assert not any(n.startswith(("tests/", "bench/", "native/", ".venv", "lexicons/")) for n in names)
    assert not any("__pycache__" in n for n in names)
