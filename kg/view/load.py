"""What ``kg view`` draws: a graph file, a store, or the part of either a SPARQL CONSTRUCT selects.

A CONSTRUCT (or DESCRIBE) query picks the subgraph: the entities and
statement nodes its answer names, and every statement whose triple it
returns (``CONSTRUCT { ?s kg:attacks ?o } WHERE { ... }`` draws those attacks
with their evidence). The details shown (labels, sentences, articles) come
from the whole graph, so the drawn statements keep their evidence.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph, URIRef

from .. import errors
from ..rdf.files import load_graph
from ..rdf.graph import union_of
from ..rdf.namespace import KG
from ..sources.files import write_all
from ..store.database import query_store
from ..store.query import run_query
from .network import to_networkx
from .viewer import DEFAULT_LIMIT, Page, render_html

_EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@dataclass(frozen=True)
class ViewSummary:
    out: Path
    entities: int
    relations: int

    def __str__(self) -> str:
        return f"{self.entities} entities, {self.relations} statements -> {self.out}"


def view(graph: str | os.PathLike | None = None, store: str | os.PathLike | None = None,
         out: str | os.PathLike | None = None, query: str | os.PathLike | None = None,
         limit: int = DEFAULT_LIMIT) -> ViewSummary:
    """Write the viewer page of a graph file or a store (optionally only what a CONSTRUCT query selects)."""
    if (graph is None) == (store is None):
        raise errors.usage("give a GRAPH file or --store DIR (one of them)")
    source = Path(graph if graph is not None else store)
    query_path = Path(query) if query is not None else None
    sparql = read_construct(query_path) if query_path is not None else None
    whole = read_store(store) if store is not None else read_graph(graph)
    target = Path(out) if out is not None else default_page(source, query_path)
    if target.is_dir():
        raise errors.view_target(target, "it is a folder")
    if not target.parent.is_dir():
        raise errors.view_target(target, f"there is no folder {target.parent}")
    network = to_networkx(whole)
    if sparql is not None:
        network = selected(network, construct(sparql, whole, store, query_path))
    title = f"kg: {source.name}" + (f" — {query_path.name}" if query_path is not None else "")
    write_all({target: render_html(network, title=title, limit=limit)})
    return ViewSummary(target, network.number_of_nodes(), network.number_of_edges())


def show(graph: Graph | str | os.PathLike, limit: int = DEFAULT_LIMIT, height: int = 640,
         title: str = "kg graph") -> Page:
    """The viewer for a graph (an rdflib Graph or Dataset, or a graph file's path), as a ``Page``:
    a notebook draws it inline, ``page.save(path)`` writes it."""
    if isinstance(graph, (str, os.PathLike)):
        title = title if title != "kg graph" else f"kg: {Path(graph).name}"
        graph = read_graph(graph)
    elif isinstance(graph, Dataset):
        graph = union_of(graph)
    return Page(render_html(to_networkx(graph), title=title, limit=limit), height=height)


def default_page(source: Path, query: Path | None) -> Path:
    """GRAPH.html beside a graph file, DIR.html beside a store; with a query, its name is added."""
    stem = source.stem if source.is_file() else source.name
    return source.parent / (f"{stem}-{query.stem}.html" if query is not None else f"{stem}.html")


def read_graph(path: str | os.PathLike) -> Graph:
    graph = load_graph(path)
    return union_of(graph) if isinstance(graph, Dataset) else graph


def read_store(store: str | os.PathLike) -> Graph:
    """Every triple of the store's named graphs, merged."""
    return query_store(store, _EVERYTHING).graph


def read_construct(path: Path) -> str:
    if not path.is_file():
        raise errors.query_file_missing(path)
    return path.read_text(encoding="utf-8")


def construct(sparql: str, graph: Graph, store: str | os.PathLike | None, path: Path) -> Graph:
    """The graph a CONSTRUCT or DESCRIBE query answers, over the store when given, else over graph."""
    result = query_store(store, sparql) if store is not None else run_query(graph, sparql)
    if result.type not in ("CONSTRUCT", "DESCRIBE"):
        raise errors.view_needs_construct(path, result.type)
    return result.graph


def selected(network: nx.MultiDiGraph, answer: Graph) -> nx.MultiDiGraph:
    """The part of the network a query's answer names: its statements, and its entities."""
    terms = {term for triple in answer for term in (triple[0], triple[2])}
    kept = nx.MultiDiGraph(**network.graph)
    for subject, object_, key, data in network.edges(keys=True, data=True):
        if URIRef(key) in terms or (subject, KG[data["predicate"]], object_) in answer:
            for node in (subject, object_):
                kept.add_node(node, **network.nodes[node])
            kept.add_edge(subject, object_, key=key, **data)
    for node in sorted(terms & set(network), key=str):
        kept.add_node(node, **network.nodes[node])
    return kept
