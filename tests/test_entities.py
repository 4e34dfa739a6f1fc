"""Entities: typing, grouping under one canonical name, pronoun and description coreference."""
from __future__ import annotations

import pytest


def entities(nlp, text):
    index = nlp(text)._.kg_entities
    return {e.name: e for e in index.entities.values()}, index


def test_short_names_join_the_full_name(nlp):
    found, _ = entities(nlp, "Angela Brandt arrived in Paris. Later, Ms Brandt met reporters. Brandt smiled.")
    assert "Brandt" not in found
    assert found["Angela Brandt"].type == "Person"
    assert "Brandt" in found["Angela Brandt"].aliases


def test_titles_are_not_part_of_the_name(nlp):
    found, _ = entities(nlp, "German Chancellor Angela Brandt met French President Luc Moreau on Monday.")
    assert {"Angela Brandt", "Luc Moreau"} <= set(found)


def test_ambiguous_short_name_stays_apart(nlp):
    text = "John Harlow and Mary Harlow spoke. Harlow left early."
    found, _ = entities(nlp, text)
    assert "John Harlow" in found and "Mary Harlow" in found
    assert "Harlow" not in found["John Harlow"].aliases and "Harlow" not in found["Mary Harlow"].aliases


@pytest.mark.parametrize("text, name, type_", [
    ("French troops arrived on Tuesday.", "France", "Country"),
    ("The Kenyans protested.", "Kenya", "Country"),
    ("Officials in the U.S. said so.", "United States", "Country"),
    ("Leaders met in Nairobi on Monday.", "Nairobi", "City"),
    ("Acme Corp, based in Denver, sued Globex Inc over a patent.", "Globex Inc", "Company"),
    ("The Ministry of Health said the outbreak was over.", "the Ministry of Health", "Government"),
])
def test_types(nlp, text, name, type_):
    found, _ = entities(nlp, text)
    named = {e.name.lower(): e for e in found.values()}
    key = name.lower().removeprefix("the ")
    assert key in named, f"{name} not among {sorted(found)}"
    assert named[key].type == type_


def test_demonym_and_country_are_one_entity(nlp):
    found, _ = entities(nlp, "Kenya hosted the talks. Kenyan officials welcomed the deal.")
    assert "Kenyan" in found["Kenya"].aliases


def test_acronym_joins_its_full_name(nlp):
    found, _ = entities(nlp, "The Rapid Support Forces (RSF) attacked the town. The RSF later withdrew.")
    assert "RSF" in found["Rapid Support Forces"].aliases
    assert "RSF" not in found


def test_place_names_tagged_as_people_are_retyped(nlp):
    # A one-word "person" that is a sizeable city and no one's name is a place.
    found, _ = entities(nlp, "Drones struck Kharkiv overnight, officials in Odesa said.")
    assert found["Kharkiv"].type == "City"


def test_places_link_to_geonames(nlp):
    found, _ = entities(nlp, "Leaders met in Nairobi on Monday.")
    assert found["Nairobi"].same_as.startswith("https://sws.geonames.org/")


def test_pronoun_resolves_to_the_person_before_it(nlp):
    doc = nlp("Amina Rahal said she would resign. Her deputy declined to comment.")
    index = doc._.kg_entities
    she = next(t for t in doc if t.lower_ == "she")
    her = next(t for t in doc if t.lower_ == "her")
    assert index.at(she).name == "Amina Rahal"
    assert index.at(her).name == "Amina Rahal"
    assert she.i in index.resolved


def test_it_resolves_to_an_organization_not_a_person(nlp):
    doc = nlp("Tom Okafor joined Zentro Holdings in May. It hired him to cut costs.")
    index = doc._.kg_entities
    it = next(t for t in doc if t.text == "It")
    assert index.at(it).type != "Person"


def test_unresolvable_pronoun_stays_unresolved(nlp):
    doc = nlp("He said the plan would fail.")
    index = doc._.kg_entities
    assert index.at(doc[0]) is None


def test_role_description_resolves_to_the_established_person(nlp):
    text = ("Chilean President Ana Lucero met Peruvian President Jorge Salas in Lima. "
            "The Peruvian leader said the talks were useful.")
    doc = nlp(text)
    leader = next(t for t in doc if t.lower_ == "leader")
    assert doc._.kg_entities.at(leader).name == "Jorge Salas"
