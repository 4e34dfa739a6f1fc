"""Entities: group a document's name mentions into entities and resolve pronouns.

Mentions arrive typed onto ontology classes from ``mentions`` (the model's
names, with the gazetteer correcting places it tags as people; datelines,
news agencies and broadcasters) and from ``institutions`` ("Sudan's army",
"the Kenyan police", owned by their place). Here they are grouped into one
entity per real-world thing ("Putin" and "Mr Zelensky" join the full names
the document introduced, "RSF" its expansion), and personal pronouns are
resolved to the most salient compatible entity before them. What cannot be
resolved stays unresolved.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .coref import resolve_pronouns
from .metonymy import resolve_metonymy
from .gazetteer import Place, fold, gazetteer
from .institutions import institution_mentions
from .keys import slug
from .mentions import (
    COMPANY_SUFFIXES, ORGANIZATION_TYPES, PLACE_TYPES, Mention, add_forms_of_address, agency_mentions,
    dateline_mentions, read_mention, replace_overlapping, retype_by_type_nouns, retype_people, retype_places,
    split_broadcasters,
    untagged_name_mentions,
)
from ..records import Entity

MODEL_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT"}


@dataclass
class EntityIndex:
    """A document's entities and which tokens refer to them."""

    entities: dict[str, Entity] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)  # entity key -> gazetteer record
    by_token: dict[int, str] = field(default_factory=dict)  # token index -> entity key
    resolved: set[int] = field(default_factory=set)  # tokens that refer through coreference
    roles: dict[int, str] = field(default_factory=dict)  # description token -> the role it names
    mentions: list[Mention] = field(default_factory=list)
    owners: dict[str, str] = field(default_factory=dict)  # institution key -> key of the place it belongs to
    sentence_starts: list[int] = field(default_factory=list)  # first token of each sentence, then len(doc)

    def at(self, token: Token) -> Entity | None:
        key = self.by_token.get(token.i)
        return self.entities[key] if key else None

    def sentence(self, token: Token) -> Span:
        """The token's sentence (spaCy's Token.sent walks the whole document each time)."""
        if not self.sentence_starts:
            self.sentence_starts = [s.start for s in token.doc.sents] + [len(token.doc)]
        position = bisect_right(self.sentence_starts, token.i) - 1
        return token.doc[self.sentence_starts[position]: self.sentence_starts[position + 1]]


def mention_span(index: EntityIndex, token: Token) -> tuple[int, int]:
    """Character offsets of the mention a token belongs to, or of the token alone.

    A person's mention includes the forms of address before the name ("President
    Kennedy", "Mrs. Parks"), as reference annotations do; job titles stay out
    ("Judge Henry Politz" -> "Henry Politz").
    """
    for mention in index.mentions:
        if mention.span.start <= token.i < mention.span.end:
            span = mention.full_span or mention.span
            return span.start_char, span.end_char
    return token.idx, token.idx + len(token)


def find_entities(doc: Doc) -> EntityIndex:
    """A document's entities, from its typed mentions, grouped, with pronouns resolved.

    The order matters: institutions need their places typed first, and
    acronyms and repeated names copy the types settled before them.
    """
    mentions = [m for span in doc.ents if span.label_ in MODEL_LABELS if (m := read_mention(span))]
    mentions = split_broadcasters(mentions)
    mentions = replace_overlapping(mentions, dateline_mentions(doc, mentions))
    mentions = sorted(mentions + untagged_name_mentions(doc, mentions), key=lambda m: m.span.start)
    retype_by_type_nouns(mentions)
    retype_people(mentions)
    retype_places(mentions)
    mentions = replace_overlapping(mentions, agency_mentions(doc, mentions))
    mentions = replace_overlapping(mentions, institution_mentions(doc, mentions))
    mentions = sorted(mentions + _acronym_mentions(doc, mentions), key=lambda m: m.span.start)
    mentions = sorted(mentions + _repeated_mentions(doc, mentions), key=lambda m: m.span.start)
    index = EntityIndex()
    _group(mentions, index)
    add_forms_of_address(doc, mentions)
    resolve_metonymy(index, _entity_adder(index))
    resolve_pronouns(doc, index)
    index.entities = {key: replace(e, owner=index.owners.get(key)) for key, e in index.entities.items()}
    return index


def _entity_adder(index: EntityIndex):
    """A function that adds an entity by name (or finds it), optionally with an alias; returns its key."""
    def add(name: str, type_: str, place: Place | None = None, alias: str | None = None) -> str:
        key = slug(name)
        entity = index.entities.get(key) or Entity(key=key, name=name, type=type_,
                                                   same_as=place.iri if place else None)
        if place is not None:
            index.places.setdefault(key, place)
        if alias and alias != entity.name:
            entity = replace(entity, aliases=entity.aliases | {alias})
        index.entities[key] = entity
        return key

    return add


