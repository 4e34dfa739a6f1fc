"""Local engines: extraction in this process, or in N worker processes on this machine.

Both take documents as a stream and give back their graphs in the same
order, holding only a few batches at a time, so memory does not grow with
the corpus. Worker processes are started fresh ("spawn"), each loads the
model once, and at most two batches per worker are in flight.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from ..records import Document
from .extract import BATCH_SIZE, DocumentGraph, extract_batch, extract_documents, load_model

IN_FLIGHT_PER_WORKER = 2
TASK_SIZE = 8  # documents per task: small, so no worker idles long while the last tasks finish


def batches(documents: Iterable[Document], size: int = BATCH_SIZE) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def run_in_process(documents: Iterable[Document], base: str) -> Iterator[DocumentGraph]:
    """One process: documents stream straight through nlp.pipe."""
    yield from extract_documents(documents, base)


def run_in_processes(documents: Iterable[Document], base: str, processes: int) -> Iterator[DocumentGraph]:
    """``processes`` worker processes, each with its own model, fed batches of documents in order."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes, initializer=load_model) as pool:
        pending: deque = deque()
        for batch in batches(documents, TASK_SIZE):
            pending.append(pool.apply_async(extract_batch, (batch, base)))
            if len(pending) >= processes * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
