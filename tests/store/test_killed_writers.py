"""Issue 11's killed writers: `kg build --store` and `kg build --endpoint` SIGKILLed at random moments.

Each run is a real `kg build` process, killed with SIGKILL (nothing of kg
runs after it: no ``finally``, no ``atexit``), at a random moment drawn
inside one phase of the build, so that kills land in every phase: start-up,
the store's creation, the model's loading, the documents' transactions and
the gaps between them, the identity resolution and the output files. The
process is the real CLI with print statements around kg's functions (see
``TRACED_BUILD``), so each run records where it died; the store is only
looked at after the process has gone.

What "whole" means. A document's named graph is written in one transaction
(``put_graph``) as extraction made it: call that its *extracted* version
(``extracted``, made in this process from the same corpus). Once every
document is in, ``resolve`` rewrites the graphs whose entities are merged
or retyped across articles (one transaction for this corpus, which the
``reference`` fixture checks): their *resolved* version, what an un-killed
build leaves (``reference``). A kill can therefore leave each graph in
either version, and even a mix of versions across graphs (a later killed
run replaces some resolved graphs by extracted ones again), but each graph
must be exactly one of the two: a graph with a triple missing, extra or
half-rewritten is partial. Besides, the graphs present must be the first n
documents of the corpus (the build writes them in order), and every
document whose transaction the process reported committed must be there.

A re-run of the same build on the same store must then exit 0 and leave
exactly the reference: the same named graphs with the same triples (so no
document twice, no entity twice), the same counts of entities and
statements, the same default graph, and output files equal to the
reference's.
"""
from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.store.database import check_store, is_store, open_store
from kg.store.serve import HOST
from tests.conftest import ROOT
from tests.store.test_serve import environment, kg_serve

CORPUS = Path(__file__).with_name("killed_writers.jsonl")  # 42 invented articles, several naming one person twice
SEED = int(os.environ.get("KG_KILL_SEED", "11"))  # every draw comes from this: a failure is replayed with it
ROUNDS, KILLS_PER_ROUND = 4, 5  # 20 killed `kg build --store` runs: 4 stores, 5 kills each, then a re-run
ENDPOINT_KILLS = 4
DEADLINE = 180  # seconds for any one build (the model alone loads in 2-3 s)
OUTPUT_FILES = ("graph.ttl", "graph.trig")  # the output files read back (pyoxigraph parses them fast)
NARROW = ("in a document's transaction", "identity resolution", "merged view")  # phases of milliseconds: a miss is tried again

# `kg build ARGS`, with one printed line (flushed: it reaches the parent before a kill can) before and after
# kg's own functions: the parent kills at a chosen line plus a random delay, and reads where the run died.
TRACED_BUILD = r"""
import contextlib, sys, time
START = time.monotonic()
def mark(*words):
    print(f"{time.monotonic() - START:.4f}", *words, flush=True)
mark("started")
import kg.build, kg.engine.extract
from kg.store import database

def traced(module, name, before, after, named=None):
    original = getattr(module, name)  # fails loudly if kg renamed it: the test must follow
    def wrapper(*args, **kwargs):
        label = [str(args[named])] if named is not None else []
        mark(before, *label)
        result = original(*args, **kwargs)
        mark(after, *label)
        return result
    setattr(module, name, wrapper)

def traced_context(module, name, before, after):
    original = getattr(module, name)
    @contextlib.contextmanager
    def wrapper(*args, **kwargs):
        mark(before)
        with original(*args, **kwargs) as value:  # the store is made or opened on entering
            mark(after)
            yield value
    setattr(module, name, wrapper)

traced_context(kg.build, "open_store", "opening", "opened")
traced(kg.engine.extract, "load_pipeline", "loading", "loaded")
traced(database, "put_graph", "put", "committed", named=1)
traced(kg.build, "push_graph", "push", "pushed", named=1)
traced(kg.build, "resolve", "resolving", "resolved")
traced(kg.build, "write_outputs", "outputs", "written")
try:  # the store's merged view, where kg has one (kg.store.merged): its completion after resolution is a phase too
    from kg.store.merged import Upkeep
except ImportError:
    Upkeep = None
if Upkeep is not None:
    traced(Upkeep, "finish", "merging", "merged")
sys.argv = ["kg", "build", *sys.argv[1:]]
from kg.cli import run
try:
    run()
finally:
    mark("exit")
"""
# The phase a run died in, from the last line it printed.
PHASES = {
    "started": "start-up", "opening": "opening the store", "opened": "model loading", "loading": "model loading",
    "loaded": "parsing and documents", "put": "in a document's transaction", "committed": "parsing and documents",
    "push": "in a PUT", "pushed": "parsing and PUTs", "resolving": "identity resolution",
    "resolved": "after resolution", "merging": "merged view", "merged": "after resolution", "outputs": "output files", "written": "finishing", "exit": "finishing",
}


