"""Re-analysis of an edited text that re-scores only the spans near the edits.

``textmend.api.repair`` analyses its own output again after applying edits, so that
``repair(repair(t))`` changes nothing. Most of that second analysis repeats the first: what
:func:`textmend.detect.observe` finds and computes for a span depends only on the words within
``MARGIN`` words of it:

- whether it is a span at all and its candidates: its own words, the characters right around it
  (``Words.boxed``) and an acronym in parentheses right after it (``textmend.tortured``);
- its LM windows: two words of context on each side, cut at a sentence end (the gaps before and
  after those words decide that);
- its number style (the word before and after) and whether it is capitalised inside running text
  (a capital inside a sentence, not among capitals two words each side: ``Words.among_capitals``).

With the science pack, a span inside a known term written as itself (``textmend.tortured.written``,
up to ``MAX_TOKENS`` words) loses its thesaurus candidates, so an edit anywhere in that term (in the
old text or the new one) reaches the span too: such spans are scored anew as well.

Only two things of a span depend on the whole document: its region (from its offset and the
paragraphs of the new text) and whether each original is written elsewhere in the document
(the new text's words and word sequences: ``textmend.written``). Both are recomputed for every
span. The words written as code (``candidates.code_words``) also reach every span: edits that
change them fall back to a fresh analysis.

So a span whose words and the ``MARGIN`` words on each side touch no edit has the same
observation in the edited text, moved by the edits' change of length. :func:`look_again`
keeps those, scores only the spans within reach of an edit, and hands the merged spans, in the
order a fresh :func:`textmend.detect.observe` yields them, to the same decision. The result is
the same analysis, float for float (``tests/test_recheck.py`` compares it with a fresh one;
``benchmarks/speed_check.py`` on 200 spun news articles).

A text of more than one detection window (``textmend.detect.WINDOW_CHARS``) is observed window by
window, each span within its own window's words, and re-checked the same way. An edit can move the
cut after its window to another line break (and every later cut): a cut that is not where the edits'
change of length puts it counts as an edit of no width, at its place in both texts, so the spans
around it are scored anew in their new windows (:func:`_cut_moves`). In a text longer than the
document factor's window (``document_window``), a kept span with no edit within that window keeps its
``in_document`` when its search ends where it did (``Seen.cuts``: the edits can move the ends of its
spin-rate estimation window, where the search stops): the same words are searched.

A cut that splits a word, an edit over a cut, a moved cut in a text with inline code or a URL (found
by scans of a whole window), a user's extra pairs or allow list, or edits that do not turn the old
text into the new one fall back to a fresh analysis.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import NamedTuple

from .candidates import Words, code_words, user_pairs
from .channel import get_channel
from .config import Config
from .detect import (
    Finding, Observation, Observations, _negligible, _regions, _score_window, _windows, in_document,
    copy_weights, document_words, estimation_cuts, estimation_windows, observations, observe_all,
)
from .written import searched
from .parameters import get_parameters
from .tortured import PACK as SCIENCE_PACK
from .tortured import MAX_TOKENS, get_terms
from .tortured import written as written_terms

MARGIN = 2
"""Words on each side of a span that its observation depends on: the LM context (two words, and
the gaps between them and the span, which decide a sentence end) and whether its capital stands
among capitals (two words); the number style, the capital and the acronym need one."""
CHANNEL_SPAN_WORDS = 5
"""The longest spun form of the channel, in words (``Channel.lengths``: 1-5)."""


class Seen(NamedTuple):
    """What :func:`textmend.detect.observe` saw of a text, kept for :func:`look_again`."""

    text: str
    config: Config
    starts: list[int]
    """``str`` offsets of the text's words (``Words.starts``)."""
    ends: list[int]
    spans: list[tuple[Observation, bool, int, int]]
    """Every scored span in text order: (observation, whether negligible, first word, last word)."""
    windows: tuple[tuple[int, int], ...] = ()
    """The detection windows the text was observed in (``detect._windows``: (start, end) offsets)."""
    cuts: tuple[int, ...] = ()
    """The first word of each estimation window after the first, as ``in_document`` searched the text
    (``textmend.written.DocumentWords.cuts``)."""


