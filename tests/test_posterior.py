"""The noisy-channel posterior and its calibration."""

from __future__ import annotations

import math

import pytest

from textmend.posterior import calibrate, group_of, posteriors, weights


def test_posteriors_and_the_genuine_share_sum_to_one() -> None:
    rho, w = 0.2, [5.0, 1.0, 0.1]
    post = posteriors(rho, w)
    genuine = (1 - rho) / (1 - rho + rho * sum(w))
    assert sum(post) + genuine == pytest.approx(1.0)
    assert post[0] > post[1] > post[2]


def test_a_higher_spin_rate_makes_the_same_evidence_more_convincing() -> None:
    w = [3.0]
    assert posteriors(0.5, w)[0] > posteriors(0.05, w)[0]
    assert posteriors(0.0, w)[0] == 0.0


def test_weights_are_clipped_not_overflowing() -> None:
    assert weights([400.0, -400.0, 0.0]) == [1e12, 1e-12, 1.0]


def test_calibration_interpolates_its_knots_and_is_flat_beyond() -> None:
    knots = [(-2.0, 0.1), (0.0, 0.4), (2.0, 0.9)]
    assert calibrate(0.5, knots) == pytest.approx(0.4)  # logit 0
    assert calibrate(1 / (1 + math.exp(-1.0)), knots) == pytest.approx(0.65)  # halfway to the next knot
    assert calibrate(1e-9, knots) == 0.1 and calibrate(1 - 1e-9, knots) == 0.9
    assert calibrate(0.3, []) == 0.3  # no knots: the raw posterior


@pytest.mark.parametrize(
    ("sources", "group"),
    [
        (("user",), "user"),
        (("mined", "moby"), "mined"),
        (("curated", "moby", "roget"), "curated"),
        (("function",), "function-word"),
        (("generated", "wordnet"), "thesaurus"),
        (("moby", "roget"), "thesaurus"),
    ],
)
def test_group_follows_the_strongest_source(sources: tuple[str, ...], group: str) -> None:
    assert group_of(sources) == group
