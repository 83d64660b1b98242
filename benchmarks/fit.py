"""Fit the engine's parameters and write ``src/textmend/data/parameters.json``.

    python benchmarks/fit.py                 # fit on the fit split, write the file
    python benchmarks/fit.py --check         # exit 1 if the shipped file is stale

What it fits, on documents and seeds the benchmark never uses (:func:`fit_split`: every fourth
corpus article; spinner seeds from ``FIT_SEED``):

- the spin-rate model (``a, b``: the spinner's rate; ``share_a, share_b``: a document's share of
  spun regions; ``clean_rate``), the document factor, the unknown-word probability and the
  number-style odds, by maximum likelihood: the posterior over {genuine, candidate originals} of every
  observed span against the spinner's gold (cross-entropy), by coordinate search over grids;
- the log-normal prior of a clean document's own rate (``clean_median``, ``clean_spread``), by
  maximum marginal likelihood over the clean training articles (:func:`clean_rate_prior`; also
  with ``--calibration-only``, before the calibrations, which depend on it);
- ``document_window``, the words either side of a span that the document factor searches: the
  most words of any document of the training mixture (:func:`document_window`), so that the
  factor ``document``, fitted on those documents searched whole, is used at that scale;
- ``spun_prior_floor``, the lowest ``spun_prior`` of the confidence model's training rows
  (:func:`spun_prior_floor`): the feature is held there at run time, beyond the rarity the fit saw
  (``textmend.confidence.held_spun_prior``); ``--spun-prior-floor`` writes only it, from the shipped
  model's rows;
- the confidence model of the channel's rules (``textmend.confidence``): a logistic regression
  of "the candidate is the author's wording" on its evidence, over the likeliest candidates of
  every finding, in three stages (:func:`fit_confidence_model`: the shared coefficients, then the
  function-word rule's own on its rows alone, then the number rule's on its rows alone); and the
  isotonic calibration of ``term`` on logit(posterior).
  ``--terms`` refits only ``term``'s (its isotonic calibration and the logistic ``term_model``,
  ``textmend.term_model``), on science text and news (``benchmarks/fit_terms.py``); once it has
  (``fitted_on.term_calibration``), the other runs keep both.

The training mixture (``--limit`` articles of the split): each article clean (weighted
``CLEAN_WEIGHT`` for do-no-harm), spun whole at rates 0.1-0.7 by each available spinner,
partly spun (a clean article followed by a spun one), ``CLEAN_SENTENCES`` of its sentences
clean (weighted ``CLEAN_WEIGHT``) and one spun on its own. LM and channel terms are computed once per
document (``textmend.detect.observe``) and re-weighed for every trial; ``--samples PATH`` keeps
those observations in a pickle for the next run (``--calibration-only`` and ``--terms`` then take
minutes instead of a quarter of an hour).
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import io
import json
import math
import pickle
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.corpus import Doc, load_texts  # noqa: E402
from benchmarks.longdocs import split_sentences  # noqa: E402
from benchmarks.spinner import SpunText, missing_requirements, spin  # noqa: E402
from textmend.channel import get_channel  # noqa: E402
from textmend.confidence import FEATURE_NAMES, FUNCTION_WORD_NAMES, NUMBER_NAMES  # noqa: E402
from textmend.confidence import fit as fit_confidence  # noqa: E402
from textmend.confidence import BIAS, FEATURE_NAMES, vector  # noqa: E402
from textmend.config import DEFAULT_CONFIG  # noqa: E402
from textmend.decision import rate_ratio  # noqa: E402
from textmend.detect import Observations, decide, observe, repeats  # noqa: E402
from textmend.language_model import get_language_model  # noqa: E402
from textmend.parameters import PARAMETERS_RESOURCE, Parameters, get_parameters, parse_parameters  # noqa: E402
from textmend.posterior import CALIBRATION_GROUP, posteriors, weights  # noqa: E402
from textmend.spin_rate import RateEstimate, RatePrior, estimate  # noqa: E402

OUTPUT = ROOT / "src" / "textmend" / PARAMETERS_RESOURCE
FIT_SEED = 1000
"""Spinner seeds of the fit start here; the benchmark uses seed 0."""
RATES = (0.1, 0.3, 0.5, 0.7)
CLEAN_WEIGHT = 4.0
"""Weight of a clean document's spans in the likelihood (do no harm)."""
CLEAN_SENTENCES = 3
"""Clean sentences of each article in the mixture, each a document of its own: short clean
texts are where a prior that expects spinning would do harm."""
GROUPS = ("channel", "term")
"""Calibrations fitted (``posterior.CALIBRATION_GROUP`` maps rules to them); ``channel``'s is the
confidence model (``textmend.confidence``), the others isotonic. ``tortured`` (listed
tortured phrases) keeps the raw posterior: news text holds too few to fit, and a listed phrase is
the sharpest evidence there is."""
GRIDS: dict[str, tuple[float, ...]] = {
    "a": (1.0, 2.0, 4.0, 8.0),
    "b": (2.0, 4.0, 8.0, 16.0, 32.0, 64.0),
    "share_a": (0.1, 0.25, 0.5, 1.0, 2.0),
    "share_b": (0.5, 1.0, 2.0, 4.0, 8.0, 16.0),
    # clean text's rate stays small by definition: a larger one lets the clean and the spun
    # component coincide and the spin score mean nothing (seen at 0.08, the spinner's own rate)
    "clean_rate": (0.002, 0.005, 0.01, 0.02),
    "spun_documents": (0.05, 0.1, 0.25, 0.5),
    "document": (0.0, 0.25, 0.5, 1.0, 1.5, 2.0),
    "unknown": (-9.0, -8.0, -7.0, -6.0, -5.0, -4.0, -3.0),
    "word_vs_digit": (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0),
    "word_vs_digit_before_unit": (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0),
    "word_vs_digit_large": (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0),
    "lm_context": (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0),
    "lm_prior": (0.0, 0.25, 0.5, 0.75, 1.0, 1.25),
}