def first_look(text: str, config: Config) -> tuple[Observations, Seen | None]:
    """:func:`textmend.detect.observe` of ``text``, and what :func:`look_again` needs to re-use it
    (``None`` when it cannot: see the module docstring)."""
    observed, scored = observe_all(text, config)
    windows = tuple(_windows(text))
    if not _reusable(text, config) or not _clean_cuts(text, windows):
        return observed, None
    words = Words(text)
    starts, ends = words.starts, words.ends
    spans = [
        (obs, small, bisect.bisect_left(starts, obs.start), bisect.bisect_left(ends, obs.end))
        for obs, small in scored
    ]
    # the words in_document searched (detect.document_words): Words(text) are the document's words
    cuts = estimation_cuts(starts, [start for start, _ in observed.regions], observed.windows)
    return observed, Seen(text, config, starts, ends, spans, windows, tuple(cuts))


def look_again(
    seen: Seen | None, text: str, edits: Sequence[tuple[int, int, str]], config: Config
) -> tuple[Observations, Seen | None]:
    """The observations of ``text``, which is ``seen.text`` with ``edits`` applied ((start,
    end, replacement), offsets into ``seen.text``, in text order, disjoint): the spans far from
    every edit are taken from ``seen``, the others scored anew. Equal to
    ``detect.observe(text, config)``; falls back to it when ``seen`` is ``None``, was seen with
    another config, or the edits do not give ``text``."""
    if seen is None or seen.config != config or not _reusable(text, config) or _applied(seen.text, edits) != text:
        return first_look(text, config)
    if code_words(text) != code_words(seen.text):  # the code words reach every span of the text
        return first_look(text, config)
    windows = tuple(_windows(text))
    moves = _cut_moves(seen.windows, windows, edits) if _clean_cuts(text, windows) else None
    if moves is None or moves[0] and any(mark in text for mark in _WINDOW_WIDE):
        return first_look(text, config)
    params = get_parameters()
    words = Words(text)
    n_new, n_old = len(words), len(seen.starts)
    # the edits' ranges in the old text and in the new one (closed: a word touching one counts)
    old_ranges: list[tuple[int, int]] = []
    new_ranges: list[tuple[int, int]] = []
    shifts: list[int] = []  # the change of length after each edit
    shift = 0
    for start, end, replacement in edits:
        old_ranges.append((start, end))
        new_ranges.append((start + shift, start + shift + len(replacement)))
        shift += len(replacement) - (end - start)
        shifts.append(shift)
    # a cut between windows that is not where it was counts as an edit of no width at its place in
    # both texts: the spans around it see other words at their window's edge
    old_dirty = _touched(seen.starts, seen.ends, old_ranges + [(c, c) for c in moves[0]])
    new_dirty = _touched(words.starts, words.ends, new_ranges + [(c, c) for c in moves[1]])
    edit_ends = [end for _, end in old_ranges]
    region_starts, region_ends = _regions(text)
    document = document_words(text, region_starts, params.document_window)
    kept: list[tuple[Observation, bool, int, int]] = []
    new_starts = words.starts
    science = SCIENCE_PACK in config.packs
    old_cover = _cover(seen.text, seen.windows, seen.starts) if science else []
    new_cover = _cover(text, windows, new_starts) if science else []
    again: set[tuple[int, int]] = set()  # far from every edit, but inside a written term that holds one
    # in a text longer than the document factor's window (textmend.written), a span's originals are
    # looked up among the ``document_window`` words either side of it: with no edit among them (in
    # either text) they are the same words, and its ``in_document`` stands
    window = params.document_window
    windowed = window is not None and not document.whole and n_old > window + 1
    reach_words = (window or 0) + MARGIN
    for obs, small, first, last in seen.spans:
        if _near(old_dirty, first, last, n_old):
            continue
        k = bisect.bisect_right(edit_ends, obs.start)  # edits wholly before the span
        moved = shifts[k - 1] if k else 0
        start = obs.start + moved
        new_first = bisect.bisect_left(new_starts, start)
        new_last = new_first + last - first
        key = obs.key
        obs = obs._replace(
            start=start,
            end=obs.end + moved,
            region=bisect.bisect_right(region_starts, start) - 1,
            in_document=obs.in_document if windowed and not _near(old_dirty, first, last, n_old, reach_words)
            and not _near(new_dirty, new_first, new_last, n_new, reach_words)
            and _same_search(searched(first, last, n_old, window, seen.cuts), new_first - first,
                             document.bounds(start, obs.end + moved))
            else in_document(document, [e.original for e in obs.entries], key, start, obs.end + moved),
        )
        if science and (_in_edited_term(old_cover, old_dirty, first, last)
                        or _in_edited_term(new_cover, new_dirty, new_first, new_last)):
            again.add((new_first, new_last))  # scored anew below
            continue
        kept.append((obs, small, new_first, new_last))
    longest = _longest_span(config)
    dirty_words = [i for i in range(n_new) if new_dirty[i + 1] != new_dirty[i]]
    # a span starts within reach of a touched word, or inside a written term that holds one
    reach = max(MARGIN, MAX_TOKENS - 1) if science else MARGIN
    first_words = sorted({
        i for c in dirty_words for i in range(max(0, c - reach - longest + 1), min(n_new, c + reach + 1))
    } | {first for first, _ in again})
    fresh: list[tuple[Observation, bool, int, int]] = []
    if first_words:
        channel = get_channel(tuple(config.packs))
        users: list[Finding] = []
        code = code_words(text)
        for lo, hi in windows:  # each span scored within its own window's words, as observe does
            base = bisect.bisect_left(new_starts, lo)
            top = bisect.bisect_left(new_starts, hi)
            local = [i - base for i in first_words[bisect.bisect_left(first_words, base) : bisect.bisect_left(
                first_words, top)]]
            if not local:
                continue
            in_window = words if len(windows) == 1 else Words(text, lo, hi)
            for obs in _score_window(
                in_window, channel, user_pairs(config.extra_pairs), frozenset(), config, params.max_candidates,
                document, region_starts, users, code=code, starts=local,
                wanted=lambda first, last, b=base: _near(new_dirty, first + b, last + b, n_new)
                or (first + b, last + b) in again or (science and _in_edited_term(new_cover, new_dirty, first + b,
                                                                                   last + b)),
            ):
                first = bisect.bisect_left(new_starts, obs.start)
                fresh.append((obs, _negligible(obs), first, bisect.bisect_left(words.ends, obs.end)))
    spans = kept + fresh
    if SCIENCE_PACK in config.packs:  # merged spans come in (first, last) order
        spans.sort(key=lambda s: (s[2], s[3]))
    else:  # the channel's scan: by first word, the longest first
        spans.sort(key=lambda s: (s[2], -s[3]))
    estimated_in = estimation_windows(new_starts, region_starts, params.document_window)
    observed = observations(
        [(obs, small) for obs, small, _, _ in spans], len(region_starts), region_starts, region_ends, (), n_new,
        copy_weights(text, region_starts, region_ends, estimated_in), estimated_in,
    )
    return observed, Seen(text, config, words.starts, words.ends, spans, windows, document.cuts)


