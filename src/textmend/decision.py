"""The decision's arithmetic over all candidates of a document at once (numpy arrays).

``textmend.detect.decide`` turns each span's candidates into posteriors and confidences. Done
candidate by candidate in Python that is most of a repair's time (a news article has a few
hundred spans with about ten candidates each), so this module lays the candidates of a document
out as a table of ``n_spans x width`` arrays (``width``: the most candidates of any span; missing
cells padded) and computes, per cell:

- the log10 weight ``log10 w_j`` (``detect._log_weights``'s sum, term by term in its order);
- the linear weight ``10 ** w_j`` and each span's likelihood ratio ``sum_j w_j``;
- the posterior ``rho w_j / (1 - rho + rho sum_k w_k)`` given each span's region rate;
- for the ``CONFIDENCE_CANDIDATES`` likeliest candidates of each span, the confidence: the
  confidence model (``textmend.confidence``) as a sum over feature columns, or a group's isotonic
  calibration (``textmend.posterior.calibrate``).

The results equal the per-candidate functions bit for bit: every sum runs in the same order as
theirs, and the transcendental steps (``10 **``, ``log``, ``exp``) call Python's ``math`` on the
array's values, since numpy's SIMD versions may differ from libm in the last place.
``tests/test_decision.py`` checks this against ``detect._finding``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from itertools import chain, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from . import function_rate as function_word_rate
from . import pair_evidence as pairs
from . import term_model
from .confidence import (BIAS, FEATURE_NAMES, INTERACTIONS, MAX_EVIDENCE, MAX_MARGIN, RULES, function_document_lift,
                         held_spun_prior, log_document_spun)
from .posterior import CALIBRATION_GROUP, CHANNEL_GROUP, MAX_LOG10, calibrate, group_of

if TYPE_CHECKING:
    from .detect import Observation
    from .parameters import Parameters
    from .spin_rate import RateEstimate

NUMBER_GROUP = "number"
"""The rule of a change of number form (as ``textmend.detect.NUMBER_GROUP``)."""
MODEL_CHUNK = 8_192
"""Candidates whose confidence :func:`_model` computes in one call: its ~40 feature columns are
arrays of this length (~2.6 MB), not of a long document's every ranked candidate (~50,000 in
100 KB: 15 MB). Each candidate's value depends on its own cell only, so the chunks change no
number."""


class Table(NamedTuple):
    """The candidates of a document's spans as ``n_spans x width`` arrays (row = span, column =
    candidate in channel order; cells past a span's ``count`` are padding)."""

    count: np.ndarray
    """Candidates per span (int64, ``n_spans``)."""
    valid: np.ndarray
    """Whether a cell holds a candidate (bool)."""
    log_weight: np.ndarray
    """log10 w_j (float64; ``-inf`` in padding)."""
    linear: np.ndarray
    """10 ** log10 w_j clipped to +-``MAX_LOG10`` (float64; 0 in padding)."""
    ratio: np.ndarray
    """Each span's likelihood ratio, ``sum_j w_j`` summed in candidate order (float64, ``n_spans``)."""
    rate_ratio: np.ndarray
    """The ratio the spin-rate estimate sees (:func:`rate_ratio`; float64, ``n_spans``)."""
    rows: np.ndarray
    """Row of each candidate, flattened in span then candidate order (int64)."""
    cols: np.ndarray
    """Column of each candidate, flattened likewise (int64)."""
    groups: list[str]
    """Rule of each candidate, flattened likewise (``number`` for a change of number form, else
    ``textmend.posterior.group_of`` of its sources)."""
    weight: np.ndarray
    """Channel log10 weight of each candidate, flattened likewise (float64)."""
    lm: np.ndarray
    """``Observation.lm`` of each candidate, flattened likewise (float64)."""
    prior: np.ndarray
    """``Observation.prior`` of each candidate, flattened likewise (float64)."""
    unknown: np.ndarray
    """``Observation.unknown`` of each candidate, flattened likewise (as float64)."""
    in_document: np.ndarray
    """``Observation.in_document`` of each candidate, flattened likewise (bool)."""
    sources: np.ndarray
    """How many sources hold each candidate, flattened likewise (as float64)."""


