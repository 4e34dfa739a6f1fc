"""The frozen records that flow between the pipeline stages.

Stages pass these plain, hashable values along; only ``kg.rdf.graph`` turns them
into RDF terms. Being frozen, they de-duplicate with a ``set``.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One source article."""

    name: str  # the file name, or "text-N" for text given directly
    text: str
    sha256: str
    title: str | None = None  # the headline, when the first line reads as one
    path: str | None = None  # POSIX path relative to the input folder given (the file name for a file); None for text
    date: str | None = None  # ISO 8601 date stated by the source, the file name or the dateline; never guessed
    author: str | None = None  # as the page or the corpus states it
    url: str | None = None  # where it was published, as the page or the corpus states it
    source: str | None = None  # the publisher, site or wire service
    identifier: str | None = None  # the corpus's own id for it (JSON Lines "id")
    metadata: tuple[tuple[str, str], ...] = ()  # a corpus's other fields (key, value), sorted by key


@dataclass(frozen=True)
class Entity:
    """A real-world thing a document talks about, under one canonical name."""

    key: str  # the slug its IRI is made from, e.g. "vladimir-putin"
    name: str  # canonical name, e.g. "Vladimir Putin"
    type: str  # ontology class local name, e.g. "Person"
    aliases: frozenset[str] = field(default_factory=frozenset)  # other surface forms
    same_as: str | None = None  # an outside IRI for the same thing (GeoNames for places)
    owner: str | None = None  # key of the state or place an institution belongs to ("Sudan's army", "the Kremlin")


@dataclass(frozen=True)
class Evidence:
    """Where in a document a statement was read, as character offsets."""

    sentence: str
    sentence_start: int
    sentence_end: int
    span_start: int  # the words from first argument to trigger to last argument
    span_end: int
    subject_span: tuple[int, int] | None = None  # the words naming the subject, if in the sentence
    object_span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Statement:
    """One relation between two entities, with its evidence and qualifiers.

    A statement read in the text has its ``evidence``. A background statement
    ("Hamburg is in Germany", both named in the article) has none: it follows
    from a gazetteer or from other statements, which ``follows_from`` names.
    """

    subject: Entity
    predicate: str  # core vocabulary local name, e.g. "attacks"
    object: Entity
    evidence: Evidence | None  # None for background knowledge
    polarity: str = "positive"  # positive | negative
    modality: str = "fact"  # fact | intended | possible | demanded
    attribution: Entity | None = None  # who said it
    time: str | None = None  # when, in the text's words ("on Sunday", "in 2022")
    rule: str = ""
    confidence: float = 1.0
    follows_from: tuple[Statement | str, ...] = ()  # a background statement's sources: statements, outside IRIs

    @property
    def is_background(self) -> bool:
        return self.evidence is None

    @property
    def triple(self) -> tuple[str, str, str]:
        return (self.subject.key, self.predicate, self.object.key)
