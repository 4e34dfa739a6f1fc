"""Precision, recall and F1 from counts: the one class both scorers use.

``correct`` predictions over ``predicted`` is the precision; ``found``
reference items over ``gold`` is the recall. With one-to-one matching (as on
CoNLL04) the two numerators are the same and ``found`` may be left out; with
reference triples a prediction may match an 'ok' line (correct, but nothing
to find), so they differ.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Counts:
    tp: int = 0  # correct predictions
    predicted: int = 0
    gold: int = 0  # reference items to find
    found: int | None = None  # reference items found; None: the same as tp

    @property
    def hits(self) -> int:
        """Reference items found."""
        return self.tp if self.found is None else self.found

    def __add__(self, other: Counts) -> Counts:
        found = None if self.found is None and other.found is None else self.hits + other.hits
        return Counts(self.tp + other.tp, self.predicted + other.predicted, self.gold + other.gold, found)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def total(counts: Iterable[Counts]) -> Counts:
    """The sum of some counts (micro-averaging adds the counts, then divides)."""
    result = Counts()
    for c in counts:
        result = result + c
    return result


@dataclass(frozen=True)
class Macro:
    """Precision, recall and F1 averaged over some groups (predicates, documents), each weighing the same."""

    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    groups: int = 0

    @classmethod
    def of(cls, counts: Iterable[Counts]) -> Macro:
        counts = list(counts)
        if not counts:
            return cls()
        n = len(counts)
        return cls(sum(c.precision for c in counts) / n, sum(c.recall for c in counts) / n,
                   sum(c.f1 for c in counts) / n, n)
