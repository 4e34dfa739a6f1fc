"""The code's closed namespace and the ontology file agree, and the vocabulary contract holds."""
from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.rdf import ontology
from kg.rdf.namespace import KG

# The core relation vocabulary (shared/ontology-vocabulary.md): names are a contract.
CORE = {
    "attacks", "kills", "threatens", "sanctions", "accuses", "criticizes", "at_war_with", "controls",
    "negotiates_with", "meets_with", "agrees_with", "cooperates_with", "supports", "recognizes", "visits",
    "participates_in", "leader_of", "member_of", "works_for", "spokesperson_for", "founder_of", "owns",
    "acquires", "competes_with", "sues", "located_in", "based_in", "lives_in", "capital_of", "part_of",
    "citizen_of",
}
SYMMETRIC = {"negotiates_with", "meets_with", "agrees_with", "cooperates_with", "at_war_with", "competes_with"}
SCHEMA = Namespace("https://schema.org/")
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


# Relations the ontology adds to the contract (it may add, never rename).
ADDED = {"born_in"}


def test_relation_names_are_the_core_vocabulary_and_the_additions():
    assert CORE <= ontology.relation_names()
    assert ontology.relation_names() - CORE == ADDED


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


def test_every_term_is_documented():
    graph = ontology.ontology()
    for term in KG.__annotations__:
        assert graph.value(KG[term], RDFS.label) is not None, term
        assert graph.value(KG[term], RDFS.comment) is not None, term


@pytest.mark.parametrize("subject, predicate, object_", [
    (KG.Document, RDFS.subClassOf, PROV.Entity),
    (KG.Document, OWL.equivalentClass, SCHEMA.NewsArticle),
    (KG.Statement, RDFS.subClassOf, PROV.Entity),
    (KG.Actor, RDFS.subClassOf, PROV.Agent),
    (KG.Person, OWL.equivalentClass, SCHEMA.Person),
    (KG.Person, RDFS.subClassOf, PROV.Person),
    (KG.Organization, RDFS.subClassOf, PROV.Organization),
    (KG.Place, RDFS.subClassOf, PROV.Location),
    (KG.Polarity, RDFS.subClassOf, SKOS.Concept),
    (KG.Modality, RDFS.subClassOf, SKOS.Concept),
    (KG.attributedTo, RDFS.subPropertyOf, PROV.wasAttributedTo),
    (KG.spokesperson_for, RDFS.subPropertyOf, KG.works_for),
    (KG.leader_of, RDFS.subPropertyOf, KG.member_of),
    (KG.capital_of, RDFS.subPropertyOf, KG.located_in),
    (KG.located_in, RDFS.subPropertyOf, KG.part_of),
    (KG.institutionOf, RDFS.subPropertyOf, KG.part_of),
    (KG.works_for, RDFS.subPropertyOf, SCHEMA.worksFor),
    (KG.founder_of, OWL.inverseOf, SCHEMA.founder),
    (KG.mentionedIn, OWL.inverseOf, SCHEMA.mentions),
    (KG.sha256, RDFS.subPropertyOf, SCHEMA.sha256),
])
def test_alignments(subject, predicate, object_):
    assert (subject, predicate, object_) in ontology.ontology()


def test_the_built_graph_uses_only_defined_terms(seed_graph):
    """Every kg: term in a built graph is in the ontology; every other predicate is from a standard vocabulary."""
    standard = (str(RDF), str(RDFS), str(OWL), str(SKOS), str(PROV), str(DCTERMS))
    defined = defined_in_ontology()
    for triple in seed_graph:
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(str(KG._NS)):
                assert ontology.local(term) in defined, term
        assert str(triple[1]).startswith((str(KG._NS), *standard)), triple[1]
