"""Build: run the whole pipeline from articles to a store, output files and an endpoint.

Documents flow as a stream: read one at a time (``kg.sources.ingest``),
parsed in batches by an engine (``kg.engine``: this process, N processes, or
a Dask cluster), and each document's named graph goes to the store (and the
endpoint) as soon as it is done, so memory stays flat as the corpus grows.
Then one entity gets one node across the store (``kg.resolve.identity``),
and the output files are written from the store (``kg.outputs``).
Without ``--store`` the graphs go to a temporary store on disk.
"""
from __future__ import annotations

import os
import time
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset, Graph

from . import errors
from .engine.extract import DocumentGraph
from .outputs import check_output_folder, write_outputs
from .rdf.graph import DEFAULT_BASE, check_base, union_of
from .rdf.namespace import KG
from .records import Document
from .resolve.identity import resolve
from .sources.ingest import DEFAULT_CHECKS, Checks, Skipped, count_documents, find_sources, read_inputs, read_sources
from .store import database
from .store.database import check_store, values_clause, dataset_of_graphs, open_store
from .store.merged import Upkeep
from .store.push import check_endpoint, put_graph as push_graph, push_error
from .store.temporary import temporary_folder

ENGINES = ("local", "dask")
TITLE_NAMES = 30  # documents named in the viewer's title
FLUSH_EVERY = 200  # documents between flushes of the store's write buffers


@dataclass(frozen=True)
class BuildSummary:
    documents: int
    entities: int
    relations: int
    seconds: float
    stored: int = 0  # named graphs written to the store
    pushed: int = 0  # named graphs put to the --endpoint
    skipped: int = 0  # inputs (files, corpus lines) that were not articles
    duplicates: int = 0  # documents whose text an earlier one had

    def __str__(self) -> str:
        line = (f"{self.documents} document{'s' * (self.documents != 1)}, {self.entities} entities, "
                f"{self.relations} relations in {self.seconds:.1f} s")
        extra = [f"{self.skipped} skipped"] * bool(self.skipped)
        extra += [f"{self.duplicates} duplicate{'s' * (self.duplicates != 1)} built once"] * bool(self.duplicates)
        return f"{line} ({', '.join(extra)})" if extra else line


class Progress:
    """What a build tells as it goes; the CLI draws a progress bar with it. This one says nothing."""

    def start(self, total: int | None) -> None:
        """The build starts: at most ``total`` documents (None when unknown, as with standard input)."""

    def advance(self, documents: int = 1) -> None:
        """Documents done (or skipped)."""

    def report(self, message: str) -> None:
        """A skipped input or a duplicate, as one line."""


@dataclass
class _Tally:
    documents: int = 0
    skipped: int = 0
    duplicates: int = 0
    names: list[str] = field(default_factory=list)  # the first few, for the viewer's title
    first_problem: errors.InputError | None = None


def build_graph(texts_or_paths: Iterable[str | os.PathLike] | str | os.PathLike, base: str = DEFAULT_BASE) -> Graph:
    """Build the knowledge graph of some articles.

    Each item is a path (an article file or a folder of them) or an article's text.
    """
    if isinstance(texts_or_paths, (str, os.PathLike)):
        texts_or_paths = [texts_or_paths]
    items = [Path(i) if isinstance(i, os.PathLike) else i for i in texts_or_paths]
    return graph_of(read_inputs(items), base)


def graph_of(documents: list[Document], base: str = DEFAULT_BASE) -> Graph:
    """The merged graph of the documents: the union of their named graphs."""
    return union_of(dataset_of(documents, base))


def dataset_of(documents: list[Document], base: str = DEFAULT_BASE) -> Dataset:
    """One named graph per document, named by the document's IRI, with one node per entity across them."""
    check_base(base)
    from .engine.local import run_in_process

    store = ox.Store()  # in memory: the caller holds the documents anyway
    names = sorted({graph.name for graph in _write(store, run_in_process(iter(documents), base))})
    resolve(store)
    return dataset_of_graphs(store, names)


