"""Applying Result.edits reproduces Result.text; nothing outside the edits changes."""

from __future__ import annotations

import pytest

import textmend
from textmend import apply_edits

from .conftest import EXAMPLES

VARIED = [
    "",
    "   \r\n\r\n",
    "Prisoner of warfare 👍🏽 troopers\r\nwere despatched, whereas\rthe 2 states stated 😀",
    "« Le prisonnier of warfare » — TROOPERS… 中文 troopers\u200bdespatched",
    "e\u0301 prisoner of warfare\x00 İstanbul troopers İİİ despatched",
    "www.troopers.com @troopers troopers_2 path/troopers/x",
    (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8"),
    (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8").replace("\n", "\r\n"),
]


@pytest.mark.parametrize("text", VARIED)
def test_edits_reproduce_text_and_keep_everything_else(text: str) -> None:
    result = textmend.repair(text)
    assert apply_edits(text, result.edits) == result.text
    pos = 0
    rebuilt_outside = []
    for edit in result.edits:
        assert text[edit.start : edit.end] == edit.original
        assert edit.start >= pos
        rebuilt_outside.append(text[pos : edit.start])
        pos = edit.end
    rebuilt_outside.append(text[pos:])
    # every untouched stretch of the input appears, in order, in the output
    out_pos = 0
    for chunk, edit in zip(rebuilt_outside, list(result.edits) + [None]):
        assert result.text[out_pos : out_pos + len(chunk)] == chunk
        out_pos += len(chunk) + (len(edit.replacement) if edit else 0)
    assert out_pos == len(result.text)


def test_crlf_line_endings_survive() -> None:
    text = (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    result = textmend.repair(text)
    assert result.edits
    assert result.text.count("\r\n") == text.count("\r\n")
    assert "\n" not in result.text.replace("\r\n", "")


def test_glued_identifiers_are_not_touched() -> None:
    text = "See www.troopers.com or @troopers for troopers_2."
    assert textmend.repair(text).edits == ()
