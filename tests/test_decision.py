"""The array decision (``textmend.decision``) gives exactly what the per-candidate functions give.

``detect.decide`` computes every span's log weights, posteriors and confidences over a table of
the document's candidates; ``detect._log_weights``, ``posterior.weights`` and ``detect._finding``
are the plain per-span reference. Both must agree bit for bit (issue 10, "Speed and size").
"""

from __future__ import annotations

import importlib

import pytest

from textmend import decision
from textmend.decision import rate_ratio
from textmend.config import resolve_config
from textmend.parameters import Parameters, get_parameters
from textmend.function_rate import FUNCTION_GROUP, function_estimate, function_ratios_by_region, held_out_per_span
from textmend.pair_evidence import pair_counts
from textmend.posterior import group_of, weights
from textmend.spin_rate import estimate

from .conftest import EXAMPLES

detect = importlib.import_module("textmend.detect")  # the package exports a function of that name

TEXTS = [
    (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8"),
    "The team ranked candidate inhibitors with irregular backwoods (RF), and flag to commotion estimates were "
    "reported. Angle helping outperformed the baseline after choice trees selected the highlights.",
    "A kicker will get 1 point for each field goal, and the soldier is believed to be the primary prisoner "
    "of warfare. State troopers were called to the scene.",
]


def _params(with_model: bool) -> Parameters:
    params = get_parameters()
    return params if with_model else params._replace(confidence={})


def _reference(observations: detect.Observations, params: Parameters) -> tuple[detect.Finding, ...]:
    """Every finding as the per-candidate code computes it (floor 0)."""
    from textmend.language_model import get_language_model

    items = observations.items
    shift = params.unknown - get_language_model().unknown_log10
    log_weights = [detect._log_weights(o, params, shift) for o in items]
    ratios = [rate_ratio(weights(w), o.style) for w, o in zip(log_weights, items)]
    rate = estimate(ratios, [o.region for o in items], len(observations.regions), params.spin_rate,
                    observations.negligible, detect.repeats(items))
    rules = [[detect.NUMBER_GROUP if k else group_of(e.sources) for e, k in zip(o.entries, o.style)] for o in items]
    fw = function_estimate(
        *function_ratios_by_region(zip(rules, [weights(w) for w in log_weights], [o.region for o in items])),
        len(observations.regions), params.spin_rate)
    fw_rates = fw.regions if params.confidence else (0.0,) * len(fw.regions)
    fw_spun = (held_out_per_span([FUNCTION_GROUP in r for r in rules], fw) if params.confidence
               else [0.0] * len(items))
    counts = pair_counts(items)
    found = [
        detect._finding(o, w, rate.regions[o.region], rate.spun[o.region], rate.evidence, params, fw_rates[o.region],
                        counts, rate.held_out[i], fw_spun[i])
        for i, (o, w, r) in enumerate(zip(items, log_weights, ratios))
        if r >= detect.MIN_RATIO
    ]
    found += observations.users
    return tuple(sorted(found, key=lambda f: (f.start, f.end)))


@pytest.mark.parametrize("with_model", [True, False])
@pytest.mark.parametrize("text", TEXTS)
def test_array_decision_equals_the_per_candidate_one(text: str, with_model: bool) -> None:
    params = _params(with_model)
    observations = detect.observe(text, resolve_config(None, {}))
    assert observations.items
    got = detect.decide(observations, params)
    assert got.findings == _reference(observations, params)  # exact: floats bit for bit


@pytest.mark.parametrize("with_model", [True, False])
@pytest.mark.parametrize("floor", [0.05, 0.5, 0.95])
def test_floor_keeps_the_same_findings_as_filtering_after(floor: float, with_model: bool) -> None:
    params = _params(with_model)
    for text in TEXTS:
        observations = detect.observe(text, resolve_config(None, {}))
        full = detect.decide(observations, params)
        cut = detect.decide(observations, params, floor)
        assert cut.findings == tuple(f for f in full.findings if f.confidence >= floor)
        assert (cut.spin_score, cut.regions) == (full.spin_score, full.regions)


def test_table_lays_out_candidates_by_span_and_ratio_sums_in_order() -> None:
    params = get_parameters()
    observations = detect.observe(TEXTS[0], resolve_config(None, {}))
    items = observations.items
    from textmend.language_model import get_language_model

    shift = params.unknown - get_language_model().unknown_log10
    tab = decision.table(items, params, shift)
    assert tab.log_weight.shape == (len(items), max(len(o.entries) for o in items))
    for row, obs in enumerate(items):
        n = len(obs.entries)
        expected = detect._log_weights(obs, params, shift)
        assert tab.log_weight[row, :n].tolist() == list(expected)
        assert tab.valid[row].tolist() == [True] * n + [False] * (tab.valid.shape[1] - n)
        assert float(tab.ratio[row]) == sum(weights(expected))


def test_ranked_breaks_ties_in_candidate_order() -> None:
    import numpy as np

    post = np.array([[0.2, 0.5, 0.5, 0.1, -np.inf], [0.3, -np.inf, -np.inf, -np.inf, -np.inf]])
    order, exists = decision.ranked(post, np.array([4, 1]), 4)
    assert order[0].tolist() == [1, 2, 0, 3]
    assert exists.tolist() == [[True] * 4, [True, False, False, False]]


def test_array_logits_and_sigmoids_equal_the_scalar_ones() -> None:
    """``decision._logits``/``_sigmoids`` give ``confidence._logit``/``_sigmoid`` bit for bit,
    the clip's edges, zero of either sign and a NaN included."""
    import math

    import numpy as np

    from textmend.confidence import _logit, _sigmoid

    rng = np.random.default_rng(3)
    p = np.concatenate([rng.random(2000), rng.random(200) * 1e-5, 1.0 - rng.random(200) * 1e-5,
                        [0.0, -0.0, 1.0, 1e-6, 1.0 - 1e-6, 0.5, -1.0, 2.0]])
    got = decision._logits(p).tolist()
    assert got == [_logit(x) for x in p.tolist()]
    z = np.concatenate([rng.normal(0, 5, 2000), [0.0, -0.0, 700.0, -700.0, 40.0, -40.0]])
    assert decision._sigmoids(z).tolist() == [_sigmoid(x) for x in z.tolist()]
    assert math.isnan(decision._sigmoids(np.array([math.nan]))[0])
    assert math.isnan(decision._logits(np.array([math.nan]))[0]) and math.isnan(_logit(math.nan))
    assert decision._logits(np.zeros(0)).tolist() == [] and decision._sigmoids(np.zeros(0)).tolist() == []


@pytest.mark.parametrize("with_model", [True, False])
def test_chunked_confidences_and_weights_equal_one_pass(with_model: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """``MODEL_CHUNK`` and ``_POWER_CHUNK`` only bound memory: chunks of 1-7 candidates give the
    same table and findings, float for float, as one pass over the document."""
    import numpy as np

    params = _params(with_model)
    text = " ".join(TEXTS)
    observations = detect.observe(text, resolve_config(None, {}))
    n = sum(len(o.entries) for o in observations.items)
    assert n > 7
    from textmend.language_model import get_language_model

    shift = params.unknown - get_language_model().unknown_log10
    monkeypatch.setattr(decision, "MODEL_CHUNK", n + 1)
    monkeypatch.setattr(decision, "_POWER_CHUNK", n + 1)
    whole = detect.decide(observations, params)
    whole_table = decision.table(observations.items, params, shift)
    for model_chunk, power_chunk in ((1, 1), (3, 7), (7, 3)):
        monkeypatch.setattr(decision, "MODEL_CHUNK", model_chunk)
        monkeypatch.setattr(decision, "_POWER_CHUNK", power_chunk)
        assert detect.decide(observations, params) == whole
        tab = decision.table(observations.items, params, shift)
        assert np.array_equal(tab.linear, whole_table.linear) and np.array_equal(tab.ratio, whole_table.ratio)
