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
