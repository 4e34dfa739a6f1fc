"""Role descriptions: "the Russian president", "his Ukrainian counterpart", "the Kremlin boss".

A definite description that names a role in a country or an organization
refers to the person the document has established in that role, else to the
most salient person not known to hold a conflicting one. The roles already
established come from explicit names ("US President Donald Trump"); each
resolved description adds its own. What cannot be resolved stays unresolved.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace

from spacy.tokens import Doc, Token

from ..records import Statement
from .index import EntityIndex
from .words import COUNTERPARTS, ROLE_HEADS, ROLE_PREDICATES, ROLE_TITLES

Roles = dict[str, dict[str, str]]  # person key -> {organization key: predicate}


def resolve_descriptions(doc: Doc, index: EntityIndex, named_roles: Iterable[Statement]) -> EntityIndex:
    """A new index in which definite role descriptions refer to persons and name their role.

    ``named_roles`` are the statements read so far from explicit names; only
    a person's roles among them count. The index comes back unchanged (the
    same object) when no description was resolved.
    """
    roles: Roles = {}
    for s in named_roles:
        if s.subject.type == "Person" and s.predicate in ROLE_PREDICATES:
            roles.setdefault(s.subject.key, {})[s.object.key] = s.predicate
    by_token, resolved, titles = dict(index.by_token), set(index.resolved), dict(index.roles)
    salience: Counter[str] = Counter()
    changed = False
    for token in doc:
        key = by_token.get(token.i)
        if key and index.entities[key].type == "Person" and (token.i == 0 or by_token.get(token.i - 1) != key):
            salience[key] += 1
        description = _description(token, index, by_token)
        if description is None:
            continue
        affiliation, possessor = description
        predicate = _description_role(token, possessor, roles)
        named = next((by_token[c.i] for c in token.children if c.dep_ == "appos" and c.i in by_token
                      and index.entities[by_token[c.i]].type == "Person"), None)
        person = named or _pick_person(affiliation, possessor, roles, salience, index)
        if not (predicate and person):
            continue
        titles[token.i] = predicate
        changed = True
        roles.setdefault(person, {})[affiliation] = predicate
        if named:  # "his Australian counterpart, Eleanor Walsh": the role is all that was missing
            continue
        by_token[token.i] = person
        resolved.add(token.i)
        salience[person] += 1
    if not changed:
        return index
    return replace(index, by_token=by_token, resolved=resolved, roles=titles)


def _description(token: Token, index: EntityIndex, by_token: Mapping[int, str]) -> tuple[str, str | None] | None:
    """(affiliation key, possessor key) if the token heads a definite role description."""
    if token.pos_ != "NOUN" or token.i in by_token or token.lower_ not in ROLE_HEADS | COUNTERPARTS:
        return None
    if token.i + 1 < len(token.doc) and token.doc[token.i + 1].ent_type_ == "PERSON":
        return None  # a title before a name, not a description
    if token.dep_ == "appos" and token.head.i in by_token:
        return None  # "Loadstar Systems, the market leader" describes its head
    children = list(token.children)
    determiner = next((c for c in children if c.dep_ == "det" and c.lower_ == "the"), None)
    possessor = next((c for c in children if c.dep_ == "poss"), None)
    if determiner is None and possessor is None:
        return None
    affiliation = next(
        (by_token[c.i] for c in children if c.dep_ in {"amod", "compound"} and c.i in by_token
         and index.entities[by_token[c.i]].type != "Person"),
        None,
    )
    if affiliation is None:
        return None
    return affiliation, by_token.get(possessor.i) if possessor is not None else None


def _description_role(token: Token, possessor: str | None, roles: Roles) -> str | None:
    if token.lower_ in COUNTERPARTS:
        # "his Russian counterpart" holds, in Russia, the role the possessor holds
        held = roles.get(possessor or "", {})
        return next(iter(held.values()), None)
    return title_role(token)


def title_role(title: Token) -> str | None:
    """The relation a title names, longest match first: "prime minister" -> leader_of, "minister" -> member_of."""
    words = [c.lower_ for c in title.lefts if c.dep_ in {"compound", "amod"} and not c.ent_type_] + [title.lower_]
    return next((ROLE_TITLES[" ".join(words[i:])] for i in range(len(words)) if " ".join(words[i:]) in ROLE_TITLES), None)


def _pick_person(affiliation: str, possessor: str | None, roles: Roles, salience: Counter,
                 index: EntityIndex) -> str | None:
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
