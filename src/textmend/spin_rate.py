"""The spin rate rho: the share of eligible words a spinner changed, estimated by EM per region.

Every eligible position ``i`` (a span the channel has candidate originals for) carries a
likelihood ratio ``r_i = P(observed | spun) / P(observed | genuine)`` from the channel and the
language model (``textmend.posterior``). With a prior probability ``rho`` that a word is spun,
its posterior of being spun is

    p_i(rho) = rho * r_i / (rho * r_i + 1 - rho)

A document is a sequence of regions (paragraphs, or runs of short ones). Each region is either
*clean*, where words look spun at the small rate ``clean_rate`` that clean text shows (a rare
word that happens to have a thesaurus neighbour), or *spun*, at the document's spinner rate
``rho``. The region's likelihood under a rate is ``prod_i (1 - rho + rho * r_i)``, so

    q_r = P(region r is spun) = pi L_r(rho) / (pi L_r(rho) + (1 - pi) L_r(clean_rate))

with ``pi`` the document's share of spun regions. EM (Dempster, Laird and Rubin 1977) alternates
that E-step with MAP updates of ``pi`` (Beta(share_a, share_b) prior) and ``rho`` (Beta(a, b)
prior, weighted by the regions' ``q_r``).

Those ``q_r`` are conditional on the document holding spun text at all. Above the regions sits
the document: spun with prior probability ``spun_documents``, or wholly clean. Its evidence ``E``
is the log Bayes factor of the two, the same model's marginal likelihood with the spinner's rate,
the share of spun regions and the document's own clean rate ``c`` integrated over their priors
(:func:`pooled_evidence`):

    E = log  int [int int  prod_r ((1 - pi) L_r(c) + pi L_r(rho)) ** v_r  dBeta(pi) dBeta(rho | rho > c)] dP(c)
        - log  int  prod_r L_r(c) ** v_r  dP(c)

    log L_r(rate) = sum_{i in r} log(1 - rate + rate r_i) / k_i

with ``k_i`` the number of spans of region ``r`` written the same way as span ``i`` (see
:func:`region_log_likelihoods`), ``v_r`` the region's share written for the first time, ``P(c)`` a
log-normal prior fitted to clean documents, and ``d = P(document spun) = sigmoid(logit(spun_documents) + E)``.
EM keeps the point ``clean_rate`` for its ``q_r`` and posteriors.
Text pasted more than once is evidence once: the M-step, the share of spun regions and ``E``
weigh each region by the share of it written for the first time (``copies``), so an
article pasted 8 times gets the rates, score and edits of one copy, 8 times.
Every region's evidence is pooled: a clean region is evidence against spin (it pulls ``pi``'s
integral toward 0, where the prior, fitted on spun documents, has little mass), so a long clean
document is not searched for its luckiest region. Measured on the clean corpus and the benchmark
spinners (``benchmarks/SPIN_SCORE.md``): the earlier evidence, ``max_r`` of the region
log-likelihood ratio at EM's rate, flagged 35 of 911 clean articles (mostly long ones, or ones
with a topic word written three or four times); its log-mean-exp over regions, 22; the pooled
marginal likelihood ranks spun against clean articles better for every benchmark spinner (section
2026-12-01 there). The pooled sum with EM's rate plugged in was tried before and rejected: clean
text looks spun at about twice ``clean_rate``, so EM found a "spinner" at that rate and the sum
grew with length (ten clean articles joined scored 0.92). Integrating the spinner's rate alone was
not enough: clean text's own rate varies (two to three times ``clean_rate`` for some articles), so
with the clean rate fixed the rate integral found it, more surely the longer the text (ten other
clean articles joined scored 0.96). With the clean rate integrated in both hypotheses, such
text is explained as clean. A region is spun with probability ``d q_r``, and a position's spin
posterior mixes the two rates with it: ``p_i = d q_r p_i(rho) + (1 - d q_r) p_i(clean_rate)``.

So a spun paragraph inside clean text gets ``d q_r`` near 1 and is repaired; one rare word in a
clean sentence is weak evidence that the whole text is spun, and stays (on 600 clean sentences of
the fit split, edited sentences fell from 9 to 6 with the document level, dev harness). Without the
document level, a single sentence was spun with prior probability ``pi`` ~ 0.8 (the fitted share of
spun regions in spun documents). ``textmend.detect`` turns ``E`` into the spin score
with a fitted logistic calibration. A region's reported rate is ``d q_r rho + (1 - d q_r) clean_rate``.
The confidence model's prior for one span is ``d`` without that span (:func:`held_out_evidence`,
``RateEstimate.held_out``): its own ratio is its evidence already.

Python floats, with each EM step's per-ratio terms computed in one numpy pass over all regions
(IEEE operations and ``math.log``: the same floats as the per-ratio Python) and summed per region
with Python's ``sum``; the observations of a news article number in the hundreds. ``E``'s
quadrature is numpy throughout (one pass over the spans for all nodes of the rates, the nodes computed once
per prior; the same floats as a loop over the nodes).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import NamedTuple

import numpy as np

EM_ITERATIONS = 25
"""EM steps at most; it stops early when no estimate moves by more than ``EM_TOLERANCE``."""
EM_TOLERANCE = 1e-5


class RatePrior(NamedTuple):
    """The spin-rate model's fitted constants (``data/parameters.json``, ``spin_rate``)."""

    a: float
    """Beta prior of the spinner's rate rho: pseudo-count of spun positions."""
    b: float
    """Beta prior of rho: pseudo-count of genuine positions."""
    share_a: float
    """Beta prior of a document's share of spun regions: pseudo-count of spun regions."""
    share_b: float
    """... and of clean regions."""
    clean_rate: float
    """The rate at which clean text's words look spun (0-1)."""
    spun_documents: float
    """Prior probability that a document holds spun text at all (0-1, exclusive)."""
    clean_median: float
    """Median of the log-normal prior of a document's own clean rate in :func:`pooled_evidence`
    (0-1, exclusive; ``benchmarks/fit.py`` fits it to the clean fit-split documents)."""
    clean_spread: float
    """Standard deviation of that prior's natural log (> 0)."""