def table(items: Sequence[Observation], params: Parameters, unknown_shift: float) -> Table:
    """The :class:`Table` of ``items`` (``detect.Observation``; each holds at least one candidate)
    under ``params``; ``unknown_shift`` as in ``detect._log_weights``."""
    count = np.fromiter((len(o.entries) for o in items), dtype=np.int64, count=len(items))
    n = len(items)
    width = int(count.max()) if n else 1
    rows = np.repeat(np.arange(n, dtype=np.int64), count)
    starts = np.zeros(n, dtype=np.int64)
    if n:
        np.cumsum(count[:-1], out=starts[1:])
    cols = np.arange(len(rows), dtype=np.int64) - np.repeat(starts, count)
    total = len(rows)
    entries = list(chain.from_iterable([o.entries for o in items]))
    weight = np.fromiter(map(_WEIGHT, entries), dtype=np.float64, count=total)
    lm = np.fromiter(chain.from_iterable([o.lm for o in items]), dtype=np.float64, count=total)
    prior = np.fromiter(chain.from_iterable([o.prior for o in items]), dtype=np.float64, count=total)
    unknown = np.fromiter(chain.from_iterable([o.unknown for o in items]), dtype=np.float64, count=total)
    in_document = np.fromiter(chain.from_iterable([o.in_document for o in items]), dtype=bool, count=total)
    style = np.fromiter(chain.from_iterable([o.style for o in items]), dtype=np.int64, count=total)
    style_value = np.array([
        -params.word_vs_digit_large, -params.word_vs_digit_before_unit, -params.word_vs_digit, 0.0,
        params.word_vs_digit, params.word_vs_digit_before_unit, params.word_vs_digit_large,
    ])
    # detect._log_weights, term by term in its order (so each sum rounds as there)
    flat = weight + params.lm_context * (lm - prior)
    flat = flat + params.lm_prior * prior
    flat = flat + unknown * unknown_shift
    flat = flat + np.where(in_document, params.document, 0.0)
    flat = flat + style_value[style + 3]
    clipped = np.clip(flat, -MAX_LOG10, MAX_LOG10)
    linear_flat = np.empty(total)
    for at in range(0, total, _POWER_CHUNK):  # Python floats for a chunk at a time, not all
        # pow(10.0, w) is 10.0 ** w (float_pow, libm's pow), mapped in C rather than a listcomp
        linear_flat[at : at + _POWER_CHUNK] = list(map(pow, repeat(10.0), clipped[at : at + _POWER_CHUNK].tolist()))
    del clipped
    log_weight = np.full((n, width), -np.inf)
    log_weight[rows, cols] = flat
    linear = np.zeros((n, width))
    linear[rows, cols] = linear_flat
    valid = np.zeros((n, width), dtype=bool)
    valid[rows, cols] = True
    ratio = linear[:, 0].copy() if n else np.zeros(0)
    for c in range(1, width):  # left to right, as Python's sum (adding padding's 0.0 is exact)
        ratio += linear[:, c]
    evidence = ratio  # Table.rate_ratio: the same sums with the number candidates' cells at 0.0
    numeric = style != 0
    if numeric.any():
        other = linear.copy()
        other[rows[numeric], cols[numeric]] = 0.0
        evidence = other[:, 0].copy()
        for c in range(1, width):
            evidence += other[:, c]
        evidence[np.bincount(rows[~numeric], minlength=n) == 0] = 1.0  # only number candidates: neutral
    sources = list(map(_SOURCES, entries))
    groups_of = {s: group_of(s) for s in set(sources)}
    groups = list(map(groups_of.__getitem__, sources))
    for k in np.flatnonzero(style).tolist():
        groups[k] = NUMBER_GROUP
    n_sources = np.fromiter(map(len, sources), dtype=np.float64, count=total)
    return Table(count, valid, log_weight, linear, ratio, evidence, rows, cols, groups, weight, lm, prior, unknown,
                 in_document, n_sources)


