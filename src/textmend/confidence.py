"""The confidence of a channel candidate: a logistic model of "it restores the author's word".

The noisy-channel posterior (``textmend.posterior``) is one number; how far it can be trusted
depends on the evidence behind it. Its calibration is therefore a logistic regression over the
evidence itself (the re-scoring step of a spelling corrector: Gao, Li, Micol, Quirk and Sun 2010,
"A large scale ranker-based system for search query spelling correction"):

    confidence = sigmoid(sum_f beta_f * x_f + beta_bias)

over the features in :data:`FEATURES`, with coefficients ``beta`` fitted by ``benchmarks/fit.py``
(weighted, L2-regularised Newton steps) on the fit split: the benchmark spinners' documents at rates
0.1-0.7 and clean documents weighted for do-no-harm, on seeds and articles the benchmark does not
use. They live in ``data/parameters.json`` (``confidence``). The channel's rules (function-word,
mined, curated, thesaurus) share it, and so does a change of number form (``number``, with an
indicator and slopes of its own: :data:`NUMBER_NAMES`); a term variant has its own model
(``textmend.term_model``).

What the fit learns, in words: a candidate in a region the spin-rate model finds spun is worth
more than the same posterior in a clean one; so is a pair that several sources hold, a strong
channel weight and a wide margin over the next candidate; an original the LM does not know, and a
capitalised word inside a sentence (a name), are worth less. An LM ratio far beyond what a spun
word's context usually gives is worth less than a linear slope says (``lm_excess``): on clean news
the largest ratios come from wording the LM's American text rarely uses ("net cafes" +7.7 log10 for
"internet cafes", "whilst", "junk e-mail"), not from spinning. With that slope, clean false edits on
604 benchmark-split articles fell from 28 to 16 at a knee of 2 (18 at 4.5), for 11% (1%) of the
MyThes spinner's recall at rate 0.3 (dev harness, fit-split observations, 2026-11-30). The rule features carry how
reliable each kind of pair was on the fit's spinners; ``benchmarks/RESULTS-loso.md`` reports the
figures with the spinner's own thesaurus left out of the channel.

A candidate can restore the author's word only if the document was spun at all, so its odds are at
most ``d`` (the document's probability of holding spun text, ``textmend.spin_rate``) times its odds
given a spun document: ``log d`` (``log_document_spun``) enters with its coefficient held at 1, and
the rest is fitted around it (``benchmarks/fit.py``, ``HELD``). For the function-word rule the
document's probability is the larger of ``d`` and that of its function-word spans alone
(``function_document_lift``, also held at 1): a function-word spinner leaves the content words, and
so ``d``, low. Fitted freely, ``log d`` came out at 0.33: the fit split's clean articles hold too few
wrong candidates near the threshold to teach what an edit in a clean-looking document costs, and the
function-word rule's net slope on the region's rate was negative (-0.41), so the cleaner a document
looked the more confident a function-word edit in it ("utilising" -> "using" at 0.88 in an article
scoring 0.004). Held, the channel's rules' false edits on the 911 clean corpus articles fell from 11
to 1 (``benchmarks/HARM.md``). The ``d`` used is that of the span's *piece* of the document,
``d_r`` (``textmend.spin_rate.piece_spun``, capped at the document's ``d``): in three clean articles
followed by a spun one, ``d`` is near 1 for every word, while ``d_r`` of the clean articles' regions
stays low (edits in the clean part fell from 4 to 2, ``benchmarks/HARM.md``, 2026-12-01 harm5b).
Both are taken with the span itself left out (``textmend.spin_rate.RateEstimate.held_out``, and
``function_rate.held_out_per_span`` for ``d_fw``): the span's own likelihood ratio is its evidence
already, and in a lone clean sentence it was the only evidence of spin, so ``d`` counted it twice
("The ministry informed reporters that ..." -> "told": ``d`` 0.74 with the span, 0.27 without).

A spun part of a name ("Invoice Nye" for "Bill Nye") is the hard case: the benchmark spinners
leave capitalised words alone and clean text is full of names, so the model keeps a capitalised
word inside a sentence unless the rest of the evidence is overwhelming. Do no harm wins there.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

MAX_LOGIT = 13.8
"""Probabilities are clipped to [1e-6, 1 - 1e-6] before their logit is taken."""
MAX_MARGIN = 6.0
"""log10 margins over the next candidate are capped here (a lone candidate counts as this)."""
MAX_EVIDENCE = 50.0
"""The region log-likelihood ratio (natural log) is capped here, then divided by 10."""
MIN_DOCUMENT_SPUN = 1e-6
"""``d`` is clipped here before its log is taken (``log_document_spun`` >= -13.8)."""
RULES = ("function-word", "mined", "curated", "thesaurus", "number")
"""The rules the model weighs, one indicator feature each: the channel's four and ``number`` (a
change of number form, ``textmend.detect.NUMBER_GROUP``)."""


class Features(NamedTuple):
    """What the confidence model sees for one candidate original of a span."""

    posterior: float
    """The candidate's noisy-channel posterior (0-1)."""
    region_spun: float
    """q_r: the probability that the span's region is spun (``textmend.spin_rate``)."""
    rate: float
    """The region's spin rate (0-1)."""
    document_evidence: float
    """The document's evidence of spin ``E`` (``textmend.spin_rate.pooled_evidence``: the log
    Bayes factor of spun against clean, every region pooled, natural log)."""
    channel: float
    """log10 C(s | o)."""
    lm_context: float
    """log10 LM ratio minus its context-free part (what the context adds)."""
    lm_prior: float
    """The context-free log10 LM ratio of the two phrases."""
    in_document: bool
    """The original is written unspun elsewhere in the document."""
    margin: float
    """log10 weight of this candidate minus the best other candidate's (negative when behind)."""
    candidates: int
    """Candidate originals of the span."""
    span_words: int
    """Words in the spun span."""
    rule: str
    """The candidate's rule (``textmend.posterior.group_of``)."""
    sources: int
    """How many of the channel's sources hold the pair (agreement across sources)."""
    unknown: int
    """Words of the original the LM does not know, minus those of the spun form."""
    spun_prior: float
    """log10 P_lm of the spun phrase alone (how rare the observed wording is), held at the fitted
    floor (``Parameters.spun_prior_floor``, :func:`held_spun_prior`): the model is linear in it only
    over the rarity its training rows had."""
    capitalised: bool
    """The span starts with a capital inside a sentence (a name, or part of one)."""
    function_rate: float = 0.0
    """The region's function-word spin rate (0-1, ``textmend.function_rate``): how spun the
    function-word spans look there, apart from the content words. 0 (the default) counts as the
    smallest rate the logit takes."""
    function_posterior: float = 0.0
    """The candidate's posterior with the region's function-word rate in place of its shared
    rate when larger (0-1): what the noisy channel says if this span was spun as the function words were."""
    lm_excess: float = 0.0
    """How far the log10 LM ratio (context and prior) goes beyond the fitted knee
    (``data/parameters.json``, ``language_model.knee``): ``max(lm - knee, 0)``."""
    document_spun: float = 1.0
    """``d_r``, the probability that the piece of the document holding the span's region holds spun
    text, judged without the span (0-1, ``textmend.spin_rate.RateEstimate.held_out``: at most the
    piece's ``d_r`` and the document's ``d``, ``sigmoid(logit(spun_documents) + E)``). 1 (the
    default) adds nothing to the confidence."""
    function_document_spun: float = 0.0
    """``d`` of the document's function-word spans alone (0-1, ``textmend.function_rate.function_estimate``),
    the span left out (``textmend.function_rate.held_out_per_span``): the probability that its
    function words are spun at all."""
    pair_evidence: float = 0.0
    """The document's pair statistics (``textmend.pair_evidence``): the log-likelihood ratio (natural
    log) of how often the spun form and the original each occur in the document, spun at the
    function-word rate against clean. 0 (the default) when not computed."""


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1.0 - 1e-6)
    return math.log(p / (1.0 - p))


