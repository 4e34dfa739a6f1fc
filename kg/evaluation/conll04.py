"""CoNLL04 benchmark: score kg's relations on Roth & Yih's newswire sentences.

The data is never part of the project: the caller names a directory holding
``conll04_<split>.json`` (a JSON list of {"tokens", "entities", "relations"}).
Each sentence is rebuilt as a spaCy Doc from its given tokens, so token
offsets line up with the gold spans, and runs through the full kg pipeline.
kg's statements are mapped onto the five CoNLL04 relations:

    Work_For    <- works_for, member_of, leader_of, spokesperson_for, founder_of (of an organization)
    Kill        <- kills
    Live_In     <- lives_in, citizen_of, born_in (CoNLL04 annotates birthplaces as Live_In), and the
                   Work_For predicates with a place as object ("President X of Chile"; CoNLL04's
                   Work_For takes an organization, and Live_In is its one person-place relation)
    Located_In  <- located_in, capital_of, part_of (place in place)
    OrgBased_In <- based_in, and located_in whose head is an organization

Only positive statements count. Two settings, micro-averaged:

strict   both argument token spans equal gold entity spans, with the entity
         types (Peop/Loc/Org) right, and the relation type and direction right.
         A statement without a subject span (its subject is not in the
         sentence) is not scored; one whose argument is a pronoun is scored
         on the pronoun, so it cannot be right.
relaxed  the syntactic head of each predicted argument lies inside the gold
         argument's span; types are ignored. An argument kg gives only as a
         pronoun or not at all is placed on the nearest named mention of its
         entity in the sentence, when there is one.

Entity recognition is scored too (typed spans against gold Peop/Loc/Org),
because it bounds what the relation scores can reach.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from ..errors import InputError
from ..rdf.ontology import superclasses
from .scores import Counts, total

RELATION_TYPES = ("Work_For", "Kill", "Live_In", "Located_In", "OrgBased_In")
ENTITY_TYPES = ("Peop", "Loc", "Org")

PREDICATES = {
    "works_for": "Work_For",
    "member_of": "Work_For",
    "leader_of": "Work_For",
    "spokesperson_for": "Work_For",
    "founder_of": "Work_For",
    "kills": "Kill",
    "lives_in": "Live_In",
    "born_in": "Live_In",
    "citizen_of": "Live_In",
    "located_in": "Located_In",
    "capital_of": "Located_In",
    "part_of": "Located_In",
    "based_in": "OrgBased_In",
}
# CoNLL04 entity type of each kg class: a class counts as the first of these it is (or is a subclass of)
KG_TYPES = (("Person", "Peop"), ("Organization", "Org"), ("Place", "Loc"))

# Tokens written against the word before them, and after which no space follows.
_ATTACH_LEFT = {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'", "''", "n't", "'s", "'t", "'re", "'m", "'ll", "'ve", "'d"}
_ATTACH_RIGHT = {"(", "[", "{", "$", "`", "``"}


@lru_cache(maxsize=None)
def conll_type(kg_type: str) -> str:
    """A kg ontology class as a CoNLL04 entity type: Peop, Org (and its subclasses), Loc (Place,
    Country, City, Region) or Other."""
    try:
        classes = superclasses(kg_type)
    except AttributeError:  # not a class of kg's ontology
        return "Other"
    return next((conll for kg_class, conll in KG_TYPES if kg_class in classes), "Other")


def conll_relation(predicate: str, head_type: str, tail_type: str) -> str | None:
    """The CoNLL04 relation a kg predicate counts as, given its arguments' CoNLL04 types."""
    relation = PREDICATES.get(predicate)
    if predicate == "located_in" and head_type == "Org":
        return "OrgBased_In"
    if predicate == "part_of" and (head_type, tail_type) != ("Loc", "Loc"):
        return None
    if relation == "Work_For" and tail_type == "Loc":
        return "Live_In"  # a country's president or envoy: CoNLL04 relates a person to a place by Live_In only
    return relation


# ----------------------------------------------------------------- records

@dataclass(frozen=True)
class Argument:
    """One relation argument: a token span [start, end), its type, and its head token."""

    start: int
    end: int
    type: str = "Other"
    root: int | None = None  # the span's syntactic head (predictions only)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def head(self) -> int:
        return self.root if self.root is not None else self.end - 1


@dataclass(frozen=True)
class Relation:
    """A CoNLL04 relation (Work_For, Kill, ...) from its head argument to its tail argument."""

    type: str
    head: Argument
    tail: Argument
    rule: str = field(default="", compare=False)  # the kg rule that made a prediction

    @property
    def key(self) -> tuple:
        return (self.type, self.head.span, self.tail.span)


