"""Push: documents' named graphs to a shared SPARQL 1.1 Graph Store endpoint.

The Graph Store HTTP Protocol is what Oxigraph server (/store), Fuseki
(/DATASET/data) and GraphDB (/repositories/ID/rdf-graphs/service) have in
common, and its PUT ``?graph=IRI`` replaces that one graph. Graphs are named
by their document's IRI (from the SHA-256 of its text), so pushing the same
article again replaces it: a team can share one graph and re-ingest freely.

The standard library's urllib is enough for a PUT and a HEAD, so this adds
no HTTP dependency. Every request has a timeout, so kg never hangs on a dead
endpoint.
"""
from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS

from .. import errors
from ..rdf.graph import quiet_rdflib
from ..rdf.namespace import KG

TIMEOUT = 30.0  # seconds for each connection and answer
_N_TRIPLES = "application/n-triples; charset=utf-8"  # every Graph Store accepts it, and it needs no prefixes


def check_endpoint(url: str, timeout: float = TIMEOUT) -> None:
    """Fail now, before anything is built or written, if the endpoint does not answer.

    A HEAD of the default graph (``?default``, which every Graph Store
    serves) shows the server is up and the URL is a Graph Store; whether it
    accepts writes only a PUT can tell.
    """
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise errors.endpoint_url(url)
    request = urllib.request.Request(_with_query(url, "default"), method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            pass
    except urllib.error.HTTPError as exc:
        if exc.code in (404, 410):  # 405: up, but no HEAD; the PUT will tell
            raise errors.endpoint_not_graph_store(url, _reason(exc)) from exc
        if exc.code >= 500:
            raise errors.endpoint_unreachable(url, _reason(exc)) from exc
    except (urllib.error.URLError, socket.timeout, OSError) as exc:
        raise errors.endpoint_unreachable(url, _reason(exc)) from exc


def push_dataset(url: str, dataset: Dataset, timeout: float = TIMEOUT) -> int:
    """PUT each named graph of dataset to the Graph Store at url; returns how many.

    One PUT per document, each replacing that document's graph alone: a
    failure part-way names the documents already pushed, and pushing again
    completes the rest without duplicating them.
    """
    graphs = [g for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)]
    done: list[str] = []
    for graph in graphs:
        with quiet_rdflib():
            body = graph.serialize(format="nt", encoding="utf-8")
        try:
            put_graph(url, graph.identifier, body, timeout)
        except (urllib.error.URLError, socket.timeout, OSError) as exc:
            raise errors.endpoint_refused(url, _reason(exc), done, len(graphs)) from exc
        done.append(_document_name(graph))
    return len(graphs)


def push_error(url: str, exc: BaseException, pushed: list[str], total: int) -> BaseException:
    """The error for a PUT that failed (naming the documents already pushed); any other exception as it is."""
    if isinstance(exc, (urllib.error.URLError, socket.timeout, OSError)):
        return errors.endpoint_refused(url, _reason(exc), pushed, total)
    return exc


def put_graph(url: str, name: URIRef | str, ntriples: bytes, timeout: float = TIMEOUT) -> None:
    """Replace the graph called name at the Graph Store url with these N-Triples."""
    target = _with_query(url, "graph=" + urllib.parse.quote(str(name), safe=""))
    request = urllib.request.Request(target, data=ntriples, method="PUT", headers={"Content-Type": _N_TRIPLES})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        answer.read()


def _with_query(url: str, parameter: str) -> str:
    return f"{url}{'&' if urllib.parse.urlsplit(url).query else '?'}{parameter}"


def _document_name(graph: Graph) -> str:
    """The article's path as the user gave it, else its title, else the graph's IRI."""
    label = graph.value(graph.identifier, KG.sourcePath) or graph.value(graph.identifier, DCTERMS.title)
    return str(label) if label is not None else str(graph.identifier)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "no answer within the timeout"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
