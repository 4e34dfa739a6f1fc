"""The command line: a thin layer over kg's plain functions.

Every ``KGError`` becomes one line on stderr and its exit code; no
traceback reaches the user (set KG_DEBUG=1 to see one). The stages are
imported inside the commands, so a rule file that fails its checks as it
loads (``kg/extract/schemas.py``) is one line too.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .errors import KGError
from .rdf.graph import DEFAULT_BASE

app = typer.Typer(
    name="kg",
    help="Build a knowledge graph from news articles, query it with SPARQL and view it.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Build a knowledge graph from news articles, query it with SPARQL and view it."""


@app.command()
def build(
    inputs: list[Path] = typer.Argument(..., metavar="INPUTS", help="Articles: .txt, .md, .html/.htm or .jsonl (a corpus, one JSON object a line) files, folders of them, or - for standard input.", show_default=False),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for graph.ttl, graph.trig, graph.jsonld and graph.html [default: outputs, unless --store or --endpoint is given]", show_default=False),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI for entities, documents and statements."),
    store: Optional[Path] = typer.Option(None, "--store", metavar="DIR", help="Also add each document's named graph to the Oxigraph store in DIR (re-ingesting replaces it)."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", metavar="URL", help="Also PUT each document's named graph to this SPARQL Graph Store (e.g. http://127.0.0.1:7878/store); re-ingesting replaces it."),
    processes: int = typer.Option(1, "--processes", metavar="N", help="Parse in N worker processes (each loads the model once)."),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or dask (a Dask cluster: give --scheduler)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="The Dask scheduler for --engine dask, e.g. tcp://10.0.0.5:8786."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first input that is not an article, instead of skipping it."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar and no summary; problems are still reported."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", metavar="N", min=1, help="Refuse an article longer than N characters; more than the default lets spaCy parse it (spaCy reckons about 1 GB of memory per 100,000 characters of one article)."),
    lang_check: str = typer.Option("on", "--lang-check", help="on: refuse a text that does not look like English; off: build every text as English."),
) -> None:
    """Extract entities and relations from articles into OUT/graph.ttl (merged), OUT/graph.trig and
    OUT/graph.jsonld (one named graph per document) and OUT/graph.html; with --store or --endpoint, there."""
    from . import errors
    from .build import build as run_build
    from .errors import PARTIAL_EXIT_CODE
    from .progress import for_terminal
    from .sources.ingest import Checks

    if lang_check not in ("on", "off"):
        raise errors.unknown_format("--lang-check", lang_check, ("on", "off"))
    if out is None and store is None and endpoint is None:
        out = Path("outputs")
    progress = for_terminal(quiet)
    try:
        summary = run_build(inputs, out, base=base, store=store, endpoint=endpoint, processes=processes,
                            engine=engine, scheduler=scheduler, strict=strict, progress=progress,
                            checks=Checks(max_chars, lang_check == "on"))
    finally:
        getattr(progress, "stop", lambda: None)()
    if not quiet:
        typer.echo(f"{summary} -> {out / 'graph.ttl'}, {out / 'graph.html'}" if out is not None else str(summary))
        if store is not None:
            typer.echo(f"{summary.stored} named graph{'s' * (summary.stored != 1)} -> store {store}")
        if endpoint is not None:
            typer.echo(f"{summary.pushed} named graph{'s' * (summary.pushed != 1)} -> endpoint {endpoint}")
    if summary.skipped:
        raise typer.Exit(PARTIAL_EXIT_CODE)


@app.command()
def query(
    graph: Optional[str] = typer.Argument(None, metavar="GRAPH", help="A Turtle or TriG file written by 'kg build' (leave out with --store).", show_default=False),
    sparql: Optional[str] = typer.Argument(None, metavar="QUERY", help="SPARQL text, or a path to a .rq file.", show_default=False),
    fmt: str = typer.Option("table", "--format", help="Output format: table, csv, tsv or json (SPARQL 1.1 JSON results)."),
    store: Optional[Path] = typer.Option(None, "--store", metavar="DIR", help="Query the Oxigraph store in DIR (all its named graphs) instead of a file."),
    timeout: Optional[float] = typer.Option(None, "--timeout", metavar="SECONDS", help="Stop and fail if the answer takes longer."),
) -> None:
    """Answer a SPARQL query over a graph file, or over a store (--store DIR)."""
    from . import errors
    from .store.query import answer, answer_within, read_query

    if store is not None and sparql is None:
        graph, sparql = None, graph
    if sparql is None:
        raise errors.usage("give GRAPH and QUERY, or --store DIR and QUERY")
    if store is not None and graph is not None:
        raise errors.usage("give either a GRAPH file or --store DIR, not both")
    text = read_query(sparql)
    if timeout is None:
        typer.echo(answer(text, fmt, graph=graph, store=store))
    else:
        typer.echo(answer_within(timeout, text, fmt, graph=graph, store=store))


