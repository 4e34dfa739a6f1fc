"""Metadata: an article's headline and date, taken only where they are stated.

A document node should carry what a reader would cite: the headline and the
date. Neither is ever guessed. A first line that reads like running text (a
lead paragraph, a dateline) is not a headline; a date counts only when it is
complete (day, month and year) and sits in the dateline ("KYIV, May 17, 2024
(Reuters) - ...") or in the file name ("2024-05-17-sumy.txt"). "On Monday"
and the time of the build are not dates of the article.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

MAX_HEADLINE_CHARS = 160
MAX_HEADLINE_WORDS = 25
MAX_DATELINE_CHARS = 120
_SENTENCE_END = ".,;:-\u2013\u2014"  # a headline does not end like a clause, a lead-in or a dateline
_CLOSERS = "\"'\u2019\u201d)]"
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_MONTH = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}})\b")
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_DATE_WORDS = frozenset(
    name.lower() for name in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name, *calendar.day_abbr, "Sept")
    if name
)
# "PLACE[, Region][, date] (Agency) - " up to the first dash that has a space after it.
_DATELINE = re.compile(rf"\s*(?P<head>[^\n]{{2,{MAX_DATELINE_CHARS}}}?)\s+(?:-{{1,2}}|\u2013|\u2014)\s")


def headline(text: str) -> str | None:
    """The first line, when it reads as a headline above the story rather than its start."""
    lines = [line.strip() for line in text.lstrip("\ufeff").strip().splitlines()]
    if len(lines) < 2 or not lines[0]:
        return None  # a one-line article has no separate headline
    first = " ".join(lines[0].split())
    words = first.split()
    if len(first) > MAX_HEADLINE_CHARS or len(words) > MAX_HEADLINE_WORDS:
        return None
    if first.rstrip(_CLOSERS)[-1:] in _SENTENCE_END or first.lower().startswith("by "):
        return None  # running text, a lead-in or a byline
    content = [w for w in words if w[:1].isalpha() and w.strip(".,").lower() not in _DATE_WORDS]
    if len(content) < 2 or not any(w[:1].isupper() for w in content):
        return None  # a date line, a label, or lower-case text
    return first


def publication_date(text: str, file_name: str | None = None) -> str | None:
    """The ISO date the dateline states, else the one in the file name, else None.

    The dateline wins because it is the publisher's own statement; a file name
    may carry the date it was saved. The dateline is looked for where the
    story starts: below the headline, if there is one.
    """
    story = text.lstrip("\ufeff").strip()
    if headline(story):  # the story starts on the line after it (any line break headline() splits on)
        story = "".join(story.splitlines(keepends=True)[1:]).lstrip()
    head = _dateline(story[: MAX_DATELINE_CHARS + 10])
    found = _date_in(head) if head else None
    if found is None and file_name:
        found = _iso_date_in(file_name)
    return found


def _dateline(text: str) -> str | None:
    """The words before a wire story's dash: a place in capitals, then only capitalized words."""
    match = _DATELINE.match(text)
    if not match:
        return None
    head = match.group("head")
    words = head.replace("(", " ").split()
    if not words or not re.match(r"[A-Z]{2}", words[0]):  # "(( - ..." has no words before its dash
        return None  # "KYIV", "PORT SUDAN"; an ordinary sentence starts otherwise
    if not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return None  # a sentence with a dash in it, not a dateline
    return head


def _date_in(text: str) -> str | None:
    """A complete calendar date written out in the text, as ISO 8601."""
    found = _iso_date_in(text)
    if found:
        return found
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        match = pattern.search(text)
        if match:
            month = _MONTHS[match.group("month")[:3].lower()]
            date = _valid(int(match.group("year")), month, int(match.group("day")))
            if date:
                return date
    return None


def _iso_date_in(text: str) -> str | None:
    for match in _ISO_DATE.finditer(text):
        date = _valid(*(int(part) for part in match.groups()))
        if date:
            return date
    return None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None  # 2024-02-30, or digits that only look like a date
