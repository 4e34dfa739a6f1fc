"""Ingest: turn paths and texts into checked ``Document`` records.

Every check that can reject an article happens here, before any parsing, so
a bad file fails fast with one clear error and nothing is written.
"""
from __future__ import annotations

import hashlib
import importlib.util
import itertools
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from spacy.lang.en.stop_words import STOP_WORDS

from .. import errors
from . import formats
from .metadata import headline, publication_date
from ..records import Document

MAX_CHARS = 1_000_000  # spaCy's default nlp.max_length; kg build --max-chars changes it
MAX_PATH_CHARS = 4096
MIN_WORDS_FOR_LANGUAGE_CHECK = 8
MIN_WORDS_FOR_SHARE_CHECK = 60  # a 30-word wire lede, all names and titles, runs under 0.05
MIN_ENGLISH_STOPWORD_SHARE = 0.12  # English prose runs at 0.35-0.55
MIN_OTHER_STOPWORD_SHARE = 0.2
OTHER_LANGUAGES = ("es", "de", "fr", "it", "pt", "nl")
MAX_HTML_BYTES_PER_CHAR = 20  # a saved page is mostly markup, scripts and styles
# A corpus line longer than this many bytes a character of the limit cannot hold an article within it:
# JSON may write one character as 12 bytes (an escaped surrogate pair, "\\ud83d\\ude00"), and the
# line's other fields (title, url...) get the slack.
MAX_LINE_BYTES_PER_CHAR = 12
LINE_SLACK_BYTES = 1 << 20
READ_CHUNK = 1 << 20  # bytes read at a time while passing over a line too long to keep
STDIN = "-"
FOLDER_SUFFIXES = formats.TEXT_SUFFIXES + formats.HTML_SUFFIXES + formats.JSONL_SUFFIXES
_WORD = re.compile(r"[^\W\d_]+")


def read_inputs(inputs: Iterable[str | Path]) -> list[Document]:
    """Read article paths (files or folders of them) and raw texts; the first bad one is an error.

    A ``Path``, or a string naming an existing path, is read from disk; any
    other string is taken as the text of an article.
    """
    documents: list[Document] = []
    for item in read_sources(find_sources(inputs)):
        if isinstance(item, Skipped):
            raise item.error
        documents.append(item)
    return documents


@dataclass(frozen=True)
class Checks:
    """What an article's text may be: ``kg build --max-chars N`` and ``--lang-check on|off``."""

    max_chars: int | None = None  # None: MAX_CHARS, read when checking (tests lower it)
    lang_check: bool = True

    @property
    def limit(self) -> int:
        return MAX_CHARS if self.max_chars is None else self.max_chars

    @property
    def line_bytes(self) -> int:
        """The longest corpus line read into memory; a longer one is refused as it is passed over."""
        return MAX_LINE_BYTES_PER_CHAR * self.limit + LINE_SLACK_BYTES


DEFAULT_CHECKS = Checks()


@dataclass(frozen=True)
class Source:
    """One input found before anything is read: a file, standard input or a text given directly."""

    origin: str  # how errors name it: the path as given, "-" or "text N"
    name: str  # the document's name: its path relative to the folder given, "stdin" or "text-N"
    kind: str  # text, html, markdown, jsonl, or "sniff" (standard input)
    path: Path | None = None
    text: str | None = None  # a text given directly


@dataclass(frozen=True)
class Skipped:
    """An input that is not an article: where (path, and line in a corpus) and why."""

    origin: str
    error: errors.InputError


def find_sources(inputs: Iterable[str | Path]) -> list[Source]:
    """Every input's files, checked before any is read: each exists and is of a kind kg reads.

    A missing path, a folder with no articles and a file of another kind
    named explicitly are errors now; a file's contents are checked as it is
    read (``read_sources``). Folders give their ``.txt``, ``.html``, ``.htm``
    and ``.jsonl`` files, in sorted order; ``.md`` files are read when named
    (a folder's Markdown is as often a README as an article). ``-`` is
    standard input.
    """
    sources: list[Source] = []
    for number, item in enumerate(inputs, start=1):
        if str(item) == STDIN:
            sources.append(Source(STDIN, "stdin", "sniff"))
        elif isinstance(item, Path) or _looks_like_path(item):
            sources.extend(_sources_at(Path(item)))
        else:
            sources.append(Source(f"text {number}", f"text-{number}", "text", text=item))
    return sources


