"""The ``term`` rule's calibration fitted on science text: the ``--terms`` stage of ``benchmarks/fit.py``.

    python benchmarks/fit.py --terms            # refit calibration.term, keep everything else

The stage writes only ``calibration.term``, ``term_model`` and ``fitted_on.term_calibration``
(its command, date, data, held-out comparison and the channel and LM versions it was fitted on)
in ``data/parameters.json``; the other stages of ``fit.py`` keep these as they are (they fit
``term`` on news only when no science fit is recorded).

Why: on news no spinner makes term variants, so a news-only fit learns that every term finding
is wrong (a variant's posterior of 0.99 calibrated to about 0.3). The fit here sees the rule
where it is meant to act, and where it must not:

- **positives**: tortured phrases of the tortured benchmark's *built* part only
  (``benchmarks/tortured.split(...)["built"]``; never its ``new_variant`` or ``unseen``
  phrases). Each is held out in one of :data:`FOLDS` folds: the known terms and listed phrases
  are rebuilt from the other folds' phrases (as ``benchmarks/tortured.use_heldout_build`` does,
  without the channel's ``mined`` source), so the phrase is a new variant of its term, or a
  variant of a term known only from the curated lists or WordNet when it was the term's only
  phrase. It is placed in :data:`FIT_FRAMES`, science sentence frames of this fit (none of the
  benchmark's ``FRAMES``). A ``term`` finding is correct when it covers the phrase exactly and
  restores its term; every other ``term`` finding in the frame is wrong.
- **negatives**, all clean text, every ``term`` finding wrong, weighted ``fit.CLEAN_WEIGHT``:
  the frames holding the term itself (a clean sentence); prose paragraphs of the docstrings of
  :data:`NEGATIVE_MODULES` (numpy, pandas, networkx, sympy, matplotlib: packages the
  benchmark's clean set does not read; paragraphs it also holds are dropped); and the ``term``
  findings on the news fit mixture of ``fit.py`` (``fit.findings_for_calibration``, clean news
  weighted ``CLEAN_WEIGHT``, spun news 1, labelled by the spinner's gold).

Negatives and clean frames use the shipped terms and channel; positives use the fold's build.
Two fits over the same rows: the isotonic regression (``fit.isotonic_knots``) of correctness on
logit(raw posterior), the feature and form used before (``calibration.term``,
``textmend.posterior.calibrate``), and a logistic model over the finding's evidence
(``term_model``, ``textmend.term_model``). :func:`cross_validated` scores both on held-out folds
(by text); the model is written only when its held-out log-loss is lower, and it then scores the
rule. The comparison is recorded in ``fitted_on.term_calibration.held_out``.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import math
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
for _p in (ROOT, ROOT / "src", ROOT / "scripts", ROOT / "benchmarks"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

import build_terms  # noqa: E402

from textmend import term_model, tortured  # noqa: E402
from textmend.channel import get_channel  # noqa: E402

from benchmarks.worker import replace_get_channel  # noqa: E402
from textmend.config import DEFAULT_CONFIG  # noqa: E402
from textmend.parameters import Parameters  # noqa: E402
from textmend.pair_evidence import pair_counts  # noqa: E402
from textmend.posterior import CALIBRATION_GROUP  # noqa: E402
from textmend.tokenize import phrase_key  # noqa: E402

detect = importlib.import_module("textmend.detect")
decision = importlib.import_module("textmend.decision")
"""The module: ``from textmend import detect`` gives the API function of that name."""

GROUP = "term"
FOLDS = 6
"""Folds of the built part: each phrase is held out (a new variant) in one of them."""
FRAMES_PER_PHRASE = 2
NEGATIVE_MODULES = (
    "numpy", "numpy.linalg", "numpy.random", "numpy.fft", "numpy.polynomial", "numpy.ma",
    "pandas", "networkx", "networkx.algorithms", "sympy", "matplotlib.pyplot", "matplotlib.colors",
)
"""Modules whose docstrings are the fit's clean science text (none the benchmark reads)."""
MAX_NEGATIVE_WORDS = 40000

