"""artifact-detector: is scraped text fit to use, and how to make it so.

Public API (the CLI is a thin layer over exactly these):

- `scan(texts_or_documents, config)` -> iterator of DocumentReport
- `scan_paths(paths, config, options)` -> iterator of DocumentReport, one per input document
- `load_rules()` -> every rule by id; `explain(rule_id)` -> its documentation page
- `load_config(path)` -> Config (default: the closest `detector.toml` or `pyproject.toml [tool.detector]`)

The names are imported on first use (PEP 562), not when the package is: `detector --version` and `--help` then
start without loading the scorers, their models and nltk, which a plain `import detector` would otherwise pull in.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_HOMES = {
    "Config": "detector.config",
    "ConfigError": "detector.config",
    "explain": "detector.explain",
    "Document": "detector.model",
    "DocumentReport": "detector.model",
    "Edit": "detector.model",
    "Finding": "detector.model",
    "Span": "detector.model",
    "Pipeline": "detector.pipeline",
    "scan": "detector.pipeline",
    "scan_paths": "detector.pipeline",
    "ReadOptions": "detector.readers",
    "load_config": "detector.registry",
    "load_rules": "detector.registry",
    "Rule": "detector.rules",
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
    from detector.config import Config, ConfigError
    from detector.explain import explain
    from detector.model import Document, DocumentReport, Edit, Finding, Span
    from detector.pipeline import Pipeline, scan, scan_paths
    from detector.readers import ReadOptions
    from detector.registry import load_config, load_rules
    from detector.rules import Rule


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'detector' has no attribute '{name}'")
    value = getattr(import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
