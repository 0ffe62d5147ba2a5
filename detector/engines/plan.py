"""What every worker needs to score a shard, packed once on the client and shipped once to each worker.

A cluster's workers do not share the client's working directory, so a config that names files
(`boilerplate.stats` from `detector learn`, an extra `mt.gazetteer`, a `suppressions` list) would fail there, or
worse, find a different file. The plan carries those files' contents and the worker writes them to a private
temporary folder before it builds its Pipeline; the Pipeline reads them once while it is built.

`Config` holds `MappingProxyType` values, which the standard pickle refuses; `pack` registers a reducer for them
instead of requiring cloudpickle, so Spark, Ray and Dask can all carry a plan.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import pickle
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detector import __version__
from detector.config.settings import Config
from detector.inputs.readers import ReadOptions
from detector.reports.baseline import Baseline
from detector.reports.writers import WriterContext

# Settings that name a file the Pipeline reads while it is built (dotted, as `config.with_overrides` takes them).
FILE_SETTINGS = ("boilerplate.stats", "mt.gazetteer", "suppressions")


@dataclass(frozen=True)
class ScanPlan:
    """Everything a worker needs besides the shard: `files` maps a file setting to (file name, contents)."""

    config: Config
    options: ReadOptions
    context: WriterContext
    baseline: Baseline | None = None
    files: Mapping[str, tuple[str, bytes]] = field(default_factory=dict)
    version: str = __version__


@dataclass(frozen=True)
class PackedPlan:
    """A pickled plan and its digest: a worker compares the digest with its cached one and unpickles only a new
    plan."""

    key: str
    data: bytes


def make_plan(config: Config, options: ReadOptions, context: WriterContext,
              baseline: Baseline | None = None) -> ScanPlan:
    """Read the files the config names now, on the client, where their paths mean what the user meant."""
    files = {}
    for setting in FILE_SETTINGS:
        value = setting_value(config, setting)
        if value:
            files[setting] = (Path(value).name, Path(value).read_bytes())
    return ScanPlan(config, options, context, baseline, files)


def setting_value(config: Config, dotted: str) -> Any:
    value: Any = config
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


def dumps(obj: object) -> bytes:
    """pickle, with `MappingProxyType` reduced to a dict (it unpickles with the standard `pickle.loads`).

    >>> import pickle
    >>> from detector.config.settings import Config
    >>> pickle.loads(dumps(Config())) == Config()
    True
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[types.MappingProxyType] = _reduce_mappingproxy
    pickler.dump(obj)
    return buffer.getvalue()


def _reduce_mappingproxy(mapping: types.MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return read_only, (dict(mapping),)


def read_only(mapping: dict[Any, Any]) -> types.MappingProxyType[Any, Any]:
    """Rebuilds a `MappingProxyType` when a plan is unpickled (the type itself cannot be pickled by name)."""
    return types.MappingProxyType(mapping)


def pack(plan: ScanPlan) -> PackedPlan:
    data = dumps(plan)
    return PackedPlan(hashlib.sha256(data).hexdigest(), data)


def settings_fingerprint(plan: ScanPlan) -> str:
    """A digest of everything that shapes a report row, stable across runs (unlike pickle bytes, which vary with
    set order): `--resume` refuses parts written with other settings."""
    digest = hashlib.sha256(repr((plan.config, plan.options, plan.context, plan.version)).encode("utf-8"))
    for setting, (name, data) in sorted(plan.files.items()):
        digest.update(f"\x00{setting}\x00{name}\x00".encode())
        digest.update(hashlib.sha256(data).digest())
    if plan.baseline is not None:
        digest.update(plan.baseline.dump().encode("utf-8"))
    return digest.hexdigest()[:16]
