"""Stats: what a graph holds and which entities it is about.

Computed on the networkx form of the graph (``kg.view.network.to_networkx``), the
same one the viewer draws, so the numbers describe the picture a user sees:
entities are nodes and every statement, negated ones included, is an edge.
A negated statement still says the text talks about the two entities, so it
counts towards their centrality.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

import networkx as nx
from rdflib import Graph

from .network import to_networkx

TOP = 10
FORMATS = ("table", "json")


@dataclass(frozen=True)
class Ranked:
    label: str
    type: str
    score: float | int  # a degree is a count, a PageRank a share


@dataclass(frozen=True)
class GraphStats:
    entities: int
    statements: int  # every edge: text statements and background ones
    negated: int
    background: int  # statements from background knowledge (kg:BackgroundStatement), not read in the text
    entities_by_type: dict[str, int]  # most frequent first
    statements_by_predicate: dict[str, int]
    negated_by_predicate: dict[str, int]
    by_degree: list[Ranked]  # statements an entity takes part in, as subject or object
    by_pagerank: list[Ranked]  # PageRank over the directed statements

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)


def graph_stats(graph: Graph, top: int = TOP) -> GraphStats:
    network = to_networkx(graph)
    predicates = Counter(data["predicate"] for _, _, data in network.edges(data=True))
    negated = Counter(data["predicate"] for _, _, data in network.edges(data=True) if data["polarity"] == "negative")
    degree = degrees(network)
    pagerank = pageranks(network)
    return GraphStats(
        entities=network.number_of_nodes(),
        statements=network.number_of_edges(),
        negated=sum(negated.values()),
        background=sum(1 for *_, data in network.edges(data=True) if data["background"]),
        entities_by_type=_by_count(Counter(data["type"] for _, data in network.nodes(data=True))),
        statements_by_predicate=_by_count(predicates),
        negated_by_predicate=_by_count(negated),
        by_degree=_ranked(network, degree, top),
        by_pagerank=_ranked(network, pagerank, top),
    )


def degrees(network: nx.MultiDiGraph) -> dict:
    """The statements each entity takes part in, as subject or object."""
    return dict(network.degree())


def pageranks(network: nx.MultiDiGraph) -> dict:
    """PageRank over the directed statements (empty for an empty network)."""
    return nx.pagerank(network) if network.number_of_nodes() else {}


def most_central(network: nx.MultiDiGraph) -> list:
    """Every entity, most central first: by degree, then PageRank, then name (the same order on every run)."""
    degree, pagerank = degrees(network), pageranks(network)
    return sorted(network, key=lambda node: (-degree[node], -round(pagerank[node], 9),
                                             network.nodes[node]["label"], str(node)))


def format_stats(stats: GraphStats, fmt: str = "table") -> str:
    if fmt == "json":
        return stats.to_json()
    sections = [
        f"{stats.entities} entities, {stats.statements} statements ({stats.negated} negated, "
        f"{stats.background} from background knowledge)",
        _table(("type", "entities"), list(stats.entities_by_type.items())),
        _table(("predicate", "statements", "negated"),
               [(p, n, stats.negated_by_predicate.get(p, 0)) for p, n in stats.statements_by_predicate.items()]),
        _table(("by degree", "type", "degree"), [(r.label, r.type, int(r.score)) for r in stats.by_degree]),
        _table(("by PageRank", "type", "PageRank"), [(r.label, r.type, f"{r.score:.4f}") for r in stats.by_pagerank]),
    ]
    return "\n\n".join(sections)


def _by_count(counter: Counter) -> dict[str, int]:
    """Most frequent first; ties by name, so the output is the same on every run."""
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def _ranked(network: nx.MultiDiGraph, scores: dict, top: int) -> list[Ranked]:
    nodes = sorted(scores, key=lambda node: (-scores[node], network.nodes[node]["label"], str(node)))
    return [Ranked(network.nodes[n]["label"], network.nodes[n]["type"], _rounded(scores[n])) for n in nodes[:top]]


def _rounded(score: float | int) -> float | int:
    return score if isinstance(score, int) else round(float(score), 6)


def _table(header: tuple[str, ...], rows: list[tuple]) -> str:
    cells = [tuple(map(str, header)), *(tuple(map(str, row)) for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [bool(rows) and all(_is_number(row[i]) for row in cells[1:]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(c.rjust(w) if numeric[i] else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()

    return "\n".join([line(cells[0]), line(tuple("-" * w for w in widths)), *(line(row) for row in cells[1:])])


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
