"""Rule files fail loudly: a broken copy stops kg with one line naming the file, the rule and the key."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from kg.errors import RuleError
from kg.extract import schemas
from kg.extract.lexicon import RULES_DIR, load_json

ROOT = Path(__file__).resolve().parents[2]
RULE_FILES = ("relations.json", "triggers.json", "entities.json", "lexicon.json", "inferences.json")


@pytest.fixture
def rules_copy(tmp_path, monkeypatch) -> Path:
    """A copy of kg's rule files that the loader reads instead (KG_RULES_DIR)."""
    folder = tmp_path / "rules"
    folder.mkdir()
    for name in RULE_FILES:
        shutil.copy(RULES_DIR / name, folder)
    monkeypatch.setenv("KG_RULES_DIR", str(folder))
    return folder


def _edit(folder: Path, name: str, mutate) -> None:
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def _at(data, path):
    for step in path:
        data = data[step]
    return data


def put(*path, value):
    """Set the key at the end of ``path``."""
    return lambda data: _at(data, path[:-1]).__setitem__(path[-1], value)


def drop(*path):
    return lambda data: _at(data, path[:-1]).pop(path[-1])


def rename(*path, to):
    return lambda data: _at(data, path[:-1]).__setitem__(to, _at(data, path[:-1]).pop(path[-1]))


def append(*path, value):
    return lambda data: _at(data, path).append(value)


def in_pattern(rule_id: str, mutate):
    """Mutate the pattern with this id, whatever its place in the file."""
    return lambda data: mutate(next(rule for rule in data["patterns"] if rule["id"] == rule_id))


TRIGGER = ("pattern", 0, "RIGHT_ATTRS")