class RateEstimate(NamedTuple):
    """What EM found for one document."""

    document: float
    """The document's mean rate over its regions (0-1)."""
    regions: tuple[float, ...]
    """Each region's rate, ``q_r rho + (1 - q_r) clean_rate``, in region order."""
    spun: tuple[float, ...]
    """Each region's probability of being spun, ``q_r``."""
    posteriors: tuple[float, ...]
    """p_i for each observation, in input order: the probability it is a spin."""
    spin_score: float
    """``d``, the probability that the document holds spun text (0 for a document with no region)."""
    evidence: float
    """``E``, the log Bayes factor of spun against clean with every region's evidence pooled and
    the rate and share of spun regions integrated over their priors (:func:`pooled_evidence`;
    natural log; 0 for a document with no region): the spin score's input."""
    pieces: tuple[float, ...] = ()
    """Each region's ``d_r``: the probability that the *piece* of the document holding it holds spun
    text (:func:`piece_spun`), capped at ``spin_score`` (a piece is spun only if the document is),
    in region order (0-1; empty when :func:`estimate` is asked for no pieces)."""
    held_out: tuple[float, ...] = ()
    """Per observation, in input order: the probability that the text around it holds spun text
    judged *without* it (0-1): ``d`` with the observation left out (:func:`held_out_evidence`),
    and at most its region's ``d_r`` when ``pieces`` were computed. The prior a candidate's
    confidence takes (``textmend.confidence``), so that a span's own ratio is not counted twice.
    An observation whose ratio is at most 1 (evidence against spin) keeps ``d``: leaving it out
    would only raise the prior of its own candidates, which the do-no-harm side does not need."""
    window_evidence: tuple[float, ...] = ()
    """Per region, the ``E`` of its estimation window when a long document is estimated window by
    window (``textmend.spin_rate_windows.estimate_by_window``); empty when estimated whole (every
    region's is ``evidence``)."""


