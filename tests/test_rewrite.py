"""Case and article shaping of replacements."""

from __future__ import annotations

import pytest

from textmend.articles import article_for
from textmend.rewrite import match_case


@pytest.mark.parametrize(
    ("spun", "replacement", "expected"),
    [
        ("troopers", "soldiers", "soldiers"),
        ("Troopers", "soldiers", "Soldiers"),
        ("TROOPERS", "soldiers", "SOLDIERS"),
        ("In line with", "according to", "According to"),
        ("In Line With", "according to", "According To"),
        ("IN LINE WITH", "according to", "ACCORDING TO"),
        ("A", "an", "An"),
    ],
)
def test_match_case(spun: str, replacement: str, expected: str) -> None:
    assert match_case(spun, replacement) == expected


@pytest.mark.parametrize(
    ("word", "article"),
    [("sign", "a"), ("indication", "an"), ("hour", "an"), ("union", "a"), ("one-off", "a"), ("euro", "a"), ("apple", "an")],
)
def test_article_for(word: str, article: str) -> None:
    assert article_for(word) == article
