"""The spin-rate model: clean and spun regions, EM, and the score."""

from __future__ import annotations

import numpy as np
import pytest

from textmend.spin_rate import RatePrior, estimate, region_log_likelihoods

PRIOR = RatePrior(a=2.0, b=8.0, share_a=0.5, share_b=2.0, clean_rate=0.01, spun_documents=0.1,
                  clean_median=0.01, clean_spread=0.5)


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
    assert several.spin_score > 0.5 and several.posteriors[-1] > 0.5
    assert several.spin_score > est.spin_score and several.posteriors[-1] > est.posteriors[-1]


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


def test_a_form_written_three_times_weighs_as_one_in_the_evidence() -> None:
    """A topic word with a thesaurus neighbour, repeated: one choice of the author, not three swaps."""
    def evidence(ratios: list[float], repeats: list[int]) -> float:  # spun at 0.1 against clean at 0.01
        arrays = (np.array(ratios), np.zeros(len(ratios), dtype=np.int64), 1.0 / np.array(repeats, dtype=float),
                  np.array([5.0]), 1)
        return float(region_log_likelihoods(*arrays, 0.1)[0] - region_log_likelihoods(*arrays, 0.01)[0])

    three = evidence([200.0] * 3 + [0.05] * 10, [3] * 3 + [1] * 10)
    one = evidence([200.0] + [0.05] * 10, [1] * 11)
    assert three == pytest.approx(one)
    ratios = [0.05] * 60 + [200.0] * 3
    plain = estimate(ratios, [0] * 63, 1, PRIOR)
    repeated = estimate(ratios, [0] * 63, 1, PRIOR, repeats=[1] * 60 + [3] * 3)
    assert repeated.evidence < plain.evidence and repeated.spin_score < plain.spin_score


def test_the_evidence_is_discounted_by_the_regions_searched() -> None:
    """One spun-looking region among many clean ones: the same region, more chances of luck."""
    region = [0.05] * 30 + [100.0] * 3
    clean = [0.05] * 33
    short = estimate(region + clean, [0] * 33 + [1] * 33, 2, PRIOR)
    ratios, regions = list(region), [0] * 33
    for k in range(1, 10):
        ratios += clean
        regions += [k] * 33
    long = estimate(ratios, regions, 10, PRIOR)
    assert long.evidence < short.evidence
    assert long.spin_score < short.spin_score


def test_the_evidence_is_the_marginal_likelihood_ratio_over_the_rates_and_the_share() -> None:
    """E against the triple integral done independently: plain Python on a fine grid."""
    import math

    ratios = [0.05] * 20 + [100.0] * 2 + [0.05] * 25 + [3.0]
    regions = [0] * 22 + [1] * 26
    est = estimate(ratios, regions, 2, PRIOR)

    def ll(rate: float, region: int) -> float:
        return sum(math.log(1 - rate + rate * x) for x, g in zip(ratios, regions) if g == region)

    n, m = 300, 60
    zs = [-4 + 8 * (j + 0.5) / m for j in range(m)]  # the clean rate's log, in standard deviations
    cs = [PRIOR.clean_median * math.exp(PRIOR.clean_spread * z) for z in zs]
    w_c = [math.exp(-z * z / 2) for z in zs]
    rhos = [cs[0] + (1 - cs[0]) * (j + 0.5) / n for j in range(n)]
    pis = [(k + 0.5) / n for k in range(n)]
    w_rho = [r ** (PRIOR.a - 1) * (1 - r) ** (PRIOR.b - 1) for r in rhos]
    w_pi = [p ** (PRIOR.share_a - 1) * (1 - p) ** (PRIOR.share_b - 1) for p in pis]
    spun = [[ll(r, g) for g in (0, 1)] for r in rhos]
    alternative = null = 0.0
    for c, wc in zip(cs, w_c):
        clean = [ll(c, g) for g in (0, 1)]
        null += wc * math.exp(sum(clean))
        inner = norm = 0.0
        for (s0, s1), r, wr in zip(spun, rhos, w_rho):
            if r <= c:
                continue
            norm += wr
            inner += wr * sum(wp * ((1 - p) * math.exp(clean[0]) + p * math.exp(s0))
                              * ((1 - p) * math.exp(clean[1]) + p * math.exp(s1)) for p, wp in zip(pis, w_pi))
        alternative += wc * inner / (norm * sum(w_pi))
    assert est.evidence == pytest.approx(math.log(alternative / null), abs=0.05)


