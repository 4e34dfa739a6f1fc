"""Qualifiers: polarity, modality and attribution, read from the governing words."""
from __future__ import annotations

import pytest


def statement(nlp, text, predicate):
    found = [s for s in nlp(text)._.kg_statements if s.predicate == predicate]
    assert found, f"no {predicate} statement in: {text}"
    return found[0]


@pytest.mark.parametrize("text, predicate, polarity", [
    ("Brazil does not recognize Venezuela's government.", "recognizes", "negative"),
    ("Angela Brandt never met Luc Moreau.", "meets_with", "negative"),
    ("Angela Brandt refused to meet Luc Moreau.", "meets_with", "negative"),
    ("Angela Brandt met Luc Moreau.", "meets_with", "positive"),
])
def test_polarity(nlp, text, predicate, polarity):
    assert statement(nlp, text, predicate).polarity == polarity


@pytest.mark.parametrize("text, predicate, modality", [
    ("Angela Brandt is willing to negotiate with Luc Moreau.", "negotiates_with", "intended"),
    ("Angela Brandt plans to visit Nairobi.", "visits", "intended"),
    ("Angela Brandt may visit Nairobi.", "visits", "possible"),
    ("Angela Brandt demanded to meet Luc Moreau.", "meets_with", "demanded"),
    ("Angela Brandt visited Nairobi.", "visits", "fact"),
])
def test_modality(nlp, text, predicate, modality):
    assert statement(nlp, text, predicate).modality == modality


def test_attribution_to_the_speaker(nlp):
    s = statement(nlp, "Luc Moreau said Brazil had attacked Venezuela.", "attacks")
    assert s.attribution is not None and s.attribution.name == "Luc Moreau"


def test_according_to(nlp):
    text = "Brazil attacked Venezuela, according to Luc Moreau, a spokesman for the army."
    s = statement(nlp, text, "attacks")
    assert s.attribution is not None and s.attribution.name == "Luc Moreau"


def test_negated_statement_is_kept_but_not_asserted(nlp):
    from kg.rdf.graph import Minter, add_document, new_graph
    from kg.sources.ingest import make_document
    from kg.rdf.namespace import KG

    text = "Brazil does not recognize Venezuela's government."
    doc = nlp(text)
    graph = new_graph()
    add_document(graph, make_document("t", text), doc._.kg_entities.entities.values(), doc._.kg_statements, Minter())
    statements = list(graph.subjects(KG.polarity, KG.negative))
    assert len(statements) == 1
    assert not list(graph.triples((None, KG.recognizes, None)))


@pytest.mark.parametrize("text, predicate, time", [
    ("Acme Corp sued Globex Inc in 2022.", "sues", "2022"),
    ("Brazil criticized Venezuela last week.", "criticizes", "last week"),
    ("Brazil criticized Venezuela.", "criticizes", None),
])
def test_time(nlp, text, predicate, time):
    assert statement(nlp, text, predicate).time == time


def test_a_title_is_a_fact_whatever_the_clause_around_it(nlp):
    # "willing to hold talks" makes the talks intended, not the president's office
    text = "Angela Brandt is willing to hold talks with Peruvian President Jorge Salas."
    roles = [s for s in nlp(text)._.kg_statements if s.predicate == "leader_of"]
    assert roles and all(s.modality == "fact" for s in roles)
    talks = statement(nlp, text, "negotiates_with")
    assert talks.modality == "intended"


@pytest.mark.parametrize("text", [
    "Norway renewed its bid to join the African Union on Monday.",
    "Norway's push to join the African Union stalled.",
    "Norway's failed attempt to join the African Union angered voters.",
])
def test_a_noun_of_intention_makes_the_trigger_intended(nlp, text):
    """Issue 8: "a bid to join" states an aim, not a membership."""
    assert statement(nlp, text, "member_of").modality == "intended"