FIT_FRAMES = (
    "Samples were processed with {} before the statistical analysis.",
    "{} yielded the lowest error among the tested approaches.",
    "The authors propose a variant of {} for noisy measurements.",
    "Accuracy improved markedly when {} was added to the pipeline.",
    "Several reviews have discussed {} in the context of public health.",
    "In the second experiment, {} was compared against a linear baseline.",
    "The dataset was analysed by means of {} and cross validation.",
    "{} remains a common choice for small clinical cohorts.",
    "We describe how {} can be adapted to streaming data.",
    "Further work is needed to understand {} in older adults.",
    "The model combines {} with an attention mechanism.",
    "Section 4 discusses the limitations of {} for rare events.",
    "Participants with high {} were excluded from the cohort.",
    "This paper investigates {} under varying load conditions.",
    "{} was measured twice in every participant during the trial.",
    "Unlike earlier methods, {} needs no manual tuning.",
    "The simulation shows that {} converges after a few iterations.",
    "Most of the variance was explained by {} in the final model.",
    "Our implementation of {} is available as open source software.",
    "The survey covers {} as well as related techniques.",
    "Reported values of {} differ widely between laboratories.",
    "Prior to training, {} was applied to every image in the set.",
    "The reviewers asked how {} behaves on imbalanced classes.",
    "{} offers a practical trade off between speed and accuracy.",
)
"""Science sentence frames of the fit (``{}`` the phrase); disjoint from ``tortured.FRAMES``."""


class Row(NamedTuple):
    """One ``term`` finding: its raw posterior, whether it is correct, its weight, its set, the
    text it came from (rows of one text share a cross-validation fold) and its
    ``textmend.term_model.features``."""

    posterior: float
    correct: bool
    weight: float
    source: str
    group: str
    features: tuple[float, ...]
    detail: Detail | None = None
    """What else is known of the finding (not fitted): for screening candidate features
    (``benchmarks/term_features.py``)."""


class Detail(NamedTuple):
    """A ``term`` finding's evidence beyond :data:`textmend.term_model.FEATURE_NAMES` (read by
    ``benchmarks/term_features.py``; the fit ignores it)."""

    key: str
    """The span (lower case, single-spaced)."""
    term: str
    """The restored term."""
    spin_rate: float
    """The span's region spin rate (0-1)."""
    unknown: int
    """Words of the term the LM does not know, minus those of the span (``Observation.unknown``)."""
    vocabulary: float
    """The document's mean unigram log10 P_lm over its single-word candidate spans (how rare
    its spinnable words are: news about -3.5, science text -3.7 to -4.2)."""
    technical: float
    """The share of the document's single-word candidate spans that are words of a known
    scientific term and rarer than log10 P_lm -4.5 (0-1)."""
    evidence: float = 0.0
    """The document's pooled spin evidence (``spin_rate.pooled_evidence``, natural log)."""
    uses: float = 0.0
    """``term_model.other_uses`` of the span: its swapped words written elsewhere in the document."""
    words: int = 0
    """The document's word count."""