def test_clean_text_at_its_own_rate_above_clean_rate_is_not_spun() -> None:
    """Clean text whose words look spun at about three times ``clean_rate`` (two strong words in
    60): joined, its evidence stays negative and falls with length, as the clean rate's prior lets
    the clean hypothesis explain it. With the clean rate fixed at ``clean_rate`` it grew with
    length until the text read as spun (ten clean articles joined scored 0.96)."""
    prior = RatePrior(a=2.0, b=16.0, share_a=2.0, share_b=0.5, clean_rate=0.01, spun_documents=0.1,
                      clean_median=0.01, clean_spread=0.5)
    fixed = prior._replace(clean_spread=1e-6)
    region = [0.05] * 58 + [100.0] * 2

    def joined(k: int, p: RatePrior) -> float:
        return estimate(region * k, [g for g in range(k) for _ in range(60)], k, p).evidence

    assert joined(20, prior) < joined(1, prior) < 0
    assert joined(20, fixed) > 0 > joined(1, fixed)


def test_clean_regions_are_evidence_against_spin() -> None:
    """One spun-looking region: the more clean regions beside it, the weaker the evidence (they
    pull the share of spun regions toward 0), and clean text joined grows no evidence with length."""
    odd = [0.05] * 30 + [100.0] * 2
    clean = [0.05] * 30 + [2.0]
    scores = []
    for k in (0, 3, 10):
        est = estimate(odd + clean * k, [0] * 32 + [g for g in range(1, k + 1) for _ in range(31)], k + 1, PRIOR)
        scores.append(est.evidence)
    assert scores[0] > scores[1] > scores[2]
    joined = [estimate(clean * k, [g for g in range(k) for _ in range(31)], k, PRIOR).evidence for k in (1, 5, 20)]
    assert joined[0] > joined[1] > joined[2]


def test_repeats_are_counted_within_a_region() -> None:
    """A form written twice in one paragraph weighs as one; a pasted copy of the paragraph keeps its own."""
    from textmend.detect import Observation, repeats

    def obs(key: str, region: int) -> Observation:
        return Observation(0, 1, key, region, (), (), (), (), (), (), 0.0, False)

    items = [obs("net", 0), obs("portable", 0), obs("net", 0), obs("net", 1), obs("portable", 1)]
    assert repeats(items) == [2, 1, 2, 1, 1]


def test_a_pasted_copy_adds_no_evidence_to_the_pooled_estimates() -> None:
    """Two regions, the second a copy of the first counted by half each: the same rate, spin
    score and posteriors as the region alone (without the weights, the copy is new evidence)."""
    region = [0.05] * 30 + [40.0] * 4
    alone = estimate(region, [0] * 34, 1, PRIOR)
    twice = estimate(region * 2, [0] * 34 + [1] * 34, 2, PRIOR, copies=[0.5, 0.5])
    plain = estimate(region * 2, [0] * 34 + [1] * 34, 2, PRIOR)
    assert twice.regions == pytest.approx(alone.regions * 2)
    assert twice.spin_score == pytest.approx(alone.spin_score)
    assert twice.posteriors == pytest.approx(alone.posteriors * 2)
    assert plain.regions[0] > alone.regions[0] * 1.01  # what the weights take away


def test_copy_weights_count_a_repeated_line_once_wherever_it_stands() -> None:
    from textmend.detect import copy_weights

    para = "one two three four\nfive six"
    text = f"{para}\nseven eight\n{para}"
    # regions: [line 1-2 | line 3-5]; "one two three four" and "five six" are written twice
    second = text.index("seven")
    weights = copy_weights(text, [0, second], [second - 1, len(text)])
    assert weights == pytest.approx((0.5, (2 + 3) / 8))
    assert copy_weights("a b\nc d\n", [0], [8]) == ()  # no line written twice: every region whole


