"""The tokenizer is lossless, Unicode-aware and keeps words whole."""

from __future__ import annotations

import pytest

from textmend.tokenize import phrase_key, tokenize, words

SAMPLES = [
    "",
    "Russia's full-scale invasion cost 10,000 lives.",
    "Line one\r\nLine two\rLine three\n\n",
    "\u201cQuoted\u201d \u2014 dashes\u2013and\u2026 ellipses",
    "Emoji 👍🏽 and family 👨‍👩‍👧 and flags 🇬🇧 stay whole",
    "Combining e\u0301 marks, العربية, עברית, 中文, Ελληνικά, русский",
    "NUL\x00 and tabs\tand\u00a0no-break spaces",
    "x" * 5000,
]


@pytest.mark.parametrize("text", SAMPLES)
def test_tokens_join_back_to_input(text: str) -> None:
    tokens = tokenize(text)
    assert "".join(t.text for t in tokens) == text
    for token in tokens:
        assert text[token.start : token.end] == token.text


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(text) if t.kind != "space"]


def test_words_keep_apostrophes_and_hyphens() -> None:
    assert kinds("Russia's full-scale don\u2019t") == [
        ("word", "Russia's"),
        ("word", "full-scale"),
        ("word", "don\u2019t"),
    ]


def test_numbers_keep_separators() -> None:
    assert kinds("10,000 and 3.5 but 4G") == [
        ("number", "10,000"),
        ("word", "and"),
        ("number", "3.5"),
        ("word", "but"),
        ("word", "4G"),
    ]


def test_sentence_boundaries_newlines_and_punctuation_are_tokens() -> None:
    assert kinds("Hi. Yes?!\r\n(ok)") == [
        ("word", "Hi"),
        ("sentence", "."),
        ("word", "Yes"),
        ("sentence", "?!"),
        ("newline", "\r\n"),
        ("punct", "("),
        ("word", "ok"),
        ("punct", ")"),
    ]


def test_emoji_sequences_are_single_tokens() -> None:
    family = "👨‍👩‍👧"
    assert [t.text for t in tokenize(family)] == [family]


def test_phrase_key_normalises_case_and_spacing() -> None:
    assert phrase_key("  Prisoner   of\nWAR ") == "prisoner of war"
    assert words("Full-Scale 10,000") == ["full-scale", "10,000"]


def test_multi_digit_ordinals_are_one_word() -> None:
    """A number glued to letters is a word as a whole: "21st" is not "2" + "1st"."""
    assert kinds("21st 100th 1st 16GB") == [
        ("word", "21st"),
        ("word", "100th"),
        ("word", "1st"),
        ("word", "16GB"),
    ]
    assert phrase_key("the 21st century") == "the 21st century"


def test_a_number_holds_at_most_max_number_groups_digit_runs() -> None:
    """A chain of digit runs glued to a letter ("1,1,...,1a") is no number, and every digit run
    inside it would again be tried as one up to the chain's end: quadratic (100 KB of it took 190 s
    in repair, tryout15). A number holds at most ``MAX_NUMBER_GROUPS`` runs, so a longer chain is
    read as several numbers and each start looks that far at most; real numbers are unaffected."""
    from textmend.tokenize import MAX_NUMBER_GROUPS

    chain = ",".join(["7"] * (2 * MAX_NUMBER_GROUPS + 1)) + "a"
    first = ",".join(["7"] * MAX_NUMBER_GROUPS)
    assert kinds(chain)[:3] == [("number", first), ("punct", ","), ("number", first)]
    assert words(chain) == [first, first, "7a"]
    assert "".join(t.text for t in tokenize(chain)) == chain
    assert kinds("192.168.0.1 and 1,000,000,000,000") == [
        ("number", "192.168.0.1"), ("word", "and"), ("number", "1,000,000,000,000")]
