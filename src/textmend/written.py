"""Which phrases a document writes: the lookup behind ``Observation.in_document`` (the document factor).

A candidate original is "written elsewhere" when the document holds it outside the span being
scored. A single-word original is looked up in the document's set of words; a multi-word
original ("have to", "a sign of") as a run of consecutive words in the same tokenisation
(``textmend.tokenize.words``: words and numbers, lower case) joined as the channel's spans are
(``textmend.candidates.gap_joins``: white space, with no line break or a hard wrap, so "have, to
be fair" holds no "have to"), and an occurrence that overlaps the span itself does not count (in
"to be" scored as a spun "to", the "to be" there is the span's own text, not the author's).

"The document" is, for a long text, the ``window`` words either side of the span scored: the
factor's weight (``parameters.json``'s ``document``) was fitted on documents of at most that many
words (``document_window``, written by ``benchmarks/fit.py``), and in a longer text almost every
candidate original is written somewhere by chance (66,000 words of clean news: 60% of candidates
"written elsewhere" against 40% in 8,000), so clean text looked spun the more the longer it was
(``benchmarks/SPIN_SCORE.md``, 2026-12-02). A document of at most ``window + 1`` words is searched
whole, as before.

A text longer than ``window`` words is also estimated window by window (``textmend.spin_rate_windows``),
and the search stops at the ends of the span's estimation window (``cuts``, made by
``textmend.detect.document_words``): each window is a document of its own, so a span of one article in
a long joined text does not see the neighbouring articles' words, which the article alone would not
(911 clean articles joined: 21 false edits -> 6; ``benchmarks/SPIN_SCORE.md``, 2026-12-03).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .candidates import gap_joins
from .tokenize import WORD_RE, fold, foldable


def searched(first: int, last: int, n: int, window: int | None, cuts: Sequence[int] = ()) -> tuple[int, int]:
    """The first and last word (indices) searched for a span of words ``first``-``last`` in a
    document of ``n`` words: ``window`` words either side (None: no limit), within the span's
    estimation window (``cuts``: the first word of each window after the first, ascending)."""
    lo, hi = 0, n - 1
    if window is not None:
        lo, hi = max(first - window, 0), min(max(last, first) + window, n - 1)
    if cuts:
        c = bisect.bisect_right(cuts, first)
        if c:
            lo = max(lo, cuts[c - 1])
        if c < len(cuts):
            hi = min(hi, cuts[c] - 1)
    return lo, hi


class DocumentWords:
    """The words of one document, for :meth:`written`. Built in one pass over the text; the
    positions of each word are indexed only when a multi-word phrase is first asked about, and
    each multi-word phrase's occurrences are found once."""

    __slots__ = ("_at", "_ends", "_found", "_lowers", "_span", "_starts", "_text", "cuts", "vocabulary", "whole",
                 "window")

    def __init__(self, text: str, window: int | None = None, cuts: Sequence[int] = ()) -> None:
        """``text``: the whole document (offsets below are ``str`` offsets into it); ``window``: words
        searched either side of a span (>= 0; None: the whole document, however long); ``cuts``: the
        first word (index, ascending, > 0) of each estimation window after the first
        (:func:`estimation_cuts`): a span's search stops at its estimation window's ends."""
        lowers: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for m in WORD_RE.finditer(text):
            lowers.append(m.group().lower())
            starts.append(m.start())
            ends.append(m.end())
        if foldable(text):  # keys hold "'" (textmend.tokenize.fold)
            lowers = [fold(w) for w in lowers]
        self._text = text
        self._lowers = lowers
        self._starts = starts
        self._ends = ends
        self.vocabulary: frozenset[str] = frozenset(lowers)
        """Every word of the document, lower case, apostrophes folded to ``'`` (as channel keys)."""
        self._at: dict[str, list[int]] | None = None
        self._found: dict[str, tuple[tuple[int, int], ...]] = {}
        self.window = window
        self._span: tuple[int, int, int, int] = (-1, -1, 0, 0)
        self.cuts: tuple[int, ...] = tuple(cuts)
        """The first word of each estimation window after the first (empty: one window)."""
        self.whole: bool = not self.cuts and (window is None or len(lowers) <= window + 1)
        """Every span's window holds the whole document (``vocabulary`` answers for single words)."""

    def written(self, phrase: str, start: int, end: int) -> bool:
        """Whether ``phrase`` (a channel key: lower-case words joined by single spaces) is written
        in the document: within ``window`` words either side of ``start``-``end`` (``str`` offsets of
        the span scored) unless :attr:`whole`. A single word: anywhere there (the span included, as
        the document factor always counted it); more than one: somewhere there that does not
        overlap the span."""
        if " " not in phrase:
            if self.whole or phrase not in self.vocabulary:
                return phrase in self.vocabulary
            lo, hi = self.bounds(start, end)
            places = self.index()[phrase]
            k = bisect.bisect_left(places, lo)
            return k < len(places) and places[k] <= hi
        places = self._found.get(phrase)
        if places is None:
            places = self._found[phrase] = self._occurrences(phrase.split(" "))
        if self.whole:
            return any(e <= start or s >= end for s, e in places)
        lo, hi = self.bounds(start, end)
        first, last = self._starts[lo], self._ends[hi]
        return any((e <= start or s >= end) and s >= first and e <= last for s, e in places)

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """The first and last word (indices) within ``window`` words of the span ``start``-``end``
        (the last span's kept: a span's candidates are asked about one after another)."""
        if self._span[:2] == (start, end):
            return self._span[2:]
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_left(self._starts, end) - 1
        lo, hi = searched(first, last, len(self._starts), self.window, self.cuts)
        self._span = (start, end, lo, hi)
        return lo, hi

    def cut(self, cuts: Sequence[int]) -> None:
        """Stop every span's search at its estimation window's ends: ``cuts`` as in ``__init__``."""
        self.cuts = tuple(cuts)
        self.whole = not self.cuts and (self.window is None or len(self._lowers) <= self.window + 1)
        self._span = (-1, -1, 0, 0)

    @property
    def starts(self) -> list[int]:
        """``str`` offsets of the document's words (``textmend.tokenize.WORD_RE``), in order."""
        return self._starts

    def index(self) -> dict[str, list[int]]:
        """Each word's positions (word indices, ascending), built on first use."""
        if self._at is None:
            at: dict[str, list[int]] = {}
            for i, w in enumerate(self._lowers):
                at.setdefault(w, []).append(i)
            self._at = at
        return self._at

    def _occurrences(self, parts: list[str]) -> tuple[tuple[int, int], ...]:
        """(start, end) ``str`` offsets of every run of consecutive words equal to ``parts``."""
        if any(p not in self.vocabulary for p in parts):
            return ()
        lowers, starts, ends, n = self._lowers, self._starts, self._ends, len(parts)
        return tuple(
            (starts[i], ends[i + n - 1])
            for i in self.index()[parts[0]]
            if lowers[i : i + n] == parts and all(self._joined(j) for j in range(i + 1, i + n))
        )

    def _joined(self, i: int) -> bool:
        """Whether word ``i`` follows word ``i - 1`` as the channel's spans join
        (:func:`textmend.candidates.gap_joins`)."""
        return gap_joins(self._text[self._ends[i - 1] : self._starts[i]], self._text[self._starts[i]])