def row(finding: detect.Finding, obs: detect.Observation, correct: bool, weight: float, source: str,
        group: str, document: tuple = (0.0, 0.0)) -> Row:
    """The :class:`Row` of a ``term`` finding on the span ``obs``, its features read under the terms
    in use; ``document``: (``vocabulary``, ``technical``) of its document (:func:`document_evidence`),
    optionally followed by its spin evidence, ``other_uses`` per (start, end) and word count (:func:`_of_term`)."""
    ev = finding.evidence
    vocabulary, technical, *rest = document
    evidence, uses, words = rest if rest else (0.0, {}, 0)
    values = term_model.features(finding.posterior, ev.channel, ev.language_model, len(finding.key.split()),
                                 finding.replacement in tortured.get_terms().science,
                                 *term_model.word_evidence(finding.key, finding.replacement, obs.spun_prior),
                                 obs.capitalised, uses.get((finding.start, finding.end), 0.0))
    k = next((i for i, e in enumerate(obs.entries) if e.original == finding.replacement), 0)
    detail = Detail(finding.key, finding.replacement, ev.spin_rate, obs.unknown[k] if obs.unknown else 0, vocabulary,
                    technical, evidence, uses.get((finding.start, finding.end), 0.0), words)
    return Row(finding.posterior, correct, weight, source, group, tuple(values), detail)


def document_evidence(obs: detect.Observations) -> tuple[float, float]:
    """(``vocabulary``, ``technical``) of a document (:class:`Detail`), from its observations."""
    single = [o for o in obs.items if " " not in o.key]
    if not single:
        return 0.0, 0.0
    words = _science_words()
    technical = sum(1 for o in single if o.spun_prior < -4.5 and o.key in words)
    return sum(o.spun_prior for o in single) / len(single), technical / len(single)


_SCIENCE_WORDS: dict[int, frozenset[str]] = {}


def _science_words() -> frozenset[str]:
    """The words of the known scientific terms in use (cached per terms object)."""
    terms = tortured.get_terms()
    if id(terms) not in _SCIENCE_WORDS:
        _SCIENCE_WORDS.clear()
        _SCIENCE_WORDS[id(terms)] = frozenset(w for t in terms.science for w in t.split(" "))
    return _SCIENCE_WORDS[id(terms)]


def _h(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)


def place(phrase: str, index: int) -> tuple[str, int, int]:
    """(sentence, start, end) of ``phrase`` in fit frame ``index`` (capitalised at a sentence start)."""
    frame = FIT_FRAMES[index % len(FIT_FRAMES)]
    at = frame.index("{}")
    text = phrase[:1].upper() + phrase[1:] if at == 0 else phrase
    return frame.replace("{}", text), at, at + len(text)


def folds(built: Sequence[tuple[str, str]], k: int = FOLDS) -> list[list[tuple[str, str]]]:
    """The built pairs split into ``k`` folds. A term's variants (sorted by sha1) go to folds
    ``h(term) + 0, 1, 2, ...`` (mod ``k``), so a term with two or more variants keeps at least
    one in the build whichever fold is held out."""
    by_term: dict[str, list[str]] = {}
    for spun, term in built:
        by_term.setdefault(term, []).append(spun)
    out: list[list[tuple[str, str]]] = [[] for _ in range(k)]
    for term in sorted(by_term):
        for i, spun in enumerate(sorted(set(by_term[term]), key=_h)):
            out[(_h(term) + i) % k].append((spun, term))
    return out


@contextlib.contextmanager
def fold_build(pairs: Sequence[tuple[str, str]]) -> Iterator[None]:
    """The engine with terms and listed phrases built from ``pairs`` only and no ``mined`` channel
    source (as the benchmark's held-out build); the shipped build is restored on exit."""
    import tortured as bench  # benchmarks/tortured.py

    terms, listed = build_terms.build(list(pairs), build_terms.read_curated(), build_terms.read_wordnet())
    tortured.set_terms(tortured.Terms(terms, listed, tortured.get_priors(), bench.aligned_synonyms(list(pairs)),
                                      ordinary=build_terms.read_ordinary()))
    restore = replace_get_channel(lambda packs, exclude=frozenset({"mined"}): get_channel(tuple(packs), exclude), get_channel)
    try:
        yield
    finally:
        restore()
        tortured.set_terms(None)


