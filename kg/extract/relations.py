"""Relations: dependency patterns over the parse, kept as data.

``rules/relations.json`` holds dependency patterns (spaCy DependencyMatcher syntax, matched by
``kg.extract.treematch``) and
``rules/triggers.json`` each predicate's trigger words. A match names a
trigger and its arguments; the arguments are resolved to the document's entities (``kg.extract.arguments``),
checked against the ontology's domain and range, qualified
(``kg.extract.qualifiers``), and become ``Statement`` records.
"""
from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from ..rdf import ontology
from ..records import Entity, Statement
from .arguments import governing_subject, resolve
from .datelines import layout_of
from .descriptions import title_role
from .evidence import evidence_of
from .index import EntityIndex
from .lexicon import load_json
from .names import statements_from_names
from .qualifiers import Qualifiers, qualify
from .schemas import SHARED_LISTS
from .treematch import TreeMatcher
from .words import COUNTERPARTS, EVENT_NOUNS, HEAD_OF_STATE, PART_NOUNS, PERSON_NOUNS, PLACE_NOUNS, ROLE_HEADS, TENURE_WORDS

COREFERENCE_PENALTY = 0.85
IMPLICIT_AGENT_PENALTY = 0.6
GENERIC_ROLES = {"works_for", "member_of"}
SPECIFIC_ROLES = {"leader_of", "spokesperson_for", "founder_of"}
CONTAINMENT = {"located_in", "capital_of"}  # the object is a larger kind of place (``kg:liesWithin``)
LIST_DEPS = {"conj", "appos", "npadvmod"}  # how the parser strings names together ("Lima, Peru"; "Lima and Cusco")
PLACE_LABELS = {"GPE", "LOC"}


@dataclass(frozen=True)
class Rule:
    id: str  # the pattern's id; statements record "<predicate>/<id>"
    predicate: str  # a core predicate; "$role": read off the title; "$words": chosen by the trigger words
    nodes: tuple[str, ...]  # the pattern's node names, in match order
    confidence: float
    subject_node: str = "subject"  # the node naming the subject
    object_node: str = "object"  # the node naming the object
    implicit_agent: bool = False  # with no subject in the sentence, take the document's established one
    symmetric_only: bool = False  # only for symmetric predicates ("X and Y met")
    word_checks: tuple[tuple[str, str, str], ...] = ()  # (node, token attribute, word list) for "$words"
    unless_possessor: bool = False  # "the AU's envoy for Sudan": the possessor, not the "for", is the employer
    no_coordinator: bool = False  # "Austin, Texas" but not "Austin and Dallas", nor "Austin, Dallas, Houston"
    two_parties: bool = False  # "between X and Y", not "between X, Y and Z"
    descriptive: bool = False  # a fact about a name ("US President X"): not qualified by the clause around it


class RuleSet:
    """The relation patterns compiled into one TreeMatcher.

    A pattern that uses a predicate's word lists ("$verbs") is compiled once
    with the union of every predicate's lists; a match then takes each
    predicate whose own lists hold the matched words. One pattern per shape,
    not per predicate, keeps matching fast.
    """

    def __init__(self, vocab: Vocab, spec: dict, triggers: dict[str, dict[str, list[str]]]) -> None:
        self.matcher = TreeMatcher(vocab)
        self.patterns: dict[str, list[dict]] = {}  # each rule's nodes, word lists filled in
        self.rules: dict[int, Rule] = {}
        self.lexicons: dict[str, dict[str, frozenset[str]]] = {
            predicate: {key: frozenset(words) for key, words in lists.items()}
            for predicate, lists in triggers.items()
        }
        titles = ROLE_HEADS | COUNTERPARTS
        head_titles = {title.split()[-1] for title in HEAD_OF_STATE}
        words = {"titles": sorted(titles), "place_nouns": sorted(PLACE_NOUNS), "head_titles": sorted(head_titles),
                 "part_nouns": sorted(PART_NOUNS), "person_nouns": sorted(PERSON_NOUNS)}
        for lists in triggers.values():
            for key, items in lists.items():
                words[key] = sorted(set(words.get(key, ())) | set(items))
        for pattern in spec["patterns"]:
            self._add(vocab, pattern, words)

    def _add(self, vocab: Vocab, pattern: dict, words: dict) -> None:
        nodes = _fill(copy.deepcopy(pattern["pattern"]), words)
        checks = tuple(
            (node["RIGHT_ID"], _ATTRIBUTES[attr], value["IN"][1:])
            for node in pattern["pattern"]
            for attr, value in node["RIGHT_ATTRS"].items()
            if isinstance(value, dict) and isinstance(value.get("IN"), str) and value["IN"][1:] not in SHARED_LISTS
        )
        self.matcher.add(pattern["id"], [nodes])
        self.patterns[pattern["id"]] = nodes
        self.rules[vocab.strings[pattern["id"]]] = Rule(
            pattern["id"], pattern.get("predicate", "$words"), tuple(node["RIGHT_ID"] for node in nodes),
            float(pattern["confidence"]),
            subject_node=pattern.get("subject", "subject"),
            object_node=pattern.get("object", "object"),
            implicit_agent=bool(pattern.get("implicit_agent", False)),
            symmetric_only=bool(pattern.get("symmetric_only", False)),
            word_checks=checks,
            unless_possessor=bool(pattern.get("unless_possessor", False)),
            no_coordinator=bool(pattern.get("no_coordinator", False)),
            two_parties=bool(pattern.get("two_parties", False)),
            descriptive=bool(pattern.get("descriptive", False)),
        )

    def predicates(self, rule: Rule, nodes: dict[str, Token], index: EntityIndex) -> list[str]:
        if rule.predicate == "$role":
            found = role_predicate(nodes["trigger"], index)
            return [found] if found else []
        if rule.predicate != "$words":
            return [rule.predicate]
        return [
            predicate for predicate, lists in self.lexicons.items()
            if all(getattr(nodes[node], attr) in lists.get(key, ()) for node, attr, key in rule.word_checks)
        ]


