"""Validate: check a built graph against kg's SHACL shapes (``ontology/shapes.ttl``).

The shapes say what every graph ``kg build`` writes must satisfy; a graph
that fails them was edited by hand, merged from elsewhere, or built by a bug.
pySHACL runs with the ontology as its ``ont_graph``: the ontology's class and
property hierarchy is mixed into the graph under test, so a shape that names
``kg:Actor`` also accepts a ``kg:Government``. No inference is run: the
shapes check what the file says, not what a reasoner could add to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, SH
from rdflib.term import Node

from .. import errors
from .files import load_graph
from .graph import union_of
from .namespace import KG
from .ontology import local, ontology, ontology_path


@dataclass(frozen=True, order=True)
class Violation:
    """One failed constraint, in words a user can act on."""

    focus: str  # the node, by its label where it has one
    path: str  # the property, as a prefixed name; "-" when the node as a whole fails
    message: str
    value: str | None = None  # the offending value, when there is one

    def __str__(self) -> str:
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.focus} | {self.path} | {self.message}{value}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]

    def __str__(self) -> str:
        if self.conforms:
            return "conforms"
        count = len(self.violations)
        return "\n".join([*(str(v) for v in self.violations),
                          f"does not conform: {count} violation{'s' * (count != 1)}"])


def shapes_path() -> Path:
    return ontology_path().with_name("shapes.ttl")


@lru_cache(maxsize=1)
def shapes() -> Graph:
    return Graph().parse(shapes_path(), format="turtle")


def validate(graph: Graph) -> Report:
    """Validate a graph (the merged view of a build) against the shapes."""
    from pyshacl import validate as run_pyshacl  # imported here: it is slow to import and only this needs it

    conforms, results, _ = run_pyshacl(
        graph, shacl_graph=shapes(), ont_graph=ontology(), inference="none", abort_on_first=False,
    )
    found = {_violation(graph, results, result) for result in results.subjects(RDF.type, SH.ValidationResult)}
    return Report(bool(conforms), tuple(sorted(found)))


def load_merged_graph(path: str | Path) -> Graph:
    """A Turtle or TriG file as one graph: named graphs merged, the view the shapes describe.

    pySHACL would validate a Dataset graph by graph; an entity's label lives
    in every document's graph that mentions it, so only the union shows two
    documents disagreeing. Reading is ``kg.rdf.files.load_graph``'s job (formats,
    exact line and column of a syntax error); a file it cannot read exits 2
    here, keeping 1 for "does not conform".
    """
    try:
        graph = load_graph(path)
    except errors.GraphFileError as error:
        raise errors.unreadable_graph(error) from error
    return union_of(graph) if isinstance(graph, Dataset) else graph


def _violation(data: Graph, results: Graph, result: Node) -> Violation:
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    message = results.value(result, SH.resultMessage)
    return Violation(
        focus=_describe(data, results.value(result, SH.focusNode)),
        path=_name(data, path) if isinstance(path, URIRef) else "-",
        message=str(message) if message is not None else local(results.value(result, SH.sourceConstraintComponent)),
        value=None if value is None else (_describe(data, value) if isinstance(value, URIRef) else str(value)),
    )


def _describe(graph: Graph, node: Node) -> str:
    """A node as a reader knows it: an entity's label, a document's title, a statement's triple."""
    if graph.value(node, RDFS.label) is not None:
        return _plain(graph, node)
    title = graph.value(node, DCTERMS.title)
    if title is not None:
        return f"document {title}"
    if (node, RDF.type, KG.Statement) in graph:
        subject, predicate, object_ = (graph.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        words = (_plain(graph, subject), "?" if predicate is None else local(predicate), _plain(graph, object_))
        return f"statement {' '.join(words)} <{_short(node)}>"
    return _plain(graph, node)


def _plain(graph: Graph, node: Node | None) -> str:
    """Every label of a node (two may be what is wrong), else its name."""
    if node is None:
        return "?"
    labels = sorted(str(label) for label in graph.objects(node, RDFS.label))
    if labels:
        return " / ".join(labels)
    return _name(graph, node) if isinstance(node, URIRef) else str(node)


def _name(graph: Graph, iri: URIRef) -> str:
    """A prefixed name such as ``kg:spanEnd`` where a prefix is bound, else ``<IRI>``."""
    try:
        return graph.namespace_manager.normalizeUri(iri)
    except Exception:  # an IRI no prefix can abbreviate
        return f"<{iri}>"


def _short(iri: Node) -> str:
    """The last two path segments: 'statement/3f2a...', enough to find the node in the file."""
    return "/".join(re.split(r"[/#]", str(iri))[-2:])
