"""The store's modules import each other without a cycle (TYPE_CHECKING imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import screening.store

FOLDER = Path(screening.store.__file__).parent


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("screening.store."):
            found.add(node.module.rsplit(".", 1)[1])
        elif isinstance(node, ast.Import):
            found.update(alias.name.rsplit(".", 1)[1] for alias in node.names if alias.name.startswith("screening.store."))
    return found


def test_no_import_cycle_in_the_store():
    graph = {path.stem: imports_of(path) for path in FOLDER.glob("*.py") if path.stem != "__init__"}
    assert "crypto" not in graph["base"] or "base" not in graph["crypto"]
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        assert module not in visiting, f"import cycle: {' -> '.join(visiting[visiting.index(module):] + [module])}"
        if module in done or module not in graph:
            return
        visiting.append(module)
        for imported in graph[module]:
            visit(imported)
        visiting.pop()
        done.add(module)

    for module in graph:
        visit(module)
    assert graph["crypto"] == {"errors"}
