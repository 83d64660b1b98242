"""The function-word rate (``textmend.function_rate``) and the confidence features built on it."""

from __future__ import annotations

import importlib
import random

import numpy as np
import pytest

from textmend import decision
from textmend.confidence import BIAS, FEATURE_NAMES, FUNCTION_WORD_NAMES, Features, confidence, fit, vector
from textmend.config import resolve_config
from textmend.function_rate import FUNCTION_GROUP, function_estimate, function_ratios, function_region_rates
from textmend.parameters import get_parameters
from textmend.spin_rate import RatePrior

detect = importlib.import_module("textmend.detect")  # the package exports a function of that name

PRIOR = RatePrior(a=2.0, b=16.0, share_a=2.0, share_b=0.5, clean_rate=0.01, spun_documents=0.1,
                  clean_median=0.01, clean_spread=0.5)


def test_ratios_sum_the_function_word_candidates_of_each_span_and_skip_spans_without_one() -> None:
    spans = [
        (["function-word", "thesaurus", "function-word"], [2.0, 50.0, 0.5]),
        (["thesaurus", "mined"], [3.0, 4.0]),  # no function-word candidate: not a function-word span
        (["function-word"], [0.0]),
    ]
    assert function_ratios(spans) == [2.5, 0.0]


def _one_region(ratios: list[float]) -> float:
    (rate,) = function_region_rates(ratios, [0] * len(ratios), 1, PRIOR)
    return rate


def test_spans_that_read_as_spun_raise_the_rate_and_clean_ones_keep_it_low() -> None:
    clean = _one_region([0.01] * 40)
    spun = _one_region([0.01] * 28 + [200.0] * 12)
    assert clean < 0.05 < 0.2 < spun < 0.5
    assert function_region_rates([], [], 3, PRIOR) == (PRIOR.clean_rate,) * 3


def test_a_clean_paragraph_beside_spun_function_words_keeps_its_own_document_probability() -> None:
    """A span's held-out ``d_fw`` is at most its piece's ``d_r``: a clean region's function words are
    not judged spun because the next region's are (the shared estimate does the same)."""
    clean, spun = [0.01] * 30 + [3.0] * 2, [0.01] * 20 + [200.0] * 12
    estimate = function_estimate(clean + spun, [0] * len(clean) + [1] * len(spun), 2, PRIOR)
    assert estimate.spin_score > 0.99
    assert len(estimate.pieces) == 2 and estimate.pieces[0] < estimate.pieces[1] - 0.2
    held_clean, held_spun = estimate.held_out[: len(clean)], estimate.held_out[len(clean) :]
    assert max(held_clean) <= estimate.pieces[0] < estimate.spin_score - 0.2  # the document's alone: > .99
    assert min(held_spun) > 0.9


def _features(**changes: object) -> Features:
    base = Features(
        posterior=0.6, region_spun=0.9, rate=0.02, document_evidence=12.0, channel=-1.0, lm_context=1.5,
        lm_prior=0.5, in_document=False, margin=1.0, candidates=5, span_words=1, rule="function-word",
        sources=2, unknown=0, spun_prior=-4.0, capitalised=False, function_rate=0.3, function_posterior=0.9,
    )
    return base._replace(**changes)


def test_function_rate_features_weigh_only_the_function_word_rule() -> None:
    own = dict(zip(FEATURE_NAMES, vector(_features())))
    other = dict(zip(FEATURE_NAMES, vector(_features(rule="thesaurus"))))
    assert "logit_function_rate" not in FEATURE_NAMES  # never a shared slope
    assert own["function-word*logit_function_rate"] > -1.0  # logit(max(0.02, 0.3))
    assert own["function-word*logit_function_posterior"] > 2.0  # logit(0.9)
    assert all(other[name] == 0.0 for name in FUNCTION_WORD_NAMES)


def test_the_function_rate_feature_takes_the_larger_of_the_two_rates() -> None:
    low = dict(zip(FEATURE_NAMES, vector(_features(rate=0.4, function_rate=0.05))))
    high = dict(zip(FEATURE_NAMES, vector(_features(rate=0.05, function_rate=0.4))))
    assert low["function-word*logit_function_rate"] == high["function-word*logit_function_rate"]


def test_the_shipped_model_trusts_a_function_word_more_where_function_words_look_spun() -> None:
    model = get_parameters().confidence
    assert confidence(_features(function_rate=0.3), model) > confidence(_features(function_rate=0.01), model)