def fit_split(docs: Sequence[Doc]) -> list[Doc]:
    """The fit's documents: every fourth article (index 3, 7, ...); the benchmark skips them."""
    return [d for i, d in enumerate(docs) if i % 4 == 3]


def benchmark_split(docs: Sequence[Doc]) -> list[Doc]:
    """The documents the benchmark scores: all but :func:`fit_split`'s."""
    return [d for i, d in enumerate(docs) if i % 4 != 3]


class Sample(NamedTuple):
    """One training document: its observations and each observation's gold label."""

    observations: Observations
    labels: tuple[str | None, ...]
    """Per observation: the gold original (lower case) if the span is exactly a gold swap, else None."""
    weight: float


def training_mixture(docs: Sequence[Doc], spinners: Sequence[str]) -> Iterator[tuple[str, SpunText | None, float]]:
    """(text, spun record or None for clean, weight) for every training document."""
    rng = random.Random(FIT_SEED)
    for i, doc in enumerate(docs):
        yield doc.text, None, CLEAN_WEIGHT
        for k, thesaurus in enumerate(spinners):
            rate = RATES[(i + k) % len(RATES)]
            spun = spin(doc.text, rate, seed=FIT_SEED + i, key=doc.id, thesaurus=thesaurus)
            yield spun.text, spun, 1.0
        # partly spun: another clean article, then this one spun
        prefix = docs[rng.randrange(len(docs))].text + "\n\n"
        spun = spin(doc.text, RATES[i % len(RATES)], seed=FIT_SEED + 7 * i, key=doc.id, thesaurus=spinners[0])
        shifted = spun._replace(
            text=prefix + spun.text,
            subs=tuple(s._replace(start=s.start + len(prefix), end=s.end + len(prefix)) for s in spun.subs),
        )
        yield shifted.text, shifted, 1.0
        # short texts: a clean sentence, and a sentence spun on its own
        sentences = split_sentences(doc.text)
        if sentences:
            for sentence in rng.sample(sentences, min(CLEAN_SENTENCES, len(sentences))):
                yield sentence, None, CLEAN_WEIGHT
            sentence = sentences[rng.randrange(len(sentences))]
            thesaurus = spinners[i % len(spinners)]
            one = spin(sentence, RATES[(i + 1) % len(RATES)], seed=FIT_SEED + 11 * i, key=doc.id, thesaurus=thesaurus)
            yield one.text, one, 1.0


def label(observations: Observations, spun: SpunText | None) -> tuple[str | None, ...]:
    """The author's wording of each observation's span, lower case and single-spaced, where the
    span covers gold substitutions whole (at least one, and none only in part); else None.

    A span that is exactly a swap gets its gold original; a wider one ("the primary" around the
    swap "first" -> "primary") gets its text with the swaps inside undone ("the first")."""
    if spun is None:
        return tuple(None for _ in observations.items)
    subs = sorted(spun.subs, key=lambda s: s.start)
    starts = [s.start for s in subs]
    out: list[str | None] = []
    for o in observations.items:
        lo = bisect.bisect_left(starts, o.start) - 1  # a swap starting before the span may reach into it
        inside, partial = [], False
        for s in subs[max(lo, 0):]:
            if s.start >= o.end:
                break
            if s.end <= o.start:
                continue
            if s.start >= o.start and s.end <= o.end:
                inside.append(s)
            else:
                partial = True
        if not inside or partial:
            out.append(None)
            continue
        text = spun.text[o.start : o.end]
        for s in reversed(inside):
            text = text[: s.start - o.start] + s.original + text[s.end - o.start :]
        out.append(" ".join(text.lower().split()))
    return tuple(out)


def collect(docs: Sequence[Doc], spinners: Sequence[str], max_candidates: int) -> list[Sample]:
    samples = []
    for n, (text, spun, weight) in enumerate(training_mixture(docs, spinners)):
        obs = observe(text, DEFAULT_CONFIG, max_candidates=max_candidates)
        samples.append(Sample(obs, label(obs, spun), weight))
        if n % 50 == 0:
            print(f"  observed {n} documents", file=sys.stderr)
    return samples


def cached_collect(path: Path | None, docs: Sequence[Doc], spinners: Sequence[str], max_candidates: int) -> list[Sample]:
    """:func:`collect`, kept in the pickle ``path`` (when given) and reused while the channel, the
    LM, the engine's source (``src/textmend/*.py``: a change of ``detect`` changes what is observed),
    the documents, the spinners and ``max_candidates`` are the same (the key is stored with it):
    observing the mixture is most of a fit's time, and the calibration stage can be rerun on it."""
    if path is None:
        return collect(docs, spinners, max_candidates)
    import hashlib

    source = hashlib.sha256(b"".join(p.read_bytes() for p in sorted((ROOT / "src" / "textmend").glob("*.py"))))
    key = hashlib.sha256(repr((stamp(), source.hexdigest(), [d.id for d in docs], list(spinners), max_candidates,
                               FIT_SEED, RATES, CLEAN_SENTENCES, CLEAN_WEIGHT)).encode()).hexdigest()
    if path.is_file():
        stored_key, samples = _SampleUnpickler(io.BytesIO(path.read_bytes())).load()
        if stored_key == key:
            print(f"fit: {len(samples)} observed documents from {path}", file=sys.stderr)
            return samples
    samples = collect(docs, spinners, max_candidates)
    path.write_bytes(pickle.dumps((key, samples)))
    return samples


