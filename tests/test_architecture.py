"""docs/architecture.md tells a newcomer where a change goes: every file it names must exist."""

from __future__ import annotations

import re

from .conftest import ROOT

DOC = ROOT / "docs" / "architecture.md"
PATH = re.compile(r"`((?:detector|lexicons|tests|reports|docs|scripts|bench)/[^`*<>\s]+)`")


def named_paths(text: str) -> list[str]:
    """Backticked repository paths, without placeholders (`lexicons/<category>/...`).

    >>> named_paths("see `detector/core/atomic.py` and `lexicons/<category>/rules.toml`")
    ['detector/core/atomic.py']
    """
    return PATH.findall(text)


def test_every_file_the_architecture_names_exists() -> None:
    names = named_paths(DOC.read_text(encoding="utf-8"))
    assert len(names) >= 30  # the page really names files (a change of the pattern would silently check nothing)
    missing = sorted({name for name in names if not (ROOT / name).exists()})
    assert missing == []


def test_each_kind_of_change_has_its_answer() -> None:
    text = DOC.read_text(encoding="utf-8")
    for heading in ("### A new phrase list", "### A new code rule", "### A new scorer", "### A new input format",
                    "### A new report format"):
        assert heading in text
