"""kg.store.database: named graphs in a real on-disk Oxigraph store, written one transaction per document."""
from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import textwrap
import time

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

import kg.store.database
from kg.build import build, dataset_of
from kg.errors import InputError, QueryError, QueryTimeoutError, StoreError
from kg.rdf.graph import union_of
from kg.sources.ingest import make_document
from kg.rdf.namespace import KG
from kg.rdf.files import load_graph
from kg.store.query import FORMATS, answer, answer_within, format_result, run_query
from kg.store.database import add_dataset, dump_store, export_store, open_store, query_store, replace_graph

WHO_ATTACKS_SUMY = (
    "PREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    'SELECT ?who ?name WHERE { ?who kg:attacks ?place . ?place rdfs:label "Sumy" . ?who rdfs:label ?name }'
)
# rdflib's own dataset parsers and serializers call its deprecated Dataset methods
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # ~300^4 rows: minutes, not seconds
KENYA = ("Kenyan President Samuel Otieno met Ugandan President Ruth Nakato in Kampala. "
         "Otieno said Kenya would not recognize the rebels.")
ETHIOPIA = "Samuel Otieno flew to Addis Ababa on Friday. Ethiopia's army attacked the rebels in Tigray."


def read_dataset(data: bytes | str, fmt: str) -> Dataset:
    dataset = Dataset(default_union=True)
    dataset.parse(data=data, format=fmt)
    return dataset


def named_graphs(dataset: Dataset) -> dict[URIRef, Graph]:
    return {g.identifier: g for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)}


def assert_same_named_graphs(got: Dataset, expected: Dataset) -> None:
    got_graphs, expected_graphs = named_graphs(got), named_graphs(expected)
    assert set(got_graphs) == set(expected_graphs)
    for name, graph in expected_graphs.items():
        assert isomorphic(got_graphs[name], graph), f"named graph {name} differs"


def snapshot(path) -> set[str]:
    """Every quad in the store, as N-Quads lines: 'as it was' means this set is unchanged."""
    buffer = io.BytesIO()
    dump_store(path, "nq", buffer)
    return set(buffer.getvalue().decode("utf-8").splitlines())


@pytest.fixture(scope="module")
def seed_dataset(seed_build) -> Dataset:
    """The seed build's named graphs, read back from its graph.trig."""
    return read_dataset((seed_build / "graph.trig").read_text(encoding="utf-8"), "trig")


@pytest.fixture(scope="module")
def two_articles() -> Dataset:
    return dataset_of([make_document("kenya.txt", KENYA), make_document("ethiopia.txt", ETHIOPIA)])


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory, seed_dataset):
    path = tmp_path_factory.mktemp("seed-store") / "store"
    with open_store(path, create=True) as store:
        add_dataset(store, seed_dataset)
    return path


def fill(path, dataset: Dataset) -> None:
    with open_store(path, create=True) as store:
        add_dataset(store, dataset)


# --- named graphs in the build ---------------------------------------------------------


def test_one_named_graph_per_document_and_the_union_is_the_merged_view(two_articles):
    graphs = named_graphs(two_articles)
    assert len(graphs) == 2
    for name, graph in graphs.items():
        assert (name, RDF.type, KG.Document) in graph, "a document's graph is named by the document's IRI"
    union = union_of(two_articles)
    assert set(union) == {t for g in graphs.values() for t in g}
    otieno = union.value(None, RDFS.label, Literal("Samuel Otieno"))
    # the shared entity has its type and label in each document's graph, and one label in the union
    for name, graph in graphs.items():
        assert (otieno, KG.mentionedIn, name) in graph
        assert list(graph.objects(otieno, RDFS.label)) == [Literal("Samuel Otieno")]
        assert (otieno, RDF.type, KG.Person) in graph
    assert len(list(union.objects(otieno, RDFS.label))) == 1


def test_build_writes_trig_and_jsonld_that_agree_with_the_turtle(seed_build, seed_dataset):
    turtle = Graph().parse(seed_build / "graph.ttl", format="turtle")
    assert len(named_graphs(seed_dataset)) == 1
    assert isomorphic(union_of(seed_dataset), turtle)
    jsonld = read_dataset((seed_build / "graph.jsonld").read_text(encoding="utf-8"), "json-ld")
    assert_same_named_graphs(jsonld, seed_dataset)


# --- writing: replace, never duplicate, never half-write --------------------------------


def test_reingesting_the_same_article_replaces_its_graph(tmp_path, seed_dataset):
    path = tmp_path / "store"
    fill(path, seed_dataset)
    first = snapshot(path)
    fill(path, seed_dataset)
    assert snapshot(path) == first, "re-ingesting changed the store"
    statements = query_store(path, "SELECT ?st (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?st a kg:Statement } } GROUP BY ?st")
    assert {int(row.n) for row in statements} == {1}, "a statement is stored twice"
    assert len(first) == sum(len(g) for g in named_graphs(seed_dataset).values())