def _term_findings(text: str, params: Parameters) -> list[tuple[detect.Finding, detect.Observation, tuple]]:
    """The ``term`` findings of ``text`` (raw posteriors: no calibration, no model), each with its
    span and its document's evidence (:func:`_of_term`)."""
    obs = detect.observe(text, DEFAULT_CONFIG, max_candidates=params.max_candidates)
    return _of_term(obs, params)


def _of_term(obs: detect.Observations,
             params: Parameters) -> list[tuple[detect.Finding, detect.Observation, tuple]]:
    """The ``term`` findings of ``obs`` with their spans and their document's evidence: (vocabulary,
    technical share (:func:`document_evidence`), spin evidence, ``term_model.other_uses`` by (start,
    end), word count), the ``document`` of :func:`row`."""
    analysis = detect.decide(obs, params._replace(calibration={}, term_model={}))
    spans = {(o.start, o.end): o for o in obs.items}
    found = [f for f in analysis.findings if CALIBRATION_GROUP.get(f.rule) == GROUP]
    if not found:
        return []
    keys = pair_counts(obs.items, obs.copies).keys
    uses = {(f.start, f.end): term_model.other_uses(keys, f.key, f.replacement) for f in found}
    document = (*document_evidence(obs), _spin_evidence(obs, params), uses, obs.word_count)
    return [(f, spans[(f.start, f.end)], document) for f in found]


def _spin_evidence(obs: detect.Observations, params: Parameters) -> float:
    """The document's pooled spin evidence E (natural log), as ``detect.decide`` computes it."""
    from textmend.language_model import get_language_model
    from textmend.spin_rate import estimate

    items = obs.items
    if not items:
        return 0.0
    tab = decision.table(items, params, params.unknown - get_language_model().unknown_log10)
    rate = estimate(tab.rate_ratio.tolist(), [o.region for o in items], len(obs.regions), params.spin_rate,
                    obs.negligible, detect.repeats(items), obs.copies)
    return float(rate.evidence)


def restores(text: str, start: int, end: int, term: str, finding: detect.Finding) -> bool:
    """Whether ``finding`` restores the phrase at ``text[start:end]`` (or its part) to ``term``:
    the whole span to the whole term, or a span inside it to the term's words at the same word
    offset, word for word ("resistant framework" -> "immune system" in "resistant framework
    disease" for "immune system disease"). A finding reaching outside the phrase is wrong."""
    if finding.start < start or finding.end > end:
        return False
    want = phrase_key(term).split(" ")
    got = phrase_key(finding.replacement).split(" ")
    if (finding.start, finding.end) == (start, end):
        return got == want
    offset = len(text[start : finding.start].split())
    return len(text[finding.start : finding.end].split()) == len(got) and want[offset : offset + len(got)] == got


def positive_rows(built: Sequence[tuple[str, str]], params: Parameters) -> list[Row]:
    """Rows of the held-out phrases of each fold in :data:`FIT_FRAMES` (weight 1): the finding
    on the phrase (correct when exact) and any other ``term`` finding of the frame (wrong)."""
    rows: list[Row] = []
    parts = folds(built)
    for k, held in enumerate(parts):
        kept = [p for j, part in enumerate(parts) if j != k for p in part]
        with fold_build(kept):
            for spun, term in held:
                for j in range(FRAMES_PER_PHRASE):
                    text, start, end = place(spun, _h(spun) + j)
                    for f, o, d in _term_findings(text, params):
                        where = "variant" if (f.start, f.end) == (start, end) else "frame"
                        rows.append(row(f, o, restores(text, start, end, term, f), 1.0, where, spun, d))
        print(f"  terms fold {k}: {len(held)} held-out phrases, {len(rows)} rows so far", file=sys.stderr)
    return rows


def clean_frame_rows(built: Sequence[tuple[str, str]], params: Parameters, weight: float) -> list[Row]:
    """Rows of the built terms placed as themselves in :data:`FIT_FRAMES` (clean: all wrong)."""
    rows = []
    for term in sorted({t for _, t in built}):
        for j in range(FRAMES_PER_PHRASE):
            text = place(term, _h(term) + j)[0]
            rows += [row(f, o, False, weight, "clean frame", term, d) for f, o, d in _term_findings(text, params)]
    return rows


