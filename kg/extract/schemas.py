"""Rule files checked when they load: their JSON Schema, then what a schema cannot say.

A misspelt key or a predicate the ontology lacks used to be a silent
non-match, or worse a wrong statement. Here it stops kg with one line that
names the file, the rule and the key, as spaCy checks its Matcher patterns
(``spacy/schemas.py``). The schemas are ``rules/schema/*.schema.json``; the
checks below are the ones that need the ontology or the rest of the file.
Each file is checked once per process.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .. import errors
from ..rdf import ontology

SCHEMA_DIR = Path(__file__).with_name("rules") / "schema"
SHARED_LISTS = frozenset({"titles", "place_nouns", "head_titles", "part_nouns", "person_nouns"})  # the word lists RuleSet builds from lexicon.json
SPECIAL_PREDICATES = ("$role", "$words")
_checked: set[Path] = set()


class Problem(NamedTuple):
    """What is wrong with ``key`` of the object at ``path`` (a JSON path into the file)."""

    path: tuple
    key: str
    message: str


def check_rule_file(path: Path, data: dict, load: Callable[[str], dict]) -> None:
    """Raise a ``RuleError`` for the first problem in a rule file (read without its comments).

    ``load`` reads another rule file of the same folder, for checks across
    files (the word lists relations.json names are in triggers.json).
    """
    resolved = path.resolve()
    if resolved in _checked:
        return
    error = next(_validator(path.name).iter_errors(data), None)  # the first in the file's order
    if error is not None:
        raise _SCHEMA_ERRORS.get(error.validator, _bad_value)(_shown(path), data, error)
    problem = next(MEANING_CHECKS[path.name](data, load), None)
    if problem is not None:
        raise errors.rule_bad_value(_shown(path), _where(data, problem.path), problem.key, problem.message)
    _checked.add(resolved)


@lru_cache(maxsize=None)
def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / name.replace(".json", ".schema.json")).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _shown(path: Path) -> Path:
    """The path as the user would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


# --- schema errors as one line ---------------------------------------------------------------


def _unknown_key(shown: Path, data: dict, error: ValidationError) -> errors.RuleError:
    allowed = sorted(error.schema.get("properties", {}))
    key = next(k for k in error.instance if k not in allowed)
    return errors.rule_unknown_key(shown, _where(data, error.absolute_path), key, allowed)


def _missing_key(shown: Path, data: dict, error: ValidationError) -> errors.RuleError:
    key = next(k for k in error.validator_value if k not in error.instance)
    return errors.rule_missing_key(shown, _where(data, error.absolute_path), key)


def _bad_value(shown: Path, data: dict, error: ValidationError) -> errors.RuleError:
    path = tuple(error.absolute_path)
    cut = max((i for i, step in enumerate(path) if isinstance(step, str)), default=0)
    key = path[cut] + "".join(f"[{step}]" for step in path[cut + 1:]) if path else "(the whole file)"
    hint = error.schema.get("description") if isinstance(error.schema, dict) else None
    return errors.rule_bad_value(shown, _where(data, path[:cut]), key,
                                 error.message + (f" ({hint})" if hint else ""))


_SCHEMA_ERRORS: dict[str, Callable[[Path, dict, ValidationError], errors.RuleError]] = {
    "additionalProperties": _unknown_key,
    "required": _missing_key,
}

_NAMED_BY = (("id", "pattern"), ("RIGHT_ID", "node"))  # list items named by a key of theirs


def _where(data, path) -> str:
    """'pattern "verb_object", node "prep", RIGHT_ATTRS' in relations.json; a JSON path such as
    'locative_prepositions.at' in the word-list files."""
    parts: list[tuple[str, bool]] = []  # (text, named by a key of its own)
    value = data
    for step in path:
        value = value[step]
        label = _label(value, parts[-1][0] if parts else "") if isinstance(step, int) else None
        if label:
            parts[-1] = (label, True)  # "patterns[3]" -> 'pattern "verb_object"'
        elif isinstance(step, int):
            parts[-1] = (f"{parts[-1][0]}[{step}]", parts[-1][1])
        else:
            parts.append((step if step.isidentifier() else json.dumps(step), False))
    text = ""
    for index, (part, named) in enumerate(parts):
        joint = ", " if named or (index and parts[index - 1][1]) else "."
        text += (joint if text else "") + part
    return text or "top level"


