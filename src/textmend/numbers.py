"""The ``number`` rule's tables: digits spinners make out of number words.

Spinners turn "the two states" into "the 2 states". News style spells out one to nine,
so a lone small digit between two lower-case words is evidence of spinning; everything
that makes a digit legitimate (units, magnitudes, names like "Channel 4") is listed here.
"""

from __future__ import annotations

NUMBER_WORDS: dict[str, str] = {
    "1": "one", "2": "two", "3": "three", "4": "four", "5": "five",
    "6": "six", "7": "seven", "8": "eight", "9": "nine",
}

# Words after a digit that make the digit legitimate ("3 million", "5 per cent", "2 pm").
DIGIT_FRIENDLY_NEXT: frozenset[str] = frozenset(
    """
    million millions billion billions trillion thousand thousands hundred hundreds
    m bn tn k kg g mg km m2 cm mm ft in mph kph mb gb tb kb mhz ghz kw mw gw
    per percent pc pct am pm gmt bst utc a.m p.m x v vs to or and of
    """.split()
)

# Words before a digit that make it part of a name or a reference ("page 3", "型 2").
DIGIT_FRIENDLY_PREVIOUS: frozenset[str] = frozenset(
    """
    page pages chapter section article clause paragraph line lines item items number no
    version level grade stage phase round series season episode volume vol part parts
    channel radio formula division league tier type category class model mark gen
    room floor gate platform terminal route highway bus flight track step figure table
    appendix schedule rule question game act scene verse row column day week
    world war windows iphone playstation xbox wii office plus minus
    """.split()
)