def _pooled_evidence_per_node(ratios, region_of, n_regions, negligible, repeats, copies, prior):  # type: ignore[no-untyped-def]
    """The per-node loop ``pooled_evidence`` was before it was vectorised (speed round 6): the
    regions' likelihoods one rate at a time, the rates above each clean rate picked by a mask."""
    from textmend.spin_rate import CLEAN_NODES, CLEAN_WIDTH, RATE_NODES, SHARE_NODES

    z = -CLEAN_WIDTH + 2.0 * CLEAN_WIDTH * (np.arange(CLEAN_NODES) + 0.5) / CLEAN_NODES
    cs = prior.clean_median * np.exp(prior.clean_spread * z)
    log_c_prior = -0.5 * z**2
    log_c_prior, cs = log_c_prior[cs < 0.5], cs[cs < 0.5]
    log_c_prior -= np.logaddexp.reduce(log_c_prior)
    lowest = float(cs[0])
    rho = lowest + (1.0 - lowest) * (np.arange(RATE_NODES) + 0.5) / RATE_NODES
    log_rho_prior = (prior.a - 1.0) * np.log(rho) + (prior.b - 1.0) * np.log1p(-rho)
    pi = (np.arange(SHARE_NODES) + 0.5) / SHARE_NODES
    log_pi_prior = (prior.share_a - 1.0) * np.log(pi) + (prior.share_b - 1.0) * np.log1p(-pi)
    log_pi_prior -= np.logaddexp.reduce(log_pi_prior)
    per_region = (
        np.asarray(ratios, dtype=np.float64), np.asarray(region_of, dtype=np.int64),
        1.0 / np.asarray(repeats, dtype=np.float64), np.asarray(negligible, dtype=np.float64), n_regions,
    )
    weights = np.asarray(copies, dtype=np.float64)
    spun_ll = np.array([region_log_likelihoods(*per_region, r) for r in rho.tolist()])
    log_pi, log_rest = np.log(pi)[None, :, None], np.log1p(-pi)[None, :, None]
    spun_terms = log_pi + spun_ll[:, None, :]
    alternative, null = np.empty(len(cs)), np.empty(len(cs))
    for j, c in enumerate(cs.tolist()):
        clean_ll = region_log_likelihoods(*per_region, c)
        null[j] = clean_ll @ weights
        above = rho > c
        per_node = np.logaddexp(log_rest + clean_ll[None, None, :], spun_terms[above]) @ weights
        log_rho = log_rho_prior[above] - np.logaddexp.reduce(log_rho_prior[above])
        alternative[j] = np.logaddexp.reduce((per_node + log_pi_prior[None, :]).ravel()
                                             + np.repeat(log_rho, SHARE_NODES))
    return float(np.logaddexp.reduce(alternative + log_c_prior) - np.logaddexp.reduce(null + log_c_prior))


@pytest.mark.parametrize("seed", range(12))
def test_pooled_evidence_equals_the_per_node_loop_bit_for_bit(seed: int) -> None:
    """The vectorised quadrature (all rate nodes in one pass, the rates above each clean rate as a
    slice, the nodes cached per prior) gives the loop's ``E`` to the last bit: random documents
    (1-40 regions, some empty, negligible positions, repeated forms, pasted copies) and priors
    (clean rates whose nodes pass 0.5 included)."""
    from textmend.spin_rate import pooled_evidence

    rng = np.random.default_rng(seed)
    n_regions = int(rng.integers(1, 41))
    n = int(rng.integers(0, 400))
    ratios = (rng.lognormal(-2.0, 3.0, n) * (rng.random(n) < 0.9)).tolist()
    region_of = rng.integers(0, n_regions, n).tolist()
    negligible = rng.integers(0, 20, n_regions).tolist()
    repeats = rng.choice([1, 1, 1, 2, 3], n).tolist()
    copies = np.where(rng.random(n_regions) < 0.8, 1.0, rng.random(n_regions)).tolist()
    prior = PRIOR._replace(a=float(rng.uniform(1.0, 4.0)), b=float(rng.uniform(5.0, 30.0)),
                           share_a=float(rng.uniform(0.5, 3.0)), share_b=float(rng.uniform(0.3, 3.0)),
                           clean_median=float(rng.choice([0.01, 0.05, 0.2])),
                           clean_spread=float(rng.uniform(0.2, 1.0)))
    args = (ratios, region_of, n_regions, negligible, repeats, copies, prior)
    assert pooled_evidence(*args) == _pooled_evidence_per_node(*args)


