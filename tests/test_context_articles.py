"""An original after "a"/"an" is scored with the article the repair writes with it (``textmend.context``)."""

from __future__ import annotations

import importlib

import pytest

from textmend.config import resolve_config
from textmend.language_model import get_language_model

detect = importlib.import_module("textmend.detect")  # the package exports a function of that name

TEXT = "The capture is an indication of the growing role."


def _ratio(text: str, key: str, original: str) -> float:
    observations = detect.observe(text, resolve_config(None, {}))
    item = next(o for o in observations.items if o.key == key)
    return item.lm[[e.original for e in item.entries].index(original)]


def _lm(words: str, start: int) -> float:
    lm = get_language_model()
    return lm.logprob(lm.ids(words.split(" ")), start)


def test_an_original_that_takes_the_other_article_is_scored_with_it() -> None:
    # "a sign of the" against "an indication of the", the article scored in both
    expected = _lm("is a sign of the", 1) - _lm("is an indication of the", 1)
    assert _ratio(TEXT, "indication", "sign") == pytest.approx(expected, abs=1e-4)
    assert expected > 0  # the LM prefers "a sign of" here, not "an sign of"


def test_an_original_that_keeps_the_article_has_the_ratio_it_had() -> None:
    # "evidence" takes "an" too: the article's own probability is in both windows and cancels
    expected = _lm("is an evidence of the", 2) - _lm("is an indication of the", 2)
    assert _ratio(TEXT, "indication", "evidence") == pytest.approx(expected, abs=1e-4)


def test_no_article_before_the_span_leaves_the_window_alone() -> None:
    text = "The capture is the indication of the growing role."
    expected = _lm("is the sign of the", 2) - _lm("is the indication of the", 2)
    assert _ratio(text, "indication", "sign") == pytest.approx(expected, abs=1e-4)
