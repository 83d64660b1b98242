"""The detector: candidate spans -> language-model context -> spin rate -> posteriors.

One document at a time:

1. ``textmend.candidates`` finds every span the channel has candidate originals for;
2. ``textmend.context`` scores each candidate and the spun form in its window with the LM,
   in one vectorised batch per window of text;
3. the likelihood ratio of each span (``textmend.posterior``) feeds EM for the spin rate of
   each region and of the document (``textmend.spin_rate``);
4. each candidate's posterior follows from its region's rate; its confidence comes from the
   confidence model over the evidence (``textmend.confidence``), or a group's calibration.

Long texts are processed in windows of about ``WINDOW_CHARS`` that end at line breaks, so the
LM batches stay small; the spin rate is still estimated over the whole document.
"""

from __future__ import annotations

import bisect
import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from operator import add, itemgetter
from typing import Any, NamedTuple

import numpy as np
import regex

from .candidates import USER_SOURCE, Span, UserPairs, Words, _allowed, code_words, scan, user_pairs
from .channel import Channel, ChannelEntry, get_channel
from . import decision, term_model
from .config import Config
from .context import Windows
from .language_model import get_language_model
from .model import Evidence, Region
from .records import shown
from .numbers import DIGIT_BRACKETS, NUMBER_OPENERS, PAIR_JOINERS, RANGE_JOINERS, STREET_TYPES, DIGIT_FRIENDLY_NEXT, DIGIT_FRIENDLY_PREVIOUS, DIGIT_SIGNS_AFTER, DIGIT_SIGNS_BEFORE, MONTHS, NUMBER_JOINERS, NUMBER_PARTS, is_digits, number_value, spoken
from .parameters import Parameters, get_parameters
from .function_rate import FUNCTION_GROUP, held_out_per_span
from .pair_evidence import PairCounts, pair_counts, pair_evidence, window_pair_counts
from .confidence import MAX_MARGIN, Features, confidence, held_spun_prior
from .posterior import CALIBRATION_GROUP, CHANNEL_GROUP, MAX_LOG10, THESAURUS_GROUP, calibrate, group_of, posteriors, weights
from .spin_rate_windows import estimate_by_window, windows_of
from .tokenize import phrase_key
from .tortured import PACK as SCIENCE_PACK
from .tortured import merge as merge_spans
from .tortured import spans as tortured_spans
from .tortured import ACRONYM_SOURCE, is_term
from .tortured import written as written_terms
from .written import DocumentWords

WINDOW_CHARS = 1 << 16
"""Texts longer than this are processed window by window (split at line breaks)."""
MIN_REGION_WORDS = 40
"""Paragraphs shorter than this are joined with the next into one spin-rate region."""
LONG_LINE_WORDS = 500
"""A line longer than this is no paragraph but a text whose breaks were lost (a scraper's page as one
line): its sentences are gathered into regions of about :data:`LINE_REGION_WORDS`. The longest line
of the 911 clean news articles of the development corpus has 423 words, so no article of the fit's
kind is cut (``benchmarks/SPIN_SCORE.md``, 2026-12-03)."""
LINE_REGION_WORDS = 114
"""The words a region cut from a long line gathers before its next sentence end: the median region
of those 911 articles (10% have under 64 words, 10% over 199). A spun article of 8,280 words on one
line was one region and scored 0.02, against 1.00 with its paragraphs (a new user's probe)."""
MIN_RATIO = 1e-6
"""Spans whose likelihood ratio is below this count for the spin rate but yield no finding:
even at rho = 0.9 their posterior stays under 1e-5."""
NEGLIGIBLE_LOG10 = -9.0
"""Spans whose best channel + LM log10 weight is below this are only counted (no fitted
document or style term is worth 3 log10 units, so they stay under ``MIN_RATIO``)."""
DECIDE_BLOCK = 8_192
"""Spans whose candidates :func:`decide` lays out as one table (``textmend.decision``) at a time: a
news article's few hundred spans are one block; a 1 MB document's ~150,000 are ~20 (its whole table
held ~160 MB)."""
QUERY_BATCH = 100_000
"""LM queries (a window per candidate and per spun form) scored in one batch at most: a 64 KB
window of news text queues ~500,000 with every candidate scored (``max_candidates``), ~14 MB per
100,000 (``textmend.context.Windows.score``)."""
ALTERNATIVES = 3
"""Candidate originals listed per finding (``Edit.alternatives``)."""
CONFIDENCE_CANDIDATES = 4
"""Candidates per span that get a confidence: the likeliest by posterior (``textmend.confidence``)."""
NUMBER_GROUP = "number"
"""The rule and calibration group of a change of number form (digits and words)."""
SMALL_NUMBER = 9
"""Numbers up to this are spelled out in news style (one to nine: BBC, AP); 10 and up take digits
(``benchmarks/NUMBERS.md``: 82 of 86 "10" -> "ten" findings of spun fit documents were wrong)."""
USER_CONFIDENCE = 0.95
"""Confidence of a user's own extra pair: the user's word, not a posterior."""

_PARAGRAPH = regex.compile(r"\r\n|\r|\n")
_SENTENCE_GAP = regex.compile(r"(?<=[.!?][\"'\u201d\u2019)\]]?)[ \t]+(?=[\"'\u201c\u2018(\[]?\p{Lu})")
"""The spaces between two sentences of a line: after ".", "!" or "?" (and a closing quote or bracket),
before a capital (an opening quote or bracket between)."""


class Finding(NamedTuple):
    """A scored candidate span, before case and articles are fitted."""

    start: int
    """``str`` offset of the span in the input."""
    end: int
    key: str
    """The spun form as a channel key (lower case, single-spaced)."""
    replacement: str
    """Lower-case best original."""
    confidence: float
    """Calibrated probability that the replacement restores the author's wording (0-1)."""
    posterior: float
    """The uncalibrated noisy-channel posterior of the replacement (0-1)."""
    rule: str
    """The candidate's group: ``function-word``, ``number``, ``mined``, ``curated``, ``thesaurus``, ``user``,
    ``tortured`` (a listed tortured phrase), ``term`` (a variant of a known term, ``textmend.tortured``)."""
    alternatives: tuple[tuple[str, float], ...]
    """Up to ``ALTERNATIVES`` candidate originals (lower case) with a number (0-1), best first; the
    first is ``(replacement, confidence)``. As :func:`decide` builds it, the others are the next of
    the span's ``max_candidates`` candidates by calibrated confidence, with that confidence; the
    findings ``textmend.api`` reports have them re-ranked over every candidate of the span
    (``textmend.alternatives.widened``): each then carries its noisy-channel posterior among all
    those candidates (tempered channel weights, the region's spin rate), a ranking score and not
    a calibrated probability."""
    evidence: Evidence | None

    @property
    def explanation(self) -> str:
        """One short sentence saying why (built on demand: most findings are never shown)."""
        ev = self.evidence
        if ev is None:
            return EXPLANATIONS["user"].format(key=self.key, original=self.replacement)
        return EXPLANATIONS.get(self.rule, EXPLANATIONS["thesaurus"]).format(
            key=self.key,
            original=self.replacement,
            lm=ev.language_model,
            rho=shown(ev.spin_rate),  # as the evidence line shows it: rounded down
            sources=", ".join(ev.sources),
        )