def test_replacing_drops_what_the_new_version_lacks(tmp_path, seed_dataset):
    path = tmp_path / "store"
    fill(path, seed_dataset)
    name, graph = next(iter(named_graphs(seed_dataset).items()))
    smaller = sorted(graph)[: len(graph) // 2]
    with open_store(path) as store:
        replace_graph(store, name, smaller)
        assert len(store) == len(smaller)


def test_two_articles_make_two_named_graphs_and_a_later_build_keeps_the_first(tmp_path, two_articles):
    path = tmp_path / "store"
    (kenya, kenya_graph), (ethiopia, ethiopia_graph) = sorted(named_graphs(two_articles).items())
    first, second = Dataset(), Dataset()
    for target, name, graph in ((first, kenya, kenya_graph), (second, ethiopia, ethiopia_graph)):
        for triple in graph:
            target.graph(name).add(triple)
    fill(path, first)
    fill(path, second)  # a second build with the other article: nothing of the first is lost
    exported = read_dataset(_dump(path, "trig"), "trig")
    assert_same_named_graphs(exported, two_articles)


@pytest.mark.parametrize("crash", [RuntimeError("disk on fire"), KeyboardInterrupt()], ids=["error", "ctrl-c"])
def test_a_crash_mid_document_leaves_the_store_as_it_was(tmp_path, seed_dataset, two_articles, crash):
    path = tmp_path / "store"
    fill(path, seed_dataset)
    before = snapshot(path)
    name, graph = next(iter(named_graphs(seed_dataset).items()))
    other_name, other = next(iter(named_graphs(two_articles).items()))

    def half_then_crash(triples):
        for count, triple in enumerate(triples):
            if count == len(triples) // 2:
                raise type(crash)(*crash.args)  # a fresh one: a raised exception's traceback holds the store
            yield triple

    def crash_while_writing():
        with open_store(path) as store:
            for target, triples in ((name, sorted(graph)[:10]), (other_name, sorted(other))):  # replace one, add one
                with pytest.raises(type(crash)):
                    replace_graph(store, target, half_then_crash(triples))

    crash_while_writing()  # the store is let go when the function returns
    assert snapshot(path) == before


def test_a_killed_writer_leaves_one_whole_version(tmp_path):
    """SIGKILL a real process while it rewrites a graph: the store holds one version or the other, whole."""
    path, size = tmp_path / "store", 20_000
    writer = textwrap.dedent(f"""
        import sys
        from rdflib import Literal, URIRef
        from kg.store.database import open_store, replace_graph
        name, p = URIRef("urn:kg:test:g"), URIRef("urn:kg:test:p")
        with open_store({str(path)!r}, create=True) as store:
            for round in range(10_000):
                version = Literal("ab"[round % 2])
                replace_graph(store, name, ((URIRef(f"urn:kg:test:s{{i}}"), p, version) for i in range({size})))
                print("committed", flush=True)
    """)
    child = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "committed", "the writer did not start"
        time.sleep(random.uniform(0.05, 0.4))
    finally:
        child.kill()
        child.wait(10)
    with open_store(path) as store:
        versions = {quad.object.value for quad in store}
        assert len(versions) == 1 and len(store) == size, f"{len(store)} quads in versions {versions}"


# --- reading: query and export ---------------------------------------------------------


def test_query_store_answers_who_attacks_sumy(seed_store):
    rows = [(str(row.who), str(row.name)) for row in query_store(seed_store, WHO_ATTACKS_SUMY)]
    assert rows == [("https://w3id.org/kg-news/id/entity/russia", "Russia")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_store_and_file_give_the_same_answer_in_every_format(seed_store, seed_build, fmt):
    query = WHO_ATTACKS_SUMY + " ORDER BY ?who"
    from_store = answer(query, fmt, store=seed_store)
    from_file = answer(query, fmt, graph=seed_build / "graph.ttl")
    from_trig = answer(query, fmt, graph=seed_build / "graph.trig")
    assert from_store == from_file == from_trig
    if fmt == "json":
        assert json.loads(from_store)["results"]["bindings"][0]["name"] == {"type": "literal", "value": "Russia"}


@pytest.mark.parametrize("query, expected", [
    ("ASK { ?s kg:attacks ?o }", "true"),
    ("CONSTRUCT { ?s kg:attacks ?o } WHERE { ?s kg:attacks ?o }", None),
], ids=["ask", "construct"])
def test_ask_and_construct_over_the_store(seed_store, seed_build, query, expected):
    result = query_store(seed_store, query)
    if expected is not None:
        assert format_result(result, "table") == expected
    else:
        assert isomorphic(result.graph, run_query(load_graph(seed_build / "graph.ttl"), query).graph)


def test_query_store_syntax_error_names_line_and_column(seed_store):
    with pytest.raises(QueryError, match=r"line 2, column \d+"):
        query_store(seed_store, "SELECT ?x WHERE {\n  ?x ?y }")


def _dump(path, fmt: str) -> bytes:
    buffer = io.BytesIO()
    dump_store(path, fmt, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt, rdflib_format", [("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")])
def test_export_round_trips_the_named_graphs(seed_store, seed_dataset, fmt, rdflib_format):
    assert_same_named_graphs(read_dataset(_dump(seed_store, fmt), rdflib_format), seed_dataset)


def test_export_ttl_is_the_merged_view(seed_store, seed_build, tmp_path):
    out = tmp_path / "merged.ttl"
    export_store(seed_store, "ttl", out)
    assert isomorphic(Graph().parse(out, format="turtle"), Graph().parse(seed_build / "graph.ttl", format="turtle"))
    assert [p.name for p in tmp_path.iterdir()] == ["merged.ttl"], "no temporary file may be left"


# --- bad input -------------------------------------------------------------------------


def test_missing_store_is_a_clear_error_and_is_not_created(tmp_path):
    missing = tmp_path / "no-store"
    for attempt in (lambda: query_store(missing, "ASK {}"), lambda: _dump(missing, "trig")):
        with pytest.raises(StoreError, match="no store there"):
            attempt()
    assert not missing.exists()


def test_a_folder_of_other_files_is_not_made_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="holds other files"):
        with open_store(tmp_path, create=True):
            pass
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_store_locked_by_another_process(seed_store):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, pyoxigraph\nstore = pyoxigraph.Store(sys.argv[1])\nprint('open', flush=True)\ntime.sleep(60)",
         str(seed_store)],
        stdout=subprocess.PIPE, text=True,
    )
    def open_for_writing():
        with open_store(seed_store, create=True):
            pass

    try:
        assert holder.stdout.readline().strip() == "open"
        for attempt in (lambda: query_store(seed_store, "ASK {}"), open_for_writing):
            with pytest.raises(StoreError, match="open in another process") as caught:
                attempt()
            assert "\n" not in str(caught.value)
    finally:
        holder.kill()
        holder.wait(10)


