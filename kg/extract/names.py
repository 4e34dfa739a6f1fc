"""Statements a name makes: where an institution or an organization belongs, what an organ is part of.

"the Chilean Foreign Ministry" is based in Chile, and so is "the Bank of
Norway" in Norway when the article names Norway: the name itself says so, so
these are text statements, read in the sentence that names the organization.
The predicates and confidences are data (``rules/inferences.json``:
"institutions", "organization_names").
"""
from __future__ import annotations

from ..rdf import ontology
from ..records import Entity, Statement
from .evidence import evidence_of
from .gazetteer import gazetteer
from .index import EntityIndex
from .inferences import inference_rules
from .mentions import ORGANIZATION_TYPES, Mention
from .words import GENERIC_FIRST_WORDS, ORGAN_NOUNS, TYPE_NOUNS


def statements_from_names(index: EntityIndex) -> list[Statement]:
    """The institutions' statements, the organization names', then the organs'; at most one per entity each."""
    return [*_institution_statements(index), *_organization_name_statements(index), *_organ_statements(index)]


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
    """ "the Bank of Norway", "the Chilean Copper Commission", "the University of Tartu": an organization
    whose own name holds a country, its demonym or a city is based in it, when the article names that
    place as well."""
    rule, found = inference_rules()["organization_names"], {}
    countries = index.countries()
    places = [e for e in index.entities.values() if e.type == "City" and e.name.lower() not in TYPE_NOUNS]  # not "Union"
    gaz = gazetteer()
    for mention in index.mentions:
        subject = index.entities[mention.key]
        if mention.key in found or subject.type not in ORGANIZATION_TYPES or len(mention.span) < 2:
            continue
        place = next((p for t in mention.span if t.text[:1].isupper()
                      and (p := gaz.demonym(t.text) or gaz.country(t.text, codes=False))), None)
        where = (countries.get(place.country) if place is not None else None) or _named_place(mention, places)
        if where is None or where.key == subject.key or not ontology.fits(rule["predicate"], subject.type, where.type):
            continue
        trigger = mention.span.root
        found[mention.key] = Statement(subject, rule["predicate"], where, evidence_of(trigger, trigger, None, index),
                                       rule=f"{rule['predicate']}/organization_name", confidence=rule["confidence"])
    return list(found.values())


def _named_place(mention: Mention, places: list[Entity]) -> Entity | None:
    """The city of the article whose name stands in an organization's name ("Lyon" of "Olympique
    Lyon", "University of Tartu" beside "Tartu")."""
    words = [t.lower_ for t in mention.span]
    for place in places:
        name = place.name.lower().split()
        if len(name) < len(words) and any(words[i:i + len(name)] == name for i in range(len(words) - len(name) + 1)):
            return place
    return None


def _organ_statements(index: EntityIndex) -> list[Statement]:
    """ "the Tarvian Union Commission", "the Tarvian Parliament" (beside "the Tarvian Union"), "the Assembly
    of the Tarvian Union": an organization's organ, named after it, is part of it when the article names
    the organization too."""
    rule, found = inference_rules()["organ_names"], {}
    wholes = [e for e in index.entities.values() if e.type in ORGANIZATION_TYPES]
    for mention in index.mentions:
        subject = index.entities[mention.key]
        root = mention.span.root
        if (mention.key in found or subject.type not in ORGANIZATION_TYPES or len(mention.span) < 2
                or root.lower_ not in ORGAN_NOUNS or not root.text[:1].isupper()):  # not "the Varlo news agency"
            continue
        words = [t.lower_ for t in mention.span if not t.is_punct]
        whole = next((e for e in wholes if e.key != subject.key and _organ_of(words, e)), None)
        if whole is None or not ontology.fits(rule["predicate"], subject.type, whole.type):
            continue
        found[mention.key] = Statement(subject, rule["predicate"], whole, evidence_of(root, root, None, index),
                                       rule=f"{rule['predicate']}/organ_name", confidence=rule["confidence"])
    return list(found.values())


def _organ_of(words: list[str], whole: Entity) -> bool:
    """Whether an organ's name (its words, lower case) names the organization it belongs to: it starts
    with the organization's name or an alias of it ("Tarvian Union Commission", "TU Commission"), ends
    with "of" it ("Assembly of the Tarvian Union"), or shares the distinctive first word of a generic
    organization's name ("Tarvian Parliament" beside "Tarvian Union"; not "National ..." beside "National
    ...", nor "Varlo Bank" beside "Varlo Telecom": the whole's name ends in a word like "union"). An alias
    counts when it is an acronym or has several words: a one-word alias may be a shortening."""
    names = [n.lower().split() for n in (whole.name, *(a for a in whole.aliases if " " in a or a.isupper()))]
    for name in names:
        if len(name) == 1 and (name[0] in ORGAN_NOUNS or name[0] in TYPE_NOUNS):
            continue  # "the Council": a short form of the organ's own name, not a whole
        if len(name) < len(words) and (words[:len(name)] == name or _ends_of(words, name)):
            return True
    first = whole.name.lower().split()
    return (len(first) > 1 and first[0] == words[0] and first[0] not in GENERIC_FIRST_WORDS
            and TYPE_NOUNS.get(first[-1]) == "Organization" and words[-1] != first[-1])


def _ends_of(words: list[str], name: list[str]) -> bool:
    """ "assembly of the tarvian union" ends with "of (the) tarvian union"."""
    rest = words[: len(words) - len(name)]
    return words[len(words) - len(name):] == name and bool(rest) and (
        rest[-1] == "of" or rest[-2:] == ["of", "the"])


def _named_institution(mention: Mention) -> bool:
    """Whether the model found the institution's own name ("the Chilean Foreign Ministry", "Germany's
    Federal Police"), rather than kg naming it after its place ("Chile's government" for "the government")."""
    return mention.span.label_ == "ORG"
