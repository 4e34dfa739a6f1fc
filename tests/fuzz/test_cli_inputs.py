"""Fuzzed files and queries through the real ``kg`` command, run as a subprocess.

Run the long profile on demand with:

    KG_FUZZ=long python -m pytest tests/fuzz

Hostile inputs: random bytes, truncated UTF-8, huge lines, malformed JSON
Lines and HTML for ``kg build``; mutated (truncated, byte-flipped, junk
inserted) Turtle and TriG for ``kg validate``, ``kg query`` and ``kg stats``;
mutated and random SPARQL for ``kg query``. Whatever the input, kg answers
the documented way: success, or a documented non-zero exit code with one
``kg: error:`` line on stderr, no traceback, nothing on stdout and the
``--out`` folder as it was. In a batch a bad file is one ``kg: skipped:`` line
and exit code 3, and the rest is built.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import event, example, given, strategies as st

from kg.errors import PARTIAL_EXIT_CODE
from tests.fuzz.profiles import fuzz_settings

ROOT = Path(__file__).resolve().parents[2]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
ARTICLE = ("Prime Minister Kadri Saar of Tarvia met President Jorge Silva of Chile in Oslo on Monday. "
           "Saar said Tarvia would sign a trade agreement with Chile. Silva criticized Kestrel Mining, "
           "a company based in Lima, and Nordlys Energy hired Maria Lind as its chief executive.\n")
PAGE = ("<!doctype html><html><head><title>Saar meets Silva in Oslo</title>"
        '<meta name="author" content="Ines Varga"></head><body><nav>Home | World</nav>'
        f"<article><h1>Saar meets Silva in Oslo</h1><p>{ARTICLE}</p><p>Talks go on.</p></article>"
        "<footer>Cookies</footer></body></html>")


def kg(*args, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KG_DEBUG"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    run = subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, input=stdin,
                         cwd=cwd, env=env, timeout=300)
    decode = lambda data: data.decode("utf-8", errors="backslashreplace")  # noqa: E731 - kg writes UTF-8
    return subprocess.CompletedProcess(run.args, run.returncode, decode(run.stdout), decode(run.stderr))


def assert_clean_failure(run: subprocess.CompletedProcess, codes: set[int]) -> None:
    """A documented exit code, one 'kg: error:' line, no traceback, nothing on stdout."""
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    assert run.returncode in codes, f"exit {run.returncode}, expected one of {sorted(codes)}: {run.stderr!r}"
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), f"expected one 'kg: error:' line: {run.stderr!r}"
    assert run.stdout == "", f"a failing command printed a partial answer: {run.stdout[:300]!r}"


def assert_no_traceback(run: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    assert "internal error" not in run.stderr, run.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A small build's output folder: graph.ttl, graph.trig and the rest, from an invented article."""
    from kg.build import build

    folder = tmp_path_factory.mktemp("fuzz-build")
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    build([folder / "article.txt"], folder / "out")
    return folder / "out"


# --- mutations ----------------------------------------------------------------------------

JUNK = st.one_of(
    st.binary(min_size=1, max_size=40),
    st.sampled_from([b"{", b"}", b"<", b">", b'"', b"\\", b"@prefix", b"GRAPH", b"\x00", b"\xff\xfe", b"\xe2\x80",
                     b"\n", b";", b".", b" a ", b"^^", b"_:b0", b"\"\"\"", b"#", b"\r", b"\xc3"]),
)


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """The bytes cut short, with bytes flipped, or with junk inserted (one to three times)."""
    data = original
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(["truncate", "flip", "insert", "delete"]))
        if how == "truncate":
            data = data[:at]
        elif how == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        elif how == "insert":
            data = data[:at] + draw(JUNK) + data[at:]
        else:
            data = data[:at] + data[at + draw(st.integers(1, 50)):]
    return data


def truncated_utf8(text: str) -> st.SearchStrategy[bytes]:
    """The text as UTF-8 with a multi-byte character cut in two somewhere."""
    encoded = text.encode("utf-8")
    cuts = [i + 1 for i, byte in enumerate(encoded) if byte >= 0xC0]  # one byte into a multi-byte character
    return st.sampled_from(cuts).map(lambda cut: encoded[:cut])


