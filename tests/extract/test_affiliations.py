"""Nationality, affiliation and the places of institutions, on sentences of our own (issue 8)."""
from __future__ import annotations

import pytest

from tests.extract.test_relations import triples


@pytest.mark.parametrize("text, expected", [
    # a demonym before the name, or before the title or noun before it
    ("Chilean Foreign Minister Ana Ruiz arrived in Lima on Monday.", ("Ana Ruiz", "citizen_of", "Chile")),
    ("The Norwegian skier Ola Berg won the race in Oslo.", ("Ola Berg", "citizen_of", "Norway")),
    ("Norway's Ola Berg won the race.", ("Ola Berg", "citizen_of", "Norway")),
    ("The court sentenced the Egyptian cleric Omar Nasr in absentia.", ("Omar Nasr", "citizen_of", "Egypt")),
    # in an apposition
    ("Ana Ruiz, a Chilean lawyer, filed the complaint in Lima.", ("Ana Ruiz", "citizen_of", "Chile")),
    # an office in a state: its holder is its citizen (implied, with the office's sentence)
    ("Prime Minister Ivo Brandt of Norway met the delegation.", ("Ivo Brandt", "citizen_of", "Norway")),
    # a demonym or country before an organization's name or the noun that introduces it
    ("Chilean miner Cobrex Metals said on Monday it would cut jobs.", ("Cobrex Metals", "based_in", "Chile")),
    ("Cobrex Metals, the Chilean copper miner, cut its forecast on Monday.", ("Cobrex Metals", "based_in", "Chile")),
    # a named institution of a state is based in it
    ("The Chilean Foreign Ministry summoned the ambassador.", ("Chilean Foreign Ministry", "based_in", "Chile")),
    # an organization whose own name holds a country the article names
    ("The Bank of Norway raised rates on Monday. Norway's economy slowed.", ("Bank of Norway", "based_in", "Norway")),
    # players and politicians belong to their organization
    ("Vestfjord striker Jonas Lund scored twice on Sunday.", ("Jonas Lund", "member_of", "Vestfjord")),
    ("Jonas Lund, the Vestfjord striker, scored twice.", ("Jonas Lund", "member_of", "Vestfjord")),
    ("Vestfjord's Jonas Lund scored twice.", ("Jonas Lund", "member_of", "Vestfjord")),
    ("Chancellor Ola Berg's Labour Party lost seats.", ("Ola Berg", "member_of", "Labour Party")),
])
def test_affiliation_constructions(nlp, text, expected):
    assert expected in triples(nlp, text)


def test_an_implied_statement_keeps_the_sentence_and_says_how_it_was_read(nlp):
    doc = nlp("Prime Minister Ivo Brandt of Norway met the delegation in Bergen.")
    implied = [s for s in doc._.kg_statements if s.predicate == "citizen_of"]
    assert implied and all(s.evidence is not None and "Ivo Brandt" in s.evidence.sentence for s in implied)
    assert all(s.rule.startswith("citizen_of/") for s in implied)
    office = next(s for s in doc._.kg_statements if s.predicate == "leader_of")
    assert all(s.confidence < office.confidence for s in implied if s.rule == "citizen_of/role_in_country")


def test_a_place_named_institution_is_not_based_in_its_own_place(nlp):
    # "Chile's government" is Chile's organ, named after it: no based_in for it
    found = triples(nlp, "Chile's government rejected the plan on Monday.")
    assert not any(p == "based_in" for _, p, _ in found)


def test_a_title_alone_is_not_an_organization(nlp):
    doc = nlp("The Prime Minister said the talks would resume.")
    assert not any(e.name == "Prime Minister" for e in doc._.kg_entities.entities.values())


def test_nationality_is_not_read_from_an_unrelated_country(nlp):
    found = triples(nlp, "Ana Ruiz flew from Chile to Norway, where she met Ola Berg.")
    assert ("Ola Berg", "citizen_of", "Chile") not in found and ("Ana Ruiz", "citizen_of", "Norway") not in found


def test_one_statement_per_triple_whichever_rules_read_it(nlp):
    doc = nlp("The Australian Federal Police arrested two men in Sydney, Australia.")
    based = [s for s in doc._.kg_statements if s.predicate == "based_in" and s.object.name == "Australia"]
    assert len(based) == 1


