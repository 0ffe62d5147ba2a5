"""Configuration: pyproject discovery, detector.toml files, and clear messages for bad keys and types."""

from __future__ import annotations

from pathlib import Path

import pytest

from detector.config import Config, ConfigError
from detector.registry import load_config


def test_defaults_when_nothing_is_configured(tmp_path: Path) -> None:
    assert load_config(cwd=tmp_path) == Config()


def test_pyproject_tool_detector_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.detector]\nscorers = ["language"]\n[tool.detector.verdict]\n'
        'review_below = 50\n[tool.detector.weights]\nlanguage = 2\n', encoding="utf-8")
    config = load_config(cwd=tmp_path)
    assert config.scorers == ("language",) and config.verdict.review_below == 50.0
    assert config.weights["language"] == 2.0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[verdict]\nreview_belwo = 3\n", "unknown key 'verdict.review_belwo'"),
        ("[verdict]\nreview_below = 'high'\n", "'verdict.review_below' must be a number"),
        ("[verdict]\nreview_below = 10\nreject_below = 20\n", "reject_below <= verdict.review_below"),
        ("scorers = ['speling']\n", "unknown scorer 'speling'"),
        ("[language]\nexpected = 'en'\n", "'language.expected' must be a list of strings"),
        ("max_chars = 10\n", "'max_chars' must be at least 1000"),
        ("[weights]\nfoo = 1\n", "unknown scorer 'foo'"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_bad_config_is_refused_with_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "detector.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(".", r"\.")) as info:
        load_config(path)
    assert str(path) in str(info.value)
