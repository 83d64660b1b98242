"""The ``number`` rule's tables: digits spinners make out of number words.

Spinners turn "the two states" into "the 2 states". News style spells out one to nine,
so a lone small digit between two lower-case words is evidence of spinning; everything
that makes a digit legitimate (units, magnitudes, names like "Channel 4") is listed here.
"""

from __future__ import annotations

import regex

NUMBER_WORDS: dict[str, str] = {
    "1": "one", "2": "two", "3": "three", "4": "four", "5": "five",
    "6": "six", "7": "seven", "8": "eight", "9": "nine",
}

DIGIT_FRIENDLY_NEXT: frozenset[str] = frozenset(
    """
    million millions billion billions trillion thousand thousands hundred hundreds
    m bn tn k kg g mg km m2 cm mm ft in mph kph mb gb tb kb mhz ghz kw mw gw
    per percent pc pct am pm gmt bst utc a.m p.m x v vs to or and of
    cup cups tbsp tsp tablespoon tablespoons teaspoon teaspoons oz lb lbs ml litre litres liter liters
    pint pints
    bit bits byte bytes kilobit kilobits megabit megabits gigabit gigabits kilobyte kilobytes megabyte megabytes
    gigabyte gigabytes terabyte terabytes kbps mbps gbps megapixel megapixels pence cents euro euros dollars yen
    rupees pesos francs roubles rubles yuan
    min mins sec secs hr hrs wk wks yr yrs mi sq yd yds db hz khz deg
    """.split()
)
"""Words after a digit that make the digit legitimate ("3 million", "5 per cent", "2 pm"). Abbreviated
units ("3 mins", "2 hrs", "2 sq ft", "3 mi", "2 dB") are written only next to digits
(a new user's probe, 2026-12-04: "three mins" at .90-.93); units spelled out ("3 hours", "3 kilograms")
are not listed, as news spells small numbers out before them and spinners turn "three hours" into
"3 hours"."""

DIGIT_SIGNS_AFTER = "%‰°=<>≤≥≠≈^*/+×÷|"
"""Characters right after a digit (spaces between allowed) that make it natural: a percentage
("4%"), a degree ("3°C", "90°"), an operator of a formula or of code ("1/n", "2^k", "0 <= l1_ratio"; "18+"), or a table's
cell border ("| 2 | Gamma |")."""
DIGIT_SIGNS_BEFORE = "$£€¥#=<>≤≥≠≈±^*/+×÷−~|"
"""Characters right before a digit (spaces between allowed) that make it natural: a currency or
number sign ("$5", "#3"), an operator of a formula or of code ("default=0", "p < 5", "x^2", "−1"
with the minus sign), or a table's cell border. The docstrings of scikit-learn, scipy and statsmodels
(``benchmarks/tortured.py``) had 159 number edits in 60,155 words without the operators, among them
"default=0" -> "default=zero" and "l1_ratio=1" -> "l1_ratio=one"; 52 with them and :data:`DIGIT_BRACKETS`,
and none once a document that writes code gets no number rule (``textmend.detect.spans_of``)."""
DIGIT_BRACKETS = ("([", ",)]")
"""A digit with an opening bracket right before it and a comma or closing bracket right after it
is a label or an element of a tuple: "(1)", "[2]", "(1, n_features)", "(1,)"; no author writes
"(one, n_features)". Prose in brackets ("(1 in 5 people)") has a space after the digit."""
MONTHS: frozenset[str] = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
"""Month names: a digit next to one is a date ("6 to 9 January", "March 3")."""
NUMBER_JOINERS: frozenset[str] = frozenset({"x"})
"""Words that join two numbers into one expression ("2 x 4"): a digit on either side is the
author's (``textmend.detect.written_as_digits``)."""

