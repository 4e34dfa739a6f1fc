"""A read-only `kg serve` refuses every form of update, and the store is the same after all of them.

What the server answers is what Oxigraph's ``serve-read-only`` answers (kg
puts nothing in front of it): 403 Forbidden for every request to the update
operation (/update) and every write to the Graph Store (/store: PUT, POST
and DELETE, on the default graph, a graph the store holds, a new graph and
the whole dataset). An update sent to the query operation (/query) is not a
query: it is refused as a bad request (400, or 415 for the update media
type), by a writable server just as by a read-only one, since the query
operation never runs an update.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

from kg.store.database import open_store
from tests.store.test_serve import DEADLINE, kg_serve, seed_store  # noqa: F401  (seed_store is a fixture)

INSERT = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 } }"
DELETE_ALL = "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"
TRIPLE = b'<http://example.org/a> <http://example.org/b> "1" .\n'
QUAD = b'<http://example.org/a> <http://example.org/b> "1" <http://example.org/g> .\n'
FORM = "application/x-www-form-urlencoded"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # the seed store's TriG parser


def form(**fields: str) -> bytes:
    return urllib.parse.urlencode(fields).encode()


def request(root: str, method: str, path: str, body: bytes | None = None, content_type: str | None = None) -> int:
    """The status code the server answers, errors included."""
    headers = {"Content-Type": content_type} if content_type else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(root + path, data=body, method=method, headers=headers),
                                    timeout=DEADLINE) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def update_forms(document_graph: str) -> dict[str, tuple]:
    """Every way to ask a SPARQL 1.1 server to change its data: (method, path, body, content type)."""
    graph = urllib.parse.quote(document_graph, safe="")
    forms = {
        "POST /update sparql-update": ("POST", "/update", INSERT.encode(), "application/sparql-update"),
        "POST /update form update=": ("POST", "/update", form(update=INSERT), FORM),
        "POST /update form, delete all": ("POST", "/update", form(update=DELETE_ALL), FORM),
        "GET /update?update=": ("GET", "/update?" + urllib.parse.urlencode({"update": INSERT}), None, None),
    }
    for target, where in (("default graph", "?default"), ("its graph", f"?graph={graph}"),
                          ("a new graph", "?graph=http%3A%2F%2Fexample.org%2Fg")):
        forms[f"PUT /store {target}"] = ("PUT", f"/store{where}", TRIPLE, "application/n-triples")
        forms[f"POST /store {target}"] = ("POST", f"/store{where}", TRIPLE, "application/n-triples")
        forms[f"DELETE /store {target}"] = ("DELETE", f"/store{where}", None, None)
    forms["PUT /store dataset"] = ("PUT", "/store", QUAD, "application/n-quads")
    forms["POST /store dataset"] = ("POST", "/store", QUAD, "application/n-quads")
    forms["DELETE /store dataset"] = ("DELETE", "/store", None, None)
    return forms


# An update sent to the query operation: refused as not a query, whether the server is writable or not.
AT_THE_QUERY_OPERATION = {
    "POST /query form update=": (("POST", "/query", form(update=INSERT), FORM), 400),
    "POST /query form query=INSERT": (("POST", "/query", form(query=INSERT), FORM), 400),
    "POST /query sparql-query INSERT": (("POST", "/query", INSERT.encode(), "application/sparql-query"), 400),
    "POST /query sparql-update": (("POST", "/query", INSERT.encode(), "application/sparql-update"), 415),
    "GET /query?update=": (("GET", "/query?" + urllib.parse.urlencode({"update": INSERT}), None, None), 400),
}


def quads(store_path) -> set[str]:
    with open_store(store_path) as store:
        return {str(quad) for quad in store}


def document_graph(store_path) -> str:
    with open_store(store_path) as store:
        return next(iter(store.named_graphs())).value


def test_every_update_form_is_refused_with_403_and_the_store_is_unchanged(seed_store):
    before = quads(seed_store)
    forms = update_forms(document_graph(seed_store))
    with kg_serve(seed_store) as server:
        answered = {name: request(server.root, *how) for name, how in forms.items()}
        at_query = {name: request(server.root, *how) for name, (how, _) in AT_THE_QUERY_OPERATION.items()}
        assert request(server.root, "POST", "/query", form(query="ASK { ?s ?p ?o }"), FORM) == 200, "it still answers"
        assert server.stop() == 0
    assert answered == {name: 403 for name in forms}
    assert at_query == {name: code for name, (_, code) in AT_THE_QUERY_OPERATION.items()}
    assert quads(seed_store) == before


def test_the_query_operation_refuses_updates_on_a_writable_server_too(tmp_path):
    """So the 400s above are the query operation's, not a gap in read-only serving."""
    with kg_serve(tmp_path / "store", "--writable") as server:
        at_query = {name: request(server.root, *how) for name, (how, _) in AT_THE_QUERY_OPERATION.items()}
        assert request(server.root, *update_forms("http://example.org/other")["POST /update sparql-update"]) == 204
        assert server.stop() == 0
    assert at_query == {name: code for name, (_, code) in AT_THE_QUERY_OPERATION.items()}
    with open_store(tmp_path / "store") as store:
        named = [str(q.graph_name) for q in store if q.graph_name != ox.DefaultGraph()]  # the default: kg's merged view
        assert named == ["<http://example.org/g>"], "only the /update request wrote"
