"""The review page in a real headless browser: marks sit on the edits, no script of the
document runs, no request leaves the page, focus shows the tooltip, colours meet WCAG AA."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import textmend
from textmend.model import Edit, Evidence, Region, Result
from textmend.records import shown
from textmend.report import to_html

from .browser import chrome, listener, requests_sent
from .test_report import contrast

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "spun_article.txt"

# Walks the text block as the reader sees the input: text nodes, minus the inserted text
# and the tooltips. Offsets are counted in code points (Array.from), as Python counts them.
READ_MARKS = """
const root = arguments[0];
const out = [];
const marks = [];
const count = () => Array.from(out.join('')).length;
function walk(node) {
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) { out.push(child.data); continue; }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    if (child.tagName === 'INS' || child.classList.contains('tip')) continue;
    const isMark = child.classList.contains('fix') || child.classList.contains('sug');
    const before = count();
    walk(child);
    if (isMark) {
      const ins = child.querySelector(':scope > ins');
      marks.push([before, count(), Number(child.dataset.start), Number(child.dataset.end),
                  child.classList.contains('fix'), ins ? ins.textContent : null]);
    }
  }
}
walk(root);
return [out.join(''), marks];
"""

HOSTILE = (
    "<script>window.__pwned = 'script'</script> שלום עולם 😀👍🏽 مرحبا\n"
    "The soldier is the first North Korean prisoner of warfare.\n"
    '"><img src="{base}/img" onerror="window.__pwned = \'img\'"> and <a href="{base}/a">x</a>'
    "<style>@import url({base}/css);</style>\n"
)


def hostile_sections(base: str) -> list:
    """A repaired hostile document, plus a hand-made one whose edits carry the payloads."""
    text = HOSTILE.format(base=base)
    payload = f'"><img src="{base}/tip" onerror="window.__pwned=\'tip\'"><script>window.__pwned=1</script>'
    start = text.index("שלום")
    hand = Result(
        text="",
        edits=(
            Edit(
                start,
                start + 4,
                "שלום",
                payload,
                0.95,
                "user",
                payload,
                alternatives=((payload, 0.95), ("<b>bold</b>", 0.03)),
                evidence=Evidence(-0.5, 1.25, 0.1, 0.3, (payload,)),
            ),
        ),
        suggestions=(Edit(text.index("😀"), text.index("😀") + 1, "😀", "<i>", 0.2, "<rule>", "<em>x</em>"),),
        spin_score=0.4,
        regions=(Region(0, len(text) // 2, 0.6), Region(len(text) // 2, len(text), 0.05)),
    )
    hand = hand._replace(text=textmend.apply_edits(text, hand.edits))
    return [(f"<b>{base}/name</b>", text, textmend.repair(text)), (payload, text, hand)]


@pytest.fixture(scope="module")
def driver():
    with chrome() as d:
        yield d


def _load(driver, tmp_path: Path, html: str) -> None:
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    requests_sent(driver)  # drop the log of earlier pages
    driver.get(page.as_uri())


def _check_marks(driver, sections) -> None:
    blocks = driver.find_elements("css selector", "section.doc")
    assert len(blocks) == len(sections)
    for block, (_, text, result) in zip(blocks, sorted(sections, key=lambda s: -s[2].spin_score)):
        shown, marks = driver.execute_script(READ_MARKS, block.find_element("css selector", ".text"))
        assert shown == text
        expected = sorted(
            [(e.start, e.end, True, e.replacement) for e in result.edits]
            + [(e.start, e.end, False, None) for e in result.suggestions]
        )
        assert sorted((s, e, fix, ins) for _, _, s, e, fix, ins in marks) == expected
        for before, after, start, end, _, _ in marks:
            assert (before, after) == (start, end)


def test_example_marks_sit_on_the_edits(driver, tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    result = textmend.repair(text)
    assert result.edits and result.suggestions
    sections = [("examples/spun_article.txt", text, result)]
    _load(driver, tmp_path, to_html(sections))
    _check_marks(driver, sections)
    assert driver.find_element("css selector", ".n-edits").text == str(len(result.edits))
    page = (tmp_path / "report.html").as_uri()
    assert requests_sent(driver, page) == [page]


# The x of each character of the first mark's inserted text, as laid out.
INSERTED_XS = """
const ins = document.querySelector('.text .fix ins');
const node = Array.from(ins.childNodes).find(n => n.nodeType === Node.TEXT_NODE);
const range = document.createRange();
const xs = [];
for (let i = 0; i < node.data.length; i++) {
  range.setStart(node, i); range.setEnd(node, i + 1);
  xs.push(range.getBoundingClientRect().left);
}
return xs;
"""


def test_a_bidi_override_in_the_text_does_not_reverse_the_marks(driver, tmp_path: Path) -> None:
    """An unterminated U+202E before an edit showed its replacement backwards ("ycnega"): each mark
    is isolated, so the override stays in the document's own text."""
    text = "The report: \u202eUkraine's spy company informed the BBC."
    start = text.index("company")
    edit = Edit(start, start + 7, "company", "agency", 0.97, "curated", "A known substitute.")
    result = Result(text.replace("company", "agency"), (edit,), (), 0.9, (Region(0, len(text), 0.3, 0.9),))
    _load(driver, tmp_path, to_html([("bidi.txt", text, result)]))
    xs = driver.execute_script(INSERTED_XS)
    assert len(xs) == len("agency") and xs == sorted(xs) and len(set(xs)) == len(xs)  # left to right


