"""Extraction cost against spaCy's own parsing cost, measured in one run.

Target (issue 3): kg's stages after parsing (entities, metonymy, pronouns,
patterns, descriptions, relations and qualifiers) cost at most a quarter of
the time spaCy's model takes to parse the same text. Both are timed here on the same documents in
the same process, so the ratio does not depend on the machine.

    .venv/bin/python benchmarks/extraction_speed.py [--repeat 10]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.extract.pipeline import STAGES, load_pipeline

ROOT = Path(__file__).resolve().parent.parent
KG_STAGES = STAGES  # kg's own stages, after the model's
TARGET_RATIO = 0.25


def corpus() -> list[str]:
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "articles").glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def measure(texts: list[str], repeat: int) -> tuple[float, float]:
    nlp = load_pipeline()
    model_stages = [name for name in nlp.pipe_names if name not in KG_STAGES]
    kg_stages = [(name, nlp.get_pipe(name)) for name in KG_STAGES]
    parse = extract = 0.0
    for _ in range(repeat):
        started = time.process_time()
        with nlp.select_pipes(enable=model_stages):
            docs = list(nlp.pipe(texts))
        parse += time.process_time() - started
        started = time.process_time()
        for doc in docs:
            for _, stage in kg_stages:
                doc = stage(doc)
        extract += time.process_time() - started
    return parse, extract


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    texts = corpus()
    load_pipeline()("Warm up the model and the gazetteer.")
    parse, extract = measure(texts, args.repeat)
    words = sum(len(t.split()) for t in texts) * args.repeat
    ratio = extract / parse
    print(f"{len(texts)} documents x {args.repeat}, {words:,} words")
    print(f"spaCy parsing   {parse:7.2f} s  ({words / parse:,.0f} words/s)")
    print(f"kg extraction   {extract:7.2f} s  ({words / extract:,.0f} words/s)")
    print(f"ratio           {ratio:7.3f}  (target <= {TARGET_RATIO}) {'OK' if ratio <= TARGET_RATIO else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
