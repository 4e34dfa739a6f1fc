"""Pronouns without a model: "he", "its", "the company", by rules over the parse.

Pronouns take the most recent compatible entity in their sentence, else the
most salient one in the sentences just before; a definite type noun ("the
company", "the group") takes the entity named like it, else the most recent
one of its kind. What cannot be resolved this way stays unresolved.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from spacy.tokens import Doc, Token

from ..rdf.ontology import subclasses, superclasses
from ..records import Entity
from .index import EntityIndex
from .lexicon import LEXICON
from .words import TYPE_NOUNS

PRONOUN_LOOKBACK_SENTENCES = 3
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
PERSON_PRONOUNS = set(LEXICON["person_pronouns"])
THING_PRONOUNS = set(LEXICON["thing_pronouns"])
ACTOR_TYPES_FOR_IT = subclasses("Actor") - subclasses("Person")  # "it" is a country or an organization


def resolve_pronouns(doc: Doc, index: EntityIndex) -> EntityIndex:
    """A new index in which pronouns and definite type nouns ("the company", "the group") refer.

    A pronoun resolved earlier in the document can be the antecedent of a later one.
    """
    by_token = dict(index.by_token)
    resolved = set(index.resolved)
    for token in doc:
        if token.i in by_token:
            continue
        key = _referent(token, index, by_token)
        if key:
            by_token[token.i] = key
            resolved.add(token.i)
    return replace(index, by_token=by_token, resolved=resolved)


def _referent(token: Token, index: EntityIndex, by_token: Mapping[int, str]) -> str | None:
    if token.pos_ == "PRON" and token.lower_ in PERSON_PRONOUNS:
        return _antecedent(token, index, by_token, lambda e: e.type == "Person")
    if token.pos_ == "PRON" and token.lower_ in THING_PRONOUNS:
        return _antecedent(token, index, by_token, lambda e: e.type in ACTOR_TYPES_FOR_IT)
    if _is_definite_type_noun(token):
        kind = TYPE_NOUNS[token.lemma_.lower()]
        return _named_like(token, index, by_token) or _antecedent(
            token, index, by_token, lambda e: kind in superclasses(e.type) or e.type in superclasses(kind))
    return None


def _is_definite_type_noun(token: Token) -> bool:
    """ "the company", "the group": a bare definite noun naming a kind of entity."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in TYPE_NOUNS or token.dep_ in {"compound", "appos"}:
        return False
    children = list(token.children)
    return any(c.dep_ == "det" and c.lower_ == "the" for c in children) and not any(
        c.dep_ in {"compound", "prep", "appos", "relcl", "acl", "nummod"} or (c.dep_ == "amod" and c.ent_type_)
        for c in children if not c.is_punct
    )  # "the electoral body" is the body met before; "the Dutch company" may be another one


def _named_like(noun: Token, index: EntityIndex, by_token: Mapping[int, str]) -> str | None:
    """ "the federation" -> the latest entity before it whose name ends in that noun."""
    for token in reversed(noun.doc[: noun.i]):
        key = by_token.get(token.i)
        if key and index.entities[key].name.lower().split()[-1].rstrip("s") == noun.lemma_.lower().rstrip("s"):
            return key
    return None


def _antecedent(pronoun: Token, index: EntityIndex, by_token: Mapping[int, str],
                fits: Callable[[Entity], bool]) -> str | None:
    """Most recent fitting entity earlier in the sentence, else the most salient before it.

    In earlier sentences a subject outranks other mentions (centering), and
    an earlier mention outranks a later one.
    """
    sentence = index.sentence(pronoun)
    for token in reversed(sentence[: pronoun.i - sentence.start]):
        key = by_token.get(token.i)
        if key and fits(index.entities[key]) and not _same_clause_object(token, pronoun):
            return key
    starts = index.sentence_starts
    position = starts.index(sentence.start)
    for back in range(1, min(PRONOUN_LOOKBACK_SENTENCES, position) + 1):
        previous = pronoun.doc[starts[position - back]: starts[position - back + 1]]
        candidates = [t for t in previous if t.i in by_token and fits(index.entities[by_token[t.i]])]
        if candidates:
            best = min(candidates, key=lambda t: (not _in_subject(t), t.i))
            return by_token[best.i]
    return None


def _in_subject(token: Token) -> bool:
    """The subject, or a name set beside it ("Her lawyer Ana Ruiz said": Ana Ruiz, not "her")."""
    return token.dep_ in SUBJECT_DEPS or (token.dep_ in {"appos", "compound"} and token.head.dep_ in SUBJECT_DEPS)


def _same_clause_object(candidate: Token, pronoun: Token) -> bool:
    """A non-reflexive pronoun does not refer to a co-argument of its own verb ("X met him")."""
    return candidate.head == pronoun.head and candidate.dep_ in {"dobj", "pobj"} and pronoun.dep_ in {"dobj", "pobj"}
