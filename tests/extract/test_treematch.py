"""TreeMatcher finds what spaCy's DependencyMatcher finds, in the same order, from the anchor words."""
from __future__ import annotations

import pytest
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc

from kg.extract.relations import rule_set
from kg.extract.treematch import TreeMatcher
from tests.conftest import ARTICLES, SEEDS


def test_the_relation_rules_match_as_spacy_matches_them_on_the_dev_articles(nlp):
    rules = rule_set(nlp.vocab)
    reference = DependencyMatcher(nlp.vocab)
    for key, nodes in rules.patterns.items():
        reference.add(key, [nodes])
    texts = [p.read_text(encoding="utf-8") for p in [*sorted(SEEDS.glob("*.txt")), *sorted(ARTICLES.glob("*.txt"))]]
    compared = 0
    for doc in nlp.pipe(texts):
        expected = [(key, list(tokens)) for key, tokens in reference(doc)]
        assert rules.matcher(doc) == expected
        compared += len(expected)
    assert compared > 200  # the comparison saw real matches


def _parsed(nlp):
    #  "Rebels attacked the old town of Varda ." with a hand-given parse, in two trees
    words = ["Rebels", "attacked", "the", "town", "of", "Varda", ".", "Troops", "left", "."]
    heads = [1, 1, 3, 1, 3, 4, 1, 8, 8, 8]
    deps = ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "punct", "nsubj", "ROOT", "punct"]
    lemmas = ["rebel", "attack", "the", "town", "of", "Varda", ".", "troop", "leave", "."]
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, lemmas=lemmas,
               ents=["O", "O", "O", "O", "O", "B-GPE", "O", "O", "O", "O"])


@pytest.mark.parametrize("pattern", [
    [{"RIGHT_ID": "v", "RIGHT_ATTRS": {"LEMMA": {"IN": ["attack", "leave"]}}},
     {"LEFT_ID": "v", "REL_OP": ">", "RIGHT_ID": "s", "RIGHT_ATTRS": {"DEP": "nsubj"}}],
    [{"RIGHT_ID": "p", "RIGHT_ATTRS": {"ENT_TYPE": "GPE"}},
     {"LEFT_ID": "p", "REL_OP": "<<", "RIGHT_ID": "up", "RIGHT_ATTRS": {}}],
    [{"RIGHT_ID": "v", "RIGHT_ATTRS": {"DEP": "ROOT"}},
     {"LEFT_ID": "v", "REL_OP": ">>", "RIGHT_ID": "down", "RIGHT_ATTRS": {"DEP": {"NOT_IN": ["punct", "det"]}}}],
    [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": "."}},
     {"LEFT_ID": "a", "REL_OP": ".", "RIGHT_ID": "b", "RIGHT_ATTRS": {}}],  # never across trees
    [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": "troops"}},
     {"LEFT_ID": "a", "REL_OP": ";", "RIGHT_ID": "b", "RIGHT_ATTRS": {}}],
    [{"RIGHT_ID": "n", "RIGHT_ATTRS": {"DEP": "pobj"}},
     {"LEFT_ID": "n", "REL_OP": "<", "RIGHT_ID": "prep", "RIGHT_ATTRS": {"LOWER": "of"}},
     {"LEFT_ID": "prep", "REL_OP": "<", "RIGHT_ID": "noun", "RIGHT_ATTRS": {}}],
])
def test_each_operator_matches_as_in_spacy(nlp, pattern):
    doc = _parsed(nlp)
    reference, ours = DependencyMatcher(nlp.vocab), TreeMatcher(nlp.vocab)
    reference.add("P", [pattern])
    ours.add("P", [pattern])
    expected = [(key, list(tokens)) for key, tokens in reference(doc)]
    assert ours(doc) == expected


def test_what_it_cannot_match_is_refused(nlp):
    with pytest.raises(ValueError, match="REGEX"):
        TreeMatcher(nlp.vocab).add("P", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": {"REGEX": "^x"}}}]])
    with pytest.raises(ValueError, match=r"\$\+"):
        TreeMatcher(nlp.vocab).add("P", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {}},
                                          {"LEFT_ID": "a", "REL_OP": "$+", "RIGHT_ID": "b", "RIGHT_ATTRS": {}}]])
