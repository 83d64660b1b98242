"""The fit script's estimators, on synthetic data with a known answer."""

from __future__ import annotations

import math
import random

from benchmarks.fit import benchmark_split, fit_split, isotonic_knots, logistic_fit
from benchmarks.corpus import Doc
from textmend.posterior import calibrate


def test_isotonic_calibration_recovers_a_known_curve() -> None:
    rng = random.Random(1)
    rows = []
    for _ in range(20000):
        p = rng.random()
        rows.append((p, rng.random() < p * p, 1.0))  # the truth: P(correct) = p^2
    knots = isotonic_knots(rows)
    assert [y for _, y in knots] == sorted(y for _, y in knots)
    for p in (0.2, 0.5, 0.8):
        assert abs(calibrate(p, knots) - p * p) < 0.06


def test_logistic_fit_recovers_slope_and_bias() -> None:
    rng = random.Random(2)
    rows = []
    for _ in range(20000):
        x = rng.uniform(-4, 4)
        rows.append((x, rng.random() < 1 / (1 + math.exp(-(2.0 * x - 1.0))), 1.0))
    slope, bias = logistic_fit(rows, raw=True)
    assert abs(slope - 2.0) < 0.15 and abs(bias + 1.0) < 0.15


def test_fit_and_benchmark_documents_are_disjoint_and_cover_the_corpus() -> None:
    docs = [Doc(str(i), "text") for i in range(100)]
    fit, bench = fit_split(docs), benchmark_split(docs)
    assert not {d.id for d in fit} & {d.id for d in bench}
    assert len(fit) + len(bench) == 100 and len(fit) == 25


def test_labels_undo_the_swaps_a_span_covers_whole() -> None:
    from benchmarks.fit import label
    from benchmarks.spinner import SpunText, Substitution
    from textmend.detect import Observation, Observations

    text = "It was the primary time in a yr."
    subs = (
        Substitution(11, 18, "primary", "first", "function", 11, 16),
        Substitution(29, 31, "yr", "year", "function", 27, 31),
    )

    def obs(start: int, end: int) -> Observation:
        return Observation(start, end, text[start:end].lower(), 0, (), (), (), (), (), (), 0.0, False)

    items = (obs(11, 18), obs(7, 18), obs(7, 23), obs(27, 31), obs(3, 6), obs(14, 20))
    spun = SpunText("It was the first time in a year.", text, subs, 3)
    labels = label(Observations(items, (0,), ((0, len(text)),), (), 8), spun)
    assert labels == ("first", "the first", "the first time", "a year", None, None)
    assert label(Observations(items, (0,), ((0, len(text)),), (), 8), None) == (None,) * len(items)


def test_the_function_word_stage_leaves_the_other_rules_coefficients_alone() -> None:
    from benchmarks.fit import FIRST_STAGE_FUNCTION_SLOPES, HELD, fit_confidence_model
    from textmend.confidence import FEATURE_NAMES, FUNCTION_WORD_NAMES

    rng = random.Random(4)
    rule = FEATURE_NAMES.index("rule:function-word")
    own_only = [i for i, n in enumerate(FEATURE_NAMES) if n in FUNCTION_WORD_NAMES
                and n not in FIRST_STAGE_FUNCTION_SLOPES and n != "rule:function-word" and n not in HELD]
    rows = []
    for _ in range(3000):
        v = [rng.gauss(0, 1) for _ in FEATURE_NAMES]
        for i, name in enumerate(FEATURE_NAMES):
            if name.startswith("rule:"):
                v[i] = 0.0
        is_function = rng.random() < 0.4
        v[rule] = 1.0 if is_function else 0.0
        if not is_function:
            for i, name in enumerate(FEATURE_NAMES):
                if "*" in name:
                    v[i] = 0.0
        rows.append((v, rng.random() < 1 / (1 + math.exp(-(v[0] + (2.0 * v[own_only[0]] if is_function else 0)))), 1.0))
    first = fit_confidence_model(rows)
    shuffled = [([rng.gauss(0, 1) if i in own_only and v[rule] else x for i, x in enumerate(v)], c, w)
                for v, c, w in rows]
    second = fit_confidence_model(shuffled)
    shared = [n for n in FEATURE_NAMES if n not in FUNCTION_WORD_NAMES] + ["bias"]
    assert {n: first[n] for n in shared} == {n: second[n] for n in shared}  # exact: stage 1 does not see them
    assert first[FEATURE_NAMES[own_only[0]]] > 1.0  # stage 2 finds the function-word rows' own evidence


