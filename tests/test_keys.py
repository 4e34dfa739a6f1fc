"""Entity keys: Latin names fold case and accents; other scripts keep their letters; different names, different keys."""
from __future__ import annotations

import pytest
from rdflib import RDFS, Dataset, Graph

from kg.build import build
from kg.extract.gazetteer import fold
from kg.keys import slug
from kg.rdf.validate import validate
from kg.store.database import query_store

# rdflib's own dataset parsers call its deprecated Dataset methods
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
ARTICLE = ("Kremlin spokesman Дмитрий Песков said on Monday that President Владимир Путин would meet "
           "Prime Minister Anna Berg of Norway. Mayor Łukasz Wójcik of Łódź met Berg in Warsaw on Tuesday.")


@pytest.mark.parametrize("name, key", [
    ("Vladimir Putin", "vladimir-putin"),
    ("José Martí", "jose-marti"),
    ("Ukraine’s Border Service", "ukraines-border-service"),
    ("St. Petersburg International Economic Forum", "st-petersburg-international-economic-forum"),
    ("Côte d'Ivoire", "cote-divoire"),
    ("AT&T", "at-t"),
])
def test_latin_names_fold_as_before(name, key):
    assert slug(name) == key == fold(name).replace(" ", "-")


def test_case_and_accents_do_not_make_another_key():
    assert slug("VLADIMIR PUTIN") == slug("vladimir putin") == "vladimir-putin"
    assert slug("Jose Marti") == slug("José Martí")


def test_non_latin_names_get_distinct_keys():
    names = ["Дмитрий Песков", "Владимир Путин", "Дмитрий Медведев", "北京", "Ελλάδα", "Łódź", "Lodz"]
    keys = [slug(name) for name in names]
    assert len(set(keys)) == len(names), keys
    assert slug("Дмитрий Песков") == "дмитрий-песков"
    assert slug("Łódź") == "łodz"  # its letters kept; the accent folded as for any Latin name


def test_a_name_without_letters_gets_a_hash_key():
    assert slug("!!!") != slug("???")
    assert slug("!!!").startswith("entity-")


def test_unicode_keys_survive_every_output_the_store_and_validation(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "visit.txt").write_text(ARTICLE, encoding="utf-8")
    build([tmp_path / "in"], tmp_path / "out", store=tmp_path / "store")
    graph = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    labels = {str(label): str(node) for node, label in graph.subject_objects(RDFS.label)}
    found = {name for name in ("Дмитрий Песков", "Владимир Путин", "Łódź") if name in labels}
    assert len(found) >= 2, f"the model found too few of the names to test with: {sorted(labels)}"
    iris = [labels[name] for name in found]
    assert len(set(iris)) == len(iris), iris
    assert all(iri.endswith("/entity/" + slug(name)) for name, iri in zip(found, iris))
    for fmt, file in (("trig", "graph.trig"), ("json-ld", "graph.jsonld")):
        dataset = Dataset(default_union=True)
        dataset.parse(tmp_path / "out" / file, format=fmt)
        assert {str(o) for o in dataset.objects(None, RDFS.label)} >= found, file
    assert validate(graph).conforms
    stored = query_store(tmp_path / "store", "SELECT ?s WHERE { ?s rdfs:label ?l }")
    assert {str(row[0]) for row in stored} >= set(iris)
