"""textmend.report: the review page's structure, escaping, colours and input shapes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import textmend
from textmend.model import Edit, Evidence, Region, Result
from textmend.report import (
    BANDS,
    DELETED_COLOUR,
    INSERTED_COLOUR,
    PAGE_BACKGROUND,
    TEXT_COLOUR,
    Section,
    band,
    source_text,
    to_html,
)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "spun_article.txt"
SPUN = "The soldier is believed to be the first North Korean prisoner of warfare."


def _luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA grey


@pytest.mark.parametrize("b", BANDS, ids=lambda b: b.name)
def test_band_colours_meet_wcag_aa(b) -> None:
    for text in (DELETED_COLOUR, INSERTED_COLOUR, TEXT_COLOUR):
        assert contrast(text, b.background) >= 4.5
    # underlines and chart ticks are graphics: 3:1 against the page (WCAG 1.4.11)
    assert contrast(b.line, PAGE_BACKGROUND) >= 3


def test_bands_cover_every_confidence() -> None:
    assert [band(c).name for c in (1.0, 0.9, 0.8, 0.75, 0.6, 0.1, 0.0)] == [
        "sure", "sure", "likely", "likely", "maybe", "weak", "weak"
    ]


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text outside tags."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


PAYLOAD = '"><img src=x onerror="alert(1)"><script>alert(2)</script>\u202e'


def _hostile() -> Result:
    text = f"{PAYLOAD} prisoner of warfare {PAYLOAD}"
    start = text.index("warfare")
    edit = Edit(
        start, start + 7, "warfare", PAYLOAD, 0.91, PAYLOAD, PAYLOAD,
        alternatives=((PAYLOAD, 0.9), (PAYLOAD + "2", 0.05)),
        evidence=Evidence(-0.2, 1.1, 0.0, 0.25, (PAYLOAD,)),
    )
    return Result(textmend.apply_edits(text, [edit]), (edit,), (), 0.8, (Region(0, len(text), 0.25),))


def test_user_text_is_escaped_everywhere() -> None:
    html = to_html([(PAYLOAD, None, _hostile())], title=PAYLOAD)
    parsed = _parse(html)
    tags = {tag for tag, _ in parsed.tags}
    assert "script" not in tags and "img" not in tags
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    assert sum(PAYLOAD in t for t in parsed.text) >= 6  # title, name, text, tooltip, list...


def test_page_forbids_scripts_and_requests() -> None:
    parsed = _parse(to_html(textmend.repair(SPUN)))
    csp = [a["content"] for tag, a in parsed.tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "script-src" not in csp[0]
    assert not any(a.get("src") or (tag == "link") for tag, a in parsed.tags)


def test_marks_carry_offsets_and_the_text_is_whole() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    result = textmend.repair(text)
    parsed = _parse(to_html([("example", text, result)]))
    marks = [a for _, a in parsed.tags if "data-start" in a]  # the legend's samples have none
    fixes = [(int(a["data-start"]), int(a["data-end"])) for a in marks if "fix" in a["class"].split()]
    sugs = [(int(a["data-start"]), int(a["data-end"])) for a in marks if "sug" in a["class"].split()]
    assert fixes == [(e.start, e.end) for e in result.edits]
    assert sugs == [(e.start, e.end) for e in result.suggestions]
    assert all(a.get("tabindex") == "0" for a in marks)


def test_v2_fields_are_shown_when_present() -> None:
    result = _hostile()._replace(edits=(_hostile().edits[0]._replace(rule="idiom", explanation="why"),))
    html = to_html(result)
    assert "language model +1.10" in html and "spin rate 0.25" in html
    assert 'class="region"' in html and "Regional spin rate: 0.25" in html
    repaired = textmend.repair(SPUN)
    bare = repaired._replace(
        edits=tuple(e._replace(evidence=None) for e in repaired.edits),
        suggestions=tuple(e._replace(evidence=None) for e in repaired.suggestions),
        regions=(),
    )
    html = to_html(bare)
    assert 'class="region"' not in html and "evidence (log10)" not in html


def test_documents_sorted_worst_first_with_line_numbers() -> None:
    clean = textmend.repair("The company said profits rose.")
    spun = textmend.repair(SPUN)
    html = to_html([Section("a", None, clean, 1), Section("b", None, spun, 2)])
    assert html.index(", line 2") < html.index(", line 1")
    html = to_html([Section("a", None, clean, 1), Section("b", None, spun, 2)], sort=False)
    assert html.index(", line 1") < html.index(", line 2")


def test_source_text_undoes_the_edits() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert source_text(textmend.repair(text)) == text
    broken = textmend.repair(SPUN)._replace(text="something else entirely")
    with pytest.raises(ValueError):
        source_text(broken)


def test_bad_inputs_raise() -> None:
    result = textmend.repair(SPUN)
    with pytest.raises(ValueError, match="not at"):
        to_html([("x", "a different text", result)])
    with pytest.raises(TypeError, match="to_html takes"):
        to_html(["just a string"])


def test_result_repr_html_for_notebooks() -> None:
    html = textmend.repair(SPUN)._repr_html_()
    assert html.startswith("<!DOCTYPE html>") and "<del>warfare</del><ins>war</ins>" in html


def test_styles_are_scoped_so_a_notebook_keeps_its_own() -> None:
    html = textmend.repair(SPUN)._repr_html_()
    css = html[html.index("<style>") + 7 : html.index("</style>")]
    selectors = [s.strip() for rule in re.findall(r"([^{}]+)\{[^}]*\}", css) for s in rule.split(",")]
    assert len(selectors) > 20
    assert all(s.startswith(".tm-report") for s in selectors), [s for s in selectors if not s.startswith(".tm-report")]


def test_list_positions_count_from_one_like_the_cli() -> None:
    """The page says where a finding is as ``explain`` does: line and column from 1."""
    text = "First line.\nHe is a prisoner of warfare."
    result = textmend.repair(text)
    (edit,) = [e for e in result.edits if e.original == "warfare"]
    html = to_html([("doc", text, result)])
    assert "edit at line 2, column 21: <bdi>warfare</bdi>" in html  # CLI: doc:2:21
    assert "at character" not in html
    parsed = _parse(html)
    fixes = [int(a["data-start"]) for _, a in parsed.tags if "data-start" in a and "fix" in a["class"].split()]
    assert edit.start in fixes  # machine offsets stay 0-based str offsets


def test_regions_are_described_from_one() -> None:
    text = "He is a prisoner of warfare."
    result = textmend.repair(text)._replace(regions=(Region(0, len(text), 0.3),))
    assert f"characters 1-{len(text)}: spin rate 0.30" in to_html([("doc", text, result)])


def test_name_result_pairs_are_accepted() -> None:
    result = textmend.repair(SPUN)
    html = to_html([("my doc", result)])
    assert "my doc" in html and "<del>warfare</del><ins>war</ins>" in html
    assert html == to_html([("my doc", None, result)])
    with pytest.raises(TypeError, match="to_html takes"):
        to_html([("my doc", "text")])


@pytest.mark.parametrize("text", ["", "  \n\n "])
def test_an_empty_input_shows_no_regional_rate(text: str) -> None:
    """An empty input's page said "Regional spin rate: 0.01 (1 region)" and "characters 1-0" for no
    words, as `explain` no longer does."""
    page = to_html(textmend.repair(text))
    assert "Regional spin rate" not in page and "characters 1-0" not in page and 'class="region"' not in page