def _same_search(old: tuple[int, int], shift: int, new: tuple[int, int]) -> bool:
    """Whether a span's search in the new text (its first and last word searched, ``new``) covers the
    same words as in the old one (``old``), the words around the span moved by ``shift`` indices: an
    estimation window's end that moved with the edits does not."""
    return old[0] + shift == new[0] and old[1] + shift == new[1]


def _reusable(text: str, config: Config) -> bool:
    """Whether a text's observations can be re-used: no user pairs or allow list (an allow-listed
    phrase reaches further than ``MARGIN``)."""
    return not config.extra_pairs and not config.allow


def _clean_cuts(text: str, windows: Sequence[tuple[int, int]]) -> bool:
    """Whether every cut between ``windows`` lies between words (after a line break, or at white
    space: ``detect._windows`` cuts a line longer than a window at a space when it finds one), so
    that the windows' words, in turn, are the text's words (``Words(text)``)."""
    return all(text[lo - 1] == "\n" or text[lo].isspace() for lo, _ in windows[1:])


def _cut_moves(old: Sequence[tuple[int, int]], new: Sequence[tuple[int, int]],
               edits: Sequence[tuple[int, int, str]]) -> tuple[list[int], list[int]] | None:
    """The cuts between windows that the ``edits`` ((start, end, replacement), offsets into the old
    text, in order) did not just move by their change of length: each as its offset in the old text
    and in the new one (a cut of either text that is not one of the other); ``None`` when an edit
    reaches over a cut (the texts' offsets do not map there).

    ``detect._windows`` cuts at the first line break after ``WINDOW_CHARS``: an edit that changes
    the length of its window can move the cut to the next line break, and every later cut with it."""
    moved: list[tuple[int, int, int]] = []  # (start, end, change of length), offsets into the old text
    shift = 0
    for start, end, replacement in edits:
        moved.append((start + shift, start + shift + len(replacement), len(replacement) - (end - start)))
        shift += len(replacement) - (end - start)
    old_edits = [(start, end, len(replacement) - (end - start)) for start, end, replacement in edits]
    old_cuts = [lo for lo, _ in old[1:]]
    new_cuts = [lo for lo, _ in new[1:]]
    mapped = [_mapped(c, old_edits) for c in old_cuts]
    back = [_mapped(c, moved, -1) for c in new_cuts]
    if None in mapped or None in back:
        return None
    new_set, mapped_set = set(new_cuts), set(mapped)
    old_moves = [c for c, m in zip(old_cuts, mapped) if m not in new_set]
    new_moves = [m for m in mapped if m not in new_set]
    old_moves += [b for c, b in zip(new_cuts, back) if c not in mapped_set]  # type: ignore[misc]
    new_moves += [c for c in new_cuts if c not in mapped_set]
    return old_moves, new_moves  # type: ignore[return-value]


