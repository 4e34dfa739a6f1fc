"""Outputs: a build's files (graph.ttl, graph.trig, graph.jsonld, graph.html), written from the store.

A small build (up to ``SMALL_BUILD_TRIPLES``) is written by rdflib, in kg's
stable order, so the same articles give byte-identical files. A large one
is written by Oxigraph's writers straight from the store (rdflib's Turtle
writer takes minutes on a million triples), and its viewer is drawn for the
``VIEWER_TOP`` entities most documents name. Either way every file is
staged under a temporary name and renamed only when all are written.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import DCTERMS, PROV, RDF, Dataset, Graph

from . import errors
from .rdf.graph import quiet_rdflib, trig_of, union_of, written_prefixes
from .rdf.namespace import KG
from .sources.files import discard, stage, write_all
from .store.database import dataset_of_graphs, dump_graphs, graph_triples, rdflib_term, values_clause
from .view.network import to_networkx
from .view.viewer import render_html

SMALL_BUILD_TRIPLES = 100_000
VIEWER_TOP = 300
FILES = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.html")


def check_output_folder(out_dir: str | os.PathLike) -> Path:
    """Before anything is parsed: out is a folder, or can be made one (it is made when the files are written)."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise errors.output_not_folder(out)
    return out


def prepare_output_folder(out_dir: str | os.PathLike) -> Path:
    out = check_output_folder(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise errors.output_not_folder(out, exc.strerror) from exc
    return out


def write_outputs(store: ox.Store, names: list[str] | None, out_dir: str | os.PathLike, title: str) -> None:
    """The build's files in out_dir, from its named graphs in the store (all of them when names is None)."""
    out = prepare_output_folder(out_dir)
    graphs = sorted(names) if names is not None else sorted(g.value for g in store.named_graphs())
    if graph_triples(store, graphs) <= SMALL_BUILD_TRIPLES:
        _write_small(dataset_of_graphs(store, graphs), out, title)
    else:
        _write_large(store, names, graphs, out, title)


def _write_small(dataset: Dataset, out: Path, title: str) -> None:
    graph = union_of(dataset)
    write_all({
        out / "graph.ttl": graph.serialize(format="turtle"),
        out / "graph.trig": serialize_dataset(dataset, "trig"),
        out / "graph.jsonld": serialize_dataset(dataset, "json-ld"),
        out / "graph.html": render_html(to_networkx(graph), title=title),
    })


def _write_large(store: ox.Store, names: list[str] | None, graphs: list[str], out: Path, title: str) -> None:
    staged: list[tuple[str, Path]] = []
    try:
        for name, fmt in (("graph.ttl", "ttl"), ("graph.trig", "trig"), ("graph.jsonld", "jsonld")):
            staged.append((stage(out / name, lambda stream, fmt=fmt: dump_graphs(store, names, fmt, stream),
                                 binary=True), out / name))
        page = render_html(to_networkx(viewer_graph(store, graphs)), title=f"{title} (the {VIEWER_TOP} entities most documents name)")
        staged.append((stage(out / "graph.html", lambda stream: stream.write(page)), out / "graph.html"))
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        discard(temporary for temporary, _ in staged)


def viewer_graph(store: ox.Store, graphs: list[str], top: int = VIEWER_TOP) -> Graph:
    """The statements between the ``top`` entities most documents name, with what the viewer shows of them.

    The queries name the chosen nodes (``VALUES``) and leave the graph open; rows from graphs that are not
    this build's are dropped here (joining a ``VALUES`` of hundreds of graphs made Oxigraph slow)."""
    ours = set(graphs)
    ranked = store.query(
        f"SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?e <{KG.mentionedIn}> ?g }} {values_clause('g', graphs)} }} "
        f"GROUP BY ?e ORDER BY DESC(?n) STR(?e) LIMIT {top}")
    chosen = [row["e"].value for row in ranked]
    between = set(chosen)

    def rows(select: str, node: str, nodes: Iterable[str], pattern: str) -> Iterator:
        query = f"SELECT ?g {select} WHERE {{ {values_clause(node, nodes)} GRAPH ?g {{ {pattern} }} }}"
        return (row for row in store.query(query) if row["g"].value in ours)

    statements = sorted({row["st"].value for row in rows("?st ?s", "e", chosen, f"?st <{RDF.object}> ?e ; <{RDF.subject}> ?s")
                         if row["s"].value in between})
    graph = Graph()
    for node, nodes in (("e", chosen), ("st", statements)):
        for row in rows(f"?{node} ?p ?o", node, nodes, f"?{node} ?p ?o"):
            graph.add((rdflib_term(row[node]), rdflib_term(row["p"]), rdflib_term(row["o"])))
    documents = sorted({str(o) for o in graph.objects(None, PROV.wasDerivedFrom)})
    for row in rows("?d ?t", "d", documents, f"?d <{DCTERMS.title}> ?t"):
        graph.add((rdflib_term(row["d"]), DCTERMS.title, rdflib_term(row["t"])))
    return graph


def serialize_dataset(dataset: Dataset, fmt: str) -> str:
    """TriG or JSON-LD of the named graphs (JSON-LD compacted with kg's prefixes)."""
    with quiet_rdflib():
        if fmt == "json-ld":
            text = dataset.serialize(format="json-ld", context=written_prefixes(), auto_compact=True)
            return json.dumps(_in_stable_order(json.loads(text)), indent=2, ensure_ascii=False)
        return trig_of(dataset) if fmt == "trig" else dataset.serialize(format=fmt)


def _in_stable_order(value):
    """JSON-LD with its node lists sorted by "@id", so the same graph gives the same file.

    rdflib writes nodes in hash order, which changes from one run to the next.
    """
    if isinstance(value, dict):
        return {key: _in_stable_order(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_in_stable_order(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value
