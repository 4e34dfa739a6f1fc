"""Word lists the rules use, loaded from ``kg/extract/rules/lexicon.json``.

They are linguistic data (titles, role nouns, function words), not facts
about any article: adding a word here needs no code change. Every rule file
is checked against its schema when it loads (``kg/extract/schemas.py``);
``KG_RULES_DIR`` points kg at another folder of rule files.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from .. import errors
from .schemas import check_rule_file

RULES_DIR = Path(__file__).with_name("rules")


def rules_dir() -> Path:
    """kg's own rules, or the folder KG_RULES_DIR names (it must hold every rule file)."""
    return Path(os.environ.get("KG_RULES_DIR") or RULES_DIR)


def load_json(name: str) -> dict:
    """A rules file, without its "_comment" keys, checked against its schema."""
    path = rules_dir() / name
    try:
        with path.open(encoding="utf-8") as handle:
            data = _drop_comments(json.load(handle))
    except OSError as error:
        raise errors.rules_unreadable(path, error.strerror or str(error)) from None
    except ValueError as error:  # not JSON, or not UTF-8
        raise errors.rules_unreadable(path, str(error)) from None
    check_rule_file(path, data, load_json)
    return data


def _drop_comments(value):
    if isinstance(value, dict):
        return {k: _drop_comments(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_drop_comments(v) for v in value]
    return value


LEXICON: dict = load_json("lexicon.json")
