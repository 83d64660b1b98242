"""Lossless tokenizer: ``"".join(t.text for t in tokenize(s)) == s``.

One ``regex`` pattern, compiled with VERBOSE, with a comment on each alternative
(the wordfreq way). Offsets are indices into the caller's ``str``.
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

_NUMBER = r"(?> \p{Nd}+ (?: [.,] \p{Nd}+ ){0,%d} ) (?! [\p{L}\p{M}] )" % (MAX_NUMBER_GROUPS - 1)
"""A number: 10,000 / 3.5 / 2, not 4G, 1st, 21st (atomic, no backtracking; at most
``MAX_NUMBER_GROUPS`` digit runs)."""

TOKEN_RE = regex.compile(
    r"""
    (?P<newline> \r\n | \r | \n )                       # a line break, CRLF kept whole
  | (?P<space> [^\S\r\n]+ )                             # a run of horizontal white space
  | (?P<number> """ + _NUMBER + r""" )
                                                        # 10,000 / 3.5 / 2 (not 4G, 1st,
                                                        # 21st: atomic, no backtracking)
  | (?P<word> [\p{L}\p{N}] [\p{L}\p{M}\p{N}]*           # a word: letters, marks, digits,
        (?: ['\u2019\-\u2010\u2011] [\p{L}\p{M}\p{N}]+ )* )  # internal apostrophes and hyphens
  | (?P<sentence> [.!?\u2026\u3002]+ )                   # sentence-final punctuation
  | (?P<punct> \X )                                     # anything else, one grapheme at a time
    """,
    regex.VERBOSE,
)

WORD_RE = regex.compile(
    _NUMBER + r"""                                      # a number, as in TOKEN_RE
  | [\p{L}\p{N}] [\p{L}\p{M}\p{N}]* (?: ['\u2019\-\u2010\u2011] [\p{L}\p{M}\p{N}]+ )*  # a word
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


def words(text: str) -> list[str]:
    """The lower-cased words and numbers of ``text``, as the channel keys them."""
    return [m.group().lower() for m in WORD_RE.finditer(text)]


def phrase_key(text: str) -> str:
    """Normalise a phrase to a channel key: lower-case tokens joined by single spaces."""
    return " ".join(words(text))