@app.command()
def export(
    graph: Optional[Path] = typer.Argument(None, metavar="[GRAPH]", help="A Turtle or TriG file (graphml and gexf only; the other formats export a --store).", show_default=False),
    store: Optional[Path] = typer.Option(None, "--store", metavar="DIR", help="The Oxigraph store to export.", show_default=False),
    fmt: str = typer.Option("trig", "--format", help="ttl (merged view), trig, nq or jsonld (named graphs); graphml or gexf (the entity network, for Gephi or Cytoscape)."),
    out: Optional[Path] = typer.Option(None, "--out", metavar="FILE", help="Write to FILE instead of standard output."),
) -> None:
    """Write the whole store: its named graphs (trig, nq, jsonld) or their union (ttl); or the entity
    network of a graph file or store as GraphML or GEXF."""
    from . import errors
    from .store.database import EXPORT_FORMATS, dump_store, export_store
    from .view.export import NETWORK_FORMATS

    if fmt in NETWORK_FORMATS:
        from .view.export import export_graph_network

        text = export_graph_network(fmt, graph=graph, store=store, out=out)
        if text is not None:
            sys.stdout.write(text)
        return
    if fmt not in EXPORT_FORMATS:
        raise errors.unknown_format("--format", fmt, (*EXPORT_FORMATS, *NETWORK_FORMATS))
    if store is None or graph is not None:
        raise errors.usage(f"--format {fmt} exports a store: give --store DIR (graphml and gexf also take a GRAPH file)")
    if out is not None:
        export_store(store, fmt, out)
        return
    dump_store(store, fmt, sys.stdout.buffer)
    sys.stdout.buffer.flush()


@app.command()
def view(
    graph: Optional[Path] = typer.Argument(None, metavar="[GRAPH]", help="A Turtle or TriG file (leave out with --store).", show_default=False),
    store: Optional[Path] = typer.Option(None, "--store", metavar="DIR", help="Draw the Oxigraph store in DIR instead of a file.", show_default=False),
    out: Optional[Path] = typer.Option(None, "--out", metavar="FILE", help="The page to write (default: GRAPH.html beside the graph, DIR.html beside the store).", show_default=False),
    query: Optional[Path] = typer.Option(None, "--query", metavar="FILE.rq", help="Draw only what this SPARQL CONSTRUCT query selects.", show_default=False),
    limit: int = typer.Option(150, "--limit", min=1, help="Entities drawn at first (the most central); the page can show more."),
) -> None:
    """Write a self-contained HTML page to explore a graph: search, filters, evidence at a click."""
    from .view.load import view as run_view

    typer.echo(str(run_view(graph, store=store, out=out, query=query, limit=limit)))


@app.command()
def serve(
    store: Path = typer.Option(..., "--store", metavar="DIR", help="The Oxigraph store to serve (made by 'kg build --store').", show_default=False),
    port: int = typer.Option(7878, "--port", min=1, max=65535, help="Port on 127.0.0.1."),
    writable: bool = typer.Option(False, "--writable", help="Also accept SPARQL updates and Graph Store writes (e.g. 'kg build --endpoint')."),
) -> None:
    """Serve the store as a SPARQL endpoint on 127.0.0.1 (read-only unless --writable), with a query page; Ctrl-C stops it."""
    from .store.serve import serve as run_serve

    def ready(endpoint) -> None:
        typer.echo(str(endpoint))
        typer.echo(f"query page with kg's prefixes and an example query: {endpoint.example_link}")

    run_serve(store, port=port, writable=writable, ready=ready)


