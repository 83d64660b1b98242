"""Markdown mode reads each table row once and a quote three deep as prose (textmend.markup)."""

from __future__ import annotations

import textmend
from textmend.markup import markdown_prose

SPUN = "He is the primary prisoner of warfare."


def _replacements(result: textmend.Result) -> list[str]:
    return [e.replacement for e in result.edits]


def test_a_table_row_is_one_piece() -> None:
    """markdown-it gives every cell of a row the row's lines: the row is read once, not once a cell."""
    table = f"| a | b | c |\n| --- | --- | --- |\n| {SPUN} | x | y |\n"
    pieces = markdown_prose(table)
    assert len({(p.start, p.end) for p in pieces}) == len(pieces)


def test_a_spun_table_cell_is_repaired_once() -> None:
    table = f"Intro.\n\n| a | b | c |\n| --- | --- | --- |\n| {SPUN} | x | y |\n| {SPUN} | z | w |\n"
    result = textmend.repair_markdown(table)  # raised "overlapping or unordered edit" before
    assert result.text == table.replace(SPUN, textmend.repair(SPUN).text)
    assert len(result.edits) == 2 * len(textmend.repair(SPUN).edits)


def test_a_quote_three_deep_is_prose_not_a_doctest() -> None:
    """'>>> ' in Markdown is a blockquote inside two others (CommonMark), not a doctest line."""
    once = textmend.repair_markdown(f"> {SPUN}\n")
    assert _replacements(once)  # the phrase is repaired in a quote one deep
    assert _replacements(textmend.repair_markdown(f">>> {SPUN}\n")) == _replacements(once)
    lazy = textmend.repair_markdown(f"> Said:\n>>> {SPUN}\n{SPUN}\n")  # a lazy continuation line
    assert _replacements(lazy) == _replacements(once) * 2
