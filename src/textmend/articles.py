"""Which indefinite article a word takes: "a sign", "an indication".

Spelling decides, except for the words listed here whose sound does not follow it.
"""

from __future__ import annotations

VOWEL_LETTERS = frozenset("aeiou")

# Spelled with a consonant, sounded with a vowel: "an hour", "an honest".
VOWEL_SOUND_PREFIXES: tuple[str, ...] = ("hour", "honest", "honour", "honor", "heir", "herb")

# Spelled with a vowel, sounded with a consonant: "a union", "a one-off", "a European".
CONSONANT_SOUND_PREFIXES: tuple[str, ...] = (
    "uni", "use", "usu", "uti", "ure", "uro", "eu", "ewe", "one", "once", "ubiq", "uk", "us-",
)


def article_for(word: str) -> str:
    """``"a"`` or ``"an"`` for the lower-case ``word`` that follows the article."""
    w = word.lower()
    if w.startswith(VOWEL_SOUND_PREFIXES):
        return "an"
    if w.startswith(CONSONANT_SOUND_PREFIXES):
        return "a"
    return "an" if w[:1] in VOWEL_LETTERS else "a"
