"""Viewer: one self-contained HTML page to explore the graph (``graph.html``).

The page is kg's own template (``assets/``) around vis-network, the drawing
library pyvis ships, inlined so the page needs no network. Everything the
page shows comes from one JSON document embedded in a non-executable
``<script type="application/json">`` tag, with ``<``, ``>``, ``&`` and ``'``
escaped (jinja's ``htmlsafe_json_dumps``); the page's script puts every
name, title and sentence on screen as text (``textContent``), never as HTML.

Above ``limit`` entities the page draws the most central ones (degree, then
PageRank, as ``kg stats`` ranks them), says so, and lets the reader widen it.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..rdf.ontology import entity_class_names, superclasses
from .stats import degrees, most_central, pageranks

DEFAULT_LIMIT = 150  # entities drawn at first; the page can widen it
# Colours from Paul Tol's and Okabe & Ito's colour-blind-safe sets, chosen so that entities of one
# family (one shape) stay apart for normal vision and simulated protanopia, deuteranopia and
# tritanopia (tests/view/test_viewer.py measures it); the shape tells the family, so a colour is
# never the only cue.
TYPE_COLOURS = {
    "Person": "#AA4499",
    "Organization": "#BBBBBB",
    "Government": "#0077BB",
    "ArmedForce": "#CC3311",
    "Company": "#E69F00",
    "PoliticalParty": "#332288",
    "Media": "#33BBEE",
    "Country": "#DDCC77",
    "City": "#CC6677",
    "Region": "#99DDFF",
    "Place": "#882255",
    "Event": "#000000",
}
OTHER_COLOUR = "#FFFFFF"
FAMILY_SHAPES = {"Person": "dot", "Organization": "square", "Place": "triangle", "Event": "star"}
OTHER_SHAPE = "diamond"
_ASSETS = Path(__file__).resolve().parent / "assets"


@dataclass(frozen=True)
class Page:
    """A viewer page: ``save`` it, or let Jupyter draw it inline (``_repr_html_``)."""

    html: str
    height: int = 640  # pixels, inside a notebook

    def save(self, path: str | Path) -> Path:
        from ..sources.files import write_all

        path = Path(path)
        write_all({path: self.html})
        return path

    def _repr_html_(self) -> str:
        """The page in a sandboxed iframe (scripts only, no access to the notebook)."""
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
                f'title="kg graph viewer"></iframe>')


def render_html(network: nx.MultiDiGraph, title: str = "kg graph", limit: int = DEFAULT_LIMIT) -> str:
    """The viewer page for a network (``kg.view.network.to_networkx``); the same network gives the same bytes."""
    data = htmlsafe_json_dumps(viewer_data(network, title, limit), ensure_ascii=False, separators=(",", ":"))
    return _template().render(title=title, data=data, style=Markup(_asset("viewer.css")),
                              library=Markup(_vis_network()), script=Markup(_asset("viewer.js")))


def viewer_data(network: nx.MultiDiGraph, title: str = "kg graph", limit: int = DEFAULT_LIMIT) -> dict:
    """What the page shows, as plain JSON values: entities most central first, relations, articles."""
    order = most_central(network)
    index = {node: i for i, node in enumerate(order)}
    degree, pagerank = degrees(network), pageranks(network)
    documents = network.graph.get("documents", {})
    article_iris = sorted(documents, key=lambda iri: (documents[iri]["title"].casefold(), iri))
    article_index = {iri: i for i, iri in enumerate(article_iris)}
    types = sorted({network.nodes[n]["type"] for n in network})
    nodes = [
        {
            "iri": str(node),
            "label": attrs["label"],
            "type": attrs["type"],
            "aliases": list(attrs.get("aliases", ())),
            "sameAs": list(attrs.get("same_as", ())),
            "articles": sorted(article_index[d] for d in attrs.get("documents", ()) if d in article_index),
            "degree": degree[node],
            "pagerank": round(float(pagerank[node]), 6),
            "institutionOf": index.get(attrs.get("institution_of")),
        }
        for node in order
        for attrs in (network.nodes[node],)
    ]
    return {
        "title": title,
        "limit": max(1, int(limit)),
        "types": [{"name": t, "family": family(t), "colour": TYPE_COLOURS.get(t, OTHER_COLOUR),
                   "shape": FAMILY_SHAPES.get(family(t), OTHER_SHAPE)} for t in types],
        "predicates": sorted({data["predicate"] for *_, data in network.edges(data=True)}),
        "articles": [{"iri": iri, **documents[iri]} for iri in article_iris],
        "nodes": nodes,
        "relations": _relations(network, index, article_index),
    }


def family(type_name: str) -> str:
    """Person, Organization, Place or Event: the family of classes an entity type belongs to (from the ontology)."""
    if type_name not in entity_class_names():  # none ("Thing") or another vocabulary's, in a graph made elsewhere
        return "Other"
    above = superclasses(type_name)
    return next((name for name in FAMILY_SHAPES if name in above), "Other")


def _relations(network: nx.MultiDiGraph, index: dict, article_index: dict) -> list[dict]:
    """One relation per subject, predicate, object, polarity and origin; its statements are the evidence."""
    groups: dict[tuple, list[tuple[str, dict]]] = {}
    for subject, object_, key, data in network.edges(keys=True, data=True):
        group = (index[subject], index[object_], data["predicate"], data["polarity"] == "negative", data["background"])
        groups.setdefault(group, []).append((key, data))
    relations = []
    for (subject, object_, predicate, negated, background), statements in sorted(groups.items()):
        relations.append({
            "from": subject, "to": object_, "predicate": predicate, "negated": negated, "background": background,
            "statements": [_statement(key, data, article_index) for key, data in sorted(
                statements, key=lambda item: (article_index.get(item[1]["document_iri"], -1), item[1]["sentence"], item[0]))],
        })
    return relations


def _statement(key: str, data: dict, article_index: dict) -> dict:
    mark = data.get("mark")
    return {
        "iri": key,
        "sentence": data["sentence"],
        "mark": list(mark) if mark else None,
        "article": article_index.get(data.get("document_iri")),
        "modality": data["modality"],
        "attribution": data.get("attribution"),
        "time": data.get("time"),
        "rule": data["rule"],
        "confidence": data["confidence"],
    }


@lru_cache(maxsize=1)
def _template():
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                              keep_trailing_newline=True)
    return environment.from_string(_asset("viewer.html"))


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    text = (_ASSETS / name).read_text(encoding="utf-8")
    if name.endswith(".js") and "</script" in text.lower():
        raise ValueError(f"{name} must not contain '</script'")  # it is inlined in a <script> element
    return text


@lru_cache(maxsize=1)
def _vis_network() -> str:
    """vis-network's code, as pyvis ships it (the same file pyvis inlines in its own pages)."""
    text = resources.files("pyvis").joinpath("templates/lib/vis-9.1.2/vis-network.min.js").read_text(encoding="utf-8")
    if "</script" in text.lower():
        raise ValueError("vis-network.min.js holds '</script' and cannot be inlined")
    return text