def rate_ratio(linear: Sequence[float], style: Sequence[int]) -> float:
    """A span's likelihood ratio as the spin-rate estimate (``textmend.spin_rate``) sees it: its
    candidates' linear weights summed in candidate order without the number candidates (``style``
    not 0, ``Observation.style``), or 1.0 (no evidence either way) when it has no other.

    A digit's number-word candidate is decided at the rate the rest of the text shows: counted in
    the estimate, the digits of a clean text that writes numbers as digits raised its own rate and
    spin score until the rule edited them ("We propose two variants ... 6 layers and 8 attention
    heads ... 4 GPUs": 4 edits, spin score .95; ``benchmarks/NUMBERS.md``, 2026-12-03 evening)."""
    if not any(style):
        return sum(linear)
    kept = [x for x, k in zip(linear, style) if not k]
    return sum(kept) if kept else 1.0


_POWER_CHUNK = 4_096
"""Candidates whose linear weight :func:`table` computes from one list of Python floats."""
_WEIGHT = itemgetter(1)
"""``ChannelEntry.weight``."""
_SOURCES = itemgetter(2)
"""``ChannelEntry.sources``."""


def posteriors(tab: Table, rho: np.ndarray) -> np.ndarray:
    """P(o_j | s, context) per cell (``textmend.posterior.posteriors``), ``rho`` the spin rate of
    each span's region; ``-inf`` in padding."""
    denominator = 1.0 - rho + rho * tab.ratio
    post = rho[:, None] * tab.linear / denominator[:, None]
    post[~tab.valid] = -np.inf
    return post


def function_region_rates(tab: Table, params: Parameters, region_of: np.ndarray, n_regions: int,
                          copies: Sequence[float] = ()) -> np.ndarray:
    """Each region's function-word spin rate (``textmend.function_rate.function_region_rates``) from
    the table: :func:`function_estimate`'s ``regions`` as an array."""
    return np.array(function_estimate(tab, params, region_of, n_regions, copies).regions, dtype=np.float64)


def function_estimate(tab: Table, params: Parameters, region_of: np.ndarray, n_regions: int,
                      copies: Sequence[float] = ()) -> RateEstimate:
    """The function-word spans' spin-rate estimate (``textmend.function_rate.function_estimate``) from
    the table: each span's function-word candidates' linear weights summed in candidate order
    (``np.bincount`` adds in array order from 0.0, as ``function_rate.function_ratios`` does).
    ``copies``: per region, the share written for the first time (``textmend.detect.copy_weights``)."""
    _, sums, has = span_sums(tab)
    return function_estimate_of(sums, has, params, region_of, n_regions, copies)


def span_sums(tab: Table) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per span of ``tab``: its likelihood ratio for the spin rate (``Table.rate_ratio``), the sum of its function-word
    candidates' linear weights in candidate order (``np.bincount`` adds in array order from 0.0, as
    ``function_rate.function_ratios`` does) and whether it has any: what the document's estimates
    need of a span, so that a long document's table can be built a block of spans at a time."""
    mask = np.fromiter(map(function_word_rate.FUNCTION_GROUP.__eq__, tab.groups), dtype=bool, count=len(tab.groups))
    rows = tab.rows[mask]
    n = len(tab.count)
    sums = np.bincount(rows, weights=tab.linear[tab.rows, tab.cols][mask], minlength=n)
    has = np.bincount(rows, minlength=n) > 0
    return tab.rate_ratio, sums, has


def function_estimate_of(sums: np.ndarray, has: np.ndarray, params: Parameters, region_of: np.ndarray,
                         n_regions: int, copies: Sequence[float] = (), windows: Sequence[int] = ()) -> RateEstimate:
    """:func:`function_estimate` from :func:`span_sums`' function-word sums and flags of every span
    (``windows``: each region's estimation window, ``textmend.detect.Observations.windows``)."""
    return function_word_rate.function_estimate(sums[has].tolist(), region_of[has].tolist(), n_regions,
                                                params.spin_rate, copies, windows)