_ATTRIBUTES = {"LEMMA": "lemma_", "LOWER": "lower_"}


def _fill(value, words: dict):
    """Replace every "$name" string in a pattern by the word list it names."""
    if isinstance(value, str) and value.startswith("$"):
        return list(words[value[1:]])
    if isinstance(value, dict):
        return {k: _fill(v, words) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, words) for v in value]
    return value


@lru_cache(maxsize=4)
def rule_set(vocab: Vocab) -> RuleSet:
    return RuleSet(vocab, load_json("relations.json"), load_json("triggers.json"))


Match = tuple[Rule, dict[str, Token]]  # a rule and the tokens its nodes matched, by node name


def match_patterns(doc: Doc) -> list[Match]:
    """Every pattern matched once over the parse, with the nodes read off the matched tokens;
    none in a dateline's agency or a credits line."""
    rules = rule_set(doc.vocab)
    matches = []
    for match_id, token_ids in rules.matcher(doc):
        rule = rules.rules[match_id]
        nodes = _derived(rule, {name: doc[i] for name, i in zip(rule.nodes, token_ids)})
        if nodes is not None:
            matches.append((rule, nodes))
    return _outside_datelines_and_credits(doc, matches)


def read_statements(doc: Doc, matches: list[Match], index: EntityIndex) -> list[Statement]:
    """The statements the matches make about the index's entities, and those an institution's name makes."""
    statements = _read(matches, index, rule_set(doc.vocab), home_country(doc, index))
    stated = {s.triple for s in statements if s.polarity == "positive"}
    for statement in statements_from_names(index):
        if statement.triple not in stated:  # one statement a triple: the institution's, else the name's
            statements.append(statement)
            stated.add(statement.triple)
    return statements


def _outside_datelines_and_credits(doc: Doc, matches: list[Match]) -> list[Match]:
    """A dateline states where a story was filed and by whom: its places may lie in one another
    ("LIMA, Peru"), but its agency is not based there ("KYIV (Reuters) -"). A credits line
    ("Author: Jane Doe Editor: John Roe") states no relation."""
    layout = layout_of(doc)
    found = layout.dateline
    return [(rule, nodes) for rule, nodes in matches
            if not (found and found[0] <= nodes["trigger"].i <= found[1] and rule.predicate not in CONTAINMENT)
            and not any(start <= nodes["trigger"].i < end for start, end in layout.credits)]


