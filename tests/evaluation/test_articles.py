"""Held-out articles of our own (tests/articles): extraction quality beyond the seed.

Each ``<slug>.txt`` has reference triples in ``<slug>.tsv``. The macro F1
floor is issue 3's target (measured 0.750 when it was set; see
benchmarks/articles.py), and no trap ('neg' line) may be asserted.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import graph_of
from kg.evaluation.triples import read_gold, score_graph
from kg.sources.ingest import read_inputs
from tests.conftest import ARTICLES

CASES = sorted(p.with_suffix("") for p in ARTICLES.glob("*.tsv"))
MACRO_F1_FLOOR = 0.70  # the target of issue 3
NEG_HITS_ALLOWED = 0


@pytest.fixture(scope="module")
def scores():
    assert len(CASES) >= 8, "tests/articles should hold at least 8 articles with reference triples"
    return {case.name: score_graph(graph_of(read_inputs([Path(f"{case}.txt")])), read_gold(f"{case}.tsv"))
            for case in CASES}


def test_macro_f1_floor(scores):
    macro = sum(s.f1 for s in scores.values()) / len(scores)
    report = "\n".join(f"{name}: {s.summary()}" for name, s in scores.items())
    assert macro >= MACRO_F1_FLOOR, f"macro F1 {macro:.3f}\n{report}"


def test_traps_are_avoided(scores):
    hits = [(name, hit) for name, s in scores.items() for hit in s.neg_hits]
    assert len(hits) <= NEG_HITS_ALLOWED, hits


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_article_yields_correct_triples(scores, case):
    assert scores[case.name].true_positives, f"{case.name}: no correct triple"
