"""SPARQL on a store of a million triples: ``kg query --store`` against rdflib's in-memory engine.

Target (issue 9): at least 10x faster on each of a filtered lookup, a two-hop join and a GROUP BY,
measured side by side in one run on the same data. Two sets of these are asked: selective ones (an index
leads to a small answer) and archive-wide ones (the answer depends on much of the store).

The data: the corpus of ``benchmarks/archive.py`` (the DWIE news texts, read at run time from
``../shared/benchmarks/dwie``, and ``tests/articles``) built once by ``kg build --store``; its named
graphs are then copied, each copy with documents and statements of its own and the same entities (as an
archive names the same people again and again), until the store holds a million triples, and the
store's merged view (``kg.store.merged``: each triple of the graphs once, as a build leaves it) is
written, its time printed. kg answers
through ``kg.store.query.answer`` (what ``kg query --store DIR`` runs: open the store, query, format);
rdflib answers the same query over the same quads loaded into a Dataset beforehand (loading not timed),
formatted by the same code. Both answers must have the same rows.

    .venv/bin/python benchmarks/sparql.py [--triples 1000000] [--words 60000]
"""
from __future__ import annotations

import argparse
import re
import signal
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.store import merged

sys.path.insert(0, str(Path(__file__).resolve().parent))
import archive  # noqa: E402  (the benchmark corpus)