class _SampleUnpickler(pickle.Unpickler):
    """Reads a pickle of :class:`Sample` written by this module run as a script (``__main__.Sample``)
    from any module that imports it (``benchmarks/number_findings.py``), and the other way round."""

    def find_class(self, module: str, name: str) -> type:
        if name == "Sample" and module in ("__main__", "benchmarks.fit"):
            return Sample
        return super().find_class(module, name)


def with_values(base: Parameters, values: dict[str, float]) -> Parameters:
    return base._replace(
        spin_rate=RatePrior(values["a"], values["b"], values["share_a"], values["share_b"], values["clean_rate"],
                            values["spun_documents"], base.spin_rate.clean_median,
                            base.spin_rate.clean_spread),
        document=values["document"],
        unknown=values["unknown"],
        word_vs_digit=values["word_vs_digit"],
        word_vs_digit_before_unit=values["word_vs_digit_before_unit"],
        word_vs_digit_large=values["word_vs_digit_large"],
        lm_context=values["lm_context"],
        lm_prior=values["lm_prior"],
    )


def weigh(
    sample: Sample, params: Parameters
) -> tuple[list[tuple[float, ...]], list[list[float]], list[float], RateEstimate]:
    """A sample's spans re-weighed under ``params``, as ``textmend.detect.decide`` does: per span
    its log10 weights, linear weights and likelihood ratio, and the document's spin-rate estimate
    (from ``textmend.decision.rate_ratio``: the number candidates left out)."""
    from textmend.detect import _log_weights

    shift = params.unknown - get_language_model().unknown_log10
    items = sample.observations.items
    logw = [_log_weights(o, params, shift) for o in items]
    linear = [weights(w) for w in logw]
    ratios = [sum(x) for x in linear]
    evidence = [rate_ratio(x, o.style) for x, o in zip(linear, items)]  # the number candidates left out
    rate = estimate(evidence, [o.region for o in items], len(sample.observations.regions), params.spin_rate,
                    sample.observations.negligible, repeats(items), sample.observations.copies)
    return logw, linear, ratios, rate


CLEAN_MIN_POSITIONS = 100
"""Eligible positions a clean document needs to count in :func:`clean_rate_prior` (the whole
articles of the mixture; its clean sentences come from the same articles)."""
CLEAN_GRID = (1e-4, 0.5, 240)
"""Clean rates (low, high, points; log-spaced) on which :func:`clean_rate_prior` integrates."""


def clean_rate_prior(samples: Sequence[Sample], params: Parameters) -> tuple[float, float]:
    """``(clean_median, clean_spread)``: the log-normal prior of a clean document's own rate
    (``spin_rate.pooled_evidence``), by maximum marginal likelihood (empirical Bayes) over the
    clean training documents (no gold label) with at least ``CLEAN_MIN_POSITIONS`` eligible
    positions, unweighted: each document's likelihood ``prod_i (1 - c + c r_i)`` integrated over
    ``c`` on ``CLEAN_GRID``, the median and spread searched on grids (median 0.001-0.05, spread
    0.1-3 natural-log units)."""
    from textmend.detect import _log_weights

    shift = params.unknown - get_language_model().unknown_log10
    low, high, points = CLEAN_GRID
    log_grid = np.linspace(math.log(low), math.log(high), points)
    grid = np.exp(log_grid)
    rows = []
    for sample in samples:
        if any(label is not None for label in sample.labels):
            continue
        items = sample.observations.items
        negligible = sum(sample.observations.negligible)
        if len(items) + negligible < CLEAN_MIN_POSITIONS:
            continue
        x = np.array([rate_ratio(weights(_log_weights(o, params, shift)), o.style) for o in items], dtype=np.float64)
        rows.append(np.log1p(grid[:, None] * (x[None, :] - 1.0)).sum(axis=1) + negligible * np.log1p(-grid))
    ll = np.array(rows)
    likelihood = np.exp(ll - ll.max(axis=1, keepdims=True))  # (documents, points)
    best = (-math.inf, 0.0, 0.0)
    for median in np.exp(np.linspace(math.log(0.001), math.log(0.05), 80)):
        for spread in np.linspace(0.1, 3.0, 59):
            w = np.exp(-0.5 * ((log_grid - math.log(median)) / spread) ** 2)
            total = float(np.sum(np.log(likelihood @ (w / w.sum()))))
            if total > best[0]:
                best = (total, float(median), float(spread))
    print(f"  clean rate prior: {len(rows)} clean documents, log-normal median {best[1]:.4g}, "
          f"spread {best[2]:.3g}", file=sys.stderr)
    return best[1], best[2]


def document_window(samples: Sequence[Sample]) -> int:
    """``document_window``: the most words of any training document (``Observations.word_count``:
    ``textmend.tokenize.WORD_RE``'s words, as ``textmend.written.DocumentWords`` counts them).

    The document factor (``document``: an original written elsewhere in the document) is fitted on
    these documents with "elsewhere" meaning anywhere in them. Searched within this many words
    either side of a span, every training document is still searched whole (one of at most
    ``document_window + 1`` words is), so the fitted factor applies as fitted; a longer text is
    searched at the same scale instead of whole, where almost every candidate original is written
    somewhere by chance (``benchmarks/SPIN_SCORE.md``, 2026-12-02). The mixture is observed with the
    shipped window: a document longer than it would be observed windowed (none is: the window is
    their longest)."""
    longest = max(sample.observations.word_count for sample in samples)
    print(f"  document window: {longest} words either side (the longest of {len(samples)} documents)",
          file=sys.stderr)
    return longest