CASES = [
    # file, mutation, the rule (or JSON path) named, the key named
    ("relations.json", put("predicates", value={}), "top level", '"predicates"'),
    ("relations.json", put("patterns", 0, "symetric_only", value=True), 'pattern "verb_object"', '"symetric_only"'),
    ("relations.json", put("patterns", 0, *TRIGGER, "LEMA", value="attack"),
     'pattern "verb_object", node "trigger", RIGHT_ATTRS', '"LEMA"'),
    ("relations.json", put("patterns", 0, "pattern", 1, "RIGHT_ATTRS", "DEP", value={"IN": ["dobj"], "NOT": ["x"]}),
     'pattern "verb_object", node "object", RIGHT_ATTRS.DEP', '"NOT"'),
    ("relations.json", drop("patterns", 0, "confidence"), 'pattern "verb_object"', 'missing required key "confidence"'),
    ("relations.json", drop("patterns", 0, "pattern", 1, "REL_OP"), 'pattern "verb_object", node "object"', '"REL_OP"'),
    ("relations.json", put("patterns", 0, "confidence", value="high"), 'pattern "verb_object"', 'key "confidence"'),
    ("relations.json", put("patterns", 0, "descriptive", value="yes"), 'pattern "verb_object"', 'key "descriptive"'),
    ("triggers.json", append("attacks", "verbs", value=7), "attacks", 'key "verbs[11]"'),
    ("relations.json", put("patterns", 0, "pattern", 1, "REL_OP", value=">>>"),
     'pattern "verb_object", node "object"', 'key "REL_OP"'),
    ("triggers.json", rename("attacks", to="attack"), "top level", 'key "attack"'),
    ("triggers.json", put("attacks", value=["attack"]), "top level", 'key "attacks"'),
    ("relations.json", put("patterns", 0, "predicate", value="assaults"), 'pattern "verb_object"', 'key "predicate"'),
    ("relations.json", put("patterns", 0, *TRIGGER, "LEMMA", value={"IN": "$verbz"}),
     'pattern "verb_object", node "trigger", RIGHT_ATTRS', '"$verbz"'),
    ("relations.json", put("patterns", 0, *TRIGGER, "POS", value={"IN": "$verbs"}),
     'pattern "verb_object", node "trigger", RIGHT_ATTRS.POS', 'key "IN"'),
    ("relations.json", put("patterns", 0, *TRIGGER, "LEMMA", value={"IN": "$titles"}), 'pattern "verb_object"',
     'key "predicate"'),
    ("relations.json", put("patterns", 1, "id", value="verb_object"), 'pattern "verb_object"', 'key "id"'),
    ("relations.json", put("patterns", 0, "pattern", 1, "LEFT_ID", value="verb"),
     'pattern "verb_object", node "object"', 'key "LEFT_ID"'),
    ("relations.json", put("patterns", 0, "pattern", 1, "RIGHT_ID", value="trigger"),
     'pattern "verb_object", node "trigger"', 'key "RIGHT_ID"'),
    ("relations.json", in_pattern("verb_object", lambda rule: [node.update(
        {key: "anchor" for key in ("LEFT_ID", "RIGHT_ID") if node.get(key) == "trigger"}) for node in rule["pattern"]]),
     'pattern "verb_object"', 'key "pattern"'),
    ("relations.json", put("patterns", 0, "subject", value="agent.pobj"), 'pattern "verb_object"', 'key "subject"'),
    ("relations.json", in_pattern("verb_prep_object", drop("object")), 'pattern "verb_prep_object"', 'key "object"'),
    ("relations.json", in_pattern("led_by", put("object", value="trigger.head.head")), 'pattern "led_by"', 'key "object"'),
    ("relations.json", in_pattern("based_in_participle", put("symmetric_only", value=True)),
     'pattern "based_in_participle"', 'key "symmetric_only"'),
    ("relations.json", in_pattern("noun_prep_object", put("two_parties", value=True)),
     'pattern "noun_prep_object"', 'key "two_parties"'),
    ("entities.json", put("stance_noun", value={"nouns": []}), "top level", '"stance_noun"'),
    ("entities.json", put("titles", "word", value=["sir"]), "titles", '"word"'),
    ("entities.json", put("locative_prepositions", "at", "not_afer", value=[]), "locative_prepositions.at", '"not_afer"'),
    ("entities.json", drop("facilities"), "top level", 'missing required key "facilities"'),
    ("entities.json", drop("government_verbs", "object_of"), "government_verbs", 'missing required key "object_of"'),
    ("entities.json", put("facilities", "heads", value="airport"), "facilities", 'key "heads"'),
    ("entities.json", append("news_agencies", "names", value=7), "news_agencies", 'key "names['),
    ("entities.json", put("seat_countries", "kremlin", value="Russia"), "seat_countries", 'key "kremlin"'),
    ("entities.json", put("institutions", "Army", value=["army"]), "institutions", 'key "Army"'),
    ("lexicon.json", put("honorific", value=["mr"]), "top level", '"honorific"'),
    ("lexicon.json", put("qualifiers", "negatorz", value=["not"]), "qualifiers", '"negatorz"'),
    ("lexicon.json", drop("qualifiers", "speech_verbs"), "qualifiers", 'missing required key "speech_verbs"'),
    ("lexicon.json", put("honorifics", value="mr"), "top level", 'key "honorifics"'),
    ("lexicon.json", put("role_titles", "prime minister", value="leads"), "role_titles", 'key "prime minister"'),
    ("lexicon.json", put("type_nouns", "Firm", value=["firm"]), "type_nouns", 'key "Firm"'),
    ("lexicon.json", put("org_type_keywords", "Club", value=["club"]), "org_type_keywords", 'key "Club"'),
    ("lexicon.json", put("country_aliases", "Holland", value="nl"), "country_aliases", 'key "Holland"'),
    ("inferences.json", put("implications", 0, "implys", value="citizen_of"), 'implication "role_in_country"',
     '"implys"'),
    ("inferences.json", put("implications", 0, "implies", value="citizen"), 'implication "role_in_country"',
     'key "implies"'),
    ("inferences.json", put("implications", 0, "object_class", value="City"), 'implication "role_in_country"',
     'key "implies"'),
    ("inferences.json", drop("implications", 0, "confidence"), 'implication "role_in_country"',
     'missing required key "confidence"'),
    ("inferences.json", put("background", "up_the_place_hierarchy", "predicates", value=["based"]),
     "background.up_the_place_hierarchy", 'key "predicates"'),
    ("inferences.json", put("institutions", "confidence", value="high"), "institutions", 'key "confidence"'),
]


