"""The `kg` console script, run for real as a subprocess."""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph
from rdflib.compare import isomorphic

from kg import __version__
from kg.rdf.namespace import KG

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
KG_SCRIPT = Path(sys.executable).with_name("kg")
WHO_ATTACKS_SUMY = (
    "PREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    'SELECT ?who ?name WHERE { ?who kg:attacks ?place . ?place rdfs:label "Sumy" . ?who rdfs:label ?name }'
)
SUMMARY = re.compile(
    r"^(?P<documents>\d+) documents?, (?P<entities>\d+) entities, (?P<relations>\d+) relations "
    r"in (?P<seconds>\d+\.\d) s -> (?P<ttl>.+graph\.ttl), (?P<html>.+graph\.html)$"
)


def kg(*args, cwd: Path | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    assert KG_SCRIPT.exists(), f"the console script is not installed beside {sys.executable}"
    env = {k: v for k, v in os.environ.items() if k != "KG_DEBUG"}
    return subprocess.run(
        [str(KG_SCRIPT), *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT, env=env, timeout=timeout
    )


def assert_one_error_line(run: subprocess.CompletedProcess, prefix: str = "kg: error:") -> str:
    """Exactly one stderr line, starting with prefix; no traceback anywhere; returns the line."""
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}: {run.stderr!r}"
    assert lines[0].startswith(prefix), f"stderr must start with {prefix!r}: {lines[0]!r}"
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def stored_outputs(seed_build, tmp_path) -> Path:
    """A folder already holding graph.ttl and graph.html from a good build."""
    out = tmp_path / "out"
    shutil.copytree(seed_build, out)
    assert {"graph.ttl", "graph.html"} <= set(os.listdir(out))
    return out


# --- help and version ------------------------------------------------------------------


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["query", "--help"]], ids=" ".join)
def test_help(args):
    run = kg(*args)
    assert run.returncode == 0, run.stderr
    assert "Usage" in run.stdout
    assert run.stderr == ""


def test_version():
    run = kg("--version")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"kg {__version__}"


def test_module_runs_too():
    run = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == f"kg {__version__}", run.stderr


@pytest.mark.parametrize(
    "args, mentions",
    [
        ([], "Usage"),
        (["build"], "INPUTS"),
        (["frobnicate"], "frobnicate"),
        (["query", "graph.ttl", "ASK {}", "--bogus"], "--bogus"),
    ],
    ids=["no-arguments", "build-without-inputs", "unknown-command", "unknown-option"],
)
def test_usage_errors_are_not_internal_errors(args, mentions):
    run = kg(*args)
    output = run.stdout + run.stderr
    assert "Traceback" not in output
    internal = "internal error" in run.stderr
    assert not internal, (
        f"`{' '.join(['kg', *args])}` is a usage mistake but kg reports an internal error (exit {run.returncode}): "
        f"{run.stderr.strip()!r}. cli.run checks isinstance(error, click.ClickException), but typer "
        "raises its own vendored typer._click exceptions, so usage errors fall through to the bug handler"
    )
    assert mentions in output
    assert run.returncode in ((0, 2) if not args else (2,)), f"exit code {run.returncode}"


# --- build -----------------------------------------------------------------------------


