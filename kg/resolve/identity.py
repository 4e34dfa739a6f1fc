"""Identity: one entity, one node, across all the documents of a store.

Extraction names entities one document at a time. An archive needs more:
"Trump" in an article that never gives his first name is the Donald Trump
another article names, and an entity typed Person in nine articles and
Organization in one is a Person. This stage runs after extraction, over
every document's named graph in the store (this build's and earlier
builds'), in two steps:

- ``plan`` (a pure function of what the graphs say) decides which short
  names join a full name, and the one type and label each entity keeps;
- ``apply`` rewrites the graphs in the store to match, in one transaction
  per group of entities.

The rules:

- A one-word name (its label has one word) typed Person or Organization
  joins the one person whose full name (two words or more, typed Person)
  ends with that word, when the documents and the store know exactly one
  such person and no document names both apart (extraction, which saw
  them side by side, kept them apart for a reason). Two known people with
  that surname: the short name stays apart (ambiguous). A place, a
  country, or a name with no full-name match stays as it is.
- Each entity's type is the one most documents give it, counting the
  documents that name it in full (a surname alone was typed by the model
  without the first name's help); on a tie, the more specific class (a
  Company over an Organization), then the first by name. Its label is the
  one most documents use, then the first by name; the others become
  ``skos:altLabel``.

Everything is decided from counts over all documents, never from which
article came first, so the result does not depend on the order of the
input.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..keys import slug
from ..rdf.namespace import KG
from ..rdf.ontology import superclasses

SHORT_NAME_TYPES = frozenset({"Person", "Organization"})  # the model often calls a bare surname an organization
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
UPDATE_CHUNK = 200  # entities per SPARQL Update (one transaction each)
_KG = str(KG._NS)
_FACTS = f"""
SELECT ?g ?e ?label ?type WHERE {{
  GRAPH ?g {{ ?e <{_KG}mentionedIn> ?g ; <http://www.w3.org/2000/01/rdf-schema#label> ?label ;
              a ?type . FILTER(STRSTARTS(STR(?type), "{_KG}")) }}
}}"""


@dataclass(frozen=True)
class Fact:
    """What one document's graph says about one entity."""

    graph: str
    entity: str
    label: str
    type: str  # the class's local name


@dataclass(frozen=True)
class Plan:
    merges: dict[str, str] = field(default_factory=dict)  # short name's IRI -> the full name's IRI
    types: dict[str, str] = field(default_factory=dict)  # entity IRI -> its one type (local name)
    labels: dict[str, str] = field(default_factory=dict)  # entity IRI -> its one label
    graphs: dict[str, frozenset[str]] = field(default_factory=dict)  # entity IRI -> graphs to rewrite

    @property
    def changed_graphs(self) -> frozenset[str]:
        return frozenset(g for graphs in self.graphs.values() for g in graphs)

    @property
    def entities(self) -> frozenset[str]:
        """The entities whose triples the rewrite changes: those it keeps, and the short names merged away."""
        return frozenset(self.types) | frozenset(self.merges)


def resolve(store: ox.Store) -> Plan:
    """Read the store's entities, plan, and rewrite the graphs that need it; returns the plan."""
    found = plan(read_facts(store))
    apply(store, found)
    return found


def read_facts(store: ox.Store) -> list[Fact]:
    return [Fact(row["g"].value, row["e"].value, row["label"].value, row["type"].value[len(_KG):])
            for row in store.query(_FACTS)]


