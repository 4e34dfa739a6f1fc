"""The ontology read for the class hierarchies extraction relies on (no copies in code)."""
from __future__ import annotations

from kg.rdf import ontology


def test_subclasses_follow_the_hierarchy():
    organizations = ontology.subclasses("Organization")
    assert {"Organization", "Company", "Government", "ArmedForce", "PoliticalParty", "Media"} <= organizations
    assert "Person" not in organizations and "Country" not in organizations
    assert ontology.subclasses("Place") >= {"Place", "Country", "City", "Region"}
    assert "Country" in ontology.subclasses("Actor")  # a state acts


def test_every_subclass_has_its_superclass():
    for name in ontology.subclasses("Actor") | ontology.subclasses("Place"):
        assert name in ontology.subclasses(name)
        assert all(name in ontology.subclasses(parent) for parent in ontology.superclasses(name))


def test_which_places_lie_within_which():
    assert ontology.lies_within("City") == {"Region", "Country"}
    assert ontology.lies_within("Region") == {"Country"}
    assert ontology.lies_within("Country") == frozenset()  # a country lies in no city, region or country
    assert "City" in ontology.lies_within("Place")