def test_build_writes_graph_and_page_and_one_summary_line(tmp_path):
    out = tmp_path / "fresh" / "out"  # does not exist yet
    run = kg("build", SEEDS, "--out", out, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 1, f"expected one summary line: {run.stdout!r}"
    match = SUMMARY.match(lines[0])
    assert match, f"summary line not as expected: {lines[0]!r}"
    assert sorted(os.listdir(out)) == ["graph.html", "graph.jsonld", "graph.trig", "graph.ttl"], "no temporary files may be left"
    assert Path(match["ttl"]) == out / "graph.ttl" and Path(match["html"]) == out / "graph.html"

    graph = Graph().parse(out / "graph.ttl", format="turtle")
    assert int(match["documents"]) == 1 == len(set(graph.subjects(RDF.type, KG.Document)))
    entities = len(set(graph.subjects(KG.mentionedIn, None)))
    statements = len({*graph.subjects(RDF.type, KG.Statement), *graph.subjects(RDF.type, KG.BackgroundStatement)})
    assert int(match["entities"]) == entities > 0
    assert int(match["relations"]) == statements > 0
    assert 0 < float(match["seconds"]) < 120

    page = (out / "graph.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<html") or "<!doctype html" in page.lower()[:100]
    assert "new vis.Network" in page


def _bad_input(tmp_path: Path, case: str) -> list[Path]:
    bad = tmp_path / "bad"
    bad.mkdir()
    if case == "missing path":
        return [bad / "no-such-article.txt"]
    if case == "empty file":
        (bad / "empty.txt").write_bytes(b"")
        return [bad / "empty.txt"]
    if case == "binary file":
        (bad / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
        return [bad / "photo.txt"]
    if case == "non-UTF-8 file":
        (bad / "latin1.txt").write_bytes("The caf\xe9 in Paris was closed on Monday after a fire.".encode("latin-1"))
        return [bad / "latin1.txt"]
    if case == "folder with no .txt":
        (bad / "notes.md").write_text("# notes", encoding="utf-8")
        return [bad]
    if case == "good file then empty file":
        (bad / "empty.txt").write_bytes(b"")
        return [SEEDS / "000_585b4e0ee30f5510.txt", bad / "empty.txt"]
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case, says",
    [
        ("missing path", "no such file or directory"),
        ("empty file", "empty"),
        ("binary file", "binary"),
        ("non-UTF-8 file", "UTF-8"),
        ("folder with no .txt", "no .txt articles"),
        ("good file then empty file", "empty"),
    ],
)
def test_bad_input_fails_cleanly_and_keeps_stored_outputs(tmp_path, stored_outputs, case, says):
    before = snapshot(stored_outputs)
    inputs = _bad_input(tmp_path, case)
    strict = ["--strict"] * (len(inputs) > 1)  # in a batch, without --strict, a bad file is skipped (tests/test_archive.py)
    run = kg("build", *inputs, "--out", stored_outputs, *strict, cwd=tmp_path)
    assert run.returncode != 0
    line = assert_one_error_line(run)
    assert str(inputs[-1]) in line, f"the error must name the bad input: {line!r}"
    assert says in line, line
    assert run.stdout == ""
    assert snapshot(stored_outputs) == before, "a failed build changed the stored graph.ttl/graph.html"
    assert list(stored_outputs.glob(".*.tmp")) == [] and list(stored_outputs.glob("*.tmp")) == []


def test_out_that_is_a_file_is_a_clear_error(tmp_path):
    out = tmp_path / "graph.ttl"
    out.write_text("keep me", encoding="utf-8")
    run = kg("build", SEEDS, "--out", out, cwd=tmp_path)
    assert run.returncode != 0
    internal = "internal error" in run.stderr
    assert not internal, (
        f"--out naming an existing file is a user mistake, but kg reports an internal error: {run.stderr.strip()!r} "
        "(build.build calls out.mkdir(...) and the FileExistsError is not turned into a KGError)"
    )
    line = assert_one_error_line(run)
    assert str(out) in line
    assert out.read_text(encoding="utf-8") == "keep me"


# --- query -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_ttl(seed_build) -> Path:
    return seed_build / "graph.ttl"


def test_query_table(seed_ttl):
    run = kg("query", seed_ttl, WHO_ATTACKS_SUMY)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[0].split() == ["who", "name"]
    assert lines[2].split() == ["https://w3id.org/kg-news/id/entity/russia", "Russia"]
    assert lines[-1] == "(1 row)"


def test_query_csv(seed_ttl):
    run = kg("query", seed_ttl, WHO_ATTACKS_SUMY, "--format", "csv")
    assert run.returncode == 0, run.stderr
    assert list(csv.reader(io.StringIO(run.stdout))) == [
        ["who", "name"],
        ["https://w3id.org/kg-news/id/entity/russia", "Russia"],
    ]


def test_query_json(seed_ttl):
    run = kg("query", seed_ttl, WHO_ATTACKS_SUMY, "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["head"]["vars"] == ["who", "name"]
    assert data["results"]["bindings"] == [
        {
            "who": {"type": "uri", "value": "https://w3id.org/kg-news/id/entity/russia"},
            "name": {"type": "literal", "value": "Russia"},
        }
    ]


def test_query_from_rq_file(seed_ttl, tmp_path):
    (tmp_path / "sumy.rq").write_text(WHO_ATTACKS_SUMY, encoding="utf-8")
    run = kg("query", seed_ttl, "sumy.rq", "--format", "csv", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Russia" in run.stdout


def test_query_invalid_sparql(seed_ttl):
    run = kg("query", seed_ttl, "SELECT ?x WHERE {\n  ?x ?y\n}")
    assert run.returncode == 2
    line = assert_one_error_line(run)
    assert re.search(r"line \d+, column \d+", line), line
    assert run.stdout == ""


def test_query_unknown_prefix(seed_ttl):
    run = kg("query", seed_ttl, "SELECT ?x WHERE { ?x nope:p ?y }")
    assert run.returncode == 2
    assert "nope" in assert_one_error_line(run)


def test_query_missing_graph(tmp_path):
    missing = tmp_path / "graph.ttl"
    run = kg("query", missing, WHO_ATTACKS_SUMY)
    assert run.returncode == 1
    line = assert_one_error_line(run)
    assert str(missing) in line and "kg build" in line


def test_query_invalid_graph(tmp_path):
    broken = tmp_path / "graph.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    run = kg("query", broken, WHO_ATTACKS_SUMY)
    assert run.returncode == 1
    assert str(broken) in assert_one_error_line(run)


def test_query_missing_rq_file(seed_ttl, tmp_path):
    run = kg("query", seed_ttl, "nothing-here.rq", cwd=tmp_path)
    assert run.returncode != 0
    assert "nothing-here.rq" in assert_one_error_line(run)


def test_query_unknown_format(seed_ttl):
    run = kg("query", seed_ttl, WHO_ATTACKS_SUMY, "--format", "xml")
    assert run.returncode != 0
    line = assert_one_error_line(run)
    assert "xml" in line and "table, csv, tsv, json" in line
    assert run.stdout == ""


# --- named graphs, the store, export ---------------------------------------------------

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # ~300^4 rows


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory) -> tuple[Path, Path]:
    """`kg build seeds/ --out OUT --store STORE`, run once: (OUT, STORE)."""
    work = tmp_path_factory.mktemp("cli-store")
    out, store = work / "out", work / "store"
    run = kg("build", SEEDS, "--out", out, "--store", store, cwd=work)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 2 and SUMMARY.match(lines[0]), run.stdout
    assert lines[1] == f"1 named graph -> store {store}"
    return out, store


@contextlib.contextmanager
def store_held_open(store: Path):
    """Another real process with the store open (and so locked)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, pyoxigraph\nstore = pyoxigraph.Store(sys.argv[1])\nprint('open', flush=True)\ntime.sleep(60)",
         str(store)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        yield
    finally:
        holder.kill()
        holder.wait(10)


def test_export_help():
    run = kg("export", "--help")
    assert run.returncode == 0 and "--store" in run.stdout and "jsonld" in run.stdout, run.stderr


@pytest.mark.parametrize("fmt, expected", [("table", "Russia"), ("tsv", '<https://w3id.org/kg-news/id/entity/russia>\t"Russia"')])
def test_query_store(cli_store, fmt, expected):
    _, store = cli_store
    run = kg("query", "--store", store, WHO_ATTACKS_SUMY, "--format", fmt)
    assert run.returncode == 0, run.stderr
    assert expected in run.stdout.splitlines()[2 if fmt == "table" else 1]


def test_query_trig_file(cli_store):
    out, _ = cli_store
    run = kg("query", out / "graph.trig", WHO_ATTACKS_SUMY, "--format", "csv")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["who,name", "https://w3id.org/kg-news/id/entity/russia,Russia"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # rdflib calls its own deprecated Dataset methods
def test_export_trig_round_trips(cli_store, tmp_path):
    out, store = cli_store
    run = kg("export", "--store", store, "--format", "trig", "--out", tmp_path / "all.trig")
    assert run.returncode == 0 and run.stdout == "", run.stderr
    exported, built = Dataset(), Dataset()
    exported.parse(tmp_path / "all.trig", format="trig")
    built.parse(out / "graph.trig", format="trig")
    names = {g.identifier for g in built.graphs() if len(g)}
    assert names == {g.identifier for g in exported.graphs() if len(g)} and len(names) == 1
    for name in names:
        assert isomorphic(exported.graph(name), built.graph(name))


def test_export_to_stdout(cli_store):
    out, store = cli_store
    run = kg("export", "--store", store, "--format", "nq")
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == len(Graph().parse(out / "graph.ttl", format="turtle"))


@pytest.mark.parametrize("args, says", [
    (["export", "--format", "xml"], "ttl, trig, nq, jsonld"),
    (["query", "graph.ttl", "ASK {}"], "not both"),
    (["query"], "QUERY"),
], ids=["unknown-export-format", "graph-and-store", "no-query"])
def test_store_usage_errors(cli_store, tmp_path, args, says):
    _, store = cli_store
    run = kg(*args, "--store", store, cwd=tmp_path)
    assert run.returncode == 2
    assert says in assert_one_error_line(run)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["query", "ASK {}"], ["export", "--format", "trig"]], ids=["query", "export"])
def test_missing_store(tmp_path, command):
    missing = tmp_path / "no-store"
    run = kg(command[0], "--store", missing, *command[1:])
    assert run.returncode == 1
    line = assert_one_error_line(run)
    assert str(missing) in line and "kg build" in line
    assert not missing.exists(), "a missing store must not be created by reading it"


def test_locked_store_is_one_clear_error_and_changes_nothing(cli_store, stored_outputs, tmp_path):
    _, store = cli_store
    before = snapshot(stored_outputs)
    with store_held_open(store):
        for args in (["query", "--store", store, "ASK {}"],
                     ["export", "--store", store, "--out", tmp_path / "x.trig"],
                     ["build", SEEDS, "--out", stored_outputs, "--store", store]):
            run = kg(*args)
            assert run.returncode == 1, run.stderr
            assert "open in another process" in assert_one_error_line(run)
            assert run.stdout == ""
    assert snapshot(stored_outputs) == before
    assert not (tmp_path / "x.trig").exists()


@pytest.mark.parametrize("over", ["store", "file"])
def test_query_timeout(cli_store, over):
    out, store = cli_store
    where = ["--store", store] if over == "store" else [out / "graph.trig"]
    started = time.perf_counter()
    run = kg("query", *where, CROSS_JOIN, "--timeout", "1")
    assert time.perf_counter() - started < 15
    assert run.returncode == 124
    assert "--timeout 1 s" in assert_one_error_line(run)
    assert run.stdout == ""


def test_query_invalid_trig_names_line_and_column(tmp_path):
    broken = tmp_path / "graph.trig"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:g {\n  ex:a ex:b ex:c .\n  ex:d ex:e\n}\n", encoding="utf-8")
    run = kg("query", broken, "ASK {}")
    assert run.returncode == 1
    line = assert_one_error_line(run)
    assert str(broken) in line and "line 5, column 1" in line


# --- checked before the pipeline runs ----------------------------------------------------


@pytest.mark.parametrize("base", ["not an iri", "example.org/news/", "http://example.org/<x>/"])
def test_invalid_base_is_one_clear_error(tmp_path, base):
    run = kg("build", SEEDS, "--out", tmp_path / "out", "--base", base, cwd=tmp_path)
    assert run.returncode == 2
    line = assert_one_error_line(run)
    assert f"--base {base!r} is not an absolute IRI" in line and "https://example.org/news/" in line
    assert not (tmp_path / "out").exists()


def test_store_in_a_missing_folder_is_one_clear_error(tmp_path):
    store = tmp_path / "a" / "b"
    run = kg("build", SEEDS, "--out", tmp_path / "out", "--store", store, cwd=tmp_path)
    assert run.returncode == 1
    line = assert_one_error_line(run)
    assert f"there is no folder {store.parent}" in line and "create it first" in line
    assert not (tmp_path / "a").exists() and not (tmp_path / "out").exists()


# --- found by tests/fuzz -------------------------------------------------------------------


def test_graph_with_an_invalid_iri_is_unreadable_with_its_line_and_column(tmp_path):
    """rdflib read an IRI with '{' in it and only logged a warning, which reached stderr; the graph then
    'conformed' and a CONSTRUCT over it could not be written. It is now an unreadable file (exit 2)."""
    broken = tmp_path / "graph.ttl"
    broken.write_text('<https://example.org/a{b> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n', encoding="utf-8")
    for command, code in (("validate", 2), ("stats", 2), ("query", 1)):
        run = kg(command, broken, *(["ASK {}"] if command == "query" else []))
        assert run.returncode == code, (command, run.stderr)
        line = assert_one_error_line(run)
        assert "line 1, column" in line and "not a readable RDF graph" in line, line
        assert run.stdout == ""


def test_graph_with_an_ill_typed_literal_is_a_violation_not_a_traceback(tmp_path, seed_build):
    """rdflib logged a traceback to stderr for "0.8x5"^^xsd:decimal; the literal is a violation of the shapes."""
    text = (seed_build / "graph.ttl").read_text(encoding="utf-8")
    value = re.search(r"kg:confidence (\d\.\d+)", text).group(1)
    broken = tmp_path / "graph.ttl"
    broken.write_text(text.replace(f"kg:confidence {value}", 'kg:confidence "0.8x5"^^xsd:decimal', 1), encoding="utf-8")
    run = kg("validate", broken)
    assert (run.returncode, run.stderr) == (1, ""), run.stderr
    assert "kg:confidence" in run.stdout and "(value: 0.8x5)" in run.stdout
    for command in ("stats", "query"):
        run = kg(command, broken, *(["SELECT ?c WHERE { ?s kg:confidence ?c } LIMIT 1"] if command == "query" else []))
        assert (run.returncode, run.stderr) == (0, ""), run.stderr


@pytest.mark.parametrize("source", ["stdin", "corpus"])
def test_a_lone_bad_article_is_one_error_line_not_a_skip_and_an_error(tmp_path, stored_outputs, source):
    """Found by tests/fuzz: a bad article on standard input, or a corpus whose only line is bad, was
    reported twice: 'kg: skipped: X' and then 'kg: error: X'."""
    before = snapshot(stored_outputs)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(b"{broken\n")
    args = ["-"] if source == "stdin" else [corpus]
    run = subprocess.run([str(KG_SCRIPT), "build", *map(str, args), "--out", str(stored_outputs)], input=b"\xff\xfe junk",
                         capture_output=True, cwd=tmp_path, timeout=120)
    run = subprocess.CompletedProcess(run.args, run.returncode, run.stdout.decode(), run.stderr.decode())
    assert run.returncode == 1
    line = assert_one_error_line(run)
    assert ("-: byte 0 is not valid UTF-8" if source == "stdin" else "corpus.jsonl:1: not valid JSON") in line, line
    assert snapshot(stored_outputs) == before
