"""Metonymy: a capital or a seat of power that acts or speaks stands for a government.

"Moscow refused" and "Kyiv could never agree" are about governments, not
cities; "the Kremlin said" is about Russia's government. Such a capital
mention becomes the state's government ("government of Russia", with the
capital's name as an alias), kept apart from the city, which stays what its
other mentions are about; a seat of power keeps its own entity. Both are
linked to their state (``EntityIndex.owners``), and the graph says so.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from ..records import Entity
from .gazetteer import Place, fold, gazetteer
from .index import EntityIndex, with_owners
from ..keys import slug
from .lexicon import LEXICON, load_json
from .words import ENTITY_RULES

SEATS = dict(ENTITY_RULES["seat_countries"])
STANCE_NOUNS = set(ENTITY_RULES["stance_nouns"]["nouns"])
ACTOR_OBJECT_VERBS = set(ENTITY_RULES["government_verbs"]["object_of"])
ACTING_VERBS = (
    set(ENTITY_RULES["government_verbs"]["verbs"])
    | set(LEXICON["qualifiers"]["speech_verbs"])
    | {verb for lists in load_json("triggers.json").values() for verb in lists.get("verbs", ())}
)


def acts(token: Token) -> bool:
    """Whether a name is used as an agent: the subject of an acting verb, the owner of a stance, or
    the one accused, urged, sanctioned ..."""
    head = token.head
    if token.dep_ == "nsubj":
        return head.lemma_ in ACTING_VERBS or any(c.dep_ == "xcomp" and c.lemma_ in ACTING_VERBS for c in head.children)
    if token.dep_ == "poss":
        return head.lemma_.lower() in STANCE_NOUNS
    if token.dep_ == "dobj":  # "accused Tehran of arming the militia"
        return head.lemma_ in ACTOR_OBJECT_VERBS
    return token.dep_ == "pobj" and head.dep_ == "agent" and head.head.lemma_ in ACTING_VERBS


def resolve_metonymy(index: EntityIndex) -> EntityIndex:
    """A new index in which acting capitals refer to their state's government and seats of power
    are linked to their state."""
    entities, places, owners = dict(index.entities), dict(index.places), dict(index.owners)
    by_token = dict(index.by_token)

    def add(name: str, type_: str, place: Place | None = None, alias: str | None = None) -> str:
        """Add an entity by name (or find it), optionally with an alias; returns its key."""
        key = slug(name)
        entity = entities.get(key) or Entity(key=key, name=name, type=type_, same_as=place.iri if place else None)
        if place is not None:
            places.setdefault(key, place)
        if alias and alias != entity.name:
            entity = replace(entity, aliases=entity.aliases | {alias})
        entities[key] = entity
        return key

    gaz = gazetteer()
    mentions = []
    for mention in index.mentions:
        mentions.append(mention)
        entity = entities[mention.key]
        if not acts(mention.span.root):
            continue
        if entity.type == "Government" and fold(entity.name) in SEATS:
            state = gaz.by_code.get(SEATS[fold(entity.name)])
            if state is not None:
                owners[entity.key] = add(state.name, "Country", place=state)
            continue
        place = places.get(entity.key)
        if entity.type != "City" or place is None:
            continue
        state = gaz.by_code.get(place.country)
        if state is None or fold(gaz.capital_of(state) or "") != fold(place.name):
            continue
        state_key = add(state.name, "Country", place=state)
        government = add(f"government of {state.name}", "Government", alias=mention.span.text)
        owners[government] = state_key
        by_token.update((token.i, government) for token in mention.span)
        mentions[-1] = replace(mention, key=government)
    return replace(index, entities=with_owners(entities, owners), places=places, owners=owners, by_token=by_token,
                   mentions=mentions)
