"""The import graph of `detector` is a tree that flows one way: no module reaches up to one that imports it.

Read from the source with `ast`, so an import inside a function counts like one at the top: a function-level
import that closes a circle still ties every module on it together (a change to any of them can break the import
order of all). Imports under `if TYPE_CHECKING:` never run and are left out. A package's implicit import of its
`__init__` is left out too: `detector/__init__.py` re-exports the API, so every module would otherwise sit on a
circle through it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "detector"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (`from a import b` counts `a.b` when `b` is a module)."""
    files = {module_name(p): p for p in sorted(package.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        base = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
                continue
            if node.level:
                parts = base.split(".")[: len(base.split(".")) - node.level + 1]
                module = ".".join([*parts, node.module] if node.module else parts)
            else:
                module = node.module or ""
            targets.add(module)
            targets.update(f"{module}.{alias.name}" for alias in node.names)
        graph[name] = {t for t in targets if t in files and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module, and modules that import themselves (Tarjan,
    iterative so a deep graph cannot hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_graph_is_read_with_function_level_and_relative_imports() -> None:
    graph = import_graph()
    assert "detector.scorers.base" in graph["detector.scorers.registry"]  # a top-level import
    assert "detector.engines.plan" in graph["detector.engines.process_cache"]  # `from .plan import ...`
    assert "detector.inputs.rules" in graph["detector.engines.pipeline"]  # imported inside `_as_loaded`


def test_cycles_are_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_has_no_cycle() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


# The stages, bottom first: a module may import its own package and the packages before it, never one after it.
LAYERS = ("core", "config", "text", "rules", "inputs", "scorers", "reports", "engines", "clean", "evaluation",
          "dashboard", "cli")
ONLY = {"dashboard": {"core"}}  # a package that may import less than everything below it


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        stage = _stage(module)
        if stage not in LAYERS:
            continue
        allowed = set(LAYERS[: LAYERS.index(stage) + 1]) if stage not in ONLY else ONLY[stage] | {stage}
        for target in sorted(targets):
            if target != "detector" and _stage(target) not in allowed:  # `detector` itself: `__version__` only
                found.append(f"{module} -> {target}")
    return found


def test_imports_flow_one_way_between_stages() -> None:
    """Each stage's `__init__` docstring says what it may import; this is the same promise, checked."""
    assert layer_violations(import_graph()) == []


def test_a_reach_upwards_is_caught() -> None:
    assert layer_violations({"detector.text.view": {"detector.scorers.registry"}}) == [
        "detector.text.view -> detector.scorers.registry"]
    assert layer_violations({"detector.dashboard.page": {"detector.reports.serialize"}}) == [
        "detector.dashboard.page -> detector.reports.serialize"]
    assert layer_violations({"detector.cli.app": {"detector.core.model"}}) == []


def test_every_module_lives_in_a_stage() -> None:
    """Only the public entry points stay at the top; every stage says its job and what it may import."""
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py"]
    stages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert stages == sorted(LAYERS)
    for stage in LAYERS:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8"))) or ""
        assert "May import" in doc, f"detector/{stage}/__init__.py does not say what it may import"


def test_config_and_rules_stay_at_the_bottom() -> None:
    """config and rules import no module that knows the scorers or the pipeline."""
    graph = import_graph()
    for module in ("detector.config.settings", "detector.rules.rule"):
        reach = _reachable(graph, module)
        assert all(_stage(m) in {"core", "config", "text"} for m in reach), f"{module} reaches {sorted(reach)}"


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph[node])
    return seen


def test_old_flat_import_paths_still_give_the_same_modules() -> None:
    """Code written against the flat layout keeps working, and gets the very module the new path gives."""
    import importlib

    import detector
    from detector.core.moved import MODULES, PACKAGES

    assert set(PACKAGES) == {"boilerplate", "mt", "writers"}
    for old, new in MODULES.items():
        assert importlib.import_module(f"detector.{old}") is importlib.import_module(f"detector.{new}"), old
    assert importlib.import_module("detector.boilerplate.lines") is importlib.import_module(
        "detector.scorers.boilerplate.lines")
    assert importlib.import_module("detector.writers.sarif").SarifWriter.__module__ == "detector.reports.writers.sarif"
    from detector.pipeline import Pipeline

    from detector.config import Config
    from detector.scorers.boilerplate import BoilerplateScorer
    from detector.text import TextView

    assert Pipeline.__module__ == "detector.engines.pipeline" and Config.__module__ == "detector.config.settings"
    assert TextView.__module__ == "detector.text.view"
    assert BoilerplateScorer.__module__ == "detector.scorers.boilerplate.scorer"
    assert callable(detector.explain) and "RD301" in detector.explain("RD301")  # the function, not the old module
    assert importlib.import_module("detector.pipeline").__spec__.name == "detector.engines.pipeline"
