"""The RDF graph as a networkx MultiDiGraph: entities as nodes, statements as edges.

The viewer draws this form, graph statistics are computed on it and
``kg export --format graphml|gexf`` writes it. Each edge carries what a reader
needs to check the statement (the sentence, the words that state it, the
article, the qualifiers); ``network.graph["documents"]`` lists the articles.
"""
from __future__ import annotations

import networkx as nx
from rdflib import OWL, RDF, RDFS, SKOS, Graph
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from ..rdf.namespace import KG
from ..rdf.ontology import local


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Entities as nodes; text statements, and background statements (``background=True``), as edges."""
    network = nx.MultiDiGraph(documents=_documents(graph))
    statements = [(s, False) for s in graph.subjects(RDF.type, KG.Statement)]
    statements += [(s, True) for s in graph.subjects(RDF.type, KG.BackgroundStatement)]
    for statement, background in sorted(statements):
        subject = graph.value(statement, RDF.subject)
        object_ = graph.value(statement, RDF.object)
        if subject is None or object_ is None:
            continue  # a hand-edited graph's statement with no one to link: no edge to draw ('kg validate' says so)
        for node in (subject, object_):
            if node not in network:
                _add_node(network, graph, node)
        document = graph.value(statement, PROV.wasDerivedFrom)
        attribution = graph.value(statement, KG.attributedTo)
        network.add_edge(
            subject,
            object_,
            key=str(statement),
            predicate=local(graph.value(statement, RDF.predicate)),
            polarity=local(graph.value(statement, KG.polarity) or KG.positive),
            modality=local(graph.value(statement, KG.modality) or KG.fact),
            sentence=str(graph.value(statement, KG.sentence) or ""),
            mark=_mark(graph, statement),
            confidence=_confidence(graph.value(statement, KG.confidence)),
            document=str(graph.value(document, DCTERMS.title) or ""),
            document_iri=str(document or ""),
            attribution=None if attribution is None else _label(graph, attribution),
            time=_text(graph.value(statement, KG.time)),
            rule=str(graph.value(statement, KG.rule)),
            background=background,
        )
    for entity in sorted(graph.subjects(KG.mentionedIn, None, unique=True)):
        if entity not in network:
            _add_node(network, graph, entity)
    return network


def _add_node(network: nx.MultiDiGraph, graph: Graph, node: Node) -> None:
    network.add_node(
        node,
        label=_label(graph, node),
        type=local(graph.value(node, RDF.type)) if graph.value(node, RDF.type) else "Thing",
        aliases=sorted(str(a) for a in graph.objects(node, SKOS.altLabel)),
        same_as=sorted(str(s) for s in graph.objects(node, OWL.sameAs)),  # GeoNames for places
        documents=sorted(str(d) for d in graph.objects(node, KG.mentionedIn)),
        institution_of=graph.value(node, KG.institutionOf),  # the state a government or institution belongs to
    )


def _documents(graph: Graph) -> dict[str, dict]:
    """Every article, by IRI: its title (headline or file name), date when stated, and path."""
    return {
        str(document): {
            "title": str(graph.value(document, DCTERMS.title) or local(document)),
            "date": _text(graph.value(document, DCTERMS.date)),
            "path": _text(graph.value(document, KG.sourcePath)),
        }
        for document in sorted(graph.subjects(RDF.type, KG.Document))
    }


def _mark(graph: Graph, statement: Node) -> tuple[int, int] | None:
    """The words that state the relation, as offsets into its sentence (None when unknown)."""
    values = [graph.value(statement, term) for term in (KG.sentenceStart, KG.spanStart, KG.spanEnd)]
    sentence = graph.value(statement, KG.sentence)
    if sentence is None or any(v is None for v in values):
        return None
    try:
        start, span_start, span_end = (int(v) for v in values)
    except ValueError:
        return None
    begin, end = span_start - start, span_end - start
    return (begin, end) if 0 <= begin < end <= len(str(sentence)) else None


def _confidence(value: Node | None) -> float:
    """The statement's confidence; 0 when a hand-edited graph has none, or one that is not a number
    ("0.8x5"^^xsd:decimal), which 'kg validate' reports."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _label(graph: Graph, node: Node) -> str:
    return str(graph.value(node, RDFS.label) or local(node))


def _text(value: Node | None) -> str | None:
    return None if value is None else str(value)
