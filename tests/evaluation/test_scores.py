"""The one precision/recall/F1 class both scorers use."""
from __future__ import annotations

from kg.evaluation import conll04, triples
from kg.evaluation.scores import Counts, Macro, total


def test_one_to_one_counts():
    c = Counts(tp=3, predicted=4, gold=6)
    assert (c.precision, c.recall) == (0.75, 0.5) and abs(c.f1 - 0.6) < 1e-9
    assert Counts().f1 == Counts(0, 3, 0).precision == Counts(0, 0, 3).recall == 0.0


def test_found_differs_from_correct_predictions():
    # 4 predictions right (some matching 'ok' lines), 2 of 5 required triples found
    c = Counts(tp=4, predicted=5, gold=5, found=2)
    assert (c.precision, c.recall) == (0.8, 0.4)
    assert (c + Counts(1, 1, 1)).hits == 3 and (Counts(1, 1, 1) + Counts(1, 2, 1)).found is None


def test_both_scorers_use_it():
    assert conll04.Counts is Counts
    score = triples.Score(predicted=4, required=3, required_found=2, true_positives=["a", "b", "c"])
    assert score.counts == Counts(3, 4, 3, 2)
    assert (score.precision, score.recall, score.f1) == (score.counts.precision, score.counts.recall, score.counts.f1)
    assert score.summary().startswith("precision 0.750  recall 0.667  f1 0.706")


def test_totals_and_macro_averages():
    a, b = Counts(tp=2, predicted=4, gold=2, found=1), Counts(tp=1, predicted=1, gold=4, found=2)
    assert total([a, b]) == Counts(3, 5, 6, 3) and total([]) == Counts()
    macro = Macro.of([a, b])
    assert macro.groups == 2 and (macro.precision, macro.recall) == (0.75, 0.5)
    assert abs(macro.f1 - (a.f1 + b.f1) / 2) < 1e-12
    assert Macro.of([]) == Macro()