def test_rate_log_likelihoods_equal_one_rate_at_a_time() -> None:
    from textmend.spin_rate import rate_log_likelihoods

    rng = np.random.default_rng(3)
    n, n_regions = 300, 7
    arrays = (rng.lognormal(0.0, 3.0, n), rng.integers(0, n_regions - 1, n), 1.0 / rng.integers(1, 4, n),
              rng.integers(0, 9, n_regions).astype(float), n_regions)  # the last region has no observation
    rates = np.concatenate([rng.random(50), [1e-9, 0.5, 0.99]])
    got = rate_log_likelihoods(*arrays, rates)
    assert got.shape == (len(rates), n_regions)
    for k, rate in enumerate(rates.tolist()):
        assert got[k].tolist() == region_log_likelihoods(*arrays, rate).tolist()


def test_posteriors_are_the_per_ratio_mixture() -> None:
    """``estimate``'s posteriors (one numpy pass) equal ``q p(rho) + (1 - q) p(clean_rate)`` per
    ratio in Python floats, in input order (regions interleaved, zero and huge ratios included; EM's
    rate is recovered from the regions' rates, so to rounding: ``benchmarks/speed_check.py`` holds
    the posteriors of 800 news texts to the last bit)."""
    from textmend.spin_rate import _p

    rng = np.random.default_rng(11)
    n, n_regions = 500, 6
    ratios = (rng.lognormal(0.0, 4.0, n) * (rng.random(n) < 0.9)).tolist()
    ratios[:3] = [0.0, 1e300, 1.0]
    region_of = rng.integers(0, n_regions, n).tolist()
    est = estimate(ratios, region_of, n_regions, PRIOR, negligible=[3] * n_regions)
    rho = (est.regions[0] - PRIOR.clean_rate * (1.0 - est.spun[0])) / est.spun[0]  # the rate EM found
    assert len(est.posteriors) == n
    for x, reg, got in zip(ratios, region_of, est.posteriors):
        q = est.spun[reg]
        assert got == pytest.approx(q * _p(rho, x) + (1.0 - q) * _p(PRIOR.clean_rate, x), rel=1e-12, abs=1e-300)


def _piece_log_marginals(ratios: list[float], region_of: list[int], n_regions: int, first: int,
                         last: int) -> tuple[float, float]:
    """log marginal likelihood of regions ``first .. last - 1`` as one piece, spun and clean, by
    an explicit loop over ``piece_spun``'s quadrature nodes (the reference for its prefix sums)."""
    from textmend.spin_rate import PIECE_RATE_NODES, PIECE_SHARE_NODES, _piece_nodes

    nodes = _piece_nodes(PRIOR)
    rates = nodes.rates.tolist()
    pis = np.exp(nodes.log_pi[0, :, 0]).tolist()

    def region_ll(r: int, rate: float) -> float:
        return sum(float(np.log1p(rate * (x - 1.0))) for x, g in zip(ratios, region_of) if g == r)

    alternative, null = [], []
    for j, (lo, log_rho) in enumerate(zip(nodes.first, nodes.log_rho)):
        c = rates[PIECE_RATE_NODES + j]
        log_c = float(nodes.log_c_prior[j])
        null.append(log_c + sum(region_ll(r, c) for r in range(first, last)))
        for k in range(lo, PIECE_RATE_NODES):
            for s in range(PIECE_SHARE_NODES):
                total = sum(float(np.logaddexp(np.log1p(-pis[s]) + region_ll(r, c), np.log(pis[s]) + region_ll(r, rates[k])))
                            for r in range(first, last))
                alternative.append(total + float(log_rho[(k - lo) * PIECE_SHARE_NODES + s])
                                   + float(nodes.log_pi_prior[0, s]) + log_c)
    return float(np.logaddexp.reduce(alternative)), float(np.logaddexp.reduce(null))


