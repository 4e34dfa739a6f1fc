"""Coreference without a model: pronouns and role descriptions, by rules over the parse.

Pronouns ("he", "its") take the most recent compatible entity in their
sentence, else the most salient one in the sentences just before. Definite
role descriptions ("the Russian president", "his Ukrainian counterpart",
"the Kremlin boss") take the person the document has established in that
role, else the most salient person not known to hold a conflicting one.
What cannot be resolved this way stays unresolved.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Callable

from spacy.tokens import Doc, Token

from .lexicon import LEXICON
from ..rdf.ontology import superclasses

if TYPE_CHECKING:
    from .entities import EntityIndex
    from ..records import Entity, Statement

PRONOUN_LOOKBACK_SENTENCES = 3
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
PERSON_PRONOUNS = set(LEXICON["person_pronouns"])
THING_PRONOUNS = set(LEXICON["thing_pronouns"])
COUNTERPARTS = set(LEXICON["counterpart_nouns"])
ROLE_TITLES = LEXICON["role_titles"]
ROLE_HEADS = {title.split()[-1] for title in ROLE_TITLES}
TYPE_NOUNS = {noun: kind for kind, nouns in LEXICON["type_nouns"].items() for noun in nouns}
ACTOR_TYPES_FOR_IT = {"Country", "Organization", "Government", "ArmedForce", "Company", "PoliticalParty", "Media"}


def resolve_pronouns(doc: Doc, index: EntityIndex) -> None:
    """Resolve pronouns and definite type nouns ("the company", "the group")."""
    for token in doc:
        if token.i in index.by_token:
            continue
        if token.pos_ == "PRON" and token.lower_ in PERSON_PRONOUNS:
            key = _antecedent(token, index, lambda e: e.type == "Person")
        elif token.pos_ == "PRON" and token.lower_ in THING_PRONOUNS:
            key = _antecedent(token, index, lambda e: e.type in ACTOR_TYPES_FOR_IT)
        elif _is_definite_type_noun(token):
            kind = TYPE_NOUNS[token.lemma_.lower()]
            key = _named_like(token, index) or _antecedent(
                token, index, lambda e: kind in superclasses(e.type) or e.type in superclasses(kind))
        else:
            continue
        if key:
            index.by_token[token.i] = key
            index.resolved.add(token.i)


def _is_definite_type_noun(token: Token) -> bool:
    """ "the company", "the group": a bare definite noun naming a kind of entity."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in TYPE_NOUNS or token.dep_ in {"compound", "appos"}:
        return False
    children = list(token.children)
    return any(c.dep_ == "det" and c.lower_ == "the" for c in children) and not any(
        c.dep_ in {"compound", "prep", "appos", "relcl", "acl", "nummod"} or (c.dep_ == "amod" and c.ent_type_)
        for c in children if not c.is_punct
    )  # "the electoral body" is the body met before; "the Dutch company" may be another one


def _named_like(noun: Token, index: EntityIndex) -> str | None:
    """ "the federation" -> the latest entity before it whose name ends in that noun."""
    for token in reversed(noun.doc[: noun.i]):
        key = index.by_token.get(token.i)
        if key and index.entities[key].name.lower().split()[-1].rstrip("s") == noun.lemma_.lower().rstrip("s"):
            return key
    return None


def _antecedent(pronoun: Token, index: EntityIndex, fits: Callable[[Entity], bool]) -> str | None:
    """Most recent fitting entity earlier in the sentence, else the most salient before it.

    In earlier sentences a subject outranks other mentions (centering), and
    an earlier mention outranks a later one.
    """
    sentence = index.sentence(pronoun)
    for token in reversed(sentence[: pronoun.i - sentence.start]):
        key = index.by_token.get(token.i)
        if key and fits(index.entities[key]) and not _same_clause_object(token, pronoun):
            return key
    index.sentence(pronoun)
    starts = index.sentence_starts
    position = starts.index(sentence.start)
    for back in range(1, min(PRONOUN_LOOKBACK_SENTENCES, position) + 1):
        previous = pronoun.doc[starts[position - back]: starts[position - back + 1]]
        candidates = [t for t in previous if t.i in index.by_token and fits(index.entities[index.by_token[t.i]])]
        if candidates:
            best = min(candidates, key=lambda t: (t.dep_ not in SUBJECT_DEPS, t.i))
            return index.by_token[best.i]
    return None


