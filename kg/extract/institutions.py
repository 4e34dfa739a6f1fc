"""Institutions: a place's army, police, ministry or government as an entity of its own.

"Sudan's army", "the Kenyan police" and "the municipality of Calama" name an
institution by its place rather than by a name of its own, so the model
seldom tags them. Each becomes a mention owned by its place, and "the army"
later in the text joins it when the document has only one army. The
phrases are data, in ``rules/entities.json``.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from .gazetteer import fold, gazetteer
from .mentions import ORGANIZATION_TYPES, PLACE_TYPES, RULES, Mention, replace_overlapping

INSTITUTIONS = {phrase: kind for kind, phrases in RULES["institutions"].items() for phrase in phrases}
INSTITUTION_HEADS = {phrase.split()[-1] for phrase in INSTITUTIONS}
MODIFIER_DEPS = {"compound", "amod"}
INDEFINITE = {"a", "an", "this", "that", "these", "those", "any", "no", "another", "every", "each"}


def add_institutions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The mentions with a place's institutions added: "Sudan's army", "the Kenyan police",
    "the municipality of Calama".

    Named "<place>'s <noun phrase>" ("Nigeria's army") or, for the "of" form,
    by the text without its determiner ("government of Burkina Faso"). The
    same noun phrase alone later ("the Foreign Ministry", "the army") is the
    same institution when the document has only one by that name. A tagged
    name that holds its place ("the Chinese Foreign Ministry") is given it.
    """
    mentions, owned = _owned_institutions(doc, mentions)
    mentions, repeated = _repeated_institutions(doc, mentions, owned)
    return replace_overlapping(mentions, owned + repeated)


def _owned_institutions(doc: Doc, mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """(the mentions, tagged institutions given their place; the new institution mentions)."""
    at = {t.i: m for m in mentions for t in m.span}
    found: list[Mention] = []
    given: dict[Mention, Mention] = {}
    for token in doc:
        if token.lower_ not in INSTITUTION_HEADS or token.pos_ not in {"NOUN", "PROPN"} or token.dep_ in MODIFIER_DEPS:
            continue
        phrase = _institution_phrase(token)
        tagged = at.get(token.i)
        if phrase is None:
            continue
        if tagged is not None and (tagged.type not in ORGANIZATION_TYPES or tagged.span.end != token.i + 1):
            continue
        owner = _owner(phrase, at)
        if owner is None:
            if tagged is not None and tagged.span.start < phrase.start:  # "the Chinese Foreign Ministry"
                inner = _owner_inside(tagged, phrase)
                if inner is not None:
                    given[tagged] = replace(tagged, owner=inner, institution=fold(phrase.text))
            continue
        span = phrase if tagged is None else tagged.span
        kind = INSTITUTIONS[phrase.text.lower()] if tagged is None else tagged.type
        joined = owner.span.end == span.start and doc[owner.span.start].tag_ != "POS" and owner.span[-1].tag_ != "POS"
        found.append(Mention(span, _institution_name(phrase, owner), kind, evidence=True, owner=owner,
                             institution=fold(phrase.text),
                             full_span=Span(doc, owner.span.start, span.end) if joined else None))
        # "the Phnom Penh government": the full span takes in the place
    return [given.get(m, m) for m in mentions], found


def _institution_phrase(head: Token) -> Span | None:
    """The longest listed institution phrase ending at its head noun ("foreign ministry", "army")."""
    doc = head.doc
    for length in range(4, 0, -1):
        start = head.i - length + 1
        if start >= 0 and doc[start:head.i + 1].text.lower() in INSTITUTIONS:
            return doc[start:head.i + 1]
    return None


def _owner(phrase: Span, at: dict[int, Mention]) -> Mention | None:
    """The place a phrase's head belongs to: a possessor, a demonym or place before it, or "of" a place."""
    head = phrase[-1]
    if any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in head.children):  # "an army of 50,000"
        return None
    for child in head.children:
        target = child
        if child.dep_ == "prep" and child.lower_ == "of" and child.i > head.i:
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ not in {"poss", "amod", "compound", "nmod"} or child.i >= phrase.start:
            continue
        owner = at.get(target.i) if target is not None else None
        if owner is not None and owner.type in PLACE_TYPES:
            return owner
    return None


def _owner_inside(tagged: Mention, phrase: Span) -> Mention | None:
    """The country a tagged institution's name opens with ("Chinese" of "Chinese Foreign Ministry")."""
    gaz = gazetteer()
    before = phrase.doc[tagged.span.start:phrase.start]
    text = before.text.removesuffix("'s").removesuffix("\u2019s").strip()
    country = gaz.demonym(text) or gaz.country(text, codes=False)
    return Mention(before, country.name, "Country", country, evidence=True) if country else None


def _institution_name(phrase: Span, owner: Mention) -> str:
    if phrase[-1].i < owner.span.start:  # "municipality of Calama"
        return f"{phrase.text} of {owner.name}"
    return f"{owner.name}'" + ("" if owner.name.endswith("s") else "s") + f" {phrase.text}"


def _repeated_institutions(doc: Doc, mentions: list[Mention], owned: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """ "the Foreign Ministry", "the army" after "Russia's Foreign Ministry", "Sudan's army".

    Returns the mentions, those tagged alone given their institution, and the new untagged ones.
    """
    by_phrase: dict[str, set[str]] = {}
    for m in owned:
        by_phrase.setdefault(m.institution, set()).add(m.name)
    unique = {phrase: next(iter(names)) for phrase, names in by_phrase.items() if len(names) == 1}
    first = {m.institution: m for m in reversed(owned)}
    at = {t.i for m in mentions + owned for t in m.span}
    found = []
    mentions = [  # tagged alone: "the Foreign Ministry" as ORG
        replace(m, name=unique[fold(m.name)], owner=first[fold(m.name)].owner, institution=fold(m.name))
        if m.owner is None and m.type in ORGANIZATION_TYPES and fold(m.name) in unique and all(m is not o for o in owned)
        else m for m in mentions]
    for token in doc:
        if token.i in at or token.lower_ not in INSTITUTION_HEADS or token.dep_ in MODIFIER_DEPS:
            continue
        phrase = _institution_phrase(token)
        if phrase is None:
            continue
        key = fold(phrase.text)
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
        modified = any(c.dep_ in {"amod", "compound", "poss", "nummod"} and c.i < phrase.start for c in token.children)
        if definite and not modified and key in unique and first[key].span.start < token.i:
            source = first[key]
            found.append(Mention(phrase, source.name, source.type, evidence=True, owner=source.owner, institution=key))
    return mentions, found
