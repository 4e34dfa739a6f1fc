"""The Dask engine: extraction on a Dask cluster, for corpora larger than one machine can parse in time.

Tasks are batches of documents; each worker loads the model once, when it
joins (a ``WorkerPlugin``), never pickled into a task. Only the documents
go out and their named graphs (N-Triples) come back; the client writes them
to the store or endpoint as they arrive, with a bounded number of batches
in flight so memory stays flat. On one machine, ``--processes N`` is faster
(no scheduler, no serialization over sockets): Dask is for many machines.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from .. import errors
from ..records import Document
from .extract import DocumentGraph, extract_batch
from .local import batches

IN_FLIGHT_PER_WORKER = 2
CONNECT_TIMEOUT = 30  # seconds


def _plugin():
    from distributed import WorkerPlugin

    class LoadModel(WorkerPlugin):
        """Loads kg's spaCy pipeline once in each worker, as it starts (or at once, if it runs already)."""

        name = "kg-load-model"

        def setup(self, worker) -> None:
            from .extract import load_model

            load_model()

    return LoadModel()


def run_on_dask(documents: Iterable[Document], base: str, scheduler: str) -> Iterator[DocumentGraph]:
    """Batches of documents as tasks on the cluster at ``scheduler``; their graphs back in order."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise errors.dask_missing() from exc
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise errors.scheduler_unreachable(scheduler, str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
    with client:
        client.register_plugin(_plugin())
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque = deque()
        for batch in batches(documents):
            pending.append(client.submit(extract_batch, batch, base, pure=False))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
