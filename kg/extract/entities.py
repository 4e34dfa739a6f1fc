"""Entities: find a document's name mentions and group them into entities.

Mentions arrive typed onto ontology classes from ``mentions`` (the model's
names, with the gazetteer correcting places it tags as people; datelines,
news agencies and broadcasters) and from ``institutions`` ("Sudan's army",
"the Kenyan police", owned by their place). Here they are grouped into one
entity per real-world thing ("Putin" and "Mr Zelensky" join the full names
the document introduced, "RSF" its expansion): the first ``EntityIndex``.
Metonymy, pronouns and descriptions are later stages, each returning a new
index.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..records import Entity
from .gazetteer import Place, fold, gazetteer
from .index import EntityIndex, new_index, with_owners
from .institutions import add_institutions
from ..keys import slug
from .mentions import (
    ORGANIZATION_TYPES, PLACE_TYPES, Mention, add_forms_of_address, agency_mentions, dateline_mentions, name_spans,
    read_mention, replace_overlapping, retype_by_type_nouns, retype_people, retype_places, split_broadcasters,
    untagged_name_mentions,
)
from .words import COMPANY_SUFFIXES, GENERIC_FIRST_WORDS, ORGAN_NOUNS

MODEL_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT"}


def find_mentions(doc: Doc) -> list[Mention]:
    """A document's typed name mentions, the model's and those rules add, in text order.

    The order matters: institutions need their places typed first, and
    acronyms and repeated names copy the types settled before them.
    """
    mentions = [m for span in name_spans(doc, MODEL_LABELS) if (m := read_mention(span))]
    mentions = split_broadcasters(mentions)
    mentions = replace_overlapping(mentions, dateline_mentions(doc, mentions))
    mentions = _in_order(mentions + untagged_name_mentions(doc, mentions))
    mentions = retype_places(retype_people(retype_by_type_nouns(mentions)))
    mentions = replace_overlapping(mentions, agency_mentions(doc, mentions))
    mentions = add_institutions(doc, mentions)
    mentions = _in_order(mentions + _acronym_mentions(doc, mentions))
    return _in_order(mentions + _repeated_mentions(doc, mentions))


def _in_order(mentions: list[Mention]) -> list[Mention]:
    return sorted(mentions, key=lambda m: m.span.start)


def group_entities(doc: Doc, mentions: list[Mention]) -> EntityIndex:
    """Give each mention its entity: short names join full names, acronyms their expansion.

    Returns the document's first entity index; its mentions carry their
    entity's key and a person's forms of address.
    """
    named = _named(mentions)
    groups: dict[str, list[Mention]] = {}
    by_token: dict[int, str] = {}
    for m in named:
        groups.setdefault(m.key, []).append(m)
        by_token.update((token.i, m.key) for token in m.span)
    entities: dict[str, Entity] = {}
    places: dict[str, Place] = {}
    typed: dict[Mention, Mention] = {}
    for key, group in groups.items():
        first = next((m for m in group if fold(m.span.text) == fold(m.name)), group[0])
        kind = _group_type(group)
        typed.update((m, m if m.evidence else replace(m, type=kind)) for m in group)
        aliases = frozenset(m.span.text.replace("\u2019", "'") for m in group) - {first.name}
        place = next((m.place for m in group if m.place), None)
        if place:
            places[key] = place
        entities[key] = Entity(key=key, name=first.name, type=kind, aliases=aliases,
                               same_as=place.iri if place else None)
    owners = _owners(mentions, named, entities, places)
    final = add_forms_of_address(doc, [typed[m] for m in named])
    return new_index(doc, entities=with_owners(entities, owners), places=places, by_token=by_token, mentions=final,
                     owners=owners)


def _named(mentions: list[Mention]) -> list[Mention]:
    """Each mention under its entity's name and key: "Putin" -> "Vladimir Putin", "RSF" -> its expansion.

    Mentions are renamed in text order; an institution's place is read under
    the name it has by then.
    """
    full_names = _person_full_names(mentions)
    expansions = {fold(m.name): m for m in mentions if m.type not in {"Person", "Country"}}
    acronyms = {initials: expansions[name] for name, initials in
                ((n, _initials(m.name)) for n, m in expansions.items()) if initials}
    institutions: dict[tuple[str, str], str] = {}
    companies = _company_short_names(mentions)
    renamed: dict[Mention, Mention] = {}
    for m in mentions:
        name, type_ = m.name, m.type
        if fold(name) in full_names and (type_ == "Person" or m.place is None):
            name, type_ = full_names[fold(name)], "Person"
        elif fold(name) in companies and type_ not in PLACE_TYPES:  # "Mensa" after "Mensa Holdings"
            name, type_ = companies[fold(name)].name, companies[fold(name)].type
        elif fold(name) in acronyms and type_ != "Person":
            name, type_ = acronyms[fold(name)].name, acronyms[fold(name)].type
        if m.owner is not None:  # "the Chinese Foreign Ministry" and "China's foreign ministry" are one
            owner = renamed.get(m.owner, m.owner)
            name = institutions.setdefault((fold(owner.name), m.institution), name)
        renamed[m] = replace(m, name=name, type=type_, key=slug(name))
    return [renamed[m] for m in mentions]


def _group_type(group: list[Mention]) -> str:
    """The type with evidence (gazetteer, type noun, suffix, list), else the mentions' majority type."""
    voters = [m for m in group if m.evidence] or group
    counts = Counter(m.type for m in voters)
    return max(voters, key=lambda m: counts[m.type]).type