def ranked(post: np.ndarray, count: np.ndarray, take: int) -> tuple[np.ndarray, np.ndarray]:
    """The columns of each span's ``take`` likeliest candidates, by posterior (ties in candidate
    order, as a stable sort), and whether each exists: two ``n_spans x take`` arrays."""
    order = np.argsort(-post, axis=1, kind="stable")[:, :take]
    exists = np.arange(order.shape[1])[None, :] < count[:, None]
    return order, exists


def confidences(
    items: Sequence[Observation], tab: Table, post: np.ndarray, order: np.ndarray, exists: np.ndarray,
    rows: np.ndarray, region_of: np.ndarray, rates: Sequence[float], spun: Sequence[float],
    document_evidence: float | np.ndarray, params: Parameters, function_rates: np.ndarray,
    counts: pairs.PairCounts | Sequence[pairs.PairCounts] | None = None, document_spun: float | Sequence[float] = 1.0,
    function_document_spun: float | Sequence[float] = 0.0,
) -> np.ndarray:
    """The confidence of the ranked candidates (``order``/``exists`` from :func:`ranked`) of the
    spans ``rows`` (``n_spans x take``; ``-inf`` where no candidate or a span not in ``rows``).

    ``region_of``: each span's region; ``rates``/``spun``: each region's rate and probability of
    being spun (``textmend.spin_rate``); ``function_rates``: each region's function-word rate
    (:func:`function_region_rates`); ``document_evidence``: ``E``, the document's log Bayes factor
    (``RateEstimate.evidence``), or per region its estimation window's (``window_evidence``);
    ``counts``: the document's ``pair_evidence.pair_counts``, or per region its window's
    (``pair_evidence.window_pair_counts``; None: the ``pair_evidence`` feature is 0); ``document_spun``: ``d``, the probability that the document
    holds spun text (``textmend.spin_rate.RateEstimate.spin_score``; 1: the feature adds nothing), or
    per span of ``tab`` that probability with the span left out (``RateEstimate.held_out``);
    ``function_document_spun`` that of its function-word spans alone (:func:`function_estimate`: its
    ``spin_score``, or per span its ``held_out``).
    Equals ``detect._confidence`` per candidate."""
    out = np.full(order.shape, -np.inf)
    if not len(rows):
        return out
    sub_order, sub_exists = order[rows], exists[rows]
    cell_row, cell_take = np.nonzero(sub_exists)
    span = rows[cell_row]
    col = sub_order[cell_row, cell_take]
    # flat index of each cell in the table's candidate order
    first = np.zeros(len(tab.count), dtype=np.int64)
    if len(first):
        np.cumsum(tab.count[:-1], out=first[1:])
    flat = first[span] + col
    groups = tab.groups
    cell_groups = [groups[i] for i in flat.tolist()]
    cell_post = post[span, col]
    model = params.confidence
    modelled = {g: bool(model and CALIBRATION_GROUP.get(g, g) == CHANNEL_GROUP) for g in set(cell_groups)}
    by_model = np.fromiter(map(modelled.__getitem__, cell_groups), dtype=bool, count=len(cell_groups))
    values = np.empty(len(flat))
    if by_model.any():
        every = np.nonzero(by_model)[0]
        for at in range(0, len(every), MODEL_CHUNK):  # each cell alone: chunks bound the feature columns
            pick = every[at : at + MODEL_CHUNK]
            values[pick] = _model(items, tab, cell_post[pick], span[pick], col[pick], flat[pick],
                                  [cell_groups[i] for i in pick.tolist()], region_of, rates, spun,
                                  document_evidence, model, function_rates, params.lm_knee, counts, document_spun,
                                  function_document_spun, params.spun_prior_floor)
    for i in np.nonzero(~by_model)[0].tolist():
        g = CALIBRATION_GROUP.get(cell_groups[i], cell_groups[i])
        if g == term_model.GROUP:  # a term variant: its own model (textmend.term_model)
            s, c = int(span[i]), int(col[i])
            values[i] = term_model.candidate_confidence(items[s], c, float(tab.log_weight[s, c]), float(cell_post[i]),
                                                        params, _counts_of(counts, items[s].region).keys
                                                        if counts is not None else None,
                                                        bool(cell_take[i] == 0))
            continue
        values[i] = calibrate(float(cell_post[i]), params.calibration.get(g, ()))
    out[rows[cell_row], cell_take] = values
    return out


