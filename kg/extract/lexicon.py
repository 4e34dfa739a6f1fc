"""Word lists the rules use, loaded from ``kg/rules/lexicon.json``.

They are linguistic data (titles, role nouns, function words), not facts
about any article: adding a word here needs no code change.
"""
from __future__ import annotations

import json
from pathlib import Path

RULES_DIR = Path(__file__).with_name("rules")


def load_json(name: str) -> dict:
    """A rules file, without its "_comment" keys."""
    with (RULES_DIR / name).open(encoding="utf-8") as handle:
        return _drop_comments(json.load(handle))


def _drop_comments(value):
    if isinstance(value, dict):
        return {k: _drop_comments(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_drop_comments(v) for v in value]
    return value


LEXICON: dict = load_json("lexicon.json")
