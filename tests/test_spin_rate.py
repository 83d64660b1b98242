"""The spin-rate model: EM per region with the document rate as prior, and the score."""

from __future__ import annotations


import pytest

from textmend.spin_rate import RatePrior, beta_sf, estimate

PRIOR = RatePrior(a=0.5, b=25.0, strength=10.0, reference=0.05)


@pytest.mark.parametrize(
    ("x", "a", "b", "expected"),
    [
        (0.5, 1.0, 1.0, 0.5),  # uniform
        (0.25, 1.0, 1.0, 0.75),
        (0.5, 2.0, 2.0, 0.5),  # symmetric
        (0.1, 1.0, 3.0, 0.9**3),  # Beta(1, b): P(X > x) = (1 - x)^b
        (0.3, 2.0, 1.0, 1 - 0.3**2),  # Beta(a, 1): P(X > x) = 1 - x^a
    ],
)
def test_beta_survival_matches_closed_forms(x: float, a: float, b: float, expected: float) -> None:
    assert beta_sf(x, a, b) == pytest.approx(expected, abs=1e-9)


def test_beta_survival_is_monotone_and_bounded() -> None:
    values = [beta_sf(x / 20, 3.0, 40.0) for x in range(21)]
    assert values[0] == 1.0 and values[-1] == 0.0
    assert all(x >= y for x, y in zip(values, values[1:]))


def test_no_evidence_gives_the_prior_mean_and_a_low_score() -> None:
    est = estimate([0.0] * 200, [0] * 200, 1, PRIOR)
    assert est.document < PRIOR.a / (PRIOR.a + PRIOR.b)
    assert est.spin_score < 0.01
    assert all(p == 0.0 for p in est.posteriors)


def test_strong_evidence_raises_the_rate_and_the_score() -> None:
    ratios = [1000.0] * 30 + [0.01] * 70
    est = estimate(ratios, [0] * 100, 1, PRIOR)
    assert 0.2 < est.document < est.regions[0] < 0.35  # the prior pulls the document rate down
    assert est.spin_score > 0.99
    assert est.posteriors[0] > 0.99 and est.posteriors[-1] < 0.01


def test_a_spun_region_inside_clean_text_gets_its_own_rate() -> None:
    clean = [0.05] * 400
    spun = [500.0] * 15 + [0.05] * 25
    ratios = clean[:200] + spun + clean[200:]
    regions = [0] * 200 + [1] * 40 + [2] * 200
    est = estimate(ratios, regions, 3, PRIOR)
    assert est.regions[1] > 5 * max(est.regions[0], est.regions[2])
    assert est.posteriors[200] > 0.9  # the spun region's swaps are believed
    assert max(est.posteriors[:200]) < 0.05  # the clean regions' are not


def test_one_unusual_word_in_clean_text_is_not_believed() -> None:
    ratios = [0.05] * 300
    ratios[150] = 20.0
    est = estimate(ratios, [0] * 300, 1, PRIOR)
    assert est.posteriors[150] < 0.5


def test_negligible_positions_dilute_the_rate() -> None:
    ratios = [1000.0] * 10
    dense = estimate(ratios, [0] * 10, 1, PRIOR)
    diluted = estimate(ratios, [0] * 10, 1, PRIOR, negligible=[500])
    assert diluted.document < dense.document / 5
