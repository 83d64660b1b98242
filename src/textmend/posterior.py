"""The noisy-channel posterior of each candidate original, and its calibration.

For an observed span ``s`` with candidate originals ``o_1 .. o_k`` (Kernighan, Church and
Gale 1990; Brill and Moore 2000):

    w_j = C(s | o_j) * P_lm(o_j | context) / P_lm(s | context) * D_j
    P(o_j | s, context) = rho * w_j / (1 - rho + rho * sum_k w_k)
    P(s is genuine)     = (1 - rho)  / (1 - rho + rho * sum_k w_k)

where ``C`` is the channel (``textmend.channel``), ``P_lm`` the language model
(``textmend.context``), ``D_j`` the document factor (the original is written unspun
elsewhere in the document: a cache model in the sense of Kuhn and De Mori 1990) and
``rho`` the region's spin rate (``textmend.spin_rate``). The likelihood ratio
``sum_k w_k`` is what EM sees for the span.

The confidence shown to users is the posterior calibrated per group: a monotone map of
logit(posterior) (isotonic regression, :func:`calibrate`), fitted by ``benchmarks/fit.py`` on
spinner seeds and documents the benchmark does not use (``data/parameters.json``).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from .candidates import USER_SOURCE

GROUP_OF_SOURCE: tuple[tuple[str, str], ...] = (
    (USER_SOURCE, "user"),
    ("tortured", "tortured"),
    ("term", "term"),
    ("function", "function-word"),
    ("mined", "mined"),
    ("curated", "curated"),
)
"""Calibration group (also the ``Edit.rule``) of a candidate by the first of its sources
found here, in this order; any other source (a thesaurus) gives ``thesaurus``. A change of number
form (digits and words) is the ``number`` group whatever its sources (``textmend.detect``)."""

CHANNEL_GROUP = "channel"
"""The calibration group of the channel's rules: their confidence is ``textmend.confidence``'s model."""
CALIBRATION_GROUP: dict[str, str] = {
    "function-word": CHANNEL_GROUP,
    "mined": CHANNEL_GROUP,
    "curated": CHANNEL_GROUP,
    "thesaurus": CHANNEL_GROUP,
    "number": CHANNEL_GROUP,
    "term": "term",
}
"""Rule -> the calibration it shares. The channel's rules and ``number`` share the confidence model
(``textmend.confidence``), which sees the rule among its features (``number`` with coefficients of
its own, ``confidence.NUMBER_NAMES``); ``term`` has its own logistic model (``textmend.term_model``; without
one fitted, an isotonic calibration too). Rules not listed (``tortured``, ``user``) keep the
raw posterior."""

THESAURUS_GROUP = "thesaurus"
RULES: tuple[str, ...] = tuple(group for _, group in GROUP_OF_SOURCE) + (THESAURUS_GROUP, "number")
"""Every rule id an :class:`~textmend.Edit` can carry."""
MAX_LOG10 = 12.0
"""log10 weights are clipped to +-this before exponentiation (no overflow)."""


def group_of(sources: Sequence[str]) -> str:
    """The calibration group of a candidate held by ``sources``."""
    for source, group in GROUP_OF_SOURCE:
        if source in sources:
            return group
    return THESAURUS_GROUP


def weights(log_weights: Sequence[float]) -> list[float]:
    """``10 ** w`` for each log10 weight, clipped to +-``MAX_LOG10``."""
    return [10.0 ** max(-MAX_LOG10, min(MAX_LOG10, w)) for w in log_weights]


def posteriors(rho: float, linear: Sequence[float]) -> list[float]:
    """P(o_j | s, context) for candidates with linear weights ``w_j``, given spin rate ``rho``."""
    total = sum(linear)
    denominator = 1.0 - rho + rho * total
    return [rho * w / denominator for w in linear]


def calibrate(posterior: float, knots: Sequence[tuple[float, float]]) -> float:
    """The calibrated probability of a raw ``posterior``: linear interpolation in logit(posterior)
    between ``knots`` ``(logit, probability)``, sorted by logit, flat beyond the ends. The knots
    are an isotonic regression (pool adjacent violators) of correctness on logit(posterior),
    fitted by ``benchmarks/fit.py``; an empty list leaves the posterior as it is."""
    if not knots:
        return posterior
    p = min(max(posterior, 1e-12), 1.0 - 1e-12)
    x = math.log(p / (1.0 - p))
    if x <= knots[0][0]:
        return knots[0][1]
    if x >= knots[-1][0]:
        return knots[-1][1]
    k = bisect.bisect_right(knots, (x, math.inf))
    (x0, y0), (x1, y1) = knots[k - 1], knots[k]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 > x0 else y1