def test_a_country_only_inside_a_name_gives_no_statement(nlp):
    found = triples(nlp, "The Bank of Norway raised rates on Monday.")
    assert not any(p == "based_in" for _, p, _ in found)


# --- organs, units and founders (issue 8: part_of and founder_of on real text) -------------------------

@pytest.mark.parametrize("text, expected", [
    # an organ named after the organization the article names
    ("The Tarvian Union agreed on Monday. The Tarvian Commission will police the limits.",
     ("Tarvian Commission", "part_of", "Tarvian Union")),
    ("The Tarvian Union agreed on Monday. The Tarvian Parliament must approve them.",
     ("Tarvian Parliament", "part_of", "Tarvian Union")),
    ("The Tarvian Union agreed. The Court of Justice of the Tarvian Union can review it.",
     ("Court of Justice of the Tarvian Union", "part_of", "Tarvian Union")),
    # a unit, wing or subsidiary in apposition
    ("Kestrel Air, a subsidiary of Varlo Group, said it would cut flights.", ("Kestrel Air", "part_of", "Varlo Group")),
    ("The Red Hand, the armed wing of the Freedom Party, claimed the attack.", ("Red Hand", "part_of", "Freedom Party")),
    # a founder named by a pronoun, the company by a two-word type noun in apposition
    ("Maria Okafor is a publisher in Nigeria. She founded the publishing house Blue Heron Books in 2004.",
     ("Maria Okafor", "founder_of", "Blue Heron Books")),
    # a name set beside the subject is the pronoun's antecedent, not the possessive before it
    ("Tunde Bello wrote the book. His editor Maria Okafor agreed. She founded Blue Heron Books in 2004.",
     ("Maria Okafor", "founder_of", "Blue Heron Books")),
])
def test_organ_unit_and_founder_constructions(nlp, text, expected):
    assert expected in triples(nlp, text)


@pytest.mark.parametrize("text", [
    "Varlo Bank and Varlo Telecom reported results on Monday.",  # two companies sharing a first word
    "The Varlo news agency quoted Varlo's chief.",  # a common-noun organ is the same outlet, not a part
    "The National Front won seats in the National Assembly.",  # a generic first word
])
def test_organs_are_not_read_from_shared_words_alone(nlp, text):
    assert not any(p == "part_of" for _, p, _ in triples(nlp, text))


@pytest.mark.parametrize("text, expected", [
    ("Mira Lund was born in Tromso in 1961.", ("Mira Lund", "born_in", "Tromso")),
    ("Ola Berg, a native of Bergen, opened a gallery in Oslo.", ("Ola Berg", "born_in", "Bergen")),
    ("Ola Berg, a Bergen native, opened a gallery.", ("Ola Berg", "born_in", "Bergen")),
])
def test_birthplaces(nlp, text, expected):
    assert expected in triples(nlp, text)


@pytest.mark.parametrize("text, name, kind", [
    ("Nordia Press, a news agency, reported the fire.", "Nordia Press", "Media"),
    ("Ida Moss founded Lumen Works, an artificial intelligence start-up based in Tromso.", "Lumen Works", "Company"),
    ("Halvorsen, 41, founded the firm in 2016.", "Halvorsen", "Person"),  # an age: a person, whatever the label
    ("The gunman shot Castellan outside the theatre.", "Castellan", "Person"),  # who is shot is a person
])
def test_the_text_types_a_name(nlp, text, name, kind):
    entities = {e.name: e.type for e in nlp(text)._.kg_entities.entities.values()}
    assert entities.get(name) == kind, entities


@pytest.mark.parametrize("text, expected", [
    ("Ana Ruiz, a climate expert at the Halden Institute, said the data were clear.",
     ("Ana Ruiz", "works_for", "Halden Institute")),
    ("Ana Ruiz is a political scientist with the Halden Institute in Oslo.", ("Ana Ruiz", "works_for", "Halden Institute")),
    ("Tomas Berg teaches at the University of Tartu.", ("Tomas Berg", "works_for", "University of Tartu")),
    ("Tomas Berg, who works at the Halden Institute, disagreed.", ("Tomas Berg", "works_for", "Halden Institute")),
])
def test_where_people_work(nlp, text, expected):
    assert expected in triples(nlp, text)


def test_working_with_an_organization_is_not_working_for_it(nlp):
    assert not any(p == "works_for" for _, p, _ in triples(nlp, "Tomas Berg worked with the Halden Institute on the study."))