# --- a build holds the store only while it writes -------------------------------------


@pytest.mark.parametrize("failure", ["out-is-a-file", "crash-while-storing"])
def test_a_failed_build_leaves_the_store_free_for_the_next_build(tmp_path, monkeypatch, failure):
    article, store = tmp_path / "kenya.txt", tmp_path / "store"
    article.write_text(KENYA, encoding="utf-8")
    build([article], tmp_path / "first", store=store)
    out = tmp_path / "out"
    if failure == "out-is-a-file":  # fails after the pipeline ran, before the store is opened
        out.write_text("not a folder", encoding="utf-8")
        expected = InputError
    else:  # fails with the store open, in the middle of its writes
        def crash(*args):
            raise RuntimeError("disk on fire")
        monkeypatch.setattr(kg.store.database, "put_graph", crash)
        expected = RuntimeError
    with pytest.raises(expected) as caught:  # caught keeps the traceback (and its frames) alive
        build([article], out, store=store)
    monkeypatch.undo()
    again = build([article], tmp_path / "again", store=store)  # in the same process, the store is free
    assert again.stored == 1 and caught.value is not None
    assert len(query_store(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")) == 1


def test_a_store_in_a_missing_folder_is_one_clear_error_before_parsing(tmp_path, monkeypatch):
    article, store = tmp_path / "kenya.txt", tmp_path / "no-such-folder" / "store"
    article.write_text(KENYA, encoding="utf-8")
    monkeypatch.setattr("kg.build._run", lambda *a: pytest.fail("the pipeline ran before the store was checked"))
    with pytest.raises(StoreError, match="there is no folder .*no-such-folder.* create it first") as caught:
        build([article], tmp_path / "out", store=store)
    assert "\n" not in str(caught.value)
    assert not store.parent.exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("backend", ["store", "file"])
def test_a_query_past_its_timeout_is_stopped(seed_store, seed_build, backend):
    source = {"store": seed_store} if backend == "store" else {"graph": seed_build / "graph.ttl"}
    started = time.perf_counter()
    with pytest.raises(QueryTimeoutError, match="--timeout 1 s"):
        answer_within(1, CROSS_JOIN, "table", **source)
    assert time.perf_counter() - started < 5
    assert "Russia" in answer_within(30, WHO_ATTACKS_SUMY, "csv", **source), "a quick query still answers"