# ----------------------------------------------------------------- grouping

def _group(mentions: list[Mention], index: EntityIndex) -> None:
    """Give each mention its entity: short names join full names, acronyms their expansion."""
    full_names = _person_full_names(mentions)
    expansions = {fold(m.name): m for m in mentions if m.type not in {"Person", "Country"}}
    acronyms = {initials: expansions[name] for name, initials in
                ((n, _initials(m.name)) for n, m in expansions.items()) if initials}
    institutions: dict[tuple[str, str], str] = {}
    companies = _company_short_names(mentions)
    for m in mentions:
        if fold(m.name) in full_names and (m.type == "Person" or m.place is None):
            m.name, m.type = full_names[fold(m.name)], "Person"
        elif fold(m.name) in companies and m.type not in PLACE_TYPES:  # "Mensa" after "Mensa Holdings"
            m.name, m.type = companies[fold(m.name)].name, companies[fold(m.name)].type
        elif fold(m.name) in acronyms and m.type != "Person":
            m.name, m.type = acronyms[fold(m.name)].name, acronyms[fold(m.name)].type
        if m.owner is not None:  # "the Chinese Foreign Ministry" and "China's foreign ministry" are one
            m.name = institutions.setdefault((fold(m.owner.name), m.institution), m.name)
        m.key = slug(m.name)
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.key, []).append(m)
        index.by_token.update((token.i, m.key) for token in m.span)
    for key, group in groups.items():
        first = next((m for m in group if fold(m.span.text) == fold(m.name)), group[0])
        kind = _group_type(group)
        for m in group:
            m.type = m.type if m.evidence else kind
        aliases = frozenset(m.span.text.replace("\u2019", "'") for m in group) - {first.name}
        place = next((m.place for m in group if m.place), None)
        if place:
            index.places[key] = place
        index.entities[key] = Entity(key=key, name=first.name, type=kind, aliases=aliases,
                                     same_as=place.iri if place else None)
    _add_owners(mentions, index)
    index.mentions = mentions


def _group_type(group: list[Mention]) -> str:
    """The type with evidence (gazetteer, type noun, suffix, list), else the mentions' majority type."""
    voters = [m for m in group if m.evidence] or group
    counts = Counter(m.type for m in voters)
    return max(voters, key=lambda m: counts[m.type]).type


def _add_owners(mentions: list[Mention], index: EntityIndex) -> None:
    """Record each institution's place; a place named only inside the institution's name gets its entity."""
    for m in mentions:
        if m.owner is None:
            continue
        owner = m.owner.key or slug(m.owner.name)
        if owner not in index.entities:
            place = m.owner.place
            index.entities[owner] = Entity(key=owner, name=m.owner.name, type=m.owner.type,
                                           same_as=place.iri if place else None)
            if place:
                index.places[owner] = place
        if owner != m.key:
            index.owners[m.key] = owner


SHORT_NAME_TYPES = {"Company", "Organization", "Media"}
GENERIC_FIRST_WORDS = STOP_WORDS | {"new", "national", "general", "united", "international", "global", "royal",
                                    "american", "british", "first", "central", "great", "north", "south", "east",
                                    "west", "northern", "southern", "eastern", "western", "state", "federal"}


def _distinctive_first_word(m: Mention) -> bool:
    """Whether a company's or organization's first word can name it alone ("Northcrest" of
    "Northcrest Metals"; not "National" of "National Grid", nor "Kenya" of "Kenya Airways")."""
    first = m.span[0]
    return (m.type in SHORT_NAME_TYPES and len(m.span) > 1 and first.text[:1].isupper() and not first.is_upper
            and first.lower_ not in GENERIC_FIRST_WORDS and gazetteer().place(first.text) is None
            and gazetteer().demonym(first.text) is None)


def _company_short_names(mentions: list[Mention]) -> dict[str, Mention]:
    """Short names of organizations, when only one organization in the document has them:
    the name without its legal suffix ("Mensa" of "Mensa Holdings") and a company's distinctive
    first word ("Northcrest" of "Northcrest Metals")."""
    short: dict[str, list[Mention]] = {}
    for m in mentions:
        words = fold(m.name).split()
        if m.type not in ORGANIZATION_TYPES or len(words) < 2:
            continue
        if words[-1] in COMPANY_SUFFIXES:
            short.setdefault(" ".join(words[:-1]), []).append(m)
        if _distinctive_first_word(m):
            short.setdefault(words[0], []).append(m)
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