def estimate(
    ratios: Sequence[float],
    region_of: Sequence[int],
    n_regions: int,
    prior: RatePrior,
    negligible: Sequence[int] = (),
    repeats: Sequence[int] = (),
    copies: Sequence[float] = (),
    pieces: bool = True,
) -> RateEstimate:
    """Run EM over observations.

    ``ratios[i]`` is the likelihood ratio r_i (>= 0, linear, not log) of observation ``i`` and
    ``region_of[i]`` its region (0 .. ``n_regions - 1``); ``negligible[k]`` counts further
    eligible positions of region ``k`` whose ratio is too small to matter (taken as 0).
    ``repeats[i]`` (>= 1; empty: all 1) is how many observations of its region share
    observation ``i``'s spun form: each counts ``1 / repeats[i]`` in the evidence ``E`` (see
    :func:`region_log_likelihoods`), not in EM. ``copies[k]`` (0-1; empty: all 1) is how much of region
    ``k`` is text written there for the first time (see ``textmend.detect.copy_weights``): the
    pooled estimates (rho, the share of spun regions, ``E``'s mean) count region ``k`` that much,
    so a passage pasted ``m`` times adds the evidence of one, while each copy's own ``q_r`` and
    posteriors come from its own spans, as they would alone. ``pieces``: also compute each region's
    ``d_r`` (:func:`piece_spun`; else ``RateEstimate.pieces`` is empty).
    """
    if n_regions == 0:
        return RateEstimate(0.0, (), (), (), 0.0, 0.0)
    by_region: list[list[float]] = [[] for _ in range(n_regions)]
    for ratio, reg in zip(ratios, region_of):
        by_region[reg].append(ratio)
    extra = list(negligible) if negligible else [0] * n_regions
    weight_of = list(copies) if copies else [1.0] * n_regions
    counts = [len(r) + e for r, e in zip(by_region, extra)]
    clean = prior.clean_rate
    rho = prior.a / (prior.a + prior.b)
    share = prior.share_a / (prior.share_a + prior.share_b)
    q = [share] * n_regions
    # every region's ratios in one array (region by region), so that each EM step computes
    # per-ratio terms in one numpy pass (IEEE operations: the same floats as Python's) and sums
    # them per region with Python's sum, in the same order as before
    flat = np.array([x for r in by_region for x in r], dtype=np.float64)
    bounds = list(pairwise(accumulate([0, *map(len, by_region)])))
    clean_ll = _log_likelihoods(flat, bounds, extra, clean)
    for _ in range(EM_ITERATIONS):
        # E-step: which regions are spun, and how many spun positions they hold at rate rho
        spun_ll = _log_likelihoods(flat, bounds, extra, rho)
        log_share, log_rest = math.log(share), math.log1p(-share)
        q = [_sigmoid(log_share + s - log_rest - c) for s, c in zip(spun_ll, clean_ll)]
        # _p(rho, x) per ratio: rho x / (rho x + 1 - rho)
        spun = rho * flat
        p = (spun / (spun + 1.0 - rho)).tolist()
        # each region weighed by its share written for the first time (1.0 when nothing repeats:
        # multiplying by 1.0 is exact, so the floats are those of the plain sums)
        spun_positions = sum([v * qr * sum(p[a:b]) for v, qr, (a, b) in zip(weight_of, q, bounds)])
        weight = sum(v * qr * n for v, qr, n in zip(weight_of, q, counts))
        share_count = sum(v * qr for v, qr in zip(weight_of, q))
        # M-step (MAP)
        new_rho = (prior.a - 1.0 + spun_positions) / (prior.a + prior.b - 2.0 + weight)
        new_rho = min(max(new_rho, clean), 0.99)
        new_share = (prior.share_a + share_count) / (prior.share_a + prior.share_b + sum(weight_of))
        moved = abs(new_rho - rho) + abs(new_share - share)
        rho, share = new_rho, new_share
        if moved < EM_TOLERANCE:
            break
    spun_ll = _log_likelihoods(flat, bounds, extra, rho)
    log_share, log_rest = math.log(share), math.log1p(-share)
    evidence = pooled_evidence(ratios, region_of, n_regions, extra, repeats or [1] * len(ratios), weight_of, prior)
    d = _sigmoid(math.log(prior.spun_documents / (1.0 - prior.spun_documents)) + evidence)
    q = [d * _sigmoid(log_share + s - log_rest - c) for s, c in zip(spun_ll, clean_ll)]
    # q[reg] _p(rho, x) + (1 - q[reg]) _p(clean, x) per ratio, in input order: numpy's IEEE
    # operations in Python's order, so the same floats as the per-ratio Python
    observed = np.asarray(ratios, dtype=np.float64)
    q_of = np.asarray(q, dtype=np.float64)[np.asarray(region_of, dtype=np.int64)]
    spun, noise = rho * observed, clean * observed
    posteriors = tuple((q_of * (spun / (spun + 1.0 - rho)) + (1.0 - q_of) * (noise / (noise + 1.0 - clean))).tolist())
    rates = tuple(qr * rho + (1.0 - qr) * clean for qr in q)
    total = sum(counts)
    document = sum(r * n for r, n in zip(rates, counts)) / total if total else rates[0]
    # a piece can hold spun text only if the document does: d_r <= d (the piece model's own
    # quadrature and per-piece priors can put a lone region's piece above the document's d)
    pieces = (tuple(min(d, x) for x in piece_spun(ratios, region_of, n_regions, extra,
                                                  repeats or [1] * len(ratios), weight_of, prior))
              if pieces else ())
    held_out = _held_out(ratios, region_of, n_regions, extra, repeats or [1] * len(ratios), weight_of, prior,
                         evidence, pieces or (d,) * n_regions)
    return RateEstimate(document, rates, tuple(q), posteriors, d, evidence, pieces, held_out)


def _held_out(ratios: Sequence[float], region_of: Sequence[int], n_regions: int, negligible: Sequence[int],
              repeats: Sequence[int], copies: Sequence[float], prior: RatePrior, evidence: float,
              ceiling: Sequence[float]) -> tuple[float, ...]:
    """``RateEstimate.held_out``: per observation, ``sigmoid(logit(spun_documents) + E + (E_-i - E))``
    for a ratio above 1 (:func:`held_out_evidence`), capped at its region's ``ceiling`` (``d_r`` or
    ``d``); the ceiling itself for the rest."""
    out = [ceiling[r] for r in region_of]
    which = [i for i, x in enumerate(ratios) if x > 1.0]
    if which:
        base = math.log(prior.spun_documents / (1.0 - prior.spun_documents)) + evidence
        shifts = held_out_evidence(ratios, region_of, n_regions, negligible, repeats, copies, prior, which)
        for i, shift in zip(which, shifts.tolist()):
            out[i] = min(out[i], _sigmoid(base + shift))
    return tuple(out)


