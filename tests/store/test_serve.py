"""`kg serve` and `kg build --endpoint`, against a real Oxigraph server on 127.0.0.1.

Every server is started by `kg serve` as a real subprocess on a free port and
killed in teardown whatever happens; every wait and request has a deadline.
"""
from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kg.errors import StoreError
from kg.store.database import add_dataset, open_store

from tests.conftest import ROOT
SEEDS = ROOT / "seeds"
KG_SCRIPT = Path(sys.executable).with_name("kg")
HOST = "127.0.0.1"
DEADLINE = 30  # seconds for any one start, stop or request
WHO_ATTACKS_SUMY = (
    "PREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    'SELECT ?name WHERE { ?who kg:attacks ?place . ?place rdfs:label "Sumy" . ?who rdfs:label ?name }'
)
GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
INSERT = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 } }"
# rdflib's own dataset parsers call its deprecated Dataset methods
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


def environment() -> dict[str, str]:
    """Traffic to 127.0.0.1 must never go through a proxy the machine may set."""
    env = {k: v for k, v in os.environ.items() if k not in ("KG_DEBUG", "http_proxy", "HTTP_PROXY")}
    env["NO_PROXY"] = env["no_proxy"] = f"{HOST},localhost"
    return env


def kg(*args, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(KG_SCRIPT), *map(str, args)], capture_output=True, text=True, cwd=ROOT,
                          env=environment(), timeout=timeout)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def accepts_connections(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        return probe.connect_ex((HOST, port)) == 0


def children(pid: int) -> list[int]:
    """The processes pid started (Linux /proc): the Oxigraph server under `kg serve`."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def is_running(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "\nState:\tZ" not in status.read_text()


class Server:
    """A running `kg serve`: its process, port and first stdout line."""

    def __init__(self, process: subprocess.Popen, port: int, line: str) -> None:
        self.process, self.port, self.line = process, port, line
        self.root = f"http://{HOST}:{port}"

    def stop(self, signum: int = signal.SIGTERM) -> int:
        """Stop it as a user would; returns kg's exit code once kg and the server have ended."""
        servers = children(self.process.pid)
        assert servers, "kg serve runs the Oxigraph server as its child"
        self.process.send_signal(signum)
        code = self.process.wait(DEADLINE)
        deadline = time.monotonic() + DEADLINE
        while any(is_running(pid) for pid in servers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(is_running(pid) for pid in servers), "the Oxigraph server outlived kg serve"
        return code


@contextlib.contextmanager
def kg_serve(store: Path, *flags: str):
    """`kg serve --store STORE --port FREE FLAGS`, ready to answer; always ended on exit."""
    port = free_port()
    process = subprocess.Popen([str(KG_SCRIPT), "serve", "--store", str(store), "--port", str(port), *flags],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment())
    try:
        ready, _, _ = select.select([process.stdout], [], [], DEADLINE)
        assert ready, "kg serve printed nothing within the deadline"
        line = process.stdout.readline()
        assert line, f"kg serve ended: {process.stderr.read() if process.poll() is not None else ''}"
        assert accepts_connections(port)
        yield Server(process, port, line.strip())
    finally:
        if process.poll() is None:
            process.kill()  # the server under it gets SIGTERM as kg dies (PR_SET_PDEATHSIG)
            process.wait(DEADLINE)


def http(url: str, data: dict | None = None, method: str | None = None) -> int:
    """The status code of a request (errors included), within the deadline."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, method=method), timeout=DEADLINE) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def sparql_client():
    """rdflib's SPARQLStore, the standard client; it passes no timeout, so set the default one."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(DEADLINE)
    try:
        yield lambda endpoint, query: list(Graph(SPARQLStore(endpoint, returnFormat="json")).query(query))
    finally:
        socket.setdefaulttimeout(previous)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory, seed_build) -> Path:
    """A store holding the seed's named graph."""
    dataset = Dataset(default_union=True)
    dataset.parse(seed_build / "graph.trig", format="trig")
    path = tmp_path_factory.mktemp("served") / "store"
    with open_store(path, create=True) as store:
        add_dataset(store, dataset)
    return path


@pytest.fixture
def out_folder(seed_build, tmp_path) -> Path:
    """An --out folder that already holds a good build's files."""
    out = tmp_path / "out"
    shutil.copytree(seed_build, out)
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def assert_one_error_line(run: subprocess.CompletedProcess) -> str:
    assert run.returncode != 0 and "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error:"), run.stderr
    return lines[0]


# --- kg serve ------------------------------------------------------------------------------


