"""The function-word channel's own spin rate in a document: evidence for the confidence model.

The spin-rate model (``textmend.spin_rate``) estimates one rate over every eligible span, content
words and function words alike. Spinners do not treat them alike: a thesaurus spinner changes
content words and only a few stock phrases; a content-farm tool rewrites "was" as "used to be",
"but" as "however" and "said" as "stated" throughout, and may leave content words alone. In a
document of the second kind the shared rate is low (most eligible spans are unspun content
words), and a right function-word original was held below the threshold by it: on 60
benchmark-split articles spun by the function-word spinner at 0.3, the right original was proposed
for 0.79 of function-word swaps and applied for 0.31, the rate term of the confidence model
costing about -1.9 logit units on average (``benchmarks/function_words.py``).

So the function-word rule gets a rate of its own: EM (``textmend.spin_rate.estimate``, per region
with the document level, the fitted prior) over the spans that have a function-word candidate,
each with the likelihood ratio of its function-word candidates alone (:func:`function_region_rates`;
one rate for the whole document let three clean articles in front of a spun one dilute it and
cost a restoration). A document where "used to be",
"whereas" and "nevertheless" all read as spun has a high function-word rate whatever its content
words do; one lone "however" in clean text does not. ``textmend.confidence`` sees its logit
(feature ``logit_function_rate``), and the same EM's document level, ``d_fw``, the probability that
the document's function words are spun at all (:func:`function_estimate`; feature
``function_document_lift``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .spin_rate import RateEstimate, RatePrior
from .spin_rate_windows import estimate_by_window

FUNCTION_GROUP = "function-word"
"""The rule whose spans count (``textmend.posterior.group_of``)."""


def function_ratios(spans: Iterable[tuple[Sequence[str], Sequence[float]]]) -> list[float]:
    """The likelihood ratio of each span's function-word candidates, for the spans that have any.

    ``spans``: per span, its candidates' rules and linear weights (``w_j``, in the same order)."""
    out = []
    for groups, linear in spans:
        total, found = 0.0, False
        for g, w in zip(groups, linear):
            if g == FUNCTION_GROUP:
                total += w
                found = True
        if found:
            out.append(total)
    return out


def function_ratios_by_region(
    spans: Iterable[tuple[Sequence[str], Sequence[float], int]],
) -> tuple[list[float], list[int]]:
    """:func:`function_ratios` of spans given as (rules, linear weights, region), with the region
    of each span that has a function-word candidate."""
    spans = list(spans)
    regions = [region for groups, _, region in spans if FUNCTION_GROUP in groups]
    return function_ratios((groups, linear) for groups, linear, _ in spans), regions


def function_region_rates(
    ratios: Sequence[float], regions: Sequence[int], n_regions: int, prior: RatePrior,
    copies: Sequence[float] = (),
) -> tuple[float, ...]:
    """The function-word spin rate of each of ``n_regions`` regions (0-1): the spin-rate model's EM
    (``textmend.spin_rate.estimate``: spun and clean regions under the document level) over the
    function-word spans alone, ``regions[i]`` the region of ``ratios[i]``. A spun passage after
    clean text gets the rate it would get alone, as the shared rate does (issue 10); with no
    function-word span, every region gets the prior's ``clean_rate``. ``copies``: per region, the
    share written for the first time (``textmend.detect.copy_weights``; empty: all of it)."""
    return function_estimate(ratios, regions, n_regions, prior, copies).regions


def function_estimate(
    ratios: Sequence[float], regions: Sequence[int], n_regions: int, prior: RatePrior,
    copies: Sequence[float] = (), windows: Sequence[int] = (),
) -> RateEstimate:
    """The spin-rate model's whole estimate over the function-word spans alone (arguments as
    :func:`function_region_rates`, which returns its ``regions``): also ``spin_score``, the
    probability that the document's function words are spun at all (``d`` of those spans alone;
    0 with no function-word span, every region then at the prior's ``clean_rate``). ``windows``: each
    region's estimation window on a long document (``textmend.spin_rate_windows``; empty: whole).

    Its ``held_out`` (a span's ``d_fw`` without it) is at most the ``d_r`` of the span's piece, as the
    shared estimate's is: function words spun in one paragraph are no evidence that those of a clean
    paragraph beside it are spun. (With the document's ``d_fw`` alone, a spun paragraph after clean
    text lifted function-word edits in the clean part: "The primary outcome" -> "The first outcome" at
    .89 in a clinical abstract, a new user's probe; ``benchmarks/FUNCTION_WORDS.md``, 2026-12-03 late.)"""
    if not ratios:
        return RateEstimate(prior.clean_rate, (prior.clean_rate,) * n_regions, (0.0,) * n_regions, (), 0.0, 0.0)
    return estimate_by_window(list(ratios), list(regions), n_regions, prior, windows, copies=copies)


def held_out_per_span(has_function: Sequence[bool], estimate: RateEstimate) -> list[float]:
    """Per span of the document: ``d_fw`` with the span left out (``estimate.held_out``, in the order
    of the spans that have a function-word candidate) for those spans, ``estimate.spin_score`` for
    the rest (leaving them out changes nothing). ``estimate`` is :func:`function_estimate`'s."""
    held = iter(estimate.held_out)
    return [next(held) if has else estimate.spin_score for has in has_function]

