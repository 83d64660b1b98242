"""A capital marks a name only in running text: a headline in title case or a line in capitals is
repaired as its lower-case wording is (``Words.among_capitals``, ``Observation.capitalised``)."""

from __future__ import annotations

import pytest

import textmend
from textmend.candidates import Words
from textmend.config import DEFAULT_CONFIG
from textmend.detect import observe

SPUN = "The soldier is believed to be the primary North Korean prisoner of warfare."


def _findings(text: str) -> dict[int, tuple[str, str, float]]:
    """Findings by start offset, lower-cased, of the spans that ``SPUN`` writes in lower case (its
    names, "North Korean", are names in running text and so count less there)."""
    return {f.start: (f.original.lower(), f.replacement.lower(), round(f.confidence, 6))
            for f in textmend.detect(text) if f.start > 0 and SPUN[f.start].islower()}


@pytest.mark.parametrize("cased", [SPUN.upper(), SPUN.title()], ids=["capitals", "title-case"])
def test_a_line_in_capitals_or_title_case_is_scored_as_its_lower_case_wording(cased: str) -> None:
    assert len(cased) == len(SPUN)
    lower = _findings(SPUN)
    assert ("warfare", "war") in [f[:2] for f in lower.values()]
    assert _findings(cased) == lower


def test_an_edit_in_capitals_keeps_the_capitals() -> None:
    result = textmend.repair("HE INFORMED REPORTERS THAT THE SPY COMPANY HAD GONE.")
    assert "TOLD" in result.text and "informed" not in result.text.lower()


def _capitalised(text: str) -> dict[str, bool]:
    return {text[o.start:o.end]: o.capitalised for o in observe(text, DEFAULT_CONFIG).items}


def test_a_name_in_running_text_stays_a_name() -> None:
    flags = _capitalised("Mr Smith, a research fellow who studies the region, said the men were held.")
    assert flags["Smith"] is True
    flags = _capitalised(SPUN)
    assert flags.get("North") is True or flags.get("Korean") is True


@pytest.mark.parametrize(
    ("text", "first", "last", "expected"),
    [
        ("THE PRIMARY NORTH KOREAN PRISONER", 2, 2, True),
        ("The Primary North Korean Prisoner", 2, 2, True),
        ("A Prisoner of War Comes Home", 1, 1, True),  # "of" is a title word
        ("the primary North Korean prisoner", 2, 2, False),  # lower-case words around it
        ("the primary North Korean prisoner", 2, 3, False),
        ("said North Korea", 1, 1, False),
        ("North Korea", 1, 1, False),  # two capitals are a name, not a headline
        ("Talks end. North Korean Prisoner Freed", 3, 3, True),  # the sentence before is not reached
        ("talks end. North Korean Prisoner", 2, 2, True),
    ],
)
def test_among_capitals(text: str, first: int, last: int, expected: bool) -> None:
    assert Words(text).among_capitals(first, last) is expected
