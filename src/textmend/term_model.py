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

A candidate whose term has a word the language model does not know (more such words than the
span: ``Observation.unknown``) gets confidence 0 (:func:`readable`): a term variant is decided by
the LM ratio of the term against the span, and for such a term that ratio is the engine's fitted
unknown-word guess (``parameters.unknown``), not evidence ("smart fabrics" -> "smart frameworks"
on clean news: the LM's own ratio -4.2, +2.3 with the guess). The fit leaves these out too.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .language_model import get_language_model
from .posterior import calibrate
from .tortured import get_terms

if TYPE_CHECKING:
    from .detect import Observation
    from .parameters import Parameters

GROUP = "term"
"""The rule and calibration group this model scores."""

MAX_LOGIT = 13.8
"""Posteriors are clipped to [1e-6, 1 - 1e-6] before their logit is taken."""
FEATURE_NAMES: tuple[str, ...] = (
    "posterior", "channel", "language_model", "extra_words", "science", "swapped_words", "association",
    "capitalised", "other_uses",
)
"""In order: logit of the raw posterior; log10 C(s | T) (the term prior plus the words' channel
weights); the LM log10 ratio of the term against the span as the posterior used it; the span's
words beyond two; 1 when T is a scientific term (listed or curated; 0 for a WordNet-only term);
the mean unigram log10 P_lm of the span's swapped words (a tortured phrase's words are odd ones,
"retrogression" -7.5, where a chance match on spun news swaps common ones, "fire", "prices");
the span's association, log10 P_lm of the span alone minus its words' unigram log10 P_lm
(``Observation.spun_prior``: near 0 for words nobody writes together, positive for a phrase
people write, "portable devices" +2.9); 1 when the span starts with a capital inside a
sentence (``Observation.capitalised``: a name or title, "Computation and Neural Systems"); and
ln(1 + :func:`other_uses`) times max(logit of the raw posterior, 0) / 10: how often the span's
swapped words are written elsewhere in the document (a review of gadgets writes "gadgets"
throughout; a tortured phrase's odd word is a one-off), weighed where the channel is sure of the
term (screened on the fit's rows, ``benchmarks/term_features.py``: held-out log-loss .0403
against .0411 without it, and the clean-news "portable gadgets" findings .06-.10 against .91-.93;
the same count alone, unscaled, left them at .76-.84)."""
BIAS = "bias"


def features(posterior: float, channel: float, language_model: float, words: int, science: bool,
             swapped_words: float = 0.0, association: float = 0.0, capitalised: bool = False,
             uses: float = 0.0) -> list[float]:
    """The feature values of one term candidate, in :data:`FEATURE_NAMES` order. ``words``: the
    span's word count (2-5); ``swapped_words`` and ``association`` in log10 (:func:`word_evidence`);
    ``uses``: :func:`other_uses` (a count, >= 0)."""
    p = min(max(posterior, 1e-6), 1.0 - 1e-6)
    logit = math.log(p / (1.0 - p))
    return [logit, channel, language_model, float(words - 2), 1.0 if science else 0.0, swapped_words, association,
            1.0 if capitalised else 0.0, math.log1p(max(uses, 0.0)) * max(logit, 0.0) / 10.0]


def word_evidence(key: str, term: str, spun_prior: float) -> tuple[float, float]:
    """(``swapped_words``, ``association``) of the span ``key`` read as ``term`` (both lower case,
    single-spaced; the words of one position compared): the mean unigram log10 P_lm of the span's
    words that differ from the term's (0.0 if none) and ``spun_prior`` (log10 P_lm of the span
    alone) minus the sum of its words' unigram log10 P_lm. Words are looked up as written, an
    unknown word at the LM's floor."""
    spun = key.split(" ")
    swapped = [_unigram(s) for s, t in zip(spun, term.split(" ")) if s != t]
    return (sum(swapped) / len(swapped) if swapped else 0.0), spun_prior - sum(map(_unigram, spun))


@functools.lru_cache(maxsize=16_384)
def _unigram(word: str) -> float:
    lm = get_language_model()
    return lm.logprob(lm.ids([word]))


def other_uses(keys: Mapping[str, float], key: str, term: str) -> float:
    """How often the span ``key``'s swapped words (those that differ from ``term``'s at the same
    position; both lower case, single-spaced) are written elsewhere in the document, outside the
    span and its repeats: per swapped word, the document's spans written as that word or its
    plural or singular (``keys``: spans per spun form, ``pair_evidence.PairCounts.keys``) minus
    the spans written as ``key``; the mean over the swapped words, at least 0. A tortured phrase
    is a one-off swap of a word the author used for the term ("backwoods"); a chance match in
    clean prose reads a word the author writes throughout ("gadgets" in a review of gadgets)."""
    spun = key.split(" ")
    swapped = [s for s, t in zip(spun, term.split(" ")) if s != t]
    if not swapped:
        return 0.0
    repeats = keys.get(key, 0.0) or 1.0
    total = 0.0
    for word in swapped:
        forms = {word, word + "s", word[:-1] if word.endswith("s") and len(word) > 3 else word}
        total += max(sum(keys.get(f, 0.0) for f in forms) - repeats, 0.0)
    return total / len(swapped)


def confidence(values: Sequence[float], coefficients: Mapping[str, float]) -> float:
    """The probability (0-1) that the term candidate restores the author's term, from its
    :func:`features` ``values`` and the fitted ``coefficients`` (feature name -> weight, and
    ``"bias"``; a name not given weighs 0)."""
    z = coefficients.get(BIAS, 0.0) + sum(coefficients.get(n, 0.0) * x for n, x in zip(FEATURE_NAMES, values))
    z = max(-50.0, min(50.0, z))
    return 1.0 / (1.0 + math.exp(-z))


def readable(obs: Observation, k: int) -> bool:
    """Whether the LM knows candidate ``k``'s term as well as the span: no more of the term's
    words are unknown to it than of the span's (``Observation.unknown``)."""
    return obs.unknown[k] <= 0


def candidate_confidence(obs: Observation, k: int, log_weight: float, posterior: float, params: Parameters,
                         keys: Mapping[str, float] | None = None, likeliest: bool = True) -> float:
    """Candidate ``k`` of span ``obs`` (a term variant) scored by the fitted ``params.term_model``;
    without one, or when the candidate is not its span's likeliest by raw posterior
    (``likeliest`` False), the isotonic ``calibration.term`` of its posterior; 0.0 when the LM
    cannot read its term (:func:`readable`). ``log_weight``: the candidate's log10 weight
    (channel + LM + document), as the posterior used it; ``keys``: the document's spans per spun
    form (``pair_evidence.PairCounts.keys``; None: :func:`other_uses` is 0).

    The model is fitted on term findings only, each its span's likeliest reading
    (``benchmarks/fit_terms.py``); elsewhere it extrapolates: "make full (use)" -> "piece goods"
    on clean news, raw posterior 1e-14 and an LM ratio of -10.5, scored .80 (the logit is clipped
    at :data:`MAX_LOGIT` while the LM feature's negative weight is not), above the span's likeliest
    candidate. The isotonic calibration, fitted on the same rows, is monotone in the posterior."""
    if not readable(obs, k):
        return 0.0
    if not params.term_model or not likeliest:
        return calibrate(posterior, params.calibration.get(GROUP, ()))
    entry = obs.entries[k]
    document = params.document if obs.in_document[k] else 0.0
    values = features(posterior, entry.weight, log_weight - entry.weight - document, len(obs.key.split()),
                      entry.original in get_terms().science, *word_evidence(obs.key, entry.original, obs.spun_prior),
                      obs.capitalised, other_uses(keys, obs.key, entry.original) if keys is not None else 0.0)
    return confidence(values, params.term_model)
