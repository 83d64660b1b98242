"""Typical news-spinner swaps are restored, with case kept and a/an fixed."""

from __future__ import annotations

import difflib

import pytest
import regex

import textmend

from .conftest import EXAMPLES

# A paragraph written for this test, with each spinner swap as (spun, original).
TEMPLATE: list[str | tuple[str, str]] = [
    "Ukraine's ", ("spy company", "spy agency"), " has ", ("informed the BBC", "told the BBC"),
    " that North Korean ", ("troopers", "soldiers"), " had been captured. ",
    ("In line with", "According to"), " officials, ", ("the 2 states", "the two states"),
    " have signed a pact. The capture is ", ("an indication of", "a sign of"),
    " a deeper alliance, ", ("Mr Smith stated", "Mr Smith said"), ". ",
    ("Additionally", "Also"), ", the army said the fighting in the ", ("Kursk area", "Kursk region"),
    " continued. Asked about it, ", ("an analysis fellow", "a research fellow"), " at the institute agreed. ",
    ("Nevertheless", "However"), ", the men were questioned, ",
    ("whereas", "while"), " their families were not told. It was ", ("the primary", "the first"),
    " such ", ("affirmation", "confirmation"), " from Kyiv.",
]


def _render(pick: int) -> str:
    return "".join(part if isinstance(part, str) else part[pick] for part in TEMPLATE)


def _slots(text: str) -> list[str] | None:
    """Split a repaired paragraph back into its swap slots, using the fixed text as anchors."""
    pattern = "".join(
        regex.escape(part) if isinstance(part, str) else "(.*?)" for part in TEMPLATE
    )
    match = regex.fullmatch(pattern, text, flags=regex.DOTALL)
    return list(match.groups()) if match else None


@pytest.mark.xfail(strict=True, reason="engine v2 restores fewer of these hand-picked news swaps than v1's "
                   "tuned tables: confidences after the shared calibration stay under 0.75 (issue 10)")
def test_at_least_nine_of_twelve_swaps_restored() -> None:
    spun, original = _render(0), _render(1)
    swaps = [part for part in TEMPLATE if not isinstance(part, str)]
    assert len(swaps) >= 12
    result = textmend.repair(spun)
    slots = _slots(result.text)
    assert slots is not None, f"text outside the swaps was changed: {result.text!r}"
    restored = [orig for (spun_form, orig), got in zip(swaps, slots) if got == orig]
    missed = [(s, got) for (s, orig), got in zip(swaps, slots) if got != orig]
    assert len(restored) >= 9, f"restored {restored}, missed {missed}"
    assert original != spun


def test_case_and_article_are_fitted() -> None:
    result = textmend.repair(_render(0))
    assert "According to officials" in result.text
    assert "Asked about it, a research fellow at the institute agreed." in result.text
    assert "Mr Smith said" in result.text


@pytest.mark.xfail(strict=True, reason="engine v2 restores fewer of these hand-picked news swaps than v1's "
                   "tuned tables: confidences after the shared calibration stay under 0.75 (issue 10)")
def test_bundled_example_is_mostly_restored() -> None:
    spun = (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8")
    original = (EXAMPLES / "original_article.txt").read_text(encoding="utf-8")
    result = textmend.repair(spun)
    assert result.spin_score > 0.8
    wrong_before = _words_off(spun, original)
    wrong_after = _words_off(result.text, original)
    assert wrong_after <= 0.6 * wrong_before, (wrong_before, wrong_after)
    assert "prisoner of war " in result.text
    assert "troopers" not in result.text


def _words_off(text: str, reference: str) -> int:
    """How many words of ``reference`` are not matched in ``text``."""
    ref = reference.split()
    matcher = difflib.SequenceMatcher(a=text.split(), b=ref, autojunk=False)
    return len(ref) - sum(block.size for block in matcher.get_matching_blocks())


def test_clean_example_is_left_alone() -> None:
    clean = (EXAMPLES / "clean_article.txt").read_text(encoding="utf-8")
    result = textmend.repair(clean)
    assert result.edits == ()
    assert result.text == clean
    assert result.spin_score < 0.5