def test_hostile_document_runs_no_script_and_sends_no_request(driver, tmp_path: Path) -> None:
    with listener() as (base, hits):
        sections = hostile_sections(base)
        _load(driver, tmp_path, to_html(sections))
        _check_marks(driver, sections)
        assert driver.execute_script("return window.__pwned === undefined")
        assert driver.execute_script("return document.querySelectorAll('script, img, iframe, a[href]').length") == 0
        assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
        page = (tmp_path / "report.html").as_uri()
        assert requests_sent(driver, page) == [page]
        assert hits == []
        # the payloads are shown as text
        assert "<script>" in driver.find_element("css selector", "main").text


def test_the_checks_catch_an_unsafe_page(driver, tmp_path: Path) -> None:
    """Control: the same hostile text concatenated into HTML unescaped trips every check."""
    with listener() as (base, hits):
        text = HOSTILE.format(base=base)
        _load(driver, tmp_path, f"<!DOCTYPE html><html><body><div>{text}</div></body></html>")
        assert driver.execute_script("return window.__pwned") in ("script", "img")
        page = (tmp_path / "report.html").as_uri()
        assert any(url.startswith(base) for url in requests_sent(driver, page))
        assert hits


def test_keyboard_focus_shows_the_tooltip(driver, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    text = EXAMPLE.read_text(encoding="utf-8")
    result = textmend.repair(text)
    _load(driver, tmp_path, to_html([("example", text, result)]))
    first = driver.find_element("css selector", ".text .fix, .text .sug")  # the first mark, either kind
    tip = first.find_element("css selector", ".tip")
    assert not tip.is_displayed()
    driver.find_element("css selector", "body").send_keys(Keys.TAB)
    # the legend's samples are not focusable: the first Tab stop is the first mark
    assert driver.switch_to.active_element == first
    assert tip.is_displayed()
    finding = min(result.edits + result.suggestions, key=lambda e: e.start)
    assert finding.rule in tip.text and shown(finding.confidence) in tip.text
    assert driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", first) == "solid"


def _rgb(css: str) -> str:
    r, g, b = (int(x) for x in re.findall(r"\d+", css)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def test_rendered_colours_meet_wcag_aa(driver, tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    _load(driver, tmp_path, to_html([("example", text, textmend.repair(text))]))
    style = "return getComputedStyle(arguments[0])[arguments[1]]"
    pairs = []
    for mark in driver.find_elements("css selector", ".fix"):
        background = _rgb(driver.execute_script(style, mark, "backgroundColor"))
        for part in mark.find_elements("css selector", "del, ins"):
            pairs.append((_rgb(driver.execute_script(style, part, "color")), background))
    for mark in driver.find_elements("css selector", ".sug, .text"):
        pairs.append((_rgb(driver.execute_script(style, mark, "color")), "#ffffff"))
    tip = driver.find_element("css selector", ".tip")
    pairs.append(tuple(_rgb(driver.execute_script(style, tip, p)) for p in ("color", "backgroundColor")))
    assert len(pairs) > 10
    for fg, bg in pairs:
        assert contrast(fg, bg) >= 4.5, (fg, bg)