def science_paragraphs(modules: Sequence[str] = NEGATIVE_MODULES, max_words: int = MAX_NEGATIVE_WORDS,
                       exclude: frozenset[str] = frozenset()) -> list[str]:
    """Prose paragraphs of the installed ``modules``' docstrings, filtered as the benchmark's
    clean set (``tortured.docstring_paragraphs``), each text once and without those in
    ``exclude``; modules not installed are skipped. At most ``max_words`` words."""
    import tortured as bench

    return bench.docstring_paragraphs(modules, max_words, exclude=exclude, unique=True)


def installed(modules: Sequence[str] = NEGATIVE_MODULES) -> dict[str, str]:
    """Top-level package -> version of the negative modules that import."""
    out = {}
    for name in modules:
        top = name.split(".")[0]
        if top in out:
            continue
        try:
            out[top] = str(getattr(importlib.import_module(top), "__version__", "?"))
        except ImportError:
            continue
    return out


def missing_negative_packages(modules: Sequence[str] = NEGATIVE_MODULES) -> list[str]:
    """Top-level packages of ``modules`` that do not import (sorted): the fit refuses to run
    without them, so that the shipped term model does not depend on what happens to be installed."""
    return sorted({name.split(".")[0] for name in modules} - set(installed(modules)))


def docstring_rows(paragraphs: Sequence[str], params: Parameters, weight: float) -> list[Row]:
    return [row(f, o, False, weight, "docstrings", p, d) for p in paragraphs for f, o, d in _term_findings(p, params)]


def news_rows(samples: Sequence, params: Parameters) -> list[Row]:
    """Rows of the ``term`` findings of ``fit.py``'s news mixture (``fit.Sample``: observations,
    gold labels, weight), labelled like ``fit.findings_for_calibration`` does."""
    rows = []
    for n, sample in enumerate(samples):
        gold = {(o.start, o.end): g for o, g in zip(sample.observations.items, sample.labels)}
        rows += [row(f, o, gold.get((f.start, f.end)) == f.replacement, sample.weight, "news", f"news {n}", d)
                 for f, o, d in _of_term(sample.observations, params)]
    return rows


def benchmark_paragraphs() -> frozenset[str]:
    """The benchmark's clean paragraphs (to leave out of the fit; empty if its packages are absent)."""
    import tortured as bench

    return frozenset(bench.clean_paragraphs())


def logistic(rows: Sequence[Row], l2: float = 1.0, iterations: int = 50) -> dict[str, float]:
    """Coefficients of ``textmend.term_model`` (weighted logistic regression of correctness on
    the rows' features, by ``textmend.confidence.fit``: Newton steps, L2 prior ``l2``)."""
    from textmend.confidence import fit

    return fit([(r.features, r.correct, r.weight) for r in rows], l2, iterations,
               names=term_model.FEATURE_NAMES, bias=term_model.BIAS, tolerance=1e-8)