def region_log_likelihoods(
    ratios: np.ndarray, region_of: np.ndarray, inverse_repeats: np.ndarray, negligible: np.ndarray,
    n_regions: int, rate: float,
) -> np.ndarray:
    """``log L_r(rate)`` of each region (natural log, shape ``(n_regions,)``): the sum over its
    observations of ``log(1 - rate + rate r_i) / repeats[i]`` (``inverse_repeats`` holds
    ``1 / repeats[i]``), its negligible positions counting ``r = 0``. The arrays are per
    observation (``ratios``, ``region_of``, ``inverse_repeats``) and per region (``negligible``).

    A spun form written ``k`` times in a region weighs as one: a spinner swaps each occurrence of a
    word on its own (the benchmark's spinners draw per position), so a form repeated ``k`` times is
    ``k`` independent swaps only if it is spun; in clean text it is one choice of the author,
    repeated because it is the topic ("Reliance", "districts", "laptops", "net"). Counted ``k``
    times, such forms made up most of the strongest spans of clean articles that ``check`` flagged
    (fit split, ``benchmarks/SPIN_SCORE.md``). Per region, not per document: each pasted copy of a
    spun article keeps its own evidence; :func:`pooled_evidence` counts the copies once."""
    terms = np.log1p(rate * (ratios - 1.0)) * inverse_repeats
    return np.bincount(region_of, weights=terms, minlength=n_regions) + negligible * math.log1p(-rate)


RATE_NODES = 128
"""Quadrature nodes of the spinner's rate rho in :func:`pooled_evidence` (midpoints over
``(c_min, 1)``, ``c_min`` the lowest clean-rate node: spacing under 0.008, finer than the rate's
posterior width in a document with fewer than ~3,000 eligible positions)."""
SHARE_NODES = 32
"""Quadrature nodes of the share of spun regions in :func:`pooled_evidence` (midpoints over (0, 1))."""
CLEAN_NODES = 12
"""Quadrature nodes of the document's own clean rate in :func:`pooled_evidence` (midpoints in
log over ``clean_median`` times ``exp(+-CLEAN_WIDTH clean_spread)``, weighed by the normal
density; rates above 0.5 are dropped)."""
EVIDENCE_BLOCK = 1 << 19
"""Cells (rate node x share node x region) of :func:`pooled_evidence`'s terms computed at once (4 MB
of float64 each for the terms and their ``logaddexp``): its memory stays bounded whatever the
number of regions; a news article's few dozen regions fit in one block."""
CLEAN_WIDTH = 3.0
"""Standard deviations of the clean rate's log each side of its median that the quadrature covers."""


