"""kg.view.viewer: the self-contained graph.html page, checked as text and in a real headless Chromium."""
from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF

from kg.rdf.namespace import KG
from kg.view.viewer import render_html

PAYLOAD = "<img src=x onerror=document.title='pwned'> <script>document.title='pwned2'</script>"
# The same payload as jinja's tojson writes it inside the page's JSON data.
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
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=8000",
]


def run_chromium(chromium: str, profile: Path, page: Path, *extra: str) -> subprocess.CompletedProcess:
    run = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert run.returncode == 0, f"chromium failed ({run.returncode}): {run.stderr[-2000:]}"
    return run


def dump_dom(chromium: str, tmp_path: Path, page: Path) -> str:
    dom = run_chromium(chromium, tmp_path / "profile-dom", page, "--window-size=1200,800", "--dump-dom").stdout
    assert "</html>" in dom, f"no DOM dumped: {dom[:500]!r}"
    return dom


def title_of(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match, "the page has no <title>"
    return match.group(1)


def assert_self_contained(page: str) -> None:
    remote = REMOTE_REFERENCE.findall(page)
    assert not remote, f"the page loads remote resources: {remote}"
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", re.sub(r"<!--.*?-->", "", page, flags=re.S)), (
        "every script must be inlined"
    )
    assert not re.search(r"url\(\s*['\"]?https?://", page), "CSS must not load remote files"
    assert "new vis.Network" in page, "the page must draw with vis-network"
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S)
    library = [s for s in scripts if "vis-network" in s and len(s) > 200_000]
    assert library, "vis-network's code is not inlined in the page"


# --- render_html on a hand-made network ------------------------------------------------


@pytest.fixture
def small_network() -> nx.MultiDiGraph:
    network = nx.MultiDiGraph()
    network.add_node("ex:acme", label="Acme </script><script>alert('label')</script>", type="Company", aliases=["Acme"])
    network.add_node("ex:globex", label="Globex & Co", type="Company", aliases=[])
    network.add_node("ex:denver", label="Denver", type="City", aliases=[])
    common = dict(modality="fact", confidence=0.9, document="news.txt")
    network.add_edge("ex:acme", "ex:globex", key="s1", predicate="sues", polarity="positive",
                     sentence="Acme sued Globex.", **common)
    network.add_edge("ex:globex", "ex:denver", key="s2", predicate="based_in", polarity="negative",
                     sentence="Globex is not based in Denver.", **common)
    return network


def test_render_html_is_self_contained(small_network):
    assert_self_contained(render_html(small_network))


def test_render_html_escapes_the_title(small_network):
    page = render_html(small_network, title="a&b </title><script>alert('t')</script>")
    assert title_of(page) == "a&amp;b &lt;/title&gt;&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;"
    assert "<script>alert('t')" not in page


def test_render_html_keeps_labels_inside_json(small_network):
    page = render_html(small_network)
    assert "</script><script>alert('label')" not in page, "a node label closed the page's <script>"
    assert "Acme \\u003c/script\\u003e\\u003cscript\\u003ealert(\\u0027label\\u0027)" in page
    assert '"label": "Globex \\u0026 Co"' in page


def test_render_html_draws_negated_edges_dashed(small_network):
    page = render_html(small_network)
    edges = re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", page, re.S)
    assert edges, "no edge data in the page"
    data = {e["label"]: e for e in json.loads(edges.group(1))}
    assert set(data) == {"sues", "not based_in"}
    assert data["not based_in"]["dashes"] is True and data["sues"]["dashes"] is False


def test_legend_counts_entities_and_statements(small_network):
    page = render_html(small_network)
    legend = re.search(r'<div id="kg-legend".*?</div>', page, re.S)
    assert legend, "no legend"
    assert "3 entities, 2 statements" in legend.group(0)
    assert "City" in legend.group(0) and "Company" in legend.group(0)


# --- the seed article's graph.html -----------------------------------------------------


def test_seed_page_is_self_contained(seed_build):
    assert_self_contained((seed_build / "graph.html").read_text(encoding="utf-8"))


