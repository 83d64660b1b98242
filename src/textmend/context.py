"""Context evidence: how much better an original fits its place than the spun form, by the LM.

For a span ``s`` at words ``first..last`` and a candidate original ``o``, the window is the two
words on each side within the same sentence (``<s>`` and ``</s>`` at its edges):

    lm(o) = log10 P_lm(o r1 r2 | l2 l1)        (the phrase and the two words after it)
    ratio = lm(o) - lm(s)                       (log10; > 0 when the original fits better)
    prior = lm0(o) - lm0(s)                     (the same phrases with no context at all)

``prior`` is the part of ``ratio`` that a frequent word wins anywhere ("said" over "stated");
``ratio - prior`` is what the context adds. The posterior weighs the two apart (fitted scales,
``textmend.posterior``): a rare word an author chose still fits its own context.

A word the LM does not know scores its ``unknown_log10`` floor; the posterior replaces that
floor by a fitted value (``unknown`` in ``data/parameters.json``), since a rare word in clean
text is no evidence of spinning. Both sides of the window matter (DESIGN.md: AUC .80 with one side, .87 with both). Numbers are
scored as spoken words ("21" as "twenty one"), since the LM was trained on spoken-style text
where "21" does not occur; the choice between digit and word is the number-style term's (``textmend.posterior``).
All windows of a document are scored in one vectorised call (``LanguageModel.logprob_many``).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from .candidates import Span, Words
from .language_model import LanguageModel
from .numbers import spoken

_PHRASE_IDS: dict[str, tuple[list[int], int, float]] = {}
"""Phrase -> (its LM ids, how many are unknown, its context-free log10 probability): the same
candidates recur in every document."""
_PHRASE_CACHE_SIZE = 200_000

SENTENCE_START = "<s>"
SENTENCE_END = "</s>"
CONTEXT_WORDS = 2
"""Words of context on each side (a trigram model sees two back)."""


class Windows:
    """LM queries of a document, collected span by span and scored in one batch."""

    __slots__ = ("_lm", "_seqs", "_starts", "unknown", "prior")

    def __init__(self, lm: LanguageModel) -> None:
        self._lm = lm
        self._seqs: list[list[int]] = []
        self._starts: list[int] = []
        self.unknown: list[int] = []
        """Per queued query: how many words of its phrase the LM does not know."""
        self.prior: list[float] = []
        """Per queued query: log10 P_lm of its phrase alone, with no context (sentence-internal)."""

    def add(self, words: Words, span: Span, phrases: Sequence[str]) -> int:
        """Queue the window of ``span`` once for the spun form and once per phrase in ``phrases``.

        Returns the index of the spun form's query; phrase ``k`` is at that index + 1 + k.
        """
        left, right = _context(words, span.first, span.last)
        lm = self._lm
        left_ids = lm.ids(left)
        right_ids = lm.ids(right)
        index = len(self._seqs)
        cache = _PHRASE_IDS
        for phrase in (span.key, *phrases):
            known = cache.get(phrase)
            if known is None:
                if len(cache) >= _PHRASE_CACHE_SIZE:
                    cache.clear()
                middle = lm.ids(_for_lm(phrase.split(" ")))
                known = cache[phrase] = (middle, middle.count(lm.unknown), lm.logprob(middle))
            self._seqs.append(left_ids + known[0] + right_ids)
            self._starts.append(len(left_ids))
            self.unknown.append(known[1])
            self.prior.append(known[2])
        return index

    def score(self) -> list[float]:
        """log10 probabilities of every queued window, in queue order."""
        if not self._seqs:
            return []
        return list(self._lm.logprob_many(self._seqs, self._starts))


def _context(words: Words, first: int, last: int) -> tuple[list[str], list[str]]:
    lowers = words.lowers
    left: list[str] = []
    i = first
    while len(left) < CONTEXT_WORDS:
        if i == 0 or not words.same_sentence(i):
            left.insert(0, SENTENCE_START)
            break
        i -= 1
        left.insert(0, lowers[i])
    right: list[str] = []
    j = last
    while len(right) < CONTEXT_WORDS:
        if j + 1 >= len(lowers) or not words.same_sentence(j + 1):
            right.append(SENTENCE_END)
            break
        j += 1
        right.append(lowers[j])
    return _for_lm(left), _for_lm(right)


def _for_lm(tokens: list[str]) -> list[str]:
    """Tokens as the LM knows words: numbers spoken, hyphenated words split ("best-known")."""
    out: list[str] = []
    for token in tokens:
        if token[:1].isdigit():
            out.extend(spoken(token))
        elif "-" in token or "\u2010" in token or "\u2011" in token:
            for part in _HYPHENS.split(token):
                if part[:1].isdigit():
                    out.extend(spoken(part))
                elif part:
                    out.append(part)
        else:
            out.append(token)
    return out


_HYPHENS = regex.compile("[-\u2010\u2011]")
