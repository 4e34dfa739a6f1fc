"""The seed's reference triples (seeds/seed_gold.tsv) turned into what a graph of the seed must show.

Tests on the seed assert these properties rather than today's exact counts:
the reference says which triples are required, which are traps, and (through
the ontology's domains and ranges) what type each entity in them must have.
"""
from __future__ import annotations

from functools import lru_cache

from rdflib import RDF, RDFS, Graph, URIRef

from kg.evaluation.triples import GoldLine, norm, read_gold
from kg.rdf.namespace import KG
from kg.rdf.ontology import fits, local, symmetric_names
from tests.conftest import SEED_GOLD


@lru_cache(maxsize=1)
def reference() -> tuple[GoldLine, ...]:
    return tuple(read_gold(SEED_GOLD))


def lines(*levels: str) -> list[GoldLine]:
    return [line for line in reference() if line.level in levels]


def nodes_named(graph: Graph, names: frozenset[str]) -> set[URIRef]:
    """The entities whose label is one of the (normalized) names."""
    return {node for node, label in graph.subject_objects(RDFS.label) if norm(label) in names}


def type_of(graph: Graph, node) -> str:
    return local(graph.value(node, RDF.type))


def asserted(graph: Graph, line: GoldLine) -> list[tuple[URIRef, str, URIRef]]:
    """The graph's plain triples that match a reference line (either way round for symmetric predicates)."""
    found = []
    for s in nodes_named(graph, line.subjects):
        for o in nodes_named(graph, line.objects):
            for p in line.predicates:
                if (s, KG[p], o) in graph or (p in symmetric_names() and (o, KG[p], s) in graph):
                    found.append((s, p, o))
    return found


def required_entities(graph: Graph) -> set[URIRef]:
    """The entities the required reference triples name."""
    return {node for line in lines("req") for s, _, o in asserted(graph, line) for node in (s, o)}


def types_fit(graph: Graph, line: GoldLine) -> bool:
    """Each entity the line names has a type that fits one of its predicates' domain and range."""
    return all(any(fits(p, type_of(graph, s), type_of(graph, o)) for p in line.predicates)
               for s in nodes_named(graph, line.subjects) for o in nodes_named(graph, line.objects))


def names(graph: Graph, nodes) -> set[str]:
    return {norm(graph.value(node, RDFS.label)) for node in nodes}
