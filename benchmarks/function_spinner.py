"""A benchmark spinner that imitates a content-farm tool's function-word behaviour.

Thesauri spin content words; commercial spinners also rewrite function words, numbers and
stock phrases, and those swaps are what no thesaurus holds (DESIGN.md, "What thesauri lack").
This spinner makes *only* those swaps, at a configurable rate, so the benchmark can measure
how much of that class of damage textmend undoes (issue 11, item 6).

Its table (:data:`TABLE`) is the benchmark's stand-in for a real tool's dictionary. It is
written here, for the benchmark only, and independently of textmend's own rules
(``wordlists/function_words.tsv``): this module never reads ``wordlists/``. The swaps are the
ones seen in content-farm output and in the paraphrased real cases of issues 10 and 11
("I was definitely shocked" -> "I used to be indisputably surprised", "a sign of" -> "an
indication of", "the first" -> "the primary", "Under the new rules" -> "Underneath the new
rules", "year" -> "12 months"), grouped by the classes of issue 11: auxiliaries,
contractions (both directions), digits and number words (both directions), time, quantity,
connectives, adverbs, prepositions, determiners and reporting verbs.

How it spins (:meth:`FunctionSpinner.spin`):

- the text is scanned left to right for the longest table phrase at each word, phrases being
  words separated by single spaces; each match is one *site*;
- a site whose first word is capitalised mid-sentence is left alone ("May", "US");
- ``round(rate * sites)`` sites are picked at random and each gets one of its spun forms at
  random, with the case of the original's first letter (``It is`` -> ``It's``);
- every swap is recorded as a :class:`benchmarks.spinner.Substitution` (kind ``number`` for
  the number class, else ``function``) with offsets into both texts, and every character
  outside the spans is copied unchanged;
- ``seed`` and ``key`` (a document id) fix the result.

It needs nothing but ``regex``: no thesaurus, wordfreq or lemminflect.
"""

from __future__ import annotations

import random

import regex

from .spinner import _SENTENCE_END, Substitution, SpunText, match_case

# A word with internal apostrophes or hyphens ("didn't", "twenty-one"), or a number with
# separators and an optional ordinal suffix ("1,000", "3.5", "21st").
TOKEN_RE = regex.compile(
    r"\p{Nd}+(?:[.,]\p{Nd}+)*(?:st|nd|rd|th)?(?![\p{L}\p{Nd}])"
    r"|\p{L}+(?:['\u2019\-]\p{L}+)*"
)

_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve "
                 "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
_TENS = ("thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
             "twelfth").split()
_ORDINAL_DIGITS = ("1st 2nd 3rd 4th 5th 6th 7th 8th 9th 10th 11th 12th").split()

# (long form, short form): the spinner contracts and expands, both ways.
_CONTRACTIONS = [
    ("it is", "it's"), ("that is", "that's"), ("there is", "there's"), ("he is", "he's"),
    ("she is", "she's"), ("what is", "what's"), ("i am", "i'm"), ("we are", "we're"),
    ("you are", "you're"), ("they are", "they're"), ("i have", "i've"), ("we have", "we've"),
    ("they have", "they've"), ("you have", "you've"), ("i will", "i'll"),
    ("we will", "we'll"), ("they will", "they'll"), ("it will", "it'll"),
    ("you will", "you'll"), ("i would", "i'd"), ("we would", "we'd"),
    ("they would", "they'd"), ("do not", "don't"), ("does not", "doesn't"),
    ("did not", "didn't"), ("is not", "isn't"), ("are not", "aren't"),
    ("was not", "wasn't"), ("were not", "weren't"), ("has not", "hasn't"),
    ("have not", "haven't"), ("had not", "hadn't"), ("will not", "won't"),
    ("would not", "wouldn't"), ("could not", "couldn't"), ("should not", "shouldn't"),
    ("cannot", "can't"), ("must not", "mustn't"), ("let us", "let's"),
]


def _numbers() -> dict[str, tuple[str, ...]]:
    """Number words <-> digits, both ways: 0-20, the tens, hundred to billion, ordinals."""
    pairs = [(w, str(n)) for n, w in enumerate(_NUMBER_WORDS)]
    pairs += [(w, str(30 + 10 * i)) for i, w in enumerate(_TENS)]
    pairs += [("a hundred", "100"), ("one hundred", "100"), ("a thousand", "1,000"),
              ("one thousand", "1,000"), ("a million", "1 million"),
              ("one million", "1 million"), ("a billion", "1 billion")]
    pairs += list(zip(_ORDINALS, _ORDINAL_DIGITS))
    table: dict[str, list[str]] = {}
    for words, digits in pairs:
        table.setdefault(words, []).append(digits)
        table.setdefault(digits, []).append(words)
    return {k: tuple(dict.fromkeys(v)) for k, v in table.items()}


