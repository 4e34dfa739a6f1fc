"""Graph: turn a document's entities and statements into RDF.

This is the only module that makes rdflib terms from records. Every
statement becomes a ``kg:Statement`` node (RDF reification) carrying its
evidence and qualifiers; a positive one is also asserted as a plain triple.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from .namespace import KG
from .records import Document, Entity, Statement

DEFAULT_BASE = "https://w3id.org/kg-news/id/"


def new_graph() -> Graph:
    graph = Graph()
    graph.bind("kg", KG._NS)
    graph.bind("skos", SKOS)
    graph.bind("prov", PROV)
    graph.bind("dcterms", DCTERMS)
    graph.bind("owl", OWL)
    return graph


class Minter:
    """Stable, readable IRIs under one base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = Namespace(base if base.endswith(("/", "#")) else base + "/")

    def entity(self, entity: Entity) -> URIRef:
        return self.entity_key(entity.key)

    def entity_key(self, key: str) -> URIRef:
        return self.base[f"entity/{key}"]

    def document(self, document: Document) -> URIRef:
        return self.base[f"document/{document.sha256[:16]}"]

    def statement(self, document: Document, statement: Statement) -> URIRef:
        evidence = statement.evidence
        identity = "|".join(map(str, (
            document.sha256, statement.subject.key, statement.predicate, statement.object.key,
            statement.polarity, evidence.span_start, evidence.span_end,
        )))
        return self.base[f"statement/{hashlib.sha256(identity.encode()).hexdigest()[:16]}"]


def add_document(
    graph: Graph,
    document: Document,
    entities: Iterable[Entity],
    statements: Iterable[Statement],
    minter: Minter,
) -> None:
    doc_iri = minter.document(document)
    graph.add((doc_iri, RDF.type, KG.Document))
    graph.add((doc_iri, DCTERMS.title, Literal(document.name)))
    graph.add((doc_iri, KG.sha256, Literal(document.sha256)))
    for entity in entities:
        _add_entity(graph, entity, minter.entity(entity), minter)
        graph.add((minter.entity(entity), KG.mentionedIn, doc_iri))
    for statement in statements:
        _add_statement(graph, statement, minter.statement(document, statement), doc_iri, minter)


def _add_entity(graph: Graph, entity: Entity, iri: URIRef, minter: Minter) -> None:
    """One type and one label per entity, even when several documents name it."""
    if graph.value(iri, RDF.type) is None:
        graph.add((iri, RDF.type, KG[entity.type]))
    label = graph.value(iri, RDFS.label)
    if label is None:
        graph.add((iri, RDFS.label, Literal(entity.name)))
        label = Literal(entity.name)
    for alias in sorted(entity.aliases | {entity.name}):
        if alias != str(label):
            graph.add((iri, SKOS.altLabel, Literal(alias)))
    if entity.same_as:
        graph.add((iri, OWL.sameAs, URIRef(entity.same_as)))
    if entity.owner:
        graph.add((iri, KG.institutionOf, minter.entity_key(entity.owner)))


def _add_statement(graph: Graph, statement: Statement, iri: URIRef, doc_iri: URIRef, minter: Minter) -> None:
    subject, object_ = minter.entity(statement.subject), minter.entity(statement.object)
    predicate = KG[statement.predicate]
    evidence = statement.evidence
    for p, o in (
        (RDF.type, KG.Statement),
        (RDF.subject, subject),
        (RDF.predicate, predicate),
        (RDF.object, object_),
        (KG.polarity, KG[statement.polarity]),
        (KG.modality, KG[statement.modality]),
        (KG.sentence, Literal(evidence.sentence)),
        (KG.sentenceStart, Literal(evidence.sentence_start)),
        (KG.sentenceEnd, Literal(evidence.sentence_end)),
        (KG.spanStart, Literal(evidence.span_start)),
        (KG.spanEnd, Literal(evidence.span_end)),
        (KG.rule, Literal(statement.rule)),
        (KG.confidence, Literal(f"{statement.confidence:.3f}", datatype=XSD.decimal)),
        (PROV.wasDerivedFrom, doc_iri),
    ):
        graph.add((iri, p, o))
    if statement.attribution is not None:
        graph.add((iri, KG.attributedTo, minter.entity(statement.attribution)))
    if statement.time is not None:
        graph.add((iri, KG.time, Literal(statement.time)))
    if statement.polarity == "positive":
        graph.add((subject, predicate, object_))
