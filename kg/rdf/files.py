"""Graph files: read Turtle, TriG, N-Triples, N-Quads, JSON-LD and RDF/XML into rdflib.

A syntax error is reported with the exact line and column, which Oxigraph's
parser pins where rdflib's drifts.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .. import errors
from ..store.database import is_store
from .graph import new_dataset, new_graph, quiet_rdflib

_RDF_FORMATS = {
    ".ttl": "turtle", ".nt": "nt", ".n3": "n3", ".rdf": "xml", ".xml": "xml",
    ".jsonld": "json-ld", ".trig": "trig", ".nq": "nquads",
}
_DATASET_FORMATS = {"trig", "nquads", "json-ld"}  # may hold named graphs
_OXIGRAPH_PARSERS = {
    "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
}


def load_graph(path: str | Path) -> Graph:
    """A graph file; TriG, N-Quads and JSON-LD load as a Dataset whose default graph is the union."""
    path = Path(path)
    if path.is_dir() and is_store(path):
        raise errors.usage(f"{path} is a kg store, not a graph file: query it with --store {path}")
    if not path.is_file():
        raise errors.graph_unreadable(path, "no such file")
    fmt = _RDF_FORMATS.get(path.suffix.lower(), "turtle")
    graph = new_dataset() if fmt in _DATASET_FORMATS else new_graph()
    try:
        with quiet_rdflib(), _rdflib_log() as logged:
            graph.parse(path, format=fmt)
        bad_iri = next((message for message in logged if _BAD_IRI in message), None)
        if bad_iri is not None:  # rdflib keeps the IRI, but no store or writer takes it
            raise ValueError(bad_iri)
    except Exception as exc:  # each rdflib parser raises its own exception types
        raise _unreadable(path, fmt, exc) from exc
    return graph


_BAD_IRI = "does not look like a valid URI"  # what rdflib logs (and goes on) when it reads an invalid IRI


@contextmanager
def _rdflib_log() -> Iterator[list[str]]:
    """What rdflib logs while it parses, kept here instead of printed: an invalid IRI (an error here),
    an ill-typed literal ("abc"^^xsd:date, which 'kg validate' reports as a violation)."""
    messages: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger, keep = logging.getLogger("rdflib"), Keep(logging.WARNING)
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(keep)
    try:
        yield messages
    finally:
        logger.removeHandler(keep)
        logger.propagate = propagate


def _unreadable(path: Path, fmt: str, exc: Exception) -> errors.GraphFileError:
    """rdflib's reported line drifts; Oxigraph's parser names the exact line and column."""
    if fmt in _OXIGRAPH_PARSERS:
        try:
            for _ in ox.parse(path=str(path), format=_OXIGRAPH_PARSERS[fmt]):
                pass
        except SyntaxError as found:
            if found.lineno is not None:  # msg: 'Parser error at line 2 column 11: <why>'
                why = (found.msg or "").split(": ", 1)[-1].splitlines()[0]
                return errors.graph_unparsable(path, found.lineno, found.offset or 1, why)
        except (OSError, ValueError):
            pass
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return errors.graph_unreadable(path, message)
