"""artifact-detector: is scraped text fit to use, and how to make it so.

Public API (the CLI is a thin layer over exactly these):

- `scan(texts_or_documents, config)` -> iterator of DocumentReport
- `scan_paths(paths, config, options)` -> iterator of DocumentReport, one per input document
- `load_rules()` -> every rule by id; `explain(rule_id)` -> its documentation page
- `load_config(path)` -> Config
"""

from __future__ import annotations

from detector.config import Config, ConfigError
from detector.explain import explain
from detector.model import Document, DocumentReport, Edit, Finding, Span
from detector.pipeline import Pipeline, scan, scan_paths
from detector.readers import ReadOptions
from detector.registry import load_config, load_rules
from detector.rules import Rule

__version__ = "0.1.0"

__all__ = [
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
