"""Entity keys: the slug an entity's IRI is made from ("Vladimir Putin" -> "vladimir-putin")."""
from __future__ import annotations

from .gazetteer import fold


def slug(name: str) -> str:
    return fold(name).replace(" ", "-") or "entity"
