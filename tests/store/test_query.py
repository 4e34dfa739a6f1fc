"""kg.store.query: loading graph files, running SPARQL and formatting the answers."""
from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace

from kg.errors import GraphFileError, QueryError
from kg.rdf.files import load_graph
from kg.store.query import FORMATS, format_result, read_query, run_query

EX = Namespace("http://example.org/")
ONT = "https://w3id.org/kg-news/ontology#"
PREFIXES = f"PREFIX ex: <{EX}>\nPREFIX rdfs: <{RDFS}>\nPREFIX kg: <{ONT}>\n"


@pytest.fixture
def small_graph() -> Graph:
    graph = Graph()
    graph.add((EX.alice, RDF.type, EX.Person))
    graph.add((EX.alice, RDFS.label, Literal("Alice")))
    graph.add((EX.bob, RDF.type, EX.Person))
    graph.add((EX.bob, RDFS.label, Literal('Smith, "Bob" Jr')))  # a comma and quotes, for CSV
    graph.add((EX.carol, RDF.type, EX.Person))  # no label: an unbound OPTIONAL
    graph.add((EX.alice, EX.knows, EX.bob))
    return graph


PEOPLE = PREFIXES + "SELECT ?person ?name WHERE { ?person a ex:Person OPTIONAL { ?person rdfs:label ?name } } ORDER BY ?person"
PEOPLE_ROWS = [
    [str(EX.alice), "Alice"],
    [str(EX.bob), 'Smith, "Bob" Jr'],
    [str(EX.carol), ""],
]


# --- load_graph ------------------------------------------------------------------------


def test_load_graph_reads_turtle(tmp_path, small_graph):
    path = tmp_path / "g.ttl"
    small_graph.serialize(path, format="turtle")
    graph = load_graph(path)
    assert set(graph) == set(small_graph)


def test_load_graph_missing_file(tmp_path):
    path = tmp_path / "nowhere" / "graph.ttl"
    with pytest.raises(GraphFileError) as caught:
        load_graph(path)
    message = str(caught.value)
    assert str(path) in message and "no such file" in message
    assert "kg build" in message, "the message should say how to get a graph file"


@pytest.mark.parametrize(
    "content",
    [
        "@prefix ex: <http://example.org/> .\nex:a ex:b .\n",  # a triple without an object
        "this is not turtle at all {{{",
        "<http://example.org/a> <http://example.org/b> \"unterminated .\n",
    ],
    ids=["missing-object", "garbage", "unterminated-literal"],
)
def test_load_graph_invalid_turtle(tmp_path, content):
    path = tmp_path / "broken.ttl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GraphFileError) as caught:
        load_graph(path)
    message = str(caught.value)
    assert str(path) in message, f"the error must name the file: {message!r}"
    assert "not a readable RDF graph" in message
    assert "\n" not in message


def test_load_graph_directory_is_not_a_graph(tmp_path):
    with pytest.raises(GraphFileError, match="no such file"):
        load_graph(tmp_path)


# --- run_query errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, line",
    [
        ("SELECT ?x WHERE { ?x ?y }", 1),
        (PREFIXES + "SELECT ?x\nWHERE {\n  ?x ex:p ?y ;\n}}", 7),
        ("SELEKT * WHERE { ?s ?p ?o }", 1),
    ],
    ids=["missing-object", "extra-brace-line-7", "misspelt-keyword"],
)
def test_syntax_error_names_line_and_column(small_graph, query, line):
    with pytest.raises(QueryError) as caught:
        run_query(small_graph, query)
    message = str(caught.value)
    assert "line" in message and "column" in message, message
    assert f"line {line}," in message, f"wrong line in {message!r}"
    assert "\n" not in message
    assert caught.value.exit_code == 2


def test_unknown_prefix(small_graph):
    with pytest.raises(QueryError) as caught:
        run_query(small_graph, "SELECT ?x WHERE { ?x foo:bar ?y }")
    assert "foo" in str(caught.value)