def _counts_of(counts: pairs.PairCounts | Sequence[pairs.PairCounts], region: int) -> pairs.PairCounts:
    """The pair counts a span of ``region`` sees: the document's, or its window's."""
    return counts if isinstance(counts, pairs.PairCounts) else counts[region]


def _model(
    items: Sequence[Observation], tab: Table, post: np.ndarray, span: np.ndarray, col: np.ndarray, cell: np.ndarray,
    groups: list[str], region_of: np.ndarray, rates: Sequence[float], spun: Sequence[float],
    document_evidence: float | np.ndarray, coefficients: Mapping[str, float], function_rates: np.ndarray,
    lm_knee: float,
    counts: pairs.PairCounts | Sequence[pairs.PairCounts] | None = None, document_spun: float | Sequence[float] = 1.0,
    function_document_spun: float | Sequence[float] = 0.0, spun_prior_floor: float | None = None,
) -> np.ndarray:
    """``textmend.confidence.confidence`` of the candidates at (``span``, ``col``), column by
    column of the feature vector (``confidence.FEATURES``' order and maths); ``cell`` is each
    candidate's index in the table's flattened columns."""
    # only the rows of the chunk's cells: a chunk's cost does not grow with the document (the
    # whole table's rows, once per chunk, made a long document's decision quadratic)
    lw = tab.log_weight[span]
    # margin over the best other candidate: the second best for the best, else the best
    ordered = -np.sort(-lw, axis=1)
    top1 = ordered[:, 0]
    top2 = ordered[:, 1] if lw.shape[1] > 1 else np.full(len(top1), -np.inf)
    own = lw[np.arange(len(span)), col]
    others = np.where(col == np.argmax(lw, axis=1), top2, top1)
    others = np.where(tab.count[span] == 1, own - MAX_MARGIN, others)
    # the per-span features once per span, then spread over its cells (up to CONFIDENCE_CANDIDATES)
    each, inverse = np.unique(span, return_inverse=True)
    spans = [items[s] for s in each.tolist()]
    region = region_of[span]
    # d per cell: the document's, or its span's held out (textmend.spin_rate.RateEstimate.held_out)
    d_of = (np.full(len(span), float(document_spun)) if isinstance(document_spun, (int, float))
            else np.asarray(document_spun, dtype=np.float64)[span])
    fw_of = (np.full(len(span), float(function_document_spun)) if isinstance(function_document_spun, (int, float))
             else np.asarray(function_document_spun, dtype=np.float64)[span])
    logit_spun = _logits(np.asarray(spun, dtype=np.float64))[region]
    logit_rate = _logits(np.asarray(rates, dtype=np.float64))[region]
    function_rho = np.maximum(np.array(rates, dtype=np.float64)[region], function_rates[region])
    lm = tab.lm[cell]
    prior = tab.prior[cell]
    columns: dict[str, np.ndarray | float] = {
        "logit_posterior": _logits(post),
        "logit_region_spun": logit_spun,
        "logit_rate": logit_rate,
        "document_evidence": (min(document_evidence, MAX_EVIDENCE) / 10.0 if isinstance(document_evidence, float)
                              else np.minimum(document_evidence[region], MAX_EVIDENCE) / 10.0),
        "log_document_spun": np.array(_per_distinct(log_document_spun, d_of.tolist())),
        "function_document_lift": np.array(_per_distinct(function_document_lift, d_of.tolist(), fw_of.tolist())),
        "channel": tab.weight[cell],
        "lm_context": lm - prior,
        "lm_prior": prior,
        "lm_excess": np.maximum(lm - lm_knee, 0.0),
        "in_document": np.where(tab.in_document[cell], 1.0, 0.0),
        "margin": np.minimum(own - others, MAX_MARGIN),
        "log_candidates": np.array([math.log(max(n, 1)) for n in tab.count[each].tolist()])[inverse],
        "span_words": np.array([float(o.key.count(" ") + 1) for o in spans])[inverse],
        "sources": tab.sources[cell],
        "unknown": tab.unknown[cell],
        "spun_prior": np.array([held_spun_prior(o.spun_prior, spun_prior_floor) for o in spans])[inverse],
        "capitalised": np.array([1.0 if o.capitalised else 0.0 for o in spans])[inverse],
        "logit_function_rate": _logits(function_rho),
        "logit_function_posterior": _logits(
            function_rho * tab.linear[span, col] / (1.0 - function_rho + function_rho * tab.ratio[span])),
    }
    if counts is None:
        columns["pair_evidence"] = 0.0
    else:  # function-word cells only (the feature weighs no other rule), one scalar call each as in
        # detect.candidate_features
        evidence = np.zeros(len(groups))
        for i in [i for i, g in enumerate(groups) if g == function_word_rate.FUNCTION_GROUP]:
            s, c = int(span[i]), int(col[i])
            evidence[i] = pairs.pair_evidence(_counts_of(counts, items[s].region), items[s].key, items[s].entries[c].original,
                                              items[s].in_document[c], items[s].prior[c], items[s].entries[c].weight,
                                              float(function_rho[i]))
        columns["pair_evidence"] = evidence
    for rule in RULES:
        columns[f"rule:{rule}"] = np.array([1.0 if g == rule else 0.0 for g in groups])
    for rule, name in INTERACTIONS:
        columns[f"{rule}*{name}"] = columns[f"rule:{rule}"] * columns[name]
    total: np.ndarray | float = 0
    for name in FEATURE_NAMES:  # Python's sum: left to right from 0
        total = total + coefficients.get(name, 0.0) * columns[name]
    z = coefficients.get(BIAS, 0.0) + np.broadcast_to(total, post.shape)
    return _sigmoids(np.asarray(z, dtype=np.float64))


