"""kg build on an archive: speed against bare nlp.pipe, two processes against one, memory on 10,000 documents.

Every ratio is measured side by side in this one run, on the same texts:

- end to end: ``kg build`` (reading a JSON Lines corpus, parsing, extraction,
  RDF, the store, one node per entity, the output files) in words per
  second, against bare ``nlp.pipe`` with the same model on the same texts,
  one process each. Target >= 0.80.
- ``--processes 2`` against one process, wall clock. Target >= 1.6x.
- peak memory (RSS) of ``kg build --store`` on 10,000 documents into an
  on-disk store, as it passes 5,000 and 10,000 documents. Target < 1.5 GB,
  growing less than 10% from 5,000 to 10,000.

The corpus is the DWIE news texts (read at run time from
``../shared/benchmarks/dwie``, never copied into the project; without them,
a line says so and the project's own articles are used alone) and
``tests/articles``, repeated to about 300,000 words; each copy ends with a
line of its own (``Copy N.``), so no two documents are the same text (kg
would build a repeated text once). On a shared machine wall-clock figures
move with the other load; CPU seconds (the process's own, all its threads)
are printed beside them, and each speed measure is the fastest of
``--repeat`` interleaved runs (the least disturbed by the other load).

    .venv/bin/python benchmarks/archive.py [--words 300000] [--repeat 2] [--documents 10000] [--only speed|memory]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DWIE = ROOT.parent / "shared" / "benchmarks" / "dwie"
SPEED_TARGET, PROCESSES_TARGET = 0.80, 1.6
MEMORY_LIMIT_MB, GROWTH_LIMIT = 1536, 0.10
MEMORY_WORDS_PER_DOCUMENT = 100


def texts() -> list[str]:
    own = sorted((ROOT / "tests" / "articles").glob("*.txt"))
    if DWIE.is_dir():
        found = sorted(DWIE.glob("*.txt"))
    else:
        print(f"DWIE texts not found at {DWIE}: using the project's own articles alone")
        found = []
    return [f.read_text(encoding="utf-8") for f in found + own]


def corpus(base: list[str], words: int, words_per_document: int | None = None, documents: int | None = None) -> list[str]:
    """Copies of the texts, each unique, until there are ``words`` words (or ``documents`` documents)."""
    out, total, copy = [], 0, 0
    while (documents is None and total < words) or (documents is not None and len(out) < documents):
        for text in base:
            if words_per_document:
                text = " ".join(text.split()[:words_per_document])
            text = f"{text.rstrip()}\n\nCopy {copy}.\n"
            out.append(text)
            total += len(text.split())
            if (documents is None and total >= words) or (documents is not None and len(out) >= documents):
                break
        copy += 1
    return out


def write_jsonl(path: Path, documents: list[str]) -> Path:
    with open(path, "w", encoding="utf-8") as stream:
        for number, text in enumerate(documents):
            stream.write(json.dumps({"id": f"doc-{number}", "text": text}) + "\n")
    return path


def timed(run) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def speed(words: int, work: Path, repeat: int) -> bool:
    from kg.build import build
    from kg.extract.pipeline import STAGES, load_pipeline
    from kg.sources.ingest import _other_stop_words

    documents = corpus(texts(), words)
    count = sum(len(d.split()) for d in documents)
    source = write_jsonl(work / "corpus.jsonl", documents)
    nlp = load_pipeline()
    nlp("Warm up the model and the gazetteer.")
    _other_stop_words()
    model = [name for name in nlp.pipe_names if name not in STAGES]

    def bare() -> None:
        with nlp.select_pipes(enable=model):
            for _ in nlp.pipe(documents):
                pass

    print(f"corpus: {len(documents):,} documents, {count:,} words (JSON Lines); best of {repeat} interleaved runs each")
    runs: dict[str, list[tuple[float, float]]] = {"bare": [], "one": [], "two": []}
    for r in range(repeat):  # interleaved, so a change in the machine's other load falls on all three alike
        runs["bare"].append(timed(bare))
        runs["one"].append(timed(lambda: build([source], work / f"out-1-{r}", store=work / f"store-1-{r}")))
        runs["two"].append(timed(lambda: build([source], work / f"out-2-{r}", store=work / f"store-2-{r}", processes=2)))
    (bare_wall, bare_cpu), (kg_wall, kg_cpu), (two_wall, _) = (min(runs[k]) for k in ("bare", "one", "two"))
    ratio, ratio_cpu, parallel = bare_wall / kg_wall, bare_cpu / kg_cpu, kg_wall / two_wall
    print(f"bare nlp.pipe (model only), 1 process   {count / bare_wall:8,.0f} words/s  "
          f"({bare_wall:6.1f} s wall, {count / bare_cpu:,.0f} words per CPU second)")
    print(f"kg build --store --out, 1 process       {count / kg_wall:8,.0f} words/s  "
          f"({kg_wall:6.1f} s wall, {count / kg_cpu:,.0f} words per CPU second)")
    print(f"kg build --processes 2                  {count / two_wall:8,.0f} words/s  ({two_wall:6.1f} s wall)")
    print(f"end to end / bare nlp.pipe    {ratio:5.2f} wall, {ratio_cpu:4.2f} CPU  (target >= {SPEED_TARGET}) "
          f"{'OK' if ratio >= SPEED_TARGET else 'UNDER TARGET'}")
    print(f"2 processes / 1 process       {parallel:5.2f}x wall  (target >= {PROCESSES_TARGET}x) "
          f"{'OK' if parallel >= PROCESSES_TARGET else 'UNDER TARGET'}")
    return ratio >= SPEED_TARGET and parallel >= PROCESSES_TARGET


def memory(documents: int, work: Path) -> bool:
    """kg build --store in a process of its own, reporting its peak RSS at half and at all documents."""
    source = write_jsonl(work / "memory.jsonl",
                         corpus(texts(), 0, words_per_document=MEMORY_WORDS_PER_DOCUMENT, documents=documents))
    child = subprocess.run([sys.executable, __file__, "--memory-child", str(source), str(work / "memory-store"),
                            str(documents)], capture_output=True, text=True, cwd=ROOT,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    if child.returncode != 0:
        print(child.stderr)
        return False
    half, full, seconds = (float(v) for v in child.stdout.split())
    growth = (full - half) / half
    print(f"memory: {documents:,} documents of about {MEMORY_WORDS_PER_DOCUMENT} words into an on-disk store "
          f"in {seconds:.0f} s")
    print(f"peak RSS at {documents // 2:,} documents {half:7.0f} MB, at {documents:,} {full:7.0f} MB  "
          f"(target < {MEMORY_LIMIT_MB} MB) {'OK' if full < MEMORY_LIMIT_MB else 'OVER TARGET'}")
    print(f"growth from {documents // 2:,} to {documents:,} documents {growth:6.1%}  (target < {GROWTH_LIMIT:.0%}) "
          f"{'OK' if growth < GROWTH_LIMIT else 'OVER TARGET'}")
    return full < MEMORY_LIMIT_MB and growth < GROWTH_LIMIT


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM (ru_maxrss would count the parent's memory at fork, on Linux)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _memory_child(source: str, store: str, documents: int) -> None:
    from kg.build import Progress, build

    class Sampler(Progress):
        done, peaks = 0, {}

        def advance(self, count: int = 1) -> None:
            self.done += count
            if self.done in (documents // 2, documents):
                self.peaks[self.done] = peak_rss_mb()

    sampler = Sampler()
    started = time.perf_counter()
    build([source], None, store=store, progress=sampler)
    sampler.peaks[documents] = peak_rss_mb()  # with the resolution and the summary after the last document
    print(sampler.peaks[documents // 2], sampler.peaks[documents], time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=2, help="interleaved runs of each speed measure; the fastest counts")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--only", choices=("speed", "memory"))
    parser.add_argument("--memory-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        _memory_child(args.memory_child[0], args.memory_child[1], int(args.memory_child[2]))
        return
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {sys.platform}")
    ok = True
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as folder:
        if args.only in (None, "speed"):
            ok &= speed(args.words, Path(folder), args.repeat)
        if args.only in (None, "memory"):
            ok &= memory(args.documents, Path(folder))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