def _both_ways(pairs: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for a, b in pairs:
        table.setdefault(a, []).append(b)
        table.setdefault(b, []).append(a)
    return {k: tuple(v) for k, v in table.items()}


def _rows(text: str) -> dict[str, tuple[str, ...]]:
    """``original = spun | spun`` lines, one per row, into a table."""
    table = {}
    for line in text.strip().splitlines():
        original, _, spun = line.partition("=")
        table[original.strip()] = tuple(s.strip() for s in spun.split("|"))
    return table


TABLE: dict[str, dict[str, tuple[str, ...]]] = {
    "auxiliary": _rows("""
        was = used to be | had been
        were = had been | have been
        has been = had been
        have been = had been
        can = may
        could = might
        may = might
        might = may
        should = ought to
        must = should
        will = will certainly
        need to = have to
        able to = capable of
    """),
    "contraction": _both_ways(_CONTRACTIONS),
    "number": _numbers(),
    "time": _rows("""
        year = 12 months
        a year = a 12 months
        last year = final 12 months | final yr
        this year = this 12 months
        next year = subsequent yr
        week = 7 days
        today = at present | as we speak
        now = at present
        recently = lately | not too long ago
        currently = presently
        finally = lastly
        always = all the time
        often = usually
        never = by no means
        soon = quickly
        ago = in the past
        in the past = prior to now
        the future = the longer term
        meanwhile = in the meantime
        so far = up to now
        before = earlier than
        at the same time = on the similar time
        next = subsequent
        last = final
    """),
    "quantity": _rows("""
        up to = as much as
        about = round | roughly
        around = round
        more than = greater than | upwards of
        less than = lower than
        at least = a minimum of | no less than
        a lot of = loads of | plenty of
        lots of = loads of
        many = numerous | quite a few
        several = a number of
        a few = a couple of
        the number of = the variety of
        most of the = a lot of the
        the most = essentially the most
        nearly = practically
        almost = virtually
        enough = sufficient
        a little = a bit of
        every = each
    """),
    "connective": _rows("""
        but = however | nevertheless
        also = additionally | moreover
        because = as a result of | since
        because of = on account of | due to
        although = even though | though
        however = nonetheless | nevertheless
        therefore = due to this fact | subsequently
        while = whereas
        as well as = in addition to
        for example = for instance
        such as = corresponding to | similar to
        in order to = so as to
        in fact = in reality
        despite = regardless of | in spite of
        instead of = as an alternative of
        rather than = somewhat than
        of course = after all
        overall = total
        so that = in order that
        whether = whether or not
        even if = even when
        furthermore = moreover
    """),
    "adverb": _rows("""
        just = simply | merely
        very = really | extremely
        only = solely
        still = nonetheless
        really = actually
        definitely = indisputably | undoubtedly
        especially = particularly
        probably = in all probability
        perhaps = maybe
        quickly = rapidly
        easily = simply
        mostly = largely
        again = once more
        well = nicely
        completely = totally
        mainly = primarily
        basically = principally
        together = collectively
    """),
    "preposition": _rows("""
        at the = on the
        in the = within the | inside the
        under = underneath
        among = amongst
        through = by means of
        during = throughout
        across = throughout
        outside = exterior
        without = with out
        towards = in direction of
        against = in opposition to
        including = together with
        next to = subsequent to
        in front of = in entrance of
        at the end of = on the finish of
        the end of = the top of
        below = beneath
        within = inside
        regarding = concerning
        unlike = not like
    """),
    "determiner": _rows("""
        another = one other
        the first = the primary
        other = different
        the other = the opposite
        all the = all of the
        each other = one another
        where = the place
        here = right here
        the same = the identical
        any = any kind of
        own = personal
        everything = every little thing
        something = one thing
        everyone = everybody
        someone = somebody
        a sign of = an indication of
    """),
    "reporting": _rows("""
        said = stated | mentioned
        says = states
        told = informed | advised
        according to = in line with | in accordance with | as per
        added = introduced
        asked = requested
        explained = defined
        announced = introduced
        noted = famous
        suggested = steered
        called = known as
        known as = often known as
        in a statement = in an announcement
    """),
}
"""Class -> original -> spun forms. Keys are lower-case words separated by single spaces."""

class FunctionSpinner:
    """Spins the function words, numbers and stock phrases of :data:`TABLE`; see the module
    docstring. ``table`` (class -> original -> spun forms) replaces :data:`TABLE` in tests."""

    def __init__(self, table: dict[str, dict[str, tuple[str, ...]]] | None = None) -> None:
        self.table = table if table is not None else TABLE
        merged: dict[tuple[str, ...], list[str]] = {}
        self.class_of: dict[str, str] = {}
        for cls, rows in self.table.items():
            for original, spun in rows.items():
                merged.setdefault(tuple(original.split()), []).extend(spun)
                self.class_of.setdefault(original, cls)
        self._swaps = {k: tuple(dict.fromkeys(v)) for k, v in merged.items()}
        self._longest = max((len(k) for k in self._swaps), default=0)

    def sites(self, text: str) -> list[tuple[int, int, str]]:
        """Every spinnable site of ``text`` as ``(start, end, key)``: offsets into ``text``
        and the matched original's table key, left to right, longest match first."""
        tokens = [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]
        lowers = [t[2].lower().replace("\u2019", "'") for t in tokens]
        out = []
        i = 0
        while i < len(tokens):
            n = self._match(text, tokens, lowers, i)
            if n:
                out.append((tokens[i][0], tokens[i + n - 1][1], " ".join(lowers[i : i + n])))
                i += n
            else:
                i += 1
        return out

    def _match(self, text: str, tokens: list[tuple[int, int, str]], lowers: list[str],
               i: int) -> int:
        """The number of tokens of the longest table phrase at token ``i``, or 0."""
        start, end, first = tokens[i]
        if first[:1].isupper() and not (lowers[i] == "i" or lowers[i].startswith("i'")) and (
            not _sentence_start(text, start)
        ):
            return 0  # a name or a title ("May", "Under Milk Wood")
        if first[:1].isdigit() and not _bare_number(text, start, end):
            return 0  # part of a time, price, range or percentage ("10:30", "$5", "5%")
        for n in range(min(self._longest, len(tokens) - i), 0, -1):
            if tuple(lowers[i : i + n]) in self._swaps and all(
                text[tokens[k][1] : tokens[k + 1][0]] == " " for k in range(i, i + n - 1)
            ):
                return n
        return 0

    def spin(self, text: str, rate: float, seed: int = 0, key: str = "") -> SpunText:
        """Swap ``round(rate * sites)`` of the sites of ``text`` (see :meth:`sites`).

        Returns a :class:`benchmarks.spinner.SpunText` whose ``content_words`` is the number
        of sites (the denominator of the rate). Raises ``ValueError`` when ``rate`` is not
        in [0, 1]."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"rate must be between 0 and 1, got {rate!r}")
        rng = random.Random(f"textmend-function-spinner:{seed}:{key}")
        sites = self.sites(text)
        chosen = sorted(rng.sample(range(len(sites)), round(rate * len(sites))))
        parts: list[str] = []
        subs: list[Substitution] = []
        pos = out_len = 0
        for index in chosen:
            start, end, original_key = sites[index]
            forms = self._swaps[tuple(original_key.split())]
            replacement = match_case(text[start:end], forms[rng.randrange(len(forms))])
            parts.append(text[pos:start])
            out_len += start - pos
            parts.append(replacement)
            kind = "number" if self.class_of.get(original_key) == "number" else "function"
            subs.append(Substitution(out_len, out_len + len(replacement), replacement,
                                     text[start:end], kind, start, end))
            out_len += len(replacement)
            pos = end
        parts.append(text[pos:])
        return SpunText(text, "".join(parts), tuple(subs), len(sites))


_BEFORE_NUMBER = set(" \t\r\n(\"'\u201c\u2018")
_AFTER_NUMBER = set(" \t\r\n,;.!?)\"'\u201d\u2019")


def _bare_number(text: str, start: int, end: int) -> bool:
    """True if the number at ``text[start:end]`` stands alone, between spaces or ordinary
    punctuation (not "$5", "5%", "10:30" or "2-3")."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before in _BEFORE_NUMBER and after in _AFTER_NUMBER


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END