EXPLANATIONS: dict[str, str] = {
    "function-word": "Spinners write '{key}' for '{original}'; the language model prefers '{original}' "
    "here by {lm:+.1f} log10, in a passage spun at rate {rho}.",
    "number": "Spinners turn number words into digits; '{original}' fits the style here by {lm:+.1f} log10, "
    "in a passage spun at rate {rho}.",
    "mined": "'{key}' is a substitute real spinners make for '{original}'; the language model prefers "
    "'{original}' here by {lm:+.1f} log10 (spin rate {rho}).",
    "curated": "'{key}' is a known spinner substitute for '{original}'; the language model prefers "
    "'{original}' here by {lm:+.1f} log10 (spin rate {rho}).",
    "thesaurus": "'{key}' is a synonym of '{original}' ({sources}); the language model prefers "
    "'{original}' here by {lm:+.1f} log10 (spin rate {rho}).",
    "user": "'{key}' is in your extra spin pairs as a substitute for '{original}'.",
    "tortured": "'{key}' is a listed tortured phrase for the term '{original}'; the language model prefers "
    "'{original}' here by {lm:+.1f} log10 (spin rate {rho}).",
    "term": "Each word of '{key}' is the word or a synonym of the known term '{original}' ({sources}); the "
    "language model prefers '{original}' here by {lm:+.1f} log10 (spin rate {rho}).",
}


class Analysis(NamedTuple):
    """All findings of a document, its regions and its spin score."""

    findings: tuple[Finding, ...]
    spin_score: float
    """The calibrated probability that the document holds spun text, 0-1 (0 with no candidate span):
    ``sigmoid(slope * evidence + bias)`` of the spin-rate model's evidence (``textmend.spin_rate``)."""
    spin_rate: float
    """rho of the whole document."""
    regions: tuple[Region, ...]
    word_count: int


class Observation(NamedTuple):
    """One span after LM scoring: the terms of its candidates' weights, kept apart so that
    the fit script (``benchmarks/fit.py``) can re-weigh them without re-scoring."""

    start: int
    end: int
    key: str
    region: int
    entries: tuple[ChannelEntry, ...]
    lm: Sequence[float]
    """log10 P_lm(o | context) - log10 P_lm(s | context) per entry (an ``array('d')`` when observed)."""
    prior: Sequence[float]
    """The context-free part of ``lm``: log10 P_lm(o) - log10 P_lm(s), each phrase alone."""
    in_document: tuple[bool, ...]
    """Whether each original is written unspun elsewhere in the document."""
    unknown: tuple[int, ...]
    """Per entry: words of the original the LM does not know, minus those of the spun form."""
    style: tuple[int, ...]
    """Number style per entry: 0 none, +-1 small digit -> word in running text, +-2 before a unit,
    +-3 a larger number (see ``_number_style``)."""
    spun_prior: float
    """log10 P_lm of the spun phrase alone, with no context (how rare the observed wording is)."""
    capitalised: bool
    """The span starts with a capital inside a sentence of running text (a name, or part of one); not
    among capitals, in a headline or a line in capitals (``Words.among_capitals``)."""


class Observations(NamedTuple):
    """What :func:`observe` saw in a document: the input of :func:`decide`."""

    items: tuple[Observation, ...]
    negligible: tuple[int, ...]
    """Per region: eligible spans whose every weight is too small to matter."""
    regions: tuple[tuple[int, int], ...]
    """(start, end) offsets of each spin-rate region."""
    users: tuple[Finding, ...]
    """Findings of the user's extra pairs (not scored)."""
    word_count: int
    copies: tuple[float, ...] = ()
    """Per region, the share of it written for the first time in the document (0-1; empty when no
    line of the document is written twice): see :func:`copy_weights`."""
    windows: tuple[int, ...] = ()
    """Per region, its spin-rate estimation window (``textmend.spin_rate_windows.windows_of``; empty
    when the document has at most ``document_window`` words and is estimated whole)."""


def analyse(text: str, config: Config, floor: float = 0.0) -> Analysis:
    """Find and score every candidate span of ``text`` (offsets into ``text``); findings less
    confident than ``floor`` (0-1) are left out (see :func:`decide`)."""
    return decide(observe(text, config), get_parameters(), floor)


def observe(text: str, config: Config, max_candidates: int | None = None) -> Observations:
    """Every candidate span of ``text`` with its channel and LM terms (no decision yet)."""
    return observe_all(text, config, max_candidates)[0]


def observe_all(
    text: str, config: Config, max_candidates: int | None = None
) -> tuple[Observations, list[tuple[Observation, bool]]]:
    """:func:`observe`, and every scored span in order with whether it is negligible (its best
    channel + LM log10 weight is below ``NEGLIGIBLE_LOG10``), for ``textmend.recheck``."""
    params = get_parameters()
    limit = params.max_candidates if max_candidates is None else max_candidates
    channel = get_channel(tuple(config.packs))
    user = user_pairs(config.extra_pairs)
    allow = frozenset(phrase_key(a) for a in config.allow)  # by words, as userlists documents
    region_starts, region_ends = _regions(text)
    document = document_words(text, region_starts, params.document_window)
    code = code_words(text)
    scored: list[tuple[Observation, bool]] = []
    users: list[Finding] = []
    word_count = 0
    for lo, hi in _windows(text):
        words = Words(text, lo, hi)
        word_count += len(words)
        scored += [
            (obs, _negligible(obs))
            for obs in _score_window(words, channel, user, allow, config, limit, document, region_starts, users,
                                     code)
        ]
    # the document's words are those of its windows (cut at white space): DocumentWords has their starts
    windows = estimation_windows(document.starts, region_starts, params.document_window)
    copies = copy_weights(text, region_starts, region_ends, windows)
    return (observations(scored, len(region_starts), region_starts, region_ends, users, word_count, copies, windows),
            scored)


def estimation_windows(word_starts: Sequence[int], region_starts: Sequence[int],
                       window_words: int | None) -> tuple[int, ...]:
    """Each region's spin-rate estimation window (``textmend.spin_rate_windows.windows_of``) from the
    start offsets of the document's words (``Words.starts``, in order) and of its regions; empty
    (estimated whole) for a document of fewer than twice ``window_words`` words or with no window
    fitted."""
    if not window_words or len(word_starts) < 2 * window_words:  # windows_of would estimate it whole
        return ()
    region = np.searchsorted(np.asarray(region_starts, dtype=np.int64), np.asarray(word_starts, dtype=np.int64),
                             side="right") - 1
    counts = np.bincount(np.maximum(region, 0), minlength=len(region_starts))
    return windows_of(counts.tolist(), window_words)


def document_words(text: str, region_starts: Sequence[int], window_words: int | None) -> DocumentWords:
    """The :class:`textmend.written.DocumentWords` of ``text`` (its regions starting at
    ``region_starts``, ``str`` offsets), searched within ``window_words`` words either side of a
    span and within the span's spin-rate estimation window (:func:`estimation_windows`): each
    window is a document of its own, and one clean article alone sees only its own words."""
    document = DocumentWords(text, window_words)
    starts = document.starts
    document.cut(estimation_cuts(starts, region_starts, estimation_windows(starts, region_starts, window_words)))
    return document


def estimation_cuts(word_starts: Sequence[int], region_starts: Sequence[int],
                    windows: Sequence[int]) -> list[int]:
    """The first word (index into ``word_starts``) of each estimation window after the first, from
    each region's window (``windows``, :func:`estimation_windows`; empty: none)."""
    if not windows:
        return []
    firsts = np.searchsorted(np.asarray(word_starts, dtype=np.int64), np.asarray(region_starts, dtype=np.int64),
                             side="left").tolist()
    return [firsts[k] for k in range(1, len(windows)) if windows[k] != windows[k - 1]]