def _per_distinct(feature: Callable[..., float], *columns: list[float]) -> list[float]:
    """``[feature(*row) for row in zip(*columns)]``, each distinct row computed once: a span's
    candidates (up to ``CONFIDENCE_CANDIDATES`` cells) share its ``d`` and ``d_fw``, and the spans
    whose own ratio is at most 1 share the document's, so a news article's ~1,000 cells hold a few
    hundred distinct rows. ``feature`` is a pure function of floats (``math.log`` of a clipped
    maximum): the same floats, whether computed once or per cell."""
    rows = list(zip(*columns))
    known = {row: feature(*row) for row in dict.fromkeys(rows)}
    return list(map(known.__getitem__, rows))


def _logits(p: np.ndarray) -> np.ndarray:
    """``confidence._logit`` of each element of the float64 array ``p`` (same shape, 1-D): the
    clip and the odds are numpy's IEEE operations (the same roundings as Python's), the log is
    ``math.log``'s."""
    q = np.minimum(np.maximum(p, 1e-6), 1.0 - 1e-6)
    return np.array(list(map(math.log, (q / (1.0 - q)).tolist())), dtype=np.float64)


def _sigmoids(z: np.ndarray) -> np.ndarray:
    """``confidence._sigmoid`` of each element of the 1-D float64 array ``z``: ``math.exp`` of
    ``-|z|`` (what either branch exponentiates), the rest in numpy's IEEE operations."""
    e = np.array(list(map(math.exp, (-np.abs(z)).tolist())), dtype=np.float64)
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
