"""Build: run the whole pipeline from articles to graph and output files (and a store)."""
from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from . import errors
from .extract.pipeline import load_pipeline
from .rdf.graph import (
    DEFAULT_BASE, Minter, add_document, check_base, new_dataset, quiet_rdflib, trig_of, union_of, written_prefixes,
)
from .rdf.namespace import KG
from .records import Document
from .sources.files import write_all
from .sources.ingest import read_inputs
from .store.database import check_store, store_dataset
from .store.push import check_endpoint, push_dataset
from .view.network import to_networkx
from .view.viewer import render_html


@dataclass(frozen=True)
class BuildSummary:
    documents: int
    entities: int
    relations: int
    seconds: float
    stored: int = 0  # named graphs written to the store
    pushed: int = 0  # named graphs put to the --endpoint

    def __str__(self) -> str:
        return (f"{self.documents} document{'s' * (self.documents != 1)}, {self.entities} entities, "
                f"{self.relations} relations in {self.seconds:.1f} s")


def build_graph(texts_or_paths: Iterable[str | os.PathLike] | str | os.PathLike, base: str = DEFAULT_BASE) -> Graph:
    """Build the knowledge graph of some articles.

    Each item is a path (a .txt file or a folder of them) or an article's text.
    """
    if isinstance(texts_or_paths, (str, os.PathLike)):
        texts_or_paths = [texts_or_paths]
    items = [Path(i) if isinstance(i, os.PathLike) else i for i in texts_or_paths]
    return graph_of(read_inputs(items), base)


def graph_of(documents: list[Document], base: str = DEFAULT_BASE) -> Graph:
    """The merged graph of the documents: the union of their named graphs."""
    return union_of(dataset_of(documents, base))


def dataset_of(documents: list[Document], base: str = DEFAULT_BASE) -> Dataset:
    """One named graph per document, named by the document's IRI."""
    minter = Minter(base)  # checks the base before the pipeline loads
    nlp = load_pipeline()
    dataset = new_dataset()
    for document, doc in zip(documents, nlp.pipe(d.text for d in documents)):
        index = doc._.kg_entities
        add_document(dataset, document, index.entities.values(), doc._.kg_statements, minter)
    return dataset


def build(
    inputs: Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    base: str = DEFAULT_BASE,
    store: str | os.PathLike | None = None,
    endpoint: str | None = None,
) -> BuildSummary:
    """Build the graph of the inputs and write ``graph.ttl``, ``graph.trig``,
    ``graph.jsonld`` and ``graph.html`` into out_dir; with store, also put each
    document's named graph into that Oxigraph store; with endpoint, PUT each
    one to that SPARQL Graph Store.

    The base IRI is checked, all inputs read and checked, the store checked
    (not held) and the endpoint reached, before anything is parsed; the
    graphs are pushed before any file is written, and the files are written
    under temporary names and renamed, so a failure leaves the previous
    outputs as they were. The store is opened only to write, one transaction
    per document (see ``kg.store.database.add_dataset``), and let go after,
    also when the build fails; the endpoint takes one PUT per document (see
    ``kg.store.push.push_dataset``).
    """
    started = time.perf_counter()
    check_base(base)
    documents = read_inputs([Path(i) for i in inputs])
    if store is not None:
        check_store(store)
    if endpoint is not None:
        check_endpoint(endpoint)
    dataset = dataset_of(documents, base)
    graph = union_of(dataset)
    network = to_networkx(graph)
    out = prepare_output_folder(out_dir)
    pushed = push_dataset(endpoint, dataset) if endpoint is not None else 0
    page = render_html(network, title=f"kg: {', '.join(d.name for d in documents)}"[:200])
    write_all({
        out / "graph.ttl": graph.serialize(format="turtle"),
        out / "graph.trig": serialize_dataset(dataset, "trig"),
        out / "graph.jsonld": serialize_dataset(dataset, "json-ld"),
        out / "graph.html": page,
    })
    stored = store_dataset(store, dataset) if store is not None else 0
    entities = len(set(graph.subjects(KG.mentionedIn, None)))
    return BuildSummary(len(documents), entities, network.number_of_edges(), time.perf_counter() - started, stored, pushed)


def serialize_dataset(dataset: Dataset, fmt: str) -> str:
    """TriG or JSON-LD of the named graphs (JSON-LD compacted with kg's prefixes)."""
    with quiet_rdflib():
        if fmt == "json-ld":
            text = dataset.serialize(format="json-ld", context=written_prefixes(), auto_compact=True)
            return json.dumps(_in_stable_order(json.loads(text)), indent=2, ensure_ascii=False)
        return trig_of(dataset) if fmt == "trig" else dataset.serialize(format=fmt)


def _in_stable_order(value):
    """JSON-LD with its node lists sorted by "@id", so the same graph gives the same file.

    rdflib writes nodes in hash order, which changes from one run to the next.
    """
    if isinstance(value, dict):
        return {key: _in_stable_order(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_in_stable_order(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def prepare_output_folder(out_dir: str | os.PathLike) -> Path:
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise errors.output_not_folder(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise errors.output_not_folder(out, exc.strerror) from exc
    return out


