"""Extract: documents to their named graphs, the unit of work every engine runs.

A batch of documents goes through ``nlp.pipe`` and comes back as one
``DocumentGraph`` each: the graph's name and its triples as N-Triples. That
is small and plain, so it crosses process and machine boundaries cheaply
(only the Doc's records are turned into RDF; the Doc itself never leaves
the process that parsed it). The model is loaded once per process
(``load_pipeline`` is cached), whichever engine calls this.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import Graph

from ..extract.pipeline import load_pipeline
from ..rdf.graph import Minter, add_document
from ..rdf.terms import ntriples
from ..records import Document

BATCH_SIZE = 32  # documents per nlp.pipe batch, and per task for the parallel engines


@dataclass(frozen=True)
class DocumentGraph:
    """One document's named graph, ready for a store or an endpoint."""

    name: str  # the graph's IRI: the document's
    ntriples: bytes
    title: str  # what to call it in messages: its path, else its title


def extract_documents(documents: Iterable[Document], base: str) -> Iterator[DocumentGraph]:
    """Each document's named graph, in order, streamed through ``nlp.pipe``."""
    nlp = load_pipeline()
    minter = Minter(base)
    pairs = nlp.pipe(_fitting(nlp, documents), as_tuples=True, batch_size=BATCH_SIZE)
    for doc, document in pairs:
        yield document_graph(document, doc._.kg_entities.entities.values(), doc._.kg_statements, minter)


def _fitting(nlp, documents: Iterable[Document]) -> Iterator[tuple[str, Document]]:
    """Each (text, document), spaCy's max_length raised first for a text longer than it.

    The size limit is kg's own (``kg build --max-chars``, checked as the
    text is read); spaCy's would refuse a longer text with an error of its
    own, in whichever process or machine parses it, so it follows kg's.
    """
    for document in documents:
        if len(document.text) > nlp.max_length:
            nlp.max_length = len(document.text)
        yield document.text, document


def extract_batch(documents: list[Document], base: str) -> list[DocumentGraph]:
    """A task for the parallel engines: a batch of documents in, their graphs out."""
    return list(extract_documents(documents, base))


def document_graph(document: Document, entities, statements, minter: Minter) -> DocumentGraph:
    """The document's triples on their own: its entities typed and labelled as this document has them.

    Agreeing on one type and label per entity across documents is done after
    extraction, over all of them (``kg.resolve.identity``).
    """
    graph = Graph()
    add_document(graph, document, entities, statements, minter)
    return DocumentGraph(str(minter.document(document)), ntriples(graph), document.path or document.title or document.name)


def load_model() -> None:
    """Load the pipeline now (a worker's start-up), so the first task does not pay for it."""
    load_pipeline()