@pytest.mark.parametrize("name, mutate, where, key", CASES, ids=[f"{c[0]}:{c[2]}:{c[3]}" for c in CASES])
def test_a_broken_rule_file_names_file_rule_and_key(rules_copy, name, mutate, where, key):
    _edit(rules_copy, name, mutate)
    with pytest.raises(RuleError) as caught:
        load_json(name)
    message = str(caught.value)
    assert message.startswith(f"{rules_copy / name}: {where}: "), message
    assert key in message
    assert "\n" not in message


@pytest.mark.parametrize("name", RULE_FILES)
def test_kg_rule_files_load(name, monkeypatch):
    monkeypatch.delenv("KG_RULES_DIR", raising=False)
    assert load_json(name)


@pytest.mark.parametrize("name", RULE_FILES)
def test_a_faithful_copy_loads_the_same(rules_copy, name, monkeypatch):
    copied = load_json(name)
    monkeypatch.delenv("KG_RULES_DIR")
    assert copied == load_json(name)


@pytest.mark.parametrize("name", RULE_FILES)
def test_the_schemas_are_json_schemas(name):
    schema = json.loads((schemas.SCHEMA_DIR / name.replace(".json", ".schema.json")).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)


def test_a_trigger_list_no_pattern_uses_is_named_where_patterns_are_checked(rules_copy):
    """A misspelt list name in triggers.json ("verb_prep") would never match: relations.json's check says so."""
    _edit(rules_copy, "triggers.json", put("attacks", "verb_prep", value=["on"]))
    assert load_json("triggers.json")  # well formed on its own
    with pytest.raises(RuleError) as caught:
        load_json("relations.json")
    assert '"$verb_prep"' in str(caught.value) and "triggers.json" in str(caught.value)


def test_comments_are_allowed_everywhere(rules_copy):
    _edit(rules_copy, "relations.json", put("patterns", 0, "pattern", 0, "RIGHT_ATTRS", "_why", value="a comment"))
    assert load_json("relations.json")


def test_each_file_is_checked_once(rules_copy, monkeypatch):
    calls = []
    monkeypatch.setitem(schemas.MEANING_CHECKS, "entities.json", lambda data, load: calls.append(1) or iter(()))
    load_json("entities.json")
    load_json("entities.json")
    assert calls == [1]


def test_an_unreadable_rule_file_is_one_line(rules_copy):
    (rules_copy / "lexicon.json").write_text('{"honorifics": [', encoding="utf-8")
    with pytest.raises(RuleError, match="lexicon.json: cannot read the rule file"):
        load_json("lexicon.json")
    (rules_copy / "lexicon.json").unlink()
    with pytest.raises(RuleError, match="KG_RULES_DIR"):
        load_json("lexicon.json")


MISSPELT = [  # one misspelt key per rule file, and what the error line must name
    ("relations.json", put("patterns", 0, "symetric_only", value=True), ['"symetric_only"', 'pattern "verb_object"']),
    ("triggers.json", put("attacks", "verbz", value=["attack"]), ['"$verbz"', "triggers.json"]),
    ("entities.json", put("titles", "word", value=["sir"]), ['"word"', "titles"]),
    ("lexicon.json", put("qualifiers", "negatorz", value=["not"]), ['"negatorz"', "qualifiers"]),
    ("inferences.json", put("backgrund", value={}), ['"backgrund"', "top level"]),
]


@pytest.mark.parametrize("name, mutate, named", MISSPELT, ids=[case[0] for case in MISSPELT])
def test_kg_build_with_a_broken_rule_file_says_one_line(rules_copy, tmp_path, name, mutate, named):
    _edit(rules_copy, name, mutate)
    run = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={k: v for k, v in os.environ.items() if k != "KG_DEBUG"},
    )
    assert run.returncode != 0
    errors = [line for line in run.stderr.splitlines() if line.startswith("kg: error:")]
    assert len(errors) == 1, run.stderr
    assert all(part in errors[0] for part in named), errors[0]
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()