def cross_validated(rows: Sequence[Row], folds_n: int = 5) -> dict[str, dict[str, float]]:
    """Held-out comparison of the isotonic calibration and the logistic model: rows split into
    ``folds_n`` folds by their text (sha1 of ``Row.group``), each fold scored by the fit on the
    others. Per method: the weighted log-loss, and per set the correct and wrong findings at
    confidence >= 0.75 (the default threshold)."""
    from benchmarks.fit import isotonic_knots
    from textmend.posterior import calibrate

    out: dict[str, dict[str, float]] = {"isotonic": {"log_loss": 0.0}, "logistic": {"log_loss": 0.0}}
    total = 0.0
    for k in range(folds_n):
        train = [r for r in rows if _h(r.group) % folds_n != k]
        test = [r for r in rows if _h(r.group) % folds_n == k]
        knots = isotonic_knots([(r.posterior, r.correct, r.weight) for r in train])
        model = logistic(train)
        for r in test:
            total += r.weight
            for name, q in (("isotonic", calibrate(r.posterior, knots)),
                            ("logistic", term_model.confidence(r.features, model))):
                q = min(max(q, 1e-6), 1 - 1e-6)
                out[name]["log_loss"] -= r.weight * (math.log(q) if r.correct else math.log(1 - q))
                if q >= 0.75:
                    key = f"{r.source} {'correct' if r.correct else 'wrong'} >= 0.75"
                    out[name][key] = out[name].get(key, 0) + 1
    for name in out:
        out[name]["log_loss"] = round(out[name]["log_loss"] / max(total, 1e-9), 5)
    return out


def collect_rows(samples: Sequence, params: Parameters, built: Sequence[tuple[str, str]],
                 paragraphs: Sequence[str]) -> list[Row]:
    """Every row of the fit: the held-out positives of ``built``, the clean frames, the docstring
    ``paragraphs`` and the ``term`` findings of ``fit.py``'s news ``samples``; not the findings
    whose term the LM cannot read (``term_model.readable``: the rule gives them 0, unfitted)."""
    from benchmarks.fit import CLEAN_WEIGHT

    rows = positive_rows(built, params)
    rows += clean_frame_rows(built, params, CLEAN_WEIGHT)
    rows += docstring_rows(paragraphs, params, CLEAN_WEIGHT)
    rows += news_rows(samples, params)
    return [r for r in rows if r.detail is None or r.detail.unknown <= 0]


def fit(samples: Sequence, params: Parameters, news_articles: int,
        command: str) -> tuple[list[tuple[float, float]], dict[str, float], dict]:
    """(knots, model, record) of the ``term`` rule: the isotonic regression on logit(posterior)
    and the logistic model (``textmend.term_model``; empty when it does not beat the isotonic
    fit's held-out log-loss) over the science rows and the ``term`` findings of ``samples``
    (``fit.py``'s news mixture), and the ``fitted_on.term_calibration`` record. Raises
    ``FileNotFoundError`` without the tortured-phrase dev list."""
    import datetime

    import tortured as bench

    from benchmarks.fit import isotonic_knots, stamp

    if not bench.DEV.exists():
        raise FileNotFoundError(f"{bench.DEV} absent: the term calibration needs the tortured-phrase dev list")
    missing = missing_negative_packages()
    if missing:
        raise ModuleNotFoundError(f"the term fit's clean science text needs {', '.join(missing)}: "
                                  "pip install -e '.[science-docs]' (a fit without them sees fewer negatives)")
    built = bench.split(bench.read_dev())["built"]
    paragraphs = science_paragraphs(exclude=benchmark_paragraphs())
    rows = collect_rows(samples, params, built, paragraphs)
    knots = isotonic_knots([(r.posterior, r.correct, r.weight) for r in rows])
    held_out = cross_validated(rows)
    model = logistic(rows) if held_out["logistic"]["log_loss"] < held_out["isotonic"]["log_loss"] else {}
    counts: dict[str, list[int]] = {}
    for r in rows:
        counts.setdefault(r.source, [0, 0])[r.correct] += 1
    record = dict(
        stamp(), command=command, date=datetime.date.today().isoformat(),
        positives=f"benchmarks/tortured.py split 'built' ({len(built)} pairs), {FOLDS} folds held out in turn, "
                  f"{FRAMES_PER_PHRASE} of fit_terms.FIT_FRAMES each",
        negative_packages=installed(), docstring_words=sum(len(p.split()) for p in paragraphs),
        news_articles=news_articles,
        findings={k: {"wrong": v[0], "correct": v[1]} for k, v in sorted(counts.items())},
        held_out=held_out,
    )
    return knots, model, record