# --- running a build and killing it ------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    seconds: float
    kind: str
    graph: str | None


@dataclass(frozen=True)
class Target:
    """Kill once the child has printed its occurrence-th `kind` line, delay seconds later."""

    aim: str  # the phase aimed at, for the record
    kind: str
    occurrence: int
    delay: float


@dataclass
class Run:
    code: int
    marks: list[Mark]
    stderr: str
    seconds: float
    target: Target | None = None
    pid: int = 0

    @property
    def killed(self) -> bool:
        return self.code == -signal.SIGKILL

    @property
    def phase(self) -> str:
        if not self.killed:
            return "finished"
        last = self.marks[-1].kind if self.marks else "started"
        if last == "push" and "resolved" in self.kinds:
            return "in a PUT after resolution"
        if last == "pushed" and "resolved" in self.kinds:
            return "re-pushing resolved graphs"
        return PHASES[last]

    @property
    def kinds(self) -> list[str]:
        return [mark.kind for mark in self.marks]

    def graphs(self, kind: str) -> set[str]:
        return {mark.graph for mark in self.marks if mark.kind == kind}

    def at(self, kind: str, occurrence: int = 1) -> float:
        return [mark.seconds for mark in self.marks if mark.kind == kind][occurrence - 1]


def child_environment(tmp: Path) -> dict[str, str]:
    """No proxy for 127.0.0.1; this worktree's kg first; temporary stores where the test can see them."""
    env = environment()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["TMPDIR"] = str(tmp)
    return env


def traced_build(args: list, tmp: Path, target: Target | None = None) -> Run:
    """Run the traced `kg build ARGS`; with a target, SIGKILL it there (unless it ended first)."""
    tmp.mkdir(exist_ok=True)
    started = time.monotonic()
    with open(tmp / "stderr", "w+", encoding="utf-8") as stderr:
        child = subprocess.Popen([sys.executable, "-c", TRACED_BUILD, *map(str, args)], cwd=ROOT, text=True,
                                 env=child_environment(tmp), stdout=subprocess.PIPE, stderr=stderr)
        lines: list[str] = []
        arrived = threading.Condition()

        def read() -> None:  # a thread, so the parent sees each line as it comes and can kill at once
            for line in child.stdout:
                with arrived:
                    lines.append(line)
                    arrived.notify_all()
            with arrived:
                lines.append("")  # the end
                arrived.notify_all()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            if target is not None:
                def reached() -> bool:
                    seen = sum(1 for line in lines if line.split()[1:2] == [target.kind])
                    return seen >= target.occurrence or (lines and lines[-1] == "")
                with arrived:
                    assert arrived.wait_for(reached, DEADLINE), f"the build never printed {target}"
                time.sleep(target.delay)
                child.kill()  # SIGKILL; a no-op if the build has just ended by itself
            code = child.wait(DEADLINE)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(DEADLINE)
        reader.join(DEADLINE)
        stderr.seek(0)
        errors = stderr.read()
    marks = []
    for line in lines:
        if line and re.match(r"\d+\.\d+ [a-z]+", line):  # the summary lines kg prints are not marks
            seconds, kind, *graph = line.split()
            marks.append(Mark(float(seconds), kind, graph[0] if graph else None))
    return Run(code, marks, errors, time.monotonic() - started, target, child.pid)


# --- what a store, an endpoint and an output folder hold ---------------------------------------


Graphs = dict[str, frozenset]  # graph IRI -> its triples


