"""The example queries in queries/: each answers its question on the seed, and the README lists it."""
from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Literal

from kg.build import graph_of
from kg.sources.ingest import read_inputs
from kg.rdf.namespace import KG
from kg.store.query import run_query
from tests.conftest import ARTICLES, ROOT, SEEDS

QUERIES = ROOT / "queries"
SEED_TEXT = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")


def answer(graph, name: str) -> list[dict[str, str]]:
    result = run_query(graph, (QUERIES / name).read_text(encoding="utf-8"))
    return [{str(var): str(row[var]) if row[var] is not None else None for var in result.vars} for row in result]


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.name)
def test_each_query_is_explained_and_documented(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# "), f"{path.name}: start with a comment saying what it answers"
    assert f"`queries/{path.name}`" in (ROOT / "README.md").read_text(encoding="utf-8"), f"{path.name}: list it in README"


def test_who_attacks_whom(seed_graph):
    rows = answer(seed_graph, "who-attacks-whom.rq")
    assert {(r["attacker"], r["target"]) for r in rows} == {("Russia", "Sumy"), ("Russia", "Kyiv")}
    assert all(r["sentence"] in SEED_TEXT for r in rows)
    sumy = next(r for r in rows if r["target"] == "Sumy")
    assert "large offensive" in sumy["sentence"]


def test_everything_said_about_putin(seed_graph):
    rows = answer(seed_graph, "about-entity.rq")
    assert all("Vladimir Putin" in (r["subject"], r["object"]) for r in rows)
    said = {(r["subject"], r["relation"], r["object"], r["polarity"], r["modality"]) for r in rows}
    assert ("Vladimir Putin", "negotiates_with", "Volodymyr Zelensky", "positive", "intended") in said
    assert ("Vladimir Putin", "recognizes", "Volodymyr Zelensky", "negative", "fact") in said
    assert ("Donald Trump", "criticizes", "Vladimir Putin", "positive", "fact") in said  # as object too
    assert all(r["sentence"] in SEED_TEXT for r in rows)
    [putin] = seed_graph.subjects(RDFS.label, Literal("Vladimir Putin"))
    about = {s for s in seed_graph.subjects(RDF.type, KG.Statement)
             if putin in (seed_graph.value(s, RDF.subject), seed_graph.value(s, RDF.object))}
    assert len(rows) == len(about)  # every statement, one row each


def test_statements_by_speaker(seed_graph):
    # the seed reports no one's words as a relation: no kg:attributedTo in its graph, no rows
    assert not list(seed_graph.subjects(KG.attributedTo, None))
    assert answer(seed_graph, "statements-by-speaker.rq") == []
    kenya = graph_of(read_inputs([ARTICLES / "kenya-athletics-scandal.txt"]))
    rows = answer(kenya, "statements-by-speaker.rq")
    assert ("Peter Otieno", "Joseph Mwangi", "sues", "Kenya Athletics Federation") in {
        (r["speaker"], r["subject"], r["relation"], r["object"]) for r in rows}


def test_entities_by_type(seed_graph):
    rows = answer(seed_graph, "entities-by-type.rq")
    counts = {r["type"]: int(r["entities"]) for r in rows}
    assert counts == {"Person": 5, "Government": 4, "City": 3, "Country": 3, "ArmedForce": 1, "Event": 1}
    assert [int(r["entities"]) for r in rows] == sorted(counts.values(), reverse=True)
    countries = next(r for r in rows if r["type"] == "Country")
    assert set(countries["names"].split(", ")) == {"Russia", "Ukraine", "United States"}


def test_negated_statements(seed_graph):
    [row] = answer(seed_graph, "negated-statements.rq")
    assert (row["subject"], row["relation"], row["object"]) == ("Vladimir Putin", "recognizes", "Volodymyr Zelensky")
    assert "doesn’t recognise Mr Zelensky’s authority" in row["sentence"]
    assert row["document"] == next(SEEDS.glob("*.txt")).name


def test_leaders(seed_graph):
    rows = answer(seed_graph, "leaders.rq")
    pairs = {(r["leader"], r["leads"]): r for r in rows}
    for pair in (("Vladimir Putin", "Russia"), ("Volodymyr Zelensky", "Ukraine"), ("Donald Trump", "United States")):
        assert pair in pairs
        assert pairs[pair]["type"] == "Country" and int(pairs[pair]["evidence"]) >= 1
