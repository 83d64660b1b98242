"""Markdown footnote labels (``[^1]``, ``[^note]``: GFM and Pandoc footnotes, where one is referenced
and where it is defined) are masked as other Markdown syntax is: never edited, never suggested, while
the prose around them and the definitions' text are repaired (``textmend.markup``)."""

from __future__ import annotations

import re

import pytest

import textmend
from textmend.markup import markdown_prose

DOC = (
    "Ukraine's spy company informed the BBC[^2] that two North Korean troopers[^3] were captured "
    "in Kursk.[^note] See the note.[^note]\n"
    "\n"
    "[^2]: Informed the BBC on Monday.\n"
    "[^3]: The troopers are prisoners of warfare, 2 of them.\n"
    "[^note]: A note on 1 of the troopers.\n"
)
LABELS = [m.span() for m in re.finditer(r"\[\^[^\]]+\]", DOC)]
USER = (("note", "memo"), ("2", "two"), ("3", "three"))
"""User pairs that would rewrite each label's word (user pairs apply at confidence 0.95)."""


def _overlaps_a_label(start: int, end: int) -> bool:
    return any(start < b and a < end for a, b in LABELS)


def test_no_prose_piece_holds_a_footnote_label():
    pieces = markdown_prose(DOC)
    assert pieces and not any(_overlaps_a_label(p.start, p.end) for p in pieces)
    prose = "".join(DOC[p.start : p.end] for p in pieces)
    assert "Informed the BBC on Monday." in prose and "A note on 1 of the troopers." in prose


@pytest.mark.parametrize("overrides", [{"threshold": 0.0}, {"extra_pairs": USER}], ids=["threshold-0", "user-pairs"])
def test_labels_are_never_edited_nor_suggested(overrides):
    result = textmend.repair_markdown(DOC, **overrides)
    findings = result.edits + result.suggestions
    assert findings and not [e for e in findings if _overlaps_a_label(e.start, e.end)]
    assert [result.text[m.start() : m.end()] for m in re.finditer(r"\[\^[^\]]+\]", result.text)] == [
        DOC[a:b] for a, b in LABELS
    ]


def test_the_prose_around_the_labels_and_in_the_definitions_is_repaired():
    result = textmend.repair_markdown(DOC)
    assert "spy agency told the BBC[^2]" in result.text
    assert "[^2]: Told the BBC on Monday." in result.text
    assert "prisoners of war, two of them." in result.text  # a spun text: its bare digit is restored too
    user = textmend.repair_markdown(DOC, extra_pairs=USER)
    # "1 of the" is no pair of digits: in a spun text it is restored too (benchmarks/NUMBERS.md, 2026-12-03 night)
    assert "See the memo.[^note]" in user.text and "[^note]: A memo on one of the troopers." in user.text


def test_a_label_is_not_glued_to_the_words_beside_it():
    """The mask reads as a space: "troopers[^3]were" does not make one word of "troopers" and "were"."""
    doc = "Two North Korean troopers[^3]were captured.\n\n[^3]: A note.\n"
    pieces = markdown_prose(doc)
    assert [doc[p.start : p.end] for p in pieces][:2] == ["Two North Korean troopers", "were captured.\n"]
    assert pieces[1].joiner == " "