def test_the_number_stage_leaves_the_channel_rules_coefficients_alone() -> None:
    """Number rows take no part in the shared or the function-word stage (a digit's evidence cannot
    move a thesaurus pair's confidence), and the third stage finds their own evidence."""
    from benchmarks.fit import fit_confidence_model
    from textmend.confidence import FEATURE_NAMES, NUMBER_NAMES

    rng = random.Random(6)
    number, thesaurus = FEATURE_NAMES.index("rule:number"), FEATURE_NAMES.index("rule:thesaurus")
    rate = FEATURE_NAMES.index("logit_rate")
    number_rate = FEATURE_NAMES.index("number*logit_rate")

    def row(is_number: bool) -> tuple[list[float], bool, float]:
        v = [rng.gauss(0, 1) if not (n.startswith("rule:") or "*" in n) else 0.0 for n in FEATURE_NAMES]
        v[number if is_number else thesaurus] = 1.0
        if is_number:
            v[number_rate] = v[rate]
        z = v[0] + (3.0 * v[rate] if is_number else 0.0)
        return v, rng.random() < 1 / (1 + math.exp(-z)), 1.0

    channel = [row(False) for _ in range(1500)]
    numbers = [row(True) for _ in range(1500)]
    alone = fit_confidence_model(channel)
    both = fit_confidence_model(channel + numbers)
    shared = [n for n in FEATURE_NAMES if n not in NUMBER_NAMES] + ["bias"]
    assert {n: alone[n] for n in shared} == {n: both[n] for n in shared}  # exact: stages 1-2 do not see them
    assert all(alone[n] == 0.0 for n in NUMBER_NAMES)
    assert both["number*logit_rate"] > 1.5  # stage 3 finds the number rows' own slope on the rate


def test_held_coefficients_are_set_not_fitted() -> None:
    """``fit.HELD`` (``log d`` at 1: a candidate is right only in a spun document) comes out as set,
    whatever the rows say, and the fitted coefficients are fitted around it (an offset)."""
    from benchmarks.fit import HELD, fit_confidence_model
    from textmend.confidence import FEATURE_NAMES

    rng = random.Random(5)
    rows = []
    for _ in range(2000):
        v = [rng.gauss(0, 1) if not (n.startswith("rule:") or "*" in n) else 0.0 for n in FEATURE_NAMES]
        v[FEATURE_NAMES.index("rule:thesaurus" if rng.random() < 0.5 else "rule:function-word")] = 1.0
        rows.append((v, rng.random() < 0.5, 1.0))
    fitted = fit_confidence_model(rows)
    assert {n: fitted[n] for n in HELD} == HELD
    assert HELD["log_document_spun"] == 1.0
    # a prior shift changes what is fitted around the held coefficients, not the coefficients
    shifted = fit_confidence_model(rows, prior_shift=1.0)
    assert {n: shifted[n] for n in HELD} == HELD
    assert shifted["bias"] != fitted["bias"]


def test_the_document_window_is_the_longest_training_document() -> None:
    """Every training document is searched whole by the document factor it fitted (one of at most
    ``window + 1`` words is), so the fitted factor applies as fitted."""
    from benchmarks.fit import Sample, document_window
    from textmend.detect import Observations, observe
    from textmend.config import DEFAULT_CONFIG
    from textmend.tokenize import WORD_RE
    from textmend.written import DocumentWords

    texts = ["We have to act now.", "Officials said they have, to be fair, waited; to be sure. " * 3, "One two."]
    samples = [Sample(observe(t, DEFAULT_CONFIG), (), 1.0) for t in texts]
    window = document_window(samples)
    assert window == max(len(WORD_RE.findall(t)) for t in texts) == 33
    assert all(DocumentWords(t, window).whole for t in texts)
    assert isinstance(samples[0].observations, Observations)
