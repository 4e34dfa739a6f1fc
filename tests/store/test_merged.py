"""The store's merged view: its default graph holds each triple of its named graphs once.

Checked as an invariant after every kind of change kg makes (a first build, a
later build, a re-ingested article, a short name joined to a full name by a
later article), and in the states a store can be found in (interrupted,
never merged, served writable). The articles are invented for these tests.
"""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.build import build, dataset_of
from kg.sources.ingest import read_inputs
from kg.store import merged
from kg.store.database import add_dataset, dump_store, open_store, query_store

FULL = ("Ostravian President Marta Kellner met the Danish prime minister in Copenhagen on Tuesday. "
        "Kellner said the two countries would sign a trade agreement next year.\n")
SHORT = ("Kellner told reporters in Vienna on Friday that the talks with Austria had failed. "
         "Kellner criticized the Austrian government for its position on energy prices.\n")
OTHER = ("The Danish prime minister visited Vienna on Monday. "
         "Austria and Denmark agreed to build a power line across Germany.\n")
# How many nodes are typed a country: the same in every article's graph, so the union repeats them.
COUNTRIES = ("PREFIX kg: <https://w3id.org/kg-news/ontology#> "
             "SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:Country }")


def articles(folder, **texts):
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return [folder / f"{name}.txt" for name in texts]


def triples(store: ox.Store, default: bool) -> set[tuple]:
    """The default graph's triples, or every named graph's (each once)."""
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph() if default else None)
    return {(q.subject, q.predicate, q.object) for q in quads if default or q.graph_name != ox.DefaultGraph()}


def reading(path, look):
    """look(store) on the opened store; the store is let go on return (pyoxigraph has no close)."""
    with open_store(path) as store:
        return look(store)


def assert_merged(path) -> None:
    assert merged.state(path) == merged.CURRENT
    view, union = reading(path, lambda store: (triples(store, default=True), triples(store, default=False)))
    assert view == union, f"{len(view - union)} triples only in the view, {len(union - view)} missing from it"


def count(path, sparql: str) -> int:
    return int(next(iter(query_store(path, sparql)))[0])


def test_a_build_merges_and_queries_count_each_triple_once(tmp_path):
    store = tmp_path / "store"
    build(articles(tmp_path / "in", full=FULL, other=OTHER), None, store=store)
    assert_merged(store)
    # Oxigraph's union of graphs keeps each article's copy of a type
    repeated = reading(store, lambda s: int(next(iter(s.query(COUNTRIES, use_default_graph_as_union=True)))["n"].value))
    distinct = len({t[0] for t in reading(store, lambda s: triples(s, default=False))
                    if t[1].value.endswith("#type") and t[2].value.endswith("#Country")})
    assert repeated > distinct, "the articles share a country, so the union holds copies"
    assert count(store, COUNTRIES) == distinct


def test_later_builds_keep_the_view_exact(tmp_path):
    """Added articles, a re-ingested one, and a short name a later article joins to a full name."""
    store, folder = tmp_path / "store", tmp_path / "in"
    build(articles(folder, short=SHORT), None, store=store)
    assert_merged(store)
    about_short_name = lambda store: {t for t in triples(store, default=True) if t[0].value.endswith("/entity/kellner")}  # noqa: E731
    assert reading(store, about_short_name), "alone, the surname is an entity of its own"
    build(articles(folder, full=FULL, other=OTHER), None, store=store)  # resolution rewrites the first article
    assert_merged(store)
    assert not reading(store, about_short_name), "the short name's triples left the view with its node"
    build(articles(folder, short=SHORT), None, store=store)  # the same article again: a replacement
    assert_merged(store)


def test_an_interrupted_build_leaves_queries_on_the_union(tmp_path):
    store = tmp_path / "store"
    build(articles(tmp_path / "in", full=FULL), None, store=store)
    (store / merged.MARK).write_text("stale\n", encoding="ascii")  # as a build killed after writing a graph
    reading(store, lambda opened: add_dataset(opened, dataset_of(read_inputs([OTHER]))))
    assert merged.state(store) == merged.STALE
    ask = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ASK { ?e rdfs:label \"Germany\" }"
    assert bool(query_store(store, ask).askAnswer), "the new graph is seen through the union"
    build(articles(tmp_path / "in", short=SHORT), None, store=store)  # the next build merges it whole
    assert_merged(store)


def test_a_default_graph_kg_did_not_write_is_kept_in_a_named_graph(tmp_path):
    store, mine = tmp_path / "store", ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("c"))
    with open_store(store, create=True) as opened:
        opened.add(mine)
        opened.flush()
    del opened
    build(articles(tmp_path / "in", full=FULL), None, store=store)
    assert_merged(store)
    kept = reading(store, lambda s: list(s.quads_for_pattern(mine.subject, None, None, ox.NamedNode(merged.ADDED_GRAPH))))
    assert len(kept) == 1


@pytest.mark.parametrize("fmt", ["ttl", "nq"])
def test_exports_hold_the_documents_graphs_not_the_view_twice(tmp_path, fmt):
    store = tmp_path / "store"
    build(articles(tmp_path / "in", full=FULL, other=OTHER), None, store=store)
    out = tmp_path / f"dump.{fmt}"
    with open(out, "wb") as stream:
        dump_store(store, fmt, stream)
    union = reading(store, lambda s: triples(s, default=False))
    quads = reading(store, lambda s: sum(1 for q in s.quads_for_pattern(None, None, None, None)
                                         if q.graph_name != ox.DefaultGraph()))
    written = list(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_QUADS))
    if fmt == "ttl":
        assert {(t.subject, t.predicate, t.object) for t in written} == union and len(written) == len(union)
    else:
        assert len(written) == quads and all(q.graph_name != ox.DefaultGraph() for q in written)


def test_a_writable_server_empties_the_view_and_merges_again_when_it_stops(tmp_path):
    """Others change the graphs through it; what they put in the default graph is kept in a named graph."""
    from tests.store.test_serve import http, kg_serve

    store = tmp_path / "store"
    build(articles(tmp_path / "in", full=FULL), None, store=store)
    with kg_serve(store, "--writable") as server:
        assert merged.state(store) is None, "while others write, the default graph is theirs"
        assert http(f"{server.root}/update", {"update": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}) in (200, 204)
        assert server.stop() == 0
    assert_merged(store)
    kept = reading(store, lambda s: list(s.quads_for_pattern(ox.NamedNode("urn:x:a"), None, None, None)))
    assert {q.graph_name for q in kept} == {ox.NamedNode(merged.ADDED_GRAPH), ox.DefaultGraph()}