def triples(quads) -> frozenset:
    """As ox.Triple, comparable whatever graph they came from (ox.parse gives quads even for N-Triples)."""
    return frozenset(ox.Triple(q.subject, q.predicate, q.object) for q in quads)


def store_graphs(path: Path) -> Graphs:
    """Every named graph in the store, read through kg's own opening (which says if it is locked)."""
    with open_store(path) as store:  # let go on return: pyoxigraph holds the lock while a reference lives
        return {graph.value: triples(store.quads_for_pattern(None, None, None, graph)) for graph in store.named_graphs()}


def store_default_graph(path: Path) -> frozenset:
    with open_store(path) as store:
        return triples(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def store_counts(path: Path) -> tuple[int, int]:
    """Distinct entities the documents mention and distinct statements, over the named graphs."""
    queries = (
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e <https://w3id.org/kg-news/ontology#mentionedIn> ?g } }",
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } VALUES ?c { "
        "<https://w3id.org/kg-news/ontology#Statement> <https://w3id.org/kg-news/ontology#BackgroundStatement> } }",
    )
    with open_store(path) as store:
        return tuple(int(next(iter(store.query(q)))["n"].value) for q in queries)


def file_quads(path: Path) -> frozenset:
    """An output file's quads (a Turtle file's are all in the default graph)."""
    fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.TURTLE
    return frozenset(ox.parse(path=str(path), format=fmt))


def endpoint_graphs(root: str) -> Graphs:
    """Every named graph the server holds, each read whole through the Graph Store protocol."""
    query = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"}).encode()
    request = urllib.request.Request(f"{root}/query", data=query,
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=DEADLINE) as answer:
        names = [row["g"]["value"] for row in json.load(answer)["results"]["bindings"]]
    graphs = {}
    for name in names:
        request = urllib.request.Request(f"{root}/store?graph={urllib.parse.quote(name, safe='')}",
                                         headers={"Accept": "application/n-triples"})
        with urllib.request.urlopen(request, timeout=DEADLINE) as answer:
            graphs[name] = triples(ox.parse(answer.read(), format=ox.RdfFormat.N_TRIPLES))
    return graphs


def temporary_stores(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.iterdir() if p.name.startswith("kg-build-"))


def cut_off_put(port: int, graph: str, large: int) -> None:
    """What a process killed while it sends a large PUT leaves: the request headers, part of the body, a closed socket."""
    body = b"".join(b'<urn:kg:test:s%d> <urn:kg:test:p> "%d" .\n' % (i, i) for i in range(large // 40))
    head = (f"PUT /store?graph={urllib.parse.quote(graph, safe='')} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
            f"Content-Type: application/n-triples\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection((HOST, port), timeout=DEADLINE) as connection:
        connection.sendall(head + body[:body.index(b"\n", len(body) // 2) + 1])  # ends on a whole line
        time.sleep(0.5)  # the server has read what came, and waits for the rest
    time.sleep(0.5)  # and sees the connection closed


# --- the reference: the corpus built un-killed --------------------------------------------------


@dataclass
class Reference:
    order: list[str]  # the documents' graph IRIs in the order the build writes them
    extracted: Graphs  # each graph as extraction makes it
    resolved: Graphs  # each graph as an un-killed build leaves it
    default_graph: frozenset
    counts: tuple[int, int]
    files: dict[str, frozenset]
    run: Run  # the un-killed build's timeline, from which kill moments are drawn
    stats: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Reference:
    from kg.engine.local import run_in_process
    from kg.rdf.graph import DEFAULT_BASE
    from kg.resolve.identity import UPDATE_CHUNK, plan, read_facts
    from kg.sources.ingest import read_inputs

    folder = tmp_path_factory.mktemp("reference")
    run = traced_build([CORPUS, "--store", folder / "store", "--out", folder / "out"], folder / "tmp")
    assert run.code == 0, run.stderr
    documents = list(run_in_process(iter(read_inputs([CORPUS])), DEFAULT_BASE))
    extracted = {d.name: triples(ox.parse(d.ntriples, format=ox.RdfFormat.N_TRIPLES)) for d in documents}
    order = [d.name for d in documents]
    resolved = store_graphs(folder / "store")
    assert [m.graph for m in run.marks if m.kind == "committed"] == order, "the build writes in corpus order"
    assert set(resolved) == set(extracted) and len(order) == len(set(order)) == 42

    # The two versions are a sound reference only if resolution really changes some graphs (else a kill
    # during it proves nothing), leaves others alone, and is one transaction for this corpus.
    memory = ox.Store()
    for name, graph in extracted.items():
        memory.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name)) for t in graph)
    found = plan(read_facts(memory))
    changed = {name for name in order if extracted[name] != resolved[name]}
    assert found.merges and changed and changed <= found.changed_graphs, "resolution rewrites some of the graphs"
    assert len(changed) < len(order) and len(found.types) <= UPDATE_CHUNK
    return Reference(order, extracted, resolved, store_default_graph(folder / "store"), store_counts(folder / "store"),
                     {name: file_quads(folder / "out" / name) for name in OUTPUT_FILES}, run,
                     {"changed by resolution": len(changed), "re-pushed after resolution": len(found.changed_graphs),
                      "build seconds": round(run.seconds, 1)})


def check_whole(graphs: Graphs, reference: Reference, committed: set[str], where: str) -> Counter:
    """Each graph is one whole version of its document; they are the first documents; none committed is lost."""
    forms = Counter()
    for name, triples in graphs.items():
        assert name in reference.resolved, f"{where}: a graph no document has: {name}"
        extracted, resolved = reference.extracted[name], reference.resolved[name]
        if triples == resolved:
            forms["resolved" if triples != extracted else "whole"] += 1
        elif triples == extracted:
            forms["extracted"] += 1
        else:
            pytest.fail(f"{where}: graph {name} is partial: {len(triples)} triples, "
                        f"{len(triples - extracted)} not in its extracted version ({len(extracted)}), "
                        f"{len(triples - resolved)} not in its resolved one ({len(resolved)})")
    assert set(graphs) == set(reference.order[:len(graphs)]), f"{where}: the graphs are not the first documents"
    assert committed <= set(graphs), f"{where}: committed documents are missing: {sorted(committed - set(graphs))}"
    return forms


def check_store_after_kill(path: Path, run: Run, reference: Reference) -> tuple[int, str]:
    """The store opens (not locked, not unreadable) and holds whole documents only; returns what it holds."""
    where = f"after a kill in {run.phase} ({run.target})"
    if not is_store(path):  # killed before the store was made, or while RocksDB was making it
        assert "committed" not in run.kinds, f"{where}: documents were committed but there is no store"
        left = sorted(p.name for p in path.iterdir()) if path.is_dir() else []
        return 0, f"no store yet (left: {', '.join(left)})" if left else "no store yet"
    graphs = store_graphs(path)
    forms = check_whole(graphs, reference, run.graphs("committed"), where)
    return len(graphs), f"{len(graphs):2} graphs {dict(forms)}"


def check_outputs(out: Path, reference: Reference, where: str) -> int:
    """Output files present are whole (each renamed into place complete); returns leftover temporary files."""
    for name in OUTPUT_FILES:
        if (out / name).exists():
            assert file_quads(out / name) == reference.files[name], f"{where}: {name} is not the reference's"
    return len(list(out.glob(".graph.*.tmp"))) if out.is_dir() else 0


def check_store_rebuilt(path: Path, out: Path, run: Run, reference: Reference) -> None:
    """The re-run completed and left the reference exactly: every document once, whole, resolved."""
    assert run.code == 0, f"the re-run failed: {run.stderr}"
    graphs = store_graphs(path)
    assert set(graphs) == set(reference.resolved), "the re-run left other graphs than the reference's"
    assert all(graphs[name] == reference.resolved[name] for name in graphs), "a graph differs from the reference"
    assert store_counts(path) == reference.counts, "entities or statements counted twice"
    assert store_default_graph(path) == reference.default_graph
    for name in OUTPUT_FILES:
        assert file_quads(out / name) == reference.files[name], f"the re-run's {name} is not the reference's"


# --- drawing kill moments -----------------------------------------------------------------------


def store_targets(rng: random.Random, reference: Reference) -> list[list[Target]]:
    """ROUNDS x KILLS_PER_ROUND kill moments, drawn inside the phases of the reference build's timeline.

    Each round starts on a new store, so its first kill can land while the store is being made (a kill there
    left a folder kg refused for ever, before the fix that ``test_a_store_whose_creation_was_killed_is_built_again``
    pins down).
    """
    ref, documents = reference.run, len(reference.order)
    aims = {  # how many of each (after each round's first two kills), and how each is drawn
        "model loading": (2, lambda: Target("model loading", "loading", 1, rng.uniform(0, ref.at("loaded") - ref.at("loading")))),
        "parsing and documents": (3, lambda: Target("parsing and documents", "loaded", 1,
                                                    rng.uniform(0, ref.at("committed", documents) - ref.at("loaded")))),
        # resolution lasts milliseconds: a late draw lands in the output files, so draw early in it
        "identity resolution": (3, lambda: Target("identity resolution", "resolving", 1,
                                                  rng.uniform(0, (ref.at("resolved") - ref.at("resolving")) / 2))),
        "output files": (3, lambda: Target("output files", "outputs", 1, rng.uniform(0, ref.at("written") - ref.at("outputs")))),
        "anywhere": (1, lambda: Target("anywhere", "started", 1, rng.uniform(0, ref.at("exit")))),
    }
    if "merging" in ref.kinds:  # this kg keeps a merged view up to date after resolution: aim there too
        aims["merged view"] = (2, lambda: Target("merged view", "merging", 1, rng.uniform(0, ref.at("merged") - ref.at("merging"))))
    rest = [draw() for count, draw in aims.values() for _ in range(count)]
    assert len(rest) >= ROUNDS * (KILLS_PER_ROUND - 2)
    rng.shuffle(rest)
    rounds = []
    for number in range(ROUNDS):
        # RocksDB writes its first files in the first milliseconds of the opening, CURRENT last: aim there
        first = (Target("opening the store", "opening", 1, rng.uniform(0, min(0.004, ref.at("opened") - ref.at("opening"))))
                 if number % 2 == 0 else Target("start-up", "started", 1, rng.uniform(0, ref.at("opening"))))
        # second, while the store is new: a kill in a transaction leaves the first documents only
        writing = Target("in a document's transaction", "put", rng.randint(1, documents), rng.uniform(0, 0.001))
        rounds.append([first, writing] + rest[number::ROUNDS])
    return rounds


def report(title: str, runs: list[Run], rows: list[str], extra: dict) -> None:
    """Where the kills landed and what each left: printed (pytest -s shows it) for the README's figures."""
    print(f"\n{title}: seed {SEED}, {sum(r.killed for r in runs)} killed runs, phases "
          f"{dict(Counter(r.phase for r in runs if r.killed))}, {extra}")
    for row in rows:
        print("  " + row)


# --- the tests ----------------------------------------------------------------------------------


def test_builds_killed_at_random_moments_leave_whole_documents_and_a_rerun_completes(reference, tmp_path):
    """20 `kg build --store --out` runs SIGKILLed in every phase; after each, the store opens and holds whole
    documents only (the first ones, every committed one); after each round's five kills, a re-run on the same
    store exits 0 and leaves exactly the reference."""
    rng = random.Random(SEED)
    started = time.monotonic()
    runs, rows, counts, leftovers, reruns = [], [], [], 0, []
    for number, targets in enumerate(store_targets(rng, reference)):
        store, out = tmp_path / f"store-{number}", tmp_path / f"out-{number}"
        args = [CORPUS, "--store", store, "--out", out]
        for target in targets:
            while True:
                run = traced_build(args, tmp_path / "tmp", target)
                if not run.killed:  # it ended before the moment came: a kill it must be, so aim earlier
                    assert run.code == 0, run.stderr
                    run = traced_build(args, tmp_path / "tmp", Target(target.aim, target.kind, target.occurrence, 0))
                assert run.killed, f"the build ended by itself before {target}: {run.stderr}"
                graphs, held = check_store_after_kill(store, run, reference)
                leftovers += check_outputs(out, reference, f"after a kill in {run.phase}")
                runs.append(run)
                counts.append(graphs)
                rows.append(f"round {number}: aimed at {target.aim:27} died in {run.phase:27} "
                            f"after {run.seconds:4.1f} s; store: {held}")
                # The phases of a few milliseconds are missed when the machine is busy: one more kill, at once.
                if run.phase == target.aim or target.aim not in NARROW or target.delay == 0:
                    break
                target = Target(target.aim, target.kind, target.occurrence, 0)
        rerun = traced_build(args, tmp_path / "tmp")
        check_store_rebuilt(store, out, rerun, reference)
        reruns.append(rerun.seconds)
        rows.append(f"round {number}: re-run exit 0 in {rerun.seconds:.1f} s; store equals the reference "
                    f"({len(reference.order)} graphs, {reference.counts[0]} entities, {reference.counts[1]} statements)")
    report("kg build --store killed", runs, rows, {
        **reference.stats, "re-runs": len(reruns), "temporary output files left by kills": leftovers,
        "seconds": round(time.monotonic() - started)})
    assert sum(run.killed for run in runs) >= 20
    # Kills must have landed before the documents, among them and after them, or the test proved less than it
    # says (which phase exactly a draw hits depends on the machine's speed: the table above tells).
    phases = {run.phase for run in runs}
    assert phases & {"start-up", "opening the store", "model loading"}, phases
    assert phases & {"in a document's transaction", "parsing and documents"}, phases
    assert phases & {"identity resolution", "merged view", "after resolution", "output files", "finishing"}, phases
    assert any(0 < count < len(reference.order) for count in counts), "no kill left some documents and not others"


def test_pushes_killed_midway_leave_whole_graphs_at_the_endpoint_and_a_rerun_completes(reference, tmp_path):
    """`kg build --endpoint` SIGKILLed during its PUTs (first pushes, and re-pushes after resolution): each graph
    the server holds is one whole version of its document, and a re-run puts every document there exactly once."""
    rng = random.Random(SEED + 1)
    documents = len(reference.order)
    changed = reference.stats["re-pushed after resolution"]
    targets = [Target("a PUT", "push", rng.randint(1, documents), rng.uniform(0, 0.005)) for _ in range(ENDPOINT_KILLS - 1)]
    targets.append(Target("re-pushing resolved graphs", "push", documents + rng.randint(1, changed), rng.uniform(0, 0.005)))
    started = time.monotonic()
    runs, rows = [], []
    with kg_serve(tmp_path / "served", "--writable") as server:
        args = [CORPUS, "--endpoint", f"{server.root}/store"]
        for target in targets:
            run = traced_build(args, tmp_path / "tmp", target)
            assert run.killed, f"the build ended by itself before {target}: {run.stderr}"
            graphs = endpoint_graphs(server.root)
            forms = check_whole(graphs, reference, run.graphs("pushed"), f"endpoint, after a kill in {run.phase}")
            # Without --store a build works in a temporary store, which a kill leaves behind: the next build
            # removes it, so only the last killed build's is there.
            left = temporary_stores(tmp_path / "tmp")
            assert len(left) == 1 and left[0].startswith(f"kg-build-{run.pid}-"), left
            runs.append(run)
            rows.append(f"aimed at {target.aim:26} died in {run.phase:28} after {run.seconds:4.1f} s; "
                        f"endpoint: {len(graphs):2} graphs {dict(forms)}; temporary stores: {len(left)}")
        rerun = traced_build(args, tmp_path / "tmp")
        assert rerun.code == 0, rerun.stderr
        assert temporary_stores(tmp_path / "tmp") == [], "the re-run left the killed build's temporary store"
        graphs = endpoint_graphs(server.root)
        assert graphs == reference.resolved, "the endpoint does not hold each document once, as the reference"
        rows.append(f"re-run exit 0 in {rerun.seconds:.1f} s; endpoint equals the reference ({len(graphs)} graphs)")
        # kg sends a small graph in one write, so the kills above end a PUT before or after it, never inside;
        # a large document's body goes in several writes, and a kill between them must not cost the old version.
        cut_off_put(server.port, reference.order[0], large=2_000_000)
        assert endpoint_graphs(server.root) == reference.resolved, "a PUT cut off mid-body changed the endpoint"
        rows.append("a PUT cut off mid-body (a killed client) left the document's previous version whole")
        assert server.stop() == 0
    assert store_graphs(tmp_path / "served") == reference.resolved, "the server's store on disk is the reference"
    report("kg build --endpoint killed", runs, rows, {"seconds": round(time.monotonic() - started)})
    assert {run.phase for run in runs} & {"in a PUT", "parsing and PUTs"}
    assert {run.phase for run in runs} & {"in a PUT after resolution", "re-pushing resolved graphs"}


UNFINISHED = [("LOG",), ("000000.dbtmp", "LOCK", "LOG"), ("IDENTITY", "LOCK", "LOG"),  # what real kills of a
              ("000001.dbtmp", "IDENTITY", "LOCK", "LOG", "MANIFEST-000001")]  # process creating a store left
NOT_STORES = [("LOCK", "LOG", "notes.txt"), ("IDENTITY", "LOCK", "LOG", "000004.log"),
              ("IDENTITY", "LOCK", "MANIFEST-000005", "000011.sst", "OPTIONS-000007")]


def folder_of(path: Path, names: tuple[str, ...]) -> Path:
    path.mkdir()
    for name in names:
        (path / name).write_bytes(b"left over")
    return path


def test_a_store_whose_creation_was_killed_is_built_again(tmp_path):
    """Regression (issue 11): a build killed while RocksDB created the store left LOCK, LOG, IDENTITY, MANIFEST
    and no CURRENT; kg then refused the folder for ever ("the folder holds other files")."""
    store = folder_of(tmp_path / "store", UNFINISHED[-1])
    run = subprocess.run([sys.executable, "-m", "kg", "build", "--quiet", "--store", store, "-"], cwd=ROOT,
                         input=b"Mayor Ilsa Brandvold of Trondheim opened a new bridge over the Nidelva river.",
                         env=child_environment(tmp_path), capture_output=True, timeout=DEADLINE)
    assert run.returncode == 0, run.stderr.decode()
    assert len(store_graphs(store)) == 1
    for number, names in enumerate(UNFINISHED):  # each leftover the kills found: checked, then opened as a build does
        store = folder_of(tmp_path / f"unfinished-{number}", names)
        check_store(store)
        with open_store(store, create=True) as opened:
            opened.add(ox.Quad(ox.NamedNode("urn:kg:test:s"), ox.NamedNode("urn:kg:test:p"), ox.Literal("o"),
                               ox.NamedNode("urn:kg:test:g")))
            opened.flush()
        del opened
        assert list(store_graphs(store)) == ["urn:kg:test:g"], names


def test_a_folder_with_other_files_is_still_refused(tmp_path):
    """The fix above accepts RocksDB's first files only: a store that lost its CURRENT keeps its data files
    (.log, .sst), and a folder with other files is not one to fill."""
    for number, names in enumerate(NOT_STORES):
        folder = folder_of(tmp_path / f"folder-{number}", names)
        with pytest.raises(StoreError, match="the folder holds other files"):
            check_store(folder)
        assert sorted(p.name for p in folder.iterdir()) == sorted(names), "nothing was written there"


def test_a_build_removes_the_temporary_stores_of_killed_builds_only(tmp_path):
    """Regression (issue 11): a build without --store killed by SIGKILL left its temporary store (as large as
    the corpus's graphs) in the temporary folder for ever. A later build removes those whose process is gone
    and whose store no process holds; a running build's, and folders not named by kg, stay."""
    from kg.store.temporary import remove_abandoned

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait(DEADLINE)  # a process that has ended: its pid names no process now
    (tmp_path / f"kg-build-{gone.pid}-held").mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('open', flush=True); sys.stdin.read()", str(tmp_path / f"kg-build-{gone.pid}-held" / "store")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"  # a store held by a process kg cannot see (another PID namespace)
        for name in (f"kg-build-{gone.pid}-killed", f"kg-build-{os.getpid()}-running", "kg-build-other"):
            (tmp_path / name).mkdir()
            with open_store(tmp_path / name / "store", create=True) as store:
                store.flush()
            del store
        removed = remove_abandoned(tmp_path)
    finally:
        holder.communicate("", timeout=DEADLINE)
    assert [p.name for p in removed] == [f"kg-build-{gone.pid}-killed"]
    assert temporary_stores(tmp_path) == sorted([f"kg-build-{gone.pid}-held", f"kg-build-{os.getpid()}-running",
                                                 "kg-build-other"])
