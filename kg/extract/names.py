"""Statements a name makes: where an institution or an organization belongs.

"the Chilean Foreign Ministry" is based in Chile, and so is "the Bank of
Norway" in Norway when the article names Norway: the name itself says so, so
these are text statements, read in the sentence that names the organization.
The predicates and confidences are data (``rules/inferences.json``:
"institutions", "organization_names").
"""
from __future__ import annotations

from ..rdf import ontology
from ..records import Statement
from .evidence import evidence_of
from .gazetteer import gazetteer
from .index import EntityIndex
from .inferences import inference_rules
from .mentions import ORGANIZATION_TYPES, Mention


def statements_from_names(index: EntityIndex) -> list[Statement]:
    """The institutions' statements, then the organization names'; at most one per entity each."""
    return [*_institution_statements(index), *_organization_name_statements(index)]


def _institution_statements(index: EntityIndex) -> list[Statement]:
    """ "the Chilean Foreign Ministry", "Chile's Navy Command": a named institution is based in the place
    it belongs to.

    One statement per institution, read where a mention names it with its place. An institution
    known only by its place ("Chile's government", "the Chilean army") is the place's own organ,
    not an organization based there.
    """
    rule, found = inference_rules()["institutions"], {}
    for mention in index.mentions:
        owner = index.owners.get(mention.key)
        if mention.owner is None or owner is None or mention.key in found or not _named_institution(mention):
            continue
        subject, place = index.entities[mention.key], index.entities[owner]
        if not ontology.fits(rule["predicate"], subject.type, place.type):
            continue
        trigger = mention.span.root
        found[mention.key] = Statement(subject, rule["predicate"], place,
                                       evidence_of(trigger, trigger, mention.owner.span.root, index),
                                       rule=f"{rule['predicate']}/institution_of", confidence=rule["confidence"])
    return list(found.values())


def _organization_name_statements(index: EntityIndex) -> list[Statement]:
    """ "the Bank of Norway", "the Chilean Copper Commission": an organization whose own name holds a
    country or its demonym is based in it, when the article names that country as well."""
    rule, found = inference_rules()["organization_names"], {}
    countries = index.countries()
    gaz = gazetteer()
    for mention in index.mentions:
        subject = index.entities[mention.key]
        if mention.key in found or subject.type not in ORGANIZATION_TYPES or len(mention.span) < 2:
            continue
        place = next((p for t in mention.span if t.text[:1].isupper()
                      and (p := gaz.demonym(t.text) or gaz.country(t.text, codes=False))), None)
        country = countries.get(place.country) if place is not None else None
        if country is None or country.key == subject.key or not ontology.fits(rule["predicate"], subject.type, "Country"):
            continue
        trigger = mention.span.root
        found[mention.key] = Statement(subject, rule["predicate"], country, evidence_of(trigger, trigger, None, index),
                                       rule=f"{rule['predicate']}/organization_name", confidence=rule["confidence"])
    return list(found.values())


def _named_institution(mention: Mention) -> bool:
    """Whether the model found the institution's own name ("the Chilean Foreign Ministry", "Germany's
    Federal Police"), rather than kg naming it after its place ("Chile's government" for "the government")."""
    return mention.span.label_ == "ORG"
