"""Context evidence: how much better an original fits its place than the spun form, by the LM.

For a span ``s`` at words ``first..last`` and a candidate original ``o``, the window is the two
words on each side within the same sentence (``<s>`` and ``</s>`` at its edges):

    lm(o) = log10 P_lm(o r1 r2 | l2 l1)        (the phrase and the two words after it)
    ratio = lm(o) - lm(s)                       (log10; > 0 when the original fits better)
    prior = lm0(o) - lm0(s)                     (the same phrases with no context at all)

When the span follows "a" or "an" (white space between, as ``textmend.rewrite`` requires), an
original's window has the article it takes (``textmend.articles.article_for``), since the repair
writes that article with it: "an indication" restored as "sign" is scored as "a sign", not "an
sign". The article is then scored too, in every window of the span (the same start for all, so
that the ratio of an original that keeps the article is unchanged): "a sign of" against "an
indication of". An original that starts with an article of its own ("a sign of") keeps the
written one.

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

from array import array
from collections.abc import Sequence

import numpy as np
import regex

from .articles import article_for
from .candidates import Span, Words
from .language_model import LanguageModel
from .numbers import spoken

_PHRASE_IDS: dict[str, tuple[int, float | None, bytes]] = {}
"""Phrase -> (how many of its LM ids are unknown, its context-free log10 probability or ``None``
until a batch has scored it, its LM ids as C ints: :func:`_packed`): the same candidates recur in
every document. The ids are bytes so that :meth:`Windows.add` joins a span's windows (context,
phrase, context) as bytes into the queue, not as tuples of ints converted one by one
(benchmarks/SPEED.md, speed26). A phrase of two ids takes ~30 bytes more than the flat tuple of
numbers it replaced (~1 MB of a full cache; a tuple of the ids inside a 3-tuple took 48 bytes
more, memory round 7). Numbers and bytes only, which the garbage collector stops tracking: a cache of tracked objects makes every full collection walk it (measured: full
collections were 20% of repair time)."""
_PHRASE_CACHE_SIZE = 32_768
"""Phrases the cache holds at most (~160 bytes each; emptied when full). 911 news articles and 200
spun meet ~92,000 phrases: 200,000 never emptied and held ~19 MB at the end of such a run
(benchmarks/SPEED.md, memory round 5); 65,536 (until round 7) ~5 MB more than 32,768. 21,845 (memory
round 8) missed ~115,000 more phrases in 500 articles, ~1.5% of their CPU: not adopted."""

SENTENCE_START = "<s>"
SENTENCE_END = "</s>"
CONTEXT_WORDS = 2
"""Words of context on each side (a trigram model sees two back)."""


class Windows:
    """LM queries of a document, collected span by span and scored in one batch."""

    __slots__ = ("_ids", "_left_bytes", "_lefts", "_lengths", "_lm", "_pending", "_rights", "_starts", "_word_ids",
                 "_words", "prior", "unknown")

    def __init__(self, lm: LanguageModel) -> None:
        self._lm = lm
        self._words: Words | None = None
        self._lefts: dict[int, tuple[int, ...]] = {}
        self._rights: dict[int, bytes] = {}
        """LM ids of the left context before a first word (a tuple) and of the right context after a
        last word (:func:`_packed`), by word index (spans that start or end at the same word share
        them)."""
        self._left_bytes: dict[int, bytes] = {}
        """The left contexts of ``_lefts`` packed (:func:`_packed`), by word index."""
        self._word_ids: dict[int, tuple[int, ...]] = {}
        """LM ids of each word (``_for_lm``), by word index: the contexts are made of them."""
        self._ids = array("i")
        """The LM ids of every queued window, one window after another: 4 bytes an id (a tuple per
        window took ~100 bytes: ~3 MB at the 30,000 windows of a 16 KB article;
        benchmarks/SPEED.md, memory round 8)."""
        self._lengths = array("i")
        """Per queued window: how many ids of ``_ids`` it has."""
        self._starts = array("i")
        """Per queued window: its first scored id (the ids before it are history)."""
        self._pending: dict[str, list[int]] = {}
        """Phrases new to the phrase cache -> the queries whose ``prior`` waits for them."""
        self.unknown: list[int] = []
        """Per queued query: how many words of its phrase the LM does not know."""
        self.prior: list[float] = []
        """Per queued query: log10 P_lm of its phrase alone, with no context (sentence-internal);
        complete once :meth:`score` has run (phrases new to the process are scored in its batch)."""

    def add(self, words: Words, span: Span, phrases: Sequence[str]) -> int:
        """Queue the window of ``span`` once for the spun form and once per phrase in ``phrases``.

        Returns the index of the spun form's query; phrase ``k`` is at that index + 1 + k.
        """
        if words is not self._words:
            self._words, self._lefts, self._rights, self._word_ids, self._left_bytes = words, {}, {}, {}, {}
        first = span.first
        left_ids = self._lefts.get(first)
        if left_ids is None:
            left_ids = self._lefts[first] = self._left_ids(words, first)
        right = self._rights.get(span.last)
        if right is None:
            right = self._rights[span.last] = _packed(self._right_ids(words, span.last))
        n_left = len(left_ids)
        index = len(self._lengths)
        cache = _PHRASE_IDS
        queued = (span.key, *phrases)
        knowns = list(map(cache.get, queued))
        if None in knowns:
            lm = self._lm
            for k, phrase in enumerate(queued):
                if knowns[k] is None:
                    known = cache.get(phrase)  # a repeat of a phrase of this span is cached by now
                    if known is None:
                        if len(cache) >= _PHRASE_CACHE_SIZE:
                            cache.clear()
                        middle = lm.ids(_for_lm(phrase.split(" ")))
                        known = cache[phrase] = (middle.count(lm.unknown), None, _packed(middle))
                    knowns[k] = known
        priors = [known[1] for known in knowns]  # type: ignore[index]
        if None in priors:  # their context-free scores come in score()'s batch
            for k, lp in enumerate(priors):
                if lp is None:
                    self._pending.setdefault(queued[k], []).append(index + k)
        # most spans follow no article: one left context for all (tested before the method call)
        article = (None if first == 0 or words.lowers[first - 1] not in _ARTICLES
                   else self._article(words, first, left_ids))
        # each window's ids as bytes: left context, phrase, right context, one window after another
        middles = [known[2] for known in knowns]  # type: ignore[index]
        n_right = len(right) // _ID_SIZE
        if article is None:
            left = self._left_bytes.get(first)
            if left is None:
                left = self._left_bytes[first] = _packed(left_ids)
            self._ids.frombytes(left + (right + left).join(middles) + right)  # type: ignore[arg-type]
            around = n_left + n_right
            self._lengths.extend([around + len(m) // _ID_SIZE for m in middles])  # type: ignore[arg-type]
        else:  # each original after the article it takes, the spun form after the written one
            lefts = [left_ids] * len(knowns)
            lefts[1:] = [self._fitted(left_ids, article, phrase) for phrase in phrases]
            if any(left is not left_ids for left in lefts):
                n_left -= 1  # every window of the span scores the article too: the same start for all
            self._ids.frombytes(b"".join([_packed(a) + m + right for a, m in zip(lefts, middles)]))  # type: ignore[operator]
            self._lengths.extend([len(a) + len(m) // _ID_SIZE + n_right  # type: ignore[arg-type]
                                  for a, m in zip(lefts, middles)])
        self._starts.extend([n_left] * len(knowns))
        self.unknown += [known[0] for known in knowns]  # type: ignore[index]
        self.prior += priors  # type: ignore[arg-type]
        return index

    def scores_article(self, words: Words, span: Span, phrases: Sequence[str]) -> bool:
        """Whether :meth:`add` of ``span`` with ``phrases`` scores the written "a" or "an" before it
        in every window of the span (some phrase takes the other article): then every window's score,
        the spun form's too, differs from a queue of other phrases that all keep the written one."""
        first = span.first
        if first == 0 or words.lowers[first - 1] not in _ARTICLES:
            return False
        if words is not self._words:
            self._words, self._lefts, self._rights, self._word_ids, self._left_bytes = words, {}, {}, {}, {}
        left_ids = self._lefts.get(first)
        if left_ids is None:
            left_ids = self._lefts[first] = self._left_ids(words, first)
        article = self._article(words, first, left_ids)
        return article is not None and any(self._fitted(left_ids, article, p) is not left_ids for p in phrases)

    def _article(self, words: Words, first: int, left_ids: tuple[int, ...]) -> str | None:
        """The written "a" or "an" just before word ``first`` (joined to it by white space and the
        last word of its left context), else None."""
        if (first == 0 or not left_ids or words.lowers[first - 1] not in _ARTICLES or not words.joined(first)
                or not words.same_sentence(first)):
            return None
        return words.lowers[first - 1]

    def _fitted(self, left_ids: tuple[int, ...], written: str, phrase: str) -> tuple[int, ...]:
        """``left_ids`` (ending in the ``written`` article) with the article ``phrase`` takes."""
        first_word = phrase.split(" ", 1)[0]
        if first_word in _ARTICLES:
            return left_ids
        wanted = article_for(first_word)
        if wanted == written:
            return left_ids
        return left_ids[:-1] + tuple(self._lm.ids([wanted]))

    def _ids_of(self, words: Words, i: int) -> tuple[int, ...]:
        """LM ids of word ``i`` as the LM reads it (``_for_lm``), cached for the document."""
        known = self._word_ids.get(i)
        if known is None:
            known = self._word_ids[i] = tuple(self._lm.ids(_for_lm([words.lowers[i]])))
        return known

    def _left_ids(self, words: Words, first: int) -> tuple[int, ...]:
        """LM ids of :func:`_left_context`, from each word's cached ids (the same ids: ``_for_lm``
        and ``LanguageModel.ids`` map token by token)."""
        out: tuple[int, ...] = ()
        i = first
        for _ in range(CONTEXT_WORDS):
            if i == 0 or not words.same_sentence(i):
                return tuple(self._lm.ids([SENTENCE_START])) + out
            i -= 1
            out = self._ids_of(words, i) + out
        return out

    def _right_ids(self, words: Words, last: int) -> tuple[int, ...]:
        """LM ids of :func:`_right_context`, likewise."""
        out: tuple[int, ...] = ()
        j = last
        for _ in range(CONTEXT_WORDS):
            if j + 1 >= len(words) or not words.same_sentence(j + 1):
                return out + tuple(self._lm.ids([SENTENCE_END]))
            j += 1
            out = out + self._ids_of(words, j)
        return out

    def score(self) -> np.ndarray:
        """log10 probabilities of every queued window, in queue order (float64, one per window;
        and fills ``prior``).

        Call it once, after the last :meth:`add`: it lets go of the queued ids (a 64 KB window of
        text queues ~100,000 windows), so a second call returns an empty array."""
        if self._pending:
            lm, cache = self._lm, _PHRASE_IDS
            phrases = list(self._pending)
            middles = []
            for phrase in phrases:
                known = cache.get(phrase)
                middles.append(_unpacked(known[2]) if known is not None else lm.ids(_for_lm(phrase.split(" "))))
            for phrase, middle, lp in zip(phrases, middles, lm.logprob_many(middles, [0] * len(middles))):
                if len(cache) >= _PHRASE_CACHE_SIZE and phrase not in cache:
                    cache.clear()
                cache[phrase] = (middle.count(lm.unknown), lp, _packed(middle))
                for q in self._pending[phrase]:
                    self.prior[q] = lp
            self._pending = {}
        if not self._lengths:
            return np.zeros(0)
        ids, lengths, starts = self._ids, self._lengths, self._starts
        self._ids, self._lengths, self._starts = array("i"), array("i"), array("i")  # freed before the observations
        return self._lm.logprob_flat(np.frombuffer(ids, dtype=np.int32), np.frombuffer(lengths, dtype=np.int32),
                                     np.frombuffer(starts, dtype=np.int32))


