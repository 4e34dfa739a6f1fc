"""Background knowledge: what the gazetteer knows about the places an article names, and what
follows from two statements of the article.

"Protests in Lyon ... France's government" names a city and its country
without saying that one lies in the other; GeoNames says so. For each city
or region of the article whose GeoNames country the article also names, a
``located_in`` statement is added; and a statement whose object is such a
city or region (based in Lyon) holds for its country too (based in France).
These are background statements: they carry no evidence sentence, their
rule says where they come from, and ``follows_from`` names the gazetteer
entries or the statements they follow from, so a user can keep to
text-stated facts. Likewise, a member of a government, party or army based
in a country is its citizen: a background statement following from the two.
The predicates and confidences are data, in ``rules/inferences.json``
("background").
"""
from __future__ import annotations

from ..records import Entity, Statement
from .gazetteer import Place
from .index import EntityIndex
from .inferences import inference_rules

PLACES_INSIDE_COUNTRIES = {"City", "Region"}


def _settings() -> dict:
    return inference_rules()["background"]


def with_background(index: EntityIndex, statements: list[Statement]) -> list[Statement]:
    """The statements, and after them the background statements the text does not already make."""
    countries = index.countries()
    found = [*_gazetteer_places(index, countries), *_up_the_hierarchy(index, statements, countries)]
    found += _members_of_national_bodies(statements + found)
    stated = {(s.subject.key, s.predicate, s.object.key) for s in statements if s.polarity == "positive"}
    added: dict[tuple, Statement] = {}
    for statement in found:
        key = (statement.subject.key, statement.predicate, statement.object.key)
        if key not in stated and key not in added:
            added[key] = statement
    return statements + sorted(added.values(), key=lambda s: (s.predicate, s.subject.key, s.object.key, s.rule))


def _country_of(entity: Entity, index: EntityIndex, countries) -> tuple[Entity, Place, Place] | None:
    """(country entity, its place, the entity's place) when the entity is a city or region in a named country."""
    place = index.places.get(entity.key)
    if entity.type not in PLACES_INSIDE_COUNTRIES or place is None or place.country not in countries:
        return None
    country = countries[place.country]
    return (country, index.places[country.key], place) if country.key != entity.key else None


def _gazetteer_places(index: EntityIndex, countries) -> list[Statement]:
    settings = _settings()["gazetteer_places"]
    found = []
    for entity in sorted(index.entities.values(), key=lambda e: e.key):
        inside = _country_of(entity, index, countries)
        if inside is None:
            continue
        country, country_place, place = inside
        found.append(Statement(entity, settings["predicate"], country, None, rule=f"{settings['predicate']}/gazetteer",
                               confidence=settings["confidence"],
                               follows_from=tuple(p.iri for p in (place, country_place) if p.iri)
                               or (f"urn:iso:std:iso:3166:-2:{place.country}",)))
    return found


def _up_the_hierarchy(index: EntityIndex, statements: list[Statement], countries) -> list[Statement]:
    settings = _settings()["up_the_place_hierarchy"]
    found = []
    for statement in statements:
        if (statement.predicate not in settings["predicates"] or statement.polarity != "positive"
                or statement.modality != "fact" or statement.is_background):
            continue
        inside = _country_of(statement.object, index, countries)
        if inside is None or inside[0].key == statement.subject.key:
            continue
        country, _, place = inside
        found.append(Statement(statement.subject, statement.predicate, country, None,
                               rule=f"{statement.predicate}/up_the_place_hierarchy",
                               confidence=round(statement.confidence * settings["confidence"], 3),
                               follows_from=(statement, *((place.iri,) if place.iri else ()))))
    return found


def _members_of_national_bodies(statements: list[Statement]) -> list[Statement]:
    """ "Ana Ruiz, a lawmaker of the Broad Front" and "the Broad Front, based in Chile": Ana Ruiz is a
    citizen of Chile. The body's place may itself be background (based in Lyon, so in France)."""
    settings = _settings()["national_bodies"]
    facts = [s for s in statements if s.polarity == "positive" and s.modality == "fact"]
    countries: dict[str, list[Statement]] = {}
    for s in facts:
        if s.predicate == "based_in" and s.subject.type in settings["body_classes"] and s.object.type == "Country":
            countries.setdefault(s.subject.key, []).append(s)
    found = []
    for s in facts:
        if s.predicate not in settings["from"] or s.subject.type != "Person" or s.is_background:
            continue
        for based in countries.get(s.object.key, []):
            found.append(Statement(s.subject, settings["predicate"], based.object, None,
                                   rule=f"{settings['predicate']}/national_body",
                                   confidence=round(min(s.confidence, based.confidence) * settings["confidence"], 3),
                                   follows_from=(s, based)))
    return found
