"""Bracketed citations ("[1]", "[12]", "[1, 2]", "[3-5]") and footnote labels ("[^2]", "[^note]")
in prose are reference marks, not counts: their words are never candidates (``Words.boxed``), so
no number suggestion ("[1]" -> "[one]") and no edit, at any threshold; words in brackets that are
prose ("[2 men]") are still read."""

from __future__ import annotations

import re

import pytest

import textmend
from textmend.candidates import Words

TEXT = (
    "The spy company informed the BBC that 2 North Korean troopers were captured [1]. Reports [12] say "
    "1 of them is a prisoner of warfare [2]. See [3-5], [7\u20139] and [1, 2; 4].[^2] A note[^note] on it.\n"
)
MARKS = [m.span() for m in re.finditer(r"\[[^\]]*\]", TEXT)]


def _in_a_mark(start: int, end: int) -> bool:
    return any(start < b and a < end for a, b in MARKS)


def test_the_words_of_a_citation_are_boxed():
    words = Words(TEXT)
    boxed = {TEXT[s:e] for i, (s, e) in enumerate(zip(words.starts, words.ends)) if words.boxed(i, i)}
    assert boxed == {"1", "12", "2", "3", "5", "7", "9", "4", "note"}
    inside = [i for i, (s, e) in enumerate(zip(words.starts, words.ends)) if _in_a_mark(s, e)]
    assert all(words.boxed(i, i) for i in inside)
    outside = [i for i, (s, e) in enumerate(zip(words.starts, words.ends)) if not _in_a_mark(s, e)]
    assert not any(words.boxed(i, i) for i in outside)


@pytest.mark.parametrize("overrides", [{"threshold": 0.0}, {"extra_pairs": (("note", "memo"), ("12", "twelve"))}],
                         ids=["threshold-0", "user-pairs"])
def test_no_finding_inside_a_citation_or_footnote_label(overrides):
    result = textmend.repair(TEXT, **overrides)
    findings = result.edits + result.suggestions
    assert findings and not [e for e in findings if _in_a_mark(e.start, e.end)]
    assert not [e for e in textmend.detect(TEXT, **overrides) if _in_a_mark(e.start, e.end)]
    assert re.findall(r"\[[^\]]*\]", result.text) == [TEXT[a:b] for a, b in MARKS]


def test_the_prose_around_citations_is_still_repaired():
    result = textmend.repair(TEXT)
    assert "spy agency told the BBC" in result.text and "prisoner of war [2]" in result.text
    numbers = {e.original for e in textmend.detect(TEXT) if e.rule == "number"}
    assert numbers == {"2", "1"}  # "that 2 North Korean", "say 1 of them": the counts, not the marks


def test_a_number_in_brackets_that_is_prose_is_still_a_candidate():
    text = "He said [2 men] were captured and [the 3] were released."
    originals = {e.original for e in textmend.detect(text) if e.rule == "number"}
    assert originals == {"2", "3"}


@pytest.mark.parametrize("mark", ["[ 3 ]", "[ 1, 2 ]", "[\u00a03\u00a0]", "[ 3-5]"])
def test_a_citation_with_spaces_inside_its_brackets_is_boxed(mark):
    """Text extracted from a page with a space between elements (Wikipedia's ``<sup>[<a>3</a>]</sup>``)
    writes "[ 3 ]"; it is the same mark."""
    text = f"Two studies agree {mark} on it."
    found = textmend.repair(text, threshold=0.0)
    assert not [e for e in found.edits + found.suggestions if text.index("[") < e.end and e.start < text.index("]")]
    words = Words(text)
    assert all(words.boxed(i, i) for i, s in enumerate(words.starts) if text.index("[") < s < text.index("]"))
