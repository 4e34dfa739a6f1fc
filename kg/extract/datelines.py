"""Sentence starts the layout states, set before the parser runs: datelines, paragraphs, quotes.

Wire stories open with a place and an agency before the first sentence
("CANBERRA, Australia (AP) - Text ...", "FRANKFURT, March 4, 2025 (Reuters) -
Text ..."), under a headline or not. Left in, the parser reads the place as
the subject of that sentence. The dateline also tells which country the story
is set in.

A sentence is the evidence a reader is shown, so it must read as one: a
blank line (a headline above the story, the end of a paragraph) always ends a
sentence; a paragraph's closing quote belongs to the sentence it closes; a
single line break inside a sentence (hard-wrapped text, CRLF or not) is
ordinary whitespace; a byline or credits line ("Author: Jane Doe") is a
sentence of its own. Marking tokens as sentence starts (or not) keeps the text
and its offsets as they are.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .lexicon import LEXICON

DASHES = {"-", "--", "\u2013", "\u2014"}
MAX_DATELINE_TOKENS = 20  # "FRANKFURT, Germany, March 4, 2025 (Reuters) -"
MAX_HEADLINE_TOKENS = 40
SENTENCE_END = {".", "!", "?"}
CLOSING_QUOTES = {'"', "\u201d", "'", "\u2019"}
CREDIT_LABELS = frozenset(LEXICON["credit_labels"])  # "Author: ...", "Reporting by ..."


@dataclass(frozen=True)
class Layout:
    """What the layout of a story states, read once, before the parser: its dateline and credits lines."""

    dateline: tuple[int, int] | None  # first token and closing dash
    credits: tuple[tuple[int, int], ...]  # (first token, the line break after it) of each credits line


def layout_of(doc: Doc) -> Layout:
    """The layout the sentence stage left on the Doc, or read now for a Doc that did not pass it."""
    found = doc._.kg_layout if Doc.has_extension("kg_layout") else None
    return found or Layout(dateline(doc), tuple(credit_lines(doc)))


def dateline(doc: Doc) -> tuple[int, int] | None:
    """The dateline's first token and its closing dash, if the story opens with one, under a
    headline or not."""
    for start in _story_starts(doc):
        end = _dateline_end(doc, start)
        if end is not None:
            return start, end
    return None


def _story_starts(doc: Doc):
    """Where a dateline may be: the first word, and the first word below a headline."""
    words = [t for t in doc[:MAX_HEADLINE_TOKENS] if not t.is_space]
    if words:
        yield words[0].i
    for token in doc[:MAX_HEADLINE_TOKENS]:
        if _line_break(token):
            if token.i + 1 < len(doc) and doc[token.i - 1].text not in SENTENCE_END:
                yield token.i + 1
            return


def _dateline_end(doc: Doc, start: int) -> int | None:
    first = doc[start]
    if not (first.is_upper and first.is_alpha and len(first) > 1):
        return None
    for token in doc[start + 1:start + MAX_DATELINE_TOKENS]:
        if token.text in DASHES and token.i + 1 < len(doc):
            return token.i
        if _line_break(token) or not (token.is_punct or token.text[:1].isupper() or token.is_digit):
            return None  # an ordinary sentence, not a dateline
    return None


def credit_lines(doc: Doc) -> list[tuple[int, int]]:
    """The bylines and credits lines, as (first token, the line break after them): from the start
    of a line, a credit label and ":" or "by" ("Author: Jane Doe", "Reporting by Jane Doe; editing
    by John Roe"); after a sentence's end, a label and ":" ('... he said. Author: Jane Doe'). They
    name who made the story, not what anyone does."""
    found: list[tuple[int, int]] = []
    for token in doc:
        if found and token.i < found[-1][1] or token.is_space:
            continue
        before = _previous_word(token)
        line_start = before is None or _line_break(doc[token.i - 1])
        if not (line_start or before.text in SENTENCE_END
                or (before.text in CLOSING_QUOTES and _previous_word(before) is not None
                    and _previous_word(before).text in SENTENCE_END)):
            continue
        words = [t.lower_ for t in doc[token.i:token.i + 3]]
        for size in (1, 2):
            if (len(words) > size and " ".join(words[:size]) in CREDIT_LABELS
                    and (words[size] == ":" or (line_start and words[size] == "by"))):
                found.append((token.i, next((t.i for t in doc[token.i:] if _line_break(t)), len(doc))))
                break
    return found


def _previous_word(token: Token) -> Token | None:
    i = token.i - 1
    while i >= 0 and token.doc[i].is_space:
        i -= 1
    return token.doc[i] if i >= 0 else None


def _line_break(token: Token) -> bool:
    return token.is_space and "\n" in token.text


def mark_sentences(doc: Doc) -> Doc:
    """Sentence starts the blank lines, closing quotes, credits lines and the dateline state; the
    parser keeps them."""
    for token in doc:
        if not token.is_space or "\n" not in token.text or token.i + 1 >= len(doc):
            continue
        after = doc[token.i + 1]
        if token.text.count("\n") >= 2:
            after.is_sent_start = True  # a blank line ends a sentence
        elif after.text[:1].islower() and doc[token.i - 1].text not in SENTENCE_END | CLOSING_QUOTES:
            after.is_sent_start = False  # a line wrapped inside a sentence
    for token in doc[2:]:
        if token.text in CLOSING_QUOTES and not doc[token.i - 1].whitespace_ and doc[token.i - 1].text in SENTENCE_END:
            token.is_sent_start = False  # '... attack."' closes its sentence
            if token.i + 2 < len(doc) and _line_break(doc[token.i + 1]):
                doc[token.i + 2].is_sent_start = True
    layout = Layout(dateline(doc), tuple(credit_lines(doc)))
    for start, end in layout.credits:
        doc[start].is_sent_start = True  # a credits line is a sentence of its own
        for token in doc[start + 1:min(end + 1, len(doc))]:
            token.is_sent_start = False
        if end + 1 < len(doc):
            doc[end + 1].is_sent_start = True
    if layout.dateline is not None:
        start, end = layout.dateline
        if start > 0:
            doc[start].is_sent_start = True  # the headline above is a sentence of its own
        doc[end + 1].is_sent_start = True
    if Doc.has_extension("kg_layout"):
        doc._.kg_layout = layout  # read again by the relation stage, not computed twice
    return doc
