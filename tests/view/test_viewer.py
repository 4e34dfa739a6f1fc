"""kg.view.viewer: the self-contained graph.html page, checked as text and in a real headless Chromium.

The browser tests drive Debian's Chromium through Playwright (tests/browser.py):
they type in the search box, tick filters and click the canvas with the mouse,
and every page is watched for requests that leave the machine.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, SKOS

from kg.keys import slug
from kg.rdf.graph import Minter, add_document, new_graph
from kg.rdf.namespace import KG
from kg.rdf.ontology import entity_class_names
from kg.records import Document, Entity, Evidence, Statement
from kg.view.network import to_networkx
from kg.view.stats import most_central
from kg.view.viewer import FAMILY_SHAPES, TYPE_COLOURS, family, render_html, viewer_data
from tests.browser import open_viewer, watched_page
from tests.conftest import ROOT
from tests.view.synthetic import corpus_graph

PAYLOAD = "<img src=x onerror=document.title='pwned'> <script>document.title='pwned2'</script>"
# The same payload as the page's JSON data holds it: <, >, & and ' escaped.
PAYLOAD_IN_JSON = (
    "\\u003cimg src=x onerror=document.title=\\u0027pwned\\u0027\\u003e "
    "\\u003cscript\\u003edocument.title=\\u0027pwned2\\u0027\\u003c/script\\u003e"
)
# Articles that should each give a relation read from the sentence holding the payload;
# the first one that does is used (the extraction rules evolve).
INJECTED_ARTICLES = [
    f'Acme Corp, based in Denver, sued Globex Inc over a patent called "{PAYLOAD}" on Monday, the lawyer wrote.\n',
    f'Acme Corp sued Globex Inc over the "{PAYLOAD}" patent on Monday.\n',
    f"The lawyer said Acme Corp sued Globex Inc over the {PAYLOAD} patent in Denver on Monday.\n",
]
ARTICLE_NAME = "a&b<i>.txt"  # a file name that needs HTML escaping
REMOTE_REFERENCE = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*https?://""", re.I)
DATA = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)
LARGE_ARTICLES = 300
OPEN_WITHIN = 5.0  # seconds for the 300-article page to open and settle


def page_data(page: str) -> dict:
    found = DATA.search(page)
    assert found, "the page has no JSON data block"
    return json.loads(found.group(1))


def title_of(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match, "the page has no <title>"
    return match.group(1)


def assert_self_contained(page: str) -> None:
    remote = REMOTE_REFERENCE.findall(page)
    assert not remote, f"the page loads remote resources: {remote}"
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page), "every script must be inlined"
    assert not re.search(r"url\(\s*['\"]?https?://", page), "CSS must not load remote files"
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    assert any("vis-network" in body and len(body) > 200_000 for _, body in scripts), "vis-network is not inlined"
    assert "new vis.Network" in page, "the page must draw with vis-network"
    data_blocks = [attrs for attrs, _ in scripts if 'id="kg-data"' in attrs]
    assert data_blocks == [' type="application/json" id="kg-data"'], "the data must sit in one non-executable block"


# --- render_html on a hand-made network ------------------------------------------------


@pytest.fixture
def small_network() -> nx.MultiDiGraph:
    network = nx.MultiDiGraph(documents={"ex:doc": {"title": "news & views", "date": "2024-05-17", "path": "n.txt"}})
    network.add_node("ex:acme", label="Acme </script><script>alert('label')</script>", type="Company", aliases=["Acme"],
                     documents=["ex:doc"])
    network.add_node("ex:globex", label="Globex & Co", type="Company", aliases=[], documents=["ex:doc"])
    network.add_node("ex:denver", label="Denver", type="City", aliases=[], same_as=["https://sws.geonames.org/5419384/"],
                     documents=["ex:doc"])
    network.add_node("ex:lonely", label="Lonely", type="Person", aliases=[], documents=["ex:doc"])
    common = dict(modality="fact", confidence=0.9, document="news & views", document_iri="ex:doc", rule="r",
                  background=False)
    network.add_edge("ex:acme", "ex:globex", key="s1", predicate="sues", polarity="positive",
                     sentence="Acme sued Globex.", mark=(0, 16), **common)
    network.add_edge("ex:globex", "ex:denver", key="s2", predicate="based_in", polarity="negative",
                     sentence="Globex is not based in Denver.", mark=None, **common)
    return network


