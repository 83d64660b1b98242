"""The confidence model of the channel's rules (``textmend.confidence``)."""

from __future__ import annotations

import math
import random

from textmend.confidence import (BIAS, FEATURE_NAMES, INTERACTIONS, RULES, Features, confidence, fit, held_spun_prior,
                                 vector)
from textmend.parameters import get_parameters


def _features(**changes: object) -> Features:
    base = Features(
        posterior=0.6, region_spun=0.9, rate=0.1, document_evidence=12.0, channel=-1.0, lm_context=1.5,
        lm_prior=0.5, in_document=False, margin=1.0, candidates=5, span_words=1, rule="thesaurus",
        sources=2, unknown=0, spun_prior=-4.0, capitalised=False,
    )
    return base._replace(**changes)


def test_without_a_fitted_model_the_confidence_is_the_posterior() -> None:
    assert confidence(_features(posterior=0.37), {}) == 0.37


def test_the_vector_has_one_value_per_feature_and_one_rule_indicator_set() -> None:
    v = vector(_features(rule="curated"))
    assert len(v) == len(FEATURE_NAMES)
    indicators = {name: x for name, x in zip(FEATURE_NAMES, v) if name.startswith("rule:")}
    assert indicators == {f"rule:{r}": (1.0 if r == "curated" else 0.0) for r in RULES}


def test_an_interaction_is_its_feature_for_its_own_rule_and_zero_for_the_others() -> None:
    base = dict(zip(FEATURE_NAMES, vector(_features(rule="function-word", lm_context=2.5))))
    other = dict(zip(FEATURE_NAMES, vector(_features(rule="mined", lm_context=2.5))))
    assert ("function-word", "lm_context") in INTERACTIONS
    assert base["function-word*lm_context"] == base["lm_context"] == 2.5
    assert other["function-word*lm_context"] == 0.0
    for rule, name in INTERACTIONS:
        assert rule in RULES and f"{rule}*{name}" in FEATURE_NAMES


def test_confidence_rises_with_a_feature_of_positive_weight_and_falls_with_a_negative_one() -> None:
    model = {"lm_context": 0.5, "in_document": -1.0, BIAS: -1.0}
    low, high = confidence(_features(lm_context=0.0), model), confidence(_features(lm_context=3.0), model)
    assert 0.0 < low < high < 1.0
    assert confidence(_features(in_document=True), model) < confidence(_features(in_document=False), model)


def test_fit_recovers_known_coefficients() -> None:
    rng = random.Random(3)
    truth = {"logit_rate": 1.2, "lm_context": 0.6, "rule:mined": -2.0, BIAS: 0.5}
    rows = []
    for _ in range(20000):
        f = _features(
            rate=rng.uniform(0.01, 0.5), lm_context=rng.uniform(-2, 4), rule=rng.choice(RULES),
        )
        p = confidence(f, truth)
        rows.append((vector(f), rng.random() < p, 1.0))
    fitted = fit(rows, l2=0.1)
    for name in ("logit_rate", "lm_context"):
        assert math.isclose(fitted[name], truth[name], abs_tol=0.2), (name, fitted[name])
    assert abs(fitted["margin"]) < 0.2  # a feature the truth ignores stays near 0
    # the rule indicators sum to one, like the bias: only their differences are identified
    assert math.isclose(fitted["rule:mined"] - fitted["rule:curated"], -2.0, abs_tol=0.3)
    for f in (_features(rate=0.3, rule="mined"), _features(lm_context=-1.0, rule="curated")):
        assert math.isclose(confidence(f, fitted), confidence(f, truth), abs_tol=0.03)


def test_the_shipped_model_names_known_features_and_trusts_spun_regions() -> None:
    model = get_parameters().confidence
    assert model, "data/parameters.json has no confidence model -- run python benchmarks/fit.py"
    assert set(model) <= set(FEATURE_NAMES) | {BIAS}
    # the evidence the model exists for: the same candidate is worth more in a region spun at a higher rate
    assert confidence(_features(rate=0.2), model) > confidence(_features(rate=0.02), model)


def _penalised(rows, offset, beta, l2=1.0):
    total = 0.5 * l2 * beta * beta
    for (v, correct, w), o in zip(rows, offset):
        z = beta * v[0] + o
        m = -z if correct else z
        total += w * (max(m, 0.0) + math.log1p(math.exp(-abs(m))))
    return total


def test_fit_damps_a_newton_step_that_would_overshoot():
    """Far from the optimum (offsets of -25: every p ~ 1e-11, a flat Hessian) a full Newton step
    jumps to +100 and the loss rises; the fit halves it, so no iteration makes the loss worse, and
    it still reaches the optimum (here the coefficient that cancels the offset, ~25)."""
    from textmend.confidence import fit

    rows = [([1.0], k % 2 == 0, 1.0) for k in range(200)]
    offset = [-25.0] * len(rows)
    at_zero = _penalised(rows, offset, 0.0)
    one = fit(rows, names=["a"], bias=None, offset=offset, iterations=1)["a"]
    assert _penalised(rows, offset, one) <= at_zero
    best = fit(rows, names=["a"], bias=None, offset=offset)["a"]
    assert 24.0 < best < 25.5
    assert _penalised(rows, offset, best) < _penalised(rows, offset, one)


def test_an_edit_in_a_document_that_looks_clean_needs_more_evidence() -> None:
    """The shipped model holds ``log d`` at 1 (``benchmarks/fit.py`` ``HELD``): the same candidate is
    worth less in a document whose spin evidence is clean, for every rule of the channel; the
    function-word rule's own document probability (its spans alone) lifts it back."""
    model = get_parameters().confidence
    for rule in RULES:
        spun, clean = _features(rule=rule, document_spun=0.99), _features(rule=rule, document_spun=0.01)
        assert confidence(clean, model) < confidence(spun, model)
    clean = _features(rule="function-word", document_spun=0.01)
    lifted = clean._replace(function_document_spun=0.9)
    assert confidence(lifted, model) > confidence(clean, model)
    assert confidence(_features(rule="thesaurus", document_spun=0.01, function_document_spun=0.9), model) == \
        confidence(_features(rule="thesaurus", document_spun=0.01), model)


def test_spun_prior_is_held_at_the_fitted_floor() -> None:
    """Beyond the rarest span of its training rows the model's linear slope on ``spun_prior`` is no
    evidence (``held_spun_prior``): a rarer span scores as one at the floor, one above it as it is."""
    assert held_spun_prior(-22.1, -15.0) == -15.0
    assert held_spun_prior(-4.0, -15.0) == -4.0
    assert held_spun_prior(-22.1, None) == -22.1
    floor = get_parameters().spun_prior_floor
    assert floor is not None and floor < -9.0  # below every multi-word span of the fit's spinners
    model = get_parameters().confidence
    at_floor = confidence(_features(spun_prior=floor), model)
    assert confidence(_features(spun_prior=held_spun_prior(floor - 7.0, floor)), model) == at_floor
    assert confidence(_features(spun_prior=floor - 7.0), model) > at_floor  # what the slope alone said


def test_the_floor_is_the_rarest_training_row() -> None:
    from benchmarks.fit import spun_prior_floor

    column = FEATURE_NAMES.index("spun_prior")
    rows = [([(-3.0 if i != column else v) for i in range(len(FEATURE_NAMES))], False, 1.0)
            for v in (-4.0, -12.34567, -2.5)]
    floor = spun_prior_floor(rows)
    assert floor == -12.3457 and all(held_spun_prior(x[column], floor) == x[column] for x, _, _ in rows)