def _label(value, within: str) -> str | None:
    """ 'pattern "verb_object"', 'implication "role_in_country"': an item named by its id, as its list calls it."""
    return next((f'{_ITEM_NAMES.get(within, label)} "{value[key]}"' for key, label in _NAMED_BY
                 if isinstance(value, dict) and isinstance(value.get(key), str)), None)


_ITEM_NAMES = {"implications": "implication"}


# --- what the schemas cannot say -------------------------------------------------------------


def _not_in(path: tuple, names, known, kind: str) -> Iterator[Problem]:
    for key, name in names:
        if name not in known:
            yield Problem(path, key, f'"{name}" is not {kind}; use one of: {", ".join(sorted(known))}')


def _core_predicates(path: tuple, names) -> Iterator[Problem]:
    """Each (key, name) names a core predicate of the ontology."""
    yield from _not_in(path, names, ontology.relation_names(), "a core predicate of the ontology (ontology/kg.ttl)")


def _entity_classes(path: tuple, names) -> Iterator[Problem]:
    """Each (key, name) names an entity class of the ontology."""
    yield from _not_in(path, names, ontology.entity_class_names(), "an entity class of the ontology (ontology/kg.ttl)")


def _triggers_problems(data: dict, load) -> Iterator[Problem]:
    yield from _core_predicates((), ((name, name) for name in data))


def _relations_problems(data: dict, load) -> Iterator[Problem]:
    predicates = load("triggers.json")
    lists = SHARED_LISTS | {key for word_lists in predicates.values() for key in word_lists}
    ids: set[str] = set()
    for index, rule in enumerate(data["patterns"]):
        if rule["id"] in ids:
            yield Problem(("patterns", index), "id", f'"{rule["id"]}" is the id of an earlier pattern too; '
                                                     "give each pattern its own id")
        ids.add(rule["id"])
        for check in RULE_CHECKS:
            yield from check(("patterns", index), rule, lists)
    used = {name for rule in data["patterns"] for *_, name in _references(rule)}
    for predicate, word_lists in predicates.items():
        yield from (Problem((), "patterns", f'no pattern uses the word list "${key}" (triggers.json, '
                            f'"{predicate}"); fix its name there, or use it in a pattern')
                    for key in word_lists if key not in used)


def _references(rule: dict) -> Iterator[tuple[int, str, str]]:
    """(node index, attribute, word list) for each ``{"IN": "$name"}`` in a pattern."""
    for index, node in enumerate(rule["pattern"]):
        for attribute, value in node["RIGHT_ATTRS"].items():
            if isinstance(value, dict) and isinstance(value.get("IN"), str):
                yield index, attribute, value["IN"][1:]


def _rule_predicate(path: tuple, rule: dict, lists) -> Iterator[Problem]:
    predicate = rule.get("predicate", "$words")
    yield from _not_in(path, [("predicate", predicate)], ontology.relation_names() | set(SPECIAL_PREDICATES),
                       'a core predicate of the ontology, "$role" or "$words"')
    if predicate == "$words" and all(name in SHARED_LISTS for *_, name in _references(rule)):
        yield Problem(path, "predicate", 'a "$words" pattern (the default) takes its predicates from the '
                                         'predicates\' word lists it matches, and it matches none; add one, '
                                         'e.g. {"LEMMA": {"IN": "$verbs"}}, or name a predicate')
    if rule.get("symmetric_only") and predicate in ontology.relation_names() - ontology.symmetric_names():
        yield Problem(path, "symmetric_only", f'"{predicate}" is not symmetric, so the pattern would find nothing; '
                                              "drop the flag or the predicate")


def _rule_nodes(path: tuple, rule: dict, lists) -> Iterator[Problem]:
    seen: list[str] = []
    for index, node in enumerate(rule["pattern"]):
        here = (*path, "pattern", index)
        if node["RIGHT_ID"] in seen:
            yield Problem(here, "RIGHT_ID", f'"{node["RIGHT_ID"]}" names an earlier node too; give each node its own name')
        if "LEFT_ID" in node:
            yield from _not_in(here, [("LEFT_ID", node["LEFT_ID"])], seen, "an earlier node of the pattern")
        seen.append(node["RIGHT_ID"])
    if "trigger" not in seen:
        yield Problem(path, "pattern", 'no node is called "trigger"; call the anchor (the trigger word) "trigger"')