def _negligible(obs: Observation) -> bool:
    """A span whose best channel + LM log10 weight is below ``NEGLIGIBLE_LOG10``, or that has no
    candidate left (all ruled out: it counts as unspun)."""
    return max(map(add, map(_WEIGHT, obs.entries), obs.lm), default=-math.inf) < NEGLIGIBLE_LOG10


_WEIGHT = itemgetter(1)
"""``ChannelEntry.weight``."""


def observations(
    scored: Sequence[tuple[Observation, bool]], n_regions: int, region_starts: Sequence[int],
    region_ends: Sequence[int], users: Sequence[Finding], word_count: int, copies: Sequence[float] = (),
    windows: Sequence[int] = (),
) -> Observations:
    """The :class:`Observations` of the scored spans (in text order, each with whether it is
    negligible): negligible ones are only counted per region, each occurrence once. (Counted once
    per distinct form, as ``repeats`` weighs the others, one article pasted 40 times on one line
    scored as one copy, but docstrings that repeat their code's words got false edits:
    ``benchmarks/SPIN_SCORE.md``, 2026-12-03.)"""
    items: list[Observation] = []
    negligible = [0] * n_regions
    for obs, small in scored:
        if small:
            negligible[obs.region] += 1
        else:
            items.append(obs)
    return Observations(tuple(items), tuple(negligible), tuple(zip(region_starts, region_ends)),
                        tuple(users), word_count, tuple(copies), tuple(windows))


def copy_weights(text: str, region_starts: Sequence[int], region_ends: Sequence[int],
                 windows: Sequence[int] = ()) -> tuple[float, ...]:
    """Per region (``region_starts[k]`` to ``region_ends[k]``, str offsets), the share of its words
    on lines written for the first time: a line (stripped) that the document holds ``m`` times
    counts ``1 / m`` of its words, wherever it stands. Empty when no line is written twice (the
    common case: every region counts whole). With ``windows`` (each region's spin-rate estimation
    window, ``Observations.windows``), lines are compared within a window only: each window is
    estimated as a document of its own.

    The spin-rate model pools its regions' evidence into the document's rate and spin score
    (``textmend.spin_rate.estimate``); a passage pasted again is the same evidence again, not
    new evidence (issue 10: an article pasted 8 times gets 8 times its edits). Lines, not
    regions, are compared, as regions of pasted copies need not line up."""
    placed = []
    k = 0
    for m in _LINE.finditer(text):
        if line := m.group().strip():
            while k + 1 < len(region_starts) and m.start() >= region_starts[k + 1]:
                k += 1
            placed.append((k, (windows[k] if windows else 0, line)))
    counts = Counter(key for _, key in placed)
    if not counts or max(counts.values()) == 1:
        return ()
    kept = [0.0] * len(region_starts)
    total = [0] * len(region_starts)
    for k, key in placed:
        n = len(key[1].split())
        total[k] += n
        kept[k] += n / counts[key]
    return tuple(w / n if n else 1.0 for w, n in zip(kept, total))


_LINE = regex.compile(r"[^\r\n]+")
"""A line's text (``_PARAGRAPH`` separates them)."""


def decide(observations: Observations, params: Parameters, floor: float = 0.0) -> Analysis:
    """Spin rates by EM, then each span's posterior and calibrated confidence.

    Findings less confident than ``floor`` (0-1; 0 keeps all) are left out; a span whose best
    raw posterior is below :func:`_posterior_floor` is skipped without building its finding.
    The spin rates and score do not depend on ``floor``."""
    items = observations.items
    shift = params.unknown - get_language_model().unknown_log10
    region_of = np.fromiter((obs.region for obs in items), dtype=np.int64, count=len(items))
    n_regions = len(observations.regions)
    # the spans' table a block at a time (DECIDE_BLOCK spans): first each span's ratio and
    # function-word sum for the document's estimates, then the block's posteriors and confidences;
    # each row's numbers depend on the row alone, so the blocks change no float
    blocks = [(a, min(a + DECIDE_BLOCK, len(items))) for a in range(0, len(items), DECIDE_BLOCK)] or [(0, 0)]
    whole = decision.table(items, params, shift) if len(blocks) == 1 else None  # one block: built once
    sums = ([decision.span_sums(whole)] if whole is not None
            else [decision.span_sums(decision.table(items[a:b], params, shift)) for a, b in blocks])
    ratio = np.concatenate([r for r, _, _ in sums])
    rate = estimate_by_window(ratio.tolist(), region_of.tolist(), n_regions, params.spin_rate, observations.windows,
                              observations.negligible, repeats(items), observations.copies)
    rho_all = np.asarray(rate.regions, dtype=np.float64)[region_of] if items else np.zeros(0)
    has_function = np.concatenate([h for _, _, h in sums])
    function_words = (decision.function_estimate_of(np.concatenate([f for _, f, _ in sums]), has_function, params,
                                                    region_of, n_regions, observations.copies, observations.windows)
                      if params.confidence else None)
    del sums
    # each span's document prior with the span itself left out (RateEstimate.held_out), for the
    # document and for its function-word spans alone
    document_spun = np.asarray(rate.held_out, dtype=np.float64)
    function_spun = (np.array(held_out_per_span(has_function.tolist(), function_words), dtype=np.float64)
                     if function_words is not None else np.zeros(len(items)))
    function_rates = (np.array(function_words.regions, dtype=np.float64) if function_words is not None
                      else np.zeros(max(n_regions, 1)))
    counts: PairCounts | tuple[PairCounts, ...] = (
        window_pair_counts(items, n_regions, observations.copies, observations.windows) if observations.windows
        else pair_counts(items, observations.copies))
    # E per region: the document's, or its estimation window's (textmend.spin_rate_windows)
    document_evidence = np.asarray(rate.window_evidence) if rate.window_evidence else rate.evidence
    below = _posterior_floor(params, floor) if floor > 0.0 else 0.0
    findings = []
    for a, b in blocks:
        block = items if whole is not None else items[a:b]
        tab = whole if whole is not None else decision.table(block, params, shift)
        rho = rho_all[a:b]
        post = decision.posteriors(tab, rho)
        keep = tab.ratio >= MIN_RATIO
        if below > 0.0:  # no candidate's posterior reaches the floor's (see _posterior_floor)
            best = np.array([10.0 ** w for w in np.clip(tab.log_weight.max(axis=1), -MAX_LOG10, MAX_LOG10).tolist()])
            keep &= ~(rho * best < below * (1.0 - rho + rho * tab.ratio))
        order, exists = decision.ranked(post, tab.count, CONFIDENCE_CANDIDATES)
        conf = decision.confidences(block, tab, post, order, exists, np.nonzero(keep)[0], region_of[a:b],
                                    rate.regions, rate.spun, document_evidence, params, function_rates, counts,
                                    document_spun[a:b], function_spun[a:b])
        if floor > 0.0:
            keep &= conf.max(axis=1, initial=-np.inf) >= floor
        findings += [
            _built(block[i], tab, i, order[i], conf[i], post[i], rate.regions[block[i].region], params)
            for i in np.nonzero(keep)[0].tolist()
        ]
    findings += [f for f in observations.users if f.confidence >= floor] if floor > 0.0 else observations.users
    findings.sort(key=lambda f: (f.start, f.end))
    slope, bias = params.score_calibration
    score = _logistic(slope * rate.evidence + bias) if observations.items else 0.0
    # each region's score: the document's, or its estimation window's (textmend.spin_rate_windows)
    scores = ([_logistic(slope * e + bias) for e in rate.window_evidence] if rate.window_evidence and observations.items
              else [score] * len(rate.regions))
    regions = tuple(Region(s, e, r, x) for (s, e), r, x in zip(observations.regions, rate.regions, scores))
    return Analysis(tuple(findings), score, rate.document, regions, observations.word_count)


