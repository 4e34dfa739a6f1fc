"""kg: build a knowledge graph from news articles.

>>> import kg
>>> graph = kg.build_graph(["seeds/"])          # or article texts
>>> graph.query("SELECT ?s WHERE { ?s kg:attacks ?o }")
>>> kg.show(graph)                               # the viewer, inline in a Jupyter notebook
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["build_graph", "show", "__version__"]


def build_graph(texts_or_paths, base=None):
    """Build an rdflib.Graph from article paths (files or folders) or article texts."""
    from .build import build_graph as _build_graph
    from .rdf.graph import DEFAULT_BASE

    return _build_graph(texts_or_paths, base or DEFAULT_BASE)


def show(graph, limit=150, height=640):
    """The interactive viewer of a graph (an rdflib Graph, or a graph file's path).

    In Jupyter the returned page draws inline (``_repr_html_``: the same page
    as graph.html, in a sandboxed iframe); ``kg.show(graph).save("x.html")``
    writes it to a file.
    """
    from .view.load import show as _show

    return _show(graph, limit=limit, height=height)