def test_render_html_is_self_contained(small_network):
    assert_self_contained(render_html(small_network))


def test_render_html_escapes_the_title(small_network):
    page = render_html(small_network, title="a&b </title><script>alert('t')</script>")
    assert title_of(page) == "a&amp;b &lt;/title&gt;&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;"
    assert "<script>alert('t')" not in page
    assert page_data(page)["title"] == "a&b </title><script>alert('t')</script>"


def test_data_block_escapes_markup_and_reads_back(small_network):
    page = render_html(small_network)
    raw = DATA.search(page).group(1)
    assert not set("<>&'") & set(raw), "the JSON block must not hold <, >, & or ' as such"
    assert "</script><script>alert('label')" not in page, "a node label closed the page's <script>"
    assert "Acme \\u003c/script\\u003e\\u003cscript\\u003ealert(\\u0027label\\u0027)" in raw
    data = page_data(page)
    assert {n["label"] for n in data["nodes"]} == {d["label"] for _, d in small_network.nodes(data=True)}
    assert data["articles"] == [{"iri": "ex:doc", "title": "news & views", "date": "2024-05-17", "path": "n.txt"}]


def test_data_ranks_entities_and_groups_relations(small_network):
    data = viewer_data(small_network)
    ranked = [str(node) for node in most_central(small_network)]
    assert [n["iri"] for n in data["nodes"]] == ranked, "entities come most central first"
    assert data["nodes"][0]["label"] == "Globex & Co" and data["nodes"][-1]["label"] == "Lonely"
    relations = {(data["nodes"][r["from"]]["label"], r["predicate"], r["negated"]): r for r in data["relations"]}
    assert set(relations) == {("Acme </script><script>alert('label')</script>", "sues", False),
                              ("Globex & Co", "based_in", True)}
    sues = relations[("Acme </script><script>alert('label')</script>", "sues", False)]["statements"]
    assert sues[0]["mark"] == [0, 16] and sues[0]["article"] == 0
    denver = next(n for n in data["nodes"] if n["label"] == "Denver")
    assert denver["sameAs"] == ["https://sws.geonames.org/5419384/"] and denver["degree"] == 1


def test_every_class_has_a_colour_and_its_family_a_shape():
    classes = entity_class_names() - {"Actor"}  # Actor is abstract: entities are typed below it
    assert classes <= set(TYPE_COLOURS), f"classes without a colour: {classes - set(TYPE_COLOURS)}"
    assert len(set(TYPE_COLOURS.values())) == len(TYPE_COLOURS), "two classes share a colour"
    assert {family(c) for c in classes} == set(FAMILY_SHAPES), "every family is used and has a shape"
    assert family("Government") == family("ArmedForce") == "Organization" and family("Country") == "Place"
    assert len(set(FAMILY_SHAPES.values())) == len(FAMILY_SHAPES)


@pytest.mark.parametrize("vision", ["normal", "protan", "deutan", "tritan"])
def test_colours_of_one_shape_stay_apart_for_colour_blind_readers(vision):
    """Entities drawn with one shape (one family) differ by at least 15 CIEDE2000 units, for normal vision and
    with protanopia, deuteranopia and tritanopia simulated (coloraide, Brettel/Viénot-style filters)."""
    from coloraide import Color

    families: dict[str, list[str]] = {}
    for name in TYPE_COLOURS:
        families.setdefault(family(name), []).append(name)
    seen = {name: Color(colour) if vision == "normal" else Color(colour).filter(vision)
            for name, colour in TYPE_COLOURS.items()}
    closest = min((seen[a].delta_e(seen[b], method="2000"), a, b)
                  for names in families.values() for a, b in itertools.combinations(names, 2))
    assert closest[0] >= 15, f"{closest[1]} and {closest[2]} look alike ({vision}): ΔE {closest[0]:.1f}"


def test_the_same_network_gives_the_same_page(small_network):
    assert render_html(small_network) == render_html(small_network.copy())


# --- the seed article's graph.html -----------------------------------------------------


@pytest.fixture(scope="module")
def seed_network(seed_graph) -> nx.MultiDiGraph:
    return to_networkx(seed_graph)


