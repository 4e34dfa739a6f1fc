"""Evaluate: score a graph's relation triples against reference triples.

The reference format and the matching rules are those of the project's
shared scorer: TSV lines ``level subject predicate object`` with '|' between
alternatives; 'req' lines count toward recall, 'ok' lines are never false
positives, 'neg' lines are traps. Names match after folding case, accents,
punctuation and a leading "the/mr/mrs/ms/dr"; symmetric predicates match in
either direction; a node whose names hit two reference entities counts only
under its rdfs:label.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
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
    predicates: frozenset[str]
    objects: frozenset[str]
    canonical: tuple[str, str]  # the first subject and object alternatives
    text: str


@dataclass
class Score:
    predicted: int = 0
    required: int = 0
    required_found: int = 0
    true_positives: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    neg_hits: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

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
        raise errors.InputError(f"{path}: no such reference file; give a TSV of level, subject, predicate, object")
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) < 4 or cells[0] not in {"req", "ok", "neg"}:
            raise errors.InputError(f"{path}:{number}: expected 'req|ok|neg<TAB>subject<TAB>predicate<TAB>object'")
        level, s, p, o = cells[:4]
        subjects, objects = s.split("|"), o.split("|")
        lines.append(GoldLine(level, frozenset(map(norm, subjects)), frozenset(p.split("|")),
                              frozenset(map(norm, objects)), (norm(subjects[0]), norm(objects[0])), raw.strip()))
    return lines


def score_graph(graph: Graph, gold: list[GoldLine]) -> Score:
    vocabulary, symmetric = relation_names(), symmetric_names()
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
    for s, p, o in sorted(predicted, key=str):
        shown = f"[{_label(graph, s)}] {p} [{_label(graph, o)}]"
        hits = [i for i, line in enumerate(gold) if line.level != "neg" and matches(line, s, p, o)]
        if hits:
            result.true_positives.append(shown)
            found.update(i for i in hits if gold[i].level == "req")
        else:
            result.false_positives.append(shown)
            if any(line.level == "neg" and matches(line, s, p, o) for line in gold):
                result.neg_hits.append(shown)
    required = [i for i, line in enumerate(gold) if line.level == "req"]
    result.required, result.required_found = len(required), len(found)
    result.missed = [gold[i].text for i in required if i not in found]
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
