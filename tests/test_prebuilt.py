"""The start-up store (`detector.core.prebuilt`): what it keeps is what building gives, a damaged or foreign file is
rebuilt and never believed, a store that cannot be written costs time only, and reports are the same byte for byte
with a cold, a warm and no store."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.core import prebuilt
from detector.text import lexicons
from detector.text.lexicons import lexicon_files, lexicon_root, parse_lexicon

from .conftest import ROOT, SEEDS

THIS = sys.modules[__name__]


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """A private store for one test; the process's own store comes back afterwards."""
    saved = prebuilt._STORE
    yield tmp_path / "cache"
    prebuilt._STORE = saved


def counting_build(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_a_kept_value_is_read_back_by_the_next_process_without_building(folder: Path) -> None:
    value = {"nodes": [("seq", [("lit", 97, True, False)])], "width": 2**40, "none": None}
    calls, build = counting_build(value)
    store = prebuilt.reset(folder)
    assert prebuilt.memo("kind", "inputs", build, code=(THIS,)) == value
    assert prebuilt.memo("kind", "inputs", build, code=(THIS,)) == value and len(calls) == 1
    store.save()
    assert (folder / prebuilt.FILE_NAME).is_file()
    prebuilt.reset(folder)  # a new process: nothing in memory
    assert prebuilt.memo("kind", "inputs", build, code=(THIS,)) == value
    assert len(calls) == 1, "the second process read the value instead of building it"
    assert prebuilt.memo("kind", "other inputs", build, code=(THIS,)) == value and len(calls) == 2


@pytest.mark.parametrize("damage", ["flip", "truncate", "magic", "not a dict", "empty"])
def test_a_damaged_file_is_rebuilt_never_believed(folder: Path, damage: str) -> None:
    calls, build = counting_build(["right"])
    store = prebuilt.reset(folder)
    prebuilt.memo("kind", "x", build, code=(THIS,))
    store.save()
    path = folder / prebuilt.FILE_NAME
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-3] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "magic":
        data[:5] = b"other"
    elif damage == "not a dict":
        import hashlib

        payload = marshal.dumps(["a list"])
        data = bytearray(prebuilt.MAGIC + hashlib.sha256(payload).digest() + payload)
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    assert prebuilt.read_store(path) == {}
    prebuilt.reset(folder)
    assert prebuilt.memo("kind", "x", build, code=(THIS,)) == ["right"] and len(calls) == 2


def test_a_changed_builder_module_is_another_key(folder: Path, tmp_path: Path) -> None:
    """As `.pyc` files: the builder's size or time changes, the kept value is not used."""
    source = tmp_path / "builder.py"
    source.write_text("x = 1\n", encoding="utf-8")
    module = ModuleType("detector_test_builder")
    module.__file__ = str(source)
    calls, build = counting_build("v")
    prebuilt.reset(folder)
    prebuilt.memo("kind", "x", build, code=(module,))
    source.write_text("x = 22\n", encoding="utf-8")
    prebuilt._SIGNATURES.pop(module.__name__)  # a new process reads the module's signature again
    prebuilt.memo("kind", "x", build, code=(module,))
    assert len(calls) == 2


def test_an_unwritable_folder_costs_time_only(folder: Path) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the folder should be", encoding="utf-8")
    _, build = counting_build(3)
    store = prebuilt.reset(folder)
    assert prebuilt.memo("kind", "x", build, code=(THIS,)) == 3
    store.save()  # no exception
    assert folder.read_text(encoding="utf-8") == "a file where the folder should be"