def test_seed_page_is_self_contained(seed_build):
    assert_self_contained((seed_build / "graph.html").read_text(encoding="utf-8"))


def test_committed_page_matches_the_code(seed_build):
    committed = (ROOT / "outputs" / "graph.html").read_bytes()
    assert committed == (seed_build / "graph.html").read_bytes(), \
        "outputs/graph.html is stale: run 'make run' and commit outputs/"


def test_institution_links_are_drawn(seed_build):
    # "Moscow's approach" makes a "government of Russia" that belongs to Russia: the viewer shows that link
    data = page_data((seed_build / "graph.html").read_text(encoding="utf-8"))
    owned = [(n["label"], data["nodes"][n["institutionOf"]]["label"]) for n in data["nodes"] if n["institutionOf"] is not None]
    assert ("government of Russia", "Russia") in owned


def test_marks_are_the_statements_words(seed_graph, seed_build):
    data = page_data((seed_build / "graph.html").read_text(encoding="utf-8"))
    marked = 0
    for relation in data["relations"]:
        for statement in relation["statements"]:
            node = next(s for s in seed_graph.subjects(RDF.type, KG.Statement) if str(s) == statement["iri"]) \
                if not relation["background"] else None
            if node is None:
                assert statement["mark"] is None
                continue
            start = int(seed_graph.value(node, KG.sentenceStart))
            span = (int(seed_graph.value(node, KG.spanStart)) - start, int(seed_graph.value(node, KG.spanEnd)) - start)
            assert statement["mark"] == list(span)
            assert 0 <= span[0] < span[1] <= len(statement["sentence"])
            marked += 1
    assert marked == len(set(seed_graph.subjects(RDF.type, KG.Statement)))


def drawn(page) -> dict:
    """What the page draws now: node ids and edge ids (vis-network's data sets)."""
    return page.evaluate("""() => ({
        nodes: kgViewer.nodes.getIds(), edges: kgViewer.edges.getIds(),
        note: document.getElementById('kg-note').textContent })""")


def test_chromium_draws_the_seed_graph(browser, seed_build, seed_network):
    with watched_page(browser) as watched:
        open_viewer(watched, seed_build / "graph.html")
        page = watched.page
        assert page.locator("#mynetwork canvas").count() == 1
        shown = drawn(page)
        related = {n for n in seed_network if seed_network.degree(n) > 0}
        assert len(shown["nodes"]) == len(related), "entities with relations are drawn, the others hidden"
        isolated = seed_network.number_of_nodes() - len(related)
        assert f"{isolated} entities without relations hidden" in shown["note"] or isolated == 0
        page.click("[data-toggle=hideIsolated]")
        assert len(drawn(page)["nodes"]) == seed_network.number_of_nodes()
        assert watched.errors == [] and watched.remote == []


def test_search_finds_an_entity_by_alias_and_the_panel_shows_it(browser, seed_build, seed_graph, seed_network):
    def names(data: dict) -> list[str]:
        return [data["label"].lower(), *(a.lower() for a in data["aliases"])]

    # an alias (not a label) that only one entity's names contain
    candidates = sorted((str(alias), entity) for entity in seed_network for alias in seed_graph.objects(entity, SKOS.altLabel)
                        if len(str(alias)) > 3 and sum(any(str(alias).lower() in name for name in names(d))
                                                       for _, d in seed_network.nodes(data=True)) == 1)
    assert candidates, "the seed has no entity with a distinctive alias"
    alias, entity = candidates[0]
    label = seed_network.nodes[entity]["label"]
    with watched_page(browser) as watched:
        open_viewer(watched, seed_build / "graph.html")
        page = watched.page
        page.fill("#kg-search", alias.lower())
        results = page.locator("#kg-search-results li")
        assert results.count() == 1 and label in results.first.inner_text() and alias in results.first.inner_text()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('kg-panel').hasAttribute('data-entity')")
        assert page.inner_text("#kg-panel h2") == label
        index = int(page.get_attribute("#kg-panel", "data-entity"))
        assert page.evaluate("network.getSelectedNodes()") == [index]
        panel = page.text_content("#kg-panel")
        assert seed_network.nodes[entity]["type"] in panel and alias in panel
        statements = seed_network.degree(entity)
        assert f"{statements} statement" in panel
        for neighbour in set(seed_network.successors(entity)) | set(seed_network.predecessors(entity)):
            assert seed_network.nodes[neighbour]["label"] in panel
        assert watched.errors == [] and watched.remote == []


