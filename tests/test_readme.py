"""The README's promises that can drift: CI runs exactly its test command."""

from __future__ import annotations

from .conftest import ROOT


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    [command] = [line for line in ci.splitlines() if line.startswith("python3 -m venv")]
    assert f"```sh\n{command}\n```" in readme
    assert "pip install -e '.[test]'" in command and "pytest" in command