def held_spun_prior(spun_prior: float, floor: float | None) -> float:
    """Feature ``spun_prior``: log10 P_lm of the written span alone, held at ``floor`` (the lowest
    of the fit's training rows, ``Parameters.spun_prior_floor``; None: as it is).

    The log-probability of a span is the sum of its words', so a rare multi-word span goes far
    below anything the fit saw: its spinners swap one word at a time, and none of its 1.7 million
    rows lies below -14.91 (its spans of three words or more none below -11.7). A linear slope
    fitted there is no evidence beyond it: clean scipy's "rank-order correlation coefficient" (-22.1
    log10, three words of science the news LM barely knows) got +7.9 logits from it, 2.6 more than
    any training row (``benchmarks/TORTURED.md``, 2026-12-03). Every training row lies at or above the floor, so
    holding the feature there changes none of them, and the fitted coefficients are those of the
    held feature as they stand."""
    return spun_prior if floor is None or spun_prior >= floor else floor


def log_document_spun(document_spun: float) -> float:
    """Feature ``log_document_spun``: ``log d`` (natural log), ``d`` clipped at
    :data:`MIN_DOCUMENT_SPUN`."""
    return math.log(max(document_spun, MIN_DOCUMENT_SPUN))


def function_document_lift(document_spun: float, function_document_spun: float) -> float:
    """Feature ``function_document_lift``: ``log max(d, d_fw) - log d`` (natural logs, clipped as
    :func:`log_document_spun`), 0 when the function-word spans alone are no likelier spun."""
    return (math.log(max(document_spun, function_document_spun, MIN_DOCUMENT_SPUN))
            - log_document_spun(document_spun))


