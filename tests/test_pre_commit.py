"""The pre-commit hook, run by pre-commit itself on throwaway repositories.

The hook comes from this repository's `.pre-commit-hooks.yaml` (copied into a one-commit hook repository, so the
file as it is in the work tree is what runs), with its language set to `system`: pre-commit then runs `detector`
from this test's environment instead of `pip install`ing the repository into a new one, which needs a package
index (tried offline: hatchling cannot be found). Everything else, the entry, its options, the file types and
serial running, is the manifest's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS

CLEAN = ("The council met on Tuesday to discuss the new budget. Members agreed, after a long debate, to fund two "
         "schools and a library.\n")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git, which is not installed")


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=test@example.org", "-c", "user.name=test", "-c", "init.defaultBranch=main",
                    *args], cwd=folder, check=True, capture_output=True)


@pytest.fixture
def hook_repo(tmp_path: Path) -> tuple[Path, str]:
    repo = tmp_path / "hooks"
    repo.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", repo / ".pre-commit-hooks.yaml")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hooks")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True, text=True)
    return repo, rev.stdout.strip()


def run_pre_commit(tmp_path: Path, hook_repo: tuple[Path, str], files: dict[str, bytes],
                   extra: str = "") -> subprocess.CompletedProcess[str]:
    project = tmp_path / "project"
    project.mkdir()
    repo, rev = hook_repo
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: detector\n"
        f"        language: system\n{extra}", encoding="utf-8")
    for name, data in files.items():
        (project / name).write_bytes(data)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "texts")
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
           "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PIP_NO_INDEX": "1"}
    pre_commit = Path(bin_dir) / "pre-commit"
    command = [str(pre_commit)] if pre_commit.exists() else [sys.executable, "-m", "pre_commit"]
    return subprocess.run([*command, "run", "--all-files"], cwd=project, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


def test_the_hook_passes_on_clean_text(tmp_path: Path, hook_repo: tuple[Path, str]) -> None:
    result = run_pre_commit(tmp_path, hook_repo, {"clean.txt": CLEAN.encode(), "notes.md": b"# not scanned\n"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "detector scan" in result.stdout and "Passed" in result.stdout


def test_the_hook_fails_on_a_seed_and_names_the_file_line_and_rule(tmp_path: Path,
                                                                    hook_repo: tuple[Path, str]) -> None:
    seed = (SEEDS / "001_3f200adcfff876e7.txt").read_bytes()
    result = run_pre_commit(tmp_path, hook_repo, {"clean.txt": CLEAN.encode(), "seed.txt": seed})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "seed.txt:15:" in result.stdout and ": MT201 'lodger heads' looks like" in result.stdout
    # Nothing at all on the clean file: no warning, error or notice.
    assert "clean.txt:" not in result.stdout


def test_args_in_the_config_change_the_gate(tmp_path: Path, hook_repo: tuple[Path, str]) -> None:
    seed = (SEEDS / "001_3f200adcfff876e7.txt").read_bytes()
    result = run_pre_commit(tmp_path, hook_repo, {"seed.txt": seed}, "        args: [--fail-on, reject]\n")
    assert result.returncode == 0, result.stdout + result.stderr  # the seed is `review`, not `reject`