def _same_clause_object(candidate: Token, pronoun: Token) -> bool:
    """A non-reflexive pronoun does not refer to a co-argument of its own verb ("X met him")."""
    return candidate.head == pronoun.head and candidate.dep_ in {"dobj", "pobj"} and pronoun.dep_ in {"dobj", "pobj"}


def resolve_descriptions(doc: Doc, index: EntityIndex, statements: list[Statement]) -> bool:
    """Resolve definite role descriptions to persons; True if any was resolved.

    ``statements`` are the roles found so far from explicit names ("US
    President Donald Trump"); each resolved description adds its own.
    """
    roles: dict[str, dict[str, str]] = {}  # person key -> {organization key: predicate}
    for s in statements:
        if s.subject.type == "Person" and s.predicate in set(ROLE_TITLES.values()):
            roles.setdefault(s.subject.key, {})[s.object.key] = s.predicate
    salience: Counter[str] = Counter()
    changed = False
    for token in doc:
        key = index.by_token.get(token.i)
        if key and index.entities[key].type == "Person" and (token.i == 0 or index.by_token.get(token.i - 1) != key):
            salience[key] += 1
        description = _description(token, index)
        if description is None:
            continue
        affiliation, possessor = description
        predicate = _description_role(token, possessor, roles)
        named = next((index.by_token[c.i] for c in token.children if c.dep_ == "appos" and c.i in index.by_token
                      and index.entities[index.by_token[c.i]].type == "Person"), None)
        person = named or _pick_person(affiliation, possessor, roles, salience, index)
        if predicate and person:
            index.roles[token.i] = predicate
            changed = True
            if named:  # "his Australian counterpart, Eleanor Walsh": the role is all that was missing
                roles.setdefault(person, {})[affiliation] = predicate
                continue
            index.by_token[token.i] = person
            index.resolved.add(token.i)
            roles.setdefault(person, {})[affiliation] = predicate
            salience[person] += 1
            changed = True
    return changed


def _description(token: Token, index: EntityIndex) -> tuple[str, str | None] | None:
    """(affiliation key, possessor key) if the token heads a definite role description."""
    if token.pos_ != "NOUN" or token.i in index.by_token or token.lower_ not in ROLE_HEADS | COUNTERPARTS:
        return None
    if token.i + 1 < len(token.doc) and token.doc[token.i + 1].ent_type_ == "PERSON":
        return None  # a title before a name, not a description
    if token.dep_ == "appos" and token.head.i in index.by_token:
        return None  # "Loadstar Systems, the market leader" describes its head
    children = list(token.children)
    determiner = next((c for c in children if c.dep_ == "det" and c.lower_ == "the"), None)
    possessor = next((c for c in children if c.dep_ == "poss"), None)
    if determiner is None and possessor is None:
        return None
    affiliation = next(
        (index.by_token[c.i] for c in children if c.dep_ in {"amod", "compound"} and c.i in index.by_token
         and index.entities[index.by_token[c.i]].type != "Person"),
        None,
    )
    if affiliation is None:
        return None
    return affiliation, index.by_token.get(possessor.i) if possessor is not None else None


def _description_role(token: Token, possessor: str | None, roles: dict[str, dict[str, str]]) -> str | None:
    if token.lower_ in COUNTERPARTS:
        # "his Russian counterpart" holds, in Russia, the role the possessor holds
        held = roles.get(possessor or "", {})
        return next(iter(held.values()), None)
    return title_role(token)


def title_role(title: Token) -> str | None:
    """The relation a title names, longest match first: "prime minister" -> leader_of, "minister" -> member_of."""
    words = [c.lower_ for c in title.lefts if c.dep_ in {"compound", "amod"} and not c.ent_type_] + [title.lower_]
    return next((ROLE_TITLES[" ".join(words[i:])] for i in range(len(words)) if " ".join(words[i:]) in ROLE_TITLES), None)


def _pick_person(affiliation: str, possessor: str | None, roles, salience: Counter, index: EntityIndex) -> str | None:
    """The person established in this role, else the most salient one free to hold it."""
    is_country = index.entities[affiliation].type == "Country"
    established = [p for p, held in roles.items() if affiliation in held and p != possessor]
    if established:
        return max(established, key=lambda p: salience[p])
    free = [
        p for p in salience
        if p != possessor and not (is_country and any(index.entities[o].type == "Country" for o in roles.get(p, {})))
    ]
    return max(free, key=lambda p: salience[p]) if free else None