def _write(store: ox.Store, graphs: Iterable[DocumentGraph], view: Upkeep | None = None) -> Iterator[DocumentGraph]:
    for graph in graphs:
        if view is not None:
            view.replacing(store, graph.name)
        database.put_graph(store, graph.name, graph.ntriples)
        if view is not None:
            view.written(store, graph.ntriples)
        yield graph


def build(
    inputs: Iterable[str | os.PathLike],
    out_dir: str | os.PathLike | None,
    base: str = DEFAULT_BASE,
    store: str | os.PathLike | None = None,
    endpoint: str | None = None,
    *,
    processes: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    stdin: BinaryIO | None = None,
    checks: Checks = DEFAULT_CHECKS,
) -> BuildSummary:
    """Build the graph of the inputs into the store (or a temporary one), the endpoint and out_dir.

    Checked before anything is parsed: the base IRI, every input path (it
    exists, and is of a kind kg reads), the options, the output folder, the
    store (not held) and the endpoint. Then documents stream through the
    engine; each one's named graph is written to the store (one transaction)
    and PUT to the endpoint as soon as it is done. An input that is not an
    article is reported and skipped (with ``strict``, or when it is the only
    input, it is an error that stops the build); a text seen before is
    reported and built once. Last, entities are resolved across the store
    and out_dir's files written from it (under temporary names, renamed at
    the end), so a failed build leaves the previous files as they were.
    """
    started = time.perf_counter()
    progress = progress or Progress()
    check_base(base)
    sources = find_sources([i if isinstance(i, str) else Path(i) for i in inputs])
    _check_options(processes, engine, scheduler)
    if out_dir is not None:
        check_output_folder(out_dir)
    if store is not None:
        check_store(store)
    if endpoint is not None:
        check_endpoint(endpoint)
    strict = strict or (len(sources) == 1 and sources[0].kind not in ("jsonl", "sniff"))
    progress.start(count_documents(sources, checks))
    tally = _Tally()
    documents = _admitted(read_sources(sources, stdin, checks), strict, tally, progress)
    run = _run(engine, documents, base, processes, scheduler)
    try:
        with _working_store(store) as working:
            view = Upkeep.begin(working, store) if store is not None else None
            names, pushed = _stream(working, run, endpoint, tally, progress, view)
            plan = resolve(working)
            if view is not None:
                view.finish(working, plan.changed_graphs, plan.entities)
            ours = None if store is None else names  # a temporary store holds this build's graphs only
            if endpoint is not None:  # graphs the resolution changed, sent again
                for name in sorted(plan.changed_graphs & set(names)):
                    _push(endpoint, name, _ntriples(working, name), None, pushed, len(names))
            if out_dir is not None:
                write_outputs(working, ours, out_dir, f"kg: {', '.join(tally.names)}"[:200])
            entities, relations = _counts(working, ours)
    except BaseException as exc:
        working = run = None  # noqa: F841  (the traceback keeps this frame: drop its hold on the store)
        traceback.clear_frames(exc.__traceback__)
        raise
    return BuildSummary(len(names), entities, relations, time.perf_counter() - started,
                        stored=len(names) if store is not None else 0, pushed=len(pushed),
                        skipped=tally.skipped, duplicates=tally.duplicates)


def _stream(store: ox.Store, graphs: Iterable[DocumentGraph], endpoint: str | None, tally: _Tally,
            progress: Progress, view: Upkeep | None) -> tuple[list[str], list[str]]:
    """Each document's graph into the store (and to the endpoint) as it comes; their names, and those pushed."""
    names: list[str] = []
    pushed: list[str] = []
    for graph in _write(store, graphs, view):
        names.append(graph.name)
        if endpoint is not None:
            _push(endpoint, graph.name, graph.ntriples, graph.title, pushed, tally.documents)
        if len(names) % FLUSH_EVERY == 0:
            store.flush()  # the store's write buffers to disk, so memory does not grow with the corpus
        progress.advance()
    if not names:
        raise tally.first_problem if tally.skipped == 1 and tally.first_problem else errors.nothing_built(tally.skipped)
    return names, pushed