# Words before a digit that make it part of a name or a reference ("page 3", "型 2").
DIGIT_FRIENDLY_PREVIOUS: frozenset[str] = frozenset(
    """
    page pages chapter section article clause paragraph line lines item items number no
    version level grade stage phase round series season episode volume vol part parts
    channel radio formula division league tier type category class model mark gen
    room floor gate platform terminal route highway bus flight track step figure table
    appendix schedule rule question game act scene verse row column day week
    world war windows iphone playstation xbox wii office plus minus
    p pp fig eq ch sec year group unit ward block zone district lot exit junction bay door
    """.split()
)
STREET_TYPES: frozenset[str] = frozenset(
    "road rd street st lane ln avenue ave drive dr close way place square crescent terrace gardens grove "
    "court hill park row walk mews".split()
)
"""Words that end a street's name: a digit before a capitalised name that ends in one is a house number
("7 Park Lane", "4 Church Road"; ``textmend.detect.written_as_digits``)."""
PAIR_JOINERS: frozenset[str] = frozenset({"to", "or", "and", "of", "x", "v", "vs"})
"""Words of :data:`DIGIT_FRIENDLY_NEXT` that join a digit to another number ("1 to 5", "4 of 5", "2 v 1"):
they make a digit natural only when the number on their other side is in digits too (and the digit after
them then as well: "5 to 4", "3 of 5"). "floors 1 to five" and "3 of the
five men" are half-spun ranges and counts (a new user's probe, 2026-12-03: the digits stayed in spun
articles; ``textmend.detect._number_style``)."""
NUMBER_OPENERS: frozenset[str] = frozenset(
    """
    a an the this that these those each every all both another some any no only just even also about
    around roughly approximately nearly almost over under more fewer less at least most by for from in
    into on onto of to with within without after before during since until till among between than as
    if when while where once and but or nor so yet then now still however meanwhile overall altogether
    today yesterday tomorrow last next his her their its our my your we they he she it i you there here
    up down top just exactly precisely some several many few
    """.split()
)
"""Words that open a sentence before a number without naming anything ("About 2 people", "Only 3",
"In 2 cases"). Any other capitalised word right before a digit at a sentence's start is a name the digit
belongs to, as one inside a sentence is ("Halo 2 was", "Windows 10 is"; ``textmend.detect._after_name``;
a new user's probe, 2026-12-03: "Halo 2 was" became "Halo two was" in a spun article)."""
RANGE_JOINERS: frozenset[str] = frozenset({"to", "and", "or"})
"""Words that join the ends of a range ("between 0 and 1"): when the other end is "0" or a decimal, a
number no one spells in running text, the digit is the author's too (the rule made "between 0 and
one")."""


_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"), (100, "hundred"))
_DIGITS = regex.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(st|nd|rd|th|s)?")
MAX_SPOKEN = 10**12
"""Integers up to this are spelled out for the language model; larger ones stay as they are."""


def spoken(token: str) -> tuple[str, ...]:
    """The words a speaker says for a number token, as the (spoken-style) language model knows them.

    "21" -> ("twenty", "one"); "1,000" -> ("one", "thousand"); "3rd" -> ("third",);
    "1984" -> ("nineteen", "eighty", "four"); "1980s" -> ("nineteen", "eighties");
    "twenty-one" -> ("twenty", "one"); any other token -> (token,). Lower-case input.
    """
    match = _DIGITS.fullmatch(token)
    if match is None:
        if "-" in token and all(p in NUMBER_PARTS for p in token.split("-")):
            return tuple(token.split("-"))
        return (token,)
    digits = match.group(1)
    value = int(digits.replace(",", ""))
    if value >= MAX_SPOKEN:
        return (token,)
    words = _say_year(value) if len(digits) == 4 and 1100 <= value <= 2099 else _say(value)
    suffix = match.group(2)
    if suffix == "s":  # a decade: "1980s" -> "nineteen eighties"
        last = words[-1]
        words[-1] = (last[:-1] + "ies") if last.endswith("y") else last + "s"
    elif suffix:
        last = words[-1]
        words[-1] = _ORDINAL.get(last, (last[:-1] + "ieth") if last.endswith("y") else last + "th")
    return tuple(words)


def is_digits(token: str) -> bool:
    """Whether ``token`` is a number written with digits ("21", "1,000", "3rd", "1980s")."""
    return _DIGITS.fullmatch(token) is not None


def number_value(phrase: str) -> int | None:
    """The integer a number phrase names, digits or words ("21", "twenty-one", "twenty one"), else None."""
    match = _DIGITS.fullmatch(phrase)
    if match is not None:
        return None if match.group(2) else int(match.group(1).replace(",", ""))
    parts: list[str] = []
    for token in phrase.split(" "):
        parts.extend(spoken(token))
    total, current = 0, 0
    for word in parts:
        if word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALE_VALUES:
            total += max(current, 1) * _SCALE_VALUES[word]
            current = 0
        elif word in ("a", "and") and parts:
            continue
        else:
            return None
    return total + current


def _say_year(value: int) -> list[str]:
    """A four-digit year as it is said: 1984 -> nineteen eighty four, 2005 -> two thousand five."""
    high, low = divmod(value, 100)
    if 2000 <= value <= 2009:
        return _say(value)
    if low == 0:
        return _say(high) + ["hundred"]
    return _say(high) + (["oh"] if low < 10 else []) + _say(low)


def _say(value: int) -> list[str]:
    if value < 20:
        return [_ONES[value]]
    if value < 100:
        tens, ones = divmod(value, 10)
        return [_TENS[tens]] + ([_ONES[ones]] if ones else [])
    for scale, name in _SCALES:
        if value >= scale:
            high, rest = divmod(value, scale)
            return _say(high) + [name] + (_say(rest) if rest else [])
    return [str(value)]


_WORD_VALUES = {w: i for i, w in enumerate(_ONES)} | {w: 10 * i for i, w in enumerate(_TENS) if w != "_"}
_SCALE_VALUES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
NUMBER_PARTS: frozenset[str] = frozenset(_WORD_VALUES) | frozenset(_ORDINAL.values()) | frozenset(
    w[:-1] + "ieth" for w in _TENS if w != "_"
) | frozenset(w + "th" for w in _ONES[4:]) | {"hundred", "thousand", "million", "billion"}
