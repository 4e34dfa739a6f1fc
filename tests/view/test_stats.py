"""Graph statistics on the seed: counts by type and predicate, central entities."""
from __future__ import annotations

import json
import os
from collections import Counter
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from kg.rdf.namespace import KG
from kg.view.network import to_networkx
from kg.evaluation.triples import norm
from kg.view.stats import format_stats, graph_stats
from tests.reference import lines, names, required_entities, type_of

KG_SCRIPT = Path(sys.executable).with_name("kg")


@pytest.fixture(scope="module")
def stats(seed_graph):
    return graph_stats(seed_graph)


def test_counts_agree_with_the_graph(seed_graph, stats):
    network = to_networkx(seed_graph)
    assert stats.entities == len(set(seed_graph.subjects(KG.mentionedIn, None))) == network.number_of_nodes()
    text = set(seed_graph.subjects(None, KG.Statement))
    background = set(seed_graph.subjects(None, KG.BackgroundStatement))
    assert stats.statements == len(text) + len(background) == network.number_of_edges()
    assert stats.background == len(background)
    assert sum(stats.entities_by_type.values()) == stats.entities
    assert sum(stats.statements_by_predicate.values()) == stats.statements


def test_counts_cover_the_reference(seed_graph, stats):
    # every entity the seed's required reference triples name is counted, under its type
    entities = required_entities(seed_graph)
    assert entities and stats.entities >= len(entities)
    for kind, count in Counter(type_of(seed_graph, node) for node in entities).items():
        assert stats.entities_by_type[kind] >= count, kind
    for line in lines("req"):
        assert any(stats.statements_by_predicate.get(p, 0) for p in line.predicates), line.text
    counts = list(stats.statements_by_predicate.values())
    assert counts == sorted(counts, reverse=True)  # most frequent first
    negative = {s for s in seed_graph.subjects(KG.polarity, KG.negative)}
    assert sum(stats.negated_by_predicate.values()) == stats.negated == len(negative)


def test_the_most_connected_is_a_reference_entity(seed_graph, stats):
    network = to_networkx(seed_graph)
    top = stats.by_degree[0]
    assert top.score == max(degree for _, degree in network.degree())  # negated statements included
    assert norm(top.label) in names(seed_graph, required_entities(seed_graph))
    degrees = [r.score for r in stats.by_degree]
    assert degrees == sorted(degrees, reverse=True) and len(degrees) == 10


def test_pagerank_ranks_the_directed_graph(seed_graph, stats):
    scores = [r.score for r in stats.by_pagerank]
    assert scores == sorted(scores, reverse=True) and len(scores) == 10
    assert 0 < sum(scores) <= 1
    # leader_of and located_in edges point at places and states: an object of the reference gathers the most rank
    objects = {name for line in lines("req") for name in line.objects}
    assert norm(stats.by_pagerank[0].label) in objects


def test_table_and_json(stats):
    table = format_stats(stats)
    assert table.splitlines()[0] == (f"{stats.entities} entities, {stats.statements} statements ({stats.negated} negated, "
                                     f"{stats.background} from background knowledge)")
    top = stats.by_degree[0]
    assert top.label in table and "leader_of" in table
    data = json.loads(format_stats(stats, "json"))
    assert data["by_degree"][0] == {"label": top.label, "type": top.type, "score": top.score}
    assert data["statements_by_predicate"] == stats.statements_by_predicate


def test_empty_graph_has_no_rankings():
    stats = graph_stats(Graph())
    assert (stats.entities, stats.statements, stats.by_degree, stats.by_pagerank) == (0, 0, [], [])
    assert format_stats(stats).startswith("0 entities, 0 statements")


def test_cli(seed_build, stats):
    env = {k: v for k, v in os.environ.items() if k != "KG_DEBUG"}
    run = lambda *a: subprocess.run([str(KG_SCRIPT), "stats", str(seed_build / "graph.ttl"), *a],  # noqa: E731
                                    capture_output=True, text=True, env=env, timeout=120)
    table = run("--top", "3")
    assert table.returncode == 0, table.stderr
    degree_rows = table.stdout.split("\n\n")[3].splitlines()[2:]
    assert len(degree_rows) == 3 and degree_rows[0].startswith(stats.by_degree[0].label)
    as_json = run("--format", "json")
    assert as_json.returncode == 0 and json.loads(as_json.stdout)["entities"] == stats.entities
    wrong = run("--format", "xml")
    assert wrong.returncode == 2 and wrong.stderr.startswith("kg: error: unknown --format 'xml'")


def test_statements_a_hand_edited_graph_left_incomplete_do_not_stop_the_stats(seed_graph):
    """Found by tests/fuzz: a statement with no rdf:subject, or no confidence (or "0.8x5"^^xsd:decimal),
    made 'kg stats' an internal error; 'kg validate' is the command that reports them."""
    from rdflib import RDF, Literal
    from rdflib.namespace import XSD

    graph = Graph()
    for triple in seed_graph:
        graph.add(triple)
    first, second, third = sorted(graph.subjects(RDF.type, KG.Statement))[:3]
    graph.remove((first, RDF.subject, None))
    graph.remove((second, KG.confidence, None))
    graph.set((third, KG.confidence, Literal("0.8x5", datatype=XSD.decimal)))
    stats = graph_stats(graph)
    assert stats.statements == graph_stats(seed_graph).statements - 1
