"""Evidence: the sentence a statement was read in, and the character offsets of its words.

Every stage that reads a statement in the text (relation patterns, names)
builds its evidence here, so offsets are counted one way: into the document's
text, the sentence without its surrounding whitespace.
"""
from __future__ import annotations

from spacy.tokens import Token

from ..records import Evidence
from .index import EntityIndex, mention_span


def evidence_of(trigger: Token, subject: Token | None, object_: Token | None, index: EntityIndex) -> Evidence:
    """Where a statement was read: its trigger's sentence, and the words from the first argument named
    in it to the last (each argument's mention with any title)."""
    sentence = index.sentence(trigger)
    text = sentence.text
    start = sentence.start_char + (len(text) - len(text.lstrip()))
    end = sentence.start_char + len(text.rstrip())
    subject_span, object_span = (
        _inside(mention_span(index, token), start, end)
        if token is not None and sentence.start <= token.i < sentence.end else None
        for token in (subject, object_)
    )
    edges = [trigger.idx, trigger.idx + len(trigger), *(object_span or ()), *(subject_span or ())]
    return Evidence(
        sentence=text.strip(),
        sentence_start=start,
        sentence_end=end,
        span_start=min(edges),
        span_end=max(edges),
        subject_span=subject_span,
        object_span=object_span,
    )


def _inside(span: tuple[int, int], start: int, end: int) -> tuple[int, int] | None:
    """A mention's words cut to the sentence: the parser may end a sentence inside a mention
    ("President" alone, then "Ilmar Kask met ..."), and evidence never reaches outside its sentence."""
    begin, finish = max(span[0], start), min(span[1], end)
    return (begin, finish) if begin < finish else None
