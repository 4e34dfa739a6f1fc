"""Terms: rdflib's terms as pyoxigraph's, so a document's graph goes to a store as N-Triples.

kg models with rdflib (``kg.rdf.graph``) and stores with Oxigraph; this is
the one place that turns the one into the other on the way in (the way
out is ``kg.store.database``).
"""
from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox(term: Node, named: dict[str, ox.NamedNode]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib one; ``named`` caches IRIs (a graph repeats few of them)."""
    if isinstance(term, URIRef):
        node = named.get(term)
        if node is None:
            node = named[term] = ox.NamedNode(str(term))
        return node
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return ox.Literal(str(term), datatype=to_ox(term.datatype, named))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """N-Triples of rdflib triples, written by Oxigraph (much faster than rdflib's writer)."""
    named: dict[str, ox.NamedNode] = {}
    return ox.serialize(
        (ox.Triple(to_ox(s, named), to_ox(p, named), to_ox(o, named)) for s, p, o in triples),
        format=ox.RdfFormat.N_TRIPLES,
    )
