"""The spin rate rho: the share of eligible words a spinner changed, estimated by EM.

Every eligible position ``i`` (a span the channel has candidate originals for) carries a
likelihood ratio ``r_i = P(observed | spun) / P(observed | genuine)`` from the channel and
the language model (``textmend.posterior``). With a prior probability ``rho`` that a word is
spun, its posterior of being spun is

    p_i = rho * r_i / (rho * r_i + 1 - rho)

and EM (Dempster, Laird and Rubin 1977) alternates that E-step with the M-step ``rho = mean
of p_i``. Here the mean is a maximum a posteriori one, per region:

- the document rate has a Beta(a, b) prior fitted on clean and spun text;
- each region (a paragraph or a run of short ones) has the document rate as its prior, worth
  ``strength`` pseudo-positions: ``rho_region = (sum p_i + strength * rho_doc) / (n + strength)``.

So a spun paragraph inside clean text gets a high rate of its own and is repaired, while one
rare word in a clean sentence meets the low rate of its clean neighbours.

The document's spin score is the posterior probability that its rate exceeds what clean text
shows (``reference``), under ``Beta(a + sum p, b + n - sum p)``; the highest region's
probability counts too, so a spun passage in a long clean document still flags it.

Pure Python over lists: the observations of a news article number in the hundreds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

EM_ITERATIONS = 12
"""EM steps at most; it stops early when no rate moves by more than ``EM_TOLERANCE``."""
EM_TOLERANCE = 1e-4


class RatePrior(NamedTuple):
    """The spin-rate model's fitted constants (``data/parameters.json``, ``spin_rate``)."""

    a: float
    """Beta prior of the document rate: pseudo-count of spun positions."""
    b: float
    """Beta prior of the document rate: pseudo-count of genuine positions."""
    strength: float
    """Pseudo-positions the document rate is worth in each region's estimate."""
    reference: float
    """The rate clean text shows: the spin score is P(rho > reference)."""


class RateEstimate(NamedTuple):
    """What EM found for one document."""

    document: float
    """rho of the whole document (0-1)."""
    regions: tuple[float, ...]
    """rho of each region, in region order."""
    posteriors: tuple[float, ...]
    """p_i for each observation, in input order: the probability it is a spin."""
    spin_score: float
    """P(rho > prior.reference), 0-1."""


def estimate(
    ratios: Sequence[float],
    region_of: Sequence[int],
    n_regions: int,
    prior: RatePrior,
    negligible: Sequence[int] = (),
) -> RateEstimate:
    """Run EM over observations.

    ``ratios[i]`` is the likelihood ratio r_i (>= 0, linear, not log) of observation ``i`` and
    ``region_of[i]`` its region index (0 .. ``n_regions - 1``); ``negligible[k]`` counts further
    eligible positions of region ``k`` whose ratio is too small to matter (taken as 0). Regions
    with no observation take the document rate. Returns the rates, each observation's posterior
    and the score.
    """
    a, b, strength = prior.a, prior.b, prior.strength
    doc = a / (a + b)
    rates = [doc] * n_regions
    counts = list(negligible) if negligible else [0] * n_regions
    n = len(ratios) + sum(counts)
    for r in region_of:
        counts[r] += 1
    post = [0.0] * len(ratios)
    for _ in range(EM_ITERATIONS):
        sums = [0.0] * n_regions
        for i, (ratio, reg) in enumerate(zip(ratios, region_of)):
            rho = rates[reg]
            spun = rho * ratio
            p = spun / (spun + 1.0 - rho)
            post[i] = p
            sums[reg] += p
        total = sum(sums)
        new_doc = (a + total) / (a + b + n)
        new_rates = [(s + strength * new_doc) / (c + strength) for s, c in zip(sums, counts)]
        moved = max([abs(new_doc - doc)] + [abs(x - y) for x, y in zip(new_rates, rates)])
        doc, rates = new_doc, new_rates
        if moved < EM_TOLERANCE:
            break
    total = sum(post)
    score = beta_sf(prior.reference, a + total, b + n - total)
    for reg, s in _region_sums(post, region_of, n_regions):
        c = counts[reg]
        if c:
            score = max(score, beta_sf(prior.reference, strength * doc + s, strength * (1 - doc) + c - s))
    return RateEstimate(doc, tuple(rates), tuple(post), score)


def _region_sums(post: Sequence[float], region_of: Sequence[int], n_regions: int) -> list[tuple[int, float]]:
    sums = [0.0] * n_regions
    for p, reg in zip(post, region_of):
        sums[reg] += p
    return list(enumerate(sums))


def beta_sf(x: float, a: float, b: float) -> float:
    """P(X > x) for X ~ Beta(a, b), a, b > 0, 0 <= x <= 1.

    The regularized incomplete beta function by its continued fraction (modified Lentz),
    as in Press et al., *Numerical Recipes*, 3rd ed., section 6.4.
    """
    if x <= 0.0:
        return 1.0
    if x >= 1.0:
        return 0.0
    a, b = max(a, 1e-9), max(b, 1e-9)
    log_front = a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b)
    if x < (a + 1.0) / (a + b + 2.0):
        cdf = math.exp(log_front) * _beta_cf(x, a, b) / a
    else:
        cdf = 1.0 - math.exp(log_front) * _beta_cf(1.0 - x, b, a) / b
    return min(1.0, max(0.0, 1.0 - cdf))


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _beta_cf(x: float, a: float, b: float) -> float:
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 3e-12:
            break
    return h
