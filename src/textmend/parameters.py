"""The engine's fitted parameters, read from ``data/parameters.json``.

``benchmarks/fit.py`` writes that file (never edit it by hand). It is stamped with the versions
of the channel and the language model it was fitted on, and :func:`stale_reasons` says when
either has changed since; a test fails then, so a refit is never forgotten.

Layout (JSON object):

- ``fitted_on``: ``{"channel": version, "language_model": version, "command": ..., "date": ...}``,
  and ``"term_calibration"``: the same record for ``calibration.term`` when ``fit.py --terms``
  fitted it on science text (``benchmarks/fit_terms.py``);
- ``spin_rate``: ``{"a", "b", "share_a", "share_b", "clean_rate", "spun_documents", "clean_median", "clean_spread"}``, see
  :class:`textmend.spin_rate.RatePrior`;
- ``document``: log10 factor on an original that the document writes unspun elsewhere;
- ``document_window``: words either side of a span within which "elsewhere in the document" is
  looked for (``textmend.written.DocumentWords``; in a longer text also within the span's estimation
  window, ``textmend.detect.document_words``): the longest document ``document`` was fitted on,
  so the factor is used at the scale it was fitted at (a longer text writes almost every candidate
  somewhere);
- ``unknown``: the log10 probability the posterior gives a word the LM does not know (in place
  of the LM's floor);
- ``calibration``: group -> ``[[logit, probability], ...]``: the knots of a monotone map from
  logit(posterior) to the confidence (``textmend.posterior.calibrate``);
- ``score_calibration``: ``[slope, bias]``: spin score = sigmoid(slope * evidence + bias), the
  probability that a document holds spun text, where evidence is the spin-rate model's ``E``
  (the log Bayes factor of spun against clean, every region pooled, ``textmend.spin_rate``); fitted on
  documents labelled clean or spun;
- ``number_style``: ``{"word_vs_digit", "word_vs_digit_before_unit", "word_vs_digit_large"}``:
  log10 odds that a writer (not a spinner) spells out a number rather than write its digits: a
  small one in running text, a small one before a unit or count, and a larger one;
- ``max_candidates``: originals scored per span, best channel weight first;
- ``confidence``: ``{feature: coefficient, ..., "bias": ...}``: the confidence model of the
  channel's rules (``textmend.confidence``), fitted by logistic regression;
- ``term_model`` (optional): ``{feature: coefficient, ..., "bias": ...}``: the logistic model of
  term variants (``textmend.term_model``), written by ``benchmarks/fit.py --terms``; when present
  it scores the ``term`` rule in place of ``calibration.term``;
- ``language_model``: ``{"context", "prior", "knee"}``: scales of the LM log-ratio's two parts in a
  candidate's log10 weight: what the context adds, and the phrases' context-free probability
  (``textmend.context``; 1 and 1 give the plain log-ratio); ``knee``: the log10 LM ratio beyond
  which the confidence model gets a slope of its own (``textmend.confidence.Features.lm_excess``),
  chosen by ``benchmarks/fit.py`` from ``LM_KNEES`` by the confidence model's log-loss;
- ``spun_prior_floor`` (optional): the lowest ``spun_prior`` (log10 P_lm of the written span alone)
  among the confidence model's training rows; a rarer span's feature is held there
  (``textmend.confidence.Features.spun_prior``). Written by ``benchmarks/fit.py`` with the model.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any, NamedTuple

from .spin_rate import RatePrior

PARAMETERS_RESOURCE = "data/parameters.json"


class Parameters(NamedTuple):
    """Everything the posterior and the spin-rate model need beyond the channel and the LM."""

    spin_rate: RatePrior
    document: float
    unknown: float
    calibration: dict[str, tuple[tuple[float, float], ...]]
    score_calibration: tuple[float, float]
    word_vs_digit: float
    word_vs_digit_before_unit: float
    word_vs_digit_large: float
    max_candidates: int
    fitted_on: dict[str, Any]
    lm_context: float
    lm_prior: float
    lm_knee: float
    """log10 LM ratio where the confidence model's ``lm_excess`` feature starts."""
    confidence: dict[str, float]
    term_model: dict[str, float] = {}
    """The term variants' logistic model (``textmend.term_model``); empty: ``calibration.term``."""
    document_window: int | None = None
    """Words either side of a span that the document factor searches (``data/parameters.json``'s
    ``document_window``, fitted by ``benchmarks/fit.py``'s ``document_window``; None: the whole
    document)."""
    spun_prior_floor: float | None = None
    """The lowest ``spun_prior`` of the confidence model's training rows (``data/parameters.json``'s
    ``spun_prior_floor``, ``benchmarks/fit.py``'s ``spun_prior_floor``): the feature is held there
    for a rarer span (None: not held)."""


