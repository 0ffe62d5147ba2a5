"""Configuration: where settings come from, the frozen `Config` every scorer is handed, and rule selection.

Job: `settings` (the Config object, its keys, their types and checks), `sources` (finding `detector.toml` or
`pyproject.toml [tool.detector]` the way ruff finds its own), `selection` (ruff-style `--select/--ignore` over rule
ids). `from detector.config import Config` still works (the names of the former `detector.config` module are
forwarded from `settings`).

May import: `core` only. Everything else reads the configuration; nothing here knows a scorer or a rule's meaning
(`scorers.registry` checks a configuration against the real rules, from above).
"""

from __future__ import annotations

from detector.core.moved import forward

__getattr__ = forward("detector.config.settings")
