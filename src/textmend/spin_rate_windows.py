"""The spin-rate model on a long document: estimated window by window, at the scale it was fitted on.

``textmend.spin_rate.estimate`` pools every region's evidence into one document-level ``E``
(the log Bayes factor of "holds spun text" against clean) and one spun-region share. Its priors
were fitted on documents of at most ``Parameters.document_window`` words (``benchmarks/fit.py``
writes it: the longest document of the fit mixture, 1,678 words). On a far longer text the pooled
model finds the few regions of it that look spun by chance and calls the whole text spun: the 911
clean articles of the development corpus joined into one 2.2 MB text scored 0.99 with 123 false
edits, where the same articles one by one get 2 (``benchmarks/SPIN_SCORE.md``, 2026-12-03).

So a text at least twice the window's length is cut, at region boundaries, into windows of about
equal word counts, none longer than the window unless one region is (a region is never cut), and each window
is estimated as a document of its own: its rate, share, ``E``, ``d`` and held-out priors. A shorter
text is estimated whole, exactly as before (every document the model was fitted
on). The text's spin score is that of its most spun window: the probability that it holds spun
text is at least that window's, and the windows of one author's text are not independent draws
(multiplying their clean probabilities would flag every long clean text).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .spin_rate import RateEstimate, RatePrior, estimate


def windows_of(region_words: Sequence[int], window_words: int) -> tuple[int, ...]:
    """The estimation window of each region (0, 1, ... in region order), from each region's word
    count and the window's length in words (``Parameters.document_window``); empty when the text
    is estimated whole: shorter than two windows (``sum(region_words) < 2 * window_words``), or no
    positive window.

    The text is cut at the region boundaries nearest the multiples of ``total / n`` words, ``n =
    ceil(total / window_words)``, so the windows are of about equal length; a window that would
    grow past ``window_words`` is cut before the region that would take it there. A region is
    never cut: one longer than the window is a window of its own. A text just over one window is
    left whole: cut in two halves, each too short to weigh its evidence as the fit's documents do,
    docstrings of 1,759-2,004 words got 9 false edits that the whole docstrings do not
    (``benchmarks/SPIN_SCORE.md``, 2026-12-03)."""
    total = sum(region_words)
    if window_words <= 0 or total < 2 * window_words:
        return ()
    size = total / math.ceil(total / window_words)
    out = []
    window = passed = 0  # the current window; the boundaries (multiples of size) passed so far
    done = in_window = 0  # words before this region: in the text, in its window
    for words in region_words:
        boundary = int((done + words / 2.0) // size)  # where this region's middle falls
        if in_window and (boundary > passed or in_window + words > window_words):
            window += 1
            in_window = 0
        passed = max(passed, boundary)
        out.append(window)
        done += words
        in_window += words
    return tuple(out)


def estimate_by_window(
    ratios: Sequence[float],
    region_of: Sequence[int],
    n_regions: int,
    prior: RatePrior,
    window_of: Sequence[int] = (),
    negligible: Sequence[int] = (),
    repeats: Sequence[int] = (),
    copies: Sequence[float] = (),
    pieces: bool = True,
) -> RateEstimate:
    """:func:`textmend.spin_rate.estimate` of each window alone, put back together in the
    document's order (arguments as ``estimate``; ``window_of[k]`` the window of region ``k``,
    non-decreasing, from :func:`windows_of`; empty: one window, ``estimate`` itself).

    Per region and per observation the fields are those of its window's estimate; ``spin_score``
    and ``evidence`` are those of the window with the highest ``E``; ``document`` is the mean rate
    over all eligible positions; ``window_evidence`` gives each region its window's ``E``.
    ``copies`` should be computed window by window (``textmend.detect.copy_weights``), as each
    window is a document of its own."""
    if not window_of or max(window_of) == 0:
        return estimate(ratios, region_of, n_regions, prior, negligible, repeats, copies, pieces)
    extra = list(negligible) if negligible else [0] * n_regions
    n_windows = window_of[-1] + 1
    first = [0] * (n_windows + 1)  # first region of each window, and n_regions at the end
    for k in range(n_regions - 1, -1, -1):
        first[window_of[k]] = k
    first[n_windows] = n_regions
    members: list[list[int]] = [[] for _ in range(n_windows)]
    for i, reg in enumerate(region_of):
        members[window_of[reg]].append(i)
    posteriors = [0.0] * len(ratios)
    held_out = [0.0] * len(ratios)
    rates: list[float] = []
    spun: list[float] = []
    piece_values: list[float] = []
    evidence: list[float] = []
    best: RateEstimate | None = None
    for w in range(n_windows):
        lo, hi = first[w], first[w + 1]
        at = members[w]
        part = estimate(
            [ratios[i] for i in at], [region_of[i] - lo for i in at], hi - lo, prior, extra[lo:hi],
            [repeats[i] for i in at] if repeats else (), copies[lo:hi] if copies else (), pieces,
        )
        for i, p, h in zip(at, part.posteriors, part.held_out):
            posteriors[i], held_out[i] = p, h
        rates += part.regions
        spun += part.spun
        piece_values += part.pieces
        evidence += [part.evidence] * (hi - lo)
        if best is None or part.evidence > best.evidence:
            best = part
    assert best is not None
    counts = list(extra)
    for reg in region_of:
        counts[reg] += 1
    total = sum(counts)
    document = sum(r * n for r, n in zip(rates, counts)) / total if total else rates[0]
    return RateEstimate(document, tuple(rates), tuple(spun), tuple(posteriors), best.spin_score, best.evidence,
                        tuple(piece_values), tuple(held_out), tuple(evidence))