def repeats(items: Sequence[Observation]) -> list[int]:
    """Per observation, how many observations of its region have its spun form (its ``key``; 1
    for a form written once there): the weights of ``textmend.spin_rate.region_log_likelihoods``.
    Counted per region, not per document, so that a text pasted twice keeps each copy's evidence."""
    counts = Counter([(obs.region, obs.key) for obs in items])
    return [counts[(obs.region, obs.key)] for obs in items]


def _posterior_floor(params: Parameters, floor: float) -> float:
    """A raw posterior below which no rule's calibrated confidence reaches ``floor``.

    Calibration is monotone (``textmend.posterior.calibrate``: interpolation between knots of
    non-decreasing probability, flat beyond the ends), so below the last knot before the first
    one at ``floor`` every calibrated value stays under ``floor``; a rule without calibration
    keeps the posterior. The bound is the lowest over all calibrations and ``floor`` itself,
    shrunk by a relative 1e-9 against rounding. The confidence model (``textmend.confidence``)
    weighs more than the posterior, so with one fitted there is no such bound: 0; the same for the
    term variants' model (``textmend.term_model``)."""
    if params.confidence or params.term_model:
        return 0.0
    key = (id(params), floor)
    known = _FLOORS.get(key)
    if known is not None and known[0] is params:
        return known[1]
    bound = floor
    for knots in params.calibration.values():
        first = next((k for k, (_, y) in enumerate(knots) if y >= floor), None)
        if first is None:
            continue  # no knot reaches the floor: nothing of this group ever does
        if first == 0:
            bound = 0.0
            break
        x = knots[first - 1][0]
        if x <= _LOGIT_CLAMP:  # calibrate clamps the posterior: stay clear of that edge
            bound = 0.0
            break
        bound = min(bound, 1.0 / (1.0 + math.exp(-x)))
    bound *= 1.0 - 1e-9
    if len(_FLOORS) > 16:
        _FLOORS.clear()
    _FLOORS[key] = (params, bound)
    return bound


_FLOORS: dict[tuple[int, float], tuple[Parameters, float]] = {}
_LOGIT_CLAMP = math.log(1e-9)
"""Logits at or below this get no pruning (``calibrate`` clamps posteriors at 1e-12)."""


def _log_weights(obs: Observation, params: Parameters, unknown_shift: float,
                 channel_weights: Sequence[float] | None = None) -> tuple[float, ...]:
    """log10 w_j per entry: channel + scaled LM ratio + document factor + number style.

    ``channel_weights`` (one log10 weight per entry) replaces the entries' own channel weights
    (``ChannelEntry.weight``): another channel's ranking of the same candidates
    (``textmend.alternatives``).

    The LM ratio enters as ``lm_context * (ratio - prior) + lm_prior * prior`` (fitted scales of
    what the context adds and of the words' plain frequency; both 1 give the plain ratio).

    ``unknown_shift`` replaces the LM's floor for an unknown word by the fitted ``unknown``
    log10 probability (see ``textmend.context``)."""
    style = {
        0: 0.0,
        1: params.word_vs_digit,
        -1: -params.word_vs_digit,
        2: params.word_vs_digit_before_unit,
        -2: -params.word_vs_digit_before_unit,
        3: params.word_vs_digit_large,
        -3: -params.word_vs_digit_large,
    }
    context, prior = params.lm_context, params.lm_prior
    channel = map(_WEIGHT, obs.entries) if channel_weights is None else channel_weights
    return tuple(
        w + context * (x - p) + prior * p + u * unknown_shift + (params.document if d else 0.0) + style[k]
        for w, x, p, u, d, k in zip(channel, obs.lm, obs.prior, obs.unknown, obs.in_document, obs.style)
    )


def _score_window(
    words: Words,
    channel: Channel,
    user: UserPairs,
    allow: frozenset[str],
    config: Config,
    limit: int | None,
    document: DocumentWords,
    region_starts: list[int],
    users: list[Finding],
    code: frozenset[str] = frozenset(),
    starts: Sequence[int] | None = None,
    wanted: Callable[[int, int], bool] | None = None,
) -> Iterator[Observation]:
    """The observations of the spans of ``words``, each with its ``limit`` best candidates by channel
    weight (``None``: all of them); with ``starts`` only those that start at these word indices
    (ascending) and for which ``wanted(first, last)`` holds (``textmend.recheck``)."""
    windows = Windows(get_language_model())
    queued: list[Queued] = []
    queries = 0
    done: list[Observation] = []
    for span, entries, style in spans_of(words, channel, user, allow, config, limit, users, code, starts, wanted):
        if not entries:  # a span a spinner left as written: counted for the spin rate only
            start = words.starts[span.first]
            region = bisect.bisect_right(region_starts, start) - 1
            yield Observation(start, words.ends[span.last], span.key, region, (), (), (), (), (), (), 0.0, False)
            continue
        phrases = [e.original for e in entries]
        queued.append((span, entries, style, phrases, windows.add(words, span, phrases)))
        queries += 1 + len(entries)
        if queries >= QUERY_BATCH:  # score what is queued: the batch's memory stays bounded
            done += _scored(windows, queued, words, document, region_starts)
            windows, queued, queries = Windows(get_language_model()), [], 0
    # scored spans after the unscored ones, as in one batch: the same order whatever the batches
    yield from done
    yield from _scored(windows, queued, words, document, region_starts)


Queued = tuple[Span, tuple[ChannelEntry, ...], tuple[int, ...], list[str], int]
"""A span queued for the LM (:func:`_scored`): the span, the candidates scored, their number styles,
their originals and the index of the spun form's query in its ``Windows``."""


