"""Merged view: the store's default graph holds each triple of its named graphs once.

Each document has its own named graph, so an entity's type and label, and a
relation several articles state, are in many graphs. Oxigraph 0.5's union
of graphs (``use_default_graph_as_union``, the server's
``--union-default-graph``) keeps every copy (oxigraph#1919, fixed after
0.5), so a join over an archive multiplies them: a two-hop query over a
million quads took minutes. kg therefore keeps the union itself in the
store's default graph, each triple once, and queries that: the same
triples, without the copies.

A mark file in the store folder says what the default graph holds:

- ``current``: exactly the merged view; queries and the served endpoint
  use the default graph.
- ``stale``: kg is changing graphs, or was stopped while it did; queries
  use the union of all graphs (slower, rows repeated across documents, and
  a re-ingested document's old triples may still show) until a build
  completes and merges again.
- no mark: a store kg has not merged (from an older kg, or emptied for a
  writable endpoint); its default graph belongs to whoever wrote it, so
  merging first moves what it holds into the named graph ``ADDED_GRAPH``.

A build keeps the view up to date as it goes (``Upkeep``): each new graph's
triples are added to the default graph too, and at the end the triples of
replaced or rewritten graphs that no graph holds any more are removed; a
store that was not current is merged whole instead. The mark is ``stale``
(written and synced) before the first graph changes and ``current`` only
when the view is complete, so a kill at any moment leaves a mark that is
safe to read.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

MARK = "KG_MERGED_VIEW"
CURRENT, STALE = "current", "stale"
ADDED_GRAPH = "urn:kg:graph:added"  # where a default graph written by others is kept when kg merges
CHUNK = 200  # nodes or graphs per SPARQL Update
_DEFAULT = ox.DefaultGraph()


def state(path: str | os.PathLike) -> str | None:
    """``current``, ``stale`` or None (never merged), read from the store folder's mark."""
    try:
        text = (Path(path) / MARK).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if text in (CURRENT, STALE) else None


def is_current(path: str | os.PathLike) -> bool:
    return state(path) == CURRENT


def merge(store: ox.Store, path: str | os.PathLike) -> None:
    """Make the default graph the merged view of all the named graphs, then mark it current.

    A default graph kg did not write (no mark) is first kept in
    ``ADDED_GRAPH``. The copy is bulk-written (one transaction would hold
    every triple in memory); the mark makes that safe.
    """
    path = Path(path)
    if state(path) is None:  # kept before the mark changes: a kill here leaves it to be kept again
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(ADDED_GRAPH))
                          for q in store.quads_for_pattern(None, None, None, _DEFAULT))
        store.flush()
    _write_mark(path, STALE)
    store.clear_graph(_DEFAULT)
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, _DEFAULT)
                      for q in store.quads_for_pattern(None, None, None, None) if q.graph_name != _DEFAULT)
    store.flush()
    _write_mark(path, CURRENT)


def unmerge(store: ox.Store, path: str | os.PathLike) -> None:
    """Before others write to the store (a writable endpoint): empty the default graph and drop the mark."""
    path = Path(path)
    if state(path) is None:
        return
    _write_mark(path, STALE)
    store.clear_graph(_DEFAULT)
    store.flush()
    (path / MARK).unlink()


@dataclass
class Upkeep:
    """A build's care of the merged view: ``begin``, then ``replacing``/``written`` per graph, then ``finish``."""

    path: Path
    incremental: bool
    touched: set[str] = field(default_factory=set)  # nodes some of whose triples may have left every graph
    changing: bool = False  # the mark says stale

    @classmethod
    def begin(cls, store: ox.Store, path: str | os.PathLike) -> "Upkeep":
        """Kept up as the build goes when the view was current (or the store is new); else merged at the end."""
        path = Path(path)
        new = next(iter(store.quads_for_pattern(None, None, None, None)), None) is None
        return cls(path, incremental=state(path) == CURRENT or new)

    def replacing(self, store: ox.Store, name: str) -> None:
        """Before a named graph is written: the view is stale; the graph's subjects may lose old triples."""
        if not self.changing:
            if self.incremental or state(self.path) is not None:  # no mark: the default graph is not kg's
                _write_mark(self.path, STALE)
            self.changing = True
        if self.incremental:
            self.touched.update(q.subject.value for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name))
                                if isinstance(q.subject, ox.NamedNode))

    def written(self, store: ox.Store, ntriples: bytes) -> None:
        """A graph's triples, just written to its named graph, into the view too."""
        if self.incremental:
            store.load(ntriples, ox.RdfFormat.N_TRIPLES, to_graph=_DEFAULT)

    def finish(self, store: ox.Store, rewritten: Iterable[str] = (), entities: Iterable[str] = ()) -> None:
        """After the build: graphs rewritten since (identity resolution) and the entities it changed, then current."""
        if not self.incremental:
            merge(store, self.path)
            return
        for names in _chunks(sorted(rewritten)):
            store.update(" ;\n".join(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{n}> {{ ?s ?p ?o }} }}" for n in names))
        for nodes in _chunks(sorted(self.touched.union(entities))):
            store.update(_without_orphans(nodes))
        store.flush()
        _write_mark(self.path, CURRENT)


def _without_orphans(nodes: list[str]) -> str:
    """Remove the view's triples about these nodes (as subject or object) that no named graph holds."""
    values = " ".join(f"<{n}>" for n in nodes)
    orphan = "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } }"
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o {orphan} }} ;\n"
            f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?o {{ {values} }} ?s ?p ?o {orphan} }}")


def _chunks(items: list[str]) -> Iterable[list[str]]:
    return (items[start:start + CHUNK] for start in range(0, len(items), CHUNK))


def _write_mark(folder: Path, value: str) -> None:
    """Write the mark through a synced temporary file and a rename, so it is one value or the other."""
    temporary = folder / f".{MARK}.tmp"
    with open(temporary, "w", encoding="ascii") as stream:
        stream.write(value + "\n")
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, folder / MARK)