def huge_line(size: int = 1_200_000) -> bytes:
    """One line longer than the 1,000,000 characters kg reads from an article (a file under the byte limit)."""
    return (b"Anna Berg met Jorge Silva " * (size // 26 + 1))[:size]


# --- kg validate, kg stats, kg query on broken graph files -----------------------------------

GRAPH_COMMANDS = {
    # command -> (arguments after the file, exit codes when the file cannot be read)
    "validate": ((), {2}),
    "stats": ((), {2}),
    "query": (("SELECT ?s WHERE { ?s a ?c } LIMIT 3",), {1}),
}


@st.composite
def graph_files(draw, originals: dict[str, bytes]) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from(sorted(originals)))
    kind = draw(st.sampled_from(["mutated", "mutated", "mutated", "random", "utf8-cut", "huge-line"]))
    if kind == "random":
        return suffix, draw(st.binary(max_size=400))
    if kind == "utf8-cut":
        return suffix, draw(truncated_utf8(originals[suffix].decode("utf-8") + " \u00e9\u2014\U0001f600"))
    if kind == "huge-line":
        return suffix, originals[suffix] + b"<https://e.org/" + b"x" * 300_000 + b"> a <https://e.org/C>"
    return suffix, draw(mutated(originals[suffix]))


@fuzz_settings(ci=24, long=400)
@given(data=st.data(), command=st.sampled_from(sorted(GRAPH_COMMANDS)))
def test_broken_graph_files(built, data, command):
    originals = {suffix: (built / f"graph{suffix}").read_bytes() for suffix in (".ttl", ".trig")}
    suffix, content = data.draw(graph_files(originals), label="file")
    arguments, unreadable = GRAPH_COMMANDS[command]
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as folder:
        path = Path(folder) / f"graph{suffix}"
        path.write_bytes(content)
        run = kg(command, path, *arguments, cwd=Path(folder))
    event(f"{command}: exit {run.returncode}")
    assert_no_traceback(run)
    if run.returncode == 0 or (command == "validate" and run.returncode == 1 and run.stderr == ""):
        assert run.stderr == "", f"a command that succeeded wrote to stderr: {run.stderr!r}"
        assert run.stdout.strip(), "a command that succeeded printed nothing"
        if command == "validate":
            assert run.stdout.strip().splitlines()[-1].startswith(("conforms", "does not conform:")), run.stdout
        return
    assert_clean_failure(run, unreadable)
    assert "not a readable RDF graph" in run.stderr, run.stderr


# --- kg query with broken SPARQL --------------------------------------------------------------

SPARQL_WORDS = ["SELECT", "CONSTRUCT", "ASK", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", ".", ";", ",",
                "FILTER", "(", ")", "OPTIONAL", "UNION", "GRAPH", "LIMIT", "10", "ORDER BY", "PREFIX", "kg:",
                "<https://w3id.org/kg-news/ontology#attacks>", "rdfs:label", '"Oslo"', "@en", "^^", "BIND", "AS",
                "COUNT(*)", "GROUP BY", "VALUES", "SERVICE", "<>", "a", "*", "\"unclosed", "#", "\n", "\u00e9"]


@st.composite
def sparql_texts(draw) -> str:
    kind = draw(st.sampled_from(["mutated", "mutated", "words", "random"]))
    if kind == "words":
        return " ".join(draw(st.lists(st.sampled_from(SPARQL_WORDS), min_size=1, max_size=25)))
    if kind == "random":
        return draw(st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1,
                            max_size=200))
    original = draw(st.sampled_from(QUERIES)).read_bytes()
    return draw(mutated(original)).decode("utf-8", errors="replace").replace("\x00", "")


@fuzz_settings(ci=24, long=400)
@given(sparql=sparql_texts(), fmt=st.sampled_from(["table", "csv", "tsv", "json"]), as_file=st.booleans())
@example(sparql="SELECT * WHERE { ?s ?p ", fmt="table", as_file=False)
@example(sparql="PREFIX x: <y> SELECT", fmt="json", as_file=True)
def test_broken_sparql(built, sparql, fmt, as_file):
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as folder:
        query = sparql
        if as_file:
            query = Path(folder) / "query.rq"
            query.write_text(sparql, encoding="utf-8")
        run = kg("query", built / "graph.ttl", query, "--format", fmt, cwd=Path(folder))
    event(f"exit {run.returncode}")
    assert_no_traceback(run)
    if run.returncode == 0:
        assert run.stderr == "", run.stderr
        return
    # 2: the query does not parse or cannot run; 1: an argument that is no query at all (a missing .rq file)
    assert_clean_failure(run, {1, 2} if sparql.strip().endswith(".rq") else {2})


# --- kg build on broken articles ---------------------------------------------------------------


@st.composite
def corpus_lines(draw) -> bytes:
    good = json.dumps({"id": "a1", "text": ARTICLE, "title": "Saar meets Silva"}).encode()
    lines = draw(st.lists(st.one_of(
        st.just(good),
        mutated(good),
        st.sampled_from([b"[1, 2]", b'{"text": 5}', b'{"id": "x"}', b"null", b'{"text": ""}', b"{",
                         b'{"text": "Anna Berg met Jorge Silva.", "date": "2024-13-45", "url": 7}',
                         json.dumps({"text": "\u0627\u0644\u0633\u0644\u0627\u0645 " * 30}).encode()]),
        st.binary(max_size=80).map(lambda b: b.replace(b"\n", b"")),
        st.just(huge_line()),
    ), min_size=1, max_size=6))
    return b"\n".join(lines) + draw(st.sampled_from([b"\n", b""]))