def pooled_evidence(
    ratios: Sequence[float],
    region_of: Sequence[int],
    n_regions: int,
    negligible: Sequence[int],
    repeats: Sequence[int],
    copies: Sequence[float],
    prior: RatePrior,
) -> float:
    """``E``: the log Bayes factor (natural log) of "the document holds spun text" against "it is
    wholly clean", every region's evidence pooled, the spinner's rate, the share of spun regions
    and the document's own clean rate ``c`` integrated over their priors rather than set to EM's
    estimates:

        E = log  integral [integral integral  prod_r ((1 - pi) L_r(c) + pi L_r(rho)) ** v_r
                            dBeta(pi; share_a, share_b) dBeta(rho; a, b | rho > c)] dP(c)
            - log  integral  prod_r L_r(c) ** v_r  dP(c)

    with ``log L_r(rate) = sum_{i in r} log(1 - rate + rate r_i) / repeats[i]`` (negligible
    positions counting ``r = 0``; :func:`region_log_likelihoods`), ``v_r = copies[r]`` and ``P(c)``
    log-normal (median ``clean_median``, log standard deviation ``clean_spread``). This is the
    marginal likelihood of the model EM fits (its MAP point), so a long clean document is not
    searched for its luckiest region (the maximum over regions flagged long clean articles), and a
    rate fitted to the document's own noise is not taken as a spinner's: a clean region pulls
    ``pi``'s integral toward 0, where the prior has little mass. The clean rate is integrated in
    both hypotheses because clean text's own rate varies from article to article: with ``c`` fixed
    at ``clean_rate``, ten clean articles joined (their rate two to three times ``clean_rate``)
    scored 0.96 (``benchmarks/SPIN_SCORE.md``, 2026-12-01). Midpoint quadrature, ``CLEAN_NODES`` x
    ``RATE_NODES`` x ``SHARE_NODES`` (numpy: the regions' likelihoods at every rate node in one
    pass, :func:`rate_log_likelihoods`; the nodes and their prior weights are computed once per
    prior, :func:`_nodes`). The floats are those of the per-node loop it replaced (the same
    elementwise operations, sums and reductions in the same order; ``tests/test_spin_rate.py``
    holds that loop as a reference), so ``E`` is unchanged to the last bit."""
    nodes = _nodes(prior)
    per_region = (
        np.asarray(ratios, dtype=np.float64), np.asarray(region_of, dtype=np.int64),
        1.0 / np.asarray(repeats, dtype=np.float64), np.asarray(negligible, dtype=np.float64), n_regions,
    )
    weights = np.asarray(copies, dtype=np.float64)
    # (RATE_NODES + clean nodes, n_regions): the spinner's rates, then the clean rates
    ll = rate_log_likelihoods(*per_region, nodes.rates)
    # rate nodes per block: a (block, SHARE_NODES, n_regions) array at a time, not one of every rate
    # node (1,470 regions, a 1 MB document, held 385 MB twice); each rate node's row of the product
    # is its own matrix-vector product, so the blocks change no float
    step = max(1, EVIDENCE_BLOCK // (SHARE_NODES * max(n_regions, 1)))
    alternative, null = np.empty(len(nodes.first)), np.empty(len(nodes.first))
    for j, (first, log_rho) in enumerate(zip(nodes.first, nodes.log_rho)):
        clean_ll = ll[RATE_NODES + j]
        null[j] = clean_ll @ weights
        rest = nodes.log_rest + clean_ll[None, None, :]
        # the rates above c are a suffix of the ascending nodes
        per_node = np.concatenate([
            np.logaddexp(rest, nodes.log_pi + ll[at : min(at + step, RATE_NODES), None, :]) @ weights
            for at in range(first, RATE_NODES, step)])
        alternative[j] = np.logaddexp.reduce((per_node + nodes.log_pi_prior).ravel() + log_rho)
    return float(np.logaddexp.reduce(alternative + nodes.log_c_prior) - np.logaddexp.reduce(null + nodes.log_c_prior))


class _Nodes(NamedTuple):
    """:func:`pooled_evidence`'s quadrature for one prior (read-only arrays)."""

    rates: np.ndarray
    """The spinner's rate nodes (``RATE_NODES``, ascending), then the clean-rate nodes ``c``."""
    log_c_prior: np.ndarray
    """Log weight of each clean-rate node (normalised)."""
    first: tuple[int, ...]
    """Per clean-rate node: the first rate node above it."""
    log_rho: tuple[np.ndarray, ...]
    """Per clean-rate node: the log prior weight of each rate node above it (normalised over those),
    each repeated ``SHARE_NODES`` times (rate-major, as the rates x shares grid is flattened)."""
    log_pi: np.ndarray
    """``log pi`` of the share nodes, shape ``(1, SHARE_NODES, 1)``."""
    log_rest: np.ndarray
    """``log(1 - pi)``, shape ``(1, SHARE_NODES, 1)``."""
    log_pi_prior: np.ndarray
    """Log weight of each share node (normalised), shape ``(1, SHARE_NODES)``."""


@lru_cache(maxsize=8)
def _nodes(prior: RatePrior) -> _Nodes:
    """The quadrature nodes and log weights of :func:`pooled_evidence` for ``prior``."""
    return _grid(prior, RATE_NODES, SHARE_NODES, CLEAN_NODES)


def _grid(prior: RatePrior, rate_nodes: int, share_nodes: int, clean_nodes: int) -> _Nodes:
    """Midpoint quadrature nodes and log weights for ``prior`` with the given numbers of nodes."""
    RATE_NODES, SHARE_NODES, CLEAN_NODES = rate_nodes, share_nodes, clean_nodes  # noqa: N806
    z = -CLEAN_WIDTH + 2.0 * CLEAN_WIDTH * (np.arange(CLEAN_NODES) + 0.5) / CLEAN_NODES
    cs = prior.clean_median * np.exp(prior.clean_spread * z)
    log_c_prior = -0.5 * z**2
    log_c_prior, cs = log_c_prior[cs < 0.5], cs[cs < 0.5]
    log_c_prior -= np.logaddexp.reduce(log_c_prior)
    lowest = float(cs[0])
    rho = lowest + (1.0 - lowest) * (np.arange(RATE_NODES) + 0.5) / RATE_NODES
    log_rho_prior = (prior.a - 1.0) * np.log(rho) + (prior.b - 1.0) * np.log1p(-rho)
    pi = (np.arange(SHARE_NODES) + 0.5) / SHARE_NODES
    log_pi_prior = (prior.share_a - 1.0) * np.log(pi) + (prior.share_b - 1.0) * np.log1p(-pi)
    log_pi_prior -= np.logaddexp.reduce(log_pi_prior)
    first = tuple(int(np.count_nonzero(rho <= c)) for c in cs.tolist())
    log_rho = tuple(np.repeat(log_rho_prior[k:] - np.logaddexp.reduce(log_rho_prior[k:]), SHARE_NODES)
                    for k in first)
    arrays = (np.concatenate([rho, cs]), log_c_prior, np.log(pi)[None, :, None], np.log1p(-pi)[None, :, None],
              log_pi_prior[None, :], *log_rho)
    for a in arrays:
        a.flags.writeable = False
    return _Nodes(arrays[0], log_c_prior, first, log_rho, arrays[2], arrays[3], arrays[4])


PIECE_BREAK = 0.1
"""Prior probability that a boundary between two neighbouring regions starts a new *piece* of the
document (:func:`piece_spun`): hand-set, not fitted (a document of ~10 paragraphs is one piece at
prior odds ~0.4; 3-4 joined articles are several)."""
PIECE_RATE_NODES = 32
"""Quadrature nodes of the spinner's rate in :func:`piece_spun` (coarser than ``RATE_NODES``: every
contiguous run of regions is integrated)."""
PIECE_SHARE_NODES = 8
"""Quadrature nodes of the share of spun regions in :func:`piece_spun`."""
PIECE_CLEAN_NODES = 6
"""Quadrature nodes of the clean rate in :func:`piece_spun`."""
MAX_PIECE = 64
"""Longest piece, in regions, that :func:`piece_spun` considers (a longer run is several pieces):
bounds its cost to ``O(regions x MAX_PIECE)`` segment integrals."""


PIECE_BLOCK = 1 << 18
"""Cells (grid node x region) of :func:`piece_spun`'s prefix sums held at once, beyond the
``MAX_PIECE`` regions a piece reaches (2 MB of float64 per block): a news article's regions are
one block."""


@lru_cache(maxsize=8)
def _piece_nodes(prior: RatePrior) -> _Nodes:
    return _grid(prior, PIECE_RATE_NODES, PIECE_SHARE_NODES, PIECE_CLEAN_NODES)


def piece_spun(
    ratios: Sequence[float],
    region_of: Sequence[int],
    n_regions: int,
    negligible: Sequence[int],
    repeats: Sequence[int],
    copies: Sequence[float],
    prior: RatePrior,
    piece_break: float = PIECE_BREAK,
) -> tuple[float, ...]:
    """``d_r`` per region: the posterior probability that the piece of the document holding region
    ``r`` holds spun text, under a product partition model (Barry and Hartigan 1992).

    The document's regions fall into contiguous pieces (each boundary between neighbours a break
    with prior probability ``piece_break``, a piece at most ``MAX_PIECE`` regions). Each piece is
    on its own what :func:`pooled_evidence` takes a whole document to be: spun with prior
    probability ``spun_documents`` (its spinner's rate, share of spun regions and clean rate
    integrated over their priors) or wholly clean (its own clean rate integrated). Forward-backward
    over the piece ends sums over every partition exactly: ``O(n_regions x MAX_PIECE)`` segment
    integrals, each a difference of prefix sums over the quadrature nodes (``PIECE_*_NODES``).

    ``d`` (:func:`estimate`) asks whether the document holds spun text anywhere; ``d_r`` asks it of
    the text around region ``r``, so three clean articles before a spun one get a low ``d_r`` while
    ``d`` is near 1. Empty for a document with no region."""
    if n_regions == 0:
        return ()
    nodes = _piece_nodes(prior)
    n_rates = PIECE_RATE_NODES
    ll = rate_log_likelihoods(
        np.asarray(ratios, dtype=np.float64), np.asarray(region_of, dtype=np.int64),
        1.0 / np.asarray(repeats, dtype=np.float64), np.asarray(negligible, dtype=np.float64), n_regions, nodes.rates)
    v = np.asarray(copies, dtype=np.float64)
    clean_ll = ll[n_rates:] * v  # (clean nodes, regions)
    alt_weight = np.concatenate([log_rho + np.tile(nodes.log_pi_prior[0], n_rates - first) + nodes.log_c_prior[j]
                                 for j, (first, log_rho) in enumerate(zip(nodes.first, nodes.log_rho))])  # (grid,)

    def alt_terms(a: int, b: int) -> np.ndarray:
        """The spun hypothesis's log likelihood of regions ``a..b-1`` at every grid node, ``(grid,
        b - a)``: columns of the whole document's terms (elementwise, so the same floats)."""
        spun_terms = nodes.log_pi[0, :, 0][None, :, None] + ll[:n_rates, None, a:b]  # (rates, shares, regions)
        return np.concatenate([
            (np.logaddexp(nodes.log_rest[0, :, 0][None, :, None] + ll[n_rates + j][None, None, a:b],
                          spun_terms[first:]) * v[a:b]).reshape(-1, b - a)
            for j, first in enumerate(nodes.first)])

    zero = np.zeros((1,))
    null_prefix = np.concatenate([np.zeros((len(clean_ll), 1)), np.cumsum(clean_ll, axis=1)], axis=1)
    # the spun hypothesis's prefix sums over the regions (grid x regions: 17 MB for a 1 MB document),
    # held only for a block of ``block`` regions and the ``MAX_PIECE`` after it; the running sum is
    # carried from block to block, so each prefix is the same float as one cumulative sum's
    block = max(MAX_PIECE, PIECE_BLOCK // len(alt_weight))
    alt_prefix = np.zeros((len(alt_weight), 1))  # columns lo .. hi of the prefix sums
    lo = hi = 0
    log_spun = math.log(prior.spun_documents)
    log_clean = math.log1p(-prior.spun_documents)
    log_break, log_stay = math.log(piece_break), math.log1p(-piece_break)
    n = n_regions
    # spun[i][k - i - 1], whole[i][k - i - 1]: log marginal of piece [i, k) spun, and spun or clean,
    # with the partition prior's factors for the piece's inner boundaries and its closing one
    spun_of: list[np.ndarray] = []
    whole_of: list[np.ndarray] = []
    for i in range(n):
        ends = np.arange(i + 1, min(n, i + MAX_PIECE) + 1)
        if ends[-1] > hi:  # the next block's prefix sums, from the running sum at ``hi``
            top = min(n, i + block + MAX_PIECE)
            sums = np.cumsum(alt_terms(hi, top), axis=1) if hi == 0 else np.cumsum(
                np.concatenate([alt_prefix[:, -1:], alt_terms(hi, top)], axis=1), axis=1)[:, 1:]
            alt_prefix = np.concatenate([alt_prefix[:, i - lo :], sums], axis=1)
            lo, hi = i, top
        alt = np.logaddexp.reduce(alt_weight[:, None] + alt_prefix[:, ends - lo] - alt_prefix[:, i - lo : i - lo + 1],
                                  axis=0)
        null = np.logaddexp.reduce(nodes.log_c_prior[:, None] + null_prefix[:, ends] - null_prefix[:, i : i + 1],
                                   axis=0)
        partition = (ends - i - 1) * log_stay + np.where(ends < n, log_break, 0.0) + zero
        spun_of.append(partition + log_spun + alt)
        whole_of.append(partition + np.logaddexp(log_spun + alt, log_clean + null))
    forward = np.full(n + 1, -np.inf)
    forward[0] = 0.0
    for i in range(n):
        k = len(whole_of[i])
        forward[i + 1 : i + 1 + k] = np.logaddexp(forward[i + 1 : i + 1 + k], forward[i] + whole_of[i])
    backward = np.full(n + 1, -np.inf)
    backward[n] = 0.0
    for i in range(n - 1, -1, -1):
        k = len(whole_of[i])
        backward[i] = np.logaddexp.reduce(whole_of[i] + backward[i + 1 : i + 1 + k])
    total = forward[n]
    # P(piece [i, k) in the partition and spun), added to each region it holds
    delta = np.zeros(n + 1)
    for i in range(n):
        k = len(spun_of[i])
        p = np.exp(forward[i] + spun_of[i] + backward[i + 1 : i + 1 + k] - total)
        delta[i] += p.sum()
        delta[i + 1 : i + 1 + k] -= p
    return tuple(float(x) for x in np.clip(np.cumsum(delta[:n]), 0.0, 1.0).tolist())


HELD_OUT_BLOCK = 1 << 18
"""Cells (observation x grid node) of :func:`held_out_evidence` computed at once (2 MB of float64
per temporary): a news article's observations are one block."""


def held_out_evidence(
    ratios: Sequence[float],
    region_of: Sequence[int],
    n_regions: int,
    negligible: Sequence[int],
    repeats: Sequence[int],
    copies: Sequence[float],
    prior: RatePrior,
    which: Sequence[int],
) -> np.ndarray:
    """``E_-i - E`` for each observation ``i`` in ``which`` (natural log, shape ``(len(which),)``):
    how the document's evidence (:func:`pooled_evidence`) moves when observation ``i`` is left out.

    A candidate's confidence takes the document's ``d`` as the prior that there is spun text at all,
    and its own likelihood ratio as the evidence about its span. ``d`` computed from every span
    counts that ratio twice: in a lone clean sentence, "informed reporters" (ratio ~10^4 against
    "told") was the document's only evidence of spin, made ``d`` 0.74 (prior 0.1) and then
    counted again in its own posterior. The prior of a span is the document's ``d`` without it, as a
    leave-one-out (cross-validated) prior in a hierarchical model. Leaving ``i`` out changes one
    region's likelihood at every quadrature node, ``log L_r(rate) - log(1 - rate + rate r_i) /
    repeats[i]``, so the difference costs one pass over the grid per observation, not a fresh
    :func:`pooled_evidence`. It is computed on the coarser grid of :func:`piece_spun`
    (``PIECE_*_NODES``, 1/32 of the cells) and added to the fine grid's ``E``: a difference of two
    integrals on one grid, where the grid's own error mostly cancels. Arguments as
    :func:`pooled_evidence`; ``which`` indexes ``ratios``."""
    which_arr = np.asarray(which, dtype=np.int64)
    n = len(which_arr)
    if not n:
        return np.zeros(0)
    nodes = _piece_nodes(prior)
    n_rates = PIECE_RATE_NODES
    x = np.asarray(ratios, dtype=np.float64)
    regions = np.asarray(region_of, dtype=np.int64)
    inverse = 1.0 / np.asarray(repeats, dtype=np.float64)
    ll = rate_log_likelihoods(x, regions, inverse, np.asarray(negligible, dtype=np.float64), n_regions, nodes.rates)
    v = np.asarray(copies, dtype=np.float64)
    log_pi = nodes.log_pi[0, :, 0][None, :, None]  # (1, shares, 1)
    log_rest = nodes.log_rest[0, :, 0][None, :, None]
    reg, left_x, left_inverse = regions[which_arr], x[which_arr] - 1.0, inverse[which_arr]
    weight = v[reg]
    step = max(1, HELD_OUT_BLOCK // (len(nodes.rates) * log_pi.shape[1]))
    # per clean node (rows), each left-out observation's log integrand (columns), the whole
    # document's in the last column: alternative summed over the rates x shares grid, and null
    alternative = np.empty((len(nodes.first), n + 1))
    null = np.empty((len(nodes.first), n + 1))
    for j, first in enumerate(nodes.first):
        clean_ll, spun_ll = ll[n_rates + j], ll[first:n_rates]
        terms = np.logaddexp(log_rest + clean_ll[None, None, :], log_pi + spun_ll[:, None, :])  # (rates, shares, regions)
        whole = terms @ v
        log_prior = nodes.log_pi_prior[0][None, :] + nodes.log_rho[j].reshape(whole.shape)
        alternative[j, n] = np.logaddexp.reduce((whole + log_prior).ravel())
        null[j, n] = float(clean_ll @ v)
        # each observation's own term at clean rate c_j, and at the rates above it
        null[j, :n] = null[j, n] - np.log1p(nodes.rates[n_rates + j] * left_x) * left_inverse * weight
        for at in range(0, n, step):
            part = slice(at, min(at + step, n))
            r = reg[part]
            own = np.log1p(nodes.rates[first:n_rates, None] * left_x[None, part]) * left_inverse[None, part]
            own_clean = np.log1p(nodes.rates[n_rates + j] * left_x[part]) * left_inverse[part]
            after = np.logaddexp(log_rest + (clean_ll[r] - own_clean)[None, None, :],
                                 log_pi + (spun_ll[:, r] - own)[:, None, :])  # (rates, shares, block)
            changed = whole[:, :, None] + (after - terms[:, :, r]) * weight[None, None, part]
            alternative[j, part] = np.logaddexp.reduce((changed + log_prior[:, :, None]).reshape(-1, len(r)), axis=0)
    c_prior = nodes.log_c_prior[:, None]
    evidence = np.logaddexp.reduce(alternative + c_prior, axis=0) - np.logaddexp.reduce(null + c_prior, axis=0)
    return evidence[:n] - evidence[n]


def rate_log_likelihoods(
    ratios: np.ndarray, region_of: np.ndarray, inverse_repeats: np.ndarray, negligible: np.ndarray,
    n_regions: int, rates: np.ndarray,
) -> np.ndarray:
    """:func:`region_log_likelihoods` at each of ``rates`` (shape ``(len(rates),)``) in one pass:
    shape ``(len(rates), n_regions)``, row ``k`` the same floats as
    ``region_log_likelihoods(..., float(rates[k]))`` (the same elementwise operations; ``bincount``
    sums each region's terms in observation order either way; ``math.log1p`` for the negligible
    positions' ``log(1 - rate)``, as there)."""
    # a block of rates at a time (a 1 MB document's ~150,000 observations at 140 rates held ~170 MB
    # per temporary array); each region's sum at a rate adds that rate's terms in observation order
    # whatever the block, so the same floats
    step = max(1, EVIDENCE_BLOCK // max(len(ratios), 1))
    sums = np.empty((len(rates), n_regions))
    for at in range(0, len(rates), step):
        block = rates[at : at + step]
        terms = np.log1p(block[:, None] * (ratios - 1.0)) * inverse_repeats
        bins = region_of + n_regions * np.arange(len(block))[:, None]
        sums[at : at + step] = np.bincount(bins.ravel(), weights=terms.ravel(),
                                           minlength=n_regions * len(block)).reshape(len(block), n_regions)
    rest = np.array([math.log1p(-r) for r in rates.tolist()])
    return sums + negligible * rest[:, None]


def _p(rho: float, ratio: float) -> float:
    spun = rho * ratio
    return spun / (spun + 1.0 - rho)


def _log_likelihood(ratios: Sequence[float], negligible: int, rho: float) -> float:
    """log prod_i (1 - rho + rho r_i) over a region, negligible positions counting r = 0."""
    rest = 1.0 - rho
    log = math.log
    return sum([log(rest + rho * x) for x in ratios]) + negligible * log(rest)


def _log_likelihoods(flat: np.ndarray, bounds: Sequence[tuple[int, int]], negligible: Sequence[int],
                     rho: float) -> list[float]:
    """:func:`_log_likelihood` of each region: its ratios are ``flat[a:b]`` for its ``(a, b)`` in
    ``bounds``; the same floats (numpy's IEEE ``1 - rho + rho r``, ``math.log``, Python's sum)."""
    rest = 1.0 - rho
    log = math.log
    logs = list(map(log, (rest + rho * flat).tolist()))
    return [sum(logs[a:b]) + e * log(rest) for (a, b), e in zip(bounds, negligible)]


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