def test_an_entry_no_recent_save_used_is_dropped(folder: Path) -> None:
    """Entries of code or bytes that are gone (an older release, an edited list) are never asked for again, and
    every run would read them: after `KEEP_SAVES` saves that did not use it an entry is gone, while one that every
    saving run uses stays, and a run that only reads changes nothing."""
    def run(*inputs: str) -> None:  # one process: asks for `inputs`, saves at exit
        store = prebuilt.reset(folder)
        for name in inputs:
            prebuilt.memo("kind", name, name.upper, code=(THIS,))
        store.save()

    run("old", "shared")
    path = folder / prebuilt.FILE_NAME
    for save in range(1, prebuilt.KEEP_SAVES):
        run("shared", f"new {save}")
        assert "OLD" in prebuilt.read_store(path).values(), f"dropped after {save} saves"
    run("shared")  # only reads: writes nothing
    assert "OLD" in prebuilt.read_store(path).values()
    run("shared", "one more")
    kept = prebuilt.read_store(path)
    assert "OLD" not in kept.values() and "SHARED" in kept.values() and "ONE MORE" in kept.values()
    assert kept[prebuilt.AGES][prebuilt.AGES] == prebuilt.KEEP_SAVES + 1
    prebuilt.reset(folder)
    calls, build = counting_build("SHARED")
    assert prebuilt.memo("kind", "shared", build, code=(THIS,)) == "SHARED" and not calls


def test_a_forked_worker_leaves_writing_to_its_parent(folder: Path) -> None:
    store = prebuilt.reset(folder)
    prebuilt.memo("kind", "x", lambda: 1, code=(THIS,))
    store._owner = os.getpid() + 1  # as seen from a worker forked after the store was made
    store.save()
    assert not (folder / prebuilt.FILE_NAME).exists()


def test_off_turns_the_store_off(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv(prebuilt.ENV, "off")
    assert prebuilt.cache_folder() is None
    monkeypatch.setenv(prebuilt.ENV, str(folder))
    assert prebuilt.cache_folder() == folder


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | st.binary(),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=60, deadline=None)
@given(entries=st.dictionaries(st.binary(min_size=32, max_size=32), values, max_size=5))
def test_the_file_format_round_trips_any_builtin_value(tmp_path_factory: pytest.TempPathFactory,
                                                         entries: dict[bytes, object]) -> None:
    path = tmp_path_factory.mktemp("store") / prebuilt.FILE_NAME
    prebuilt.write_store(path, entries)
    assert prebuilt.read_store(path) == entries


def test_every_shipped_lexicon_reads_back_as_parsing_gives(folder: Path) -> None:
    """A verified list comes from the store; what it gives (rows, header, native node trees of its matcher) must be
    what parsing the file gives."""
    for _ in ("cold", "warm"):
        store = prebuilt.reset(folder)
        lexicons.load_lexicon.cache_clear()
        for name in lexicon_files():
            kept = lexicons.load_lexicon(name)
            text = (lexicon_root() / name).read_text(encoding="utf-8")
            fresh = parse_lexicon(lexicon_root() / name, text, verify=False)
            assert (kept.entries, kept.kind, kept.scope, kept.regex, kept.case_sensitive) == (
                fresh.entries, fresh.kind, fresh.scope, fresh.regex, fresh.case_sensitive), name
            if kept.matcher._is_regex or kept.scope == "line-start":
                assert kept.matcher.native is not None or fresh.matcher.native is None, name
        store.save()
    assert len(prebuilt.read_store(folder / prebuilt.FILE_NAME)) > len(lexicon_files())
    lexicons.load_lexicon.cache_clear()


def _scan(cache: str) -> bytes:
    env = {**os.environ, prebuilt.ENV: cache}
    result = subprocess.run([sys.executable, "-m", "detector", "scan", str(SEEDS), "--format", "jsonl"],
                            cwd=ROOT, env=env, capture_output=True, check=False)
    assert result.returncode in (0, 1), result.stderr.decode()[-2000:]
    return result.stdout


def test_reports_are_the_same_with_a_cold_a_warm_and_no_store(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = _scan(str(cache))
    kept = (cache / prebuilt.FILE_NAME).read_bytes()
    assert len(prebuilt.read_store(cache / prebuilt.FILE_NAME)) > 100, "the cold run kept its start-up data"
    warm = _scan(str(cache))
    assert (cache / prebuilt.FILE_NAME).read_bytes() == kept, "a warm run has nothing new to write"
    assert cold == warm == _scan("off")
    assert cold.count(b"\n") >= len(list(SEEDS.iterdir()))
