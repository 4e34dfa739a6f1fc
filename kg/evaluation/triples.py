"""Evaluate: score a graph's relation triples against reference triples.

The reference format and the matching rules are those of the project's
shared scorer: TSV lines ``level subject predicate object`` with '|' between
alternatives; 'req' lines count toward recall, 'ok' lines are never false
positives, 'neg' lines are traps. Names match after folding case, accents,
punctuation and a leading "the/mr/mrs/ms/dr"; symmetric predicates match in
either direction; a node whose names hit two reference entities counts only
under its rdfs:label.

``score_graph`` can count only some predicates (a corpus's MANIFEST.tsv says
which its annotation covers): predicted triples with other predicates are
neither right nor wrong, and 'req' lines with none of them are not required.
It also splits the counts by predicate: precision by the predicted triple's
predicate, recall by the 'req' line's first (scored) predicate alternative,
as the shared ``score_corpus.py`` does.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import RDFS, SKOS, BNode, Graph, URIRef

from .. import errors
from ..rdf.ontology import relation_names, symmetric_names
from .scores import Counts

_LEADING = re.compile(r"^(the|mr|mrs|ms|dr)\.?\s+")


@dataclass(frozen=True)
class GoldLine:
    level: str  # req | ok | neg
    subjects: frozenset[str]
    predicate_order: tuple[str, ...]  # the predicate alternatives as written
    objects: frozenset[str]
    canonical: tuple[str, str]  # the first subject and object alternatives
    text: str

    @cached_property
    def predicates(self) -> frozenset[str]:
        return frozenset(self.predicate_order)

    def primary(self, scored: Collection[str] | None = None) -> str:
        """The predicate the line counts under in per-predicate recall: its first (scored) alternative."""
        return next((p for p in self.predicate_order if scored is None or p in scored), self.predicate_order[0])


@dataclass
class Score:
    predicted: int = 0
    required: int = 0
    required_found: int = 0
    true_positives: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    neg_hits: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    by_predicate: dict[str, Counts] = field(default_factory=dict)

    @property
    def counts(self) -> Counts:
        return Counts(len(self.true_positives), self.predicted, self.required, self.required_found)

    @property
    def precision(self) -> float:
        return self.counts.precision

    @property
    def recall(self) -> float:
        return self.counts.recall

    @property
    def f1(self) -> float:
        return self.counts.f1

    def summary(self) -> str:
        return (f"precision {self.precision:.3f}  recall {self.recall:.3f}  f1 {self.f1:.3f}  "
                f"(predicted {self.predicted}, required {self.required_found}/{self.required}, "
                f"neg {len(self.neg_hits)})")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _LEADING.sub("", text.replace("\u2019", "'").replace("_", " ").lower().strip())
    return " ".join(re.findall(r"[a-z0-9']+", text))


def read_gold(path: str | Path) -> list[GoldLine]:
    path = Path(path)
    if not path.is_file():
        raise errors.gold_missing(path)
    lines = []
    for number, raw in enumerate(read_text(path).splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) < 4 or cells[0] not in {"req", "ok", "neg"}:
            raise errors.gold_malformed(path, number)
        level, s, p, o = cells[:4]
        subjects, predicates, objects = s.split("|"), p.split("|"), o.split("|")
        lines.append(GoldLine(level, frozenset(map(norm, subjects)), tuple(predicates), frozenset(map(norm, objects)),
                              (norm(subjects[0]), norm(objects[0])), raw.strip()))
    return lines


def read_text(path: Path) -> str:
    """A reference file's text (a manifest's too): one error line when it is not UTF-8 or cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise errors.gold_unreadable(path, getattr(error, "strerror", None) or str(error)) from error


def score_graph(graph: Graph, gold: list[GoldLine], predicates: Collection[str] | None = None) -> Score:
    """Score the graph's relation triples against the reference lines; with ``predicates``, only those count."""
    vocabulary, symmetric = relation_names(), symmetric_names()
    if predicates is not None:
        vocabulary = vocabulary & frozenset(predicates)
    canonical = {c for line in gold for c in line.canonical}
    canon_of: dict[str, set[str]] = defaultdict(set)
    for line in gold:
        for names, first in ((line.subjects, line.canonical[0]), (line.objects, line.canonical[1])):
            for name in names:
                canon_of[name].add(first)
    predicted = {(s, _local(p), o) for s, p, o in graph
                 if _local(p) in vocabulary and isinstance(o, (URIRef, BNode))}
    names = {node: _names(graph, node, canon_of, canonical) for t in predicted for node in (t[0], t[2])}

    def matches(line: GoldLine, s, p, o) -> bool:
        if p not in line.predicates:
            return False
        forward = names[s] & line.subjects and names[o] & line.objects
        return bool(forward or (p in symmetric and names[o] & line.subjects and names[s] & line.objects))

    result = Score(predicted=len(predicted))
    found: set[int] = set()
    predicted_by, correct_by, gold_by, found_by = Counter(), Counter(), Counter(), Counter()
    for s, p, o in sorted(predicted, key=str):
        shown = f"[{_label(graph, s)}] {p} [{_label(graph, o)}]"
        hits = [i for i, line in enumerate(gold) if line.level != "neg" and matches(line, s, p, o)]
        predicted_by[p] += 1
        if hits:
            correct_by[p] += 1
            result.true_positives.append(shown)
            found.update(i for i in hits if gold[i].level == "req")
        else:
            result.false_positives.append(shown)
            if any(line.level == "neg" and matches(line, s, p, o) for line in gold):
                result.neg_hits.append(shown)
    required = [i for i, line in enumerate(gold)
                if line.level == "req" and (predicates is None or line.predicates & vocabulary)]
    result.required, result.required_found = len(required), len(found)
    result.missed = [gold[i].text for i in required if i not in found]
    for i in required:
        primary = gold[i].primary(None if predicates is None else vocabulary)
        gold_by[primary] += 1
        found_by[primary] += i in found
    result.by_predicate = {p: Counts(correct_by[p], predicted_by[p], gold_by[p], found_by[p])
                           for p in sorted(predicted_by.keys() | gold_by.keys())}
    return result


def _local(term) -> str:
    return re.split(r"[#/]", str(term).rstrip("/#"))[-1]


def _label(graph: Graph, node) -> str:
    return str(graph.value(node, RDFS.label) or graph.value(node, SKOS.prefLabel) or _local(node))


def _names(graph: Graph, node, canon_of, canonical) -> set[str]:
    strict = {norm(v) for p in (RDFS.label, SKOS.prefLabel) for v in graph.objects(node, p)}
    loose = strict | {norm(v) for v in graph.objects(node, SKOS.altLabel)}
    if not loose and isinstance(node, URIRef):
        strict = loose = {norm(_local(node))}
    hit = {c for n in loose for c in canon_of.get(n, ())} & canonical
    distinct = {c for c in hit if not any(c in canon_of[x] for x in hit - {c})}
    return strict if len(distinct) > 1 else loose