CLICKABLE_EDGES = """() => {
  // relations drawn as straight lines (alone between their two entities), with their midpoint on screen,
  // away from every node: clicking there can only hit the edge
  const positions = network.getPositions();
  const box = document.querySelector('#mynetwork canvas').getBoundingClientRect();
  const screen = id => network.canvasToDOM(positions[id]);
  const found = [];
  for (const id of kgViewer.edges.getIds()) {
    if (!id.startsWith('r')) continue;
    const e = kgViewer.edges.get(id);
    const pair = kgViewer.edges.get().filter(o => (o.from === e.from && o.to === e.to) || (o.from === e.to && o.to === e.from));
    if (pair.length !== 1) continue;
    const mid = network.canvasToDOM({x: (positions[e.from].x + positions[e.to].x) / 2, y: (positions[e.from].y + positions[e.to].y) / 2});
    const clear = kgViewer.nodes.getIds().every(n => Math.hypot(screen(n).x - mid.x, screen(n).y - mid.y) > 45);
    if (clear && mid.x > 5 && mid.y > 5 && mid.x < box.width - 5 && mid.y < box.height - 5)
      found.push({id: id, x: box.left + mid.x, y: box.top + mid.y});
  }
  return found;
}"""


def click_edge(page, predicate=None) -> dict:
    """Click a relation's midpoint with the mouse; returns the relation's data."""
    data = page.evaluate("kgViewer.data")
    edges = page.evaluate(CLICKABLE_EDGES)
    if predicate is not None:
        edges = [e for e in edges if predicate(data["relations"][int(e["id"][1:])])]
    assert edges, "no relation drawn where a click can reach it alone"
    target = edges[0]
    page.mouse.click(target["x"], target["y"])
    page.wait_for_function("() => document.getElementById('kg-panel').hasAttribute('data-relation')", timeout=5000)
    assert page.get_attribute("#kg-panel", "data-relation") == target["id"][1:], "the click selected another relation"
    return data["relations"][int(target["id"][1:])]


def test_clicking_an_edge_shows_its_evidence(browser, seed_build):
    with watched_page(browser) as watched:
        open_viewer(watched, seed_build / "graph.html")
        page = watched.page
        relation = click_edge(page, lambda r: not r["background"])
        data = page.evaluate("kgViewer.data")
        panel = page.text_content("#kg-panel")
        assert data["nodes"][relation["from"]]["label"] in panel and relation["predicate"] in panel
        marks = page.locator("#kg-panel mark").all_inner_texts()
        for statement in relation["statements"]:
            assert statement["sentence"] in panel
            assert statement["rule"] in panel and f"{statement['confidence']:.2f}" in panel
            assert statement["sentence"][slice(*statement["mark"])] in marks
        assert data["articles"][relation["statements"][0]["article"]]["title"] in panel
        assert page.evaluate("network.getSelectedEdges()") == [f"r{data['relations'].index(relation)}"]
        assert watched.errors == [] and watched.remote == []


def test_type_and_statement_filters(browser, seed_build):
    with watched_page(browser) as watched:
        open_viewer(watched, seed_build / "graph.html")
        page = watched.page
        data = page.evaluate("kgViewer.data")
        types = lambda ids: Counter(data["nodes"][i]["type"] for i in ids)  # noqa: E731
        before = drawn(page)
        common, count = types(before["nodes"]).most_common(1)[0]
        assert count > 1
        page.uncheck(f"[data-type={common}]")
        after = drawn(page)
        assert common not in types(after["nodes"]) and after["nodes"], f"{common} entities are still drawn"
        page.check(f"[data-type={common}]")
        assert sorted(drawn(page)["nodes"]) == sorted(before["nodes"])

        negated = [e for e in before["edges"] if e.startswith("r") and data["relations"][int(e[1:])]["negated"]]
        assert negated, "the seed has a negated statement"
        page.uncheck("[data-toggle=negated]")
        assert not set(negated) & set(drawn(page)["edges"])
        page.check("[data-toggle=negated]")

        predicate = Counter(data["relations"][int(e[1:])]["predicate"] for e in before["edges"] if e.startswith("r")).most_common(1)[0][0]
        page.click("#kg-predicates-all-none >> text=none")
        assert [e for e in drawn(page)["edges"] if e.startswith("r")] == []
        page.check(f"[data-predicate={predicate}]")
        kept = [e for e in drawn(page)["edges"] if e.startswith("r")]
        assert kept and {data["relations"][int(e[1:])]["predicate"] for e in kept} == {predicate}
        assert watched.errors == [] and watched.remote == []


