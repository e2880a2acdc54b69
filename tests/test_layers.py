"""The package's layers: no module imports, directly or through others, a module that imports it
(the runtime never reaches the compiler, the core's nodes never reach the language's IR)."""

from __future__ import annotations

import ast

from .conftest import ROOT

PACKAGE = ROOT / "sjdsl"


def _graph() -> dict[str, set[str]]:
    modules = {"sjdsl." + ".".join(p.with_suffix("").relative_to(PACKAGE).parts)
               .removesuffix(".__init__"): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sjdsl"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in modules else str(node.module))
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("sjdsl")}
        graph[name] = {m for m in found if m in modules and m not in (name, "sjdsl")}
    return graph


def _reaches(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(graph[module])
    return seen


def test_no_import_circles() -> None:
    graph = _graph()
    circles = sorted(m for m in graph if m in _reaches(graph, m))
    assert not circles, f"modules that import themselves through others: {circles}"


def test_the_runtime_does_not_reach_the_compiler() -> None:
    reached = _reaches(_graph(), "sjdsl.runtime.compiled")
    assert not reached & {"sjdsl.language.check", "sjdsl.backends.codegen", "sjdsl.language.parse", "sjdsl.language.build",
                          "sjdsl.tools.driver", "sjdsl.core.typecheck", "sjdsl.core.pysrc"}, reached


#: The layers the package's folders show, lowest first: a module imports its own layer's
#: modules and lower layers' only (the core and the language hold each other's nodes).
LAYERS = {"runtime": 0, "core": 1, "language": 1, "backends": 2, "tools": 3}


def test_no_module_imports_a_layer_above_its_own() -> None:
    def layer(module: str) -> int | None:
        parts = module.split(".")
        return LAYERS.get(parts[1]) if len(parts) > 2 else None

    upward = sorted(f"{a} → {b}" for a, targets in _graph().items() for b in targets
                    if layer(a) is not None and layer(b) is not None and layer(b) > layer(a))
    assert not upward, upward


def test_every_module_is_in_a_layer() -> None:
    stray = sorted(m for m in _graph()
                   if m not in ("sjdsl", "sjdsl.__init__") and m.split(".")[1] not in LAYERS)
    assert not stray, f"modules outside sjdsl/{{{', '.join(LAYERS)}}}/: {stray}"
