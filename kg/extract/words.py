"""Word sets derived from the rule data, defined once for every stage that reads them.

The words themselves live in ``rules/lexicon.json`` and ``rules/entities.json``;
this module only indexes them ("prime minister" -> leader_of; "miner" -> Company).
"""
from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Token

from .lexicon import LEXICON, load_json

ENTITY_RULES = load_json("entities.json")

TYPE_NOUNS: dict[str, str] = {noun: kind for kind, nouns in LEXICON["type_nouns"].items() for noun in nouns}
ROLE_TITLES: dict[str, str] = LEXICON["role_titles"]  # "prime minister" -> "leader_of"
ROLE_PREDICATES = frozenset(ROLE_TITLES.values())
ROLE_HEADS = frozenset(title.split()[-1] for title in ROLE_TITLES)  # "minister", "president", ...
COUNTERPARTS = frozenset(LEXICON["counterpart_nouns"])
HEAD_OF_STATE = frozenset(LEXICON["head_of_state_titles"])
PLACE_NOUNS = frozenset(LEXICON["place_nouns"])
PART_NOUNS = frozenset(LEXICON["part_nouns"])  # "a unit of", "the armed wing of"
PERSON_NOUNS = frozenset(ENTITY_RULES["person_nouns"]["nouns"])  # "officer", "lawyer": what people are called
KILLING_VERBS = frozenset(load_json("triggers.json")["kills"]["verbs"])  # who is shot or murdered is a person
ORGAN_NOUNS = frozenset(LEXICON["organ_nouns"])  # "Commission", "Parliament": what an organization's organs are called
EVENT_NOUNS = frozenset(LEXICON["event_nouns"])
TENURE_WORDS = frozenset(LEXICON["tenure_words"])  # "former", "acting": not part of a title
COMPANY_SUFFIXES = frozenset(ENTITY_RULES["company_suffixes"]["words"])  # "inc", "gmbh", "holdings"
GENERIC_FIRST_WORDS = frozenset(STOP_WORDS) | frozenset(ENTITY_RULES["generic_first_words"]["words"])


def type_noun_kind(noun: Token) -> str | None:
    """The class a common noun names: "the miner" -> Company. A two-word noun is read first:
    "publishing house" is a company, "news agency" a medium, though "agency" alone is government."""
    lemma, doc = noun.lemma_.lower(), noun.doc
    if noun.i > 1 and doc[noun.i - 1].text == "-" and (kind := TYPE_NOUNS.get(f"{doc[noun.i - 2].lower_}-{lemma}")):
        return kind  # "a start-up", parsed as "start - up"
    before = doc[noun.i - 1] if noun.i > 0 else None
    if before is not None and before.head == noun and before.dep_ in {"compound", "amod"}:
        kind = TYPE_NOUNS.get(f"{before.lower_} {lemma}")
        if kind:
            return kind
    return TYPE_NOUNS.get(lemma)
