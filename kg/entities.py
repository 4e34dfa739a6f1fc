"""Entities: group a document's name mentions into entities and resolve pronouns.

Named-entity mentions from spaCy are typed onto ontology classes (with the
gazetteer correcting places the model tags as people), grouped into one
entity per real-world thing ("Putin" and "Mr Zelensky" join the full names
the document introduced), and personal pronouns are resolved to the most
salient compatible entity before them. What cannot be resolved stays
unresolved.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .coref import resolve_pronouns
from .gazetteer import Place, fold, gazetteer
from .lexicon import LEXICON
from .records import Entity

MODEL_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT"}
MIN_CITY_POPULATION = 50_000  # a "person" whose name is a smaller town stays a person
HONORIFICS = set(LEXICON["honorifics"])
ROLE_TITLES = LEXICON["role_titles"]
TITLE_WORDS = {word for title in ROLE_TITLES for word in title.split()}


@dataclass
class Mention:
    span: Span
    name: str  # surface form with titles and possessives stripped
    type: str
    place: Place | None = None
    key: str = ""


@dataclass
class EntityIndex:
    """A document's entities and which tokens refer to them."""

    entities: dict[str, Entity] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)  # entity key -> gazetteer record
    by_token: dict[int, str] = field(default_factory=dict)  # token index -> entity key
    resolved: set[int] = field(default_factory=set)  # tokens that refer through coreference
    roles: dict[int, str] = field(default_factory=dict)  # description token -> the role it names
    mentions: list[Mention] = field(default_factory=list)

    def at(self, token: Token) -> Entity | None:
        key = self.by_token.get(token.i)
        return self.entities[key] if key else None


def slug(name: str) -> str:
    return fold(name).replace(" ", "-") or "entity"


def find_entities(doc: Doc) -> EntityIndex:
    mentions = [m for span in doc.ents if span.label_ in MODEL_LABELS if (m := _mention(span))]
    _retype_places(mentions)
    index = EntityIndex()
    _group(mentions, index)
    resolve_pronouns(doc, index)
    return index


# ----------------------------------------------------------------- mentions

def _mention(span: Span) -> Mention | None:
    span = _strip(span)
    if span is None:
        return None
    name = span.text.replace("\u2019", "'")
    gaz = gazetteer()
    label = span.label_
    if label == "NORP":
        country = gaz.demonym(name) or gaz.country(name)
        return Mention(span, country.name, "Country", country) if country else None
    if label in {"GPE", "LOC", "FAC", "ORG"}:
        country = gaz.country(name)
        if country:
            return Mention(span, country.name, "Country", country)
        org_type = _org_type(name)
        if label in {"ORG", "FAC"} and org_type:
            return Mention(span, name, org_type)
        if label in {"GPE", "LOC"}:
            place = gaz.place(name)
            return Mention(span, place.name if place else name, place.kind if place else "Place", place)
        return Mention(span, name, "Place" if label == "FAC" else "Organization")
    if label == "EVENT":
        return Mention(span, name, "Event")
    return Mention(span, name, "Person")


def _strip(span: Span) -> Span | None:
    """Drop leading determiners, honorifics and titles, and a trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or _is_title(doc[start], span.label_)):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)


def _is_title(token: Token, label: str) -> bool:
    word = token.lower_.rstrip(".")
    if word in HONORIFICS:
        return True
    return label == "PERSON" and word in TITLE_WORDS and token.i + 1 < len(token.doc)


def _org_type(name: str) -> str | None:
    words = set(fold(name).split())
    folded = f" {fold(name)} "
    for org_type, keywords in LEXICON["org_type_keywords"].items():
        if any((k in words) if " " not in k else (f" {k} " in folded) for k in keywords):
            return org_type
    return None


def _retype_places(mentions: list[Mention]) -> None:
    """A one-word "person" that is a known city and no person's name is a place."""
    person_words = {w for m in mentions if m.type == "Person" and len(m.span) > 1 for w in fold(m.name).split()}
    gaz = gazetteer()
    for m in mentions:
        if m.type == "Person" and len(m.span) == 1 and fold(m.name) not in person_words:
            place = gaz.place(m.name, min_population=MIN_CITY_POPULATION)
            if place:
                m.type, m.name, m.place = place.kind, place.name, place


# ----------------------------------------------------------------- grouping

def _group(mentions: list[Mention], index: EntityIndex) -> None:
    full_names = _person_full_names(mentions)
    acronyms = _acronyms(mentions)
    surface: dict[str, set[str]] = {}
    canonical: dict[str, Mention] = {}
    for m in mentions:
        name = m.name
        if m.type == "Person":
            name = full_names.get(fold(name), name)
        elif fold(name) in acronyms:
            name = acronyms[fold(name)]
        key = slug(name)
        m.key = key
        if key not in canonical:
            canonical[key] = Mention(m.span, name, m.type, m.place)
        surface.setdefault(key, set()).add(m.span.text.replace("\u2019", "'"))
        for token in m.span:
            index.by_token[token.i] = key
        if m.place:
            index.places[key] = m.place
    for key, first in canonical.items():
        aliases = frozenset(s for s in surface[key] if s != first.name)
        same_as = first.place.iri if first.place else None
        index.entities[key] = Entity(key=key, name=first.name, type=first.type, aliases=aliases, same_as=same_as)
    index.mentions = mentions


def _person_full_names(mentions: list[Mention]) -> dict[str, str]:
    """Map each short person name to the one longer name in the document containing it."""
    names = {m.name for m in mentions if m.type == "Person"}
    full: dict[str, str] = {}
    for short in names:
        words = fold(short).split()
        longer = {n for n in names if len(fold(n).split()) > len(words) and _contains(fold(n).split(), words)}
        if len(longer) == 1:
            full[fold(short)] = longer.pop()
    return full


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _acronyms(mentions: list[Mention]) -> dict[str, str]:
    """Map an acronym ("RSF") to the organization name it abbreviates in the document."""
    orgs = {m.name for m in mentions if m.type not in {"Person", "Country"}}
    table: dict[str, str] = {}
    for name in orgs:
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper())
        if len(initials) >= 2 and initials != name:
            table[fold(initials)] = name
    return table