def test_empty_query(small_graph):
    with pytest.raises(QueryError):
        run_query(small_graph, "   ")


# --- format_result ---------------------------------------------------------------------


def test_formats():
    assert FORMATS == ("table", "csv", "tsv", "json")


def test_table(small_graph):
    text = format_result(run_query(small_graph, PEOPLE), "table")
    lines = text.splitlines()
    assert lines[0].split() == ["person", "name"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2].split(None, 1) == [str(EX.alice), "Alice"]
    assert lines[3].split(None, 1) == [str(EX.bob), 'Smith, "Bob" Jr']
    assert lines[4].strip() == str(EX.carol)
    assert lines[-1] == "(3 rows)"
    # columns line up: every value of the second column starts at the header's column
    column = lines[0].index("name")
    assert lines[2][column:] == "Alice"


def test_table_one_and_no_rows(small_graph):
    one = format_result(run_query(small_graph, PREFIXES + 'SELECT ?p WHERE { ?p rdfs:label "Alice" }'), "table")
    assert one.splitlines()[-1] == "(1 row)"
    none = format_result(run_query(small_graph, PREFIXES + 'SELECT ?p WHERE { ?p rdfs:label "Zed" }'), "table")
    assert none.splitlines()[0].strip() == "p"
    assert none.splitlines()[-1] == "(0 rows)"


