"""Lossless tokenizer: ``"".join(t.text for t in tokenize(s)) == s``.

One ``regex`` pattern, compiled with VERBOSE, with a comment on each alternative
(the wordfreq way). Offsets are indices into the caller's ``str``.

Apostrophes: ``'``, U+2019, U+02BC and U+2018 (:data:`APOSTROPHES`) split a text at the same places
and every lookup key writes them ``'`` (:func:`fold`, used wherever a word is lowered for a
lookup), so "don\u2019t" is repaired as "don't" is; the text itself is never rewritten.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import regex

MAX_NUMBER_GROUPS = 64
"""Most digit runs in one number token ("1,000,000" has three). A chain of runs glued to a letter
("1,1,...,1a") is no number, and each run inside it is tried again as a number's start: unbounded,
that scan to the chain's end made tokenizing quadratic (100 KB took minutes). A longer chain
is read as several numbers."""

_NUMBER = r"(?> \p{Nd}+ (?: [.,] \p{Nd}+ ){0,%d} ) (?! (?!\u02bc) [\p{L}\p{M}] )" % (MAX_NUMBER_GROUPS - 1)
"""A number: 10,000 / 3.5 / 2, not 4G, 1st, 21st (atomic, no backtracking; at most
``MAX_NUMBER_GROUPS`` digit runs). U+02BC MODIFIER LETTER APOSTROPHE is a letter (Lm) to Unicode
but an apostrophe to a writer: "1990\u02bcs" is the number of "1990's" (:data:`APOSTROPHES`)."""

TOKEN_RE = regex.compile(
    r"""
    (?P<newline> \r\n | \r | \n )                       # a line break, CRLF kept whole
  | (?P<space> [^\S\r\n]+ )                             # a run of horizontal white space
  | (?P<number> """ + _NUMBER + r""" )
                                                        # 10,000 / 3.5 / 2 (not 4G, 1st,
                                                        # 21st: atomic, no backtracking)
  | (?P<word> (?!\u02bc) [\p{L}\p{N}] [\p{L}\p{M}\p{N}]* # a word: letters, marks, digits,
        (?: ['\u2019\u2018\-\u2010\u2011] [\p{L}\p{M}\p{N}]+ )*   # internal apostrophes and hyphens;
        (?<!\u02bc) )                                   # U+02BC (a letter, Lm) only inside it
  | (?P<sentence> [.!?\u2026\u3002]+ )                   # sentence-final punctuation
  | (?P<punct> \X )                                     # anything else, one grapheme at a time
    """,
    regex.VERBOSE,
)

WORD_RE = regex.compile(
    _NUMBER + r"""                                      # a number, as in TOKEN_RE
  | (?!\u02bc) [\p{L}\p{N}] [\p{L}\p{M}\p{N}]* (?: ['\u2019\u2018\-\u2010\u2011] [\p{L}\p{M}\p{N}]+ )* (?<!\u02bc)
                                                        # a word, as in TOKEN_RE
    """,
    regex.VERBOSE,
)
"""Words and numbers only: the detector's fast path skips everything between them."""


class Token(NamedTuple):
    """One token: its kind (``word``, ``number``, ``space``, ``newline``, ``sentence``,
    ``punct``), its text, and its offsets into the input."""

    kind: str
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens that join back to exactly ``text``."""
    return list(iter_tokens(text))


def iter_tokens(text: str) -> Iterator[Token]:
    """Like :func:`tokenize`, lazily."""
    for match in TOKEN_RE.finditer(text):
        yield Token(match.lastgroup or "punct", match.group(), match.start(), match.end())


APOSTROPHES = "'\u2019\u02bc\u2018"
"""The apostrophes a writer puts inside a word: ASCII ``'``, U+2019 RIGHT SINGLE QUOTATION MARK
(most web text: "don\u2019t", "the government\u2019s"), U+02BC MODIFIER LETTER APOSTROPHE and
U+2018 LEFT SINGLE QUOTATION MARK, the apostrophe mis-typed ("don\u2018t"; autocorrect makes the
"\u201890s" of "'90s"), which ftfy's ``uncurl_quotes`` also reads as ``'`` (it folds U+02BC and
U+2018-U+201B; U+201A, a low quote like a comma, and U+201B, reversed, are no apostrophe a writer
types inside a word, and are left out). Every lookup key (channel, tortured phrases and terms, user
lists, language model, the document's words) holds the ASCII one: :func:`fold`. Outside a word a
mark splits the text as ``'`` does ("\u2018tis", "\u2018quoted\u2019")."""

_FOLD = str.maketrans(dict.fromkeys(APOSTROPHES[1:], "'"))


def fold(text: str) -> str:
    """``text`` with every apostrophe of :data:`APOSTROPHES` written ``'``, as lookup keys hold
    them; the same length, so offsets into ``text`` hold for the result. ``text`` itself (no copy)
    when it has no other apostrophe (:func:`foldable`)."""
    return text.translate(_FOLD) if foldable(text) else text


def foldable(text: str) -> bool:
    """Whether ``text`` holds an apostrophe that :func:`fold` rewrites (U+2019, U+02BC, U+2018). An ASCII
    or Latin-1 ``str`` answers without a scan (CPython knows none of its characters is above
    U+00FF); any other is a ``memchr``-like scan, about 10 microseconds per 100,000 characters."""
    return "\u2019" in text or "\u02bc" in text or "\u2018" in text


INNER_APOSTROPHE = regex.compile(r"(?<=[\p{L}\p{M}\p{N}])([%s])(?=[\p{L}\p{M}\p{N}])" % APOSTROPHES)
"""An apostrophe of :data:`APOSTROPHES` inside a word (between letters, marks or digits, as
:data:`WORD_RE` keeps it), as group 1."""


def apostrophe_of(text: str) -> str | None:
    """The first apostrophe inside a word of ``text`` (:data:`INNER_APOSTROPHE`), or ``None``."""
    m = INNER_APOSTROPHE.search(text)
    return m.group(1) if m else None


def words(text: str) -> list[str]:
    """The lower-cased words and numbers of ``text``, as the channel keys them (apostrophes
    folded to ``'``: :func:`fold`)."""
    return [fold(m.group().lower()) for m in WORD_RE.finditer(text)]


def phrase_key(text: str) -> str:
    """Normalise a phrase to a channel key: lower-case tokens joined by single spaces, every
    apostrophe ``'`` (:func:`fold`)."""
    return " ".join(words(text))
