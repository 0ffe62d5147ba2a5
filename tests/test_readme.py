"""The README's code blocks run as written.

Every fenced block is one of:
- `python`: run in a fresh interpreter from the repository root;
- `sh`: every `detector ...` command in it (a line, or a part of an `&&` chain) runs in a folder holding a copy of
  `seeds/`, with this environment's `detector` first on PATH, and must exit 0, or 1 for a gate that was hit;
  install and test commands are not run here (CI runs them);
- `toml`: a `[tool.detector]` example, which must load as a configuration;
- marked by an HTML comment on the line before it: `<!-- readme-test: synopsis -->` (every `--option` in it must be
  in that command's `--help`), `<!-- readme-test: excerpt of FILE -->` (its lines appear in FILE, in order) or
  `<!-- readme-test: skip: REASON -->` (a reason is required).
A block of any other kind fails the test, so a new example cannot go unchecked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detector.cli.app import app
from detector.scorers.registry import load_config

from .conftest import ROOT, SEEDS

FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
MARK = re.compile(r"<!-- readme-test: ([^>]*?) -->\s*$")
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Block:
    line: int
    language: str
    body: str
    mark: str

    @property
    def name(self) -> str:
        return f"README.md:{self.line} ({self.language or 'plain'}{', ' + self.mark if self.mark else ''})"


def readme_blocks() -> list[Block]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        mark = MARK.search(before)
        blocks.append(Block(text.count("\n", 0, match.start()) + 1, match.group(1), match.group(2),
                            mark.group(1).strip() if mark else ""))
    return blocks


BLOCKS = readme_blocks()


def detector_commands(body: str) -> list[str]:
    """The `detector ...` commands of a shell block (continuation lines joined, `&&` chains split)."""
    commands = []
    for line in body.replace("\\\n", " ").splitlines():
        for part in line.split("&&"):
            part = part.strip()
            if part.startswith(".venv/bin/detector "):
                part = part.removeprefix(".venv/bin/")
            if part.startswith("detector "):
                commands.append(part)
    return commands


def kind(block: Block) -> str:
    if block.mark:
        return block.mark.split(":")[0].split(" of ")[0].strip()
    return {"python": "python", "sh": "sh", "toml": "toml"}.get(block.language, "unchecked")


@pytest.mark.parametrize("block", BLOCKS, ids=[b.name for b in BLOCKS])
def test_every_block_is_checked(block: Block) -> None:
    assert kind(block) in ("python", "sh", "toml", "synopsis", "excerpt", "skip"), (
        f"{block.name}: mark it (see tests/test_readme.py) or make it python, sh or toml")
    if kind(block) == "skip":
        assert block.mark.partition(":")[2].strip(), f"{block.name}: a skipped block needs a reason"


@pytest.mark.parametrize("block", [b for b in BLOCKS if kind(b) == "python"], ids=lambda b: b.name)
def test_python_blocks_run_as_written(block: Block) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    result = subprocess.run([sys.executable, "-c", block.body], cwd=ROOT, capture_output=True, text=True,
                            timeout=600, check=False, env=env)
    assert result.returncode == 0, f"{block.name} failed:\n{result.stderr[-3000:]}"


@pytest.mark.parametrize("block", [b for b in BLOCKS if kind(b) == "sh" and detector_commands(b.body)],
                         ids=lambda b: b.name)
def test_detector_commands_run_on_the_seeds(block: Block, tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    for command in detector_commands(block.body):
        result = subprocess.run(command, shell=True, executable="/bin/bash", cwd=tmp_path, capture_output=True,
                                text=True, timeout=600, check=False, env=env)
        assert result.returncode in (0, 1), f"{block.name}: `{command}` exited {result.returncode}:\n{result.stderr}"
        assert "Traceback" not in result.stderr
        if command.startswith("detector scan seeds/ --format md"):
            assert result.stdout == (ROOT / "reports" / "seeds.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("block", [b for b in BLOCKS if kind(b) == "toml"], ids=lambda b: b.name)
def test_toml_blocks_are_valid_configurations(block: Block, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(block.body, encoding="utf-8")
    load_config(tmp_path / "pyproject.toml")


@pytest.mark.parametrize("block", [b for b in BLOCKS if kind(b) == "synopsis"], ids=lambda b: b.name)
def test_synopsis_options_exist(block: Block) -> None:
    runner = CliRunner()
    for line in block.body.replace("\\\n", " ").splitlines():
        if not line.startswith("detector "):
            continue
        words = line.split()
        command = [w for w in words[1:3] if re.fullmatch(r"[a-z]+", w)]
        help_text = runner.invoke(app, [*command, "--help"]).stdout
        for option in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", line):
            assert option in help_text, f"{block.name}: `detector {' '.join(command)}` has no {option}"


@pytest.mark.parametrize("block", [b for b in BLOCKS if kind(b) == "excerpt"], ids=lambda b: b.name)
def test_excerpts_match_their_file(block: Block) -> None:
    source = ROOT / block.mark.split(" of ", 1)[1].strip()
    lines = source.read_text(encoding="utf-8").splitlines()
    position = 0
    for wanted in block.body.splitlines():
        assert wanted in lines[position:], f"{block.name}: {wanted!r} is not in {source.name} (in order)"
        position = lines.index(wanted, position) + 1
