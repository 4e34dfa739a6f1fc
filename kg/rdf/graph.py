"""Graph: turn a document's entities and statements into RDF.

This is the only module that makes rdflib terms from records. Every
statement becomes a ``kg:Statement`` node (RDF reification) carrying its
evidence and qualifiers; a positive one is also asserted as a plain triple.

Each document gets its own named graph (named by the document's IRI), so a
store can replace one document's triples without touching the others'; the
merged view (``union_of``) is what Turtle and the viewer show.
"""
from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from io import BytesIO

import pyoxigraph
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV
from rdflib.plugins.serializers.trig import TrigSerializer

from .. import errors
from ..keys import slug
from ..records import Document, Entity, Statement
from .namespace import KG

DEFAULT_BASE = "https://w3id.org/kg-news/id/"
SCHEMA = Namespace("https://schema.org/")


def new_graph() -> Graph:
    return _bind_prefixes(Graph())


def new_dataset() -> Dataset:
    """Named graphs, one per document; queries see their union as the default graph."""
    return _bind_prefixes(Dataset(default_union=True))


def union_of(dataset: Dataset) -> Graph:
    """The merged view: every document's triples in one graph, each once."""
    union = new_graph()
    with quiet_rdflib():
        for triple in dataset.triples((None, None, None)):
            union.add(triple)
    return union


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """rdflib 7's Dataset calls its own deprecated methods (default_context, contexts);
    those warnings are about rdflib's internals, not kg's code, so they are muted here."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib\.")
        yield


def trig_of(dataset: Dataset) -> str:
    """TriG of the named graphs, in the order of their names, so the same graphs give the same file."""
    stream = BytesIO()
    with quiet_rdflib():
        _SortedTrigSerializer(dataset).serialize(stream, encoding="utf-8")
    return stream.getvalue().decode("utf-8")


class _SortedTrigSerializer(TrigSerializer):
    """rdflib's TriG writer takes the named graphs in hash order, which changes from one run to the next."""

    def __init__(self, store: Dataset) -> None:
        super().__init__(store)
        self.contexts.sort(key=lambda graph: (graph.identifier == DATASET_DEFAULT_GRAPH_ID, str(graph.identifier)))


def prefixes() -> dict[str, str]:
    """Every prefix a kg graph binds: what queries may use without declaring it."""
    return {prefix: str(namespace) for prefix, namespace in new_graph().namespaces()}


def written_prefixes() -> dict[str, str]:
    """The vocabularies kg writes, for serializers that declare every prefix they are given."""
    return {prefix: iri for prefix, iri in prefixes().items() if prefix in _WRITTEN}


_WRITTEN = ("kg", "rdf", "rdfs", "xsd", "owl", "skos", "prov", "dcterms")


def _bind_prefixes(graph):
    graph.bind("kg", KG._NS)
    graph.bind("skos", SKOS)
    graph.bind("prov", PROV)
    graph.bind("dcterms", DCTERMS)
    graph.bind("owl", OWL)
    return graph


def check_base(base: str) -> str:
    """The base IRI as kg uses it (ending in '/' or '#'); an error unless it is an absolute IRI."""
    full = base if base.endswith(("/", "#")) else base + "/"
    try:
        pyoxigraph.NamedNode(full + "entity/x")  # what a store will accept
    except ValueError as exc:
        raise errors.invalid_base(base, str(exc)) from None
    return full