def log_likelihood(samples: Sequence[Sample], params: Parameters, numbers_only: bool = False) -> float:
    """Weighted log-likelihood of the gold labels under the posterior (higher is better);
    ``numbers_only``: of the spans with a change of number form among their candidates alone
    (``Observation.style``), every span still weighed for the spin rate."""
    total = 0.0
    for sample in samples:
        _, linear, _, rate = weigh(sample, params)
        for obs, lin, gold in zip(sample.observations.items, linear, sample.labels):
            if numbers_only and not any(obs.style):
                continue
            rho = rate.regions[obs.region]
            post = posteriors(rho, lin)
            if gold is None:
                p = 1.0 - sum(post)
            else:
                p = sum(q for e, q in zip(obs.entries, post) if e.original == gold)
                if p <= 0.0:  # the channel lacks the gold original: the best it can do is "spun"
                    p = sum(post)
            total += sample.weight * math.log(max(p, 1e-12))
    return total


NUMBER_STYLE_GRIDS = frozenset({"word_vs_digit", "word_vs_digit_before_unit", "word_vs_digit_large"})
"""Grids searched on the likelihood of the number spans alone (:func:`log_likelihood`'s
``numbers_only``). The style odds also move the spin rate of every region holding digits, and on the
whole mixture's likelihood the search bought other spans' rate with them: on 2026-12-03 it took
``word_vs_digit_large`` to the grid's top, +2.0, where 567 of the 589 larger numbers it then made
findings of at posterior >= 0.5 were the author's digits (``benchmarks/NUMBERS.md``)."""


def coordinate_search(samples: Sequence[Sample], base: Parameters, rounds: int = 2,
                      only: Sequence[str] | None = None) -> Parameters:
    """Maximise :func:`log_likelihood` over ``GRIDS``, one parameter at a time, ``rounds`` times;
    ``only``: search these grids alone and keep the other values as ``base`` has them."""
    values = {
        "a": base.spin_rate.a, "b": base.spin_rate.b, "share_a": base.spin_rate.share_a,
        "share_b": base.spin_rate.share_b, "clean_rate": base.spin_rate.clean_rate,
        "spun_documents": base.spin_rate.spun_documents,
        "document": base.document, "unknown": base.unknown, "word_vs_digit": base.word_vs_digit,
        "word_vs_digit_before_unit": base.word_vs_digit_before_unit,
        "word_vs_digit_large": base.word_vs_digit_large,
        "lm_context": base.lm_context, "lm_prior": base.lm_prior,
    }
    for _ in range(rounds):
        for name, grid in GRIDS.items():
            if only is not None and name not in only:
                continue
            numbers = name in NUMBER_STYLE_GRIDS
            best = log_likelihood(samples, with_values(base, values), numbers_only=numbers)
            for value in grid:
                trial = dict(values, **{name: value})
                ll = log_likelihood(samples, with_values(base, trial), numbers_only=numbers)
                if ll > best + 1e-9:
                    best, values = ll, trial
            print(f"  {name} = {values[name]}  (log-likelihood {best:.1f}{' of number spans' if numbers else ''})",
                  file=sys.stderr)
    return with_values(base, values)


def findings_for_calibration(samples: Sequence[Sample], params: Parameters) -> dict[str, list[tuple[float, bool, float]]]:
    """Per group: (posterior, correct, weight) of each finding's best candidate."""
    out: dict[str, list[tuple[float, bool, float]]] = {g: [] for g in GROUPS}
    for sample in samples:
        analysis = decide(sample.observations, params._replace(calibration={}, term_model={}))
        gold = {(o.start, o.end): g for o, g in zip(sample.observations.items, sample.labels)}
        for f in analysis.findings:
            group = CALIBRATION_GROUP.get(f.rule)
            if group in out:
                out[group].append((f.posterior, gold.get((f.start, f.end)) == f.replacement, sample.weight))
    return out


def confidence_rows(samples: Sequence[Sample], params: Parameters) -> list[tuple[list[float], bool, float]]:
    """(feature vector, correct, weight) of the likeliest candidates of every finding of the
    channel's rules, as ``textmend.detect`` scores them: the confidence model's training rows."""
    from textmend.detect import CONFIDENCE_CANDIDATES, MIN_RATIO, NUMBER_GROUP, candidate_features
    from textmend.function_rate import FUNCTION_GROUP, function_estimate, function_ratios_by_region, held_out_per_span
    from textmend.pair_evidence import pair_counts
    from textmend.posterior import CHANNEL_GROUP, group_of

    rows = []
    for sample in samples:
        logw, linear, ratios, rate = weigh(sample, params)
        rules = [[NUMBER_GROUP if k else group_of(e.sources) for e, k in zip(o.entries, o.style)]
                 for o in sample.observations.items]
        fw = function_estimate(
            *function_ratios_by_region(zip(rules, linear, [o.region for o in sample.observations.items])),
            len(sample.observations.regions), params.spin_rate, sample.observations.copies)
        fw_rates = fw.regions
        fw_spun = held_out_per_span([FUNCTION_GROUP in r for r in rules], fw)
        counts = pair_counts(sample.observations.items, sample.observations.copies)
        for i, (obs, w, lin, r, gold) in enumerate(zip(sample.observations.items, logw, linear, ratios,
                                                       sample.labels)):
            if r < MIN_RATIO:
                continue
            rho, spun = rate.regions[obs.region], rate.spun[obs.region]
            post = posteriors(rho, lin)
            for k in sorted(range(len(post)), key=lambda j: -post[j])[:CONFIDENCE_CANDIDATES]:
                group = NUMBER_GROUP if obs.style[k] else group_of(obs.entries[k].sources)
                if CALIBRATION_GROUP.get(group) != CHANNEL_GROUP:
                    continue
                features = candidate_features(obs, k, w, post, group, rho, spun, rate.evidence, fw_rates[obs.region],
                                              params.lm_knee, counts, rate.held_out[i], fw_spun[i])
                rows.append((vector(features), gold == obs.entries[k].original, sample.weight))
    return rows


