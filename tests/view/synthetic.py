"""A large invented corpus as RDF, written by kg's own RDF writer without the spaCy stage.

Building 300 articles through spaCy takes minutes; the viewer only needs the
graph kg writes, so these records (invented people, organizations and places,
each article naming a few of them and stating relations the ontology allows)
go straight to ``kg.rdf.graph.add_document``. Popular entities appear in many
articles, as in news, so the network has a clear centre and a long tail.
"""
from __future__ import annotations

import hashlib
import random

from rdflib import Graph

from kg.keys import slug
from kg.rdf.graph import Minter, add_document, new_graph
from kg.rdf.ontology import fits, relation_names
from kg.records import Document, Entity, Evidence, Statement

FIRST = ["Ada", "Bram", "Cleo", "Dario", "Elin", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Lev",
         "Mara", "Nils", "Oona", "Pavel", "Rina", "Soren", "Tala", "Umar", "Vera", "Wim", "Yara", "Zeno"]
LAST = ["Arvel", "Brask", "Corlin", "Dunvar", "Eskel", "Falko", "Garrow", "Holmsk", "Ivers", "Jarlow", "Kessing",
        "Lunde", "Morvik", "Nesbo", "Orrin", "Pellam", "Quist", "Rosvall", "Strand", "Tovik"]
STEMS = ["Varn", "Osk", "Bel", "Tarr", "Quell", "Mir", "Dov", "Lask", "Fen", "Hald", "Cor", "Ystr", "Prav", "Galt"]
ENDS = ["holm", "ava", "grad", "mere", "ovia", "stad", "ridge", "port", "heim", "ora"]
ORG_KINDS = {"Company": "Holdings", "Government": "Ministry", "ArmedForce": "Guard", "Media": "Courier",
             "PoliticalParty": "Party", "Organization": "Foundation"}
PLACE_KINDS = ["Country", "City", "Region"]


def entity_pool(rng: random.Random, size: int) -> list[Entity]:
    """Invented entities of every kind; the same seed gives the same pool."""
    pool: dict[str, Entity] = {}
    while len(pool) < size:
        kind = rng.choices(["Person", "org", "place", "Event"], weights=[5, 3, 3, 1])[0]
        if kind == "Person":
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name, kind, aliases = f"{first} {last}", "Person", frozenset({last})
        elif kind == "org":
            kind = rng.choice(sorted(ORG_KINDS))
            name, aliases = f"{rng.choice(STEMS)}{rng.choice(ENDS)} {ORG_KINDS[kind]}", frozenset()
        elif kind == "place":
            kind = rng.choice(PLACE_KINDS)
            name, aliases = f"{rng.choice(STEMS)}{rng.choice(ENDS)}{rng.choice(['', ' Bay', ' Hills'])}", frozenset()
        else:
            name, aliases = f"{rng.choice(STEMS)}{rng.choice(ENDS)} Summit", frozenset()
        if slug(name) not in pool:
            pool[slug(name)] = Entity(key=slug(name), name=name, type=kind, aliases=aliases)
    return list(pool.values())


def article(rng: random.Random, number: int, pool: list[Entity], predicates: list[str]) -> tuple:
    """One invented article: a few entities (popular ones more often) and relations between them."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(pool))]
    named = list({e.key: e for e in rng.choices(pool, weights=weights, k=rng.randint(5, 9))}.values())
    sentences, statements, offset = [], [], 0
    for _ in range(rng.randint(4, 8)):
        subject, object_ = rng.sample(named, 2)
        allowed = [p for p in predicates if fits(p, subject.type, object_.type)]
        if not allowed:
            continue
        predicate = rng.choice(allowed)
        sentence = f"{subject.name} {predicate.replace('_', ' ')} {object_.name}, officials said on day {number}."
        span_end = offset + len(subject.name) + len(predicate) + len(object_.name) + 2
        statements.append(Statement(
            subject=subject, predicate=predicate, object=object_,
            evidence=Evidence(sentence, offset, offset + len(sentence), offset, span_end),
            polarity=rng.choices(["positive", "negative"], weights=[9, 1])[0],
            modality=rng.choices(["fact", "intended", "possible"], weights=[8, 1, 1])[0],
            rule=f"{predicate}/synthetic", confidence=round(rng.uniform(0.5, 0.95), 2),
        ))
        sentences.append(sentence)
        offset += len(sentence) + 1
    text = " ".join(sentences) or f"Nothing happened on day {number}."
    document = Document(name=f"day-{number:03d}.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                        title=f"Invented report number {number}", path=f"day-{number:03d}.txt",
                        date=f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}")
    return document, named, statements


def corpus_graph(articles: int = 300, entities: int = 1500, seed: int = 11) -> Graph:
    """The merged graph of ``articles`` invented articles."""
    rng = random.Random(seed)
    pool = entity_pool(rng, entities)
    predicates = sorted(relation_names())
    graph, minter = new_graph(), Minter()
    for number in range(articles):
        document, named, statements = article(rng, number, pool, predicates)
        add_document(graph, document, named, statements, minter)
    return graph