TARGET = 10.0
LIMIT_SECONDS = 600  # an answer slower than this is reported as "> limit"
PREFIXES = """PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# Selective queries: an index leads to a small answer (both engines take milliseconds to a few tenths).
QUERIES = {
    "filtered lookup": PREFIXES + """SELECT ?st ?sentence WHERE {
  ?st rdf:predicate kg:located_in ; kg:confidence ?c ; kg:sentence ?sentence . FILTER(?c >= 0.8) }""",
    "two-hop join": PREFIXES + """SELECT DISTINCT ?person ?organization ?country WHERE {
  ?person kg:member_of|kg:leader_of|kg:works_for ?organization . ?organization kg:based_in ?country .
  ?country a kg:Country }""",
    "GROUP BY": PREFIXES + """SELECT ?predicate (COUNT(?st) AS ?statements) WHERE {
  ?st rdf:predicate ?predicate } GROUP BY ?predicate ORDER BY DESC(?statements) ?predicate""",
}
# Archive-wide queries: the answer depends on much of the store (a text filter over every sentence, a join
# through every statement of a kind to its article, a count over every mention).
ARCHIVE_QUERIES = {
    "text filter": PREFIXES + """SELECT ?st ?sentence WHERE { ?st kg:sentence ?sentence ; kg:confidence ?c
  FILTER(?c >= 0.5 && CONTAINS(LCASE(?sentence), "president")) }""",
    "evidence two-hop": PREFIXES + """SELECT ?sentence ?title WHERE {
  ?st rdf:predicate kg:leader_of ; kg:sentence ?sentence ; prov:wasDerivedFrom ?d . ?d dcterms:title ?title }""",
    "mentions GROUP BY": PREFIXES + """SELECT ?e (COUNT(?d) AS ?documents) WHERE { ?e kg:mentionedIn ?d }
  GROUP BY ?e ORDER BY DESC(?documents) STR(?e) LIMIT 20""",
}
COPIED = re.compile(rb"<(https://w3id\.org/kg-news/id/(?:document|statement)/[^>]+)>")


def base_store(words: int, work: Path) -> Path:
    from kg.build import build

    source = archive.write_jsonl(work / "corpus.jsonl", archive.corpus(archive.texts(), words))
    build([source], None, store=work / "base", processes=2)
    return work / "base"


def copies(base: Path, triples: int, work: Path) -> tuple[Path, Path, int]:
    """A store and an N-Quads file holding copies of the base store's graphs, up to ``triples``."""
    source = ox.Store.read_only(str(base))  # the documents' graphs (not the merged view: it is made below)
    quads = ox.serialize((q for q in source.quads_for_pattern(None, None, None, None) if q.graph_name != ox.DefaultGraph()),
                         format=ox.RdfFormat.N_QUADS)
    lines = quads.count(b"\n")
    copy_count = max(1, -(-triples // lines))
    nquads = work / "data.nq"
    with nquads.open("wb") as out:
        for copy in range(copy_count):
            out.write(COPIED.sub(rb"<\1-copy" + str(copy).encode() + rb">", quads))
    target = ox.Store(str(work / "million"))
    target.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    started = time.perf_counter()
    merged.merge(target, work / "million")  # as a build leaves a store
    print(f"merged view of the copies written in {time.perf_counter() - started:.0f} s (a build keeps it up as it goes)")
    del target
    return work / "million", nquads, lines * copy_count


class TooSlow(Exception):
    pass


def timed(run, limit: float | None = None):
    def stop(signum, frame):
        raise TooSlow()
    if limit:
        signal.signal(signal.SIGALRM, stop)
        signal.alarm(int(limit))
    started = time.perf_counter()
    try:
        answer = run()
    except TooSlow:
        return None, None
    finally:
        if limit:
            signal.alarm(0)
    return time.perf_counter() - started, answer


def compare(name: str, query: str, store: Path, dataset, loading: float, repeat: int) -> bool:
    """One query by both engines, each the best of ``repeat`` runs; prints a line, True if the target is met."""
    from kg.rdf.graph import quiet_rdflib
    from kg.store.query import answer, format_result, run_query

    def best(run) -> tuple[float | None, str | None]:
        runs = [timed(run, LIMIT_SECONDS) for _ in range(repeat)]
        return min(runs, key=lambda r: float("inf") if r[0] is None else r[0])

    kg_seconds, kg_answer = best(lambda: answer(query, "tsv", store=store))
    with quiet_rdflib():
        rdflib_seconds, rdflib_answer = best(lambda: format_result(run_query(dataset, query), "tsv"))
    if kg_seconds is None or rdflib_seconds is None:
        print(f"  {name:18} kg {_seconds(kg_seconds)}  rdflib {_seconds(rdflib_seconds)}")
        return False
    same = sorted(kg_answer.splitlines()[1:]) == sorted(rdflib_answer.splitlines()[1:])
    ratio = rdflib_seconds / kg_seconds
    print(f"  {name:18} kg {_seconds(kg_seconds)}  rdflib {_seconds(rdflib_seconds)} ({loading + rdflib_seconds:.0f} s)  "
          f"{ratio:7.1f}x  ({kg_answer.count(chr(10)):,} rows, {'same answer' if same else 'ANSWERS DIFFER'})")
    return same and ratio >= TARGET


def _seconds(value: float | None) -> str:
    return f"{value:7.2f} s" if value is not None else f"> {LIMIT_SECONDS} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--words", type=int, default=60_000, help="words of news built before copying")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query by each engine; the best counts")
    args = parser.parse_args()

    from kg.rdf.graph import new_dataset, quiet_rdflib

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        store, nquads, count = copies(base_store(args.words, work), args.triples, work)
        dataset = new_dataset()
        loading, _ = timed(lambda: dataset.parse(nquads, format="nquads"))
        with quiet_rdflib():
            print(f"data: {count:,} quads ({len(dataset):,} distinct triples in rdflib's union); "
                  f"rdflib loaded them in {loading:.0f} s (not counted)")
        ok = True
        for heading, queries in (("selective queries", QUERIES), ("archive-wide queries", ARCHIVE_QUERIES)):
            print(f"{heading} (best of {args.repeat}; rdflib with its loading added in brackets):")
            for name, query in queries.items():
                ok &= compare(name, query, store, dataset, loading, args.repeat)
        print(f"target: >= {TARGET:.0f}x on each, same answers: {'OK' if ok else 'NOT MET'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
