"""Characters that render as nothing (soft hyphen, U+061C, zero-width space, direction marks, word
joiner, BOM: ``textmend.invisible.INVISIBLE``) are read as absent by the front door: "war\u00adfare"
is "warfare", the edits' offsets point into the caller's string, an invisible character strictly
inside an edited span goes with it and every other one is kept (``textmend.invisible``). In HTML and
Markdown a ``<wbr>`` tag is read the same way (``textmend.markup``)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import textmend
from textmend.invisible import INVISIBLE, View, has_invisible, view
from textmend.model import Edit, Region, apply_edits
from tests.cli_helpers import run

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (ROOT / "examples" / "spun_article.txt").read_text(encoding="utf-8")

HEAD = "The soldier is believed to be the first North Korean prisoner of "
SPUN = HEAD + "warfare."
FIXED = HEAD + "war."
NAMES = {c: f"U+{ord(c):04X}" for c in INVISIBLE}


def strip(text: str) -> str:
    return "".join(c for c in text if c not in INVISIBLE)


def _same(edits: tuple[Edit, ...] | list[Edit], text: str) -> list[tuple[str, str, str]]:
    """Each edit as (original without invisibles, replacement, rule), after checking that it is an
    edit of ``text`` (``text[start:end] == original``)."""
    for e in edits:
        assert text[e.start : e.end] == e.original
    return [(strip(e.original), e.replacement, e.rule) for e in edits]


@pytest.fixture(scope="module")
def clean_result() -> textmend.Result:
    return textmend.repair(SPUN)


# -- the view and its offset map ------------------------------------------------------------------


def test_a_text_without_invisible_characters_gets_no_view():
    assert view(SPUN) is None and view("") is None and view("caf\u00e9 \u2019 \u200c") is None
    assert not has_invisible(ARTICLE)


def test_the_view_maps_spans_back_keeping_edge_characters_outside():
    source = "\u200bab\u00adc\u200e\u200f d\ufeff"
    v = view(source)
    assert isinstance(v, View) and v.text == "abc d"
    assert v.gaps == (0, 2, 3, 3, 5)
    # "abc": the zero-width space before it and the marks after it stay outside, the soft hyphen is inside
    assert (v.start(0), v.end(3)) == (1, 5) and source[1:5] == "ab\u00adc"
    assert (v.start(4), v.end(5)) == (8, 9) and source[8:9] == "d"
    assert v.region(Region(0, len(v.text), 0.5, 0.7)) == (0, len(source), 0.5, 0.7)
    assert v.region(Region(0, 2, 0.5)) == (0, 4, 0.5, 0.0) and v.region(Region(2, 5, 0.5)) == (4, len(source), 0.5, 0.0)
    edit = Edit(2, 3, "c", "x", 0.9, "user", "")
    assert v.edit(edit)[:4] == (4, 5, "c", "x")
    empty = Edit(3, 3, "", "y", 0.9, "user", "")
    assert v.edit(empty)[:3] == (5, 5, "")


# -- fixed cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize("char", INVISIBLE, ids=NAMES.get)
def test_a_character_inside_a_spun_word_is_read_as_absent_and_replaced_with_the_span(char, clean_result):
    text = HEAD + f"war{char}fare."
    result = textmend.repair(text)
    assert result.text == FIXED
    assert [(e.start, e.end, e.original, e.replacement) for e in result.edits] == [
        (len(HEAD), len(HEAD) + 8, f"war{char}fare", "war")
    ]
    assert result.edits[0].confidence == clean_result.edits[0].confidence
    assert result.spin_score == clean_result.spin_score
    assert textmend.score(text) == textmend.score(SPUN)
    found = textmend.detect(text)
    assert _same(found, text) == _same(textmend.detect(SPUN), SPUN)


@pytest.mark.parametrize("char", INVISIBLE, ids=NAMES.get)
def test_a_character_between_words_is_kept(char, clean_result):
    text = HEAD.replace("prisoner of", f"prisoner{char} of") + "warfare."
    result = textmend.repair(text)
    assert result.text == FIXED.replace("prisoner of", f"prisoner{char} of")
    assert _same(result.edits, text) == _same(clean_result.edits, SPUN)
    assert result.edits[0].original == "warfare"


@pytest.mark.parametrize("char", INVISIBLE, ids=NAMES.get)
def test_characters_at_the_edges_of_an_edit_stay_outside_it(char):
    text = f"{HEAD}{char}warfare{char}."
    result = textmend.repair(text)
    assert result.text == f"{HEAD}{char}war{char}."
    (edit,) = result.edits
    assert (edit.start, edit.end, edit.original) == (len(HEAD) + 1, len(HEAD) + 8, "warfare")
    assert apply_edits(text, result.edits) == result.text


def test_every_kind_inside_one_word_and_a_spun_phrase_across_a_zero_width_space():
    text = HEAD + "w" + INVISIBLE[:3] + "ar" + INVISIBLE[3:] + "fare."
    result = textmend.repair(text)
    assert strip(result.text) == FIXED
    assert result.text == FIXED  # every one was inside the edited word
    spy = "Ukraine's spy\u200b company informed\u2060 the BBC on Saturday."
    assert _same(textmend.repair(spy).edits, spy) == _same(textmend.repair(strip(spy)).edits, strip(spy))
    assert textmend.repair(spy).text == "Ukraine's spy\u200b agency told\u2060 the BBC on Saturday."


def test_a_text_of_invisible_characters_only_comes_back_unchanged():
    text = INVISIBLE * 3
    result = textmend.repair(text)
    assert result.text == text and result.edits == () and result.suggestions == ()
    assert [(r.start, r.end) for r in result.regions] == [(0, len(text))]
    assert textmend.detect(text) == [] and textmend.score(text) == textmend.score("")


@pytest.mark.parametrize("char", INVISIBLE, ids=NAMES.get)
def test_repair_of_the_repaired_text_changes_nothing(char):
    text = f"{char}{HEAD}{char}war{char}fare{char}.{char}\n\n{char}The spy company{char} informed the BBC."
    first = textmend.repair(text)
    assert strip(first.text) == textmend.repair(strip(text)).text
    again = textmend.repair(first.text)
    assert again.text == first.text and again.edits == ()


def test_regions_cover_the_same_text_in_the_callers_string():
    text = "\u200b" + ARTICLE.replace("warfare", "war\u00adfare") + "\u200e"
    regions = textmend.repair(text).regions
    assert regions[0].start == 0 and regions[-1].end == len(text)
    clean = textmend.repair(ARTICLE).regions
    assert [strip(text[r.start : r.end]) for r in regions] == [ARTICLE[r.start : r.end] for r in clean]


# -- the bundled article, sprinkled ---------------------------------------------------------------


@pytest.mark.parametrize("seed", range(3))
def test_invisible_characters_sprinkled_into_the_article_change_no_decision(seed):
    rng = random.Random(seed)
    pieces = []
    for c in ARTICLE:
        pieces.append(c)
        if rng.random() < 0.08:
            pieces.append("".join(rng.choice(INVISIBLE) for _ in range(rng.randint(1, 2))))
    text = "".join(pieces)
    assert text != ARTICLE and strip(text) == ARTICLE
    clean = textmend.repair(ARTICLE)
    result = textmend.repair(text)
    assert _same(result.edits, text) == _same(clean.edits, ARTICLE)
    assert _same(result.suggestions, text) == _same(clean.suggestions, ARTICLE)
    assert [e.confidence for e in result.edits] == [e.confidence for e in clean.edits]
    assert strip(result.text) == clean.text
    assert result.spin_score == clean.spin_score
    # every invisible character outside the edited spans is still there, in order
    kept = "".join(c for k, c in enumerate(text) if c in INVISIBLE and not any(e.start < k < e.end for e in result.edits))
    assert "".join(c for c in result.text if c in INVISIBLE) == kept
    assert _same(textmend.detect(text), text) == _same(textmend.detect(ARTICLE), ARTICLE)


# -- markup and the command ----------------------------------------------------------------------


def test_markup_reads_a_soft_hyphen_reference_and_character_as_absent():
    page = f"<p>{HEAD}war&shy;fare.</p>"
    result = textmend.repair_html(page)
    assert result.text == f"<p>{FIXED}</p>" and result.edits[0].original == "war&shy;fare"
    doc = f"{HEAD}war\u00adfare.\n"
    assert textmend.repair_markdown(doc).text == FIXED + "\n"


def test_the_command_repairs_and_checks_a_file_with_a_soft_hyphen(tmp_path):
    (tmp_path / "a.txt").write_text(f"{HEAD}war\u00adfare.\n", encoding="utf-8")
    repaired = run("a.txt", cwd=tmp_path)
    assert repaired.returncode == 0 and repaired.stdout == f"{FIXED}\n".encode()
    assert run("check", "a.txt", cwd=tmp_path).returncode == 1
    explained = run("explain", "a.txt", cwd=tmp_path)
    # explain shows the character it read as absent as an escape (a terminal may draw a soft hyphen)
    assert f"a.txt:1:{len(HEAD) + 1}: war\\xadfare -> war" in explained.stdout.decode()


@pytest.mark.parametrize("char", INVISIBLE, ids=NAMES.get)
def test_explain_shows_each_invisible_character_as_an_escape_and_underlines_it(char, tmp_path):
    from textmend.cli import _explain_text

    text = "\ufeff" + HEAD + f"war{char}fare."
    start = text.index("war")
    edit = Edit(start, start + 8, f"war{char}fare", "war", 0.95, "term", "why")
    shown = _explain_text("a.txt", text, textmend.Result(text, (edit,), (), 0.9, ()), False)
    escaped = char.encode("unicode_escape").decode("ascii")
    assert f"a.txt:1:{start + 1}: war{escaped}fare -> war" in shown
    assert not has_invisible(shown)
    context, caret = [line for line in shown.splitlines() if line.startswith("    | ")]
    assert context.index(f"war{escaped}fare") == caret.index("^")  # the caret under the whole span
    assert caret.count("^") == len(f"war{escaped}fare")


# -- <wbr>: the markup that renders as nothing ---------------------------------------------------


@pytest.mark.parametrize("wbr", ["<wbr>", "<wbr/>", "<WBR>", '<wbr class="x">', "<wbr>&shy;", "<wbr><wbr>"])
def test_a_word_split_by_wbr_is_read_whole_and_the_tag_goes_with_the_edited_span(wbr):
    """"war<wbr>fare" is "warfare" to a reader: repaired to "war", the tag inside the edited span
    replaced with it (as a soft hyphen or a reference there is), every other byte kept."""
    page = f"<p>{HEAD}war{wbr}fare. The <b>report</b> said so.</p>"
    result = textmend.repair_html(page)
    (edit,) = result.edits
    assert (edit.original, edit.replacement) == (f"war{wbr}fare", "war")
    assert page[edit.start : edit.end] == edit.original  # offsets into the caller's string
    assert edit.start == page.index("war" + wbr)
    assert result.text == f"<p>{FIXED} The <b>report</b> said so.</p>"
    assert result.text == apply_edits(page, result.edits)


def test_a_wbr_at_the_edge_of_an_edited_word_stays_where_it_is():
    for page, fixed in [(f"<p>{HEAD}<wbr>warfare.</p>", f"<p>{HEAD}<wbr>war.</p>"),
                        (f"<p>{HEAD}warfare<wbr>.</p>", f"<p>{FIXED[:-1]}<wbr>.</p>")]:
        assert textmend.repair_html(page).text == fixed


def test_a_wbr_between_clean_words_changes_nothing():
    page = "<p>The company said profits rose in the third<wbr>quarter, a <wbr>record.</p>"
    assert textmend.repair_html(page).text == page


def test_other_markup_inside_a_word_still_leaves_it_alone():
    """Only a ``<wbr>`` (and references) may stand inside an edited span: an element or a comment
    there would have to be rewritten."""
    for between in ["<span>", "<!-- x -->", "<br>", "<wbr-x>", "<img alt=''>"]:
        page = f"<p>{HEAD}war{between}fare.</p>"
        assert textmend.repair_html(page).text == page, between


def test_markdown_reads_an_inline_wbr_as_nothing_too():
    doc = f"{HEAD}war<wbr>fare, and the *third*<wbr>quarter.\n"
    result = textmend.repair_markdown(doc)
    assert [(e.original, e.replacement) for e in result.edits] == [("war<wbr>fare", "war")]
    assert result.text == f"{HEAD}war, and the *third*<wbr>quarter.\n"
    assert textmend.repair_markdown(f"{HEAD}war<b>fare.\n").edits == ()  # other inline HTML: a space


def test_the_command_repairs_a_page_with_a_wbr(tmp_path):
    page = f"<p>{HEAD}war<wbr>fare.</p>\n"
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    repaired = run("repair", "--input-format", "html", "a.html", cwd=tmp_path)
    assert repaired.returncode == 0, repaired.stderr
    assert repaired.stdout == f"<p>{FIXED}</p>\n".encode()
