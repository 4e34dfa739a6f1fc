"""Datelines: "CANBERRA, Australia (AP) - Text ..." starts the story after the dash.

Wire stories open with a place and an agency before the first sentence. Left
in, the parser reads the place as the subject of that sentence. Marking the
first word after the dateline as a sentence start, before the parser runs,
keeps the text and its offsets as they are. The dateline also tells which
country the story is set in.
"""
from __future__ import annotations

from spacy.tokens import Doc

DASHES = {"-", "--", "\u2013", "\u2014"}
MAX_DATELINE_TOKENS = 14


def dateline_end(doc: Doc) -> int | None:
    """Index of the dash that ends the dateline, if the story opens with one."""
    if not doc or not (doc[0].is_upper and doc[0].is_alpha and len(doc[0]) > 1):
        return None
    for token in doc[1:MAX_DATELINE_TOKENS]:
        if token.text in DASHES and token.i + 1 < len(doc):
            return token.i
        if not (token.is_punct or token.is_space or token.text[:1].isupper()):
            return None  # an ordinary sentence, not a dateline
    return None


def mark_dateline(doc: Doc) -> Doc:
    end = dateline_end(doc)
    if end is not None:
        doc[end + 1].is_sent_start = True
    return doc