FIRST_STAGE_FUNCTION_SLOPES: tuple[str, ...] = tuple(
    f"function-word*{name}" for name in ("logit_posterior", "logit_rate", "lm_context", "channel"))
"""The function-word slopes fitted with the shared model in the first stage (so that the function-word
rows do not bend the shared slopes); every other coefficient of ``FUNCTION_WORD_NAMES`` is fitted in
the second stage only."""


HELD: dict[str, float] = {"log_document_spun": 1.0, "function-word*function_document_lift": 1.0}
"""Coefficients of the confidence model that are set, not fitted (a prior on the model's form).

A candidate restores the author's word only if the document was spun, so its odds are at most
``d`` (the document's probability of holding spun text, ``textmend.spin_rate``) times its odds given
a spun document: ``log d`` is added to the logit (``log_document_spun`` at 1). For the function-word
rule the document's probability is the larger of ``d`` and that of its function-word spans alone
(``function_document_lift`` = ``log max(d, d_fw) - log d``, at 1): a function-word spinner leaves the
content words, and so ``d``, low. Both enter the fit as an offset; every other coefficient is fitted
around them. Fitted freely, ``log d`` came out at 0.33 (function words: 0.11): the fit split's
clean articles hold too few wrong candidates near the threshold to teach what an edit in a
clean-looking document costs (one function-word and two other clean rows of 1.7 million at 0.75 or
more). Fitted freely with ``log d`` held, the lift came out at 1.02 (``benchmarks/HARM.md``).

``d`` is the probability under the runtime prior ``spun_documents``; the training mixture holds a
larger share of spun documents (:func:`spun_share`), so in the fit the offset is that probability
under the mixture's prior (:func:`fit_confidence_model`'s ``prior_shift``): held at the runtime
prior, short spun texts of the mixture (``d`` well under 1) were pushed under it and every other
coefficient bent to make up for them (``logit_rate`` fell from +0.83 to -0.10 and spun-text precision
at 0.75 fell by 0.01-0.03)."""


def spun_share(samples: Sequence[Sample]) -> float:
    """The weighted share of spun documents in the training mixture (weight ``CLEAN_WEIGHT``: clean)."""
    total = sum(s.weight for s in samples)
    return sum(s.weight for s in samples if s.weight != CLEAN_WEIGHT) / total if total else 0.5


def _held_offset(value: float, prior_shift: float) -> float:
    """The held coefficients' offset ``value`` (``log p``, p a document's probability of being
    spun) with ``prior_shift`` added to ``logit p`` (natural logs)."""
    p = min(max(math.exp(value), 1e-12), 1.0 - 1e-12)
    z = math.log(p) - math.log1p(-p) + prior_shift
    return -math.log1p(math.exp(-z)) if z > -30.0 else z


def fit_confidence_model(rows: Sequence[tuple[Sequence[float], bool, float]], prior_shift: float = 0.0) -> dict[str, float]:
    """The confidence model's coefficients (``textmend.confidence``) from :func:`confidence_rows`,
    in three stages:

    1. the shared model: every feature but the function-word slopes outside
       :data:`FIRST_STAGE_FUNCTION_SLOPES`, the number rule's (``confidence.NUMBER_NAMES``) and the
       coefficients :data:`HELD` (added to every row's logit as they are), on every row but the
       number rows;
    2. the function-word rule's own coefficients (``confidence.FUNCTION_WORD_NAMES``) on the
       function-word rows alone, every shared coefficient held at its stage-1 value (``offset``);
    3. the number rule's own coefficients (``confidence.NUMBER_NAMES``) on the number rows alone,
       every other coefficient held likewise.

    The channel's rules' confidences are therefore those of the stage-1 model: evidence added for
    function words or numbers cannot move a thesaurus or mined pair's confidence. ``prior_shift``: log
    odds added to the held document probability in the fit (the mixture's prior against the
    runtime's, see :data:`HELD`); the returned coefficients are for the runtime's."""
    held = {FEATURE_NAMES.index(name): value for name, value in HELD.items()}
    held_offset = [_held_offset(sum(b * v[i] for i, b in held.items()), prior_shift) for v, _, _ in rows]
    number = FEATURE_NAMES.index("rule:number")
    first = [i for i, name in enumerate(FEATURE_NAMES)
             if i not in held and name not in NUMBER_NAMES
             and (name not in FUNCTION_WORD_NAMES or name in FIRST_STAGE_FUNCTION_SLOPES
                  or name == "rule:function-word")]
    channel_rows = [(v, c, w, o) for (v, c, w), o in zip(rows, held_offset) if v[number] != 1.0]
    shared = fit_confidence([([v[i] for i in first], c, w) for v, c, w, _ in channel_rows],
                            names=[FEATURE_NAMES[i] for i in first],
                            offset=[o for *_, o in channel_rows])
    shared.update(HELD)
    fitted = dict(shared)
    for own_names, rule in ((FUNCTION_WORD_NAMES, "rule:function-word"), (NUMBER_NAMES, "rule:number")):
        own = [i for i, name in enumerate(FEATURE_NAMES) if name in own_names and i not in held]
        at = FEATURE_NAMES.index(rule)
        fixed = {i: shared.get(name, 0.0) for i, name in enumerate(FEATURE_NAMES)
                 if name not in own_names and i not in held}
        rule_rows = [(v, c, w, o) for (v, c, w), o in zip(rows, held_offset) if v[at] == 1.0]
        if not rule_rows:
            continue
        offset = [shared["bias"] + o + sum(b * v[i] for i, b in fixed.items()) for v, _, _, o in rule_rows]
        stage = fit_confidence([([v[i] for i in own], c, w) for v, c, w, _ in rule_rows],
                               names=[FEATURE_NAMES[i] for i in own], bias=None, offset=offset)
        fitted.update({name: stage[name] for name in own_names if name in stage})
    return {name: fitted.get(name, 0.0) for name in (*FEATURE_NAMES, "bias")}