FEATURES: tuple[tuple[str, Callable[[Features], float]], ...] = (
    ("logit_posterior", lambda e: _logit(e.posterior)),
    ("logit_region_spun", lambda e: _logit(e.region_spun)),
    ("logit_rate", lambda e: _logit(e.rate)),
    ("document_evidence", lambda e: min(e.document_evidence, MAX_EVIDENCE) / 10.0),
    ("log_document_spun", lambda e: log_document_spun(e.document_spun)),
    ("channel", lambda e: e.channel),
    ("lm_context", lambda e: e.lm_context),
    ("lm_prior", lambda e: e.lm_prior),
    ("lm_excess", lambda e: e.lm_excess),
    ("in_document", lambda e: 1.0 if e.in_document else 0.0),
    ("margin", lambda e: min(e.margin, MAX_MARGIN)),
    ("log_candidates", lambda e: math.log(max(e.candidates, 1))),
    ("span_words", lambda e: float(e.span_words)),
    ("sources", lambda e: float(e.sources)),
    ("unknown", lambda e: float(e.unknown)),
    ("spun_prior", lambda e: e.spun_prior),
    ("capitalised", lambda e: 1.0 if e.capitalised else 0.0),
    *((f"rule:{rule}", (lambda r: lambda e: 1.0 if e.rule == r else 0.0)(rule)) for rule in RULES),
)
INTERACTIONS: tuple[tuple[str, str], ...] = (
    ("function-word", "logit_posterior"),
    ("function-word", "logit_rate"),
    ("function-word", "lm_context"),
    ("function-word", "channel"),
    ("function-word", "logit_function_rate"),
    ("function-word", "logit_function_posterior"),
    ("function-word", "lm_prior"),
    ("function-word", "spun_prior"),
    ("function-word", "margin"),
    ("function-word", "logit_region_spun"),
    ("function-word", "in_document"),
    ("function-word", "sources"),
    ("function-word", "log_candidates"),
    ("function-word", "span_words"),
    ("function-word", "pair_evidence"),
    ("function-word", "function_document_lift"),
    ("number", "logit_posterior"),
    ("number", "logit_rate"),
    ("number", "logit_region_spun"),
    ("number", "document_evidence"),
    ("number", "margin"),
    ("number", "in_document"),
    ("number", "span_words"),
)
"""(rule, feature) pairs that get a slope of their own for that rule, named ``rule*feature``.

A function word swap ("used to be" for "was") and a loose thesaurus swap do not gain the same from
a given posterior, spin rate or LM ratio: one shared slope left the function-word rule's findings
99% right when applied but under 0.75 for most of them (function-word part recall 0.17-0.67 in
benchmarks/RESULTS.md of 2026-11-30 12:16 UTC). With these pairs, function-word spinner recall
went from 0.242 to 0.292 at rate 0.3 and precision from 0.902 to 0.917, clean false edits
unchanged (dev harness: fit mixture, 80 + 604 benchmark-split articles, threshold 0.75, with the
document level of ``textmend.spin_rate`` in both). The same slopes for the thesaurus rule added
nothing there.

The rest are the function-word rule's own model (fitted on its rows alone, the shared coefficients
held: ``benchmarks/fit.py``, ``fit_confidence_model``). Its two evidence features come from the
function-word rate (:data:`FUNCTION_ONLY`): a content-farm spinner that rewrites function words and
leaves content words alone gives a low region rate, which held right function-word originals with
a posterior of 0.97 ("used to be" -> "was") at a confidence of 0.2. On 60 benchmark-split articles
per spinner at rate 0.3 (``benchmarks/function_words.py``, seed 0, threshold 0.75), function-word
part recall on the function-word spinner went from 0.308 to 0.409 (precision 0.974 -> 0.980), its
overall recall from 0.274 to 0.364, clean false edits on 300 other benchmark-split articles unchanged
(21); on the MyThes and Aiksaurus spinners the function-word part went from 0.675 to 0.614 and from
0.536 to 0.464 (their few function swaps sit in documents whose function words are mostly unspun).

The third is the document's pair statistics (``pair_evidence``, ``textmend.pair_evidence``): a spinner
swaps a share of every "was", so "used to be" written twice beside "was" is stronger evidence than
once. It restores both "used to be" -> "was" of ``tests/test_function_rate.py``'s passage (0.75 and 0.71
before, 0.81 and 0.77 with it) but pays little on news articles: per pair the counts are mostly 1 (the
right function-word originals still under 0.75 on 80 benchmark-split articles of the function-word
spinner at 0.3 have a median ``pair_evidence`` of 0.14 nats). There (``benchmarks/function_words.py
--docs 80 --clean 300``, threshold 0.75) the function-word part went from P 0.979 R 0.439 to P 0.983
R 0.442 on the function-word spinner (overall precision 0.925 -> 0.931), 0.576 -> 0.576 on MyThes and
0.415 -> 0.410 on Aiksaurus, clean false edits on the 300 articles unchanged (10); on the fit rows
right function-word candidates at 0.75 went from 3,566 to 3,593 of 7,126. Variants fitted on the same
rows did no better (at most 3,601): the document part alone (the span's own occurrence left out), log
counts, and counts per original over all its spun forms ("mentioned", "stated" for "said")."""
FUNCTION_ONLY: tuple[tuple[str, Callable[[Features], float]], ...] = (
    ("logit_function_rate", lambda e: _logit(max(e.rate, e.function_rate))),
    ("logit_function_posterior", lambda e: _logit(e.function_posterior)),
    ("pair_evidence", lambda e: e.pair_evidence),
    ("function_document_lift", lambda e: function_document_lift(e.document_spun, e.function_document_spun)),
)
"""Features that exist only as a rule's own slope (in :data:`INTERACTIONS`), never shared: what
the function-word rate (``textmend.function_rate``) says is evidence for function words only.
``function_document_lift`` is ``log max(d, d_fw) - log d`` (0 when the function-word spans alone are
no likelier spun than the document): with ``log_document_spun`` it makes the function-word rule's
document term ``log max(d, d_fw)``; both are held at 1 (module docstring)."""
_BASE = dict(FEATURES) | dict(FUNCTION_ONLY)
FEATURES = FEATURES + tuple(
    (f"{rule}*{name}", (lambda r, f: lambda e: f(e) if e.rule == r else 0.0)(rule, _BASE[name]))
    for rule, name in INTERACTIONS
)
"""(name, function of :class:`Features`) for every feature, in the order of ``vector``."""
FEATURE_NAMES: tuple[str, ...] = tuple(name for name, _ in FEATURES)
BIAS = "bias"
FUNCTION_WORD_NAMES: tuple[str, ...] = ("rule:function-word",) + tuple(
    f"{rule}*{name}" for rule, name in INTERACTIONS if rule == "function-word")
