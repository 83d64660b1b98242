"""Scores and confidences shown to people are rounded down: a shown number reaches a threshold
only when the number does (``check --threshold 1.0`` showed "spin score 1.00" for 0.99999994 and
did not call it spun)."""

from __future__ import annotations

import pytest

from textmend import Edit, Region, Result
import textmend
from textmend.cli import CheckCounts, _check_summary, _explain_text, _summary, threshold_text
from textmend.report import to_html
from textmend.records import shown

from .conftest import EXAMPLES

JUST_UNDER_ONE = 0.99999994  # float32's largest value below 1, as the spin score can come out
SUGGESTION = Edit(6, 14, "informed", "told", 0.8996, "mined", "The language model prefers told here.")


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (JUST_UNDER_ONE, "0.99"),
        (1.0, "1.00"),
        (0.0, "0.00"),
        (0.8996, "0.89"),
        (0.9, "0.90"),
        (0.29, "0.29"),  # 0.29 * 100 is 28.999999999999996 in binary
        (0.57, "0.57"),
        (0.5, "0.50"),
        (0.4999, "0.49"),
        (0.7499999999999, "0.74"),  # under the default threshold 0.75, so not "0.75"
        (0.75, "0.75"),
        (0.01, "0.01"),
        (float("nan"), "nan"),
    ],
)
def test_shown_rounds_down_to_two_decimals(p: float, text: str) -> None:
    assert shown(p) == text


def _result() -> Result:
    text = "Sally informed me."
    return Result(text, (), (SUGGESTION,), JUST_UNDER_ONE, (Region(0, len(text), JUST_UNDER_ONE, JUST_UNDER_ONE),))


def test_check_summary_does_not_show_a_score_it_does_not_reach() -> None:
    assert _summary(_result()).startswith("spin score 0.99, 0 edits, 1 suggestion")


def test_explain_shows_the_suggestion_under_the_threshold_it_missed() -> None:
    out = _explain_text("x.txt", _result().text, _result(), color=False)
    assert "[confidence 0.89, rule mined]" in out
    assert "spin rate 0.99" in out
    assert "1.00" not in out and "0.90" not in out


def test_the_review_page_rounds_down_as_the_terminal_does() -> None:
    page = to_html(_result())
    assert "</meter> 0.99</dd>" in page  # the spin score
    assert "confidence <b>0.89</b>" in page and "(mined, confidence 0.89)" in page
    assert "spin rate 0.99</title>" in page


def test_explanations_show_the_spin_rate_the_evidence_shows() -> None:
    result = textmend.repair((EXAMPLES / "spun_article.txt").read_text(encoding="utf-8"))
    explained = [e for e in result.edits + result.suggestions if e.evidence is not None and "rate" in e.explanation]
    assert len(explained) > 10
    for e in explained:
        assert f"rate {shown(e.evidence.spin_rate)}" in e.explanation, e


@pytest.mark.parametrize(
    ("threshold", "text"), [(0.5, "0.50"), (1.0, "1.00"), (0.75, "0.75"), (0.999, "0.999"), (0.011, "0.011")]
)
def test_check_names_the_threshold_as_given(threshold: float, text: str) -> None:
    assert threshold_text(threshold) == text
    assert f"(spin score >= {text} or edits" in _check_summary(CheckCounts(1, 1, 0), "input", threshold)