LM_KNEES: tuple[float, ...] = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)
"""Knees (log10 LM ratio) of the confidence model's ``lm_excess`` feature that
:func:`fit_confidence_and_knee` tries."""


def fit_confidence_and_knee(samples: Sequence[Sample], params: Parameters) -> tuple[Parameters, dict[str, float]]:
    """The confidence model's coefficients and its LM knee (``Parameters.lm_knee``).

    For each knee of :data:`LM_KNEES` the model is fitted (:func:`fit_confidence_model`) on the same
    training rows, where only
    the ``lm_excess`` column (``max(lm_context + lm_prior - knee, 0)``) changes; the knee whose
    model has the least weighted log-loss on those rows wins (every knee adds the same one
    coefficient)."""
    rows = confidence_rows(samples, params._replace(spun_prior_floor=None))
    floor = spun_prior_floor(rows)
    share, runtime = spun_share(samples), params.spin_rate.spun_documents
    prior_shift = math.log(share / (1.0 - share)) - math.log(runtime / (1.0 - runtime))
    print(f"  held document probability: mixture share {share:.3f} against {runtime}: shift {prior_shift:+.3f}",
          file=sys.stderr)
    context, prior, excess = (FEATURE_NAMES.index(n) for n in ("lm_context", "lm_prior", "lm_excess"))
    best: tuple[float, float, dict[str, float]] | None = None
    for knee in LM_KNEES:
        trial = [([*x[:excess], max(x[context] + x[prior] - knee, 0.0), *x[excess + 1:]], y, w)
                 for x, y, w in rows]
        coefficients = fit_confidence_model(trial, prior_shift)
        loss = log_loss(trial, coefficients)
        print(f"  lm knee {knee}: log-loss {loss:.6f}, lm_excess {coefficients.get('lm_excess', 0.0):+.3f}",
              file=sys.stderr)
        if best is None or loss < best[0] - 1e-12:
            best = (loss, knee, coefficients)
    assert best is not None
    return params._replace(lm_knee=best[1], spun_prior_floor=floor), best[2]


def spun_prior_floor(rows: Sequence[tuple[Sequence[float], bool, float]]) -> float:
    """``Parameters.spun_prior_floor``: the lowest ``spun_prior`` of the confidence model's training
    ``rows`` (:func:`confidence_rows` with no floor), rounded down to 4 decimals, so that holding
    the feature there (``textmend.confidence.held_spun_prior``) changes no row the model is fitted on."""
    column = FEATURE_NAMES.index("spun_prior")
    return math.floor(min(x[column] for x, _, _ in rows) * 10_000) / 10_000


