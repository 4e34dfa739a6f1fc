"""`kg view` (a graph file, a store, a CONSTRUCT's part of either) and `kg export --format graphml|gexf`."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, RDF

from kg.rdf.namespace import KG
from kg.store.database import add_dataset, open_store
from kg.view.network import to_networkx

DATA = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)
ATTACKS = """PREFIX kg: <https://w3id.org/kg-news/ontology#>
CONSTRUCT { ?s kg:attacks ?o } WHERE { ?s kg:attacks ?o }
"""
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


def kg(*args, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KG_DEBUG"}
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)


def page_data(path: Path) -> dict:
    return json.loads(DATA.search(path.read_text(encoding="utf-8")).group(1))


def one_error_line(run: subprocess.CompletedProcess) -> str:
    assert run.returncode != 0 and "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error:"), run.stderr
    return lines[0]


@pytest.fixture(scope="module")
def folder(tmp_path_factory, seed_build) -> Path:
    """A folder with the seed's graph.ttl and a store holding its named graph."""
    folder = tmp_path_factory.mktemp("view")
    shutil.copy(seed_build / "graph.ttl", folder / "graph.ttl")
    dataset = Dataset(default_union=True)
    dataset.parse(seed_build / "graph.trig", format="trig")
    with open_store(folder / "store", create=True) as store:
        add_dataset(store, dataset)
    (folder / "attacks.rq").write_text(ATTACKS, encoding="utf-8")
    (folder / "select.rq").write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    return folder


def test_view_a_graph_file_writes_the_page_beside_it(folder, seed_graph):
    run = kg("view", "graph.ttl", cwd=folder)
    assert run.returncode == 0, run.stderr
    network = to_networkx(seed_graph)
    assert run.stdout.strip() == f"{network.number_of_nodes()} entities, {network.number_of_edges()} statements -> graph.html"
    data = page_data(folder / "graph.html")
    assert {n["iri"] for n in data["nodes"]} == {str(n) for n in network}
    assert sum(len(r["statements"]) for r in data["relations"]) == network.number_of_edges()
    assert data["title"] == "kg: graph.ttl"


def test_view_a_store_draws_the_same_graph(folder):
    for args in (("--store", "store", "--out", "from-store.html"), ("graph.ttl", "--out", "from-file.html")):
        run = kg("view", *args, "--limit", "5", cwd=folder)
        assert run.returncode == 0, run.stderr
    from_store, from_file = page_data(folder / "from-store.html"), page_data(folder / "from-file.html")
    assert from_store["limit"] == 5
    assert from_store["nodes"] == from_file["nodes"] and from_store["relations"] == from_file["relations"]
    assert kg("view", "--store", "store", cwd=folder).returncode == 0
    assert (folder / "store.html").is_file(), "the default page of a store sits beside it"


@pytest.mark.parametrize("source", [("graph.ttl",), ("--store", "store")])
def test_view_what_a_construct_query_selects(folder, seed_graph, source):
    run = kg("view", *source, "--query", "attacks.rq", "--out", "attacks.html", cwd=folder)
    assert run.returncode == 0, run.stderr
    data = page_data(folder / "attacks.html")
    attacks = {(str(s), str(o)) for s, o in seed_graph.subject_objects(KG.attacks)}
    assert attacks, "the seed states attacks"
    drawn = {(data["nodes"][r["from"]]["iri"], data["nodes"][r["to"]]["iri"]) for r in data["relations"]}
    assert drawn == attacks and {r["predicate"] for r in data["relations"]} == {"attacks"}
    assert {n["iri"] for n in data["nodes"]} == {iri for pair in attacks for iri in pair}
    assert all(s["sentence"] for r in data["relations"] for s in r["statements"]), "statements keep their evidence"


@pytest.mark.parametrize("args, message", [
    (("graph.ttl", "--query", "select.rq"), "a SELECT query gives a table, not a graph to draw"),
    (("graph.ttl", "--query", "missing.rq"), "missing.rq: no such query file"),
    (("missing.ttl",), "missing.ttl: not a readable RDF graph"),
    ((), "give a GRAPH file or --store DIR"),
    (("graph.ttl", "--store", "store"), "give a GRAPH file or --store DIR"),
    (("graph.ttl", "--out", "no-folder/page.html"), "cannot write the viewer page there"),
])
def test_view_errors_are_one_line(folder, args, message):
    assert message in one_error_line(kg("view", *args, cwd=folder))


def test_export_graphml_for_network_tools(folder, seed_graph):
    run = kg("export", "graph.ttl", "--format", "graphml", "--out", "graph.graphml", cwd=folder)
    assert run.returncode == 0, run.stderr
    exported = nx.read_graphml(folder / "graph.graphml")
    network = to_networkx(seed_graph)
    assert set(exported) == {str(n) for n in network}
    for node, data in network.nodes(data=True):
        attributes = exported.nodes[str(node)]
        assert (attributes["label"], attributes["type"], attributes["degree"]) == (data["label"], data["type"], network.degree(node))
        assert 0 < attributes["pagerank"] < 1
    edges = list(exported.edges(data=True))
    assert sum(d["evidence"] for *_, d in edges) == network.number_of_edges()
    negated = {(str(s), str(o), d["predicate"]) for s, o, d in network.edges(data=True) if d["polarity"] == "negative"}
    assert negated and {(s, o, d["predicate"]) for s, o, d in edges if d["polarity"] == "negative"} == negated
    assert all(0 < d["confidence"] <= 1 and isinstance(d["background"], bool) for *_, d in edges)
    statements = len(set(seed_graph.subjects(RDF.type, KG.Statement)) | set(seed_graph.subjects(RDF.type, KG.BackgroundStatement)))
    assert statements == network.number_of_edges()


def test_export_gexf_from_a_store_to_standard_output(folder, seed_graph):
    run = kg("export", "--store", "store", "--format", "gexf", cwd=folder)
    assert run.returncode == 0, run.stderr
    (folder / "graph.gexf").write_text(run.stdout, encoding="utf-8")
    exported = nx.read_gexf(folder / "graph.gexf")
    network = to_networkx(seed_graph)
    assert exported.number_of_nodes() == network.number_of_nodes()
    assert {d["label"] for _, d in exported.nodes(data=True)} == {d["label"] for _, d in network.nodes(data=True)}
    assert sum(int(d["evidence"]) for *_, d in exported.edges(data=True)) == network.number_of_edges()


def test_export_formats_need_the_right_source(folder):
    assert "--format ttl exports a store" in one_error_line(kg("export", "graph.ttl", "--format", "ttl", cwd=folder))
    assert "exports a GRAPH file or a --store DIR" in one_error_line(kg("export", "--format", "graphml", cwd=folder))
    assert "unknown --format 'dot'" in one_error_line(kg("export", "--store", "store", "--format", "dot", cwd=folder))
