"""The RDF graph as a networkx MultiDiGraph: entities as nodes, statements as edges.

The viewer draws this form, and graph statistics are computed on it.
"""
from __future__ import annotations

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph
from rdflib.namespace import DCTERMS, PROV

from ..rdf.namespace import KG
from ..rdf.ontology import local


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Entities as nodes; text statements, and background statements (``background=True``), as edges."""
    network = nx.MultiDiGraph()
    statements = [(s, False) for s in graph.subjects(RDF.type, KG.Statement)]
    statements += [(s, True) for s in graph.subjects(RDF.type, KG.BackgroundStatement)]
    for statement, background in sorted(statements):
        subject = graph.value(statement, RDF.subject)
        object_ = graph.value(statement, RDF.object)
        for node in (subject, object_):
            if node not in network:
                _add_node(network, graph, node)
        network.add_edge(
            subject,
            object_,
            key=str(statement),
            predicate=local(graph.value(statement, RDF.predicate)),
            polarity=local(graph.value(statement, KG.polarity) or KG.positive),
            modality=local(graph.value(statement, KG.modality) or KG.fact),
            sentence=str(graph.value(statement, KG.sentence) or ""),
            confidence=float(graph.value(statement, KG.confidence)),
            document=str(graph.value(graph.value(statement, PROV.wasDerivedFrom), DCTERMS.title)),
            rule=str(graph.value(statement, KG.rule)),
            background=background,
        )
    for entity in sorted(graph.subjects(KG.mentionedIn, None, unique=True)):
        if entity not in network:
            _add_node(network, graph, entity)
    return network


def _add_node(network: nx.MultiDiGraph, graph: Graph, node) -> None:
    network.add_node(
        node,
        label=str(graph.value(node, RDFS.label) or local(node)),
        type=local(graph.value(node, RDF.type)) if graph.value(node, RDF.type) else "Thing",
        aliases=sorted(str(a) for a in graph.objects(node, SKOS.altLabel)),
        institution_of=graph.value(node, KG.institutionOf),  # the state a government or institution belongs to
    )
