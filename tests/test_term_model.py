"""The term variants' confidence (textmend.term_model): features, the logistic model, the fallback."""

from __future__ import annotations

import json
import math
from importlib.resources import files

from textmend import term_model
from textmend.language_model import get_language_model
from textmend.parameters import PARAMETERS_RESOURCE, get_parameters, parse_parameters
from textmend.posterior import calibrate


def test_features_follow_the_names() -> None:
    values = term_model.features(0.5, -1.5, 2.0, 3, True)
    assert len(values) == len(term_model.FEATURE_NAMES)
    assert values == [0.0, -1.5, 2.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    assert term_model.features(0.5, 0.0, 0.0, 2, False, -7.0, 0.5, True)[5:] == [-7.0, 0.5, 1.0, 0.0]
    assert term_model.features(1.0, 0.0, 0.0, 2, False)[0] < 14  # clipped, finite


def test_other_uses_count_the_swapped_words_written_elsewhere() -> None:
    """Per swapped word, the spans written as it (or its plural or singular) beyond the span and
    its repeats; the mean over the swapped words; the term's own words are not counted."""
    keys = {"portable gadgets": 1, "gadgets": 4, "gadget": 2, "portable": 1}
    # gadgets: 4 + 2 - 1; portable: 1 - 1
    assert term_model.other_uses(keys, "portable gadgets", "mobile devices") == 2.5
    assert term_model.other_uses(keys, "portable gadgets", "portable devices") == 5.0
    # the phrase repeated is no other use
    repeated = {"irregular backwoods": 3, "backwoods": 3}
    assert term_model.other_uses(repeated, "irregular backwoods", "random forest") == 0.0
    assert term_model.other_uses({}, "random forest", "random forest") == 0.0  # nothing swapped


def test_other_uses_weigh_by_the_positive_logit() -> None:
    sure = term_model.features(0.999, 0.0, 0.0, 2, True, uses=3.0)[-1]
    assert abs(sure - math.log(4.0) * math.log(999.0) / 10.0) < 1e-9
    assert term_model.features(0.2, 0.0, 0.0, 2, True, uses=3.0)[-1] == 0.0  # logit < 0: no weight
    assert term_model.features(0.999, 0.0, 0.0, 2, True, uses=0.0)[-1] == 0.0


def test_confidence_is_a_sigmoid_of_the_weighted_features() -> None:
    values = term_model.features(0.9, 1.0, 0.0, 2, False)
    assert term_model.confidence(values, {}) == 0.5
    up = term_model.confidence(values, {"posterior": 1.0})
    assert 0.85 < up < 0.95  # sigmoid(logit(0.9)) is 0.9
    assert term_model.confidence(values, {"posterior": 1.0, "bias": -2.0}) < up
    assert term_model.confidence(values, {"channel": 1000.0}) == 1.0 - term_model.confidence(values, {"channel": -1000.0})


def test_word_evidence_reads_the_swapped_words_and_the_spans_association() -> None:
    lm = get_language_model()

    def unigram(word: str) -> float:
        return lm.logprob(lm.ids([word]))

    # one swapped word: its own unigram; the association is the span's log10 P minus its words'
    swapped, association = term_model.word_evidence("logistic retrogression", "logistic regression", -16.0)
    assert swapped == unigram("retrogression")
    assert abs(association - (-16.0 - unigram("logistic") - unigram("retrogression"))) < 1e-12
    both = term_model.word_evidence("fire prices", "interest rates", -8.0)[0]
    assert abs(both - (unigram("fire") + unigram("prices")) / 2) < 1e-12
    assert both > swapped  # common words swapped, a tortured phrase's rare one
    assert term_model.word_evidence("random forest", "random forest", -6.0)[0] == 0.0  # nothing swapped


def test_a_written_phrase_and_a_capital_lower_the_fitted_confidence() -> None:
    """The shipped model: the same candidate is less likely a term variant when the span is a
    phrase people write (association) or starts with a capital inside a sentence (a name)."""
    model = get_parameters().term_model
    base = term_model.features(0.99, 1.0, 2.0, 2, True, -6.0, 0.0, False)
    written = term_model.features(0.99, 1.0, 2.0, 2, True, -6.0, 3.0, False)
    named = term_model.features(0.99, 1.0, 2.0, 2, True, -6.0, 0.0, True)
    assert term_model.confidence(written, model) < term_model.confidence(base, model)
    assert term_model.confidence(named, model) < term_model.confidence(base, model)


class _Entry:
    def __init__(self, original: str, weight: float) -> None:
        self.original, self.weight = original, weight


class _Obs:
    key = "irregular backwoods"
    entries = (_Entry("random forest", -1.0),)
    in_document = (False,)
    spun_prior = -12.0
    capitalised = False
    unknown = (0,)


class _UnknownTermObs(_Obs):
    unknown = (1,)


def test_without_a_model_the_isotonic_calibration_scores_the_rule() -> None:
    knots = ((-2.0, 0.1), (2.0, 0.6))
    params = get_parameters()._replace(term_model={}, calibration={"term": knots})
    assert term_model.candidate_confidence(_Obs(), 0, 1.0, 0.7, params) == calibrate(0.7, knots)


def test_with_a_model_its_features_are_read_from_the_candidate() -> None:
    params = get_parameters()._replace(term_model={"channel": 1.0, "language_model": 1.0})
    # channel -1 and log weight 1 (no document term): LM part 2, so z = -1 + 2
    got = term_model.candidate_confidence(_Obs(), 0, 1.0, 0.7, params)
    assert abs(got - term_model.confidence([0, -1.0, 2.0, 0, 0, 0, 0, 0], {"channel": 1.0, "language_model": 1.0})) < 1e-12
    # the word evidence is read from the span and its candidate
    swapped, association = term_model.word_evidence("irregular backwoods", "random forest", -12.0)
    weights = {"swapped_words": 1.0, "association": 1.0}
    got = term_model.candidate_confidence(_Obs(), 0, 1.0, 0.7, params._replace(term_model=weights))
    assert abs(got - term_model.confidence([0, 0, 0, 0, 0, swapped, association, 0], weights)) < 1e-12


def test_a_candidate_that_is_not_the_likeliest_gets_the_isotonic_calibration() -> None:
    """The model is fitted only on term findings that are their span's likeliest reading; a
    less likely term candidate ("make full (use)" -> "piece goods", raw posterior 1e-14, scored .80
    by the model) is scored by the isotonic calibration of its posterior instead."""
    knots = ((-2.0, 0.1), (2.0, 0.6))
    params = get_parameters()._replace(term_model={"bias": 10.0}, calibration={"term": knots})
    assert term_model.candidate_confidence(_Obs(), 0, 1.0, 0.7, params) > 0.99
    assert term_model.candidate_confidence(_Obs(), 0, 1.0, 0.7, params, likeliest=False) == calibrate(0.7, knots)


def test_parameters_without_a_term_model_parse() -> None:
    raw = json.loads(files("textmend").joinpath(PARAMETERS_RESOURCE).read_text(encoding="utf-8"))
    raw.pop("term_model", None)
    assert parse_parameters(raw).term_model == {}


def test_a_term_the_lm_cannot_read_gets_no_confidence() -> None:
    """Its LM ratio would be the unknown-word guess, not evidence: with or without a model."""
    params = get_parameters()._replace(term_model={"bias": 10.0})
    assert term_model.candidate_confidence(_Obs(), 0, 1.0, 0.99, params) > 0.99
    assert term_model.candidate_confidence(_UnknownTermObs(), 0, 1.0, 0.99, params) == 0.0
    fallback = params._replace(term_model={}, calibration={"term": ((-2.0, 0.1), (2.0, 0.9))})
    assert term_model.candidate_confidence(_UnknownTermObs(), 0, 1.0, 0.99, fallback) == 0.0


def test_smart_fabrics_stays_on_clean_text() -> None:
    """Issue 12, clean news: the LM does not know "frameworks", so "smart fabrics" is no variant of
    "smart frameworks" (it was edited at .82-.90)."""
    import textmend

    text = ("Designers say smart fabrics will change what we wear, and smart fabrics that monitor the "
            "heart are already on sale.")
    assert "smart fabrics" not in {e.original.lower() for e in textmend.repair(text).edits}
    assert textmend.repair(text).text == text


def test_a_review_of_gadgets_keeps_its_portable_gadgets() -> None:
    """Issue 12, clean news (tech reviews edited "portable gadgets" -> "mobile devices" at .91-.93):
    the author writes "gadgets" throughout, so the span reads as a word the author uses, not as a
    one-off swap (``other_uses``). Alone in one sentence it stays edited: nothing tells it apart
    from a tortured phrase there."""
    import textmend

    text = ("Shoppers bought more gadgets than ever this winter. Portable gadgets such as music players sold "
            "best, and makers of gadgets expect the trend to last, the survey of gadget buyers found.")
    assert textmend.repair(text).text == text
