"""Store: documents' named graphs in an on-disk Oxigraph store (pyoxigraph).

rdflib stays the modelling API; the store is where graphs accumulate across
builds and where SPARQL runs fast on large graphs. One named graph per
document (named by the document's IRI, which comes from the SHA-256 of its
text) makes re-ingesting an article a replacement, never a duplicate.

Oxigraph keeps the folder locked (RocksDB) while a ``Store`` is open, so it
is opened for as short a time as possible: the reading functions here take a
path, open the store, read everything they answer, and let it go on return.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result
from rdflib.term import Node

from .. import errors
from . import merged
from ..sources.files import discard, stage
from ..rdf.graph import prefixes, written_prefixes

EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_SPARQL_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
# The files RocksDB writes when it creates a store, before CURRENT: all a folder holds when a build was killed
# while it created the store (issue 11). They hold no data, and opening the folder as a store finishes it.
_UNFINISHED_STORE_FILE = re.compile(r"LOCK|LOG(\.old\.\d+)?|IDENTITY|MANIFEST-\d+|\d+\.dbtmp")


# --- opening -------------------------------------------------------------------------


def is_store(path: str | os.PathLike) -> bool:
    """A folder Oxigraph (RocksDB) has written: it has a CURRENT file."""
    return (Path(path) / "CURRENT").is_file()


@contextmanager
def open_store(path: str | os.PathLike, create: bool = False) -> Iterator[ox.Store]:
    """The store in path, read-write; with create, a new or empty folder becomes one.

    A folder that holds other files is refused rather than filled with
    database files, and a store another process holds is one clear error.
    pyoxigraph has no close(): the folder stays locked while anything refers
    to the store or to a lazy query result, so keep both inside one function.
    """
    path = Path(path)
    _check_target(path, create)
    try:
        store = ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise errors.store_locked(path) from exc
        raise errors.store_unreadable(path, str(exc).splitlines()[0]) from exc
    yield store


SERVING_MARK = "KG_SERVING_READ_ONLY"  # locked by a running read-only 'kg serve' (kg.store.serve)


@contextmanager
def open_store_to_read(path: str | os.PathLike) -> Iterator[ox.Store]:
    """The store in path for reading: as ``open_store``, or read-only beside a read-only server.

    Readers do not block readers: while a read-only ``kg serve`` holds the
    store (and so its lock), nothing writes to it, so kg opens it read-only
    (Oxigraph allows any number of read-only openings). Beside a writer it is
    the usual "open in another process" error: reading under a writer is
    undefined behaviour in Oxigraph.
    """
    path = Path(path)
    _check_target(path, create=False)
    try:
        store = ox.Store(str(path))
    except OSError as exc:
        if "lock" not in str(exc).lower():
            raise errors.store_unreadable(path, str(exc).splitlines()[0]) from exc
        if not served_read_only(path):
            raise errors.store_locked(path) from exc
        try:
            store = ox.Store.read_only(str(path))
        except OSError as again:
            raise errors.store_unreadable(path, str(again).splitlines()[0]) from again
    yield store


def served_read_only(path: str | os.PathLike) -> bool:
    """Whether a read-only 'kg serve' (another process) has the store now: it locks the mark file."""
    return held_elsewhere(Path(path) / SERVING_MARK, exclusive=False)


def held_elsewhere(file: Path, exclusive: bool = True) -> bool:
    """Whether another process holds an fcntl lock on file that keeps ours out (False when there is no file).

    ``exclusive`` asks as a writer would (any lock keeps it out), else as a
    reader (only a writer's lock does). The probe lock is let go at once.
    """
    import fcntl

    try:
        with open(file, "rb+" if exclusive else "rb") as stream:
            try:
                fcntl.lockf(stream, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.lockf(stream, fcntl.LOCK_UN)
    except OSError:
        return False
    return False


def check_store(path: str | os.PathLike) -> None:
    """Before a build parses anything: the store can be made or written there, and no one holds it.

    An existing store is opened and let go at once (to see the lock); a new
    one is not created until there is something to put in it.
    """
    path = Path(path)
    _check_target(path, create=True)
    if is_store(path):
        with open_store(path):
            pass


def _check_target(path: Path, create: bool) -> None:
    if path.exists() and not path.is_dir():
        raise errors.store_not_a_store(path, "it is a file")
    if is_store(path):
        return
    if not create:
        raise errors.store_missing(path)
    if path.is_dir() and any(path.iterdir()) and not _unfinished_store(path):
        raise errors.store_not_a_store(path, "the folder holds other files")
    if not path.parent.is_dir():
        raise errors.store_parent_missing(path)


def _unfinished_store(path: Path) -> bool:
    """A store whose creation was cut short (no CURRENT yet): it holds nothing, and may be created again."""
    return all(_UNFINISHED_STORE_FILE.fullmatch(child.name) for child in path.iterdir())


# --- writing -------------------------------------------------------------------------


def add_dataset(store: ox.Store, dataset: Dataset) -> int:
    """Put each named graph of dataset into the store, replacing any graph of that name.

    Low level: the store's merged view (``kg.store.merged``) is not kept up;
    ``kg build --store`` is the way to add documents to a store.

    Each graph is its own transaction, so an interrupted build keeps every
    document it finished and none it did not. Returns the number of graphs.
    """
    graphs = [g for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)]
    for graph in graphs:
        replace_graph(store, graph.identifier, graph)
    store.flush()
    return len(graphs)


def replace_graph(store: ox.Store, name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> None:
    """Make the named graph hold exactly these triples, atomically.

    One SPARQL Update is one Oxigraph transaction: the old graph is dropped
    and the new one inserted together, or (on any error, crash or Ctrl-C)
    neither. The update text is complete before the store is touched.
    """
    store.update(_replace_update(name, triples))


def _replace_update(name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> str:
    graph = name.n3()
    lines = [f"DROP SILENT GRAPH {graph} ;", f"INSERT DATA {{ GRAPH {graph} {{"]
    lines.extend(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)
    lines.append("} }")
    return "\n".join(lines)


def put_graph(store: ox.Store, name: str, ntriples: bytes) -> None:
    """Make the named graph hold exactly these N-Triples, atomically (one transaction).

    A new graph is loaded in one transaction; a graph already there is
    dropped and inserted again in one SPARQL Update, so a crash or Ctrl-C
    leaves the document either as it was or fully written.
    """
    graph = ox.NamedNode(name)
    if store.contains_named_graph(graph):
        store.update(f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n"
                     f"{ntriples.decode('utf-8')}\n}} }}")
    else:
        store.load(ntriples, ox.RdfFormat.N_TRIPLES, to_graph=graph)


# --- reading -------------------------------------------------------------------------


def query_store(path: str | os.PathLike, sparql: str) -> Result:
    """Answer a SPARQL query over the store's merged view (each triple of its graphs once), as an rdflib Result.

    A store whose view is not current (``kg.store.merged``) is asked over
    the union of its graphs instead. The answer is read completely before
    the store is let go, and comes in rdflib's form so both backends share
    one set of output formats.
    """
    with open_store_to_read(path) as store:
        try:
            union = not merged.is_current(path)
            return _to_rdflib(store.query(sparql, use_default_graph_as_union=union, prefixes=prefixes()))
        except SyntaxError as exc:
            raise errors.query_syntax(_syntax_message(str(exc))) from exc
        except OSError as exc:
            raise errors.store_unreadable(path, str(exc).splitlines()[0]) from exc


def _syntax_message(message: str) -> str:
    """Oxigraph says 'error at 2:9: ...'; kg says '... at line 2, column 9' for both backends."""
    found = _SPARQL_POSITION.match(message.strip())
    if not found:
        return message.splitlines()[0] if message else "syntax error"
    line, column, why = found.groups()
    return f"{why.splitlines()[0]} at line {line}, column {column}"


def _to_rdflib(answer) -> Result:
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if isinstance(answer, ox.QueryTriples):
        result = Result("CONSTRUCT")
        graph = Graph()
        for triple in answer:
            graph.add((rdflib_term(triple.subject), rdflib_term(triple.predicate), rdflib_term(triple.object)))
        result.graph = graph
        return result
    result = Result("SELECT")
    variables = [Variable(v.value) for v in answer.variables]
    result.vars = variables
    result.bindings = [
        {variable: rdflib_term(solution[str(variable)]) for variable in variables if solution[str(variable)] is not None}
        for solution in answer
    ]
    return result


def rdflib_term(term) -> Node:
    """An Oxigraph term as rdflib's."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype in (_XSD_STRING, _LANG_STRING) else Literal(term.value, datatype=URIRef(datatype))
    return Literal(str(term))  # an RDF-star triple term: kg writes none


# --- exporting -----------------------------------------------------------------------


def dump_store(path: str | os.PathLike, fmt: str, stream: BinaryIO) -> None:
    """Write the store's named graphs to a binary stream; for ttl their merged view, each triple once."""
    if fmt not in EXPORT_FORMATS:
        raise errors.unknown_format("--format", fmt, EXPORT_FORMATS)
    with open_store_to_read(path) as store:
        if fmt == "ttl" and merged.is_current(path):
            ox.serialize((ox.Triple(q.subject, q.predicate, q.object)
                          for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())),
                         stream, EXPORT_FORMATS[fmt], prefixes=written_prefixes())
        else:
            dump_graphs(store, None, fmt, stream)


