"""Implications: statements that follow from other statements of the same document.

"Chilean Foreign Minister Ana Ruiz" states that she is a member of Chile's
government, and so a Chilean citizen. Each implication in
``rules/inferences.json`` reads a positive, factual statement and adds the
statement it implies between the same two entities, with the same evidence
sentence (the words that say it), a rule of its own (``citizen_of/role_in_country``)
and a lower confidence. A statement the text already makes is not added again.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from ..rdf.ontology import superclasses
from ..records import Statement
from .lexicon import load_json


@dataclass(frozen=True)
class Implication:
    id: str
    sources: frozenset[str]  # the predicates it reads
    subject_class: str
    object_class: str
    implies: str
    confidence: float

    def applies_to(self, statement: Statement) -> bool:
        return (statement.predicate in self.sources and statement.polarity == "positive"
                and statement.modality == "fact"
                and self.subject_class in superclasses(statement.subject.type)
                and self.object_class in superclasses(statement.object.type))


@lru_cache(maxsize=1)
def inference_rules() -> dict:
    """``rules/inferences.json``: implications, institutions, organization names, background knowledge."""
    return load_json("inferences.json")


@lru_cache(maxsize=1)
def implications() -> tuple[Implication, ...]:
    return tuple(Implication(rule["id"], frozenset(rule["from"]), rule["subject_class"], rule["object_class"],
                             rule["implies"], float(rule["confidence"]))
                 for rule in inference_rules()["implications"])


def with_implied(statements: list[Statement]) -> list[Statement]:
    """The statements, and after them those they imply that the text does not already state."""
    stated = {_identity(s) for s in statements}
    implied: dict[tuple, Statement] = {}
    for statement in statements:
        for implication in implications():
            if not implication.applies_to(statement):
                continue
            new = replace(statement, predicate=implication.implies, rule=f"{implication.implies}/{implication.id}",
                          confidence=round(statement.confidence * implication.confidence, 3))
            key = _identity(new)
            if key not in stated and (key not in implied or implied[key].confidence < new.confidence):
                implied[key] = new
    return statements + sorted(implied.values(), key=lambda s: (s.evidence.span_start, s.predicate, s.subject.key,
                                                                s.object.key))


def _identity(statement: Statement) -> tuple:
    return statement.subject.key, statement.predicate, statement.object.key, statement.evidence.sentence_start
