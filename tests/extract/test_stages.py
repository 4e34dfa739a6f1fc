"""The extraction stages form a chain of values: each returns a new one, none edits its input."""
from __future__ import annotations

import dataclasses

import pytest

from kg.extract.descriptions import resolve_descriptions
from kg.extract.entities import find_mentions, group_entities
from kg.extract.metonymy import resolve_metonymy
from kg.extract.pipeline import STAGES
from kg.extract.pronouns import resolve_pronouns
from kg.extract.relations import match_patterns, read_statements

# An invented story with an acting capital, pronouns, a role description and named roles.
TEXT = ("Valdoria's President Marta Quell met Prime Minister Ivo Brandt of Norway in Oslo on Monday. "
        "Paris rejected the plan. The company Northwind Freight said it would move to Lyon. "
        "The Norwegian prime minister said he would visit Valdoria in May.")


@pytest.fixture(scope="module")
def parsed(nlp):
    """The document as the model leaves it, before any of kg's own stages."""
    with nlp.select_pipes(disable=list(STAGES)):
        return nlp(TEXT)


def snapshot(index):
    """Everything an index holds, as plain values to compare."""
    return {field.name: (dict(value) if hasattr(value, "items") else value)
            for field in dataclasses.fields(index) for value in [getattr(index, field.name)]}


def shallow(record):
    return tuple(getattr(record, field.name) for field in dataclasses.fields(record))


def test_mentions_and_indexes_are_frozen(parsed):
    mentions = find_mentions(parsed)
    with pytest.raises(dataclasses.FrozenInstanceError):
        mentions[0].type = "Place"
    index = group_entities(parsed, mentions)
    with pytest.raises(dataclasses.FrozenInstanceError):
        index.entities = {}
    with pytest.raises(TypeError):
        index.by_token[0] = "someone"
    with pytest.raises(AttributeError):
        index.resolved.add(0)


def test_each_stage_returns_a_new_index_and_leaves_its_input_alone(parsed):
    mentions = find_mentions(parsed)
    before = [shallow(m) for m in mentions]
    grouped = group_entities(parsed, mentions)
    assert [shallow(m) for m in mentions] == before
    chain = [grouped]
    for stage in (resolve_metonymy, lambda index: resolve_pronouns(parsed, index)):
        kept = snapshot(chain[-1])
        chain.append(stage(chain[-1]))
        assert snapshot(chain[-2]) == kept
        assert chain[-1] is not chain[-2]
    matches = match_patterns(parsed)
    named_roles = read_statements(parsed, matches, chain[-1])
    kept = snapshot(chain[-1])
    described = resolve_descriptions(parsed, chain[-1], named_roles)
    assert snapshot(chain[-1]) == kept
    # what each stage added
    assert any(e.name.startswith("government of") for e in chain[1].entities.values())  # "Paris rejected"
    assert chain[2].resolved > chain[1].resolved  # "he", "it"
    assert described.roles and described is not chain[-1]  # "the Norwegian prime minister"


def test_descriptions_return_the_same_index_when_nothing_is_described(nlp):
    with nlp.select_pipes(disable=list(STAGES)):
        doc = nlp("Ivo Brandt visited Oslo.")
    index = group_entities(doc, find_mentions(doc))
    assert resolve_descriptions(doc, index, []) is index


def test_the_pipeline_leaves_the_last_index_on_the_doc(nlp):
    doc = nlp(TEXT)
    index = doc._.kg_entities
    prime_minister = next(t for t in doc if t.lower_ == "minister" and t.i > 30)
    assert index.at(prime_minister) is not None and index.at(prime_minister).name == "Ivo Brandt"
    assert any(s.predicate == "leader_of" and s.subject.name == "Ivo Brandt" for s in doc._.kg_statements)
