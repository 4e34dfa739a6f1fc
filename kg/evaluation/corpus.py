"""Score kg on a folder of reference articles (``kg eval --corpus DIR``).

DIR holds ``<id>.txt`` articles, each with its reference triples in
``<id>.tsv`` or ``<id>.gold.tsv`` (the format ``triples.read_gold`` reads).
Each article is built alone, into a graph of its own (the spaCy pipeline is
loaded once), and scored with ``triples.score_graph``. When DIR has a
``MANIFEST.tsv`` whose line ``# scored predicates: p1 p2 ...`` names the
predicates its annotation covers, only those count: predicted triples with
other predicates are neither right nor wrong, and reference rows with none of
them are not required. Without it, every predicate of the core vocabulary
counts.

The report follows the team's ``shared/eval/score_corpus.py``, and gives the
same figures on the same graphs: micro P/R/F1 over all triples; a
per-predicate table (precision by the predicted predicate, recall by the
reference row's first predicate); macro averages over the predicates with
reference rows and over the documents with reference rows.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .. import errors
from ..rdf.ontology import relation_names
from .scores import Counts, Macro, total
from .triples import GoldLine, Score, read_gold, read_text, score_graph

MANIFEST = "MANIFEST.tsv"
SCORED_LINE = "# scored predicates:"
REFERENCE_SUFFIXES = (".gold.tsv", ".tsv")  # <id>.gold.tsv before <id>.tsv, so the id has no ".gold"
FORMATS = ("table", "json")


@dataclass(frozen=True)
class Article:
    id: str
    text: Path
    reference: Path


@dataclass(frozen=True)
class CorpusReport:
    folder: str
    scored: tuple[str, ...] | None  # the predicates the manifest lets count; None: all of them
    documents: dict[str, Score]  # by article id, in id order
    seconds: float = 0.0

    @property
    def micro(self) -> Counts:
        return total(score.counts for score in self.documents.values())

    @cached_property
    def by_predicate(self) -> dict[str, Counts]:
        """Counts per predicate, most reference rows first (then by name)."""
        sums: dict[str, Counts] = {}
        for score in self.documents.values():
            for predicate, counts in score.by_predicate.items():
                sums[predicate] = sums.get(predicate, Counts(found=0)) + counts
        return dict(sorted(sums.items(), key=lambda item: (-item[1].gold, item[0])))

    @property
    def macro_predicates(self) -> Macro:
        """The average over the predicates with reference rows to find."""
        return Macro.of(c for c in self.by_predicate.values() if c.gold)

    @property
    def macro_documents(self) -> Macro:
        """The average over the documents with reference rows to find."""
        return Macro.of(s.counts for s in self.documents.values() if s.required)


def find_articles(folder: str | Path) -> list[Article]:
    """The folder's articles with their reference files, by id; every .txt needs one and the reverse."""
    folder = Path(folder)
    if not folder.is_dir():
        raise errors.corpus_missing(folder)
    texts = {p.name[: -len(".txt")]: p for p in folder.glob("*.txt") if p.is_file()}
    references: dict[str, Path] = {}
    for path in sorted(p for p in folder.glob("*.tsv") if p.is_file() and p.name != MANIFEST):
        suffix = next(s for s in REFERENCE_SUFFIXES if path.name.endswith(s))
        doc_id = path.name[: -len(suffix)]
        if doc_id in references:
            raise errors.corpus_two_references(references[doc_id], path)
        references[doc_id] = path
    for doc_id, path in sorted(texts.items()):
        if doc_id not in references:
            raise errors.corpus_unpaired(path, f"{doc_id}.tsv or {doc_id}.gold.tsv (its reference triples)")
    for doc_id, path in references.items():
        if doc_id not in texts:
            raise errors.corpus_unpaired(path, f"{doc_id}.txt (the article)")
    if not texts:
        raise errors.corpus_empty(folder)
    return [Article(doc_id, texts[doc_id], references[doc_id]) for doc_id in sorted(texts)]


