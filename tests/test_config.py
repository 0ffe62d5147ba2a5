"""Configuration: discovery upward from the input, detector.toml and pyproject files, --config and --isolated, and
clear messages for bad keys, types and rule selectors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detector.config.settings import Config, ConfigError
from detector.config.sources import find_config, resolve_config
from detector.scorers.registry import command_line_config, load_config


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
        ('[rules]\nselect = ["BP9"]\n', "[rules] 'BP9' matches no rule"),
        ('[rules]\nignore = ["B-1"]\n', "'B-1' is not a rule selector"),
        ('[rules]\nextend_select = ["MT"]\nextend-select = ["BP"]\n', "given twice"),
        ('[rules]\nmin_severity = "loud"\n', "'rules.min_severity' must be info, warning or error"),
        ('ignore = ["MT401"]\n', "looks like a rule: rules go in [rules] ignore"),
        ('[rules]\ndisable = ["XX999"]\n', "[rules] unknown rule 'XX999'"),
        ('[rules]\nseverity = { XX999 = "info" }\n', "unknown rule 'XX999'"),
        ('[verdict]\nreject_if_below = { boilerplate = 101 }\n', "must lie in [0, 100]"),
    ],
)
def test_bad_config_is_refused_with_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "detector.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)) as info:
        load_config(path)
    assert str(path) in str(info.value)


# Discovery, --config and --isolated (detector.config.sources), as ruff finds its configuration.


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """project/pyproject.toml (no [tool.detector]) inside a folder whose detector.toml selects MT rules, and a
    nested project/sub/deeper/ with a text file."""
    (tmp_path / "detector.toml").write_text('[rules]\nselect = ["MT"]\n', encoding="utf-8")
    project = tmp_path / "project"
    (project / "sub" / "deeper").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[project]\nname = "p"\n', encoding="utf-8")
    (project / "sub" / "deeper" / "a.txt").write_text("Some text.", encoding="utf-8")
    return project


def test_the_closest_config_above_the_first_input_is_found(project: Path) -> None:
    start = project / "sub" / "deeper" / "a.txt"
    assert find_config(start) == project.parent / "detector.toml"  # the pyproject without the table is passed over
    assert command_line_config(start=start).rules.select == ("MT",)
    (project / "pyproject.toml").write_text('[tool.detector.rules]\nselect = ["BP"]\n', encoding="utf-8")
    assert find_config(start) == project / "pyproject.toml"
    (project / "sub" / "detector.toml").write_text('[rules]\nselect = ["RD"]\n', encoding="utf-8")
    assert command_line_config(start=start).rules.select == ("RD",)
    (project / "sub" / "pyproject.toml").write_text('[tool.detector.rules]\nselect = ["LG"]\n', encoding="utf-8")
    assert command_line_config(start=start).rules.select == ("RD",)  # detector.toml first in one directory


def test_load_config_searches_upward_from_the_working_directory(project: Path) -> None:
    assert load_config(cwd=project / "sub").rules.select == ("MT",)
    assert load_config(project / "pyproject.toml") == Config()  # named explicitly: used even without the table


def test_isolated_ignores_config_files_and_refuses_a_config_file(project: Path) -> None:
    start = project / "sub"
    assert command_line_config([], isolated=True, start=start) == Config()
    with pytest.raises(ConfigError, match="cannot be used with --isolated"):
        command_line_config([str(project.parent / "detector.toml")], isolated=True, start=start)
    overridden = command_line_config(["verdict.review_below = 50"], isolated=True, start=start)
    assert overridden.verdict.review_below == 50.0 and overridden.rules.select is None


def test_config_file_and_inline_settings(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text('[rules]\nextend-select = ["BP"]\nmin_severity = "warning"\n[verdict]\nreview_below = 70\n',
                     encoding="utf-8")
    config = command_line_config([str(other), "verdict.review_below = 55", "rules.ignore = ['BP2']"],
                                 start=project)
    assert config.rules.select is None  # the named file replaces the found one
    assert config.rules.extend_select == ("BP",) and config.rules.ignore == ("BP2",)
    assert config.rules.min_severity == "warning" and config.verdict.review_below == 55.0
    with pytest.raises(ConfigError, match="names 2 files"):
        resolve_config([str(other), str(other)])
    with pytest.raises(ConfigError, match=r"--config 'verdict.review_below = \"x\"': 'verdict.review_below' must"):
        resolve_config(['verdict.review_below = "x"'])
    with pytest.raises(ConfigError, match="neither a file nor a TOML"):
        resolve_config(["verdict.review_below = = 3"])
    with pytest.raises(ConfigError, match="cannot read"):
        resolve_config([str(tmp_path / "missing.toml")])


def test_relative_file_settings_are_relative_to_their_config_file(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "detector.toml").write_text('suppressions = "supp.txt"\n[mt]\ngazetteer = "/abs.tsv"\n',
                                                     encoding="utf-8")
    config, _ = resolve_config([str(tmp_path / "conf" / "detector.toml")])
    assert config.suppressions == str((tmp_path / "conf" / "supp.txt").resolve())
    assert config.mt.gazetteer == "/abs.tsv"
    inline, _ = resolve_config(['suppressions = "supp.txt"'])
    assert inline.suppressions == "supp.txt"  # an inline setting is relative to the working directory
