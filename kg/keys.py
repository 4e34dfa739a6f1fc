"""Entity keys: the slug an entity's IRI is made from ("Vladimir Putin" -> "vladimir-putin").

Latin names fold case and accents ("José Martí" -> "jose-marti"), as names do
everywhere in kg. Letters with no Latin base stay themselves, lower-cased
("Łódź" -> "łodz", "Дмитрий Песков" -> "дмитрий-песков"): IRIs allow them,
and two different names must never share a key. A name with no letter or
digit at all gets a key from its hash.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def slug(name: str) -> str:
    folded = "".join(map(_fold_char, unicodedata.normalize("NFC", name))).replace("\u2019", "'")
    words = _WORD.findall(folded.replace("'", "").lower())
    if words:
        return "-".join(words)
    return "entity-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


def _fold_char(char: str) -> str:
    """A character without its accents ("é" -> "e", "ﬁ" -> "fi"), except a letter with no Latin base ("ł", "д")."""
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return char if not base.isascii() and unicodedata.category(char).startswith("L") else base