def home_country(doc: Doc, index: EntityIndex) -> Entity | None:
    """The country a story is set in: the one its dateline names ("LIMA, Peru (AP) -"), else the
    one it mentions clearly most: more often than all others together, or twice as often as the
    next. A country mentioned a little more than another is no sign of where the story is set."""
    start, end = layout_of(doc).dateline or (0, 0)
    for token in doc[start:end]:
        entity = index.at(token)
        if entity is not None and entity.type == "Country":
            return entity
    counts = Counter(index.entities[m.key] for m in index.mentions if index.entities[m.key].type == "Country")
    ranked = counts.most_common(2)
    if ranked and (2 * ranked[0][1] > sum(counts.values()) or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    return None


def _title_names_head_of_state(title: Token, person: Token, index: EntityIndex) -> bool:
    """A bare "President"/"Prime Minister" before a name, with no country or organization beside
    the title or the name ("Japanese Prime Minister X", "Prime Minister X of Japan")."""
    name = [person]
    while name[-1].i + 1 < len(person.doc) and person.doc[name[-1].i + 1].ent_iob_ == "I":
        name.append(person.doc[name[-1].i + 1])
    for word in (title, *name):
        for child in word.children:
            named = next((g for g in child.children if g.dep_ == "pobj"), None) if child.dep_ == "prep" else child
            if named is None or named in name or named is title:
                continue
            if child.dep_ in {"compound", "amod", "poss", "nmod", "prep"} and (named.ent_type_ or _is_country(named, index)):
                return False
    if title.i > 0 and title.doc[title.i - 1].text == "-":
        return False  # "vice-president", "ex-president"
    if title.i > 0 and title.doc[title.i - 1].ent_type_:
        return False  # "Lebanese President X": the country is named
    words = [c.lower_ for c in title.lefts if c.dep_ in {"compound", "amod"} and c.lower_ not in TENURE_WORDS]
    return " ".join(words + [title.lower_]) in HEAD_OF_STATE  # "vice-president" is not one


def _is_country(token: Token, index: EntityIndex) -> bool:
    entity = index.at(token)
    return entity is not None and entity.type == "Country"


def _leaders_elsewhere(home: list[Statement], stated) -> list[Statement]:
    """The home country's leaders, but for one the document states to lead another country
    ("French President X ... President X said": X does not lead the story's country)."""
    leads = {(s.subject.key, s.object.key) for s in stated
             if s.predicate == "leader_of" and s.object.type == "Country" and s.polarity == "positive"}
    return [s for s in home if not any(subject == s.subject.key and country != s.object.key
                                       for subject, country in leads)]


def _derived(rule: Rule, matched: dict[str, Token]) -> dict[str, Token] | None:
    """The matched nodes and those a pattern names without matching them: "trigger.head",
    "prep.pobj"; None when one is missing.

    Broad nodes ("any object of a preposition") are costly to match in every
    pattern; reading them off the matched tokens is the same and cheap.
    """
    nodes = {**matched, "trigger.head": matched["trigger"].head}
    for name in (rule.subject_node, rule.object_node):
        parent, _, dep = name.partition(".")
        if dep and dep != "head":
            child = next((c for c in nodes[parent].children if c.dep_ == dep), None)
            if child is None:
                return None
            nodes[name] = child
    return nodes


def _read(matches: list[Match], index: EntityIndex, rules: RuleSet,
          home: Entity | None = None) -> list[Statement]:
    """Statements from the matches; then those whose missing argument the document supplies.

    An attack with no agent in its sentence takes the document's one stated
    attacker; "condemned the attack" condemns that attacker.
    """
    best: dict[tuple, Statement] = {}
    deferred, homes = [], []
    for rule, nodes in matches:
        if rule.unless_possessor and any(c.dep_ == "poss" and resolve(c, index) for c in nodes["trigger"].children):
            continue
        if rule.no_coordinator and _listed(nodes["trigger"]):
            continue
        if rule.two_parties and len(nodes[rule.subject_node].conjuncts) != 1:
            continue
        for predicate in rules.predicates(rule, nodes, index):
            if rule.symmetric_only and predicate not in ontology.symmetric_names():
                continue
            subjects = resolve(nodes.get(rule.subject_node) or governing_subject(nodes["trigger"]), index)
            if rule.object_node == "$home":
                at_home = home and _title_names_head_of_state(nodes["trigger"], nodes[rule.subject_node], index)
                homes.extend(_statements(rule, predicate, nodes, subjects, [(home, None)] if at_home else [], index))
                continue
            objects = resolve(nodes[rule.object_node], index)
            if not subjects and rule.implicit_agent and objects:
                deferred.append((rule, nodes, predicate, None, objects))
            elif not objects and subjects and _names_event(nodes.get(rule.object_node)):
                deferred.append((rule, nodes, predicate, subjects, None))
            _keep(best, _statements(rule, predicate, nodes, subjects, objects, index))
    _keep(best, _leaders_elsewhere(homes, list(best.values()) + homes))
    agents = _established_agents(best.values())
    for rule, nodes, predicate, subjects, objects in deferred:
        agent = agents.get(predicate if objects else "attacks", set())
        if len(agent) == 1:
            found = [(next(iter(agent)), None)]
            _keep(best, _statements(rule, predicate, nodes, subjects or found, objects or found, index,
                                    IMPLICIT_AGENT_PENALTY))
    return sorted(_most_specific(best.values()), key=lambda s: (s.evidence.span_start, s.predicate, s.subject.key, s.object.key))


def _listed(token: Token) -> bool:
    """One of a list of places, not a place beside the place it lies in: "Lima and Cusco",
    "Lima, Cusco, Arequipa", "Lima, Peru and Quito, Ecuador" (a coordinator anywhere in the
    list, or three names or more), unlike "Lima, Peru"."""
    while _list_member(token) and token.head is not token and _list_member(token.head, head=True):
        token = token.head
    members, todo = [], [token]
    while todo:
        member = todo.pop()
        members.append(member)
        todo.extend(c for c in member.children if _list_member(c))
    return len(members) > 2 or any(c.dep_ == "cc" for member in members for c in member.children)


def _list_member(token: Token, head: bool = False) -> bool:
    """A place strung to another ("Lima, Peru"), or any name coordinated with one ("Lima and Acme",
    whatever type the model gave it)."""
    place = token.ent_type_ in PLACE_LABELS or (token.pos_ == "PROPN" and not token.ent_type_)
    if head:
        return place or token.pos_ == "PROPN"
    return (token.dep_ in LIST_DEPS and place) or (token.dep_ == "conj" and token.pos_ == "PROPN")


def _names_event(token: Token | None) -> bool:
    return token is not None and token.lemma_.lower() in EVENT_NOUNS


def _most_specific(statements) -> list[Statement]:
    """Drop "works for"/"member of" where the document states a more specific role for the same pair."""
    specific = {(s.subject.key, s.object.key) for s in statements
                if s.predicate in SPECIFIC_ROLES and s.polarity == "positive"}
    return [s for s in statements
            if not (s.predicate in GENERIC_ROLES and (s.subject.key, s.object.key) in specific)]


def _keep(best: dict[tuple, Statement], statements) -> None:
    for statement in statements:
        key = _identity(statement)
        if key not in best or best[key].confidence < statement.confidence:
            best[key] = statement


def _established_agents(statements) -> dict[str, set[Entity]]:
    """Per predicate, the actors the document itself states as its subject."""
    agents: dict[str, set[Entity]] = {}
    for s in statements:
        if s.polarity == "positive" and s.modality == "fact":
            agents.setdefault(s.predicate, set()).add(s.subject)
    return agents


def _identity(statement: Statement) -> tuple:
    ends = (statement.subject.key, statement.object.key)
    if statement.predicate in ontology.symmetric_names():
        ends = tuple(sorted(ends))
    return (*ends, statement.predicate, statement.polarity, statement.evidence.sentence_start)


def _statements(rule: Rule, predicate: str, nodes: dict[str, Token], subjects, objects, index: EntityIndex,
                penalty: float = 1.0):
    trigger = nodes["trigger"]
    if not subjects or not objects:
        return
    qualifiers = Qualifiers() if rule.descriptive else qualify(trigger)
    speaker = resolve(qualifiers.speaker, index)
    for subject, s_token in subjects:
        for object_, o_token in objects:
            if subject.key == object_.key or not _plausible(predicate, subject, object_, index):
                continue
            inferred = any(t is not None and t.i in index.resolved for t in (s_token, o_token))
            yield Statement(
                subject=subject,
                predicate=predicate,
                object=object_,
                evidence=evidence_of(trigger, s_token, o_token, index),
                polarity=qualifiers.polarity,
                modality=qualifiers.modality,
                attribution=speaker[0][0] if speaker and speaker[0][0] not in (subject, object_) else None,
                time=qualifiers.time,
                rule=f"{'role' if rule.predicate == '$role' else predicate}/{rule.id}"
                + ("+implicit_agent" if penalty < 1.0 else ""),
                confidence=round(rule.confidence * penalty * (COREFERENCE_PENALTY if inferred else 1.0), 3),
            )


def _plausible(predicate: str, subject: Entity, object_: Entity, index: EntityIndex) -> bool:
    """Types fit the ontology; a place sits in a larger one; no trivial "X's army is based in X"."""
    if not ontology.fits(predicate, subject.type, object_.type):
        return False
    if predicate in CONTAINMENT and object_.type not in ontology.lies_within(subject.type):
        return False
    return index.owners.get(subject.key) != object_.key


def role_predicate(title: Token, index: EntityIndex) -> str | None:
    """The relation a title or resolved role description names."""
    return index.roles.get(title.i) or title_role(title)
