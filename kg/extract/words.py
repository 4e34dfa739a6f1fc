"""Word sets derived from the rule data, defined once for every stage that reads them.

The words themselves live in ``rules/lexicon.json`` and ``rules/entities.json``;
this module only indexes them ("prime minister" -> leader_of; "miner" -> Company).
"""
from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS

from .lexicon import LEXICON, load_json

ENTITY_RULES = load_json("entities.json")

TYPE_NOUNS: dict[str, str] = {noun: kind for kind, nouns in LEXICON["type_nouns"].items() for noun in nouns}
ROLE_TITLES: dict[str, str] = LEXICON["role_titles"]  # "prime minister" -> "leader_of"
ROLE_PREDICATES = frozenset(ROLE_TITLES.values())
ROLE_HEADS = frozenset(title.split()[-1] for title in ROLE_TITLES)  # "minister", "president", ...
COUNTERPARTS = frozenset(LEXICON["counterpart_nouns"])
HEAD_OF_STATE = frozenset(LEXICON["head_of_state_titles"])
PLACE_NOUNS = frozenset(LEXICON["place_nouns"])
EVENT_NOUNS = frozenset(LEXICON["event_nouns"])
TENURE_WORDS = frozenset(LEXICON["tenure_words"])  # "former", "acting": not part of a title
COMPANY_SUFFIXES = frozenset(ENTITY_RULES["company_suffixes"]["words"])  # "inc", "gmbh", "holdings"
GENERIC_FIRST_WORDS = frozenset(STOP_WORDS) | frozenset(ENTITY_RULES["generic_first_words"]["words"])
