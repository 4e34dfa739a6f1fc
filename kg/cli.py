"""The command line: a thin layer over kg's plain functions.

Every ``KGError`` becomes one line on stderr and its exit code; no
traceback reaches the user (set KG_DEBUG=1 to see one).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .errors import KGError
from .graph import DEFAULT_BASE

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
    inputs: list[Path] = typer.Argument(..., metavar="INPUTS", help="Article .txt files, or folders of them.", show_default=False),
    out: Path = typer.Option(Path("outputs"), "--out", help="Folder for graph.ttl and graph.html."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI for entities, documents and statements."),
) -> None:
    """Extract entities and relations from articles into OUT/graph.ttl and OUT/graph.html."""
    from .build import build as run_build

    summary = run_build(inputs, out, base=base)
    typer.echo(f"{summary} -> {out / 'graph.ttl'}, {out / 'graph.html'}")


@app.command()
def query(
    graph: Path = typer.Argument(..., metavar="GRAPH", help="A Turtle file written by 'kg build'.", show_default=False),
    sparql: str = typer.Argument(..., metavar="QUERY", help="SPARQL text, or a path to a .rq file.", show_default=False),
    fmt: str = typer.Option("table", "--format", help="Output format: table, csv or json."),
) -> None:
    """Answer a SPARQL query over a graph file."""
    from .query import FORMATS, format_result, load_graph, read_query, run_query

    if fmt not in FORMATS:
        raise KGError(f"unknown --format {fmt!r}; use one of: {', '.join(FORMATS)}")
    text = read_query(sparql)
    typer.echo(format_result(run_query(load_graph(graph), text), fmt))


@app.command("eval")
def evaluate(
    graph: Optional[Path] = typer.Argument(None, metavar="GRAPH", help="A graph file written by 'kg build'.", show_default=False),
    gold: Optional[Path] = typer.Argument(None, metavar="GOLD", help="Reference triples: TSV of level, subject, predicate, object.", show_default=False),
    conll04: Optional[Path] = typer.Option(None, "--conll04", metavar="DIR", help="Score on the CoNLL04 benchmark in DIR instead."),
    split: str = typer.Option("test", "--split", help="CoNLL04 split: train, dev or test."),
    limit: Optional[int] = typer.Option(None, "--limit", help="CoNLL04: score only the first N sentences."),
    show: bool = typer.Option(True, "--show/--quiet", help="List true positives, false positives and misses."),
) -> None:
    """Score a graph against reference triples, or the extractor on CoNLL04 (--conll04 DIR)."""
    if conll04 is not None:
        from .conll04 import evaluate_conll04, format_report

        typer.echo(format_report(evaluate_conll04(conll04, split, limit)))
        return
    if graph is None or gold is None:
        raise KGError("give GRAPH and GOLD (reference triples), or --conll04 DIR")
    from .evaluate import read_gold, score_graph
    from .query import load_graph

    score = score_graph(load_graph(graph), read_gold(gold))
    if show:
        for tag, items in (("tp", score.true_positives), ("fp", score.false_positives),
                           ("missed", score.missed), ("neg", score.neg_hits)):
            for item in items:
                typer.echo(f"{tag:8} {item}")
    typer.echo(score.summary())


def run() -> None:
    """Console entry point: usage errors are click's; kg's own errors are one line."""
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
