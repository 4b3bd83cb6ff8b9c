"""Search keys for French place names. Pure functions.

A search key is lower case, without accents, with hyphens, apostrophes and
punctuation turned into single spaces: « L'Haÿ-les-Roses » → « l hay les roses ».
Stored next to the name, it makes the same search work on SQLite and
PostgreSQL without the `unaccent` extension.
"""

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def search_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub(" ", ascii_only).strip()