def test_layout_is_seeded_and_holds_still(browser, seed_build):
    positions = []
    for _ in range(2):
        with watched_page(browser) as watched:
            open_viewer(watched, seed_build / "graph.html")
            page = watched.page
            first = page.evaluate("network.getPositions()")
            page.wait_for_timeout(400)
            assert page.evaluate("network.getPositions()") == first, "the layout still moves after stabilizing"
            assert page.evaluate("network.physics.physicsEnabled") is False
            positions.append(first)
    assert positions[0] == positions[1], "the same graph is laid out differently on a second load"


def test_panel_screenshot(browser, seed_build, tmp_path):
    """The page as a reader sees it: the central entity selected, its panel open (docs/viewer.png is made this way)."""
    from tests.view.screenshot import screenshot

    shot = screenshot(browser, seed_build / "graph.html", tmp_path / "viewer.png")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 30_000, "the screenshot is nearly blank"


# --- a graph of 300 articles ---------------------------------------------------------


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    network = to_networkx(corpus_graph(LARGE_ARTICLES))
    path = tmp_path_factory.mktemp("large") / "graph.html"
    path.write_text(render_html(network, title="300 articles"), encoding="utf-8")
    return network, path


def test_large_graph_opens_fast_with_the_most_central_drawn(browser, large):
    network, path = large
    assert len(network.graph["documents"]) == LARGE_ARTICLES
    with watched_page(browser) as watched:
        seconds = open_viewer(watched, path)
        page = watched.page
        data = page.evaluate("kgViewer.data")
        limit = data["limit"]
        assert network.number_of_nodes() > 3 * limit, "the test graph must be well above the threshold"
        assert seconds < OPEN_WITHIN, f"the page took {seconds:.1f} s to open and settle"
        shown = drawn(page)
        assert 0.8 * limit <= len(shown["nodes"]) <= limit
        ranked = [str(n) for n in most_central(network) if network.degree(n) > 0][:limit]
        assert {data["nodes"][i]["iri"] for i in shown["nodes"]} <= set(ranked), "a drawn entity is not among the most central"
        connected = sum(1 for n in network if network.degree(n) > 0)
        assert f"most central of {connected:,} entities" in shown["note"] and f"{len(shown['nodes'])}" in shown["note"]
        # names are legible at the default zoom: the central ones labelled, at 12 px or more on screen
        sizes = page.evaluate("""() => kgViewer.nodes.get().filter(n => n.label).map(
            n => network.body.nodes[n.id].options.font.size * network.getScale())""")
        assert len(sizes) >= 30 and min(sizes) >= 12, sizes[:5]
        page.click("#kg-show-more")
        page.wait_for_function(f"() => kgViewer.nodes.length > {len(shown['nodes'])}")
        assert limit < len(drawn(page)["nodes"]) <= 2 * limit
        assert watched.errors == [] and watched.remote == []


def test_search_draws_and_centres_an_entity_beyond_the_threshold(browser, large):
    network, path = large
    with watched_page(browser) as watched:
        open_viewer(watched, path)
        page = watched.page
        data = page.evaluate("kgViewer.data")
        shown = set(drawn(page)["nodes"])
        labels = Counter(n["label"] for n in data["nodes"])
        hidden = max(i for i, n in enumerate(data["nodes"]) if n["degree"] and i not in shown and labels[n["label"]] == 1)
        page.fill("#kg-search", data["nodes"][hidden]["label"])
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => kgViewer.nodes.get({hidden}) !== null && !network.physics.physicsEnabled")
        assert page.text_content("#kg-panel h2") == data["nodes"][hidden]["label"]
        assert page.evaluate("network.getSelectedNodes()") == [hidden]
        centre, position = page.evaluate(f"[network.getViewPosition(), network.getPositions([{hidden}])[{hidden}]]")
        assert abs(centre["x"] - position["x"]) < 1 and abs(centre["y"] - position["y"]) < 1, "the view is not on it"
        assert set(drawn(page)["nodes"]) >= shown
        assert watched.errors == [] and watched.remote == []


