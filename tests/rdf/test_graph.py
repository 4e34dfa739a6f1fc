"""Graph: entities and statements as RDF, round-trips, one label per entity."""
from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from kg.build import graph_of
from kg.rdf.graph import Minter
from kg.sources.ingest import make_document
from kg.rdf.namespace import KG

TEXT = ("Kenyan President Samuel Otieno met Ugandan President Ruth Nakato in Kampala. "
        "Otieno said Kenya would not recognize the rebels. Nakato visited Nairobi.")


def build(*texts):
    return graph_of([make_document(f"doc-{i}.txt", t) for i, t in enumerate(texts)])


def test_entities_have_one_type_one_label_and_alt_labels():
    graph = build(TEXT)
    otieno = Minter().base["entity/samuel-otieno"]
    assert (otieno, RDF.type, KG.Person) in graph
    assert list(graph.objects(otieno, RDFS.label)) == [Literal("Samuel Otieno")]
    assert Literal("Otieno") in set(graph.objects(otieno, SKOS.altLabel))


def test_statement_node_carries_evidence_and_qualifiers():
    graph = build(TEXT)
    statements = list(graph.subjects(RDF.predicate, KG.meets_with))
    assert statements, "no meets_with statement"
    node = statements[0]
    sentence = str(graph.value(node, KG.sentence))
    assert sentence.startswith("Kenyan President Samuel Otieno met")
    start, end = int(graph.value(node, KG.sentenceStart)), int(graph.value(node, KG.sentenceEnd))
    assert TEXT[start:end] == sentence
    assert start <= int(graph.value(node, KG.spanStart)) < int(graph.value(node, KG.spanEnd)) <= end
    assert graph.value(node, KG.polarity) == KG.positive
    assert graph.value(node, KG.modality) == KG.fact
    assert graph.value(node, KG.rule) is not None and graph.value(node, KG.confidence) is not None
    document = graph.value(node, PROV.wasDerivedFrom)
    assert (document, RDF.type, KG.Document) in graph
    # the positive statement is also asserted as a plain triple
    assert (graph.value(node, RDF.subject), KG.meets_with, graph.value(node, RDF.object)) in graph


def test_places_are_linked_to_geonames():
    graph = build(TEXT)
    nairobi = Minter().base["entity/nairobi"]
    assert any(str(o).startswith("https://sws.geonames.org/") for o in graph.objects(nairobi, OWL.sameAs))


def test_same_entity_in_two_documents_gets_one_iri_and_one_label():
    graph = build(TEXT, "Samuel Otieno flew to Addis Ababa on Friday.")
    otieno = Minter().base["entity/samuel-otieno"]
    assert len(list(graph.objects(otieno, RDFS.label))) == 1
    assert len(set(graph.objects(otieno, KG.mentionedIn))) == 2


def test_turtle_round_trip_is_isomorphic():
    graph = build(TEXT)
    again = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert isomorphic(graph, again)


def test_building_twice_gives_the_same_graph():
    assert isomorphic(build(TEXT), build(TEXT))


def test_base_iri_is_configurable():
    graph = graph_of([make_document("d.txt", TEXT)], base="http://example.org/news/")
    assert any(str(s).startswith("http://example.org/news/entity/") for s in graph.subjects(RDF.type, KG.Person))


def test_an_invalid_base_fails_before_the_pipeline_loads(monkeypatch, tmp_path):
    import pytest

    import kg.build
    from kg.errors import UsageError

    import kg.engine.extract

    monkeypatch.setattr(kg.engine.extract, "load_pipeline", lambda: pytest.fail("the pipeline loaded before the base was checked"))
    for attempt in (lambda: graph_of([make_document("d.txt", TEXT)], base="no scheme/"),
                    lambda: kg.build.build([tmp_path], tmp_path / "out", base="http://exa mple.org/")):
        with pytest.raises(UsageError, match="is not an absolute IRI"):
            attempt()


def test_two_names_with_one_key_are_an_error_not_a_merge():
    import pytest

    from kg.errors import KeyCollisionError
    from kg.records import Entity

    minter = Minter()
    assert minter.entity(Entity(key="jose-marti", name="José Martí", type="Person")) == \
        minter.entity(Entity(key="jose-marti", name="Jose Marti", type="Person"))  # one name, folded: one entity
    with pytest.raises(KeyCollisionError, match="'entity' was given to both"):
        minter.entity(Entity(key="entity", name="Дмитрий Песков", type="Person"))
        minter.entity(Entity(key="entity", name="Владимир Путин", type="Person"))
