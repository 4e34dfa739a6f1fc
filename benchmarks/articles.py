"""Triple quality on the project's own dev articles (tests/articles; rules were tuned on them).

Each ``<slug>.txt`` is scored against its ``<slug>.tsv`` reference triples
with kg's scorer (the rules of shared/eval/score.py); prints one line per
article and the macro F1 (issue 3's target: at least 0.70).

    .venv/bin/python benchmarks/articles.py [--show]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from kg.build import graph_of
from kg.evaluation.triples import read_gold, score_graph
from kg.sources.ingest import read_inputs

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "articles"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list false positives, misses and trap hits")
    args = parser.parse_args()
    scores = []
    for gold in sorted(ARTICLES.glob("*.tsv")):
        score = score_graph(graph_of(read_inputs([gold.with_suffix(".txt")])), read_gold(gold))
        scores.append(score.f1)
        print(f"{gold.stem:32} {score.summary()}")
        if args.show:
            for tag, items in (("fp", score.false_positives), ("missed", score.missed), ("neg", score.neg_hits)):
                for item in items:
                    print(f"    {tag:7} {item}")
    print(f"macro F1 {sum(scores) / len(scores):.3f} over {len(scores)} articles")


if __name__ == "__main__":
    main()
