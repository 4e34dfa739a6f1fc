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

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .coref import resolve_pronouns
from .gazetteer import Place, fold, gazetteer
from .lexicon import LEXICON
from .records import Entity

TYPE_NOUNS = {noun: kind for kind, nouns in LEXICON["type_nouns"].items() for noun in nouns}
ORGANIZATION_TYPES = {"Organization", "Government", "ArmedForce", "Company", "PoliticalParty", "Media"}
MODEL_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT"}
COMPANY_SUFFIXES = {"inc", "corp", "ltd", "llc", "plc", "co", "gmbh", "ag", "sa", "group", "holdings"}
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
    _retype_by_type_nouns(mentions)
    mentions = sorted(mentions + _acronym_mentions(doc, mentions), key=lambda m: m.span.start)
    mentions = sorted(mentions + _repeated_mentions(doc, mentions), key=lambda m: m.span.start)
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
        place = gaz.place(name, min_population=MIN_CITY_POPULATION)
        if label == "ORG" and place and len(span) == 1:  # "Tigray" tagged ORG
            return Mention(span, name, place.kind, place)
        if label in {"GPE", "LOC"}:
            place = gaz.place(name)
            return Mention(span, name, place.kind if place else "Place", place)
        return Mention(span, name, "Place" if label == "FAC" else "Organization")
    if label == "EVENT":
        return Mention(span, name, "Event")
    company = _org_type(name) if span[-1].lower_.rstrip(".") in COMPANY_SUFFIXES else None
    return Mention(span, name, company or "Person")


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


def _retype_by_type_nouns(mentions: list[Mention]) -> None:
    """A name the text calls a company, a militia, a ministry ... is one ("the copper miner Andes Cobre")."""
    for m in mentions:
        root = m.span.root
        nouns = [c for c in root.children if c.dep_ in {"appos", "compound"} and not c.ent_type_]
        if root.dep_ == "appos":
            nouns.append(root.head)
        kinds = [TYPE_NOUNS[n.lemma_.lower()] for n in nouns if n.lemma_.lower() in TYPE_NOUNS]
        if kinds and m.type != "Country" and kinds[0] in ORGANIZATION_TYPES:
            m.type = kinds[0]


def _retype_places(mentions: list[Mention]) -> None:
    """A one-word "person" that is a known city and no person's name is a place."""
    person_words = {w for m in mentions if m.type == "Person" and len(m.span) > 1 for w in fold(m.name).split()}
    gaz = gazetteer()
    for m in mentions:
        if m.type == "Person" and len(m.span) == 1 and fold(m.name) not in person_words:
            place = gaz.place(m.name, min_population=MIN_CITY_POPULATION)
            if place:
                m.type, m.place = place.kind, place


# ----------------------------------------------------------------- grouping

def _group(mentions: list[Mention], index: EntityIndex) -> None:
    """Give each mention its entity: short names join full names, acronyms their expansion."""
    full_names = _person_full_names(mentions)
    expansions = {fold(m.name): m for m in mentions if m.type not in {"Person", "Country"}}
    acronyms = {initials: expansions[name] for name, initials in
                ((n, _initials(m.name)) for n, m in expansions.items()) if initials}
    for m in mentions:
        if fold(m.name) in full_names and (m.type == "Person" or m.place is None):
            m.name, m.type = full_names[fold(m.name)], "Person"
        elif fold(m.name) in acronyms and m.type != "Person":
            m.name, m.type = acronyms[fold(m.name)].name, acronyms[fold(m.name)].type
        m.key = slug(m.name)
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.key, []).append(m)
        index.by_token.update((token.i, m.key) for token in m.span)
    for key, group in groups.items():
        first = next((m for m in group if fold(m.span.text) == fold(m.name)), group[0])
        aliases = frozenset(m.span.text.replace("\u2019", "'") for m in group) - {first.name}
        place = next((m.place for m in group if m.place), None)
        if place:
            index.places[key] = place
        index.entities[key] = Entity(key=key, name=first.name, type=first.type, aliases=aliases,
                                     same_as=place.iri if place else None)
    index.mentions = mentions


def _person_full_names(mentions: list[Mention]) -> dict[str, str]:
    """Map each short name to the one longer person name in the document containing it."""
    people = {m.name for m in mentions if m.type == "Person" and len(fold(m.name).split()) > 1}
    full: dict[str, str] = {}
    for short in {fold(m.name) for m in mentions}:
        words = short.split()
        longer = {n for n in people if len(fold(n).split()) > len(words) and _contains(fold(n).split(), words)}
        if len(longer) == 1:
            full[short] = longer.pop()
    return full


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper()]
    return fold("".join(w[0] for w in words)) if len(words) >= 2 else ""


def _acronym_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Untagged acronyms of the document's organizations ("the RSF") become their mentions."""
    organizations = {_initials(m.name): m for m in mentions if m.type not in {"Person", "Country"}}
    organizations.pop("", None)
    tagged = {t.i for m in mentions for t in m.span}
    found = []
    for token in doc:
        if token.i not in tagged and token.text.isupper() and fold(token.text) in organizations:
            known = organizations[fold(token.text)]
            found.append(Mention(Span(doc, token.i, token.i + 1, label="ORG"), known.name, known.type))
    return found


def _repeated_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Names the model tagged once are mentions wherever else they occur untagged.

    A person's surname alone counts too ("Mwangi" after "Joseph Mwangi").
    """
    known: dict[str, Mention] = {}
    for m in mentions:
        known.setdefault(m.span.text, m)
        if m.type == "Person" and len(m.span) > 1:
            known.setdefault(m.span[-1].text, Mention(m.span[-1:], m.span[-1].text, "Person"))
    matcher = PhraseMatcher(doc.vocab)
    for text, m in known.items():
        matcher.add(text, [Doc(doc.vocab, words=[t.text for t in m.span])])
    tagged = {t.i for m in mentions for t in m.span}
    spans = [doc[start:end] for _, start, end in matcher(doc)
             if not tagged & set(range(start, end)) and all(t.pos_ == "PROPN" for t in doc[start:end])]
    found = []
    for span in filter_spans(spans):
        m = known[span.text]
        found.append(Mention(Span(doc, span.start, span.end, label=m.span.label_), m.name, m.type, m.place))
    return found


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))
