"""kg: build a knowledge graph from news articles.

>>> import kg
>>> graph = kg.build_graph(["seeds/"])          # or article texts
>>> graph.query("SELECT ?s WHERE { ?s kg:attacks ?o }")
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["build_graph", "__version__"]


def build_graph(texts_or_paths, base=None):
    """Build an rdflib.Graph from article paths (files or folders) or article texts."""
    from .build import build_graph as _build_graph
    from .rdf.graph import DEFAULT_BASE

    return _build_graph(texts_or_paths, base or DEFAULT_BASE)
