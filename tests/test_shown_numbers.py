"""Scores and confidences shown to people are rounded down: a shown number reaches a threshold
only when the number does (``check --threshold 1.0`` showed "spin score 1.00" for 0.99999994 and
did not call it spun)."""

from __future__ import annotations

import pytest

from textmend import Edit, Region, Result
from textmend.cli import _explain_text, _summary
from textmend.report import to_html
from textmend.records import shown

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