def _owners(mentions: list[Mention], named: list[Mention], entities: dict[str, Entity],
            places: dict[str, Place]) -> dict[str, str]:
    """Each institution's place, by key; a place named only inside the institution's name
    ("Chinese" of "the Chinese Foreign Ministry") is added to ``entities`` and ``places``."""
    keys = {m: n.key for m, n in zip(mentions, named)}
    owners: dict[str, str] = {}
    for m in named:
        if m.owner is None:
            continue
        owner = keys.get(m.owner) or slug(m.owner.name)
        if owner not in entities:
            place = m.owner.place
            entities[owner] = Entity(key=owner, name=m.owner.name, type=m.owner.type,
                                     same_as=place.iri if place else None)
            if place:
                places[owner] = place
        if owner != m.key:
            owners[m.key] = owner
    return owners


SHORT_NAME_TYPES = {"Company", "Organization", "Media"}


def _distinctive_first_word(m: Mention) -> bool:
    """Whether a company's or organization's first word can name it alone ("Northcrest" of
    "Northcrest Metals"; not "National" of "National Grid", nor "Kenya" of "Kenya Airways")."""
    first = m.span[0]
    return (m.type in SHORT_NAME_TYPES and len(m.span) > 1 and first.text[:1].isupper() and not first.is_upper
            and first.lower_ not in GENERIC_FIRST_WORDS and gazetteer().place(first.text) is None
            and gazetteer().demonym(first.text) is None)


def _company_short_names(mentions: list[Mention]) -> dict[str, Mention]:
    """Short names of organizations, when only one organization in the document has them:
    the name without its legal suffix ("Mensa" of "Mensa Holdings"), a company's distinctive
    first word ("Northcrest" of "Northcrest Metals") and an organ's last word ("Commission")."""
    short: dict[str, list[Mention]] = {}
    for m in mentions:
        words = fold(m.name).split()
        if m.type not in ORGANIZATION_TYPES or len(words) < 2:
            continue
        if words[-1] in COMPANY_SUFFIXES:
            short.setdefault(" ".join(words[:-1]), []).append(m)
        if _distinctive_first_word(m):
            short.setdefault(words[0], []).append(m)
        if words[-1] in ORGAN_NOUNS and m.span[-1].text[:1].isupper():  # "the Commission" of "the Tarvian Commission"
            short.setdefault(words[-1], []).append(m)
    return {name: found[0] for name, found in short.items() if len({fold(m.name) for m in found}) == 1}


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
            found.append(Mention(Span(doc, token.i, token.i + 1, label="ORG"), known.name, known.type,
                                 evidence=known.evidence, owner=known.owner, institution=known.institution))
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
        elif _distinctive_first_word(m):  # "Northcrest" after "Northcrest Metals"
            known.setdefault(m.span[0].text, Mention(m.span[:1], m.name, m.type, evidence=m.evidence))
    matcher = PhraseMatcher(doc.vocab)
    for text, m in known.items():
        matcher.add(text, [Doc(doc.vocab, words=[t.text for t in m.span])])
    tagged = {t.i for m in mentions for t in m.span}
    spans = [doc[start:end] for _, start, end in matcher(doc)
             if not tagged & set(range(start, end)) and all(t.pos_ == "PROPN" for t in doc[start:end])]
    found = []
    for span in filter_spans(spans):
        m = known[span.text]
        found.append(Mention(Span(doc, span.start, span.end, label=m.span.label_), m.name, m.type, m.place,
                             evidence=m.evidence, owner=m.owner, institution=m.institution))
    return found


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))
