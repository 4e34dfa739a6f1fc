"""Viewer: one self-contained HTML page drawing the graph with pyvis.

vis-network is inlined (pyvis's "in_line" mode) and the Bootstrap links
pyvis's template adds are removed, so the page works with no network.
Article text reaches the page only as JSON data that vis-network shows as
plain text, or escaped with ``html.escape``.
"""
from __future__ import annotations

import html
import re

import networkx as nx
from pyvis.network import Network

TYPE_COLOURS = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "Government": "#e15759",
    "ArmedForce": "#b0413e",
    "Company": "#edc948",
    "PoliticalParty": "#ff9da7",
    "Media": "#9c755f",
    "Country": "#59a14f",
    "City": "#76b7b2",
    "Region": "#8cd17d",
    "Place": "#86bcb6",
    "Event": "#b07aa1",
}
OTHER_COLOUR = "#bab0ac"
# pyvis's template links Bootstrap from a CDN even in "in_line" mode.
_REMOTE_ASSET = re.compile(r"<(link|script)\b[^>]*(?:href|src)=\"https?://[^\"]*\"[^>]*>(?:\s*</script>)?", re.S)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")


def render_html(network: nx.MultiDiGraph, title: str = "kg graph") -> str:
    view = Network(height="90vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    for node, data in network.nodes(data=True):
        view.add_node(
            str(node),
            label=data["label"],
            title=_node_tooltip(data),
            color=TYPE_COLOURS.get(data["type"], OTHER_COLOUR),
            shape="dot",
            size=12 + 3 * min(network.degree(node), 10),
        )
    for (subject, object_, predicate, polarity, background), statements in _edge_groups(network).items():
        negated = polarity == "negative"
        view.add_edge(
            str(subject),
            str(object_),
            label=("not " if negated else "") + predicate,
            title=_edge_tooltip(statements),
            dashes=[1, 5] if background else negated,
            color="#c0392b" if negated else "#a9b7c0" if background else "#7f8c8d",
            width=1 + min(len(statements), 4) / 2,
            arrows="to",
        )
    for node, data in network.nodes(data=True):
        if data.get("institution_of") in network:  # "government of Russia" belongs to Russia
            view.add_edge(str(node), str(data["institution_of"]), label="institution of", dashes=[2, 4],
                          color="#b0b0b0", arrows="to", title="institution of (from the text's wording, not a statement)")
    view.set_options('{"physics": {"barnesHut": {"springLength": 160}}, "layout": {"randomSeed": 7}, '
                     '"edges": {"font": {"size": 11, "align": "middle"}, "smooth": {"type": "dynamic"}}, '
                     '"interaction": {"hover": true, "tooltipDelay": 100}}')
    page = view.generate_html()
    page = _REMOTE_ASSET.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>", 1)
    return page.replace("<body>", "<body>\n" + _legend(network), 1)


def _node_tooltip(data: dict) -> str:
    lines = [data["label"], f"type: {data['type']}"]
    if data["aliases"]:
        lines.append("also: " + ", ".join(data["aliases"]))
    return "\n".join(lines)


def _edge_groups(network: nx.MultiDiGraph) -> dict[tuple, list[dict]]:
    """One drawn edge per relation; its tooltip lists every statement's evidence."""
    groups: dict[tuple, list[dict]] = {}
    for subject, object_, data in network.edges(data=True):
        key = (subject, object_, data["predicate"], data["polarity"], data.get("background", False))
        groups.setdefault(key, []).append(data)
    return groups


def _edge_tooltip(statements: list[dict]) -> str:
    first = statements[0]
    lines = [f"{'not ' if first['polarity'] == 'negative' else ''}{first['predicate']}"]
    for data in statements:
        if data.get("background"):
            lines.append(f"\nbackground knowledge, not stated in the text ({data['rule']})\n"
                         f"  confidence {data['confidence']:.2f}, {data['document']}")
        else:
            lines.append(f"\n“{data['sentence']}”\n  {data['modality']}, confidence {data['confidence']:.2f}, "
                         f"{data['document']}")
    return "\n".join(lines)


def _legend(network: nx.MultiDiGraph) -> str:
    types = sorted({data["type"] for _, data in network.nodes(data=True)})
    items = "".join(
        f'<span style="margin-right:1em"><span style="display:inline-block;width:.8em;height:.8em;'
        f'border-radius:50%;background:{TYPE_COLOURS.get(t, OTHER_COLOUR)}"></span> {html.escape(t)}</span>'
        for t in types
    )
    summary = f"{network.number_of_nodes()} entities, {network.number_of_edges()} statements"
    return (
        '<div id="kg-legend" style="font:14px sans-serif;padding:.4em">'
        f"<strong>{html.escape(summary)}</strong> &nbsp; {items} &nbsp; "
        '<span style="color:#c0392b">dashed red: negated</span> &nbsp; '
        '<span style="color:#909090">dotted grey: institution of a state</span>'
        + (' &nbsp; <span style="color:#8a9ba8">dotted blue-grey: background knowledge (gazetteer), not stated in '
           'the text</span>' if any(d.get("background") for *_, d in network.edges(data=True)) else "")
        + "</div>"
    )
