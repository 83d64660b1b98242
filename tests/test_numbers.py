"""Numbers as the language model hears them, and the values the number rule compares."""

from __future__ import annotations

import pytest

from textmend.numbers import is_digits, number_value, spoken


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("2", ("two",)),
        ("21", ("twenty", "one")),
        ("1,000", ("one", "thousand")),
        ("3rd", ("third",)),
        ("21st", ("twenty", "first")),
        ("40th", ("fortieth",)),
        ("1984", ("nineteen", "eighty", "four")),
        ("2005", ("two", "thousand", "five")),
        ("1980s", ("nineteen", "eighties")),
        ("twenty-one", ("twenty", "one")),
        ("well-known", ("well-known",)),
        ("soldiers", ("soldiers",)),
    ],
)
def test_spoken(token: str, words: tuple[str, ...]) -> None:
    assert spoken(token) == words


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("21", 21), ("1,000", 1000), ("twenty-one", 21), ("twenty one", 21), ("a thousand", 1000),
     ("two hundred", 200), ("3rd", None), ("soldiers", None)],
)
def test_number_value(phrase: str, value: int | None) -> None:
    assert number_value(phrase) == value


def test_is_digits() -> None:
    assert is_digits("21") and is_digits("1980s") and is_digits("3rd")
    assert not is_digits("two") and not is_digits("4g")


@pytest.mark.parametrize(
    ("text", "digit"),
    [
        ("Prices rose 4% in the year to March.", "4"),
        ("The tickets cost $5 each at the door.", "5"),
        ("The fault should be fixed by 2 February at the latest.", "2"),
        ("The results are due on March 3 at noon.", "3"),
    ],
)
def test_a_digit_glued_to_a_sign_or_next_to_a_month_has_no_number_candidate(text: str, digit: str) -> None:
    """No author writes "four%", "$five" or "two February": the digit is the author's, so the engine
    proposes no number word for it at any confidence (``detect.written_as_digits``)."""
    import textmend

    start = text.index(digit)
    found = [e for e in textmend.detect(text) if e.start == start and e.end == start + len(digit)]
    assert all(e.rule != "number" for e in found), found


def test_the_same_digit_in_running_text_keeps_its_number_candidate() -> None:
    import textmend

    text = "Prices rose in 4 of the big cities last year."
    start = text.index("4")
    found = [e for e in textmend.detect(text) if e.start == start]
    assert [e.replacement for e in found if e.rule == "number"] == ["four"]


@pytest.mark.parametrize(
    ("text", "first", "last", "written"),
    [
        ("up 4% on the year", 1, 1, True),
        ("cost $5 each", 1, 1, True),
        ("by 2 February", 1, 1, True),
        ("on March 3 at noon", 2, 2, True),
        ("in 4 of the cities", 1, 1, False),
        ("the 2 men left", 1, 1, False),
    ],
)
def test_written_as_digits(text: str, first: int, last: int, written: bool) -> None:
    from textmend.candidates import Words
    from textmend.detect import written_as_digits

    assert written_as_digits(Words(text), first, last) is written
