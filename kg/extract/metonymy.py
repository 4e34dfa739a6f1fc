"""Metonymy: a capital or a seat of power that acts or speaks stands for a government.

"Moscow refused" and "Kyiv could never agree" are about governments, not
cities; "the Kremlin said" is about Russia's government. Such a capital
mention becomes the state's government ("government of Russia", with the
capital's name as an alias), kept apart from the city, which stays what its
other mentions are about; a seat of power keeps its own entity. Both are
linked to their state (``EntityIndex.owners``), and the graph says so.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from .gazetteer import fold, gazetteer
from .lexicon import LEXICON, load_json

if TYPE_CHECKING:
    from .entities import EntityIndex

_WORDS = load_json("entities.json")
SEATS = {seat: code for seat, code in _WORDS["seat_countries"].items()}
STANCE_NOUNS = set(_WORDS["stance_nouns"]["nouns"])
ACTOR_OBJECT_VERBS = set(_WORDS["government_verbs"]["object_of"])
ACTING_VERBS = (
    set(_WORDS["government_verbs"]["verbs"])
    | set(LEXICON["qualifiers"]["speech_verbs"])
    | {verb for lists in load_json("relations.json")["predicates"].values() for verb in lists.get("verbs", ())}
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


def resolve_metonymy(index: EntityIndex, new_entity) -> None:
    """Re-point acting capitals to their state's government; link seats of power to their state.

    ``new_entity(key, name, type, aliases)`` adds an entity to the index.
    """
    gaz = gazetteer()
    for mention in index.mentions:
        entity = index.entities[mention.key]
        if not acts(mention.span.root):
            continue
        if entity.type == "Government" and fold(entity.name) in SEATS:
            state = gaz.by_code.get(SEATS[fold(entity.name)])
            if state is not None:
                index.owners[entity.key] = new_entity(state.name, "Country", place=state)
            continue
        place = index.places.get(entity.key)
        if entity.type != "City" or place is None:
            continue
        state = gaz.by_code.get(place.country)
        if state is None or fold(gaz.capital_of(state) or "") != fold(place.name):
            continue
        state_key = new_entity(state.name, "Country", place=state)
        government = new_entity(f"government of {state.name}", "Government", alias=mention.span.text)
        index.owners[government] = state_key
        index.by_token.update((token.i, government) for token in mention.span)
        mention.key = government