def plan(facts: Iterable[Fact]) -> Plan:
    """Which short names join a full name, and each entity's one type and label (a pure function)."""
    by_entity: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_entity[fact.entity].append(fact)
    types = {e: _winner(Counter(_per_graph(fs, "type")), _type_order) for e, fs in by_entity.items()}
    labels = {e: _winner(Counter(_per_graph(fs, "label")), _label_order) for e, fs in by_entity.items()}
    graphs = {e: frozenset(f.graph for f in fs) for e, fs in by_entity.items()}

    people: dict[str, set[str]] = defaultdict(set)  # surname key -> full-name people
    for entity, label in labels.items():
        words = _words(label)
        if types[entity] == "Person" and len(words) >= 2:
            people[slug(words[-1])].add(entity)
    merges = {}
    for entity, label in labels.items():
        words = label.split()
        if len(words) != 1 or types[entity] not in SHORT_NAME_TYPES or entity in people.get(slug(label), ()):
            continue
        candidates = people.get(slug(label), set())
        if len(candidates) == 1:
            (full,) = candidates
            if not graphs[entity] & graphs[full]:
                merges[entity] = full

    final_types, final_labels, rewrite = {}, {}, {}
    for entity, facts_of in by_entity.items():
        if entity in merges:
            continue
        joined = [short for short, full in merges.items() if full == entity]
        mixed = len({f.type for f in facts_of}) > 1 or len({f.label for f in facts_of}) > 1
        if joined or mixed:
            final_types[entity], final_labels[entity] = types[entity], labels[entity]
            rewrite[entity] = graphs[entity].union(*(graphs[short] for short in joined))
    return Plan(merges, final_types, final_labels, rewrite)


def apply(store: ox.Store, found: Plan) -> None:
    """Rewrite the store's graphs to the plan: merged IRIs replaced, one type and one label per entity."""
    entities = sorted(found.types)
    merged_into = defaultdict(list)
    for short, full in found.merges.items():
        merged_into[full].append(short)
    for start in range(0, len(entities), UPDATE_CHUNK):
        steps = []
        for entity in entities[start:start + UPDATE_CHUNK]:
            for short in sorted(merged_into.get(entity, ())):
                steps.extend(_replace_iri(short, entity))
            steps.extend(_one_type_and_label(entity, found.types[entity], found.labels[entity]))
        store.update(" ;\n".join(steps))


def _replace_iri(old: str, new: str) -> list[str]:
    return [
        f"DELETE {{ GRAPH ?g {{ <{old}> ?p ?o }} }} INSERT {{ GRAPH ?g {{ <{new}> ?p ?o }} }} "
        f"WHERE {{ GRAPH ?g {{ <{old}> ?p ?o }} }}",
        f"DELETE {{ GRAPH ?g {{ ?s ?p <{old}> }} }} INSERT {{ GRAPH ?g {{ ?s ?p <{new}> }} }} "
        f"WHERE {{ GRAPH ?g {{ ?s ?p <{old}> }} }}",
    ]


def _one_type_and_label(entity: str, type_: str, label: str) -> list[str]:
    literal = ox.Literal(label)
    rdfs, skos = "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2004/02/skos/core#"
    return [
        f"DELETE {{ GRAPH ?g {{ <{entity}> a ?t }} }} INSERT {{ GRAPH ?g {{ <{entity}> a <{_KG}{type_}> }} }} "
        f'WHERE {{ GRAPH ?g {{ <{entity}> a ?t FILTER(STRSTARTS(STR(?t), "{_KG}") && ?t != <{_KG}{type_}>) }} }}',
        f"DELETE {{ GRAPH ?g {{ <{entity}> <{rdfs}label> ?l }} }} "
        f"INSERT {{ GRAPH ?g {{ <{entity}> <{rdfs}label> {literal} ; <{skos}altLabel> ?l }} }} "
        f"WHERE {{ GRAPH ?g {{ <{entity}> <{rdfs}label> ?l FILTER(?l != {literal}) }} }}",
        f"DELETE WHERE {{ GRAPH ?g {{ <{entity}> <{skos}altLabel> {literal} }} }}",
    ]


def _per_graph(facts: list[Fact], attribute: str) -> list[str]:
    """One vote per document (a graph gives an entity one type and one label)."""
    return [value for _, value in sorted({(f.graph, getattr(f, attribute)) for f in facts})]


def _winner(votes: Counter, order) -> str:
    return min(votes, key=lambda value: (-votes[value], *order(value)))


def _type_order(name: str) -> tuple:
    return (-len(superclasses(name)), name)  # more specific first


def _label_order(label: str) -> tuple:
    return (label,)


def _words(label: str) -> list[str]:
    words = label.split()
    while len(words) > 2 and words[-1].strip(".,").lower() in NAME_SUFFIXES:
        words.pop()
    return words