def spans_of(
    words: Words,
    channel: Channel,
    user: UserPairs,
    allow: frozenset[str],
    config: Config,
    limit: int | None,
    users: list[Finding],
    code: frozenset[str] = frozenset(),
    starts: Sequence[int] | None = None,
    wanted: Callable[[int, int], bool] | None = None,
) -> Iterator[tuple[Span, tuple[ChannelEntry, ...], tuple[int, ...]]]:
    """The candidate spans of ``words`` in scan order, each with the candidates :func:`_score_window`
    scores (its ``limit`` best by channel weight, ``None``: all, after the term, code and number
    rules) and their number styles (``Observation.style``); ``((), ())`` for a span whose every
    candidate is ruled out. The user's pairs go to ``users`` as findings instead. ``starts`` and
    ``wanted`` as :func:`_score_window`.

    With ``limit`` the candidates are a prefix of those with no limit (``textmend.alternatives``
    relies on it): the scan's best ``limit`` are a prefix of the channel's list, the term
    matcher's entries come first either way, and every rule keeps or drops a candidate on its own."""
    # the scan's spans hold their ``limit`` best candidates: all that is scored, also after
    # ``merge_spans`` puts a term's entries first (its originals drop at most as many of these)
    found = scan(words, channel, user, allow, starts, limit)
    cover: list[tuple[int, int] | None] = []
    if SCIENCE_PACK in config.packs:  # tortured phrases: listed, and variants of known terms
        extra = (s for s in tortured_spans(words, channel, starts=starts)
                 if not (allow and _allowed(words, s.first, s.last, allow)))
        found = iter(merge_spans(found, extra))
        cover = written_terms(words)
    if wanted is not None:
        found = (span for span in found if wanted(span.first, span.last))
    for span in found:
        if span.entries[0].pack == USER_SOURCE:
            users.append(_user_finding(words, span))
            continue
        entries = span.entries[:limit]
        term = cover[span.first] if cover else None
        if term is not None and term[1] >= span.last:
            entries = _inside_term(words, span, term, entries)
        elif cover and entries[0].pack == SCIENCE_PACK and _crosses_term(cover, span):
            entries = tuple(e for e in entries if e.pack != SCIENCE_PACK or ACRONYM_SOURCE in e.sources)
        if code and entries and any(w in code for w in words.lowers[span.first : span.last + 1]):
            entries = _not_thesaurus(entries)  # the author writes this word in the code too
        if not entries:
            yield span, (), ()
            continue
        style = _number_style(words, span, entries)
        if any(style) and (not config.numbers or code):
            # no number rule, or a document that writes code: technical text writes its digits
            # ("greater than 1", "between 0 and 1", "5-fold"), not the news style the rule is fitted on
            entries = tuple(e for e, k in zip(entries, style) if not k)
            style = shared_zeros([k for k in style if not k])
        elif any(k > 0 for k in style) and written_as_digits(words, span.first, span.last):
            # the author's digits: no candidate at all (without "five", "$5" -> "$v" won)
            yield span, (), ()
            continue
        if entries:
            yield span, entries, style


def _scored(
    windows: Windows,
    queued: list[Queued],
    words: Words,
    document: DocumentWords,
    region_starts: list[int],
) -> Iterator[Observation]:
    """Score the ``queued`` spans' windows in one LM batch and yield their observations in order."""
    lms, priors, unknowns = _differences(windows, [1 + len(q[1]) for q in queued])
    at = 0
    for span, entries, style, phrases, index in queued:
        stop = at + len(entries)
        # C doubles, not tuples of float objects: ~400 bytes less per span (a 1 MB document's
        # 170,000 spans are all held until the decision), the same floats when read; slices of
        # the batch's arrays (a copy of bytes, not a conversion of each float)
        lm, prior, unknown = lms[at:stop], priors[at:stop], shared_zeros(unknowns[at:stop])
        spun_prior = windows.prior[index]
        at = stop
        key = span.key
        start, end = words.starts[span.first], words.ends[span.last]
        doc = in_document(document, phrases, key, start, end)
        region = bisect.bisect_right(region_starts, start) - 1
        # a capital inside running text marks a name; a headline or a line in capitals holds nothing but
        capitalised = _capital_inside_sentence(words, span.first) and not words.among_capitals(span.first, span.last)
        yield Observation(
            start, end, span.key, region, entries, lm, prior, doc, unknown, style, spun_prior, capitalised
        )


def _differences(windows: Windows, sizes: list[int]) -> tuple[array, array, list[int]]:
    """Score ``windows`` (queued span by span: the spun form, then ``sizes[k] - 1`` candidates)
    and return, flat over the candidates in queue order, each one's LM ratio, context-free prior
    ratio (C doubles, ``array("d")``) and unknown-word count, each minus its span's spun form's
    (numpy's IEEE subtraction: the same floats as Python's).

    The doubles go from numpy to the arrays as bytes: a list of float objects made and then
    converted back float by float for each span's ``array("d", ...)`` took ~0.07 s of ~6.9 s CPU
    over 140 news articles (``benchmarks/SPEED.md``, speed21)."""
    scores = np.asarray(windows.score(), dtype=np.float64)
    if not len(scores):
        return array("d"), array("d"), []
    spun = np.zeros(len(scores), dtype=bool)
    spun[np.cumsum([0, *sizes[:-1]])] = True
    repeat = np.asarray(sizes, dtype=np.int64) - 1
    prior = np.asarray(windows.prior, dtype=np.float64)
    unknown = np.asarray(windows.unknown, dtype=np.int64)
    cand = ~spun
    return (_doubles(scores[cand] - np.repeat(scores[spun], repeat)),
            _doubles(prior[cand] - np.repeat(prior[spun], repeat)),
            (unknown[cand] - np.repeat(unknown[spun], repeat)).tolist())


def _doubles(values: np.ndarray) -> array:
    """``array("d", values.tolist())`` (the same floats) by one copy of float64 bytes."""
    out = array("d")
    out.frombytes(np.ascontiguousarray(values, dtype=np.float64).tobytes())
    return out


def _crosses_term(cover: list[tuple[int, int] | None], span: Span) -> bool:
    """Whether a known term written as itself overlaps ``span`` without holding it or lying inside it
    (``cover`` as :func:`textmend.tortured.written`): in "profound learning disabilities" the
    listed tortured phrase "profound learning" ends inside "learning disabilities", so the words
    are that term with an adjective before it, not a spun "deep learning" (a new user's probe: the
    edit was applied at .87). An acronym after the span ("profound learning (DL)") still confirms it."""
    first, last = span.first, span.last
    for k in range(first, last + 1):
        term = cover[k]
        if term is not None and (first < term[0] <= last < term[1] or term[0] < first <= term[1] < last):
            return True
    return False


def _inside_term(
    words: Words, span: Span, term: tuple[int, int], entries: tuple[ChannelEntry, ...]
) -> tuple[ChannelEntry, ...]:
    """The candidates of a span inside a known term written as itself (words ``term[0]..term[1]``:
    "correlation coefficient", "phase angle").

    A thesaurus's synonym of a word of a written term is no evidence of a spinner there: a spinner
    that swaps words one by one rarely writes a known term by chance. So a thesaurus candidate stays
    only when it, too, makes a known term with the term's other words ("car maker" for "car
    manufacturer"); the candidates of real spinners' substitutions (mined, curated, function-word
    pairs) and of the science pack always stay.

    Every known term written around the span counts, not only the longest: in "rank-order
    correlation coefficient" the span "correlation coefficient" is a term written whole as well,
    and "correlation" makes "rank-order correlation" with the longest but no term with the span's
    own words, so it goes, as it does where "correlation coefficient" stands alone. (It stayed
    before: a clean scipy paragraph's edit at .99, the news LM giving the shorter phrase +7.7 log10,
    and one more rival reading of the same words in its spin evidence; ``benchmarks/TORTURED.md``,
    2026-12-03.)"""
    lowers = words.lowers
    kept = _not_thesaurus(entries)
    if len(kept) == len(entries):
        return entries
    around = [(a, b) for a in range(term[0], span.first + 1) for b in range(max(span.last, a + 1), term[1] + 1)
              if (a, b) == term or is_term(lowers[a : b + 1])]
    return tuple(e for e in entries if e in kept or all(
        is_term([*lowers[a : span.first], *e.original.split(" "), *lowers[span.last + 1 : b + 1]]) for a, b in around))