@lru_cache(maxsize=1)
def get_parameters() -> Parameters:
    """The shipped parameters (cached). Raises ``RuntimeError`` if the file is malformed."""
    raw = json.loads(files("textmend").joinpath(PARAMETERS_RESOURCE).read_text(encoding="utf-8"))
    return parse_parameters(raw)


def parse_parameters(raw: dict[str, Any]) -> Parameters:
    """Build :class:`Parameters` from the JSON object; ``RuntimeError`` names a missing key."""
    try:
        rate = raw["spin_rate"]
        style = raw["number_style"]
        return Parameters(
            spin_rate=RatePrior(
                float(rate["a"]), float(rate["b"]), float(rate["share_a"]), float(rate["share_b"]),
                float(rate["clean_rate"]), float(rate["spun_documents"]),
                float(rate["clean_median"]), float(rate["clean_spread"]),
            ),
            document=float(raw["document"]),
            unknown=float(raw["unknown"]),
            calibration={k: tuple((float(x), float(y)) for x, y in v) for k, v in raw["calibration"].items()},
            score_calibration=(float(raw["score_calibration"][0]), float(raw["score_calibration"][1])),
            word_vs_digit=float(style["word_vs_digit"]),
            word_vs_digit_before_unit=float(style["word_vs_digit_before_unit"]),
            word_vs_digit_large=float(style["word_vs_digit_large"]),
            max_candidates=int(raw["max_candidates"]),
            fitted_on=dict(raw["fitted_on"]),
            lm_context=float(raw["language_model"]["context"]),
            lm_prior=float(raw["language_model"]["prior"]),
            lm_knee=float(raw["language_model"]["knee"]),
            confidence={str(k): float(v) for k, v in raw["confidence"].items()},
            term_model={str(k): float(v) for k, v in raw.get("term_model", {}).items()},
            document_window=int(raw["document_window"]) if "document_window" in raw else None,
            spun_prior_floor=float(raw["spun_prior_floor"]) if raw.get("spun_prior_floor") is not None else None,
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise RuntimeError(f"textmend's {PARAMETERS_RESOURCE} is malformed ({exc!r}); reinstall textmend") from exc


def stale_reasons(parameters: Parameters, channel_version: str, lm_version: str) -> list[str]:
    """Why ``parameters`` no longer match the shipped channel and LM (empty when current)."""
    reasons = []
    if parameters.fitted_on.get("channel") != channel_version:
        reasons.append(f"fitted on channel {parameters.fitted_on.get('channel')!r}, shipped {channel_version!r}")
    if parameters.fitted_on.get("language_model") != lm_version:
        reasons.append(
            f"fitted on language model {parameters.fitted_on.get('language_model')!r}, shipped {lm_version!r}"
        )
    terms = parameters.fitted_on.get("term_calibration")
    if isinstance(terms, dict) and (terms.get("channel"), terms.get("language_model")) != (channel_version, lm_version):
        reasons.append(
            f"term calibration fitted on channel {terms.get('channel')!r} and language model "
            f"{terms.get('language_model')!r} (refit with python benchmarks/fit.py --terms)"
        )
    return reasons
