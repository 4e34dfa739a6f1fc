"""One entity, one node: short names joined to the one full name, one type and label, across builds.

The articles are invented for these tests.
"""
from __future__ import annotations

import random

import pytest
from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from kg.build import build, graph_of
from kg.rdf.files import load_graph
from kg.rdf.namespace import KG
from kg.resolve.identity import Fact, plan
from kg.sources.ingest import read_inputs
from kg.store.database import query_store

FULL = ("Ostravian President Marta Kellner met the Danish prime minister in Copenhagen on Tuesday. "
        "Kellner said the two countries would sign a trade agreement next year.\n")
SHORT = ("Kellner told reporters in Vienna on Friday that the talks with Austria had failed. "
         "Kellner criticized the Austrian government for its position on energy prices.\n")
TWO_PEOPLE = ("Anna Lindqvist, the chief executive of Nordhavn Bank, met Erik Lindqvist, "
              "the finance minister of Sweden, in Stockholm.\n")
AMBIGUOUS = ("Lindqvist told reporters in Tallinn on Monday that the merger talks with Estonia had failed. "
             "Lindqvist criticized the Estonian government for its position on bank taxes.\n")
BASE = "https://w3id.org/kg-news/id/"


def entity(name: str) -> URIRef:
    return URIRef(f"{BASE}entity/{name}")


def test_alone_the_short_name_is_an_entity_of_its_own():
    """The case to fix: without the other article, extraction has only "Kellner" (typed Organization)."""
    graph = graph_of(read_inputs([SHORT]))
    assert (entity("kellner"), RDFS.label, Literal("Kellner")) in graph


def test_a_surname_joins_the_one_full_name_another_article_gives():
    graph = graph_of(read_inputs([FULL, SHORT]))
    kellner = entity("marta-kellner")
    assert not list(graph.triples((entity("kellner"), None, None))), "the short name's node is gone"
    assert not list(graph.triples((None, None, entity("kellner"))))
    assert set(graph.objects(kellner, RDF.type)) == {KG.Person}, "typed by the full name's evidence"
    assert set(graph.objects(kellner, RDFS.label)) == {Literal("Marta Kellner")}
    assert Literal("Kellner") in set(graph.objects(kellner, SKOS.altLabel))
    documents = set(graph.objects(kellner, KG.mentionedIn))
    assert len(documents) == 2, "both articles now mention the one person"
    said = [s for s in graph.subjects(RDF.subject, kellner) if graph.value(s, RDF.predicate) == KG.criticizes]
    assert said, "the second article's statements are about her"


def test_the_order_of_the_articles_does_not_matter(tmp_path):
    full, short = tmp_path / "full.txt", tmp_path / "short.txt"
    full.write_text(FULL, encoding="utf-8")
    short.write_text(SHORT, encoding="utf-8")
    one, other = graph_of(read_inputs([full, short])), graph_of(read_inputs([short, full]))
    assert set(one) == set(other)


def test_across_builds_into_one_store(tmp_path):
    store = tmp_path / "store"
    (tmp_path / "full.txt").write_text(FULL, encoding="utf-8")
    (tmp_path / "short.txt").write_text(SHORT, encoding="utf-8")
    build([tmp_path / "full.txt"], None, store=store)
    build([tmp_path / "short.txt"], tmp_path / "out", store=store)  # a later build, knowing only "Kellner"
    rows = query_store(store, f"SELECT DISTINCT ?e WHERE {{ ?e <{RDFS.label}> ?l . FILTER(CONTAINS(?l, 'Kellner')) }}")
    assert {row[0] for row in rows} == {entity("marta-kellner")}
    types = query_store(store, f"SELECT DISTINCT ?t WHERE {{ <{entity('marta-kellner')}> a ?t }}")
    assert {row[0] for row in types} == {KG.Person}
    written = load_graph(tmp_path / "out" / "graph.ttl")  # this build's file has the one node too
    assert (entity("marta-kellner"), RDFS.label, Literal("Marta Kellner")) in written
    assert not list(written.triples((entity("kellner"), None, None)))


