"""artifact-detector: is scraped text fit to use, and how to make it so.

Public API (the CLI is a thin layer over exactly these):

- `scan(texts_or_documents, config)` -> iterator of DocumentReport
- `scan_paths(paths, config, options)` -> iterator of DocumentReport, one per input document
- `load_rules()` -> every rule by id; `explain(rule_id)` -> its documentation page
- `load_config(path)` -> Config (default: the closest `detector.toml` or `pyproject.toml [tool.detector]`)

The package is grouped by stage (`docs/architecture.md`): `inputs` -> `text` -> `scorers` -> `reports`, with
`rules`, `config` and `core` below them and `clean`, `engines`, `evaluation`, `dashboard` and `cli` around them.
Import paths of the earlier flat layout (`detector.pipeline`, `detector.readers`, ...) still work
(`detector.core.moved`).

The names are imported on first use (PEP 562), not when the package is: `detector --version` and `--help` then
start without loading the scorers, their models and nltk, which a plain `import detector` would otherwise pull in.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from detector.core.moved import install as _serve_old_paths

__version__ = "0.1.0"
_serve_old_paths()

_HOMES = {
    "Config": "detector.config.settings",
    "ConfigError": "detector.config.settings",
    "explain": "detector.reports.rule_pages",
    "Document": "detector.core.model",
    "DocumentReport": "detector.core.model",
    "Edit": "detector.core.model",
    "Finding": "detector.core.model",
    "Span": "detector.core.model",
    "Pipeline": "detector.engines.pipeline",
    "scan": "detector.engines.pipeline",
    "scan_paths": "detector.engines.pipeline",
    "ReadOptions": "detector.inputs.readers",
    "load_config": "detector.scorers.registry",
    "load_rules": "detector.scorers.registry",
    "Rule": "detector.rules.rule",
}

__all__ = [  # a literal list, for linters; tests/test_startup.py checks that it matches _HOMES
    "Config",
    "ConfigError",
    "Document",
    "DocumentReport",
    "Edit",
    "Finding",
    "Pipeline",
    "ReadOptions",
    "Rule",
    "Span",
    "__version__",
    "explain",
    "load_config",
    "load_rules",
    "scan",
    "scan_paths",
]

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time `__getattr__` imports the same names
    from detector.config.settings import Config, ConfigError
    from detector.core.model import Document, DocumentReport, Edit, Finding, Span
    from detector.engines.pipeline import Pipeline, scan, scan_paths
    from detector.inputs.readers import ReadOptions
    from detector.reports.rule_pages import explain
    from detector.rules.rule import Rule
    from detector.scorers.registry import load_config, load_rules


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'detector' has no attribute '{name}'")
    value = getattr(import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
