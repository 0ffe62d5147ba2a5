"""Old import paths keep working: `import detector.readers` is `detector.inputs.readers`, one module under two names.

The package was regrouped by stage (inputs, text, rules, scorers, reports, engines, clean, cli); code written against
the flat layout (`from detector.pipeline import Pipeline`, `detector.boilerplate.lines`, `detector.writers.sarif`)
still imports, and gets the very module object the new path gives, so monkeypatching and `isinstance` behave as
before. The finder answers only for the names below and costs one string comparison per other import.

Old paths whose new home is a package of the same name (`detector.config`, `detector.text`, `detector.rules`,
`detector.clean`, `detector.cli`, `detector.scorers.boilerplate`, ...) are served by that package, which forwards
the old module's names (see `forward`). `detector.explain` stays the public function, not the old module.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

MODULES = {  # old module under `detector.` -> its home now
    "model": "core.model", "extras": "core.extras", "first_use": "core.first_use", "safety": "core.safety",
    "config_sources": "config.sources", "selection": "config.selection",
    "sentences": "text.sentences", "langid": "text.langid", "charcount": "text.charcount",
    "lexicons": "text.lexicons", "alternation": "text.alternation", "regex_guard": "text.regex_guard",
    "kinds": "rules.kinds", "findings": "rules.findings",
    "readers": "inputs.readers", "records": "inputs.records", "streams": "inputs.streams",
    "decoding": "inputs.decoding", "remote": "inputs.remote", "walk": "inputs.walk", "columnar": "inputs.columnar",
    "input_check": "inputs.check", "input_rules": "inputs.rules",
    "registry": "scorers.registry", "verdict": "scorers.verdict",
    "readability_formulas": "scorers.readability.formulas", "textstat_adapter": "scorers.readability.textstat_adapter",
    "serialize": "reports.serialize", "locations": "reports.locations", "summary": "reports.summary",
    "statistics": "reports.statistics", "baseline": "reports.baseline", "outputs": "reports.outputs",
    "report_sink": "reports.sink", "resume": "reports.resume",
    "pipeline": "engines.pipeline", "parallel": "engines.parallel", "budget": "engines.budget",
    "clean_files": "clean.files", "jsonl_edit": "clean.jsonl_edit",
    "cli_common": "cli.common", "cli_options": "cli.options", "cli_eval": "cli.eval", "entry": "cli.entry",
    "progress": "cli.progress", "exits": "cli.exits", "record_shape": "evaluation.record_shape",
    "dashboard.atomic": "core.atomic",
}
PACKAGES = {"boilerplate": "scorers.boilerplate", "mt": "scorers.mt", "writers": "reports.writers"}


def new_home(old: str) -> str | None:
    """`detector.X` (an old path) -> the module's path now, or None when `old` is not an old path.

    >>> new_home("detector.pipeline"), new_home("detector.boilerplate.lines"), new_home("detector.scan")
    ('detector.engines.pipeline', 'detector.scorers.boilerplate.lines', None)
    """
    if not old.startswith("detector."):
        return None
    name = old[len("detector."):]
    if name in MODULES:
        return f"detector.{MODULES[name]}"
    head, _, rest = name.partition(".")
    if head in PACKAGES:
        return f"detector.{PACKAGES[head]}" + (f".{rest}" if rest else "")
    return None


class MovedModules:
    """A meta-path finder and loader that serves an old path with the module at its new one."""

    def __init__(self) -> None:
        self._specs: dict[str, ModuleSpec | None] = {}

    def find_spec(self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
                  ) -> ModuleSpec | None:
        home = new_home(fullname)
        if home is None:
            return None
        real = import_module(home)
        return ModuleSpec(fullname, self, is_package=hasattr(real, "__path__"))

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        home = new_home(spec.name)
        assert home is not None
        module = sys.modules[home]
        self._specs[spec.name] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run (the module ran under its new name); put back the spec the import system replaced with
        the alias's, so `importlib.reload` and pickling see the real module."""
        alias = module.__spec__.name if module.__spec__ else ""
        if alias in self._specs:
            module.__spec__ = self._specs.pop(alias)


def install() -> None:
    """Add the finder once, before the standard ones: under an old package path (`detector.boilerplate`, whose
    `__path__` is the new folder) the path finder would otherwise load a second copy of `detector.boilerplate.lines`
    beside `detector.scorers.boilerplate.lines`. It answers only for the old names, which no file has any more."""
    if not any(isinstance(finder, MovedModules) for finder in sys.meta_path):
        sys.meta_path.insert(0, MovedModules())


def forward(*homes: str) -> Callable[[str], Any]:
    """A package's `__getattr__` that serves the names of the old module it replaced (`from detector.config
    import Config`) from `homes`, imported on first use so that the package itself stays free to import."""

    def __getattr__(name: str) -> Any:
        if not name.startswith("__"):
            for home in homes:
                module = import_module(home)
                if hasattr(module, name):
                    return getattr(module, name)
        raise AttributeError(f"module {homes[0].rpartition('.')[0]!r} has no attribute {name!r}")

    return __getattr__


__all__ = ["MODULES", "PACKAGES", "MovedModules", "forward", "install", "new_home"]
