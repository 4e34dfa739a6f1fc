"""Untrusted text in every place a page shows it, in a real Chromium: nothing runs, everything reads literally.

Article text reaches kg's pages as names, aliases, titles, sentences, and
(from a graph file made elsewhere) as type and predicate names, dates,
rules and IRIs. Each field here carries markup that would run if it were
ever parsed as HTML (an ``<img onerror>``, a ``</script>`` closing the
page's script, a ``javascript:`` link); the page must show each as text,
set no flag, open no dialog and add no element. tests/view/test_viewer.py
covers the sentence, names, aliases and article title of a graph kg built;
this adds the legend (types), the relation filters and labels (predicates),
the page title, the panel's every row, both tooltips, and the served query
page (Oxigraph's YASGUI) showing hostile results.
"""
from __future__ import annotations

import urllib.parse

import networkx as nx
import pytest

from kg.store.database import open_store
from kg.view.viewer import render_html
from tests.browser import open_viewer, watched_page
from tests.store.test_serve import DEADLINE, kg_serve

IMG = '<img src=x onerror="window.kgPwned=1;alert(1)">'
SCRIPT = "</script><script>window.kgPwned=2;alert(2)</script>"
LINK = "javascript:window.kgPwned=3"
HOSTILE = f'{IMG} {SCRIPT} <a href="{LINK}">link</a>'
ATTRIBUTE_URL = 'https://example.org/"onmouseover="window.kgPwned=4'  # an http(s) IRI that tries to leave its attribute
TITLE = f"kg: {HOSTILE}"
TRAPS = "[onerror],[onmouseover],[onclick],a[href^='javascript'],iframe,object,embed"


def hostile_network() -> nx.MultiDiGraph:
    network = nx.MultiDiGraph(documents={f"http://example.org/doc/{HOSTILE}": {
        "title": f"Title {HOSTILE}", "date": f"date {HOSTILE}", "path": f"path {HOSTILE}"}})
    document = next(iter(network.graph["documents"]))
    network.add_node(f"http://example.org/acme/{HOSTILE}", label=f"Acme {HOSTILE}", type=f"Type {HOSTILE}",
                     aliases=[f"alias {HOSTILE}"], same_as=[LINK, ATTRIBUTE_URL], documents=[document])
    network.add_node("http://example.org/globex", label="Globex", type="Company", aliases=[], documents=[document])
    network.add_edge(f"http://example.org/acme/{HOSTILE}", "http://example.org/globex", key=f"http://example.org/st/{HOSTILE}",
                     predicate=f"pred {HOSTILE}", polarity="positive", modality=f"modality {HOSTILE}",
                     sentence=f"Acme {HOSTILE} sued Globex.", mark=(0, 4), confidence=0.9, document=f"Title {HOSTILE}",
                     document_iri=document, attribution=f"speaker {HOSTILE}", time=f"time {HOSTILE}",
                     rule=f"rule {HOSTILE}", background=False)
    return network


