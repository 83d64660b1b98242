"""The spin-rate model: clean and spun regions, EM, and the score."""

from __future__ import annotations

from textmend.spin_rate import RatePrior, estimate

PRIOR = RatePrior(a=2.0, b=8.0, share_a=0.5, share_b=2.0, clean_rate=0.01)


def test_no_evidence_is_clean() -> None:
    est = estimate([0.0] * 200, [0] * 200, 1, PRIOR)
    assert est.spin_score < 0.01
    assert est.regions[0] < 0.02
    assert all(p == 0.0 for p in est.posteriors)


def test_strong_evidence_raises_the_rate_and_the_score() -> None:
    ratios = [1000.0] * 30 + [0.01] * 70
    est = estimate(ratios, [0] * 100, 1, PRIOR)
    assert 0.25 < est.regions[0] < 0.35
    assert est.spin_score > 0.99
    assert est.posteriors[0] > 0.99 and est.posteriors[-1] < 0.01


def test_a_spun_region_inside_clean_text_gets_its_own_rate() -> None:
    clean = [0.05] * 400
    spun = [500.0] * 15 + [0.05] * 25
    ratios = clean[:200] + spun + clean[200:]
    regions = [0] * 200 + [1] * 40 + [2] * 200
    est = estimate(ratios, regions, 3, PRIOR)
    assert est.spun[1] > 0.99 and max(est.spun[0], est.spun[2]) < 0.01
    assert est.regions[1] > 10 * max(est.regions[0], est.regions[2])
    assert est.posteriors[200] > 0.9  # the spun region's swaps are believed
    assert max(est.posteriors[:200]) < 0.05  # the clean regions' are not
    assert est.spin_score == max(est.spun)


def test_one_unusual_word_in_clean_text_is_not_believed() -> None:
    ratios = [0.05] * 300
    ratios[150] = 20.0
    est = estimate(ratios, [0] * 300, 1, PRIOR)
    assert est.posteriors[150] < 0.5
    assert est.spin_score < 0.5


def test_negligible_positions_dilute_the_rate() -> None:
    ratios = [1000.0] * 10
    dense = estimate(ratios, [0] * 10, 1, PRIOR)
    diluted = estimate(ratios, [0] * 10, 1, PRIOR, negligible=[500])
    assert diluted.regions[0] < dense.regions[0] / 5


def test_an_empty_document() -> None:
    est = estimate([], [], 0, PRIOR)
    assert est.spin_score == 0.0 and est.regions == ()