class Minter:
    """Stable, readable IRIs under one base; two different names never get one entity IRI."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = Namespace(check_base(base))
        self._names: dict[str, str] = {}  # entity key -> the first name it was minted for

    def entity(self, entity: Entity) -> URIRef:
        first = self._names.setdefault(entity.key, entity.name)
        if first != entity.name and slug(first) != slug(entity.name):
            raise errors.key_collision(entity.key, first, entity.name)
        return self.entity_key(entity.key)

    def entity_key(self, key: str) -> URIRef:
        return self.base[f"entity/{key}"]

    def document(self, document: Document) -> URIRef:
        return self.base[f"document/{document.sha256[:16]}"]

    def statement(self, document: Document, statement: Statement) -> URIRef:
        evidence = statement.evidence
        where = ("background", statement.rule) if evidence is None else (evidence.span_start, evidence.span_end)
        identity = "|".join(map(str, (
            document.sha256, statement.subject.key, statement.predicate, statement.object.key,
            statement.polarity, *where,
        )))
        return self.base[f"statement/{hashlib.sha256(identity.encode()).hexdigest()[:16]}"]


def add_document(
    dataset: Graph,
    document: Document,
    entities: Iterable[Entity],
    statements: Iterable[Statement],
    minter: Minter,
) -> None:
    """Add a document's triples: into its own named graph when given a Dataset.

    Each document's graph carries its entities' type and label too, so it
    stands alone in a store; they are the ones already chosen in the dataset,
    so the union keeps one type and one label per entity.
    """
    doc_iri = minter.document(document)
    graph = dataset.graph(doc_iri) if isinstance(dataset, Dataset) else dataset
    _add_provenance(graph, document, doc_iri, minter.base)
    with quiet_rdflib():
        for entity in entities:
            _add_entity(dataset, graph, entity, minter.entity(entity), minter)
            graph.add((minter.entity(entity), KG.mentionedIn, doc_iri))
    for statement in statements:
        iri = minter.statement(document, statement)
        if statement.is_background:
            _add_background_statement(graph, statement, iri, doc_iri, minter, document)
        else:
            _add_statement(graph, statement, iri, doc_iri, minter)


def _add_provenance(graph: Graph, document: Document, iri: URIRef, base: Namespace) -> None:
    """The document as a prov:Entity a reader can cite: headline (else file name), path, date, digest.

    It is typed prov:Entity as well as kg:Document so that PROV consumers find
    it without a reasoner.
    """
    graph.add((iri, RDF.type, KG.Document))
    graph.add((iri, RDF.type, PROV.Entity))
    graph.add((iri, DCTERMS.title, Literal(document.title or document.name)))
    graph.add((iri, KG.sha256, Literal(document.sha256)))
    if document.path is not None:
        graph.add((iri, KG.sourcePath, Literal(document.path)))
    if document.date is not None:
        graph.add((iri, DCTERMS.date, Literal(document.date, datatype=XSD.date)))
    _add_source_metadata(graph, document, iri, base)


def _add_source_metadata(graph: Graph, document: Document, iri: URIRef, base: Namespace) -> None:
    """What a page or a corpus line states about the article: author, URL, publisher, its id, other fields.

    A corpus's own fields become properties under the base (``<base>meta/section``),
    so they can be queried by name without kg knowing them in advance.
    """
    if document.author is not None:
        graph.add((iri, DCTERMS.creator, Literal(document.author)))
    if document.source is not None:
        graph.add((iri, DCTERMS.publisher, Literal(document.source)))
    if document.identifier is not None:
        graph.add((iri, DCTERMS.identifier, Literal(document.identifier)))
    if document.url is not None:
        graph.add((iri, SCHEMA.url, _iri_or_text(document.url)))
    for key, value in document.metadata:
        graph.add((iri, base[f"meta/{slug(key)}"], Literal(value)))


def _iri_or_text(value: str) -> URIRef | Literal:
    try:
        pyoxigraph.NamedNode(value)
    except ValueError:
        return Literal(value)
    return URIRef(value) if ":" in value else Literal(value)


def _add_entity(seen: Graph, graph: Graph, entity: Entity, iri: URIRef, minter: Minter) -> None:
    """One type and one label per entity, even when several documents name it.

    ``seen`` is everything built so far (the union), ``graph`` the document's own.
    """
    graph.add((iri, RDF.type, seen.value(iri, RDF.type) or KG[entity.type]))
    label = seen.value(iri, RDFS.label) or Literal(entity.name)
    graph.add((iri, RDFS.label, label))
    for alias in sorted(entity.aliases | {entity.name}):
        if alias != str(label):
            graph.add((iri, SKOS.altLabel, Literal(alias)))
    if entity.same_as:
        graph.add((iri, OWL.sameAs, URIRef(entity.same_as)))
    if entity.owner:
        graph.add((iri, KG.institutionOf, minter.entity_key(entity.owner)))


def _add_statement(graph: Graph, statement: Statement, iri: URIRef, doc_iri: URIRef, minter: Minter) -> None:
    subject, object_ = minter.entity(statement.subject), minter.entity(statement.object)
    predicate = KG[statement.predicate]
    evidence = statement.evidence
    for p, o in (
        (RDF.type, KG.Statement),
        (RDF.subject, subject),
        (RDF.predicate, predicate),
        (RDF.object, object_),
        (KG.polarity, KG[statement.polarity]),
        (KG.modality, KG[statement.modality]),
        (KG.sentence, Literal(evidence.sentence)),
        (KG.sentenceStart, Literal(evidence.sentence_start)),
        (KG.sentenceEnd, Literal(evidence.sentence_end)),
        (KG.spanStart, Literal(evidence.span_start)),
        (KG.spanEnd, Literal(evidence.span_end)),
        (KG.rule, Literal(statement.rule)),
        (KG.confidence, _decimal(statement.confidence)),
        (PROV.wasDerivedFrom, doc_iri),
    ):
        graph.add((iri, p, o))
    if statement.attribution is not None:
        graph.add((iri, KG.attributedTo, minter.entity(statement.attribution)))
    if statement.time is not None:
        graph.add((iri, KG.time, Literal(statement.time)))
    if statement.polarity == "positive":
        graph.add((subject, predicate, object_))


def _add_background_statement(graph: Graph, statement: Statement, iri: URIRef, doc_iri: URIRef, minter: Minter,
                              document: Document) -> None:
    """A kg:BackgroundStatement: no sentence, and kg:followsFrom its sources (gazetteer entries, statements)."""
    subject, object_ = minter.entity(statement.subject), minter.entity(statement.object)
    predicate = KG[statement.predicate]
    for p, o in (
        (RDF.type, KG.BackgroundStatement),
        (RDF.subject, subject),
        (RDF.predicate, predicate),
        (RDF.object, object_),
        (KG.rule, Literal(statement.rule)),
        (KG.confidence, _decimal(statement.confidence)),
        (PROV.wasDerivedFrom, doc_iri),
    ):
        graph.add((iri, p, o))
    for source in statement.follows_from:
        graph.add((iri, KG.followsFrom, URIRef(source) if isinstance(source, str) else minter.statement(document, source)))
    graph.add((subject, predicate, object_))


def _decimal(value: float) -> Literal:
    """An xsd:decimal to three places in its canonical spelling ('0.85', not '0.850').

    Stores such as Oxigraph keep a decimal's value, not its spelling, so only
    the canonical form comes back out of a store the way it went in.
    """
    return Literal(format(Decimal(f"{value:.3f}").normalize(), "f"), datatype=XSD.decimal)