def _check_options(processes: int, engine: str, scheduler: str | None) -> None:
    if engine not in ENGINES:
        raise errors.unknown_format("--engine", engine, ENGINES)
    if processes < 1:
        raise errors.usage(f"--processes must be 1 or more, not {processes}")
    if engine == "dask" and not scheduler:
        raise errors.usage("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    if engine != "dask" and scheduler:
        raise errors.usage("--scheduler is for --engine dask")
    if engine == "dask" and processes != 1:
        raise errors.usage("--processes is for the local engine; with --engine dask the cluster's workers parse")


def _run(engine: str, documents: Iterator[Document], base: str, processes: int, scheduler: str | None):
    if engine == "dask":
        from .engine.distributed import run_on_dask

        return run_on_dask(documents, base, scheduler)
    from .engine.local import run_in_process, run_in_processes

    return run_in_processes(documents, base, processes) if processes > 1 else run_in_process(documents, base)


def _admitted(items: Iterable[Document | Skipped], strict: bool, tally: _Tally, progress: Progress) -> Iterator[Document]:
    """The documents to build: problems reported and skipped (or raised), repeated texts left out.

    A first problem met before any document is held back: if nothing else comes (standard input, or a
    corpus of one bad line), ``_stream`` raises it as the build's one error line, not as a skip and then an error.
    """
    seen: dict[str, str] = {}  # SHA-256 -> the first document with that text
    held: list[str] = []
    for item in items:
        if isinstance(item, Skipped):
            if strict:
                raise item.error
            tally.skipped += 1
            tally.first_problem = tally.first_problem or item.error
            held.append(f"skipped: {item.error}")
            if tally.skipped > 1 or tally.documents:
                _report(progress, held)
            progress.advance()
            continue
        _report(progress, held)
        first = seen.get(item.sha256)
        where = item.path or item.name
        if first is not None:
            tally.duplicates += 1
            progress.report(f"duplicate: {where} has the same text as {first}; built once")
            progress.advance()
            continue
        seen[item.sha256] = where
        tally.documents += 1
        if len(tally.names) < TITLE_NAMES:
            tally.names.append(item.name)
        yield item


def _report(progress: Progress, lines: list[str]) -> None:
    for line in lines:
        progress.report(line)
    lines.clear()


def _push(endpoint: str, name: str, ntriples: bytes, title: str | None, pushed: list[str], total: int) -> None:
    """PUT one graph; ``pushed`` names the documents sent so far (for the error if a later one fails)."""
    try:
        push_graph(endpoint, name, ntriples)
    except Exception as exc:  # noqa: BLE001 - push_error keeps only network failures, re-raising the rest
        raise push_error(endpoint, exc, pushed, total) from exc
    if title is not None:  # a first PUT, not a graph sent again after resolution
        pushed.append(title)


def _ntriples(store: ox.Store, name: str) -> bytes:
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(name))
    return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)


def _counts(store: ox.Store, names: list[str] | None) -> tuple[int, int]:
    """Entities the documents name, and statements (text and background) read from them."""
    values = values_clause("g", names) if names is not None else ""
    entities = f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e <{KG.mentionedIn}> ?g }} {values} }}"
    statements = (f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?c }} {values} "
                  f"VALUES ?c {{ <{KG.Statement}> <{KG.BackgroundStatement}> }} }}")
    return tuple(int(next(iter(store.query(q)))["n"].value) for q in (entities, statements))


@contextmanager
def _working_store(path: str | os.PathLike | None) -> Iterator[ox.Store]:
    """The user's store, held for the build; else a temporary one on disk, removed after."""
    if path is not None:
        with open_store(path, create=True) as store:
            yield store
            store.flush()
        return
    with temporary_folder() as folder:  # named after this process: removed by a later build if this one is killed
        with open_store(folder / "store", create=True) as store:
            yield store