def test_read_only_server_answers_sparql_refuses_updates_and_stops_on_ctrl_c(seed_store, sparql_client):
    with kg_serve(seed_store) as server:
        assert server.line.startswith(f"SPARQL endpoint {server.root}/query (read-only)"), server.line
        rows = sparql_client(f"{server.root}/query", WHO_ATTACKS_SUMY)
        assert [str(row.name) for row in rows] == ["Russia"]
        assert http(f"{server.root}/") == 200, "the query page"
        assert 400 <= http(f"{server.root}/update", {"update": INSERT}) < 500
        with pytest.raises(StoreError, match="open in another process"):  # no writer under a reader
            with open_store(seed_store):
                pass
        assert server.stop(signal.SIGINT) == 0
        assert not accepts_connections(server.port)
    with open_store(seed_store) as store:
        assert len(store) > 0 and len(list(store.named_graphs())) == 1, "the store is unchanged and free again"


def quads_in(store_path: Path) -> int:
    with open_store(store_path) as store:  # let go on return: pyoxigraph holds the lock while a reference lives
        return len(store)


def test_readers_do_not_block_readers_beside_a_read_only_server(seed_store, tmp_path):
    quads = quads_in(seed_store)
    with kg_serve(seed_store) as server:
        run = kg("query", "--store", seed_store, WHO_ATTACKS_SUMY, "--format", "csv")
        assert run.returncode == 0 and run.stdout.splitlines() == ["name", "Russia"], run.stderr
        run = kg("export", "--store", seed_store, "--format", "nq", "--out", tmp_path / "all.nq")
        assert run.returncode == 0, run.stderr
        assert len((tmp_path / "all.nq").read_text(encoding="utf-8").splitlines()) == quads
        run = kg("build", SEEDS, "--store", seed_store, "--out", tmp_path / "out")  # a writer is still refused
        assert "open in another process" in assert_one_error_line(run)
        assert server.stop() == 0
    assert quads_in(seed_store) == quads


def test_writable_server_accepts_updates(tmp_path, sparql_client):
    with kg_serve(tmp_path / "new-store", "--writable") as server:  # a new folder becomes an empty store
        assert "(writable;" in server.line and f"{server.root}/store" in server.line
        assert http(f"{server.root}/update", {"update": INSERT}) in (200, 204)
        assert [int(row.n) for row in sparql_client(f"{server.root}/query", GRAPHS)] == [1]
        assert server.stop() == 0


@pytest.mark.parametrize("case", ["missing store", "port in use", "store in use"])
def test_serve_errors_are_one_line(seed_store, tmp_path, case):
    with contextlib.ExitStack() as stack:
        store, port = seed_store, free_port()
        if case == "missing store":
            store = tmp_path / "nowhere"
        elif case == "port in use":
            taken = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            taken.bind((HOST, port))
            taken.listen()
        else:
            stack.enter_context(kg_serve(seed_store))
        run = kg("serve", "--store", store, "--port", port, timeout=DEADLINE)
    says = {"missing store": "no store there", "port in use": f"port {port}", "store in use": "open in another process"}
    assert says[case] in assert_one_error_line(run)
    assert run.stdout == ""
    assert not (tmp_path / "nowhere").exists()


# --- kg build --endpoint -------------------------------------------------------------------


def test_pushing_twice_replaces_each_documents_graph(tmp_path, sparql_client):
    with kg_serve(tmp_path / "shared", "--writable") as server:
        counts = []
        for _ in range(2):
            run = kg("build", SEEDS, "--out", tmp_path / "out", "--endpoint", f"{server.root}/store")
            assert run.returncode == 0, run.stderr
            assert run.stdout.splitlines()[-1] == f"1 named graph -> endpoint {server.root}/store"
            counts.append({str(row.g): int(row.n) for row in sparql_client(f"{server.root}/query", GRAPHS)})
        trig = Dataset()
        trig.parse(tmp_path / "out" / "graph.trig", format="trig")
        expected = {str(g.identifier): len(g) for g in trig.graphs() if len(g) and "document/" in str(g.identifier)}
        assert len(expected) == 1 and counts == [expected, expected], "one graph per document, nothing duplicated"
        assert server.stop() == 0


def test_unreachable_endpoint_is_one_line_and_writes_nothing(out_folder):
    before = snapshot(out_folder)
    run = kg("build", SEEDS, "--out", out_folder, "--endpoint", f"http://{HOST}:{free_port()}/store")
    assert "unreachable" in assert_one_error_line(run)
    assert snapshot(out_folder) == before


def test_read_only_endpoint_refuses_the_push_and_writes_nothing(seed_store, out_folder):
    before = snapshot(out_folder)
    with kg_serve(seed_store) as server:
        run = kg("build", SEEDS, "--out", out_folder, "--endpoint", f"{server.root}/store")
        line = assert_one_error_line(run)
        assert "refused" in line and "none of the 1 documents was pushed" in line
    assert snapshot(out_folder) == before