def floor_stage(samples: Sequence[Sample], current: Parameters) -> int:
    """The ``--spun-prior-floor`` stage: :func:`spun_prior_floor` of the shipped model's training rows
    (the ``samples`` under the shipped parameters) written into the shipped file, with its command
    and date in ``fitted_on.spun_prior_floor``; nothing else changes. For a model fitted before the
    floor existed; a calibration fit writes the floor with the model."""
    floor = spun_prior_floor(confidence_rows(samples, current._replace(spun_prior_floor=None)))
    print(f"  spun_prior floor: {floor}", file=sys.stderr)
    raw = json.loads(OUTPUT.read_text(encoding="utf-8"))
    raw["spun_prior_floor"] = floor
    raw["fitted_on"]["spun_prior_floor"] = {"command": "python benchmarks/fit.py --spun-prior-floor",
                                            "date": datetime.date.today().isoformat()}
    parse_parameters(raw)  # validate before writing
    OUTPUT.write_text(json.dumps(raw, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote spun_prior_floor of {OUTPUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


def log_loss(rows: Sequence[tuple[Sequence[float], bool, float]], coefficients: dict[str, float]) -> float:
    """Weighted mean cross-entropy (natural log) of the confidence model on ``rows``."""
    total = weight = 0.0
    for x, y, w in rows:
        z = coefficients.get(BIAS, 0.0) + sum(coefficients.get(n, 0.0) * v for n, v in zip(FEATURE_NAMES, x))
        # log(1 + exp(-z)) for a right answer, log(1 + exp(z)) for a wrong one, overflow-free
        m = -z if y else z
        total += w * (max(m, 0.0) + math.log1p(math.exp(-abs(m))))
        weight += w
    return total / weight if weight else 0.0


MIN_CALIBRATION_ROWS = 200
"""Groups with fewer findings keep the raw posterior."""


def isotonic_knots(rows: Sequence[tuple[float, bool, float]]) -> list[tuple[float, float]]:
    """Knots ``(logit, probability)`` of the weighted isotonic regression (pool adjacent violators)
    of correctness on logit(posterior): one per block, at its weighted mean logit."""
    pts = sorted(
        (math.log(min(max(p, 1e-12), 1 - 1e-12) / (1 - min(max(p, 1e-12), 1 - 1e-12))), 1.0 if y else 0.0, w)
        for p, y, w in rows
    )
    blocks: list[list[float]] = []  # [sum w*y, sum w, sum w*x]
    for x, y, w in pts:
        blocks.append([w * y, w, w * x])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            top = blocks.pop()
            for k in range(3):
                blocks[-1][k] += top[k]
    # every block is a knot (at its weighted mean logit): the exact isotonic fit, a few hundred points
    return [(xsum / wsum, ysum / wsum) for ysum, wsum, xsum in blocks]


def logistic_fit(rows: Sequence[tuple[float, bool, float]], iterations: int = 100, raw: bool = False) -> tuple[float, float]:
    """(slope, bias) of P(correct) = sigmoid(slope * logit(p) + bias), weighted, by damped Newton
    steps (halved until the objective falls) with a weak Gaussian prior towards (1, 0), so that
    small groups stay near the raw posterior. ``raw``: the first column is a feature, not a
    probability (no logit)."""
    prior = 1.0
    if raw:  # the feature as it is
        xs = [x for x, _, _ in rows]
    else:  # a probability: its logit
        xs = [math.log(min(max(p, 1e-9), 1 - 1e-9) / (1 - min(max(p, 1e-9), 1 - 1e-9))) for p, _, _ in rows]
    ys = [1.0 if y else 0.0 for _, y, _ in rows]
    ws = [w for _, _, w in rows]

    def objective(slope: float, bias: float) -> float:
        total = 0.5 * prior * ((slope - 1.0) ** 2 + bias**2)
        for x, y, w in zip(xs, ys, ws):
            z = slope * x + bias
            total += w * (math.log1p(math.exp(-abs(z))) + max(z, 0.0) - y * z)
        return total

    slope, bias = 1.0, 0.0
    current = objective(slope, bias)
    for _ in range(iterations):
        g0, g1 = prior * (slope - 1.0), prior * bias
        h00, h01, h11 = prior, 0.0, prior
        for x, y, w in zip(xs, ys, ws):
            z = max(-30.0, min(30.0, slope * x + bias))
            q = 1.0 / (1.0 + math.exp(-z))
            g0 += w * (q - y) * x
            g1 += w * (q - y)
            s = w * q * (1 - q)
            h00 += s * x * x
            h01 += s * x
            h11 += s
        det = h00 * h11 - h01 * h01
        if det <= 0:
            break
        d0 = (h11 * g0 - h01 * g1) / det
        d1 = (h00 * g1 - h01 * g0) / det
        step = 1.0
        while step > 1e-6:
            trial = objective(slope - step * d0, bias - step * d1)
            if trial < current:
                break
            step /= 2
        else:
            break
        slope, bias, improvement = slope - step * d0, bias - step * d1, current - trial
        current = trial
        if improvement < 1e-9:
            break
    return slope, bias


def score_calibration(samples: Sequence[Sample], params: Parameters) -> tuple[float, float]:
    """(slope, bias) of P(document is spun) = sigmoid(slope * evidence + bias), evidence being the
    spin-rate model's document log-likelihood ratio: the spin score's own calibration.

    The fit mixture's share of spun documents is an artefact of how it was built, so the classes
    are weighed equally (within each, documents keep their weights) and the bias is then moved by
    ``logit(spun_documents)``, the model's prior that a document is spun: the prior correction of
    King and Zeng (2001), "Logistic regression in rare events data"."""
    rows = []
    for sample in samples:
        rate = weigh(sample, params)[3]
        spun = any(label is not None for label in sample.labels)
        rows.append((rate.evidence, spun, sample.weight))
    total = {flag: sum(w for _, y, w in rows if y == flag) for flag in (True, False)}
    half = (total[True] + total[False]) / 2.0  # the same total weight, split evenly
    balanced = [(x, y, w * half / total[y]) for x, y, w in rows if total[y] > 0]
    slope, bias = logistic_fit(balanced, raw=True)
    prior = params.spin_rate.spun_documents
    return slope, bias + math.log(prior / (1.0 - prior))


def stamp() -> dict[str, str]:
    return {
        "channel": get_channel(DEFAULT_CONFIG.packs).version,
        "language_model": get_language_model().version,
    }


def terms_stage(samples: Sequence[Sample], current: Parameters, articles: int, limit: int | None) -> int:
    """The ``--terms`` stage: refit ``calibration.term`` and ``term_model`` on science text and the
    news ``samples`` (``benchmarks/fit_terms.py``) and write them, with their
    ``fitted_on.term_calibration`` record, into the shipped file; nothing else changes."""
    from benchmarks import fit_terms

    command = "python benchmarks/fit.py --terms" + (f" --limit {limit}" if limit else "")
    try:
        knots, model, record = fit_terms.fit(samples, current, articles, command)
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        print(f"fit: {exc}", file=sys.stderr)
        return 2
    print(f"  calibration term: {record['findings']} -> {knots}", file=sys.stderr)
    print(f"  term model: {model}; held out: {record['held_out']}", file=sys.stderr)
    raw = json.loads(OUTPUT.read_text(encoding="utf-8"))
    raw["calibration"]["term"] = [[round(x, 4), round(y, 4)] for x, y in knots]
    raw["term_model"] = {k: round(v, 4) for k, v in model.items()}
    raw["fitted_on"]["term_calibration"] = record
    parse_parameters(raw)  # validate before writing
    OUTPUT.write_text(json.dumps(raw, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote calibration.term of {OUTPUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="fit on the first N articles of the fit split")
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped parameters are stale")
    parser.add_argument("--spinners", default="mythes,aiksaurus,function-words", help="comma-separated spinners")
    parser.add_argument("--rounds", type=int, default=2, help="coordinate-search rounds (default 2)")
    parser.add_argument("--calibration-only", action="store_true",
                        help="keep the shipped spin-rate model and weights; refit the calibrations only")
    parser.add_argument("--terms", action="store_true",
                        help="refit only the term calibration, on science text and news (benchmarks/fit_terms.py)")
    parser.add_argument("--only", default=None,
                        help="comma-separated GRIDS names: search these alone, keep the shipped others "
                             "(e.g. word_vs_digit,word_vs_digit_before_unit,word_vs_digit_large after a "
                             "change of the number-style table)")
    parser.add_argument("--spun-prior-floor", action="store_true",
                        help="write only spun_prior_floor, from the shipped model's training rows")
    parser.add_argument("--samples", type=Path, default=None,
                        help="keep the observed mixture in this pickle and reuse it while nothing it depends on changed")
    args = parser.parse_args(argv)
    current = get_parameters()
    if args.check:
        from textmend.parameters import stale_reasons

        reasons = stale_reasons(current, **{"channel_version": stamp()["channel"], "lm_version": stamp()["language_model"]})
        for r in reasons:
            print(f"stale: {r}; run python benchmarks/fit.py", file=sys.stderr)
        return 1 if reasons else 0
    spinners = [s for s in args.spinners.split(",") if not missing_requirements(s)]
    if not spinners:
        print("no spinner thesaurus installed (apt-get install mythes-en-us)", file=sys.stderr)
        return 2
    texts = load_texts(None)
    docs = fit_split(texts.docs)[: args.limit]
    print(f"fit: {len(docs)} articles, spinners {spinners}", file=sys.stderr)
    samples = cached_collect(args.samples, docs, spinners, current.max_candidates)
    if args.terms:
        return terms_stage(samples, current, len(docs), args.limit)
    if args.spun_prior_floor:
        return floor_stage(samples, current)
    only = args.only.split(",") if args.only else None
    if only is not None and (unknown := sorted(set(only) - set(GRIDS))):
        parser.error(f"--only: no grid named {', '.join(unknown)} (known: {', '.join(GRIDS)})")
    fitted = current if args.calibration_only else coordinate_search(samples, current, rounds=args.rounds, only=only)
    median, spread = clean_rate_prior(samples, fitted)
    fitted = fitted._replace(spin_rate=fitted.spin_rate._replace(clean_median=round(median, 5),
                                                                   clean_spread=round(spread, 4)))
    fitted, coefficients = fit_confidence_and_knee(samples, fitted)
    print(f"  confidence model: {coefficients}", file=sys.stderr)
    fitted = fitted._replace(confidence=coefficients)
    calibration = {}
    for group, rows in findings_for_calibration(samples, fitted).items():
        if group == "channel":  # the confidence model's
            continue
        calibration[group] = isotonic_knots(rows) if len(rows) >= MIN_CALIBRATION_ROWS else []
        if group == "term" and "term_calibration" in current.fitted_on:  # the --terms stage's
            calibration[group] = list(current.calibration["term"])
        print(f"  calibration {group}: {len(rows)} findings -> {calibration[group]}", file=sys.stderr)
    score = score_calibration(samples, fitted)
    print(f"  spin score calibration: {score}", file=sys.stderr)
    raw = {
        "score_calibration": [round(score[0], 4), round(score[1], 4)],
        "calibration": {g: [[round(x, 4), round(y, 4)] for x, y in knots] for g, knots in calibration.items()},
        "document": fitted.document,
        "document_window": document_window(samples),
        "unknown": fitted.unknown,
        "fitted_on": dict(stamp(), command="python benchmarks/fit.py" + (f" --limit {args.limit}" if args.limit else "")
                          + (" --calibration-only" if args.calibration_only else "")
                          + (f" --only {args.only}" if args.only else ""),
                          date=datetime.date.today().isoformat(), articles=len(docs), spinners=spinners,
                          **{k: v for k, v in current.fitted_on.items() if k == "term_calibration"}),
        "max_candidates": current.max_candidates,
        "number_style": {"word_vs_digit": fitted.word_vs_digit,
                         "word_vs_digit_before_unit": fitted.word_vs_digit_before_unit,
                         "word_vs_digit_large": fitted.word_vs_digit_large},
        "spin_rate": dict(fitted.spin_rate._asdict()),
        "language_model": {"context": fitted.lm_context, "prior": fitted.lm_prior, "knee": fitted.lm_knee},
        "spun_prior_floor": fitted.spun_prior_floor,
        "confidence": {k: round(v, 4) for k, v in coefficients.items()},
        **({"term_model": dict(current.term_model)} if "term_calibration" in current.fitted_on else {}),
    }
    parse_parameters(raw)  # validate before writing
    OUTPUT.write_text(json.dumps(raw, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