def scored_predicates(folder: str | Path) -> tuple[str, ...] | None:
    """The predicates MANIFEST.tsv's '# scored predicates:' line names; None without such a line."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return None
    known = relation_names()
    for line in read_text(path).splitlines():
        if line.startswith(SCORED_LINE):
            names = line[len(SCORED_LINE):].split()
            unknown = [n for n in names if n not in known]
            if not names:
                raise errors.manifest_predicates(path, "names no predicate", known)
            if unknown:
                raise errors.manifest_predicates(path, f"names {', '.join(unknown)}, not in kg's vocabulary", known)
            return tuple(sorted(set(names)))
    return None


def evaluate_corpus(folder: str | Path, limit: int | None = None) -> CorpusReport:
    """Build each article of the folder alone and score it (``limit``: only the first N, by id).

    Every article and reference file is read and checked before the first one
    is parsed, so a bad line stops the run at once.
    """
    from ..build import graph_of
    from ..sources.ingest import read_inputs

    started = time.perf_counter()
    articles = find_articles(folder)[:limit]
    scored = scored_predicates(folder)
    references: dict[str, list[GoldLine]] = {a.id: read_gold(a.reference) for a in articles}
    documents = read_inputs([a.text for a in articles])
    scores = {article.id: score_graph(graph_of([document]), references[article.id], scored)
              for article, document in zip(articles, documents)}
    return CorpusReport(str(folder), scored, scores, round(time.perf_counter() - started, 2))


# ----------------------------------------------------------------- printing

def _prf(precision: float, recall: float, f1: float) -> str:
    return f"P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}"


def format_report(report: CorpusReport, show: bool = False) -> str:
    """The per-predicate table, then micro and macro figures; with ``show``, each document's hits and misses first."""
    lines = []
    if show:
        for doc_id, score in report.documents.items():
            lines.append(f"== {doc_id}: {score.summary()}")
            for tag, items in (("tp", score.true_positives), ("fp", score.false_positives),
                               ("missed", score.missed), ("neg", score.neg_hits)):
                lines.extend(f"{tag:8} {item}" for item in items)
        lines.append("")
    micro = report.micro
    scored = " ".join(report.scored) if report.scored is not None else "all"
    lines += [
        f"{report.folder}: {len(report.documents)} documents, {micro.gold} required reference triples, "
        f"{report.seconds:.1f} s; scored predicates: {scored}",
        f"{'predicate':18} {'gold':>5} {'found':>5} {'pred':>5} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for predicate, c in report.by_predicate.items():
        recall, f1 = (f"{c.recall:6.3f}", f"{c.f1:6.3f}") if c.gold else ("     -", "     -")
        lines.append(f"{predicate:18} {c.gold:5d} {c.hits:5d} {c.predicted:5d} {c.tp:5d} {c.precision:6.3f} {recall} {f1}")
    predicates, documents = report.macro_predicates, report.macro_documents
    lines += [
        f"micro                  {_prf(micro.precision, micro.recall, micro.f1)}  "
        f"(tp {micro.tp} of {micro.predicted} predicted; found {micro.hits} of {micro.gold})",
        f"macro over predicates  {_prf(predicates.precision, predicates.recall, predicates.f1)}  "
        f"({predicates.groups} predicates with reference rows)",
        f"macro over documents   {_prf(documents.precision, documents.recall, documents.f1)}  "
        f"({documents.groups} documents with reference rows)",
    ]
    return "\n".join(lines)


def _figures(c: Counts) -> dict:
    return {"p": c.precision, "r": c.recall, "f1": c.f1, "tp": c.tp, "predicted": c.predicted,
            "found": c.hits, "gold": c.gold}


def _macro(m: Macro) -> dict:
    return {"p": m.precision, "r": m.recall, "f1": m.f1, "groups": m.groups}


def report_json(report: CorpusReport) -> str:
    """The report as JSON (the keys of score_corpus.py's --json, plus the scored predicates and the time)."""
    return json.dumps({
        "folder": report.folder,
        "scored_predicates": list(report.scored) if report.scored is not None else None,
        "seconds": report.seconds,
        "micro": _figures(report.micro),
        "macro_predicates": _macro(report.macro_predicates),
        "macro_documents": _macro(report.macro_documents),
        "per_predicate": {p: _figures(c) for p, c in report.by_predicate.items()},
        "documents": {doc_id: {**_figures(score.counts), "tp_triples": score.true_positives,
                               "fp_triples": score.false_positives, "missed": score.missed,
                               "neg_hits": score.neg_hits}
                      for doc_id, score in report.documents.items()},
    }, indent=1, ensure_ascii=False)


def render(report: CorpusReport, fmt: str = "table", show: bool = False) -> str:
    if fmt not in FORMATS:
        raise errors.unknown_format("--format", fmt, FORMATS)
    return report_json(report) if fmt == "json" else format_report(report, show)