def test_article_filter_on_the_large_graph(browser, large):
    network, path = large
    with watched_page(browser) as watched:
        open_viewer(watched, path)
        page = watched.page
        data = page.evaluate("kgViewer.data")
        page.click("#kg-articles-all-none >> text=none")
        assert drawn(page)["nodes"] == []
        busiest = Counter(s["article"] for r in data["relations"] for s in r["statements"]).most_common(1)[0][0]
        page.check(f"[data-article='{busiest}']")
        shown = drawn(page)
        assert shown["nodes"]
        for edge in shown["edges"]:
            if edge.startswith("r"):
                assert any(s["article"] == busiest for s in data["relations"][int(edge[1:])]["statements"])
        assert watched.errors == [] and watched.remote == []


# --- untrusted text ------------------------------------------------------------------


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """Build, with kg, an article whose relation sentence carries an HTML/JS payload."""
    from kg.build import build
    from kg.rdf.files import load_graph

    tried = []
    for number, text in enumerate(INJECTED_ARTICLES):
        folder = tmp_path_factory.mktemp(f"injected-{number}")
        article = folder / ARTICLE_NAME
        article.write_text(text, encoding="utf-8")
        out = folder / "out"
        build([article], out)
        graph = load_graph(out / "graph.ttl")
        sentences = [str(graph.value(s, KG.sentence)) for s in graph.subjects(RDF.type, KG.Statement)]
        if any(PAYLOAD in sentence for sentence in sentences):
            return out
        tried.append(sentences)
    raise AssertionError(f"no test article gave a statement whose sentence holds the payload: {tried}")


def test_payload_only_reaches_the_page_as_escaped_json(injected):
    page = (injected / "graph.html").read_text(encoding="utf-8")
    assert PAYLOAD_IN_JSON in DATA.search(page).group(1), "the payload sentence should be in the data, escaped"
    assert "<img src=x" not in page, "the payload's <img> is in the page unescaped"
    assert "<script>document.title" not in page, "the payload's <script> is in the page unescaped"
    assert "pwned2'</script>" not in page, "the payload's </script> could close the page's script"
    assert_self_contained(page)


def test_document_name_is_escaped_in_the_title(injected):
    page = (injected / "graph.html").read_text(encoding="utf-8")
    assert title_of(page) == "kg: a&amp;b&lt;i&gt;.txt"


def assert_nothing_ran(page, title: str) -> None:
    assert page.evaluate("document.querySelectorAll('img').length") == 0, "article text became an <img> element"
    assert page.evaluate("document.scripts.length") == 3, "article text added a <script> element"
    assert page.title() == title, "injected code changed the page's title"


def test_chromium_runs_no_injected_code(browser, injected):
    """Open the payload's relation from the search and the entity panel, then with the mouse and tooltip."""
    with watched_page(browser) as watched:
        open_viewer(watched, injected / "graph.html")
        page = watched.page
        data = page.evaluate("kgViewer.data")
        index = next(i for i, r in enumerate(data["relations"]) if any(PAYLOAD in s["sentence"] for s in r["statements"]))
        subject = data["nodes"][data["relations"][index]["from"]]["label"]
        page.fill("#kg-search", subject[:4])
        page.click(f"#kg-search-results button[data-node='{data['relations'][index]['from']}']")
        assert page.inner_text("#kg-panel h2") == subject
        page.click(f"#kg-panel button[data-relation='{index}']")
        assert PAYLOAD in page.text_content("#kg-panel"), "the panel must show the sentence as text"
        assert "a&b<i>.txt" in page.text_content("#kg-panel"), "the panel must name the article"
        assert_nothing_ran(page, "kg: a&b<i>.txt")

        # the tooltip on hover shows the sentence as text too
        page.evaluate("network.fit({animation: false})")
        point = page.evaluate(f"""() => {{
            const box = document.querySelector('#mynetwork canvas').getBoundingClientRect();
            const mid = network.canvasToDOM(network.body.edges['r{index}'].edgeType.getPoint(0.5));
            return {{x: box.left + mid.x, y: box.top + mid.y}}; }}""")
        page.mouse.move(point["x"] - 30, point["y"] - 30)
        page.mouse.move(point["x"], point["y"], steps=5)
        page.wait_for_selector(".vis-tooltip", state="visible", timeout=5000)
        tooltip = page.inner_text(".vis-tooltip")
        assert PAYLOAD in tooltip and "a&b<i>.txt" in tooltip
        assert_nothing_ran(page, "kg: a&b<i>.txt")
        assert watched.errors == [] and watched.remote == []


