"""Document-level pair statistics: how often a spun form and its original each occur in a document.

A spinner swaps a share of *every* occurrence of "said", "was", "but", "one"; so a spun document
holds a pair's spun and original forms side by side in proportions clean text rarely shows
("mentioned" 4 times beside "said" 10 times, "used to be" at all). For a candidate original ``o``
of a spun form ``s`` the evidence is the log-likelihood ratio of the two counts,

    n_s = spans of the document written as s that hold o as a candidate,
    n_o = spans written as o (at least 1 when o is written elsewhere: ``Observation.in_document``),

under "spun at rate r" against "clean", each occurrence of the pair a Bernoulli draw of the spun form:

    p0 = P(s) / (P(s) + P(o))          clean: the LM's context-free phrase probabilities
    p1 = p0 + (1 - p0) * r * c         spun: an o becomes s with probability r * c
    E  = n_s ln(p1 / p0) + n_o ln((1 - p1) / (1 - p0))

``c`` is the channel's probability of the swap, ``10 ** log10 C(s | o)`` (at most 1), ``r`` the
span's function-word rate (``textmend.function_rate``; the larger of it and the region's rate).
The confidence model (``textmend.confidence``, ``pair_evidence``) weighs ``E`` for the
function-word rule only. Nothing is fitted here: the coefficient lives in ``data/parameters.json``.

Spans come from ``textmend.detect.Observations.items``, so an original that is never a candidate
span of its own counts only through ``in_document`` (once), and a negligible span (all weights
tiny) is not counted.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .detect import Observation

MAX_EVIDENCE = 10.0
"""``E`` (natural log) is clipped to +-this."""
_FLOOR = 1e-9
"""Probabilities are kept inside [1e-9, 1 - 1e-9] before their log is taken."""


class PairCounts(NamedTuple):
    """The spans of one document by their spun form."""

    keys: Counter[str]
    """Spans per spun form (``Observation.key``)."""
    spans: dict[str, list[Observation]]
    """The spans of each spun form that is written more than once."""
    known: dict[tuple[str, str], float]
    """:func:`spun_count`'s answers so far (a long document repeats its forms thousands of times)."""
    copies: tuple[float, ...] = ()
    """Per region, how much a span there counts (see :func:`pair_counts`; empty: 1)."""


def pair_counts(items: Sequence[Observation], copies: Sequence[float] = ()) -> PairCounts:
    """:class:`PairCounts` of a document's observations (``textmend.detect.Observations.items``): one
    pass, the candidates are looked at only when :func:`spun_count` asks. ``copies``: per region,
    the share of it written for the first time (``textmend.detect.Observations.copies``; empty: all):
    a span counts that much, so that text pasted again adds no count (as it adds no evidence to
    the spin rate)."""
    if copies:
        keys: Counter[str] = Counter()
        for o in items:
            keys[o.key] += copies[o.region]  # type: ignore[assignment]
    else:
        keys = Counter([o.key for o in items])
    spans: dict[str, list[Observation]] = {}
    for o in items:
        if keys[o.key] > 1:
            spans.setdefault(o.key, []).append(o)
    return PairCounts(keys, spans, {}, tuple(copies))


def window_pair_counts(items: Sequence[Observation], n_regions: int, copies: Sequence[float] = (),
                       windows: Sequence[int] = ()) -> tuple[PairCounts, ...]:
    """Per region (``n_regions`` of them), the :class:`PairCounts` of the observations of its
    spin-rate estimation window (``windows[k]``: region ``k``'s window, non-decreasing;
    ``textmend.detect.Observations.windows``): a long document is counted window by window, as
    ``textmend.spin_rate_windows`` estimates it, for the counts grow with the text (a clean author's
    "whilst" written 30 times in 2 MB of news is no spinner's consistency). The regions of one
    window share one object."""
    n_windows = max(windows, default=0) + 1
    members: list[list[Observation]] = [[] for _ in range(n_windows)]
    for o in items:
        members[windows[o.region] if windows else 0].append(o)
    per_window = [pair_counts(m, copies) for m in members]
    return tuple(per_window[windows[k] if windows else 0] for k in range(n_regions))


def spun_count(counts: PairCounts, key: str, original: str) -> float:
    """Spans written as ``key`` that hold ``original`` as a candidate (at least 1: the span asked
    about), each counting its region's ``copies`` share."""
    spans = counts.spans.get(key)
    if not spans:
        return 1
    n = counts.known.get((key, original))
    if n is None:
        held = [o for o in spans if any(e.original == original for e in o.entries)]
        total = sum(counts.copies[o.region] for o in held) if counts.copies else len(held)
        n = counts.known[(key, original)] = max(total, 1)
    return n


def pair_evidence(counts: PairCounts, key: str, original: str, in_document: bool, prior: float, channel: float,
                  rate: float) -> float:
    """``E`` (natural log, within +-:data:`MAX_EVIDENCE`) for the candidate ``original`` of the spun
    form ``key``: ``prior`` is log10 P_lm(o) - log10 P_lm(s) (``Observation.prior``), ``channel``
    log10 C(s | o), ``rate`` the spin rate (0-1) the spun hypothesis assumes."""
    n_spun = spun_count(counts, key, original)
    n_original = max(counts.keys[original], 1 if in_document else 0)
    p0 = _clip(1.0 / (1.0 + 10.0 ** max(min(prior, 12.0), -12.0)))
    p1 = _clip(p0 + (1.0 - p0) * min(max(rate, 0.0), 1.0) * min(10.0 ** min(channel, 0.0), 1.0))
    e = n_spun * math.log(p1 / p0) + n_original * math.log((1.0 - p1) / (1.0 - p0))
    return min(max(e, -MAX_EVIDENCE), MAX_EVIDENCE)


def _clip(p: float) -> float:
    return min(max(p, _FLOOR), 1.0 - _FLOOR)