def _rule_word_lists(path: tuple, rule: dict, lists) -> Iterator[Problem]:
    for index, attribute, name in _references(rule):
        yield from _not_in((*path, "pattern", index, "RIGHT_ATTRS"), [(attribute, f"${name}")],
                           {f"${known}" for known in lists}, "a word list")


def _rule_arguments(path: tuple, rule: dict, lists) -> Iterator[Problem]:
    """The subject and object name what ``_derive`` in relations.py can supply."""
    nodes = {node["RIGHT_ID"] for node in rule["pattern"]}
    for role, extra in (("subject", ()), ("object", ("$home",))):
        if role in rule and not _derivable(rule[role], nodes | set(extra)):
            yield Problem(path, role, f'"{rule[role]}" names nothing the pattern matches; use a node '
                                      f'({", ".join(sorted(nodes))}), "trigger.head", "<node>.<dep>" (the node\'s '
                                      'child with that dependency, e.g. "prep.pobj")' + ' or "$home"' * bool(extra))
    if "object" not in rule and "object" not in nodes:
        yield Problem(path, "object", 'missing, and no node is called "object"; '
                                      'name the object\'s node with "object", or call a node "object"')
    if rule.get("two_parties") and not _derivable(rule.get("subject", "subject"), nodes):
        yield Problem(path, "two_parties", "the flag counts the subject's conjuncts, and the pattern has no "
                                           'subject node; add a "subject" node or drop the flag')


def _derivable(name: str, nodes: set[str]) -> bool:
    """A node, "trigger.head", or "<node>.<dep>": the node's child with that dependency label."""
    parent, dot, dep = name.partition(".")
    return name in nodes or name == "trigger.head" or bool(dot and parent in nodes and dep.isalpha() and dep != "head")


RULE_CHECKS = (_rule_predicate, _rule_nodes, _rule_word_lists, _rule_arguments)


def _class_keys(data: dict, *sections: str) -> Iterator[Problem]:
    for section in sections:
        yield from _entity_classes((section,), ((name, name) for name in data[section]))


def _lexicon_problems(data: dict, load) -> Iterator[Problem]:
    yield from _core_predicates(("role_titles",), data["role_titles"].items())
    yield from _class_keys(data, "org_type_keywords", "type_nouns")


def _entities_problems(data: dict, load) -> Iterator[Problem]:
    yield from _class_keys(data, "institutions")


def _inferences_problems(data: dict, load) -> Iterator[Problem]:
    for index, rule in enumerate(data["implications"]):
        path = ("implications", index)
        yield from _core_predicates(path, [("from", name) for name in rule["from"]] + [("implies", rule["implies"])])
        yield from _entity_classes(path, [(key, rule[key]) for key in ("subject_class", "object_class")])
        if not ontology.fits(rule["implies"], rule["subject_class"], rule["object_class"]):
            yield Problem(path, "implies", f'"{rule["implies"]}" does not take a {rule["subject_class"]} and a '
                                           f'{rule["object_class"]} (its domain and range); fix the classes')
    for section in ("institutions", "organization_names", "organ_names"):
        yield from _core_predicates((section,), [("predicate", data[section]["predicate"])])
    background = data["background"]
    yield from _core_predicates(("background", "gazetteer_places"),
                                [("predicate", background["gazetteer_places"]["predicate"])])
    yield from _core_predicates(("background", "up_the_place_hierarchy"),
                                [("predicates", name) for name in background["up_the_place_hierarchy"]["predicates"]])
    bodies = background["national_bodies"]
    yield from _core_predicates(("background", "national_bodies"),
                                [("from", name) for name in bodies["from"]] + [("predicate", bodies["predicate"])])
    yield from _entity_classes(("background", "national_bodies"), [("body_classes", name) for name in bodies["body_classes"]])


MEANING_CHECKS: dict[str, Callable[[dict, Callable[[str], dict]], Iterator[Problem]]] = {
    "relations.json": _relations_problems,
    "triggers.json": _triggers_problems,
    "inferences.json": _inferences_problems,
    "lexicon.json": _lexicon_problems,
    "entities.json": _entities_problems,
}