@pytest.fixture(scope="module")
def hostile_names(tmp_path_factory) -> Path:
    """A graph whose names, aliases, article title and sentence all carry the payload (kg's RDF writer)."""
    hostile = Entity(key=slug(f"Acme {PAYLOAD}"), name=f"Acme {PAYLOAD}", type="Company",
                     aliases=frozenset({f"alias {PAYLOAD}"}), same_as="javascript:alert(1)")
    other = Entity(key="globex", name="Globex", type="Company")
    sentence = f"Acme {PAYLOAD} sued Globex."
    statement = Statement(subject=hostile, predicate="sues", object=other, rule="sues/test", confidence=0.8,
                          evidence=Evidence(sentence, 0, len(sentence), 0, len(sentence) - 1))
    text = sentence + "\n"
    document = Document(name="x.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), title=f"Title {PAYLOAD}")
    graph = new_graph()
    add_document(graph, document, [hostile, other], [statement], Minter())
    path = tmp_path_factory.mktemp("hostile") / "graph.html"
    path.write_text(render_html(to_networkx(graph), title="hostile"), encoding="utf-8")
    return path


def test_names_titles_and_search_results_stay_text(browser, hostile_names):
    with watched_page(browser) as watched:
        open_viewer(watched, hostile_names)
        page = watched.page
        page.fill("#kg-search", "onerror")
        result = page.locator("#kg-search-results li").first
        assert f"Acme {PAYLOAD}" in result.inner_text()
        assert_nothing_ran(page, "hostile")
        result.locator("button").click()
        panel = page.text_content("#kg-panel")
        assert f"Acme {PAYLOAD}" in panel and f"alias {PAYLOAD}" in panel
        assert page.locator("#kg-panel a").count() == 0, "a javascript: IRI must not become a link"
        page.click("#kg-panel button[data-relation='0']")
        assert f"Title {PAYLOAD}" in page.text_content("#kg-panel")
        assert_nothing_ran(page, "hostile")
        page.click("[data-toggle=hideIsolated]")  # the filter lists show names and titles too
        assert f"Title {PAYLOAD}" in page.inner_text("#kg-filter-articles")
        assert_nothing_ran(page, "hostile")
        assert watched.errors == [] and watched.remote == []


# --- in a notebook -----------------------------------------------------------------------


def test_notebook_output_draws_the_same_viewer(browser, seed_build, tmp_path):
    import kg

    shown = kg.show(seed_build / "graph.ttl")
    built = page_data((seed_build / "graph.html").read_text(encoding="utf-8"))
    assert {**page_data(shown.html), "title": ""} == {**built, "title": ""}, "kg.show draws what graph.html draws"
    notebook = tmp_path / "notebook.html"
    notebook.write_text(f"<!DOCTYPE html><html><body><p>cell output:</p>{shown._repr_html_()}</body></html>", encoding="utf-8")
    with watched_page(browser) as watched:
        watched.page.goto(notebook.as_uri())
        frame = watched.page.frame_locator("iframe")
        frame.locator("body[data-kg-ready]").wait_for(timeout=20_000)
        assert frame.locator("#mynetwork canvas").count() == 1
        central = built["nodes"][0]["label"]
        frame.locator("#kg-search").fill(central)
        frame.locator("#kg-search").press("Enter")
        assert frame.locator("#kg-panel h2").inner_text() == central
        assert watched.errors == [] and watched.remote == []