"""The coefficients that weigh only the function-word rule's candidates: its indicator and its own
slopes. ``benchmarks/fit.py`` fits them in a second stage, on the function-word rows alone, with
every shared coefficient held at its first-stage value (:func:`fit`'s ``offset``), so that adding
function-word evidence leaves the other rules' confidences as they were."""


NUMBER_NAMES: tuple[str, ...] = ("rule:number",) + tuple(
    f"{rule}*{name}" for rule, name in INTERACTIONS if rule == "number")
"""The coefficients that weigh only a change of number form: its indicator and its own slopes.
``benchmarks/fit.py`` fits them in a third stage, on the number rows alone, every other coefficient
held (``log d`` at 1 among them, so that a digit in a clean-looking document stays a digit), as the
function-word rule's second stage. The number rows take no part in the first two stages, so that the
channel's rules keep the confidences they had. Until 2026-12-03 the rule had an isotonic calibration
of its posterior alone (``benchmarks/NUMBERS.md``)."""


def vector(features: Features) -> list[float]:
    """The feature values of one candidate, in :data:`FEATURE_NAMES` order."""
    return [f(features) for _, f in FEATURES]


def confidence(features: Features, coefficients: Mapping[str, float]) -> float:
    """The calibrated probability (0-1) that the candidate restores the author's word.

    ``coefficients`` maps feature names (and ``"bias"``) to fitted weights; a feature it does not
    name weighs 0. An empty mapping returns the raw posterior (no model fitted)."""
    if not coefficients:
        return features.posterior
    z = coefficients.get(BIAS, 0.0) + sum(
        coefficients.get(name, 0.0) * x for name, x in zip(FEATURE_NAMES, vector(features))
    )
    return _sigmoid(z)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def fit(rows: Sequence[tuple[Sequence[float], bool, float]], l2: float = 1.0, iterations: int = 50, *,
        names: Sequence[str] = FEATURE_NAMES, bias: str | None = BIAS, tolerance: float = 1e-9,
        offset: Sequence[float] | None = None) -> dict[str, float]:
    """Coefficients of the weighted logistic regression of ``correct`` on the feature vectors.

    ``rows``: (feature vector in ``names`` order, correct, weight). Newton's method, each step
    halved until the penalised loss does not rise, with an L2 penalty ``l2`` on every coefficient
    (the bias included), stopping when no coefficient moves by more than ``tolerance``; returns ``{name: coefficient, bias: ...}``. ``bias=None`` fits no
    intercept; ``offset`` (one logit per row) is added to each row's linear predictor with a fixed
    weight of 1 (coefficients fitted elsewhere, held as they are). Used by
    ``benchmarks/fit.py`` (this model) and ``benchmarks/fit_terms.py`` (``textmend.term_model``,
    with its own ``names``); needs numpy."""
    import numpy as np

    x = np.array([list(v) + ([1.0] if bias is not None else []) for v, _, _ in rows], dtype=float)
    y = np.array([1.0 if c else 0.0 for _, c, _ in rows])
    w = np.array([wt for _, _, wt in rows], dtype=float)
    fixed = np.zeros(len(rows)) if offset is None else np.asarray(offset, dtype=float)
    beta = np.zeros(x.shape[1])

    def penalised(b: np.ndarray) -> float:
        z = x @ b + fixed
        m = np.where(y > 0.0, -z, z)  # log(1 + exp(m)), overflow-free
        return float(w @ (np.maximum(m, 0.0) + np.log1p(np.exp(-np.abs(m)))) + 0.5 * l2 * b @ b)

    loss = penalised(beta)
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta + fixed, -30.0, 30.0)))
        gradient = x.T @ (w * (p - y)) + l2 * beta
        hessian = (x * (w * p * (1.0 - p))[:, None]).T @ x + l2 * np.eye(len(beta))
        step = np.linalg.solve(hessian, gradient)
        # damped: a full Newton step can overshoot far from the optimum (offsets of -20 and logit
        # features of +-14 made it diverge to coefficients of 1e5); halve it until the loss drops
        for _ in range(40):
            trial = penalised(beta - step)
            if trial <= loss:
                break
            step = step / 2.0
        beta -= step
        loss = penalised(beta)
        if float(np.abs(step).max()) < tolerance:
            break
    return {name: float(b) for name, b in zip((*names, *([bias] if bias is not None else [])), beta)}