def test_chromium_draws_the_seed_graph(chromium, seed_build, tmp_path):
    dom = dump_dom(chromium, tmp_path, seed_build / "graph.html")
    network = re.search(r'<div id="mynetwork"[^>]*>(.*?)</div>\s*</div>', dom, re.S)
    assert network, "no #mynetwork element in the rendered DOM"
    assert "<canvas" in network.group(1), "vis-network drew no <canvas> inside #mynetwork"
    assert "kg-legend" in dom


def test_chromium_screenshot_of_the_seed_graph(chromium, seed_build, tmp_path):
    shot = tmp_path / "graph.png"
    run_chromium(chromium, tmp_path / "profile-shot", seed_build / "graph.html",
                 "--window-size=1200,800", f"--screenshot={shot}")
    assert shot.is_file(), "Chromium wrote no screenshot"
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 800)
    assert len(data) > 10_000, f"the screenshot is nearly blank ({len(data)} bytes)"


# --- untrusted article text ------------------------------------------------------------


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
    assert PAYLOAD_IN_JSON in page, "the payload sentence should be in the edge data, <, > and ' escaped"
    assert "<img src=x" not in page, "the payload's <img> is in the page unescaped"
    assert "<script>document.title" not in page, "the payload's <script> is in the page unescaped"
    assert "pwned2'</script>" not in page, "the payload's </script> could close the page's script"
    assert_self_contained(page)


def test_document_name_is_escaped_in_the_title(injected):
    page = (injected / "graph.html").read_text(encoding="utf-8")
    assert title_of(page) == "kg: a&amp;b&lt;i&gt;.txt"


def test_chromium_runs_no_injected_code(chromium, injected, tmp_path):
    dom = dump_dom(chromium, tmp_path, injected / "graph.html")
    assert not re.search(r"<img\b", dom), "an <img> element from article text is in the rendered page"
    assert title_of(dom) == "kg: a&amp;b&lt;i&gt;.txt", "the page's title was changed by injected code"
    assert "<canvas" in dom, "the page with untrusted text no longer draws"


HOVER_SCRIPT = """<script>
window.addEventListener("load", function () {
  setTimeout(function () {
    var id = edges.getIds().find(function (i) { return (edges.get(i).title || "").indexOf("onerror=") >= 0; });
    var point = network.canvasToDOM(network.body.edges[id].edgeType.getPoint(0.5));
    var canvas = document.querySelector("#mynetwork canvas");
    var box = canvas.getBoundingClientRect();
    canvas.dispatchEvent(new MouseEvent("mousemove", {clientX: box.left + point.x, clientY: box.top + point.y, bubbles: true}));
    document.body.setAttribute("data-kg-hovered", id);
  }, 3000);
});
</script>
"""


def test_chromium_tooltip_shows_the_payload_as_text(chromium, injected, tmp_path):
    """Hover the payload's edge: vis-network's tooltip must show the sentence as text, not HTML."""
    page = tmp_path / "hover.html"
    html = (injected / "graph.html").read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", HOVER_SCRIPT + "</body>"), encoding="utf-8")
    dom = dump_dom(chromium, tmp_path, page)
    assert re.search(r'data-kg-hovered="[^"]+"', dom), "the test could not hover the payload's edge"
    tooltip = re.search(r'<div class="vis-tooltip"[^>]*>(.*?)</div>', dom, re.S)
    assert tooltip and "visibility: visible" in tooltip.group(0), "no tooltip shown on hover"
    assert "&lt;img src=x onerror=" in tooltip.group(1), tooltip.group(1)
    assert "&lt;script&gt;document.title" in tooltip.group(1), tooltip.group(1)
    assert "a&amp;b&lt;i&gt;.txt" in tooltip.group(1), "the tooltip should name the document"
    assert not re.search(r"<img\b", dom), "the tooltip turned article text into an <img> element"
    assert title_of(dom) == "kg: a&amp;b&lt;i&gt;.txt", "injected code ran on hover"


def test_chromium_is_offline_safe(chromium, seed_build, tmp_path):
    """The page renders from a folder of its own, with nothing beside it."""
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(seed_build / "graph.html", alone / "graph.html")
    dom = dump_dom(chromium, tmp_path, alone / "graph.html")
    assert "<canvas" in dom


def test_institution_links_are_drawn(seed_build):
    # "Moscow's approach" makes a "government of Russia" that belongs to Russia: the viewer shows that link
    page = (seed_build / "graph.html").read_text(encoding="utf-8")
    assert "institution of" in page and "government of Russia" in page
