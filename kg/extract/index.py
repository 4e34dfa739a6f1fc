"""The entity index: a document's entities and which tokens refer to them.

Each extraction stage takes an index and returns a new one (grouping makes
the first; metonymy, pronouns and descriptions each return a changed copy),
so no stage edits what an earlier one produced. The index is frozen and its
tables are read-only views.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from spacy.tokens import Doc, Span, Token

from ..records import Entity
from .gazetteer import Place
from .mentions import Mention


@dataclass(frozen=True)
class EntityIndex:
    """A document's entities and which tokens refer to them."""

    entities: Mapping[str, Entity] = field(default_factory=dict)
    places: Mapping[str, Place] = field(default_factory=dict)  # entity key -> gazetteer record
    by_token: Mapping[int, str] = field(default_factory=dict)  # token index -> entity key
    resolved: frozenset[int] = frozenset()  # tokens that refer through coreference
    roles: Mapping[int, str] = field(default_factory=dict)  # description token -> the role it names
    mentions: tuple[Mention, ...] = ()
    owners: Mapping[str, str] = field(default_factory=dict)  # institution key -> key of the place it belongs to
    sentence_starts: tuple[int, ...] = ()  # first token of each sentence, then len(doc)

    def __post_init__(self) -> None:
        for name in ("entities", "places", "by_token", "roles", "owners"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        object.__setattr__(self, "resolved", frozenset(self.resolved))
        object.__setattr__(self, "mentions", tuple(self.mentions))

    def at(self, token: Token) -> Entity | None:
        key = self.by_token.get(token.i)
        return self.entities[key] if key else None

    def countries(self) -> dict[str, Entity]:
        """The countries the document names, by ISO 3166 code."""
        return {place.country: self.entities[key] for key, place in sorted(self.places.items())
                if self.entities[key].type == "Country"}

    def sentence(self, token: Token) -> Span:
        """The token's sentence (spaCy's Token.sent walks the whole document each time)."""
        starts = self.sentence_starts or _sentence_starts(token.doc)
        position = bisect_right(starts, token.i) - 1
        return token.doc[starts[position]: starts[position + 1]]


def with_owners(entities: Mapping[str, Entity], owners: Mapping[str, str]) -> dict[str, Entity]:
    """The entities, each carrying the key of the place it belongs to (``Entity.owner``)."""
    return {key: replace(entity, owner=owners.get(key)) for key, entity in entities.items()}


def new_index(doc: Doc, **tables) -> EntityIndex:
    return EntityIndex(sentence_starts=_sentence_starts(doc), **tables)


def _sentence_starts(doc: Doc) -> tuple[int, ...]:
    return tuple(s.start for s in doc.sents) + (len(doc),)


def mention_span(index: EntityIndex, token: Token) -> tuple[int, int]:
    """Character offsets of the mention a token belongs to, or of the token alone.

    A person's mention includes the forms of address before the name ("President
    Kennedy", "Mrs. Parks"), as reference annotations do; job titles stay out
    ("Judge Henry Politz" -> "Henry Politz").
    """
    for mention in index.mentions:
        if mention.span.start <= token.i < mention.span.end:
            span = mention.full_span or mention.span
            return span.start_char, span.end_char
    return token.idx, token.idx + len(token)