def _mapped(offset: int, edits: Sequence[tuple[int, int, int]], sign: int = 1) -> int | None:
    """``offset`` moved by the change of length (times ``sign``) of the ``edits`` ((start, end,
    change), offsets in ``offset``'s text, in order) that end at or before it; ``None`` inside one."""
    shift = 0
    for start, end, change in edits:
        if end > offset:
            return None if start < offset else offset + sign * shift
        shift += change
    return offset + sign * shift


_WINDOW_WIDE = ("`", ">>>", "~~~", "://", "www.", "WWW.")
"""Marks of what a window's words are found with a scan of the whole window (inline code, doctest
lines, URLs: ``candidates.Words``): with them in the text, a cut that moves falls back to a fresh
look."""


def _cover(text: str, windows: Sequence[tuple[int, int]], starts: Sequence[int]) -> list[tuple[int, int] | None]:
    """:func:`textmend.tortured.written` of each window's words (as observe sees them), joined into
    one list over the text's words (``starts``: their offsets), word indices counted over the text."""
    if len(windows) <= 1:
        return written_terms(Words(text))
    cover: list[tuple[int, int] | None] = []
    for lo, hi in windows:
        base = bisect.bisect_left(starts, lo)
        cover += [None if c is None else (c[0] + base, c[1] + base) for c in written_terms(Words(text, lo, hi))]
    return cover


def _applied(text: str, edits: Sequence[tuple[int, int, str]]) -> str | None:
    """``text`` with ``edits`` applied, or ``None`` if they are out of order or overlap."""
    parts: list[str] = []
    pos = 0
    for start, end, replacement in edits:
        if start < pos or end < start:
            return None
        parts += [text[pos:start], replacement]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _touched(starts: list[int], ends: list[int], ranges: list[tuple[int, int]]) -> list[int]:
    """Prefix counts over the words of the words that touch one of ``ranges`` (closed), and
    the word before and after each range (an edit that deletes words changes the gap between them)."""
    mark = [0] * len(starts)
    n = len(starts)
    for lo, hi in ranges:
        for i in range(max(0, bisect.bisect_left(ends, lo) - 1), min(n, bisect.bisect_right(starts, hi) + 1)):
            mark[i] = 1
    prefix = [0]
    for m in mark:
        prefix.append(prefix[-1] + m)
    return prefix


def _near(prefix: list[int], first: int, last: int, n: int, margin: int = MARGIN) -> bool:
    """Whether a touched word lies within ``margin`` words of words ``first..last``."""
    return prefix[min(n, last + margin + 1)] - prefix[max(0, first - margin)] > 0


def _in_edited_term(cover: list[tuple[int, int] | None], prefix: list[int], first: int, last: int) -> bool:
    """Whether words ``first..last`` lie inside a written known term (``cover``, from
    :func:`textmend.tortured.written`) that holds a touched word: the term decides the span's
    candidates, and it reaches up to four words further than ``MARGIN``."""
    term = cover[first] if first < len(cover) else None
    return term is not None and term[1] >= last and prefix[term[1] + 1] - prefix[term[0]] > 0


def _longest_span(config: Config) -> int:
    """The most words a candidate span can have: the channel's and the listed tortured phrases'."""
    if SCIENCE_PACK not in config.packs:
        return CHANNEL_SPAN_WORDS
    terms = get_terms()
    known = _LONGEST.get(id(terms))
    if known is None or known[0] is not terms:
        longest = max([CHANNEL_SPAN_WORDS, *(n for lengths in terms.listed_lengths.values() for n in lengths)])
        _LONGEST.clear()
        known = _LONGEST[id(terms)] = (terms, longest)
    return known[1]


_LONGEST: dict[int, tuple[object, int]] = {}
