"""Query: run SPARQL over a graph file and format the answer."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pyparsing import ParseBaseException
from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Node

from . import errors
from .graph import new_graph

FORMATS = ("table", "csv", "json")
_RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".n3": "n3", ".rdf": "xml", ".xml": "xml", ".jsonld": "json-ld"}


def load_graph(path: str | Path) -> Graph:
    path = Path(path)
    if not path.is_file():
        raise errors.graph_unreadable(path, "no such file")
    graph = new_graph()
    try:
        graph.parse(path, format=_RDF_FORMATS.get(path.suffix.lower(), "turtle"))
    except Exception as exc:  # each rdflib parser raises its own exception types
        raise errors.graph_unreadable(path, str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
    return graph


def read_query(query: str) -> str:
    """SPARQL text, or the text of the .rq file it names."""
    if query.strip().endswith(".rq") and "\n" not in query.strip():
        path = Path(query.strip())
        if not path.is_file():
            raise errors.QueryError(f"{path}: no such query file")
        return path.read_text(encoding="utf-8")
    return query


def run_query(graph: Graph, query: str) -> Result:
    try:
        return graph.query(query)
    except ParseBaseException as exc:
        raise errors.query_syntax(f"{exc.msg} at line {exc.lineno}, column {exc.col}") from exc
    except Exception as exc:  # rdflib reports unknown prefixes and bad algebra as plain Exception
        raise errors.query_syntax(str(exc)) from exc


def format_result(result: Result, fmt: str = "table") -> str:
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) if fmt == "json" else str(bool(result.askAnswer)).lower()
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        return result.serialize(format="json-ld" if fmt == "json" else "turtle").decode("utf-8")
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    names = [str(v) for v in result.vars]
    rows = [[_text(row[v]) for v in result.vars] for row in result]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return out.getvalue().rstrip("\n")
    return _table(names, rows)


def _text(value: Node | None) -> str:
    return "" if value is None else str(value)


def _table(names: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    body = [line(names), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    return "\n".join(body + [f"({len(rows)} row{'s' if len(rows) != 1 else ''})"])
