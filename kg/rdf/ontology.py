"""Read the ontology (``ontology/kg.ttl``): the single source of truth for terms.

The relation stage asks it which predicates exist, which are symmetric, and
whether a subject and object type fit a predicate's domain and range.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph
from rdflib.collection import Collection
from rdflib.term import Node

from .namespace import KG

_PACKAGED = Path(__file__).resolve().parent.parent / "_ontology" / "kg.ttl"  # inside a built wheel
_SOURCE = Path(__file__).resolve().parents[2] / "ontology" / "kg.ttl"  # in a checkout


def ontology_path() -> Path:
    return _PACKAGED if _PACKAGED.exists() else _SOURCE


@lru_cache(maxsize=1)
def ontology() -> Graph:
    graph = Graph()
    graph.parse(ontology_path(), format="turtle")
    return graph


def local(term: Node) -> str:
    return str(term).rsplit("#", 1)[-1]


@lru_cache(maxsize=1)
def relation_names() -> frozenset[str]:
    """The core relation vocabulary: what extraction produces and evaluation scores."""
    return frozenset(local(p) for p in ontology().subjects(RDF.type, KG.CoreRelation))


@lru_cache(maxsize=1)
def symmetric_names() -> frozenset[str]:
    return frozenset(local(p) for p in ontology().subjects(RDF.type, OWL.SymmetricProperty))


@lru_cache(maxsize=None)
def superclasses(class_name: str) -> frozenset[str]:
    """The class and every class above it."""
    graph = ontology()
    found = {KG[class_name]}
    frontier = [KG[class_name]]
    while frontier:
        for parent in graph.objects(frontier.pop(), RDFS.subClassOf):
            if parent not in found and str(parent).startswith(str(KG._NS)):
                found.add(parent)
                frontier.append(parent)
    return frozenset(local(c) for c in found)


@lru_cache(maxsize=None)
def subclasses(class_name: str) -> frozenset[str]:
    """The class and every class below it ("Organization" -> Company, Government, ...)."""
    return frozenset(local(c) for c in ontology().subjects(RDF.type, OWL.Class)
                     if str(c).startswith(str(KG._NS)) and class_name in superclasses(local(c)))


@lru_cache(maxsize=None)
def lies_within(class_name: str) -> frozenset[str]:
    """The kinds of place a place of this class can lie inside (``kg:liesWithin``)."""
    return frozenset(local(c) for c in ontology().objects(KG[class_name], KG.liesWithin))


def _classes(node: Node | None) -> frozenset[str] | None:
    """A class or an owl:unionOf of classes, as local names; None when unconstrained."""
    if node is None:
        return None
    union = ontology().value(node, OWL.unionOf)
    if union is not None:
        return frozenset(local(c) for c in Collection(ontology(), union))
    return frozenset({local(node)})


@lru_cache(maxsize=None)
def fits(predicate: str, subject_type: str, object_type: str) -> bool:
    """Whether the types fit the predicate's rdfs:domain and rdfs:range."""
    graph = ontology()
    domain = _classes(graph.value(KG[predicate], RDFS.domain))
    range_ = _classes(graph.value(KG[predicate], RDFS.range))
    return (domain is None or bool(domain & superclasses(subject_type))) and (
        range_ is None or bool(range_ & superclasses(object_type))
    )


@lru_cache(maxsize=1)
def entity_class_names() -> frozenset[str]:
    """The classes a core relation may join, and their subclasses: what an entity's type can be."""
    graph = ontology()
    ends = set().union(*(_classes(graph.value(KG[predicate], term)) or ()
                         for predicate in relation_names() for term in (RDFS.domain, RDFS.range)))
    classes = (local(c) for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KG._NS)))
    return frozenset(name for name in classes if superclasses(name) & ends)
