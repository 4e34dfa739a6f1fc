"""Output files of a large build come from Oxigraph's writers and say what the small build's files say.

The articles are invented for these tests.
"""
from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

import kg.outputs
from kg.build import build

ARTICLES = {
    "chile.txt": "Prime Minister Ana Ruiz of Chile met President Jorge Silva of Peru in Lima on Monday.\n",
    "norway.txt": "Nordlys Energy, a company based in Bergen, hired Maria Lind as its chief executive on Tuesday.\n",
    "kenya.txt": "Kenyan President Daniel Otieno visited Kampala on Friday and met Ugandan officials.\n",
}


@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
def test_a_large_build_writes_the_same_graph_through_oxigraph(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    build([folder], tmp_path / "small")
    monkeypatch.setattr(kg.outputs, "SMALL_BUILD_TRIPLES", 10)  # every build is "large" now
    build([folder], tmp_path / "large")
    small_ttl = (tmp_path / "small" / "graph.ttl").read_text(encoding="utf-8")
    large_ttl = (tmp_path / "large" / "graph.ttl").read_text(encoding="utf-8")
    assert small_ttl != large_ttl, "the large build's Turtle comes from another writer"
    assert isomorphic(Graph().parse(data=small_ttl, format="turtle"), Graph().parse(data=large_ttl, format="turtle"))
    small, large = Dataset(), Dataset()
    small.parse(tmp_path / "small" / "graph.trig", format="trig")
    large.parse(tmp_path / "large" / "graph.trig", format="trig")
    names = {g.identifier for g in small.graphs() if len(g)}
    assert len(names) == 3 and names == {g.identifier for g in large.graphs() if len(g)}
    for name in names:
        assert isomorphic(small.graph(name), large.graph(name))
    json.loads((tmp_path / "large" / "graph.jsonld").read_text(encoding="utf-8"))
    page = (tmp_path / "large" / "graph.html").read_text(encoding="utf-8")
    assert "new vis.Network" in page and "Ana Ruiz" in page and "most documents name" in page
    assert sorted(p.name for p in (tmp_path / "large").iterdir()) == sorted(kg.outputs.FILES), "no temporary files left"
