"""The example queries in queries/: each answers its question on the seed, and the README lists it."""
from __future__ import annotations

from collections import Counter

import pytest
from rdflib import RDF, RDFS, Literal

from kg.build import graph_of
from kg.sources.ingest import read_inputs
from kg.rdf.namespace import KG
from kg.store.query import run_query
from kg.evaluation.triples import norm
from tests.conftest import ARTICLES, ROOT, SEEDS
from tests.reference import lines, required_entities, type_of

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
    pairs = {(norm(r["attacker"]), norm(r["target"])) for r in rows}
    attacks = [line for line in lines("req", "ok") if "attacks" in line.predicates]
    required = {line.canonical for line in attacks if line.level == "req"}
    assert required <= pairs, "every attack the reference requires"
    assert all(any(s in line.subjects and o in line.objects for line in attacks) for s, o in pairs), \
        "and only attacks the reference allows"
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
    # one row per statement the graph attributes to a speaker
    rows = answer(seed_graph, "statements-by-speaker.rq")
    attributed = list(seed_graph.subjects(KG.attributedTo, None))
    assert len(rows) == len(attributed)
    assert all(r["sentence"] in SEED_TEXT for r in rows)
    kenya = graph_of(read_inputs([ARTICLES / "kenya-athletics-scandal.txt"]))
    rows = answer(kenya, "statements-by-speaker.rq")
    assert ("Peter Otieno", "Joseph Mwangi", "sues", "Kenya Athletics Federation") in {
        (r["speaker"], r["subject"], r["relation"], r["object"]) for r in rows}


def test_entities_by_type(seed_graph):
    rows = answer(seed_graph, "entities-by-type.rq")
    counts = {r["type"]: int(r["entities"]) for r in rows}
    entities = set(seed_graph.subjects(KG.mentionedIn, None))
    assert counts == Counter(type_of(seed_graph, e) for e in entities)  # every entity, under its one type
    assert [int(r["entities"]) for r in rows] == sorted(counts.values(), reverse=True)
    listed = {r["type"]: {norm(n) for n in r["names"].split(", ")} for r in rows}
    for entity in required_entities(seed_graph):  # the reference's entities, each in its type's row
        assert norm(seed_graph.value(entity, RDFS.label)) in listed[type_of(seed_graph, entity)]


def test_negated_statements(seed_graph):
    rows = answer(seed_graph, "negated-statements.rq")
    assert len(rows) == len(set(seed_graph.subjects(KG.polarity, KG.negative)))
    denied = {(r["subject"], r["relation"], r["object"]): r for r in rows}
    # the reference's trap that the text denies in so many words ("doesn't recognise")
    row = denied[("Vladimir Putin", "recognizes", "Volodymyr Zelensky")]
    assert "doesn’t recognise Mr Zelensky’s authority" in row["sentence"]
    assert all(r["document"] == next(SEEDS.glob("*.txt")).name and r["sentence"] in SEED_TEXT for r in rows)


def test_leaders(seed_graph):
    rows = answer(seed_graph, "leaders.rq")
    pairs = {(r["leader"], r["leads"]): r for r in rows}
    for pair in (("Vladimir Putin", "Russia"), ("Volodymyr Zelensky", "Ukraine"), ("Donald Trump", "United States")):
        assert pair in pairs
        assert pairs[pair]["type"] == "Country" and int(pairs[pair]["evidence"]) >= 1