def test_csv(small_graph):
    text = format_result(run_query(small_graph, PEOPLE), "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["person", "name"], *PEOPLE_ROWS]


def test_json_is_sparql_results_json(small_graph):
    data = json.loads(format_result(run_query(small_graph, PEOPLE), "json"))
    assert data["head"]["vars"] == ["person", "name"]
    bindings = data["results"]["bindings"]
    assert len(bindings) == 3
    by_person = {b["person"]["value"]: b for b in bindings}
    assert set(by_person) == {str(EX.alice), str(EX.bob), str(EX.carol)}
    assert by_person[str(EX.alice)]["person"]["type"] == "uri"
    assert by_person[str(EX.alice)]["name"] == {"type": "literal", "value": "Alice"}
    assert by_person[str(EX.bob)]["name"]["value"] == 'Smith, "Bob" Jr'
    assert "name" not in by_person[str(EX.carol)], "an unbound variable is left out of its binding"


@pytest.mark.parametrize(
    "query, answer",
    [
        (PREFIXES + "ASK { ex:alice ex:knows ex:bob }", True),
        (PREFIXES + "ASK { ex:bob ex:knows ex:alice }", False),
    ],
    ids=["true", "false"],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_ask(small_graph, query, answer, fmt):
    result = run_query(small_graph, query)
    text = format_result(result, fmt)
    if fmt == "json":
        data = json.loads(text)
        assert data["boolean"] is answer
        assert "head" in data
    else:
        assert text == str(answer).lower()


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt", FORMATS)
def test_construct(small_graph, fmt):
    result = run_query(small_graph, PREFIXES + "CONSTRUCT { ?b ex:knownBy ?a } WHERE { ?a ex:knows ?b }")
    text = format_result(result, fmt)
    graph = Graph().parse(data=text, format="json-ld" if fmt == "json" else "turtle")
    assert set(graph) == {(EX.bob, EX.knownBy, EX.alice)}


# --- read_query ------------------------------------------------------------------------


def test_read_query_passes_sparql_through():
    assert read_query(PEOPLE) == PEOPLE


def test_read_query_reads_an_rq_file(tmp_path, small_graph):
    path = tmp_path / "people.rq"
    path.write_text(PEOPLE, encoding="utf-8")
    text = read_query(str(path))
    assert text == PEOPLE
    assert len(list(run_query(small_graph, text))) == 3


def test_read_query_missing_rq_file(tmp_path):
    path = tmp_path / "missing.rq"
    with pytest.raises(QueryError) as caught:
        read_query(str(path))
    assert str(path) in str(caught.value)
    assert "no such query file" in str(caught.value)


# --- over the seed article's graph -----------------------------------------------------


def test_who_attacks_sumy(seed_graph):
    query = PREFIXES + 'SELECT ?who WHERE { ?who kg:attacks ?place . ?place rdfs:label "Sumy" }'
    result = run_query(seed_graph, query)
    labels = {str(seed_graph.value(row.who, RDFS.label)) for row in result}
    assert labels == {"Russia"}


def test_seed_graph_answers_in_every_format(seed_graph):
    query = PREFIXES + 'SELECT ?who WHERE { ?who kg:attacks ?place . ?place rdfs:label "Sumy" }'
    table = format_result(run_query(seed_graph, query), "table")
    assert "entity/russia" in table and table.endswith("(1 row)")
    rows = list(csv.reader(io.StringIO(format_result(run_query(seed_graph, query), "csv"))))
    assert rows[0] == ["who"] and len(rows) == 2 and rows[1][0].endswith("entity/russia")
    data = json.loads(format_result(run_query(seed_graph, query), "json"))
    assert data["head"]["vars"] == ["who"]
    assert [b["who"]["value"] for b in data["results"]["bindings"]] == [rows[1][0]]


# --- TriG files, TSV, positions of syntax errors -----------------------------------------


@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # rdflib calls its own deprecated Dataset methods
def test_load_graph_reads_trig_as_the_union_of_its_named_graphs(tmp_path, small_graph):
    dataset = Dataset()
    triples = sorted(small_graph)
    for index, triple in enumerate(triples):
        dataset.graph(EX[f"doc{index % 2}"]).add(triple)
    path = tmp_path / "g.trig"
    dataset.serialize(path, format="trig")
    graph = load_graph(path)
    assert set(graph.triples((None, None, None))) == set(triples)
    assert [row[0] for row in run_query(graph, PEOPLE)] == [EX.alice, EX.bob, EX.carol]
    graphs = run_query(graph, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [row.g for row in graphs] == [EX.doc0, EX.doc1]


@pytest.mark.parametrize(
    "name, content, line, column",
    [
        ("broken.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b .\n", 2, 11),
        ("broken.trig", "@prefix ex: <http://example.org/> .\nex:g {\n  ex:a ex:b ex:c .\n  ex:d ex:e\n}\n", 5, 1),
        ("broken.trig", "@prefix ex: <http://example.org/> .\nex:g {\n  ex:a ex:b ex:c .\n", 4, 1),
        ("broken.ttl", "@prefix ex: <http://example.org/> .\n\nex:a ex:b nope:c .\n", 3, 11),
    ],
    ids=["turtle-missing-object", "trig-missing-object", "trig-unclosed-graph", "turtle-unknown-prefix"],
)
def test_invalid_turtle_and_trig_name_line_and_column(tmp_path, name, content, line, column):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GraphFileError) as caught:
        load_graph(path)
    message = str(caught.value)
    assert str(path) in message and "not a readable RDF graph" in message
    assert f"line {line}, column {column}:" in message, message
    assert "\n" not in message


def test_tsv_is_sparql_results_tsv(small_graph):
    small_graph.add((EX.dave, RDF.type, EX.Person))
    small_graph.add((EX.dave, RDFS.label, Literal("tab\there\nand a \"quote\"", lang="en")))
    lines = format_result(run_query(small_graph, PEOPLE), "tsv").split("\n")
    assert lines[0] == "?person\t?name"
    assert lines[1:] == [
        f"<{EX.alice}>\t\"Alice\"",
        f"<{EX.bob}>\t\"Smith, \\\"Bob\\\" Jr\"",
        f"<{EX.carol}>\t",
        f"<{EX.dave}>\t\"tab\\there\\nand a \\\"quote\\\"\"@en",
    ]
