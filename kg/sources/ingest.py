"""Ingest: turn paths and texts into checked ``Document`` records.

Every check that can reject an article happens here, before any parsing, so
a bad file fails fast with one clear error and nothing is written.
"""
from __future__ import annotations

import hashlib
import importlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from .. import errors
from .metadata import headline, publication_date
from ..records import Document

MAX_CHARS = 1_000_000  # spaCy's default nlp.max_length
MAX_PATH_CHARS = 4096
MIN_WORDS_FOR_LANGUAGE_CHECK = 8
MIN_WORDS_FOR_SHARE_CHECK = 20
MIN_ENGLISH_STOPWORD_SHARE = 0.12  # English prose runs at 0.35-0.55
MIN_OTHER_STOPWORD_SHARE = 0.2
OTHER_LANGUAGES = ("es", "de", "fr", "it", "pt", "nl")
_WORD = re.compile(r"[^\W\d_]+")


def read_inputs(inputs: Iterable[str | Path]) -> list[Document]:
    """Read article paths (files or folders of .txt files) and raw texts.

    A ``Path``, or a string naming an existing path, is read from disk; any
    other string is taken as the text of an article.
    """
    documents: list[Document] = []
    for number, item in enumerate(inputs, start=1):
        if isinstance(item, Path) or _looks_like_path(item):
            documents.extend(_read_path(Path(item)))
        else:
            documents.append(make_document(f"text-{number}", item, origin=f"text {number}"))
    return documents


def make_document(name: str, text: str, origin: str | None = None, path: str | None = None) -> Document:
    """A checked document; ``path`` is where it was read from, relative to the input given."""
    origin = origin or name
    check_text(origin, text)
    return Document(
        name=name,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=headline(text),
        path=path,
        date=publication_date(text, path),
    )


def check_text(origin: str, text: str) -> None:
    if not text.strip():
        raise errors.empty_article(origin)
    if "\x00" in text:
        raise errors.not_text(origin, "it contains NUL bytes, so it is a binary file")
    if len(text) > MAX_CHARS:
        raise errors.too_large(origin, len(text), MAX_CHARS)
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
    lists = []
    for code in OTHER_LANGUAGES:
        module = importlib.import_module(f"spacy.lang.{code}.stop_words")
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


def _read_path(path: Path) -> list[Document]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.txt") if p.is_file())
        if not files:
            raise errors.no_articles(path)
        return [_read_file(f, name=f.relative_to(path).as_posix()) for f in files]
    if path.is_file():
        return [_read_file(path, name=path.name)]
    raise errors.missing_path(path)


def _read_file(path: Path, name: str) -> Document:
    try:
        size = path.stat().st_size
        if size > 4 * MAX_CHARS:  # UTF-8 takes at most 4 bytes a character
            raise errors.too_large(path, size, MAX_CHARS)
        raw = path.read_bytes()
    except OSError as exc:
        raise errors.not_text(path, f"it cannot be read ({exc.strerror})") from exc
    if b"\x00" in raw:
        raise errors.not_text(path, "it contains NUL bytes, so it is a binary file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise errors.not_text(path, f"byte {exc.start} is not valid UTF-8; re-save the file as UTF-8") from exc
    return make_document(name, text, origin=str(path), path=name)