def count_documents(sources: Iterable[Source], checks: Checks = DEFAULT_CHECKS) -> int | None:
    """How many documents the sources hold at most (a corpus counts its lines); None with standard input."""
    total = 0
    for source in sources:
        if source.kind == "sniff":
            return None
        if source.kind == "jsonl":
            with open(source.path, "rb") as stream:
                total += sum(1 for line in _bounded_lines(stream, checks.line_bytes) if line is None or line.strip())
        else:
            total += 1
    return total


def read_sources(sources: Iterable[Source], stdin: BinaryIO | None = None,
                 checks: Checks = DEFAULT_CHECKS) -> Iterator[Document | Skipped]:
    """Each source's documents in order, read one at a time; a bad file or corpus line is a ``Skipped``."""
    for source in sources:
        if source.text is not None:
            yield _checked(source.origin, lambda: make_document(source.name, source.text, origin=source.origin,
                                                                checks=checks))
        elif source.kind == "sniff":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, checks)
        elif source.kind == "jsonl":
            yield from _read_corpus(source, checks)
        else:
            yield _checked(source.origin, lambda: _read_file(source.path, source.name, source.kind, checks))


def _checked(origin: str, read) -> Document | Skipped:
    try:
        return read()
    except errors.InputError as error:
        return Skipped(origin, error)


def _read_stdin(stream: BinaryIO, checks: Checks = DEFAULT_CHECKS) -> Iterator[Document | Skipped]:
    """Standard input: a JSON Lines corpus (read a line at a time) when it starts with "{", else one article."""
    lines = _bounded_lines(stream, checks.line_bytes)
    head = next(lines, b"")
    if head is None or head.lstrip(b"\xef\xbb\xbf \t").startswith(b"{"):
        yield from _corpus_documents(STDIN, "stdin", enumerate(itertools.chain([head], lines), start=1), checks)
        return
    most = MAX_HTML_BYTES_PER_CHAR * checks.limit  # an article may be a saved page; read no more than it can hold
    raw = head + stream.read(most + 1 - len(head)) if len(head) <= most else head
    try:
        if len(raw) > most:
            raise errors.too_large(STDIN, len(raw), checks.limit, unit="bytes or more")
        text = _decode(STDIN, raw)
    except errors.InputError as error:
        yield Skipped(STDIN, error)
        return
    yield _checked(STDIN, lambda: _document_of(formats.page_of(formats.sniff(text), text), "stdin", STDIN, None,
                                               checks))


def _read_corpus(source: Source, checks: Checks = DEFAULT_CHECKS) -> Iterator[Document | Skipped]:
    """A JSON Lines corpus, one line at a time (never the whole file, nor a line too long, in memory)."""
    try:
        stream = open(source.path, "rb")
    except OSError as exc:
        yield Skipped(source.origin, errors.not_text(source.origin, f"it cannot be read ({exc.strerror})"))
        return
    with stream:
        lines = enumerate(_bounded_lines(stream, checks.line_bytes), start=1)
        yield from _corpus_documents(source.origin, source.name, lines, checks)


def _bounded_lines(stream: BinaryIO, most: int) -> Iterator[bytes | None]:
    """The stream's lines, each of at most ``most`` bytes; None for a longer one, passed over a chunk at a time.

    A corpus is read a line at a time so memory stays flat; a single line of
    gigabytes (a broken export, no newlines) must not undo that before it is
    refused.
    """
    while True:
        line = stream.readline(most + 1)
        if not line:
            return
        if len(line) <= most:
            yield line
            continue
        while not line.endswith(b"\n"):
            line = stream.readline(READ_CHUNK)
            if not line:
                break
        yield None


def _corpus_documents(origin: str, name: str, lines, checks: Checks = DEFAULT_CHECKS) -> Iterator[Document | Skipped]:
    for number, raw in lines:
        where = f"{origin}:{number}"
        try:
            if raw is None:
                raise errors.too_large(where, checks.line_bytes, checks.limit, unit="bytes or more")
            line = _decode(where, raw) if isinstance(raw, bytes) else raw
            if not line.strip():
                continue
            page = formats.jsonl_page(line)
            yield _document_of(page, page.identifier or f"{name}:{number}", where, f"{name}:{number}", checks)
        except formats.LineProblem as problem:
            yield Skipped(where, errors.bad_corpus_line(where, str(problem)))
        except errors.InputError as error:
            yield Skipped(where, error)


def _document_of(page: formats.Page, name: str, origin: str, path: str | None,
                 checks: Checks = DEFAULT_CHECKS) -> Document:
    document = make_document(name, page.text, origin=origin, path=path, checks=checks)
    return replace(
        document,
        title=page.title or document.title,
        date=page.date or document.date,
        author=page.author, url=page.url, source=page.source, identifier=page.identifier, metadata=page.metadata,
    )


