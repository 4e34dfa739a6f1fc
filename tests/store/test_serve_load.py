"""`kg serve` under load: concurrent clients, every answer right, none failed (benchmarks/endpoint_load.py, shorter).

The benchmark's own client runs here for a few seconds on the seed store,
so CI exercises what the 30-second figures in the README measure; the
answers are compared with what `kg query --store` answers (the same
function, ``kg.store.query.answer``), asked before the server starts.
"""
from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.conftest import ROOT
from tests.store.test_serve import kg_serve, seed_store  # noqa: F401  (seed_store is a fixture)

CLIENTS = 16
SECONDS = 5.0
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # the seed store's TriG parser


@pytest.fixture(scope="module")
def endpoint_load():
    """benchmarks/endpoint_load.py as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("endpoint_load", ROOT / "benchmarks" / "endpoint_load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_sixteen_clients_get_every_answer_right_and_none_fails(seed_store, endpoint_load):
    queries = endpoint_load.project_queries()
    assert len(queries) >= 8, "the load asks every query in queries/"
    expected = endpoint_load.expected_answers(seed_store, queries)
    assert sum(len(rows) for _, rows in expected.values()) > 0, "the seed store answers some of them"
    with kg_serve(seed_store) as server:
        load = endpoint_load.load(server.port, queries, CLIENTS, SECONDS, expected)
        assert server.stop() == 0
    assert load.failed == [] and load.wrong == [], str(load)
    assert load.served >= CLIENTS * len(queries), f"each client asks each query at least once: {load}"
    assert load.percentile(0.99) < endpoint_load.REQUEST_TIMEOUT


def test_the_load_counts_failed_requests_and_wrong_answers(seed_store, endpoint_load):
    """The counts above could fail: a request the server refuses, and a right-looking wrong answer, are caught."""
    queries = endpoint_load.project_queries()
    name = next(iter(queries))
    with kg_serve(seed_store) as server:
        refused = endpoint_load.load(server.port, {"broken": "SELECT WHERE {"}, 2, 0.5)
        wrong = endpoint_load.load(server.port, {name: queries[name]}, 2, 0.5, {name: ((), ())})
        assert server.stop() == 0
    assert refused.served == 0 and refused.failed and all("HTTP 400" in why for why in refused.failed)
    assert wrong.failed == [] and wrong.served > 0 and len(wrong.wrong) == wrong.served
