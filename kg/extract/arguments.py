"""Arguments: which entities the words a pattern matched refer to.

A pattern names tokens; an argument is an entity. Between them stand
coreference (pronouns and descriptions resolved in the entity index),
relative pronouns ("Hamas, which governs Gaza"), conjunctions, and nouns
that point on to a name: "the province of Sumy", "most of the region of
Darfur", "fighters from the SLF", "a cowardly act by the SLF", "a market in
Djibo", "his counterpart, Eleanor Walsh".
"""
from __future__ import annotations

from spacy.tokens import Token

from ..rdf import ontology
from ..records import Entity
from .index import EntityIndex
from .lexicon import LEXICON
from .words import EVENT_NOUNS, PLACE_NOUNS

MAX_SUBJECT_HOPS = 5
MAX_NOUN_HOPS = 3
RELATIVE_PRONOUNS = {"which", "who", "that", "whom", "whose"}
MEMBER_NOUNS = set(LEXICON["member_nouns"])
TRANSPARENT_NOUNS = set(LEXICON["transparent_nouns"])
MEMBER_PREPS = {"from", "of"}
LOCATIVE_PREPS = {"in", "near", "outside"}


def governing_subject(trigger: Token) -> Token | None:
    """The subject of the clause a trigger belongs to ("he is ready to negotiate" -> he).

    Nouns take their possessor or a nationality modifier ("Russia's attack",
    "Israeli strikes"), or the subject of the verb they are the object of
    ("launched an offensive"); verbs take their subject, or climb through
    control, coordination and participial clauses.
    """
    token = trigger
    for _ in range(MAX_SUBJECT_HOPS):
        if token.pos_ in {"NOUN", "PROPN"}:
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            owner = owner or next((c for c in token.children if c.dep_ in {"amod", "compound"} and c.ent_type_ in {"NORP", "GPE", "ORG"}), None)
            owner = owner or _by_agent(token)  # "an attack by the SLF on Djibo"
            if owner is None and (_in_measure_phrase(token) or _state_of_verb(token)):
                token = token.head.head  # "pledged $10 million in aid to X"; "has been in talks with X"
                continue
            if owner is not None or token.dep_ not in {"dobj", "nsubjpass"}:
                return owner
        else:
            subject = next((c for c in token.children if c.dep_ in {"nsubj", "csubj"}), None)
            if subject is not None:
                return subject
            if token.dep_ not in {"xcomp", "acomp", "conj", "advcl", "acl", "relcl"}:
                return None
            if token.dep_ == "relcl":
                return token.head
        token = token.head
    return None


def _by_agent(noun: Token) -> Token | None:
    """The agent of an event noun given with "by": "the invasion of Ukraine by Russia"."""
    if noun.lemma_.lower() not in EVENT_NOUNS:
        return None
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None


def _in_measure_phrase(noun: Token) -> bool:
    """ "50 million euros in aid", "a shipment of weapons": the noun fills an amount that is an object."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ in {"in", "of"} and prep.head.dep_ in {"dobj", "nsubjpass"}


def _state_of_verb(noun: Token) -> bool:
    """ "has been in talks with", "entered into negotiations with": the subject is the verb's."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ in {"in", "into"} and prep.head.pos_ in {"VERB", "AUX"}


def resolve(token: Token | None, index: EntityIndex) -> list[tuple[Entity, Token]]:
    """The entities a noun phrase refers to, with the token that names each."""
    if token is None:
        return []
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        token = token.head.head
    conjuncts = [token, *token.conjuncts]
    if token.dep_ == "pobj":  # "by ECOWAS and by the African Union"
        conjuncts += [c for prep in token.head.conjuncts for c in prep.children if c.dep_ == "pobj"]
    result: list[Found] = []
    for conjunct in conjuncts:
        found = _entity_of(conjunct, index)
        if found and found[0] not in {e for e, _ in result}:
            result.append(found)
    return result


Found = tuple[Entity, Token]  # an entity and the token that names it


def _entity_of(token: Token, index: EntityIndex, depth: int = 0) -> Found | None:
    """The entity a noun names, directly or through the words around it: the first of
    ``NOUN_STEPS`` that finds one, each step a few words further from the name."""
    entity = index.at(token)
    if entity is not None:
        return entity, token
    if depth >= MAX_NOUN_HOPS:
        return None
    return next((found for step in NOUN_STEPS if (found := step(token, index, depth))), None)


def _through_place_noun(token: Token, index: EntityIndex, depth: int) -> Found | None:
    """ "the province of Sumy", "the Sumy region", "Zelensky's authority", "most of the region of Darfur"."""
    if token.lemma_.lower() not in PLACE_NOUNS | TRANSPARENT_NOUNS:
        return None
    for child in token.children:
        target = child
        if child.dep_ == "prep" and child.lower_ == "of":
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ not in {"appos", "compound", "poss"}:
            continue
        if child.dep_ == "poss" and token.lemma_.lower() in PLACE_NOUNS:
            continue  # "Ukraine's province" is not Ukraine
        found = _entity_of(target, index, depth + 1) if target is not None else None
        if found:
            return found
    return None


def _named_in_apposition(token: Token, index: EntityIndex, depth: int) -> Found | None:
    """ "his counterpart, Eleanor Walsh"."""
    child = next((c for c in token.children if c.dep_ == "appos" and index.at(c) is not None), None)
    return (index.at(child), child) if child is not None else None


def _misparsed_recipient(token: Token, index: EntityIndex, depth: int) -> Found | None:
    """ "fined Meta 800 million euros", parsed with the company as a modifier of the amount."""
    if not any(c.dep_ == "nummod" for c in token.children):
        return None
    recipient = next((c for c in token.children if c.dep_ == "nmod" and index.at(c) is not None), None)
    return (index.at(recipient), recipient) if recipient is not None else None


def _state_forces(token: Token, index: EntityIndex, depth: int) -> Found | None:
    """ "Israeli jets", "Sudanese troops": the state's forces stand for the state."""
    if token.lower_ not in MEMBER_NOUNS:
        return None
    child = next((c for c in token.children if c.dep_ in {"amod", "compound"} and index.at(c) is not None
                  and index.at(c).type == "Country"), None)
    return (index.at(child), child) if child is not None else None


def _through_preposition(token: Token, index: EntityIndex, depth: int) -> Found | None:
    """ "a cowardly act by the SLF", "fighters from the SLF", "a market in Djibo"."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return None
    for child in token.children:
        target = next((c for c in child.children if c.dep_ == "pobj"), None) if child.dep_ == "prep" else None
        found = _entity_of(target, index, depth + 1) if target is not None else None
        if not found:
            continue
        if child.lower_ == "by" and token.lemma_.lower() in EVENT_NOUNS:
            return found  # the act is the SLF's
        if child.lower_ in MEMBER_PREPS and token.lower_ in MEMBER_NOUNS:
            return found  # the fighters are the SLF's
        if child.lower_ in LOCATIVE_PREPS and "Place" in ontology.superclasses(found[0].type):
            return found  # for an attack or a visit, the place
    return None


def _head_of_apposition(token: Token, index: EntityIndex, depth: int) -> Found | None:
    """ "Kiranpay, the Bengaluru-based fintech": the description stands for the name it describes."""
    return (index.at(token.head), token.head) if token.dep_ == "appos" and index.at(token.head) is not None else None


NOUN_STEPS = (_through_place_noun, _named_in_apposition, _misparsed_recipient, _state_forces, _through_preposition,
              _head_of_apposition)