def _not_thesaurus(entries: tuple[ChannelEntry, ...]) -> tuple[ChannelEntry, ...]:
    """The candidates that are not a thesaurus's synonyms: real spinners' substitutions (mined,
    curated, function-word pairs) and the science pack's."""
    return tuple(e for e in entries if e.pack == SCIENCE_PACK or group_of(e.sources) != THESAURUS_GROUP)


def _number_style(words: Words, span: Span, entries: tuple[ChannelEntry, ...]) -> tuple[int, ...]:
    """Number-style code per entry (see ``Observation.style``).

    For a candidate that says the span's number in the other form (digits or words): +1 for a
    small number (up to ``SMALL_NUMBER``) written in digits in running text, +2 when a unit, count
    noun or name-like word next to it makes digits natural ("1 point", "page 3"), +3 for a larger
    number; negative for a word form turned back into digits. ``_log_weights`` turns the codes into
    fitted log10 odds; 0 when the pair is not a change of number form.
    """
    numeric = _numeric_key(span.key)
    if numeric is None:
        n = len(entries)  # neither digits nor number words: no change of number form
        return _ZEROS[n] if n < len(_ZEROS) else (0,) * n
    out = [0] * len(entries)
    key_digits, key_spoken = numeric
    for k, e in enumerate(entries):
        original_digits = any(is_digits(t) for t in e.original.split(" "))
        if key_digits == original_digits or _spoken_phrase(e.original) != key_spoken:
            continue
        value = number_value(span.key if not key_digits else e.original)
        if value is None or value > SMALL_NUMBER:
            code = 3
        else:
            lowers = words.lowers
            nxt = lowers[span.last + 1] if span.last + 1 < len(lowers) else ""
            prev = lowers[span.first - 1] if span.first > 0 else ""
            friendly = nxt in DIGIT_FRIENDLY_NEXT and (
                nxt not in PAIR_JOINERS or (span.last + 2 < len(lowers) and is_digits(lowers[span.last + 2])))
            paired = prev in PAIR_JOINERS and span.first >= 2 and is_digits(lowers[span.first - 2])  # "3 of 5"
            unit = (friendly or paired or prev in DIGIT_FRIENDLY_PREVIOUS or _is_count_noun(nxt)
                    or _after_name(words, span.first))
            code = 2 if unit else 1
        out[k] = code if key_digits else -code
    return shared_zeros(out)


def _after_name(words: Words, first: int) -> bool:
    """Whether a capitalised word of the sentence stands right before word ``first``: a name the
    digit belongs to ("PlayStation 3", "Halo 2"; ``benchmarks/NUMBERS.md``). At the sentence's start
    the word counts unless it is one of :data:`~textmend.numbers.NUMBER_OPENERS` ("Halo 2 was" is a
    name, "About 2 people" is not)."""
    if not words.same_sentence(first):
        return False
    if _capital_inside_sentence(words, first - 1):
        return True
    name = first - 1
    return (not words.same_sentence(name) and words.text[words.starts[name]].isupper()
            and words.lowers[name] not in NUMBER_OPENERS)


def _capital_inside_sentence(words: Words, i: int) -> bool:
    """Whether word ``i`` begins with a capital and does not begin its sentence: a name, or part of
    one (``Observation.capitalised``, :func:`_after_name`)."""
    return i > 0 and words.text[words.starts[i]].isupper() and words.same_sentence(i)


def written_as_digits(words: Words, first: int, last: int) -> bool:
    """Whether the number at words ``first..last`` can only have been written in digits
    (``benchmarks/NUMBERS.md``):

    - a sign before it ("$5", "€ 5", "#3") or after it ("4%"), or an operator of a formula or
      of code ("default=0", "x^2", "1/n": :data:`DIGIT_SIGNS_BEFORE`, :data:`DIGIT_SIGNS_AFTER`);
    - a bracket right before it and a comma or bracket right after it: a label or a tuple's element
      ("(1)", "(1, n_features)": :data:`DIGIT_BRACKETS`);
    - a month name next to it, or after the other end of its range ("6 to 9 January", "March 3");
    - another number next to it with no word between (:data:`NUMBER_JOINERS` aside): a score, a
      time, a ratio, a range (to a decimal too), a sum, a row of a table or a list of numbers ("3-1",
      "3:30", "7:30am", "3:1", "pages 3-5", "6-6.5%", "2 + 2 = 4", "2 x 4", "| 5 | 3 |", "3, 7, 9 and 4");
    - in apposition between commas: an age ("His sister, 4, was");
    - a range whose other end is "0" or a decimal ("between 0 and 1": :data:`RANGE_JOINERS`);
    - a house number: a capitalised name that ends in a street type follows ("7 Park Lane":
      :data:`STREET_TYPES`);
    - between two capitalised words inside a sentence: a result line ("Leeds 2 Burnley 1");
    - a list marker: the number opens its line or follows a sentence's end, and a "." or ")" follows
      ("1. Preheat"; "... from that iteration. 2. The direction", a list's lines joined).

    No author writes "four%", "$five", "six January", "won three-one", "three:30" or "two + two =
    four", so no spinner made these digits out of words: the channel holds no such swap. (126 of 126
    "%" and currency findings of spun fit documents at posterior >= 0.5 were the author's digits;
    scores, times, tables and lists were edited once the rule applied: a clean league table came
    back as "| Leeds | five | three | one | one | 10 |".)"""
    text, lowers, starts, ends = words.text, words.lowers, words.starts, words.ends
    start, end = starts[first], ends[last]
    after = text[end : end + 4].lstrip(" \t\u00a0")
    if after and after[0] in DIGIT_SIGNS_AFTER:
        return True
    if after[:3].lower() in ("a.m", "p.m"):
        return True  # a time: "5 p.m." (its words "p" and "m" are no unit)
    if text[end : end + 1] in (":", "-", "\u2013", ",", ".") and text[end + 1 : end + 2].isdigit():
        # a time or a range glued to a token that is no number ("7:30am", "1-2mbps"), or a number
        # with a unit glued to it that the tokenizer cut at its separator ("3,000mm", "2.5kg": a new
        # user's probe, "three,000mm" at .90)
        return True
    before = text[max(0, start - 4) : start].rstrip(" \t\u00a0")
    if before and before[-1] in DIGIT_SIGNS_BEFORE:
        return True
    if start > 0 and text[start - 1] in DIGIT_BRACKETS[0] and end < len(text) and text[end] in DIGIT_BRACKETS[1]:
        return True
    if text[max(0, start - 2) : start] == ", " and end < len(text) and text[end] == ",":
        return True  # in apposition, an age ("His sister, 4, was") or a list's element
    n_words = len(lowers)
    for j, k in ((first - 1, first - 2), (last + 1, last + 2)):  # a range's other end: "between 0 and 1"
        if 0 <= k < n_words and lowers[j] in RANGE_JOINERS and (lowers[k] == "0" or _decimal(lowers[k])):
            return True
    if (last + 2 < n_words and _capital_inside_sentence(words, last + 1)
            and any(lowers[i] in STREET_TYPES and _capital_inside_sentence(words, i)
                    for i in range(last + 2, min(n_words, last + 5)))):
        return True  # a house number: "7 Park Lane", "4 Church Road"
    if _after_name(words, first) and last + 1 < n_words and _capital_inside_sentence(words, last + 1):
        return True  # between two names: a result line ("Leeds 2 Burnley 1"), a name's number and a name
    if (last + 1 < n_words and lowers[last + 1] in MONTHS) or (first > 0 and lowers[first - 1] in MONTHS):
        return True
    if (last + 3 < n_words and lowers[last + 1] in RANGE_JOINERS and is_digits(lowers[last + 2])
            and lowers[last + 3] in MONTHS):
        return True  # the first day of a range of dates: "runs from 6 to 9 January"
    for j, step in ((first - 1, -1), (last + 1, 1)):
        if j < 0 or j >= n_words:
            continue
        k = j + step if lowers[j] in NUMBER_JOINERS and 0 <= j + step < n_words else j  # "2 x 4"
        gap = text[ends[k] : start] if step < 0 else text[end : starts[k]]
        if k != j:
            gap = gap.replace(text[starts[j] : ends[j]], "", 1)
        if (is_digits(lowers[k]) or _decimal(lowers[k])) and "\n" not in gap and not any(c.isalpha() for c in gap):
            return True  # "3-1", "6-6.5%"
    line = text.rfind("\n", 0, start) + 1
    opening = text[line:start].rstrip()  # the marker opens its line, or a sentence: "... iteration. 2. The"
    return ((not opening or opening[-1] in ".!?:") and end < len(text) and text[end] in ".)"
            and (end + 1 == len(text) or text[end + 1].isspace()))


