"""`kg serve` prints a link that opens its query page ready to use: kg's prefixes and an example query."""
from __future__ import annotations

import urllib.parse

import pytest

from kg.store.serve import EXAMPLE_QUERY, example_query
from tests.browser import watched_page
from tests.store.test_serve import DEADLINE, kg_serve, seed_store  # noqa: F401 - seed_store is a fixture

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
RESULT_ROWS = ".yasr table.dataTable tbody tr"


def test_the_printed_link_opens_the_example_query_with_kg_prefixes(seed_store, seed_graph, browser):  # noqa: F811
    expected = len(list(seed_graph.query(example_query())))
    assert expected > 0, "the example query answers on the seed"
    with kg_serve(seed_store) as server:
        # printed with the first line, in one go: it is in the pipe (or already in its buffer) by now
        line = server.process.stdout.readline().strip()
        prefix = "query page with kg's prefixes and an example query: "
        assert line.startswith(prefix + server.root + "/#"), line
        link = line[len(prefix):]
        fields = urllib.parse.parse_qs(urllib.parse.urlsplit(link).fragment)
        assert fields["endpoint"] == [f"{server.root}/query"] and "PREFIX kg: <https://w3id.org/kg-news/ontology#>" in fields["query"][0]
        with watched_page(browser, allow=(server.root + "/",)) as watched:
            page = watched.page
            page.goto(link)
            page.wait_for_selector(".CodeMirror", timeout=DEADLINE * 1000)
            text = page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
            assert text.strip() == example_query().strip()
            assert EXAMPLE_QUERY.splitlines()[1] in text
            page.click(".yasqe_queryButton")
            page.wait_for_selector(RESULT_ROWS, timeout=DEADLINE * 1000)
            assert page.locator(RESULT_ROWS).count() == min(expected, 100)
            assert f"{server.root}/query" in watched.requests, "the page asked kg's endpoint"
            assert watched.errors == []
        server.stop()