def export_store(path: str | os.PathLike, fmt: str, out: str | os.PathLike) -> None:
    """Write the store to a file through a temporary name, so a failure leaves the file as it was."""
    out = Path(out)
    if out.is_dir():
        raise errors.export_target(out, "it is a folder")
    if not out.parent.is_dir():
        raise errors.export_target(out, f"there is no folder {out.parent}")
    temporary = stage(out, lambda stream: dump_store(path, fmt, stream), binary=True)
    try:
        os.replace(temporary, out)
    finally:
        discard([temporary])


# --- a build's own graphs ------------------------------------------------------------


def graph_triples(store: ox.Store, names: Iterable[str]) -> int:
    """How many triples the named graphs hold together (counted graph by graph)."""
    return sum(sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(name))) for name in names)


def dataset_of_graphs(store: ox.Store, names: Iterable[str]) -> Dataset:
    """The named graphs as an rdflib Dataset (for small builds: rdflib's writers, kg's stable file order)."""
    from ..rdf.graph import new_dataset

    dataset = new_dataset()
    for name in names:
        graph = dataset.graph(URIRef(name))
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            graph.add((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
    return dataset


def dump_graphs(store: ox.Store, names: list[str] | None, fmt: str, stream: BinaryIO) -> None:
    """Oxigraph's fast writers over some named graphs (all of them when names is None).

    ``ttl`` is their union, each triple once; ``trig``, ``nq`` and ``jsonld``
    keep one named graph per document, in the order of their names.
    """
    if fmt == "ttl":
        where = "GRAPH ?g { ?s ?p ?o }" + (values_clause("g", names) if names is not None else "")
        triples = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {where} }} }}")
        ox.serialize(triples, stream, EXPORT_FORMATS[fmt], prefixes=written_prefixes())
        return
    graphs = sorted(names) if names is not None else sorted(g.value for g in store.named_graphs())
    quads = (q for name in graphs for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
    options = {} if fmt == "nq" else {"prefixes": written_prefixes()}
    ox.serialize(quads, stream, EXPORT_FORMATS[fmt], **options)


def values_clause(variable: str, names: Iterable[str]) -> str:
    """A SPARQL VALUES block binding ?variable to each IRI ("VALUES ?g { <a> <b> }")."""
    return f" VALUES ?{variable} {{ {' '.join(f'<{n}>' for n in names)} }}"