_ID_SIZE = array("i").itemsize
"""Bytes of one LM id in ``Windows._ids`` and in :func:`_packed` ids."""


def _packed(ids: Sequence[int]) -> bytes:
    """LM ids as the bytes of C ints, as ``Windows._ids`` holds them (``array("i")``)."""
    return array("i", ids).tobytes()


def _unpacked(blob: bytes) -> list[int]:
    """The ids of :func:`_packed` again."""
    ids = array("i")
    ids.frombytes(blob)
    return ids.tolist()


def _context(words: Words, first: int, last: int) -> tuple[list[str], list[str]]:
    """The LM tokens of the window's left and right context around words ``first..last``."""
    return _left_context(words, first), _right_context(words, last)


def _left_context(words: Words, first: int) -> list[str]:
    """Up to ``CONTEXT_WORDS`` words before word ``first`` in its sentence (``<s>`` at its start), as LM tokens."""
    lowers = words.lowers
    left: list[str] = []
    i = first
    while len(left) < CONTEXT_WORDS:
        if i == 0 or not words.same_sentence(i):
            left.insert(0, SENTENCE_START)
            break
        i -= 1
        left.insert(0, lowers[i])
    return _for_lm(left)


def _right_context(words: Words, last: int) -> list[str]:
    """Up to ``CONTEXT_WORDS`` words after word ``last`` in its sentence (``</s>`` at its end), as LM tokens."""
    lowers = words.lowers
    right: list[str] = []
    j = last
    while len(right) < CONTEXT_WORDS:
        if j + 1 >= len(lowers) or not words.same_sentence(j + 1):
            right.append(SENTENCE_END)
            break
        j += 1
        right.append(lowers[j])
    return _for_lm(right)


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
_ARTICLES = frozenset(("a", "an"))
