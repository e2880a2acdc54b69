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
    reached = _reaches(_graph(), "sjdsl.runtime")
    assert not reached & {"sjdsl.check", "sjdsl.codegen", "sjdsl.parse", "sjdsl.build",
                          "sjdsl.driver", "sjdsl.core.typecheck", "sjdsl.core.pysrc"}, reached
