"""Dependency patterns matched from their anchor word.

The relation rules are written in the pattern language of spaCy's
``DependencyMatcher`` (``RIGHT_ID``, ``LEFT_ID``, ``REL_OP``, ``RIGHT_ATTRS``),
and ``TreeMatcher`` finds the same matches, in the same order. It differs in
how: spaCy's matcher tests every node of every pattern against every token,
which was half of kg's extraction time; most of kg's patterns start from a
trigger word ("attack", "president") or an entity type, so ``TreeMatcher``
looks those up in a table and walks the parse from the few tokens that fit.
tests/extract/test_treematch.py checks it against spaCy's matcher on the dev
articles.

Supported (the rule schema allows no more): the operators ``>`` (head of),
``<`` (dependent of), ``>>`` and ``<<`` (above and below, at any depth), ``.``
and ``;`` (the next and the previous token in the same tree); the attributes
LEMMA, LOWER, POS, TAG, DEP, ENT_TYPE, each a string, ``{"IN": [...]}`` or
``{"NOT_IN": [...]}``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

ATTRIBUTES = {"LEMMA": "lemma_", "LOWER": "lower_", "ENT_TYPE": "ent_type_", "TAG": "tag_", "POS": "pos_", "DEP": "dep_"}
INDEX_ORDER = tuple(ATTRIBUTES)  # the anchor is looked up by the first of these it constrains (the rarest first)


def _root(token: Token) -> Token:
    while token.head.i != token.i:
        token = token.head
    return token


def _next(token: Token) -> list[Token]:
    doc, root = token.doc, _root(token)
    if token.i + 1 < len(doc) and doc[token.i + 1].i <= root.right_edge.i and _root(doc[token.i + 1]) == root:
        return [doc[token.i + 1]]
    return []


def _previous(token: Token) -> list[Token]:
    doc, root = token.doc, _root(token)
    if token.i > 0 and doc[token.i - 1].i >= root.left_edge.i and _root(doc[token.i - 1]) == root:
        return [doc[token.i - 1]]
    return []


OPERATORS: dict[str, Callable[[Token], list[Token]]] = {
    ">": lambda token: list(token.children),
    "<": lambda token: [] if token.head.i == token.i else [token.head],
    "<<": lambda token: sorted(token.ancestors, key=lambda t: t.i),
    ">>": lambda token: [t for t in token.subtree if t.i != token.i],
    ".": _next,
    ";": _previous,
}


@dataclass(frozen=True)
class Node:
    name: str
    left: int  # the position of the node it hangs from (-1 for the anchor)
    operator: str
    tests: tuple[tuple[str, frozenset[str], bool], ...]  # (token attribute, values, whether they are the allowed ones)

    def fits(self, token: Token) -> bool:
        return all((getattr(token, attr) in values) == allowed for attr, values, allowed in self.tests)


def _node(spec: dict, names: list[str]) -> Node:
    unsupported = sorted(set(spec.get("RIGHT_ATTRS", {})) - set(ATTRIBUTES)) + sorted({spec.get("REL_OP", ">")} - set(OPERATORS))
    if unsupported:
        raise ValueError(f"node {spec['RIGHT_ID']!r}: TreeMatcher does not match {unsupported}")
    left = names.index(spec["LEFT_ID"]) if "LEFT_ID" in spec else -1
    return Node(spec["RIGHT_ID"], left, spec.get("REL_OP", ""),
                tuple(_test(ATTRIBUTES[name], value) for name, value in spec.get("RIGHT_ATTRS", {}).items()))


def _test(attr: str, value: str | dict) -> tuple[str, frozenset[str], bool]:
    """ "attack" -> the value itself; {"IN": [...]} -> one of them; {"NOT_IN": [...]} -> none of them."""
    if isinstance(value, str):
        return attr, frozenset([value]), True
    [(operator, values)] = value.items()
    if operator not in {"IN", "NOT_IN"}:
        raise ValueError(f"{attr}: TreeMatcher does not match {operator!r}")
    return attr, frozenset(values), operator == "IN"


class TreeMatcher:
    """Match dependency patterns; the interface of spaCy's DependencyMatcher that kg uses."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._patterns: list[tuple[int, tuple[Node, ...]]] = []
        self._by_anchor: dict[str, dict[str, list[int]]] = {attr: {} for attr in ATTRIBUTES.values()}
        self._unindexed: list[int] = []  # patterns whose anchor constrains nothing

    def add(self, key: str, patterns: list[list[dict]]) -> None:
        for pattern in patterns:
            names = [spec["RIGHT_ID"] for spec in pattern]
            nodes = tuple(_node(spec, names) for spec in pattern)
            position = len(self._patterns)
            self._patterns.append((self.vocab.strings.add(key), nodes))
            anchor = {attr: values for attr, values, allowed in nodes[0].tests if allowed}
            attr = next((ATTRIBUTES[name] for name in INDEX_ORDER if ATTRIBUTES[name] in anchor), None)
            if attr is None:
                self._unindexed.append(position)
                continue
            for value in anchor[attr]:
                self._by_anchor[attr].setdefault(value, []).append(position)

    def __call__(self, doc: Doc) -> list[tuple[int, list[int]]]:
        """(key, token indices in node order) for every match: by pattern, then tree, then positions."""
        tables = [(attr, table) for attr, table in self._by_anchor.items() if table]
        tree_starts: dict[int, int] = {}  # a token's tree, by where the tree starts
        found = []
        for token in doc:
            positions = [*self._unindexed]
            for attr, table in tables:
                positions += table.get(getattr(token, attr), ())
            for position in positions:
                key, nodes = self._patterns[position]
                if nodes[0].fits(token):
                    matches = list(_extend(nodes, [token]))
                    if matches:
                        tree = _tree_start(token, tree_starts)
                        found.extend((position, tree, match, key) for match in matches)
        found.sort(key=lambda item: (item[0], item[1], item[2]))
        return [(key, list(match)) for _, _, match, key in found]


def _tree_start(token: Token, known: dict[int, int]) -> int:
    if token.i not in known:
        known[token.i] = _root(token).left_edge.i
    return known[token.i]


def _extend(nodes: tuple[Node, ...], chosen: list[Token]) -> Iterator[tuple[int, ...]]:
    if len(chosen) == len(nodes):
        yield tuple(t.i for t in chosen)
        return
    node = nodes[len(chosen)]
    for token in OPERATORS[node.operator](chosen[node.left]):
        if node.fits(token):
            yield from _extend(nodes, [*chosen, token])
