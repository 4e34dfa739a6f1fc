"""Qualifiers: polarity, modality and attribution of a relation.

Each is read from the words that govern the relation's trigger in the
parse, up to the clause it belongs to: "doesn't recognise" is negative,
"ready to negotiate" intended, "Putin said ..." attributed to Putin.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .lexicon import LEXICON

_WORDS = LEXICON["qualifiers"]
NEGATORS = set(_WORDS["negators"])
NEGATING_VERBS = set(_WORDS["negating_verbs"])
INTENTION = set(_WORDS["intention_words"])
POSSIBILITY = set(_WORDS["possibility_words"])
DEMAND = set(_WORDS["demand_words"])
INTENTION_NOUNS = set(_WORDS["intention_nouns"])  # "a bid to join": the joining is intended
SPEECH_VERBS = set(_WORDS["speech_verbs"])
# Dependencies that keep a word inside the same proposition as the trigger.
CHAIN_DEPS = {"xcomp", "acomp", "dobj", "pobj", "prep", "acl", "attr", "oprd", "conj", "amod", "compound", "nsubjpass"}


@dataclass(frozen=True)
class Qualifiers:
    polarity: str = "positive"
    modality: str = "fact"
    speaker: Token | None = None  # the token naming who said it, to resolve to an entity
    time: str | None = None  # when, as the text says it ("on Sunday", "in 2022")


def governing_chain(trigger: Token) -> list[Token]:
    """The trigger and the words above it up to the head of its clause."""
    chain = [trigger]
    token = trigger
    while token.dep_ in CHAIN_DEPS and token.head is not token:
        token = token.head
        chain.append(token)
    return chain


def qualify(trigger: Token) -> Qualifiers:
    chain = governing_chain(trigger)
    return Qualifiers(polarity=_polarity(chain), modality=_modality(chain), speaker=_speaker(chain[-1]), time=_time(chain))


def _polarity(chain: list[Token]) -> str:
    for position, token in enumerate(chain):
        if any(child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in NEGATORS) for child in token.children):
            return "negative"
        if position > 0 and token.lemma_ in NEGATING_VERBS:
            return "negative"
        if position > 0 and token.lemma_ in INTENTION and token.tag_ == "VBN" and any(
                child.lower_ == "had" for child in token.children if child.dep_ == "aux"):
            return "negative"  # "had planned to travel" implies the trip did not happen
    return "positive"


def _modality(chain: list[Token]) -> str:
    for position, token in enumerate(chain):
        auxiliaries = {child.lower_ for child in token.children if child.dep_ == "aux"}
        if auxiliaries & POSSIBILITY:
            return "possible"
        if position == 0:
            continue
        if token.lemma_ in INTENTION or (token.pos_ == "NOUN" and token.lemma_ in INTENTION_NOUNS):
            return "intended"
        if token.lemma_ in DEMAND:
            return "demanded"
        if token.lemma_ in POSSIBILITY:
            return "possible"
    return "fact"


def _speaker(clause_head: Token) -> Token | None:
    """The subject of the speech verb whose reported clause holds the trigger."""
    token = clause_head
    for _ in range(3):
        if token.dep_ in {"ccomp", "parataxis"} and token.head.lemma_ in SPEECH_VERBS:
            return _subject(token.head)
        if token.dep_ not in {"ccomp", "conj", "advcl"} or token.head is token:
            break
        token = token.head
    according = _according_in(clause_head)
    if not according:
        return None
    return next((grand for to in according[0].children for grand in to.children if grand.dep_ == "pobj"), None)


_ACCORDING = "kg_according"  # doc.user_data key: indices of the "according" prepositions


def _according_in(clause_head: Token) -> list[Token]:
    """The "according" prepositions in the clause head's subtree, in order.

    The document's "according" prepositions are found once and kept in
    ``doc.user_data``: walking the clause's subtree for every statement made a
    long sentence (a 50,000-character one, a flat list of names) quadratic.
    """
    doc = clause_head.doc
    found = doc.user_data.get(_ACCORDING)
    if found is None:
        found = doc.user_data[_ACCORDING] = [t.i for t in doc if t.lower_ == "according" and t.dep_ == "prep"]
    head = clause_head.i
    return [doc[i] for i in found if i == head or clause_head.is_ancestor(doc[i])]



def _subject(verb: Token) -> Token | None:
    return next((child for child in verb.children if child.dep_ == "nsubj"), None)


def _time(chain: list[Token]) -> str | None:
    """A date attached to the trigger or the words above it ("on Sunday", "in 2022", "last year")."""
    for token in chain:
        for child in token.children:
            date = child if child.ent_type_ == "DATE" else next(
                (c for c in child.children if c.dep_ == "pobj" and c.ent_type_ == "DATE"), None
            ) if child.dep_ == "prep" else None
            if date is not None and child.dep_ in {"prep", "npadvmod", "tmod"}:
                span = next((e for e in token.doc.ents if e.start <= date.i < e.end), None)
                return span.text if span is not None else date.text
    return None