def test_fit_with_an_offset_recovers_the_remaining_coefficients() -> None:
    rng = random.Random(5)
    rows, offset = [], []
    for _ in range(20000):
        x, fixed = rng.uniform(-2, 2), rng.uniform(-3, 3)
        p = 1.0 / (1.0 + 2.718281828459045 ** -(0.8 * x + fixed))
        rows.append(([x], rng.random() < p, 1.0))
        offset.append(fixed)
    fitted = fit(rows, l2=0.01, names=["x"], bias=None, offset=offset)
    assert set(fitted) == {"x"}
    assert abs(fitted["x"] - 0.8) < 0.05
    with_bias = fit(rows, l2=0.01, names=["x"], offset=offset)
    assert abs(with_bias[BIAS]) < 0.1


def test_a_document_of_spun_function_words_gets_a_higher_rate_than_a_clean_one() -> None:
    params = get_parameters()
    config = resolve_config(None, {})
    spun = ("Nevertheless, the minister stated that the plan used to be a success. Regardless of the cost, "
            "it will certainly go ahead, she stated, and the council has been informed. Whereas the vote used to "
            "be close, the board is now capable of deciding in the meantime.")
    clean = ("However, the minister said the plan was a success. Despite the cost, it will go ahead, she said, "
             "and the council has been told. While the vote was close, the board can now decide meanwhile.")
    rates = []
    for text in (spun, clean):
        observations = detect.observe(text, config)
        tab = decision.table(observations.items, params, 0.0)
        assert FUNCTION_GROUP in tab.groups
        region_of = np.array([o.region for o in observations.items], dtype=np.int64)
        rates.append(decision.function_region_rates(tab, params, region_of, len(observations.regions)).max())
    assert rates[0] > 2 * rates[1]


# A paragraph spun the way a content-farm tool spins function words (written for this test): its
# content words are the author's, so the shared spin rate stays low and only the function-word
# rate says the passage is spun.
SPUN = ("The old mill used to be the largest employer in the town, the council stated on Monday. Nevertheless, "
        "it closed in 2019 and the site had been empty ever since. The owners didn't find a buyer in the final "
        "12 months. The council informed residents that it will certainly consider new plans and that the "
        "building used to be listed.")
CLEAN = ("The old mill was the largest employer in the town, the council said on Monday. But it closed in 2019 "
         "and the site has been empty ever since. The owners did not find a buyer in the last year. The council "
         "told residents that it will consider new plans and that the building was listed.")


def _repaired() -> str:
    import textmend

    return textmend.repair(SPUN).text


def test_function_words_spun_throughout_a_passage_are_restored() -> None:
    repaired = _repaired()
    assert "it will consider new plans" in repaired
    assert "the council said on Monday" in repaired


@pytest.mark.xfail(strict=True, reason="with log d held at 1 (benchmarks/HARM.md) this one paragraph is weak "
                   "evidence that the document is spun: 'The old mill used to be' -> 'was' at 0.69 (0.76 before)")
def test_a_function_phrase_spun_twice_is_restored() -> None:
    # 'used to be' written twice counts 1/2 each in the region evidence (textmend.spin_rate.region_log_likelihoods),
    # but twice in the document's pair statistics for 'was' (textmend.pair_evidence): restored
    assert "The old mill was the largest" in _repaired()


def test_the_same_passage_written_plainly_is_left_alone() -> None:
    import textmend

    assert textmend.repair(CLEAN).edits == ()
    assert textmend.repair("He used to be a teacher before he moved to London.").edits == ()


@pytest.mark.xfail(strict=True, reason="0.741 against the threshold 0.75 since the pooled document evidence and "
                   "its refit confidence model (0.766 before; benchmarks/SPIN_SCORE.md, 2026-12-01)")
def test_the_second_used_to_be_is_restored_too() -> None:
    # was 0.72 (under the threshold) before the pair statistics (textmend.pair_evidence)
    assert "the building was listed" in _repaired()


@pytest.mark.xfail(strict=True, reason="inherently ambiguous: the spinner writes 'nevertheless' for 'but' and "
                   "for 'however', and 'however' is common in clean news (confidence 0.71 for 'But')")
def test_known_miss_an_ambiguous_connective() -> None:
    assert "But it closed in 2019" in _repaired()


@pytest.mark.xfail(strict=True, reason="contractions go both ways and both forms are common in clean text: the "
                   "posterior stays near the spinner's rate (confidence 0.17)")
def test_known_miss_a_contraction() -> None:
    assert "The owners did not find" in _repaired()


@pytest.mark.xfail(strict=True, reason="the channel holds 'had been' for 'have been', 'was' and 'were' but not "
                   "for 'has been' (wordlists/function_words.tsv lists has been -> had been)")
def test_known_miss_a_tense_the_channel_lacks() -> None:
    assert "the site has been empty" in _repaired()
