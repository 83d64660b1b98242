"""compose_edits: two rounds of edits become one list of edits on the original text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from textmend.model import Edit, apply_edits, compose_edits


def edit(text: str, start: int, end: int, replacement: str, confidence: float = 0.9) -> Edit:
    return Edit(start, end, text[start:end], replacement, confidence, "spin-table", "why")


def test_second_edit_inside_a_first_replacement_merges() -> None:
    text = "the core idea"
    first = [edit(text, 4, 8, "substance")]
    middle = apply_edits(text, first)
    second = [edit(middle, 4, 13, "message", 0.8)]
    (merged,) = compose_edits(text, first, second)
    assert (merged.start, merged.end, merged.original, merged.replacement) == (4, 8, "core", "message")
    assert merged.confidence == 0.8


def test_separate_and_cancelling_edits() -> None:
    text = "one two three four"
    first = [edit(text, 0, 3, "uno"), edit(text, 8, 13, "tres")]
    middle = apply_edits(text, first)  # "uno two tres four"
    second = [edit(middle, 4, 7, "dos"), edit(middle, 8, 12, "three")]
    composed = compose_edits(text, first, second)
    assert apply_edits(text, composed) == "uno dos three four"
    assert [(e.start, e.end, e.replacement) for e in composed] == [(0, 3, "uno"), (4, 7, "dos")]


@st.composite
def rounds(draw: st.DrawFn) -> tuple[str, list[Edit], list[Edit]]:
    def some_edits(text: str) -> list[Edit]:
        cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=8))))
        pairs = list(zip(cuts[::2], cuts[1::2]))
        return [edit(text, s, e, draw(st.text("xyz ", max_size=4))) for s, e in pairs if s < e]

    text = draw(st.text("abc de", min_size=1, max_size=30))
    first = some_edits(text)
    second = some_edits(apply_edits(text, first))
    return text, first, second


@settings(max_examples=300, deadline=None, derandomize=True)
@given(rounds())
def test_composition_equals_applying_both_rounds(case: tuple[str, list[Edit], list[Edit]]) -> None:
    text, first, second = case
    composed = compose_edits(text, first, second)
    assert apply_edits(text, composed) == apply_edits(apply_edits(text, first), second)
    for e in composed:
        assert text[e.start : e.end] == e.original