def test_piece_spun_sums_over_every_partition() -> None:
    """Forward-backward equals the plain sum over all 2 ** (n - 1) partitions into pieces."""
    from itertools import product

    from textmend.spin_rate import piece_spun

    rng = np.random.default_rng(3)
    n = 4
    region_of = [r for r in range(n) for _ in range(12)]
    ratios = [float(x) for x in rng.lognormal(-2.0, 2.5, len(region_of))]
    brk = 0.2
    marginal = {(i, k): _piece_log_marginals(ratios, region_of, n, i, k) for i in range(n) for k in range(i + 1, n + 1)}
    s = PRIOR.spun_documents
    total = 0.0
    spun_mass = [0.0] * n
    for breaks in product([False, True], repeat=n - 1):
        cuts = [0] + [b + 1 for b, on in enumerate(breaks) if on] + [n]
        prior = np.prod([brk if on else 1.0 - brk for on in breaks])
        pieces = list(zip(cuts, cuts[1:]))
        whole = [np.logaddexp(np.log(s) + marginal[p][0], np.log1p(-s) + marginal[p][1]) for p in pieces]
        weight = prior * np.exp(sum(whole))
        total += weight
        for p, w in zip(pieces, whole):
            spun = np.exp(np.log(s) + marginal[p][0] - w)
            for r in range(*p):
                spun_mass[r] += weight * spun
    expected = [m / total for m in spun_mass]
    got = piece_spun(ratios, region_of, n, [0] * n, [1] * len(ratios), [1.0] * n, PRIOR, brk)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_clean_regions_before_a_spun_one_are_a_clean_piece() -> None:
    """Nine clean regions then two spun ones: the document holds spun text (d near 1), but the
    pieces holding the clean regions far from the spun ones are likely clean (d_r near the prior)
    and the spun ones' are spun."""
    clean = [0.05] * 120
    spun = [500.0] * 12 + [0.05] * 28
    regions = [r for r in range(9) for _ in range(40)] + [9] * 40 + [10] * 40
    ratios = clean * 3 + spun + spun
    est = estimate(ratios, regions, 11, PRIOR)
    assert est.spin_score > 0.99
    assert max(est.pieces[:6]) < 2 * PRIOR.spun_documents
    assert list(est.pieces[:9]) == sorted(est.pieces[:9])  # the nearer the spun regions, the likelier
    assert min(est.pieces[9:]) > 0.99


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_held_out_evidence_is_the_evidence_without_the_observation(seed: int) -> None:
    from textmend.spin_rate import held_out_evidence, pooled_evidence

    rng = np.random.default_rng(seed)
    n, n_regions = 40, 4
    strong = rng.random(n) < 0.3
    ratios = np.where(strong, 10.0 ** rng.uniform(0, 5, n), 10.0 ** rng.uniform(-3, 0.5, n)).tolist()
    region_of = sorted(rng.integers(0, n_regions, n).tolist())
    negligible, repeats, copies = [3, 0, 5, 1], [1] * n, [1.0] * n_regions
    whole = pooled_evidence(ratios, region_of, n_regions, negligible, repeats, copies, PRIOR)
    shifts = held_out_evidence(ratios, region_of, n_regions, negligible, repeats, copies, PRIOR, range(n))
    for i in range(n):
        left_out = ratios[:i] + [1.0] + ratios[i + 1 :]  # a ratio of 1 is no evidence either way
        exact = pooled_evidence(left_out, region_of, n_regions, negligible, repeats, copies, PRIOR) - whole
        assert shifts[i] == pytest.approx(exact, abs=0.15)  # the coarse grid's difference
        assert (shifts[i] < 0) == (ratios[i] > 1.0)  # evidence for spin, left out, lowers E


def test_a_lone_strong_span_is_not_its_own_prior() -> None:
    # one clean sentence whose only unusual word has a ratio of 10^6: with it, the document looks
    # spun; without it, nothing does, and that is the prior its own candidates get
    # (a prior shaped like the fitted one: most regions of a spun document spun)
    prior = PRIOR._replace(b=16.0, share_a=2.0, share_b=0.5)
    ratios = [1e6] + [0.05] * 8
    est = estimate(ratios, [0] * 9, 1, prior)
    assert est.spin_score > 2 * prior.spun_documents
    assert est.held_out[0] < prior.spun_documents
    assert est.held_out[1:] == (est.pieces[0],) * 8  # ratios below 1 keep d_r


def test_in_a_spun_document_no_single_span_decides_its_prior() -> None:
    ratios = [1000.0] * 30 + [0.01] * 70
    est = estimate(ratios, [0] * 100, 1, PRIOR)
    assert min(est.held_out) > 0.99
    assert all(h <= p for h, p in zip(est.held_out, [est.pieces[0]] * 100))
