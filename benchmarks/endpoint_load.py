"""``kg serve`` under load: concurrent clients asking the project's queries on 127.0.0.1 for a bounded time.

Target (issue 11): zero failed requests from 16 concurrent clients over 30 seconds; the median and
99th-percentile latency are the figures to report.

The store is built from the seed article and ``tests/articles`` (or given with ``--store``); ``kg serve``
serves it read-only as a subprocess on a free port of 127.0.0.1 (nothing leaves the machine). Each client
is a thread with its own keep-alive connection, asking every query in ``queries/*.rq`` in turn (each
client starting at a different one) as the SPARQL Protocol says: POST /query, ``application/sparql-query``,
``Accept: application/sparql-results+json``. A request fails on a connection error or timeout, a status
other than 200, or an answer that is not JSON; an answer that is JSON but not the answer ``kg query
--store`` gives for the same query is counted apart, as wrong. Latency runs from sending the request to
having read the whole answer. The clients stop by themselves after ``--seconds`` (a request under way is
finished), then the server is stopped. The clients share the machine (and, being Python threads, one
core at a time) with the server, so the figures are the server's and the clients' together: an upper
bound on the server's own latency.

    .venv/bin/python benchmarks/endpoint_load.py [--clients 16] [--seconds 30] [--store DIR]
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 30.0  # seconds; a request without an answer by then has failed
START_TIMEOUT = 60.0  # seconds for kg serve to say it is ready


def project_queries() -> dict[str, str]:
    """The project's example queries, by file name."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted((ROOT / "queries").glob("*.rq"))}


def comparable(answer: str | bytes) -> tuple:
    """A SPARQL JSON results document as something to compare: its variables and its rows in any order."""
    parsed = json.loads(answer)
    rows = sorted(json.dumps(row, sort_keys=True) for row in parsed["results"]["bindings"])
    return tuple(parsed["head"].get("vars", [])), tuple(rows)


def expected_answers(store: Path, queries: dict[str, str]) -> dict[str, tuple]:
    """What ``kg query --store STORE QUERY --format json`` answers to each query (the same function)."""
    from kg.store.query import answer

    return {name: comparable(answer(text, "json", store=store)) for name, text in queries.items()}


def build_store(folder: Path) -> Path:
    """``kg build seeds/ tests/articles --store``: the seed article and the project's test articles."""
    from kg.build import build

    store = folder / "store"
    build([ROOT / "seeds", ROOT / "tests" / "articles"], None, store=store)
    return store


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def kg_serve(store: Path, *flags: str) -> Iterator[int]:
    """``kg serve --store STORE`` on a free port of 127.0.0.1, ready; its port. Always stopped on exit."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k.lower() != "http_proxy"}
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port), *flags],
                              cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([server.stdout], [], [], START_TIMEOUT)
        line = server.stdout.readline() if ready else ""
        if not line.startswith("SPARQL endpoint"):
            server.kill()
            raise RuntimeError(f"kg serve did not start: {line}{server.stderr.read()}")
        yield port
    finally:
        if server.poll() is None:
            server.terminate()  # kg stops the Oxigraph server under it
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(30)


@dataclass
class Load:
    """What the clients saw."""

    clients: int
    seconds: float  # wall clock from the first request to the last answer
    latencies: list[float] = field(default_factory=list)  # seconds, one a request served
    failed: list[str] = field(default_factory=list)  # why, one a failed request
    wrong: list[str] = field(default_factory=list)  # queries answered with JSON unlike kg query's

    @property
    def served(self) -> int:
        return len(self.latencies)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")

    def __str__(self) -> str:
        median = statistics.median(self.latencies) if self.latencies else float("nan")
        return (f"{self.clients} clients for {self.seconds:.1f} s: {self.served:,} requests served "
                f"({self.served / self.seconds:,.1f} a second), {len(self.failed)} failed, {len(self.wrong)} wrong answers; "
                f"latency median {median * 1000:.1f} ms, p99 {self.percentile(0.99) * 1000:.1f} ms, "
                f"max {max(self.latencies, default=float('nan')) * 1000:.1f} ms")


def ask(connection: http.client.HTTPConnection, query: str) -> bytes:
    """One SPARQL Protocol request; the answer's body, or an exception saying why it failed."""
    connection.request("POST", "/query", body=query.encode("utf-8"),
                       headers={"Content-Type": "application/sparql-query; charset=utf-8",
                                "Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}: {body[:200]!r}")
    return body


def load(port: int, queries: dict[str, str], clients: int, seconds: float,
         expected: dict[str, tuple] | None = None) -> Load:
    """``clients`` threads asking the queries in turn until ``seconds`` have passed; what they saw."""
    names = list(queries)
    result = Load(clients, seconds)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(number: int) -> None:
        latencies, failed, wrong = [], [], []
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        turn = number  # each client starts at a different query, so all of them are asked at once
        start.wait()
        while time.monotonic() < deadline[0]:
            name = names[turn % len(names)]
            turn += 1
            sent = time.perf_counter()
            try:
                body = ask(connection, queries[name])
                answer = comparable(body)  # not JSON (or not SPARQL results): a failure
            except Exception as exc:  # noqa: BLE001 - every failure is counted, with its reason
                failed.append(f"{name}: {type(exc).__name__}: {exc}")
                connection.close()  # a new connection for the next request
                connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
                continue
            latencies.append(time.perf_counter() - sent)
            if expected is not None and answer != expected[name]:
                wrong.append(name)
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.failed.extend(failed)
            result.wrong.extend(wrong)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join(seconds + 2 * REQUEST_TIMEOUT)
    result.seconds = time.monotonic() - began
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--store", type=Path, help="serve this store instead of building one")
    args = parser.parse_args()

    queries = project_queries()
    with tempfile.TemporaryDirectory() as folder:
        store = args.store or build_store(Path(folder))
        expected = expected_answers(store, queries)
        rows = sum(len(rows) for _, rows in expected.values())
        print(f"store: {store}; {len(queries)} queries from queries/ ({rows:,} rows in all); "
              f"{os.cpu_count()} cores")
        with kg_serve(store) as port:
            result = load(port, queries, args.clients, args.seconds, expected)
    print(result)
    for reason in sorted(set(result.failed))[:10]:
        print(f"  failed: {reason}")
    ok = result.served > 0 and not result.failed and not result.wrong
    print(f"target: zero failed requests (and every answer kg query's): {'OK' if ok else 'NOT MET'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