@app.command("eval")
def evaluate(
    graph: Optional[Path] = typer.Argument(None, metavar="GRAPH", help="A graph file written by 'kg build'.", show_default=False),
    gold: Optional[Path] = typer.Argument(None, metavar="GOLD", help="Reference triples: TSV of level, subject, predicate, object.", show_default=False),
    corpus: Optional[Path] = typer.Option(None, "--corpus", metavar="DIR", help="Score on a folder of reference articles instead: each <id>.txt built alone, against <id>.tsv or <id>.gold.tsv (MANIFEST.tsv may name the scored predicates)."),
    conll04: Optional[Path] = typer.Option(None, "--conll04", metavar="DIR", help="Score on the CoNLL04 benchmark in DIR instead."),
    split: str = typer.Option("test", "--split", help="CoNLL04 split: train, dev or test."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Score only the first N sentences (CoNLL04) or articles (--corpus)."),
    show: Optional[bool] = typer.Option(None, "--show/--quiet", help="List true positives, false positives and misses: by default for GRAPH, with --show for --corpus (per document).", show_default=False),
    fmt: str = typer.Option("table", "--format", help="--corpus: table or json."),
) -> None:
    """Score a graph against reference triples, kg on a folder of reference articles (--corpus DIR),
    or kg on CoNLL04 (--conll04 DIR)."""
    from . import errors

    if (graph is not None) + (corpus is not None) + (conll04 is not None) > 1:
        raise errors.usage("give one of GRAPH and GOLD, --corpus DIR or --conll04 DIR")
    if corpus is not None:
        from .evaluation.corpus import FORMATS, evaluate_corpus, render

        if fmt not in FORMATS:
            raise errors.unknown_format("--format", fmt, FORMATS)
        typer.echo(render(evaluate_corpus(corpus, limit), fmt, show=bool(show)))
        return
    if fmt != "table":
        raise errors.usage("--format is for --corpus DIR; GRAPH and --conll04 print a table")
    if conll04 is not None:
        from .evaluation.conll04 import evaluate_conll04, format_report

        typer.echo(format_report(evaluate_conll04(conll04, split, limit)))
        return
    if graph is None or gold is None:
        raise KGError("give GRAPH and GOLD (reference triples), --corpus DIR or --conll04 DIR")
    from .evaluation.triples import read_gold, score_graph
    from .rdf.files import load_graph

    score = score_graph(load_graph(graph), read_gold(gold))
    if show is not False:
        for tag, items in (("tp", score.true_positives), ("fp", score.false_positives),
                           ("missed", score.missed), ("neg", score.neg_hits)):
            for item in items:
                typer.echo(f"{tag:8} {item}")
    typer.echo(score.summary())


@app.command()
def validate(
    graph: Path = typer.Argument(..., metavar="GRAPH", help="A Turtle (.ttl) or TriG (.trig) file written by 'kg build'.", show_default=False),
) -> None:
    """Check GRAPH against kg's SHACL shapes: 'conforms' (exit 0), or one line per violation (exit 1)."""
    from .rdf.validate import load_merged_graph, validate as run_validate

    report = run_validate(load_merged_graph(graph))
    typer.echo(str(report))
    raise typer.Exit(0 if report.conforms else 1)


@app.command()
def stats(
    graph: Path = typer.Argument(..., metavar="GRAPH", help="A Turtle (.ttl) or TriG (.trig) file written by 'kg build'.", show_default=False),
    fmt: str = typer.Option("table", "--format", help="Output format: table or json."),
    top: int = typer.Option(10, "--top", min=1, help="How many central entities to list."),
) -> None:
    """Count entities by type and statements by predicate; list the most central entities."""
    from . import errors
    from .view.stats import FORMATS, format_stats, graph_stats
    from .rdf.validate import load_merged_graph

    if fmt not in FORMATS:
        raise errors.unknown_format("--format", fmt, FORMATS)
    typer.echo(format_stats(graph_stats(load_merged_graph(graph), top=top), fmt))


def run() -> None:
    """Console entry point: usage errors are click's; kg's own errors are one line."""
    if not os.environ.get("KG_DEBUG"):
        _quiet_libraries()
    try:
        app()
    except KGError as error:
        typer.echo(f"kg: error: {error}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        typer.echo("kg: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # a bug: say so in one line unless debugging
        if os.environ.get("KG_DEBUG"):
            raise
        typer.echo(f"kg: internal error: {type(error).__name__}: {error} "
                   "(run with KG_DEBUG=1 for details and report it)", err=True)
        sys.exit(70)


def _quiet_libraries() -> None:
    """Libraries' log records and warnings stay off the terminal: kg says what went wrong in its own line.

    rdflib logs (with a traceback) a literal it cannot convert, such as "2024-13-45"^^xsd:date, and
    warns of others; with no logging set up, Python would print them to stderr around kg's output.
    KG_DEBUG=1 shows them.
    """
    import logging
    import warnings

    logging.getLogger().addHandler(logging.NullHandler())
    warnings.simplefilter("ignore")
