"""A multi-word edit whose replacement has as many words keeps the white space the author put between
them: a no-break space (U+00A0, ``&nbsp;``) stays a no-break space ("prisoner of\u00a0warfare" style:
"counterfeit\u00a0consciousness" -> "artificial\u00a0intelligence"), not a plain space
(``textmend.rewrite.keep_gaps``)."""

from __future__ import annotations

import pytest

import textmend
from textmend.rewrite import keep_gaps

NBSP = "\u00a0"
AI = (
    "Recent advances in counterfeit{gap}consciousness have changed the field of computer science. "
    "The counterfeit consciousness system uses profound learning."
)
PAIRS = (("large canine", "big dog"), ("in line with", "according to"))


@pytest.mark.parametrize(
    ("text", "replacement", "kept"),
    [
        ("large\u00a0canine", "big dog", "big\u00a0dog"),
        ("large  canine", "big dog", "big  dog"),
        ("a\u00a0b\tc", "x y z", "x\u00a0y\tz"),
        ("large canine", "big dog", "big dog"),
        ("large\u00a0canine", "dog", "dog"),  # fewer words: nothing to keep
        ("in\u00a0line with", "according to", "according to"),
        ("large\ncanine", "big dog", "big dog"),  # a line break is no gap to copy
    ],
)
def test_keep_gaps(text, replacement, kept):
    assert keep_gaps(text, 0, len(text), replacement) == kept


def test_a_tortured_phrase_keeps_its_no_break_space():
    text = AI.format(gap=NBSP)
    result = textmend.repair(text)
    assert result.text == AI.format(gap=NBSP).replace("counterfeit", "artificial").replace(
        "consciousness", "intelligence").replace("profound", "deep")
    assert result.edits[0].original == f"counterfeit{NBSP}consciousness"
    assert result.edits[0].replacement == f"artificial{NBSP}intelligence"
    assert [e.replacement for e in result.edits[1:]] == ["artificial intelligence", "deep"]
    assert textmend.repair(result.text).edits == ()


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (f"He saw a large{NBSP}canine in the street.", f"He saw a big{NBSP}dog in the street."),
        (f"He saw a Large{NBSP}Canine in the street.", f"He saw a Big{NBSP}Dog in the street."),
        (f"HE SAW A LARGE{NBSP}CANINE.", f"HE SAW A BIG{NBSP}DOG."),
        ("He saw a large \tcanine in the street.", "He saw a big \tdog in the street."),
        (f"In{NBSP}line with the police, it ran.", "According to the police, it ran."),
    ],
)
def test_a_user_pair_keeps_the_authors_white_space(text, fixed):
    result = textmend.repair(text, extra_pairs=PAIRS)
    assert result.text == fixed
    assert all(alt == result.edits[0].replacement for alt, _ in result.edits[0].alternatives[:1])


def test_an_edit_over_a_line_break_is_still_left_out():
    assert textmend.repair("He saw a large\ncanine in the street.", extra_pairs=PAIRS).edits == ()


def test_markup_writes_the_no_break_space_as_the_document_does():
    assert textmend.repair_markdown("He saw a large&nbsp;canine.", extra_pairs=PAIRS).text == "He saw a big&nbsp;dog."
    assert textmend.repair_html("<p>He saw a large&nbsp;canine.</p>", extra_pairs=PAIRS).text == "<p>He saw a big&nbsp;dog.</p>"
    assert textmend.repair_html(f"<p>He saw a large{NBSP}canine.</p>", extra_pairs=PAIRS).text == f"<p>He saw a big{NBSP}dog.</p>"
