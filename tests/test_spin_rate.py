"""The spin-rate model: clean and spun regions, EM, and the score."""

from __future__ import annotations

from textmend.spin_rate import RatePrior, estimate

PRIOR = RatePrior(a=2.0, b=8.0, share_a=0.5, share_b=2.0, clean_rate=0.01, spun_documents=0.1)


def test_no_evidence_is_clean() -> None:
    est = estimate([0.0] * 200, [0] * 200, 1, PRIOR)
    assert est.spin_score < PRIOR.spun_documents  # below the prior: evidence against spin
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
    assert est.spin_score > 0.99  # the document holds spun text


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


def test_one_strong_word_in_a_short_text_is_weak_evidence_that_the_text_is_spun() -> None:
    """A single sentence: without the document level its region was spun with prior ~ share."""
    est = estimate([0.05] * 8 + [50.0], [0] * 9, 1, PRIOR)
    assert est.spin_score < 0.5
    assert est.posteriors[-1] < 0.5
    several = estimate([0.05] * 6 + [50.0] * 3, [0] * 9, 1, PRIOR)
    assert several.spin_score > 0.8 and several.posteriors[-1] > 0.8


def test_the_document_prior_moves_the_score_and_the_posteriors() -> None:
    ratios = [0.05] * 30 + [50.0] * 2
    rare = estimate(ratios, [0] * 32, 1, PRIOR._replace(spun_documents=0.01))
    common = estimate(ratios, [0] * 32, 1, PRIOR._replace(spun_documents=0.5))
    assert rare.spin_score < common.spin_score
    assert rare.posteriors[-1] < common.posteriors[-1]
    assert rare.evidence == common.evidence  # the evidence does not depend on the prior


def test_region_log_likelihoods_in_one_pass_equal_the_plain_sums() -> None:
    """``_log_likelihoods`` (one numpy pass over all regions) gives ``_log_likelihood`` of each
    region bit for bit, empty regions and negligible counts included."""
    import numpy as np

    from textmend.spin_rate import _log_likelihood, _log_likelihoods

    rng = np.random.default_rng(5)
    regions = [(rng.exponential(2.0, int(rng.integers(0, 60))) * (rng.random() < 0.9)).tolist() for _ in range(40)]
    regions[3] = []
    negligible = [int(rng.integers(0, 9)) for _ in regions]
    flat = np.array([x for r in regions for x in r])
    bounds, at = [], 0
    for r in regions:
        bounds.append((at, at + len(r)))
        at += len(r)
    for rho in (0.01, 0.3, 0.99, 1e-9):
        got = _log_likelihoods(flat, bounds, negligible, rho)
        assert got == [_log_likelihood(r, e, rho) for r, e in zip(regions, negligible)]
