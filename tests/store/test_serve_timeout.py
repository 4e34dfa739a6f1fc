"""Why `kg serve` has no --timeout: Oxigraph's own (--timeout-s, 0.5) can answer a stopped query with a wrong answer.

Stopped at its deadline, a query that has not yet sent a row is answered
200 with a valid, empty result: a client cannot tell it from a true "no
rows". kg would rather have no server timeout than one that answers
wrongly; `kg query --timeout` (a one-line error, exit 124) is the bounded way
to ask. If this test fails, Oxigraph has fixed it: expose `kg serve --timeout`.
"""
from __future__ import annotations

import contextlib
import json
import subprocess
import time
import urllib.request

import pytest

from kg.store.serve import oxigraph_executable
from tests.store.test_serve import DEADLINE, HOST, accepts_connections, environment, free_port, seed_store  # noqa: F401

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # the seed store's TriG parser


@contextlib.contextmanager
def oxigraph_with_timeout(store, seconds: int):
    port = free_port()
    server = subprocess.Popen([oxigraph_executable(), "serve-read-only", "--location", str(store), "--bind",
                               f"{HOST}:{port}", "--union-default-graph", "--timeout-s", str(seconds)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment())
    try:
        deadline = time.monotonic() + DEADLINE
        while not accepts_connections(port):
            assert server.poll() is None and time.monotonic() < deadline, "the Oxigraph server did not start"
            time.sleep(0.05)
        yield f"http://{HOST}:{port}/query"
    finally:
        server.kill()
        server.wait(DEADLINE)


def ask(endpoint: str, query: str) -> tuple[int, bytes]:
    request = urllib.request.Request(endpoint, data=query.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-query",
                                              "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=DEADLINE * 4) as answer:
        return answer.status, answer.read()


def test_oxigraph_timeout_answers_a_stopped_query_with_an_empty_result(seed_store):
    with oxigraph_with_timeout(seed_store, 1) as endpoint:
        _, counted = ask(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        quads = int(json.loads(counted)["results"]["bindings"][0]["n"]["value"])
        last = quads ** 3 - 1  # the three-way product has quads³ rows: this one exists
        started = time.monotonic()
        status, body = ask(endpoint, f"SELECT ?a WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }} LIMIT 1 OFFSET {last}")
        took = time.monotonic() - started
    assert quads > 100 and took < 10, "the query was stopped near its deadline"
    assert status == 200 and json.loads(body)["results"]["bindings"] == [], (
        "Oxigraph no longer answers a stopped query with an empty result: expose 'kg serve --timeout'")