def test_an_ambiguous_surname_stays_apart():
    assert (entity("lindqvist"), RDFS.label, Literal("Lindqvist")) in graph_of(read_inputs([AMBIGUOUS]))
    graph = graph_of(read_inputs([TWO_PEOPLE, AMBIGUOUS]))
    assert {entity("anna-lindqvist"), entity("erik-lindqvist")} <= set(graph.subjects(RDF.type, KG.Person))
    assert (entity("lindqvist"), RDFS.label, Literal("Lindqvist")) in graph, "two Lindqvists are known: no guess"
    assert Literal("Lindqvist") not in set(graph.objects(entity("anna-lindqvist"), SKOS.altLabel))
    assert Literal("Lindqvist") not in set(graph.objects(entity("erik-lindqvist"), SKOS.altLabel))


# --- the plan, on facts (no model needed) ----------------------------------------------


def facts(*rows):
    return [Fact(f"{BASE}document/{g}", f"{BASE}entity/{e}", label, type_) for g, e, label, type_ in rows]


def test_types_are_decided_over_all_documents_not_by_the_first():
    rows = facts(("d1", "nordlys", "Nordlys", "Organization"),
                 ("d2", "nordlys", "Nordlys", "Company"),
                 ("d3", "nordlys", "Nordlys", "Company"))
    found = plan(rows)
    assert found.types[f"{BASE}entity/nordlys"] == "Company"
    assert found.graphs[f"{BASE}entity/nordlys"] == {f"{BASE}document/d{i}" for i in (1, 2, 3)}
    for seed in range(5):  # any order of the evidence gives the same plan
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert plan(shuffled) == found


def test_a_tie_goes_to_the_more_specific_class_and_labels_to_the_majority():
    found = plan(facts(("d1", "jose-marti", "José Martí", "Organization"), ("d2", "jose-marti", "Jose Marti", "Company"),
                       ("d3", "jose-marti", "José Martí", "Company"), ("d4", "jose-marti", "José Martí", "Organization")))
    assert found.types[f"{BASE}entity/jose-marti"] == "Company"
    assert found.labels[f"{BASE}entity/jose-marti"] == "José Martí"


@pytest.mark.parametrize("rows, merged", [
    ((("d1", "ana-ruiz", "Ana Ruiz", "Person"), ("d2", "ruiz", "Ruiz", "Person")), True),
    ((("d1", "ana-ruiz", "Ana Ruiz", "Person"), ("d2", "ruiz", "Ruiz", "Organization")), True),
    ((("d1", "ana-ruiz", "Ana Ruiz", "Person"), ("d2", "ruiz", "Ruiz", "City")), False),  # a place keeps its name
    ((("d1", "ana-ruiz", "Ana Ruiz", "Person"), ("d1", "ruiz", "Ruiz", "Person")), False),  # kept apart in one article
    ((("d1", "ana-ruiz", "Ana Ruiz", "Organization"), ("d2", "ruiz", "Ruiz", "Person")), False),  # no such person
    ((("d1", "ana-ruiz", "Ana Ruiz", "Person"), ("d3", "luis-ruiz", "Luis Ruiz", "Person"),
      ("d2", "ruiz", "Ruiz", "Person")), False),  # two people called Ruiz
    ((("d1", "ana-ruiz", "Ana Ruiz", "Person"), ("d2", "ana", "Ana", "Person")), False),  # a first name is no surname
], ids=["person", "mistyped-as-organization", "place", "same-document", "not-a-person", "ambiguous", "first-name"])
def test_when_a_short_name_joins_a_full_one(rows, merged):
    found = plan(facts(*rows))
    assert (f"{BASE}entity/{rows[-1][1]}" in found.merges) is merged
