"""The term variants' confidence (textmend.term_model): features, the logistic model, the fallback."""

from __future__ import annotations

import json
from importlib.resources import files

from textmend import term_model
from textmend.parameters import PARAMETERS_RESOURCE, get_parameters, parse_parameters
from textmend.posterior import calibrate


def test_features_follow_the_names() -> None:
    values = term_model.features(0.5, -1.5, 2.0, 3, True)
    assert len(values) == len(term_model.FEATURE_NAMES)
    assert values == [0.0, -1.5, 2.0, 1.0, 1.0]
    assert term_model.features(1.0, 0.0, 0.0, 2, False)[0] < 14  # clipped, finite


def test_confidence_is_a_sigmoid_of_the_weighted_features() -> None:
    values = term_model.features(0.9, 1.0, 0.0, 2, False)
    assert term_model.confidence(values, {}) == 0.5
    up = term_model.confidence(values, {"posterior": 1.0})
    assert 0.85 < up < 0.95  # sigmoid(logit(0.9)) is 0.9
    assert term_model.confidence(values, {"posterior": 1.0, "bias": -2.0}) < up
    assert term_model.confidence(values, {"channel": 1000.0}) == 1.0 - term_model.confidence(values, {"channel": -1000.0})


class _Entry:
    def __init__(self, original: str, weight: float) -> None:
        self.original, self.weight = original, weight


class _Obs:
    key = "irregular backwoods"
    entries = (_Entry("random forest", -1.0),)
    in_document = (False,)


def test_without_a_model_the_isotonic_calibration_scores_the_rule() -> None:
    knots = ((-2.0, 0.1), (2.0, 0.6))
    params = get_parameters()._replace(term_model={}, calibration={"term": knots})
    assert term_model.candidate_confidence(_Obs(), 0, 1.0, 0.7, params) == calibrate(0.7, knots)


def test_with_a_model_its_features_are_read_from_the_candidate() -> None:
    params = get_parameters()._replace(term_model={"channel": 1.0, "language_model": 1.0})
    # channel -1 and log weight 1 (no document term): LM part 2, so z = -1 + 2
    got = term_model.candidate_confidence(_Obs(), 0, 1.0, 0.7, params)
    assert abs(got - term_model.confidence([0, -1.0, 2.0, 0, 0], {"channel": 1.0, "language_model": 1.0})) < 1e-12


def test_parameters_without_a_term_model_parse() -> None:
    raw = json.loads(files("textmend").joinpath(PARAMETERS_RESOURCE).read_text(encoding="utf-8"))
    raw.pop("term_model", None)
    assert parse_parameters(raw).term_model == {}
