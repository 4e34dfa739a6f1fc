"""The code's closed namespace and the ontology file agree, and the vocabulary contract holds."""
from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS

from kg import ontology
from kg.namespace import KG

# The core relation vocabulary (shared/ontology-vocabulary.md): names are a contract.
CORE = {
    "attacks", "kills", "threatens", "sanctions", "accuses", "criticizes", "at_war_with", "controls",
    "negotiates_with", "meets_with", "agrees_with", "cooperates_with", "supports", "recognizes", "visits",
    "participates_in", "leader_of", "member_of", "works_for", "spokesperson_for", "founder_of", "owns",
    "acquires", "competes_with", "sues", "located_in", "based_in", "lives_in", "capital_of", "part_of",
    "citizen_of",
}
SYMMETRIC = {"negotiates_with", "meets_with", "agrees_with", "cooperates_with", "at_war_with", "competes_with"}
CLASSES = {"Person", "Organization", "Government", "ArmedForce", "Company", "PoliticalParty", "Media",
           "Country", "Place", "City", "Region", "Event"}


def defined_in_ontology() -> set[str]:
    graph = ontology.ontology()
    return {ontology.local(s) for s in graph.subjects() if str(s).startswith(str(KG._NS))}


def test_every_code_term_is_defined_in_the_ontology():
    assert set(KG.__annotations__) <= defined_in_ontology()


def test_every_ontology_term_is_reachable_from_code():
    assert defined_in_ontology() <= set(KG.__annotations__)


def test_a_typo_fails_loudly():
    with pytest.raises(AttributeError):
        KG.attaks  # noqa: B018


@pytest.mark.parametrize("name", sorted(CORE))
def test_core_predicate_is_documented(name):
    graph = ontology.ontology()
    term = KG[name]
    assert (term, RDF.type, OWL.ObjectProperty) in graph
    assert graph.value(term, RDFS.label) is not None
    assert graph.value(term, RDFS.comment) is not None


def test_relation_names_are_the_core_vocabulary():
    assert ontology.relation_names() == CORE


def test_symmetric_properties_are_marked():
    assert ontology.symmetric_names() == SYMMETRIC


def test_classes_exist_with_labels():
    graph = ontology.ontology()
    for name in CLASSES:
        assert (KG[name], RDF.type, OWL.Class) in graph
        assert graph.value(KG[name], RDFS.label) is not None


@pytest.mark.parametrize("predicate, subject, object_, expected", [
    ("attacks", "Country", "City", True),
    ("attacks", "City", "Country", False),  # a place does not attack
    ("negotiates_with", "Person", "Person", True),
    ("negotiates_with", "Country", "City", False),
    ("leader_of", "Person", "Country", True),
    ("leader_of", "Person", "Government", True),  # subclass of Organization
    ("leader_of", "Country", "Person", False),
    ("located_in", "City", "Country", True),  # Country is a Place
    ("based_in", "Company", "City", True),
    ("based_in", "Person", "City", False),
])
def test_domain_and_range_checks(predicate, subject, object_, expected):
    assert ontology.fits(predicate, subject, object_) is expected
