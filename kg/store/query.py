"""Query: run SPARQL over a graph file or a store and format the answer.

Both backends (rdflib for files, Oxigraph for a store) answer as an rdflib
``Result``, so one set of code writes every output format. Neither engine
can stop a query once it runs, so ``--timeout`` runs the whole answer in a
child process and kills it at the deadline.
"""
from __future__ import annotations

import csv
import io
import json
import multiprocessing
import sys
from pathlib import Path

from pyparsing import ParseBaseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from .. import errors
from ..rdf.files import load_graph
from ..rdf.graph import quiet_rdflib
from .database import query_store

FORMATS = ("table", "csv", "tsv", "json")
_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


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
        with quiet_rdflib():
            return graph.query(query)
    except ParseBaseException as exc:
        raise errors.query_syntax(f"{exc.msg} at line {exc.lineno}, column {exc.col}") from exc
    except Exception as exc:  # rdflib reports unknown prefixes and bad algebra as plain Exception
        raise errors.query_syntax(str(exc)) from exc


# --- answering: one backend or the other, optionally under a deadline ------------------


def answer(sparql: str, fmt: str = "table", graph: str | Path | None = None, store: str | Path | None = None) -> str:
    """The formatted answer to a query over a graph file, or over a store when store is given."""
    if fmt not in FORMATS:
        raise errors.unknown_format("--format", fmt, FORMATS)
    result = query_store(store, sparql) if store is not None else run_query(load_graph(graph), sparql)
    return format_result(result, fmt)


def answer_within(seconds: float, sparql: str, fmt: str = "table",
                  graph: str | Path | None = None, store: str | Path | None = None) -> str:
    """``answer`` with a deadline that covers loading and querying.

    The child process is killed at the deadline; it only reads, so nothing
    is left half-written (the OS releases its lock on the store).
    """
    if not seconds > 0:
        raise errors.usage(f"--timeout must be a positive number of seconds, not {seconds:g}")
    if fmt not in FORMATS:
        raise errors.unknown_format("--format", fmt, FORMATS)
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_answer_in_child, args=(sender, sparql, fmt, graph, store), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise errors.query_timeout(seconds)
        try:
            ok, payload = receiver.recv()
        except EOFError:
            child.join(1)
            raise errors.query_process_died(child.exitcode) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if not ok:
        raise payload
    return payload


def _answer_in_child(sender, sparql: str, fmt: str, graph, store) -> None:
    try:
        sender.send((True, answer(sparql, fmt, graph, store)))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent to report
        sender.send((False, exc if isinstance(exc, errors.KGError) else RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        sender.close()


# --- formatting ----------------------------------------------------------------------


def format_result(result: Result, fmt: str = "table") -> str:
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) if fmt == "json" else str(bool(result.askAnswer)).lower()
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        return result.serialize(format="json-ld" if fmt == "json" else "turtle").decode("utf-8")
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    if fmt == "tsv":
        return _tsv(result)
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


def _tsv(result: Result) -> str:
    """SPARQL 1.1 TSV results: '?name' headers, terms in Turtle syntax, one row per line."""
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    lines.extend("\t".join(_turtle_term(row[v]) for v in result.vars) for row in result)
    return "\n".join(lines)


def _turtle_term(value: Node | None) -> str:
    if value is None:
        return ""
    if isinstance(value, URIRef):
        return f"<{value}>"
    if isinstance(value, BNode):
        return f"_:{value}"
    if isinstance(value, Literal):
        text = str(value)
        for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
            text = text.replace(raw, escaped)
        if value.language:
            return f'"{text}"@{value.language}'
        if value.datatype and value.datatype != _XSD_STRING:
            return f'"{text}"^^<{value.datatype}>'
        return f'"{text}"'
    return str(value)


def _table(names: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    body = [line(names), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    return "\n".join(body + [f"({len(rows)} row{'s' if len(rows) != 1 else ''})"])