def watch_dialogs(page) -> list[str]:
    dialogs: list[str] = []

    def seen(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", seen)
    return dialogs


def assert_nothing_ran(page, dialogs: list[str], scripts: int) -> None:
    assert dialogs == [], f"injected code opened dialogs: {dialogs}"
    assert page.evaluate("window.kgPwned") is None, "injected code ran"
    assert page.evaluate("document.querySelectorAll('img').length") == 0, "text became an <img> element"
    assert page.evaluate(f"document.querySelectorAll({TRAPS!r}).length") == 0, "text became an attribute or element"
    assert page.evaluate("document.scripts.length") == scripts, "text added a <script> element"


def hover(page, script: str, expected: str) -> str:
    """Move the mouse onto a point of the drawing (script gives it in canvas coordinates) until the tooltip
    shows the expected text; the tooltip's text."""
    point = page.evaluate(f"""() => {{
        const box = document.querySelector('#mynetwork canvas').getBoundingClientRect();
        const at = network.canvasToDOM({script});
        return {{x: box.left + at.x, y: box.top + at.y}}; }}""")
    page.mouse.move(point["x"] - 30, point["y"] - 30)
    page.mouse.move(point["x"], point["y"], steps=5)
    page.wait_for_function("expected => { const tip = document.querySelector('.vis-tooltip');"
                           " return tip && tip.style.visibility !== 'hidden' && tip.innerText.includes(expected); }",
                           arg=expected, timeout=5000)
    return page.inner_text(".vis-tooltip")


def test_every_place_in_the_viewer_shows_hostile_text_as_text(browser, tmp_path):
    path = tmp_path / "hostile.html"
    path.write_text(render_html(hostile_network(), title=TITLE), encoding="utf-8")
    with watched_page(browser) as watched:
        page = watched.page
        dialogs = watch_dialogs(page)
        open_viewer(watched, path)
        assert page.title() == TITLE and page.inner_text("#kg-title") == TITLE, "the page title, literally"
        assert f"Type {HOSTILE}" in page.inner_text("#kg-filter-types"), "the legend"
        assert f"pred {HOSTILE}" in page.inner_text("#kg-filter-predicates"), "the relation filters"
        assert f"Title {HOSTILE}" in page.inner_text("#kg-filter-articles")
        assert_nothing_ran(page, dialogs, 3)

        page.fill("#kg-search", "onerror")  # the search results
        result = page.inner_text("#kg-search-results")
        assert f"Acme {HOSTILE}" in result and f"Type {HOSTILE}" in result
        page.fill("#kg-search", "alias")
        assert f"alias {HOSTILE}" in page.inner_text("#kg-search-results")
        page.click("#kg-search-results button[data-node]")
        panel = page.text_content("#kg-panel")  # the entity panel
        for text in (f"Acme {HOSTILE}", f"Type {HOSTILE}", f"alias {HOSTILE}", f"http://example.org/acme/{HOSTILE}",
                     f"pred {HOSTILE}", f"Title {HOSTILE}"):
            assert text in panel, text
        links = page.evaluate("Array.from(document.querySelectorAll('#kg-panel a')).map(a => a.getAttribute('href'))")
        assert links == [ATTRIBUTE_URL], "only the http(s) IRI is a link, its quote kept inside the href"
        assert_nothing_ran(page, dialogs, 3)

        page.click("#kg-panel button[data-relation='0']")
        panel = page.text_content("#kg-panel")  # the relation panel: sentence, article and every qualifier
        for text in (f"Acme {HOSTILE} sued Globex.", f"pred {HOSTILE}", f"Title {HOSTILE} · date {HOSTILE}",
                     f"modality {HOSTILE}", f"speaker {HOSTILE}", f"time {HOSTILE}", f"rule {HOSTILE}"):
            assert text in panel, text
        assert_nothing_ran(page, dialogs, 3)

        page.evaluate("network.fit({animation: false})")
        acme = page.evaluate("kgViewer.data.nodes.findIndex(n => n.label.startsWith('Acme'))")
        tooltip = hover(page, f"network.getPositions([{acme}])[{acme}]", "also: ")  # the entity's tooltip
        assert f"Acme {HOSTILE}" in tooltip and f"Type {HOSTILE}" in tooltip and f"alias {HOSTILE}" in tooltip
        tooltip = hover(page, "network.body.edges['r0'].edgeType.getPoint(0.5)", "click for")  # the relation's
        assert f"pred {HOSTILE}" in tooltip and f"Acme {HOSTILE} sued Globex." in tooltip and f"Title {HOSTILE}" in tooltip
        assert page.title() == TITLE
        assert_nothing_ran(page, dialogs, 3)
        assert watched.errors == [] and watched.remote == []


KG = "https://w3id.org/kg-news/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def hostile_store(path) -> None:
    """A store whose one statement has a hostile subject name, object name and sentence, as kg writes them."""
    def literal(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    graph, st, a, b = ("<http://example.org/doc/1>", "<http://example.org/st/1>", "<http://example.org/acme>",
                       "<http://example.org/globex>")
    lines = [f"{st} <{RDF}type> <{KG}Statement> {graph} .", f"{st} <{RDF}subject> {a} {graph} .",
             f"{st} <{RDF}predicate> <{KG}sues> {graph} .", f"{st} <{RDF}object> {b} {graph} .",
             f"{st} <{KG}sentence> {literal(f'Acme {HOSTILE} sued Globex.')} {graph} .",
             f"{a} <{RDFS}label> {literal(f'Acme {HOSTILE}')} {graph} .",
             f"{b} <{RDFS}label> {literal(f'Globex {HOSTILE}')} {graph} ."]
    import pyoxigraph as ox

    with open_store(path, create=True) as store:
        store.load(("\n".join(lines) + "\n").encode(), format=ox.RdfFormat.N_QUADS)


def test_the_served_query_page_shows_hostile_results_as_text(browser, tmp_path):
    """kg serve's query page is Oxigraph's YASGUI; kg's link carries only kg's own example query."""
    hostile_store(tmp_path / "store")
    with kg_serve(tmp_path / "store") as server:
        line = server.process.stdout.readline().strip()
        link = line[line.index(server.root):]
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(link).fragment)["query"][0].endswith(
            "LIMIT 100\n"), "the link holds kg's example query and nothing from the store"
        with watched_page(browser, allow=(server.root + "/",)) as watched:
            page = watched.page
            dialogs = watch_dialogs(page)
            page.goto(link)
            page.wait_for_selector(".CodeMirror", timeout=DEADLINE * 1000)
            scripts = page.evaluate("document.scripts.length")
            page.click(".yasqe_queryButton")
            page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=DEADLINE * 1000)
            table = page.inner_text(".yasr table.dataTable tbody")
            assert f"Acme {HOSTILE}" in table and f"Globex {HOSTILE}" in table and f"Acme {HOSTILE} sued Globex." in table
            assert_nothing_ran(page, dialogs, scripts)
            assert watched.errors == []
        assert server.stop() == 0


def test_a_type_outside_kg_ontology_is_drawn_as_other():
    """An untyped entity ("Thing") or another vocabulary's type, in a graph made elsewhere, is no crash."""
    from kg.view.viewer import OTHER_SHAPE, family, viewer_data

    assert family("Thing") == family("Type <b>") == "Other" and family("Government") == "Organization"
    types = viewer_data(hostile_network())["types"]
    assert [t["shape"] for t in types if t["name"].startswith("Type ")] == [OTHER_SHAPE]