@st.composite
def articles(draw) -> tuple[str, bytes]:
    """A hostile file and its suffix."""
    kind = draw(st.sampled_from(["random", "utf8-cut", "huge-line", "jsonl", "html", "html-random", "text"]))
    if kind == "random":
        return draw(st.sampled_from([".txt", ".md", ".html", ".jsonl"])), draw(st.binary(max_size=300))
    if kind == "utf8-cut":
        return ".txt", draw(truncated_utf8(ARTICLE.replace("Oslo", "\u00d8stfold \u2014 Oslo \U0001f30d")))
    if kind == "huge-line":
        return draw(st.sampled_from([".txt", ".md"])), huge_line()
    if kind == "jsonl":
        return ".jsonl", draw(corpus_lines())
    if kind == "html":
        return ".html", draw(mutated(PAGE.encode("utf-8")))
    if kind == "html-random":
        tags = st.sampled_from(["<p>", "</p>", "<div>", "<script>", "</script>", "<!--", "-->", "<article>",
                                "<title>", "&amp;", "&#0;", "&#xD800;", "<![CDATA[", "<meta charset=x>"])
        parts = draw(st.lists(st.one_of(tags, st.sampled_from(ARTICLE.split(". "))), min_size=1, max_size=20))
        return ".html", "".join(parts).encode("utf-8")
    return ".txt", draw(mutated(ARTICLE.encode("utf-8")))


@fuzz_settings(ci=8, long=150)
@given(article=articles(), on_stdin=st.booleans())
@example(article=(".txt", b"\xff\xfe\x00junk"), on_stdin=False)
@example(article=(".jsonl", b'{"text": "Anna Berg met Jorge Silva in Oslo."}\n{broken\n'), on_stdin=True)
def test_one_broken_article(built, article, on_stdin):
    """One input alone (a file, or standard input): built, or one error line and --out unchanged.

    Only a corpus of several bad lines reports each ('kg: skipped:') before its error ('all N inputs were skipped').
    """
    suffix, content = article
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as folder:
        folder = Path(folder)
        out = folder / "out"
        out.mkdir()
        for name in ("graph.ttl", "graph.html"):
            (out / name).write_bytes((built / name).read_bytes())
        before = snapshot(out)
        (folder / f"article{suffix}").write_bytes(content)
        run = kg("build", "-" if on_stdin else f"article{suffix}", "--out", out, "--quiet", cwd=folder,
                 stdin=content if on_stdin else None)
        event(f"{'stdin' if on_stdin else suffix}: exit {run.returncode}")
        assert_no_traceback(run)
        lines = run.stderr.splitlines()
        if run.returncode in (0, PARTIAL_EXIT_CODE):
            assert all(line.startswith(("kg: skipped: ", "kg: duplicate: ")) for line in lines), run.stderr
            assert (run.returncode == PARTIAL_EXIT_CODE) == any(line.startswith("kg: skipped: ") for line in lines)
            assert snapshot(out) != before, "a build that succeeded left the old outputs"
            return
        skipped = [line for line in lines[:-1] if line.startswith("kg: skipped: ")]
        assert len(skipped) != 1, f"the only problem was reported as a skip and as the error: {run.stderr!r}"
        assert not skipped or "inputs were skipped" in lines[-1], run.stderr
        last = subprocess.CompletedProcess(run.args, run.returncode, run.stdout, "\n".join(lines[len(skipped):]))
        assert_clean_failure(last, {1})
        assert snapshot(out) == before, "a failed build changed the files in --out"
        assert not [p for p in out.iterdir() if p.name.endswith(".tmp")], "a failed build left temporary files"


@fuzz_settings(ci=5, long=100)
@given(bad=st.lists(articles(), min_size=1, max_size=4))
def test_broken_articles_in_a_batch(bad):
    """A folder of hostile files and one good article: the bad ones are skipped, the good one is built."""
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as folder:
        folder = Path(folder)
        articles_folder = folder / "articles"
        articles_folder.mkdir()
        (articles_folder / "0-good.txt").write_text(ARTICLE, encoding="utf-8")
        inputs = [articles_folder]
        for number, (suffix, content) in enumerate(bad, start=1):
            path = articles_folder / f"{number}-bad{suffix}"
            path.write_bytes(content)
            if suffix == ".md":
                inputs.append(path)  # a folder's .md files are not read: name them
        run = kg("build", *inputs, "--out", folder / "out", "--quiet", cwd=folder)
        event(f"exit {run.returncode}")
        assert_no_traceback(run)
        assert run.returncode in (0, PARTIAL_EXIT_CODE), run.stderr
        lines = run.stderr.splitlines()
        assert all(line.startswith(("kg: skipped: ", "kg: duplicate: ")) for line in lines), run.stderr
        assert (run.returncode == PARTIAL_EXIT_CODE) == any(line.startswith("kg: skipped: ") for line in lines)
        assert run.stdout == ""  # --quiet: no summary
        assert {p.name for p in (folder / "out").iterdir()} == {"graph.ttl", "graph.trig", "graph.jsonld",
                                                                "graph.html"}
        assert b"Kadri Saar" in (folder / "out" / "graph.ttl").read_bytes(), "the good article was not built"
