"""The package's modules import one another without a cycle, counting every import.

Imports inside functions and under ``TYPE_CHECKING`` count too: a cycle
hidden there is still two stages that each need the other.
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "kg"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kg modules a module imports, wherever in it the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        found |= {target for target in targets if target in known and target != name}
    return found


def import_graph() -> nx.DiGraph:
    modules = _modules()
    graph = nx.DiGraph()
    for name, path in modules.items():
        graph.add_node(name)
        graph.add_edges_from((name, target) for target in _imports(name, path, set(modules)))
    return graph


def test_the_import_graph_sees_the_stages():
    graph = import_graph()
    assert graph.has_edge("kg.engine.extract", "kg.extract.pipeline")  # the engines run the pipeline
    assert nx.has_path(graph, "kg.build", "kg.extract.pipeline")
    assert graph.has_edge("kg.extract.relations", "kg.records")


def test_no_import_cycle():
    graph = import_graph()
    # the package's own __init__ only re-exports the API; what it imports lazily is not a stage's need
    graph.remove_edges_from(list(graph.out_edges("kg")))
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(cycle + cycle[:1]) for cycle in cycles)
