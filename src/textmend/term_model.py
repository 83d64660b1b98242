"""The confidence of a term variant (rule ``term``): a small logistic model over its evidence.

A term variant's noisy-channel posterior alone separates poorly where it matters: on the fit
data a posterior of 0.99 is right about half the time, while the same finding's span length,
channel weight and the kind of term tell much more (``benchmarks/fit_terms.py`` compares the two
on held-out folds and records both log-losses in ``data/parameters.json``,
``fitted_on.term_calibration``). So:

    confidence = sigmoid(sum_f beta_f * x_f + beta_bias)

over :data:`FEATURE_NAMES`, with ``beta`` fitted by ``python benchmarks/fit.py --terms`` (weighted
logistic regression with a weak L2 prior) and stored as ``term_model`` in ``data/parameters.json``.
Without a fitted model the rule keeps its isotonic calibration (``calibration.term``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .posterior import calibrate
from .tortured import get_terms

if TYPE_CHECKING:
    from .detect import Observation
    from .parameters import Parameters

GROUP = "term"
"""The rule and calibration group this model scores."""

MAX_LOGIT = 13.8
"""Posteriors are clipped to [1e-6, 1 - 1e-6] before their logit is taken."""
FEATURE_NAMES: tuple[str, ...] = ("posterior", "channel", "language_model", "extra_words", "science")
"""In order: logit of the raw posterior; log10 C(s | T) (the term prior plus the words' channel
weights); the LM log10 ratio of the term against the span as the posterior used it; the span's
words beyond two; 1 when T is a scientific term (listed or curated; 0 for a WordNet-only term)."""
BIAS = "bias"


def features(posterior: float, channel: float, language_model: float, words: int, science: bool) -> list[float]:
    """The feature values of one term candidate, in :data:`FEATURE_NAMES` order. ``words``: the
    span's word count (2-5)."""
    p = min(max(posterior, 1e-6), 1.0 - 1e-6)
    return [math.log(p / (1.0 - p)), channel, language_model, float(words - 2), 1.0 if science else 0.0]


def confidence(values: Sequence[float], coefficients: Mapping[str, float]) -> float:
    """The probability (0-1) that the term candidate restores the author's term, from its
    :func:`features` ``values`` and the fitted ``coefficients`` (feature name -> weight, and
    ``"bias"``; a name not given weighs 0)."""
    z = coefficients.get(BIAS, 0.0) + sum(coefficients.get(n, 0.0) * x for n, x in zip(FEATURE_NAMES, values))
    z = max(-50.0, min(50.0, z))
    return 1.0 / (1.0 + math.exp(-z))


def candidate_confidence(obs: Observation, k: int, log_weight: float, posterior: float, params: Parameters) -> float:
    """Candidate ``k`` of span ``obs`` (a term variant) scored by the fitted ``params.term_model``;
    without one, the isotonic ``calibration.term`` of its posterior. ``log_weight``: the
    candidate's log10 weight (channel + LM + document), as the posterior used it."""
    if not params.term_model:
        return calibrate(posterior, params.calibration.get(GROUP, ()))
    entry = obs.entries[k]
    document = params.document if obs.in_document[k] else 0.0
    values = features(posterior, entry.weight, log_weight - entry.weight - document, len(obs.key.split()),
                      entry.original in get_terms().science)
    return confidence(values, params.term_model)
