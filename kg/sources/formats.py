"""Formats: the article text (and what the page says about it) from each kind of input kg reads.

- ``.txt``: the text as it is.
- ``.html``/``.htm``: the article's main text and its metadata (title, date,
  author, URL, site) as ``trafilatura`` finds them; menus, scripts, styles,
  cookie banners and footers are left out.
- ``.md``: the text with its Markdown markup removed (``markdown-it-py``
  parses it; headings, paragraphs and list items become lines of their own,
  code blocks and raw HTML are dropped).
- ``.jsonl``: a corpus, one JSON object a line with ``"text"`` and optional
  ``"id"``, ``"title"``, ``"date"``, ``"url"`` and ``"source"``; any other
  key is kept as the document's metadata.

Each reader returns plain values (``Page``); checking them and making
``Document`` records is ``kg.sources.ingest``'s job.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md",)
JSONL_SUFFIXES = (".jsonl",)
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
JSONL_FIELDS = ("id", "text", "title", "date", "url", "source")


@dataclass(frozen=True)
class Page:
    """An article's text and what its source states about it (None where it states nothing)."""

    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 date
    author: str | None = None
    url: str | None = None
    source: str | None = None  # the publisher, site or wire service
    identifier: str | None = None  # the corpus's own id for it
    metadata: tuple[tuple[str, str], ...] = ()  # other fields, sorted by key


class LineProblem(ValueError):
    """A JSON Lines line that is not an article; the message says why."""


def kind_of(suffix: str) -> str | None:
    """'text', 'html', 'markdown' or 'jsonl' for a file suffix kg reads; None for any other."""
    suffix = suffix.lower()
    for kind, suffixes in (("text", TEXT_SUFFIXES), ("html", HTML_SUFFIXES),
                           ("markdown", MARKDOWN_SUFFIXES), ("jsonl", JSONL_SUFFIXES)):
        if suffix in suffixes:
            return kind
    return None


def sniff(text: str) -> str:
    """The kind of text read from standard input: a JSON Lines corpus, an HTML page or a plain article."""
    start = text.lstrip("\ufeff \t\r\n")[:200].lower()
    if start.startswith("{"):
        return "jsonl"
    if start.startswith(("<!doctype html", "<html", "<head", "<body", "<article")):
        return "html"
    return "text"


def page_of(kind: str, text: str) -> Page:
    """A text, HTML or Markdown article as a Page."""
    if kind == "html":
        return html_page(text)
    if kind == "markdown":
        return Page(markdown_text(text))
    return Page(text)


def html_page(html: str) -> Page:
    """The main text and metadata of a saved news page; an empty text when it has no article."""
    import trafilatura  # imported here: it loads lxml and its models, which .txt builds never need

    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if found is None or not (found.text or "").strip():
        return Page("")
    paragraphs = [line.strip() for line in found.text.splitlines() if line.strip()]
    return Page("\n\n".join(paragraphs), title=_clean(found.title), date=iso_date(found.date),
                author=_clean(found.author), url=_clean(found.url), source=_clean(found.sitename))


def markdown_text(markdown: str) -> str:
    """The words of a Markdown document: one line per heading, paragraph, list item or table cell row."""
    blocks: list[str] = []
    for token in _markdown().parse(markdown):
        if token.type != "inline" or not token.children:
            continue  # code blocks, raw HTML blocks, rules: not the article's prose
        parts = []
        for child in token.children:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" " if child.type == "softbreak" else "\n")
            elif child.type == "image":
                parts.append(child.content)  # its alt text
        line = "".join(parts).strip()
        if line:
            blocks.append(line)
    return "\n\n".join(blocks)


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").disable("html_inline")


def jsonl_page(line: str) -> Page:
    """One line of a JSON Lines corpus as a Page; LineProblem when it is not an article."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LineProblem(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise LineProblem("not a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        raise LineProblem('no "text" string' if text is None else '"text" is not a string')
    fields = {key: _scalar(record.get(key)) for key in JSONL_FIELDS if key != "text"}
    date = fields["date"]
    metadata = tuple(sorted((str(k), _scalar(v) or "") for k, v in record.items() if k not in JSONL_FIELDS and v is not None))
    return Page(text, title=fields["title"], date=iso_date(date) if date else None, url=fields["url"],
                source=fields["source"], identifier=fields["id"], metadata=metadata)


def iso_date(value: str | None) -> str | None:
    """The calendar date an ISO 8601 date or timestamp names ('2024-05-17T09:30Z' -> '2024-05-17'), else None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        return None


def _scalar(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _clean(value: str | None) -> str | None:
    value = " ".join(str(value).split()) if value is not None else ""
    return value or None