def _decimal(token: str) -> bool:
    """Whether ``token`` is a decimal number ("0.5", "1,5")."""
    head, sep, tail = token.replace(",", ".").partition(".")
    return bool(sep) and head.isdigit() and tail.isdigit()


def shared_zeros(values: list[int]) -> tuple[int, ...]:
    """``tuple(values)``; when every value is 0, one shared tuple per length (``_ZEROS``): most
    spans' ``Observation.unknown`` and ``style`` (~1.5 MB each on a 100 KB document)."""
    return _shared(values, _ZEROS)


def shared_falses(values: list[bool]) -> tuple[bool, ...]:
    """``tuple(values)``; when every value is ``False``, one shared tuple per length (``_FALSES``):
    most spans' ``Observation.in_document``."""
    return _shared(values, _FALSES)


def _shared(values: list[Any], table: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
    """``tuple(values)``, or ``table``'s tuple of that length when no value is true."""
    if any(values) or len(values) >= len(table):
        return tuple(values)
    return table[len(values)]


_ZEROS: tuple[tuple[int, ...], ...] = tuple((0,) * n for n in range(65))
"""``(0,) * n`` for n = 0-64 (more candidates per span than that get a tuple of their own)."""
_FALSES: tuple[tuple[bool, ...], ...] = tuple((False,) * n for n in range(65))
"""``(False,) * n`` for n = 0-64."""


def _numeric_key(key: str) -> tuple[bool, tuple[str, ...]] | None:
    """``None`` when the spun ``key`` has neither digits nor number words (no change of number
    form is possible), else (whether it has digits, its words as spoken); cached per key."""
    try:
        return _NUMERIC_KEYS[key]
    except KeyError:
        pass
    toks = key.split(" ")
    key_digits = any(is_digits(t) for t in toks)
    if key_digits or any(t.split("-")[0] in NUMBER_PARTS for t in toks):
        found: tuple[bool, tuple[str, ...]] | None = (key_digits, _spoken_phrase(key))
    else:
        found = None
    if len(_NUMERIC_KEYS) >= _NUMERIC_KEYS_SIZE:
        _NUMERIC_KEYS.clear()
    _NUMERIC_KEYS[key] = found
    return found


_NUMERIC_KEYS: dict[str, tuple[bool, tuple[str, ...]] | None] = {}
_NUMERIC_KEYS_SIZE = 21_845
"""Spun keys whose number-form test :func:`_numeric_key` keeps (a full cache is emptied). 21,845 is
the most a dict of 32,768 slots holds; 100,000 until memory round 8 (benchmarks/SPEED.md): 911 + 200
news articles meet ~55,000 keys, which held ~5 MB (a table of 131,072 slots and the keys)."""


def _spoken_phrase(phrase: str) -> tuple[str, ...]:
    return tuple(w for token in phrase.split(" ") for w in spoken(token))


def _is_count_noun(word: str) -> bool:
    """Plural nouns of scoring and measuring ("points", "goals") make a digit natural."""
    return word in _COUNT_NOUNS


_COUNT_NOUNS = frozenset(
    "point points goal goals run runs try tries wicket wickets set sets game games minute minutes "
    "second seconds hour hours day days week weeks month months year years percent per cent".split()
)


def _finding(
    obs: Observation, log_weights: tuple[float, ...], rho: float, spun: float, document_evidence: float,
    params: Parameters, function_rate: float = 0.0, counts: PairCounts | None = None, document_spun: float = 1.0,
    function_document_spun: float = 0.0,
) -> Finding:
    linear = weights(log_weights)
    post = posteriors(rho, linear)
    groups = [NUMBER_GROUP if k else group_of(e.sources) for e, k in zip(obs.entries, obs.style)]
    # the confidence model scores the likeliest few; the rest cannot reach the alternatives
    ranked = sorted(range(len(post)), key=lambda k: -post[k])[:CONFIDENCE_CANDIDATES]
    calibrated = {k: _confidence(obs, k, log_weights, post, groups[k], rho, spun, document_evidence, params,
                                 function_rate, counts, document_spun, function_document_spun)
                  for k in ranked}
    order = sorted(ranked, key=lambda k: -calibrated[k])
    best = order[0]
    entry = obs.entries[best]
    evidence = Evidence(
        channel=entry.weight,
        language_model=log_weights[best] - entry.weight - (params.document if obs.in_document[best] else 0.0),
        # the LM term as used: ratio, unknown-word correction and number style
        document=params.document if obs.in_document[best] else 0.0,
        spin_rate=rho,
        sources=tuple(entry.sources),
    )
    alternatives = tuple((obs.entries[k].original, calibrated[k]) for k in order[:ALTERNATIVES])
    return Finding(
        obs.start, obs.end, obs.key, entry.original, calibrated[best], post[best],
        groups[best], alternatives, evidence,
    )


def _built(
    obs: Observation, tab: decision.Table, row: int, order: np.ndarray, conf: np.ndarray, post: np.ndarray,
    rho: float, params: Parameters,
) -> Finding:
    """The :class:`Finding` of span ``row`` from its ranked columns ``order``, their confidences
    ``conf`` and the row's posteriors ``post`` (``textmend.decision``): what :func:`_finding`
    computes candidate by candidate."""
    n = min(len(obs.entries), len(order))
    calibrated = dict(zip(order[:n].tolist(), conf[:n].tolist()))
    ranked = sorted(calibrated, key=lambda k: -calibrated[k])  # stable: ties keep posterior order
    best = ranked[0]
    entry = obs.entries[best]
    log_weight = float(tab.log_weight[row, best])
    document = params.document if obs.in_document[best] else 0.0
    evidence = Evidence(
        channel=entry.weight,
        language_model=log_weight - entry.weight - document,
        document=document,
        spin_rate=rho,
        sources=tuple(entry.sources),
    )
    alternatives = tuple((obs.entries[k].original, calibrated[k]) for k in ranked[:ALTERNATIVES])
    group = NUMBER_GROUP if obs.style[best] else group_of(entry.sources)
    return Finding(
        obs.start, obs.end, obs.key, entry.original, calibrated[best], float(post[best]), group, alternatives,
        evidence,
    )


def _confidence(
    obs: Observation, k: int, log_weights: tuple[float, ...], post: list[float], group: str, rho: float,
    spun: float, document_evidence: float, params: Parameters, function_rate: float = 0.0,
    counts: PairCounts | None = None, document_spun: float = 1.0, function_document_spun: float = 0.0,
) -> float:
    """Candidate ``k``'s confidence: the confidence model for the channel's rules, else the group's
    isotonic calibration of the posterior."""
    calibration_group = CALIBRATION_GROUP.get(group, group)
    if calibration_group == term_model.GROUP:
        return term_model.candidate_confidence(obs, k, log_weights[k], post[k], params,
                                               counts.keys if counts is not None else None,
                                               max(range(len(post)), key=lambda j: (post[j], -j)) == k)
    if calibration_group != CHANNEL_GROUP or not params.confidence:
        return calibrate(post[k], params.calibration.get(calibration_group, ()))
    return confidence(candidate_features(obs, k, log_weights, post, group, rho, spun, document_evidence,
                                         function_rate, params.lm_knee, counts, document_spun,
                                         function_document_spun, params.spun_prior_floor), params.confidence)


def candidate_features(
    obs: Observation, k: int, log_weights: Sequence[float], post: Sequence[float], group: str, rho: float,
    spun: float, document_evidence: float, function_rate: float,
    lm_knee: float, counts: PairCounts | None = None, document_spun: float = 1.0,
    function_document_spun: float = 0.0, spun_prior_floor: float | None = None,
) -> Features:
    """What the confidence model sees of candidate ``k`` of ``obs`` (``textmend.confidence``):
    ``log_weights`` and ``post`` are the span's log10 weights and posteriors, ``rho`` and ``spun`` its
    region's spin rate and probability of being spun, ``document_evidence`` the document's,
    ``function_rate`` the region's function-word rate (``textmend.function_rate``) and ``lm_knee``
    the fitted log10 LM ratio where ``lm_excess`` starts (``Parameters.lm_knee``); ``counts`` the
    document's :func:`textmend.pair_evidence.pair_counts` (None: ``pair_evidence`` 0) and
    ``document_spun`` its ``d`` judged without the span (``textmend.spin_rate.RateEstimate.held_out``; 1: no
    effect), ``function_document_spun`` the ``d`` of its function-word spans alone, also without it
    (``textmend.function_rate.held_out_per_span``); ``spun_prior_floor`` holds ``spun_prior``
    (``Parameters.spun_prior_floor``, ``textmend.confidence.held_spun_prior``; None: as observed)."""
    others = max((w for j, w in enumerate(log_weights) if j != k), default=log_weights[k] - MAX_MARGIN)
    function_posterior = posteriors(max(rho, function_rate), weights(log_weights))[k]
    return Features(
        posterior=post[k],
        region_spun=spun,
        rate=rho,
        document_evidence=document_evidence,
        channel=obs.entries[k].weight,
        lm_context=obs.lm[k] - obs.prior[k],
        lm_prior=obs.prior[k],
        in_document=obs.in_document[k],
        margin=log_weights[k] - others,
        candidates=len(obs.entries),
        span_words=obs.key.count(" ") + 1,
        rule=group,
        sources=len(obs.entries[k].sources),
        unknown=obs.unknown[k],
        spun_prior=held_spun_prior(obs.spun_prior, spun_prior_floor),
        capitalised=obs.capitalised,
        function_rate=function_rate,
        function_posterior=function_posterior,
        lm_excess=max(obs.lm[k] - lm_knee, 0.0),
        document_spun=document_spun,
        function_document_spun=function_document_spun,
        pair_evidence=0.0 if counts is None or group != FUNCTION_GROUP else pair_evidence(
            counts, obs.key, obs.entries[k].original, obs.in_document[k], obs.prior[k], obs.entries[k].weight,
            max(rho, function_rate)),
    )


def _logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _user_finding(words: Words, span: Span) -> Finding:
    original = span.entries[0].original
    return Finding(
        words.starts[span.first], words.ends[span.last], span.key, original, USER_CONFIDENCE, USER_CONFIDENCE,
        "user", ((original, USER_CONFIDENCE),), None,
    )


def in_document(document: DocumentWords, phrases: Sequence[str], key: str, start: int, end: int) -> tuple[bool, ...]:
    """``Observation.in_document`` of a span written as ``key`` at ``start``-``end`` (``str`` offsets)
    whose candidate originals are ``phrases``: each written in the document apart from the span
    (:meth:`textmend.written.DocumentWords.written`); a candidate written as the spun form is not
    "elsewhere in the document". A single word is looked up in the document's vocabulary here, as
    ``written`` does, without the method call (~800,000 calls over 200 news articles), when the
    document is searched whole (:attr:`textmend.written.DocumentWords.whole`: at most its window)."""
    vocabulary, written = document.vocabulary, document.written
    if not document.whole:  # a single word: its first place at or after the window's first word, inline
        lo, hi = document.bounds(start, end)
        at = document.index()
        return shared_falses([
            o != key and (written(o, start, end) if " " in o
                          else o in vocabulary and (k := bisect.bisect_left(places := at[o], lo)) < len(places)
                          and places[k] <= hi)
            for o in phrases])
    return shared_falses([o != key and (o in vocabulary if " " not in o else written(o, start, end))
                          for o in phrases])


def _regions(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the spin-rate regions: paragraphs of at least ``MIN_REGION_WORDS``,
    and the sentences of a line longer than ``LONG_LINE_WORDS`` gathered ``LINE_REGION_WORDS`` at a time."""
    starts, ends = [0], []
    count = 0
    pos = 0
    for cut_start, cut_end, need in _breaks(text):
        count += len(text[pos:cut_start].split())
        pos = cut_end
        if count >= need:
            ends.append(cut_start)
            starts.append(cut_end)
            count = 0
    ends.append(len(text))
    if len(starts) > 1 and len(text[starts[-1] :].split()) < MIN_REGION_WORDS // 2:
        starts.pop()  # a short tail joins the region before it
        ends.pop(-2)
    return starts, ends


def _breaks(text: str) -> Iterator[tuple[int, int, int]]:
    """Where a region may end: (start, end) of each line break with ``MIN_REGION_WORDS``, and of each
    sentence gap inside a line longer than ``LONG_LINE_WORDS`` with ``LINE_REGION_WORDS`` (the words a
    region needs before it ends there), in text order."""
    line = 0
    for m in (*_PARAGRAPH.finditer(text), None):
        end = len(text) if m is None else m.start()
        # a line of more than LONG_LINE_WORDS words has at least twice as many characters: most lines
        # are not split here (_regions counts their words)
        if end - line > 2 * LONG_LINE_WORDS and len(text[line:end].split()) > LONG_LINE_WORDS:
            for gap in _SENTENCE_GAP.finditer(text, line, end):
                yield gap.start(), gap.end(), LINE_REGION_WORDS
        if m is not None:
            yield m.start(), m.end(), MIN_REGION_WORDS
            line = m.end()


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """Split ``text`` into spans of about ``WINDOW_CHARS``, at line breaks where there are any."""
    lo, size = 0, len(text)
    while size - lo > WINDOW_CHARS:
        cut = text.find("\n", lo + WINDOW_CHARS, lo + 2 * WINDOW_CHARS)
        if cut < 0:
            cut = lo + WINDOW_CHARS
            while cut > lo + WINDOW_CHARS // 2 and not text[cut].isspace():
                cut -= 1
        else:
            cut += 1
        yield lo, cut
        lo = cut
    yield lo, size