@dataclass(frozen=True)
class Conll04Report:
    split: str
    sentences: int
    strict: dict[str, Counts]  # per relation type
    relaxed: dict[str, Counts]
    entities: dict[str, Counts]  # per entity type, typed spans
    entity_spans: Counts  # spans only, any of the three types
    relocated: int = 0  # relaxed only: an argument kg gave as a pronoun or not at all, put on its entity's named mention
    dropped: int = 0  # relaxed only: statements with an argument that has no named mention in the sentence
    seconds: float = 0.0

    @property
    def strict_overall(self) -> Counts:
        return total(self.strict.values())

    @property
    def relaxed_overall(self) -> Counts:
        return total(self.relaxed.values())

    @property
    def entities_overall(self) -> Counts:
        return total(self.entities.values())


@dataclass
class SentenceResult:
    """Gold and predicted relations and entities of one sentence (for scoring and error analysis)."""

    tokens: list[str]
    gold: list[Relation]
    strict: list[Relation]  # predictions scored strictly
    relaxed: list[Relation]  # predictions scored relaxed
    gold_entities: set[tuple[int, int, str]]
    entities: set[tuple[int, int, str]]  # kg's mentions, typed
    relocated: int = 0
    dropped: int = 0


# ----------------------------------------------------------------- scoring

def _dedupe(relations: Iterable[Relation]) -> list[Relation]:
    seen: dict[tuple, Relation] = {}
    for relation in relations:
        seen.setdefault(relation.key, relation)
    return list(seen.values())


