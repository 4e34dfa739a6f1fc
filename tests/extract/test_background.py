"""Background knowledge: places the gazetteer relates, kept apart from what the text states (issue 8)."""
from __future__ import annotations

from pathlib import Path

from rdflib import RDF

from kg.build import graph_of
from kg.rdf.namespace import KG
from kg.rdf.validate import validate
from kg.store.query import run_query

QUERIES = Path(__file__).resolve().parents[2] / "queries"

# An invented story naming a city and its country without saying one is in the other.
STORY = ("Protesters gathered in Lyon on Saturday. France's interior minister Anne Roux said the "
         "police would act. Vestra Logistics, a company based in Lyon, closed its warehouses.")


def statements(nlp, text):
    return nlp(text)._.kg_statements


def test_a_city_and_its_country_named_in_the_article_are_related_by_the_gazetteer(nlp):
    background = [s for s in statements(nlp, STORY) if s.is_background]
    located = {(s.subject.name, s.predicate, s.object.name): s for s in background}
    fact = located[("Lyon", "located_in", "France")]
    assert fact.evidence is None and fact.rule == "located_in/gazetteer"
    assert fact.follows_from and all(str(source).startswith("https://sws.geonames.org/") for source in fact.follows_from)


def test_a_statement_about_a_city_is_carried_up_to_its_country(nlp):
    found = statements(nlp, STORY)
    text = next(s for s in found if (s.subject.name, s.predicate, s.object.name) == ("Vestra Logistics", "based_in", "Lyon"))
    carried = next(s for s in found if (s.subject.name, s.predicate, s.object.name) == ("Vestra Logistics", "based_in", "France"))
    assert carried.is_background and carried.rule == "based_in/up_the_place_hierarchy"
    assert text in carried.follows_from and carried.confidence < text.confidence


def test_no_background_for_a_country_the_article_does_not_name(nlp):
    found = statements(nlp, "Protesters gathered in Lyon on Saturday, and the police watched.")
    assert not [s for s in found if s.is_background]


def test_what_the_text_states_is_not_repeated_as_background(nlp):
    found = statements(nlp, "Lyon, France, hosted the summit. Talks in France went on.")
    pairs = [(s.subject.name, s.predicate, s.object.name) for s in found if s.predicate == "located_in"]
    assert pairs.count(("Lyon", "located_in", "France")) == 1
    assert not next(s for s in found if s.predicate == "located_in").is_background


def test_background_statements_in_the_graph_have_no_sentence_and_validate():
    graph = graph_of([_document(STORY)])
    background = set(graph.subjects(RDF.type, KG.BackgroundStatement))
    assert background
    for node in background:
        assert graph.value(node, KG.sentence) is None
        assert set(graph.objects(node, KG.followsFrom))
        assert (node, RDF.type, KG.Statement) not in graph
    assert validate(graph).conforms


def test_a_user_can_keep_to_text_stated_facts():
    graph = graph_of([_document(STORY)])
    text_only = {(str(r.subject), str(r.predicate), str(r.object))
                 for r in run_query(graph, (QUERIES / "text-stated-facts.rq").read_text(encoding="utf-8"))}
    background = {(str(r.subject), str(r.predicate), str(r.object))
                  for r in run_query(graph, (QUERIES / "background-facts.rq").read_text(encoding="utf-8"))}
    assert ("Lyon", "located_in", "France") in background
    assert ("Lyon", "located_in", "France") not in text_only
    assert ("Vestra Logistics", "based_in", "Lyon") in text_only
    assert not text_only & background


def _document(text: str):
    from kg.sources.ingest import make_document

    return make_document("story.txt", text)


# An invented story: a party placed in a country, one of its lawmakers, a university named after a city.
PARTY_STORY = ("The Broad Renewal Party, based in Peru, held a rally in Lima. Tomas Arana, a lawmaker of the "
               "Broad Renewal Party, spoke. The University of Arequipa hosted a debate in Arequipa.")


def test_a_member_of_a_national_party_is_its_country_s_citizen_as_background(nlp):
    found = {(s.subject.name, s.predicate, s.object.name): s for s in statements(nlp, PARTY_STORY)}
    citizen = found[("Tomas Arana", "citizen_of", "Peru")]
    assert citizen.is_background and citizen.rule == "citizen_of/national_body"
    assert set(citizen.follows_from) == {found[("Tomas Arana", "member_of", "Broad Renewal Party")],
                                         found[("Broad Renewal Party", "based_in", "Peru")]}


def test_a_company_s_employee_is_not_made_a_citizen(nlp):
    text = "Vestra Logistics, a company based in France, hired Tomas Arana. Arana, an engineer at Vestra Logistics, spoke."
    assert not any(s.predicate == "citizen_of" for s in statements(nlp, text))


def test_an_organization_named_after_a_city_of_the_article_is_based_there(nlp):
    found = {(s.subject.name, s.predicate, s.object.name): s for s in statements(nlp, PARTY_STORY)}
    stated = found[("University of Arequipa", "based_in", "Arequipa")]
    assert not stated.is_background and stated.rule == "based_in/organization_name"