def make_document(name: str, text: str, origin: str | None = None, path: str | None = None,
                  checks: Checks = DEFAULT_CHECKS) -> Document:
    """A checked document; ``path`` is where it was read from, relative to the input given."""
    origin = origin or name
    check_text(origin, text, checks)
    return Document(
        name=name,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=headline(text),
        path=path,
        date=publication_date(text, path),
    )


def check_text(origin: str, text: str, checks: Checks = DEFAULT_CHECKS) -> None:
    if not text.strip():
        raise errors.empty_article(origin)
    if "\x00" in text:
        raise errors.not_text(origin, "it contains NUL bytes, so it is a binary file")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:  # a Python string given to build_graph; a file never decodes to one
            raise errors.not_text(origin, f"character {exc.start} is a lone surrogate, not Unicode text") from None
    if len(text) > checks.limit:
        raise errors.too_large(origin, len(text), checks.limit)
    if not checks.lang_check:
        return
    letters = [c for c in text[:20_000] if c.isalpha()]
    if len(letters) >= 20 and sum(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in letters) < len(letters) / 2:
        raise errors.not_english(origin)  # mostly a non-Latin script
    if not _looks_english(_WORD.findall(text[:20_000])):
        raise errors.not_english(origin)


def _looks_english(words: list[str]) -> bool:
    """English unless another common language's stop words clearly outnumber English ones."""
    if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
        return True
    lowered = [w.lower() for w in words]
    english = sum(w in STOP_WORDS for w in lowered) / len(lowered)
    other = max(sum(w in stop_words for w in lowered) / len(lowered) for stop_words in _other_stop_words())
    if other > english and other >= MIN_OTHER_STOPWORD_SHARE:
        return False
    return len(words) < MIN_WORDS_FOR_SHARE_CHECK or english >= MIN_ENGLISH_STOPWORD_SHARE


@lru_cache(maxsize=1)
def _other_stop_words() -> list[frozenset[str]]:
    """Each language's stop words, read from its module alone.

    Importing ``spacy.lang.fr.stop_words`` the usual way runs ``spacy.lang.fr``'s
    ``__init__`` first, which compiles French tokenizer exceptions: seconds,
    in every process, for a word list.
    """
    lists = []
    languages = Path(importlib.util.find_spec("spacy.lang").submodule_search_locations[0])
    for code in OTHER_LANGUAGES:
        path = languages / code / "stop_words.py"
        module_spec = importlib.util.spec_from_file_location(f"_kg_stop_words_{code}", path)
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        lists.append(frozenset(module.STOP_WORDS) - STOP_WORDS)
    return lists


def _looks_like_path(item: str) -> bool:
    if "\n" in item or len(item) > MAX_PATH_CHARS:
        return False
    try:
        if Path(item).exists():
            return True
    except OSError:  # a name too long for the file system is text, not a path
        return False
    # A short single "word" ending like a file is a mistyped path, not an article.
    return " " not in item.strip()


def _sources_at(path: Path) -> list[Source]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in FOLDER_SUFFIXES and p.is_file())
        if not files:
            raise errors.no_articles(path)
        return [Source(str(f), f.relative_to(path).as_posix(), formats.kind_of(f.suffix), f) for f in files]
    if path.is_file():
        kind = formats.kind_of(path.suffix)
        if kind is None:
            raise errors.unsupported_kind(path)
        return [Source(str(path), path.name, kind, path)]
    raise errors.missing_path(path)


def _read_file(path: Path, name: str, kind: str = "text", checks: Checks = DEFAULT_CHECKS) -> Document:
    try:
        size = path.stat().st_size
        if size > (MAX_HTML_BYTES_PER_CHAR if kind == "html" else 4) * checks.limit:  # UTF-8: at most 4 bytes a character
            raise errors.too_large(path, size, checks.limit, unit="bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise errors.not_text(path, f"it cannot be read ({exc.strerror})") from exc
    text = _decode(path, raw)
    if kind == "text":
        return make_document(name, text, origin=str(path), path=name, checks=checks)
    return _document_of(formats.page_of(kind, text), name, str(path), name, checks)


def _decode(origin, raw: bytes) -> str:
    if b"\x00" in raw:
        raise errors.not_text(origin, "it contains NUL bytes, so it is a binary file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise errors.not_text(origin, f"byte {exc.start} is not valid UTF-8; re-save the file as UTF-8") from exc