def _matching(predicted: Sequence[Relation], gold: Sequence[Relation], fits: Callable[[Relation, Relation], bool]) -> int:
    """Size of a maximum one-to-one matching of predictions to gold relations (Kuhn's algorithm)."""
    owner: dict[int, int] = {}
    candidates = [[g for g, gold_rel in enumerate(gold) if fits(p, gold_rel)] for p in predicted]

    def augment(p: int, seen: set[int]) -> bool:
        for g in candidates[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or augment(owner[g], seen):
                owner[g] = p
                return True
        return False

    return sum(augment(p, set()) for p in range(len(predicted)))


def strict_match(p: Relation, g: Relation) -> bool:
    """Same relation type; both argument spans and types exactly the gold ones."""
    return p.type == g.type and all(
        (pa.span, pa.type) == (ga.span, ga.type) for pa, ga in ((p.head, g.head), (p.tail, g.tail)))


def relaxed_match(p: Relation, g: Relation) -> bool:
    """Same relation type; each predicted argument's head token inside the gold argument's span."""
    return p.type == g.type and g.head.start <= p.head.head < g.head.end and g.tail.start <= p.tail.head < g.tail.end


def score_relations(gold: Iterable[Relation], predicted: Iterable[Relation], strict: bool = True) -> dict[str, Counts]:
    """Per relation type, true positives, predictions and gold relations of one sentence.

    Predictions and gold are each de-duplicated on (type, head span, tail span);
    a gold relation is matched by at most one prediction and the reverse.
    """
    gold, predicted = _dedupe(gold), _dedupe(predicted)
    fits = strict_match if strict else relaxed_match
    result = {}
    for kind in RELATION_TYPES:
        g = [r for r in gold if r.type == kind]
        p = [r for r in predicted if r.type == kind]
        result[kind] = Counts(_matching(p, g, fits), len(p), len(g))
    return result


def score_entities(gold: Iterable[tuple[int, int, str]], predicted: Iterable[tuple[int, int, str]]) -> dict[str, Counts]:
    """Per entity type, exact typed span matches; "Other" on either side is ignored."""
    gold = {e for e in gold if e[2] in ENTITY_TYPES}
    predicted = {e for e in predicted if e[2] in ENTITY_TYPES}
    return {
        kind: Counts(len({e for e in gold & predicted if e[2] == kind}),
                     sum(e[2] == kind for e in predicted), sum(e[2] == kind for e in gold))
        for kind in ENTITY_TYPES
    }


def score_spans(gold: Iterable[tuple[int, int, str]], predicted: Iterable[tuple[int, int, str]]) -> Counts:
    """Exact span matches whatever the type (among Peop/Loc/Org on both sides)."""
    gold = {e[:2] for e in gold if e[2] in ENTITY_TYPES}
    predicted = {e[:2] for e in predicted if e[2] in ENTITY_TYPES}
    return Counts(len(gold & predicted), len(predicted), len(gold))


# ----------------------------------------------------------------- tokens and spans

def spaces_for(tokens: Sequence[str]) -> list[bool]:
    """Whether a space follows each token: none before closing punctuation and clitics, none after openers."""
    spaces = []
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        spaces.append(following is not None and following not in _ATTACH_LEFT and token not in _ATTACH_RIGHT)
    return spaces


def token_offsets(tokens: Sequence[str], spaces: Sequence[bool]) -> list[tuple[int, int]]:
    """Character offsets of each token in the text the tokens and spaces make."""
    offsets, position = [], 0
    for token, space in zip(tokens, spaces):
        offsets.append((position, position + len(token)))
        position += len(token) + (1 if space else 0)
    return offsets


def char_to_token_span(offsets: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The tokens [first, last + 1) that a character span [start, end) covers, or None if it covers none."""
    covered = [i for i, (s, e) in enumerate(offsets) if s < end and e > start]
    return (covered[0], covered[-1] + 1) if covered else None


# ----------------------------------------------------------------- reading the data

def read_split(directory: Path, split: str = "test") -> list[dict]:
    directory = Path(directory)
    path = directory / f"conll04_{split}.json"
    if not directory.is_dir():
        raise InputError(f"{directory}: no such folder; give the folder holding conll04_<split>.json")
    if not path.is_file():
        found = sorted(p.stem.removeprefix("conll04_") for p in directory.glob("conll04_*.json") if p.stem != "conll04_types")
        raise InputError(f"{path}: no such file; splits in {directory}: {', '.join(found) or 'none'}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"{path}: not readable as JSON ({error})") from error
    if not isinstance(data, list) or not all(isinstance(s, dict) and "tokens" in s for s in data):
        raise InputError(f"{path}: expected a JSON list of sentences with tokens, entities and relations")
    return data


def gold_relations(sentence: dict) -> list[Relation]:
    entities = [Argument(e["start"], e["end"], e["type"]) for e in sentence.get("entities", [])]
    return [Relation(r["type"], entities[r["head"]], entities[r["tail"]]) for r in sentence.get("relations", [])]


def gold_entities(sentence: dict) -> set[tuple[int, int, str]]:
    return {(e["start"], e["end"], e["type"]) for e in sentence.get("entities", [])}


# ----------------------------------------------------------------- running kg

def make_doc(vocab, tokens: Sequence[str]):
    from spacy.tokens import Doc

    return Doc(vocab, words=list(tokens), spaces=spaces_for(tokens))


def predictions(doc) -> tuple[list[Relation], list[Relation], int, int]:
    """kg's positive statements on a parsed Doc as CoNLL04 relations: (strict, relaxed, relocated, dropped)."""
    index = doc._.kg_entities
    mentions = {(_words(m).start, _words(m).end): m for m in (index.mentions if index else [])}
    offsets = [(t.idx, t.idx + len(t)) for t in doc]
    strict, relaxed = [], []
    relocated = dropped = 0
    for statement in doc._.kg_statements or []:
        if statement.polarity != "positive" or statement.predicate not in PREDICATES or statement.is_background:
            continue  # background knowledge is not read in the sentence; CoNLL04 scores what the text states
        evidence = statement.evidence
        head_span = char_to_token_span(offsets, *evidence.subject_span) if evidence.subject_span else None
        tail_span = char_to_token_span(offsets, *evidence.object_span) if evidence.object_span else None
        head = _argument(doc, head_span, statement.subject, mentions)
        tail = _argument(doc, tail_span, statement.object, mentions)
        if head is not None and tail is not None:
            relation = conll_relation(statement.predicate, head.type, tail.type)
            if relation is None:
                continue
            strict.append(Relation(relation, head, tail, statement.rule))
        # relaxed: an argument kg gives as a pronoun, or not at all, goes to its entity's nearest named mention
        placed_head = head if head is not None and head.span in mentions else None
        placed_tail = tail if tail is not None and tail.span in mentions else None
        anchor = (placed_tail or placed_head or tail or head)
        near = anchor.start if anchor else 0
        placed_head = placed_head or _locate(statement.subject, mentions, near)
        placed_tail = placed_tail or _locate(statement.object, mentions, placed_head.start if placed_head else near)
        if placed_head is None or placed_tail is None:
            dropped += 1
            continue
        relation = conll_relation(statement.predicate, placed_head.type, placed_tail.type)
        if relation is None:
            continue
        located = (placed_head, placed_tail) != (head, tail)
        relocated += located
        relaxed.append(Relation(relation, placed_head, placed_tail, statement.rule + ("+located" if located else "")))
    return strict, relaxed, relocated, dropped


def _words(mention):
    """The words of a mention as the evidence gives them: with a form of address ("President Kennedy")."""
    return mention.full_span or mention.span


def _argument(doc, span: tuple[int, int] | None, entity, mentions) -> Argument | None:
    if span is None:
        return None
    mention = mentions.get(span)
    kind = conll_type(mention.type if mention else entity.type)
    return Argument(span[0], span[1], kind, doc[span[0]:span[1]].root.i)


def _locate(entity, mentions, near: int) -> Argument | None:
    found = [m for m in mentions.values() if m.key == entity.key]
    if not found:
        return None
    m = min(found, key=lambda m: (abs(_words(m).start - near), _words(m).start))
    return Argument(_words(m).start, _words(m).end, conll_type(m.type), m.span.root.i)


def run(directory: Path, split: str = "test", limit: int | None = None) -> Iterator[SentenceResult]:
    """Run kg over a split, one result per sentence."""
    from ..extract.pipeline import load_pipeline

    data = read_split(directory, split)
    if limit is not None:
        data = data[:limit]
    nlp = load_pipeline()
    docs = (make_doc(nlp.vocab, s["tokens"]) for s in data)
    for sentence, doc in zip(data, nlp.pipe(docs, batch_size=64)):
        strict, relaxed, relocated, dropped = predictions(doc)
        index = doc._.kg_entities
        entities = {(_words(m).start, _words(m).end, conll_type(m.type)) for m in (index.mentions if index else [])}
        yield SentenceResult(list(sentence["tokens"]), gold_relations(sentence), strict, relaxed,
                             gold_entities(sentence), entities, relocated, dropped)


def evaluate_conll04(directory: Path, split: str = "test", limit: int | None = None) -> Conll04Report:
    """Score kg on one CoNLL04 split (``limit``: only its first sentences)."""
    started = time.perf_counter()
    strict = {k: Counts() for k in RELATION_TYPES}
    relaxed = {k: Counts() for k in RELATION_TYPES}
    entities = {k: Counts() for k in ENTITY_TYPES}
    spans = Counts()
    sentences = relocated = dropped = 0
    for result in run(directory, split, limit):
        sentences += 1
        for totals, scores in ((strict, score_relations(result.gold, result.strict, strict=True)),
                               (relaxed, score_relations(result.gold, result.relaxed, strict=False)),
                               (entities, score_entities(result.gold_entities, result.entities))):
            for kind, counts in scores.items():
                totals[kind] = totals[kind] + counts
        spans = spans + score_spans(result.gold_entities, result.entities)
        relocated += result.relocated
        dropped += result.dropped
    return Conll04Report(split, sentences, strict, relaxed, entities, spans, relocated, dropped,
                         round(time.perf_counter() - started, 2))


# ----------------------------------------------------------------- printing

def _prf(c: Counts) -> str:
    return f"{100 * c.precision:5.1f} {100 * c.recall:5.1f} {100 * c.f1:5.1f}"


def format_report(report: Conll04Report) -> str:
    """A compact table: per relation and overall, strict and relaxed P/R/F1 (%), then entities."""
    lines = [
        f"CoNLL04 {report.split}: {report.sentences} sentences, {report.seconds:.1f} s "
        "(kg/s, kg/r: relations kg predicted, scored strict / relaxed)",
        f"{'':<13}{'strict':>6}{'relaxed':>25}",
        f"{'':<13}{'P':>5} {'R':>5} {'F1':>5}   {'P':>5} {'R':>5} {'F1':>5}   {'gold':>5} {'kg/s':>5} {'kg/r':>5}",
    ]
    rows = [(kind, report.strict[kind], report.relaxed[kind]) for kind in RELATION_TYPES]
    rows.append(("overall", report.strict_overall, report.relaxed_overall))
    for name, s, r in rows:
        lines.append(f"{name:<13}{_prf(s)}   {_prf(r)}   {s.gold:>5} {s.predicted:>5} {r.predicted:>5}")
    e, spans = report.entities_overall, report.entity_spans
    lines.append(f"{'entities':<13}{_prf(e)}   typed spans (Peop/Loc/Org): gold {e.gold}, kg {e.predicted}")
    lines.append(f"{'':<13}{_prf(spans)}   spans whatever the type")
    if report.relocated or report.dropped:
        lines.append(f"relaxed: {report.relocated} statements with a pronoun or missing argument moved to its "
                     f"entity's named mention, {report.dropped} dropped (none in the sentence)")
    return "\n".join(lines)
