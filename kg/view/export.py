"""Export: the entity network for Gephi, Cytoscape and other network tools (GraphML, GEXF).

Written with networkx's own writers. Nodes are entities (IRI as id) with
``label``, ``type``, ``degree`` and ``pagerank``; edges are relations, one per
subject, predicate, object and polarity, with ``predicate``, ``polarity``,
``confidence`` (the highest of its statements), ``evidence`` (how many
statements state it) and ``background`` (true for background knowledge).
"""
from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from .. import errors
from ..sources.files import write_all
from .network import to_networkx
from .stats import degrees, pageranks

NETWORK_FORMATS = ("graphml", "gexf")


def entity_network(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The network with plain attributes only, each relation once with its evidence count."""
    degree, pagerank = degrees(network), pageranks(network)
    exported = nx.MultiDiGraph()
    for node, data in network.nodes(data=True):
        exported.add_node(str(node), label=data["label"], type=data["type"], degree=int(degree[node]),
                          pagerank=round(float(pagerank[node]), 6))
    groups: dict[tuple, list[dict]] = {}
    for subject, object_, data in network.edges(data=True):
        polarity = data["polarity"]
        groups.setdefault((str(subject), str(object_), data["predicate"], polarity, data["background"]), []).append(data)
    for (subject, object_, predicate, polarity, background), statements in sorted(groups.items()):
        exported.add_edge(subject, object_, key=f"{predicate}|{polarity}|{'background' if background else 'text'}",
                          label=predicate, predicate=predicate, polarity=polarity,
                          confidence=max(float(s["confidence"]) for s in statements),
                          evidence=len(statements), background=bool(background))
    return exported


def network_text(network: nx.MultiDiGraph, fmt: str) -> str:
    """The entity network as GraphML or GEXF text."""
    if fmt not in NETWORK_FORMATS:
        raise errors.unknown_format("--format", fmt, NETWORK_FORMATS)
    exported = entity_network(network)
    lines = nx.generate_graphml(exported) if fmt == "graphml" else nx.generate_gexf(exported)
    return "\n".join(lines) + "\n"


def export_graph_network(fmt: str, graph: str | os.PathLike | None = None, store: str | os.PathLike | None = None,
                         out: str | os.PathLike | None = None) -> str | None:
    """The entity network of a graph file or a store: written to out, or returned as text without out."""
    from .load import read_graph, read_store

    if (graph is None) == (store is None):
        raise errors.usage(f"--format {fmt} exports a GRAPH file or a --store DIR: give one of them")
    if fmt not in NETWORK_FORMATS:
        raise errors.unknown_format("--format", fmt, NETWORK_FORMATS)
    network = to_networkx(read_store(store) if store is not None else read_graph(graph))
    if out is None:
        return network_text(network, fmt)
    export_network(network, fmt, out)
    return None


def export_network(network: nx.MultiDiGraph, fmt: str, out: str | os.PathLike) -> Path:
    """Write the entity network to a file, through a temporary name."""
    out = Path(out)
    if out.is_dir():
        raise errors.export_target(out, "it is a folder")
    if not out.parent.is_dir():
        raise errors.export_target(out, f"there is no folder {out.parent}")
    write_all({out: network_text(network, fmt)})
    return out
