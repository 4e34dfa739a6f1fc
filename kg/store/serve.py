"""Serve: a store as a SPARQL 1.1 Protocol endpoint, through the Oxigraph server.

kg does not run an HTTP server of its own: the ``oxigraph`` package ships
Oxigraph's server binary (same engine and storage format as pyoxigraph 0.5),
with the SPARQL Protocol at /query and /update, the Graph Store Protocol at
/store and a YASGUI query page at /. kg runs it as a child process, bound to
127.0.0.1 only, turns its start-up failures into kg's one-line errors, and
stops it cleanly on Ctrl-C or SIGTERM.

Read-only serving uses ``oxigraph serve-read-only``, which opens the store
without taking its lock (several readers may share it). Oxigraph calls a
writer changing the store under it undefined behaviour, so kg holds the
store's lock itself while it serves read-only: a ``kg build --store`` on the
same folder then stops with "the store is open in another process". It
also locks a mark file in the folder (``SERVING_MARK``), by which readers
(``kg query --store``, ``kg export``) know the holder is a read-only server
and open the store read-only beside it rather than refusing.
"""
from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator
from urllib.parse import quote, urlencode

from .. import errors
from ..rdf.graph import written_prefixes
from .database import SERVING_MARK, is_store, open_store

HOST = "127.0.0.1"
DEFAULT_PORT = 7878
START_TIMEOUT = 30.0  # seconds for the server to accept connections
STOP_TIMEOUT = 10.0  # seconds for it to end after SIGTERM, before SIGKILL
_PR_SET_PDEATHSIG = 1
# The query the page opens with (the page is Oxigraph's and cannot be configured: a link carries it).
EXAMPLE_QUERY = """# Every relation the articles state, with its sentence. Edit the query and press the run button.
SELECT ?subject ?predicate ?object ?sentence WHERE {
  ?statement a kg:Statement ;
      rdf:subject/rdfs:label ?subject ; rdf:predicate ?p ; rdf:object/rdfs:label ?object ;
      kg:sentence ?sentence .
  BIND(STRAFTER(STR(?p), "#") AS ?predicate)
}
ORDER BY ?subject ?predicate ?object
LIMIT 100
"""


@dataclass(frozen=True)
class Endpoint:
    """Where a running server answers."""

    port: int
    writable: bool

    @property
    def root(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def query(self) -> str:
        return f"{self.root}/query"

    @property
    def update(self) -> str:
        return f"{self.root}/update"

    @property
    def graph_store(self) -> str:
        return f"{self.root}/store"

    @property
    def example_link(self) -> str:
        """The query page opened on a tab holding kg's prefixes and an example query (YASGUI reads it from the URL)."""
        return f"{self.root}/#" + urlencode({"query": example_query(), "endpoint": self.query, "requestMethod": "POST",
                                              "tabTitle": "kg example", "outputFormat": "table"}, quote_via=quote)

    def __str__(self) -> str:
        mode = f"writable; updates at {self.update}, graphs at {self.graph_store}" if self.writable else "read-only"
        return f"SPARQL endpoint {self.query} ({mode}); query page {self.root}/ ; Ctrl-C stops it"


def example_query() -> str:
    """EXAMPLE_QUERY with the PREFIX lines of every vocabulary kg writes."""
    lines = [f"PREFIX {prefix}: <{iri}>" for prefix, iri in sorted(written_prefixes().items())]
    return "\n".join(lines) + "\n\n" + EXAMPLE_QUERY


def oxigraph_executable() -> str:
    """The server installed with kg (beside this Python), else one on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise errors.server_missing()
    return found


def serve(store: str | os.PathLike, port: int = DEFAULT_PORT, writable: bool = False,
          ready: Callable[[Endpoint], None] = print) -> None:
    """Serve the store on 127.0.0.1:port until Ctrl-C or SIGTERM; call ready once it answers.

    Everything that can be checked is checked before the server starts (the
    store exists and is free, the port is free), so the usual mistakes are
    kg's own clear errors rather than the server's backtrace.
    """
    store = Path(store)
    executable = oxigraph_executable()
    _check_store(store, writable)
    _check_port(port)
    endpoint = Endpoint(port, writable)
    command = [executable, "serve" if writable else "serve-read-only", "--location", str(store),
               "--bind", f"{HOST}:{port}", "--union-default-graph"]
    with _store_lock(store, hold=not writable), tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                  preexec_fn=_die_with_parent)
        with _forwarding_stop_signals(server) as stopping:
            try:
                if _wait_until_listening(server, port, log, store, stopping):
                    ready(endpoint)
                code = server.wait()
            finally:
                _stop(server)
        if not stopping():
            raise _server_failure(code, log, store, port)


def _check_store(store: Path, writable: bool) -> None:
    """A missing store is an error; with --writable a new or empty folder becomes one."""
    if not is_store(store):
        with open_store(store, create=writable):  # raises the missing / not-a-store error, or creates it
            pass


@contextmanager
def _store_lock(store: Path, hold: bool) -> Iterator[None]:
    """Take the store's lock, as any Oxigraph writer would: a store in use is an error now.

    Held for the whole serve when hold (read-only); otherwise released at
    once so the writable server can take it.
    """
    with open(store / "LOCK", "a+b") as lock_file:
        try:
            fcntl.lockf(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise errors.store_locked(store) from exc
        if not hold:
            fcntl.lockf(lock_file, fcntl.LOCK_UN)
            yield
            return
        with open(store / SERVING_MARK, "a+b") as mark:  # readers see a read-only server, not a writer
            fcntl.lockf(mark, fcntl.LOCK_EX | fcntl.LOCK_NB)
            try:
                yield
            finally:
                with suppress(OSError):
                    os.unlink(store / SERVING_MARK)


def _check_port(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind((HOST, port))
        except OSError as exc:
            raise errors.port_in_use(port) from exc


def _die_with_parent() -> None:
    """In the child, before exec: end it if kg itself is killed, so no server is left behind (Linux)."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@contextmanager
def _forwarding_stop_signals(server: subprocess.Popen) -> Iterator[Callable[[], bool]]:
    """Ctrl-C and SIGTERM stop the server (and so the serve) instead of killing kg mid-way."""
    asked = []

    def stop(signum, frame) -> None:
        asked.append(signum)
        with suppress(ProcessLookupError):
            server.terminate()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield lambda: bool(asked)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _wait_until_listening(server: subprocess.Popen, port: int, log: IO[bytes], store: Path,
                          stopping: Callable[[], bool]) -> bool:
    """True once the server accepts connections; False if Ctrl-C came first."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        code = server.poll()
        if code is not None:
            if stopping():
                return False
            raise _server_failure(code, log, store, port)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(1.0)
            if probe.connect_ex((HOST, port)) == 0 and server.poll() is None:
                return True
        time.sleep(0.05)
    raise errors.server_not_starting(port, START_TIMEOUT)


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(STOP_TIMEOUT)


def _server_failure(code: int, log: IO[bytes], store: Path, port: int) -> errors.KGError:
    """The server's own 'Error: ...' line, as the kg error it means."""
    log.seek(0)
    lines = log.read().decode("utf-8", "replace").splitlines()
    message = next((line[len("Error: "):] for line in lines if line.startswith("Error: ")),
                   lines[0] if lines else f"exit code {code}")
    if "Address already in use" in message:
        return errors.port_in_use(port)
    if "lock" in message.lower():
        return errors.store_locked(store)
    return errors.server_failed(code, message)
