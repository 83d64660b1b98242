"""Markdown mode reads each table row once and a quote three deep as prose (textmend.markup)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textmend
from textmend import markup
from textmend.markup import markdown_prose

from .conftest import ROOT

SPUN = "He is the primary prisoner of warfare."


def _replacements(result: textmend.Result) -> list[str]:
    return [e.replacement for e in result.edits]


def test_a_table_row_is_one_piece() -> None:
    """markdown-it gives every cell of a row the row's lines: the row is read once, not once a cell."""
    table = f"| a | b | c |\n| --- | --- | --- |\n| {SPUN} | x | y |\n"
    pieces = markdown_prose(table)
    assert len({(p.start, p.end) for p in pieces}) == len(pieces)


def test_a_spun_table_cell_is_repaired_once() -> None:
    """Each cell as the sentence alone (a strict xfail while the row was read as one run of text)."""
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
    # both copies repaired alike (two copies are more evidence of spinning than one: 'the primary' ->
    # 'the first' may join 'warfare' -> 'war', in both)
    both = _replacements(lazy)
    half = len(both) // 2
    assert both[:half] == both[half:] and set(_replacements(once)) <= set(both[:half])


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r"])
def test_a_soft_line_break_inside_a_paragraph_reads_as_a_space(brk: str) -> None:
    """Markdown sources and HTML pages are hard-wrapped; inside a paragraph a line break is a
    space (CommonMark's soft break, HTML's white space), so a wrapped phrase is repaired as on
    one line, and the break is kept byte for byte."""
    one_line = _replacements(textmend.repair(SPUN))
    assert "war" in one_line
    wrapped = SPUN.replace(" of warfare", f"{brk}of warfare")
    for result, source in (
        (textmend.repair_markdown(f"Intro.\n\n{wrapped}\n"), f"Intro.\n\n{wrapped}\n"),
        (textmend.repair_html(f"<p>{wrapped}</p>"), f"<p>{wrapped}</p>"),
    ):
        assert _replacements(result) == one_line
        assert all(source[e.start : e.end] == e.original for e in result.edits + result.suggestions)
        assert result.text.count(brk) == source.count(brk)


def test_an_edit_over_a_soft_line_break_is_left_out() -> None:
    """An edit whose span holds the break would join the lines: it is dropped, not applied."""
    pairs = [("big apple team", "new york team")]
    one_line = textmend.repair_markdown("It was the big apple team.", extra_pairs=pairs)
    assert [e.original for e in one_line.edits] == ["big apple"]
    wrapped = "It was the big\napple team."
    result = textmend.repair_markdown(wrapped, extra_pairs=pairs)
    assert result.edits == () and result.text == wrapped
    assert all(wrapped[e.start : e.end] == e.original for e in result.suggestions)


@pytest.mark.parametrize("marker", ["> ", ">", "  > ", "> > "])
def test_a_wrapped_quote_is_repaired_as_on_one_line(marker: str) -> None:
    """The '>' that starts each line of a quote is markup: a sentence wrapped inside a quote
    reads as one line, and the markers are kept byte for byte."""
    one_line = _replacements(textmend.repair_markdown(f"{marker}{SPUN}\n"))
    assert "war" in one_line
    quote = f"{marker}{SPUN.replace(' of warfare', chr(10) + marker + 'of warfare')}\n"
    result = textmend.repair_markdown(quote)
    assert _replacements(result) == one_line
    assert result.text.count("\n" + marker) == 1
    assert all(quote[e.start : e.end] == e.original for e in result.edits + result.suggestions)


@pytest.mark.parametrize("tag", ["code", "kbd", "samp", "var", "CODE"])
def test_inline_html_code_in_markdown_is_left_alone(tag: str) -> None:
    """Markdown allows raw HTML: ``<code>...</code>`` is a code span written in HTML, kept
    byte for byte as in HTML mode; the prose around it is still repaired (qa6)."""
    code = f"<{tag}>prisoner of warfare</{tag}>"
    source = f"Run {code} first.\n\n{SPUN}\n"
    result = textmend.repair_markdown(source)
    assert code in result.text
    assert "war" in _replacements(result)
    assert all(e.start >= source.index(f"</{tag}>") for e in result.edits + result.suggestions)


@pytest.mark.parametrize(
    "front",
    [
        "---\ntitle: prisoner of warfare\nspy company: informed\n---\n",
        "---\r\ntitle: prisoner of warfare\r\nspy company: informed\r\n...\r\n",
        '+++\ntitle = "prisoner of warfare"\n"spy company" = "informed"\n+++\n',
        "\ufeff---\ntitle: prisoner of warfare\nspy company: informed\n---\n",
    ],
)
def test_front_matter_is_not_prose(front: str) -> None:
    """A YAML (``---``) or TOML (``+++``) front matter block at the top is metadata for a site
    generator, not prose: a repaired key ('spy company:' -> 'spy agency:') breaks the site.
    It is kept byte for byte; the body is repaired (qa6)."""
    source = f"{front}\n{SPUN}\n"
    result = textmend.repair_markdown(source, threshold=0.05)
    assert result.text.startswith(front)
    assert all(e.start >= len(front) for e in result.edits + result.suggestions)
    assert "war" in _replacements(result)


def test_a_leading_thematic_break_is_not_front_matter() -> None:
    """A document that opens with a rule ('---') and prose is repaired as before."""
    source = f"---\n\n{SPUN}\n\n---\n"
    assert "war" in _replacements(textmend.repair_markdown(source))


@pytest.mark.parametrize("marker", ["*", "_", "**", "__", "***"])
def test_emphasis_markers_are_markup_not_words(marker: str) -> None:
    """'prisoner of *warfare*' reads as 'prisoner of warfare' (the markers are markup, as
    '<b>' is in HTML mode): the word is repaired and the markers kept; an underscore inside a
    word (snake_case) is not a marker (qa6)."""
    source = f"Intro.\n\nHe is the first North Korean prisoner of {marker}warfare{marker}.\n\nSee my_snake_case_name.\n"
    result = textmend.repair_markdown(source)
    assert result.text == source.replace(f"{marker}warfare{marker}", f"{marker}war{marker}")
    assert all(source[e.start : e.end] == e.original for e in result.edits + result.suggestions)
    assert not any("_" in e.original for e in result.edits + result.suggestions)


@pytest.mark.parametrize(
    ("written", "repaired"),
    [
        ("prisoner of warfare\\\n", "prisoner of war\\\n"),  # a hard line break
        ("\\*prisoner of warfare\\*", "\\*prisoner of war\\*"),  # escaped punctuation
        ("\\[prisoner of warfare\\]", "\\[prisoner of war\\]"),
        ("\\`prisoner of warfare\\`", "\\`prisoner of war\\`"),  # an escaped backtick opens no code span
        ("prisoner of warfare\\!", "prisoner of war\\!"),
    ],
)
def test_a_backslash_escape_or_hard_break_is_markup_not_a_glued_word(written: str, repaired: str) -> None:
    """CommonMark's backslash before punctuation (an escape) or a line end (a hard break) is
    markup: 'warfare\\' read as plain text is glued to the backslash (a Windows path) and was
    never a candidate, and '\\`' opened a code span; a backslash before a letter stays prose."""
    source = f"Intro.\n\nHe is the first North Korean {written} since the war.\n"
    result = textmend.repair_markdown(source)
    assert result.text == source.replace(written, repaired)
    assert all(source[e.start : e.end] == e.original for e in result.edits + result.suggestions)
    path = "He is the first North Korean prisoner of warfare\\Users since the war.\n"
    assert textmend.repair_markdown(path).text == path


# --------------------------------------------------------------------------- masks in linear time

OLD_MASKS = re.compile(  # markup._MASKS before cli16, which matched <code>...</code> and <!--...--> whole
    # (with the backslash escapes added since, tryout16)
    r"""
      (?<!`)(?P<tick>`+)(?!`).+?(?<!`)(?P=tick)(?!`)
    | <[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>
    | <[^\s<>@]+@[^\s<>]+>
    | (?i:<(?P<raw>code|kbd|samp|var|script|style)\b[^<>]*>.*?</(?P=raw)\s*>)
    | </?[A-Za-z][^<>]*>
    | <!--.*?-->
    | \]\(\s*(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)
        (?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)
    | \]\[[^\]]*\]
    | \b(?:https?|ftp)://[^\s<>]+
    | \bwww\.[^\s<>]+
    | \\`|\\(?=[!-/:-@\[-_{-~]|\r|\n)
    | (?<![^\s(\["'])[*_]{1,3}(?=[^\s*_])
    | (?<=[^\s*_])[*_]{1,3}(?![^\s)\]"'.,;:!?])
    | (?m:^[ ]{0,3}>>>(?:[ ]{0,3}>)*[ ]?)
    """,
    re.VERBOSE | re.DOTALL,
)
"""The reference: what the masks were on every input (quadratic in unclosed elements)."""

FRAGMENTS = [
    "word ", "prisoner of warfare ", "\n", "<code>", "</code>", "</CODE >", "<Code class='x'>", "<kbd>",
    "</kbd>", "<script>", "</script>", "<var>", "</samp>", "<!--", "-->", "<!-->", "--", ">", "<", "`",
    "``", "<b>", "</b>", "<codex>", "<code-x>", "](https://x.org/a_(b) \"t\")", "][ref]", "http://a.b/c ",
    "www.x.org ", "*", "_", "**", ">>> ", "a@b.c", "<a@b.c>", "<https://x.org>", "\\", "\\`", "\\*",
]


def _spans(pattern: re.Pattern[str], source: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(source, start, end)]


def _markdown_sources() -> list[Path]:
    return sorted([ROOT / "README.md", ROOT / "ARCHITECTURE.md", *(ROOT / "benchmarks").glob("*.md")])


@pytest.mark.parametrize("path", _markdown_sources(), ids=lambda p: p.name)
def test_masks_of_real_markdown_are_those_of_the_reference(path: Path) -> None:
    """The project's own Markdown, whole and one line at a time: the same masked spans as before."""
    source = path.read_text(encoding="utf-8")
    assert list(markup._masked_spans(source, 0, len(source))) == _spans(OLD_MASKS, source, 0, len(source))
    for line in re.finditer(r"[^\n]*\n?", source):
        assert list(markup._masked_spans(source, *line.span())) == _spans(OLD_MASKS, source, *line.span())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30), st.integers(0, 5), st.integers(0, 5))
def test_masks_are_those_of_the_reference(parts: list[str], cut_start: int, cut_end: int) -> None:
    """Any mix of tags, comments, closers and other masks, in any range: the same spans as before."""
    source = "".join(parts)
    start, end = min(cut_start, len(source)), max(len(source) - cut_end, 0)
    assert list(markup._masked_spans(source, start, end)) == _spans(OLD_MASKS, source, start, end)


@pytest.mark.parametrize("opener", ["<code>", "<KBD class=k>", "<!--"])
def test_many_unclosed_elements_are_searched_once(opener: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """5,000 unclosed openers in one paragraph (up to 105 KB): each tag alone is masked (a comment
    masks nothing), as before, and the closers' searches cover the paragraph about once. A lazy
    '.*?' up to the closer scanned on to the paragraph's end for each opener (2.5e8 characters for
    '<code>', 1.6 s)."""
    source = f"Run {opener}a b " * 5_000 + "said.\n"
    searched: list[int] = []

    class Counting:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def search(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
            hit = self.pattern.search(text, pos, endpos)
            searched.append((hit.end() if hit else endpos) - pos)
            return hit

    monkeypatch.setattr(markup, "_CLOSERS", {kind: Counting(p) for kind, p in markup._CLOSERS.items()})
    texts = [source[p.start : p.end] for p in markdown_prose(source)]
    assert sum(searched) <= len(source)
    if opener == "<!--":
        assert texts == [source]
    else:
        assert texts == ["Run ", *["a b Run "] * 4_999, "a b said.\n"]
    monkeypatch.undo()
    assert list(markup._masked_spans(source, 0, len(source))) == _spans(OLD_MASKS, source, 0, len(source))


# -- character references (qa17) -------------------------------------------------------------------

NBSP_SPUN = "The soldier is believed to be the first North Korean prisoner&nbsp;of&nbsp;warfare."


@pytest.mark.parametrize("reference", ["&nbsp;", "&#160;", "&#xA0;", " "])
def test_a_character_reference_reads_as_its_character_as_in_html(reference: str) -> None:
    """CommonMark decodes entity and numeric references in prose as HTML does: "prisoner&nbsp;of&nbsp;
    warfare" is repaired in Markdown as in HTML, at offsets into the source, the references kept."""
    source = NBSP_SPUN.replace("&nbsp;", reference)
    html_edits = [(e.start, e.end, e.original, e.replacement) for e in textmend.repair_html(source).edits]
    assert [e[3] for e in html_edits] == ["war"]
    result = textmend.repair_markdown(f"{source}\n")
    assert [(e.start, e.end, e.original, e.replacement) for e in result.edits] == html_edits
    assert result.text == f"{source.replace('warfare', 'war')}\n"


def test_references_in_code_and_escaped_ones_are_not_decoded() -> None:
    """A code span is masked, and CommonMark reads an escaped '\\&' as a literal '&'."""
    for source in (f"`{NBSP_SPUN}`\n", NBSP_SPUN.replace("&nbsp;", "\\&nbsp;") + "\n"):
        assert textmend.repair_markdown(source).edits == ()
    pieces = markdown_prose("A\\&amp;B &amp; C\n")
    joined = "".join(p.joiner + "A\\&amp;B &amp; C\n"[p.start : p.end] for p in pieces)
    assert joined.endswith("&amp;B & C\n")  # the escaped reference as written (its backslash may be masked)


def test_an_apostrophe_written_as_a_reference_in_markdown_is_written_back_so() -> None:
    """As in HTML (test_apostrophes): "we&rsquo;re" makes "did not" -> "didn&rsquo;t"."""
    source = "It is the first time we&rsquo;re here, but I did not know about it.\n"
    result = textmend.repair_markdown(source, extra_pairs=[("did not know", "didn't know")])
    assert [e.replacement for e in result.edits] == ["didn&rsquo;t"]
    assert result.text == source.replace("did not", "didn&rsquo;t")


@pytest.mark.parametrize("written", ["&nbspof", "&nbsp;of", "&#160of"])
def test_an_html_reference_without_its_semicolon_reads_as_a_browser_reads_it(written: str) -> None:
    """A page's text "prisoner&nbspof warfare" shows "prisoner\xa0of warfare" (HTML decodes a legacy
    name such as "nbsp" without its ';'): it is repaired as that text, with no ';' read into it."""
    source = f"<p>{NBSP_SPUN.replace('&nbsp;of&nbsp;', written + ' ')}</p>"
    pieces = markup.html_prose(source)
    joined = "".join(p.joiner + source[p.start : p.end] for p in pieces)
    assert joined.endswith("prisoner\xa0of warfare.")
    result = textmend.repair_html(source)
    assert [(source[e.start : e.end], e.replacement) for e in result.edits] == [("warfare", "war")]


# -- a replacement is markup source: its '&' and '<' are written so they read as text ----------------

AND_ALSO = "It was fast and also cheap, we said."


@pytest.mark.parametrize(
    ("written", "expected"),
    [("& also", "&amp; also"), ("<b> also", "&lt;b&gt; also"), ("&lt; also", "&amp;lt; also")],
)
def test_a_replacement_in_html_is_escaped(written: str, expected: str) -> None:
    """A user pair's "& also" was written into the page as a bare '&' ("<b>" as a tag): the replacement
    is text, so the page gets its '&', '<' and '>' as references and shows the text as written."""
    source = f"<p>{AND_ALSO}</p>"
    result = textmend.repair_html(source, extra_pairs=[("and also", written)])
    assert result.text == source.replace("and also", expected)
    assert [alt for e in result.edits for alt, _ in e.alternatives] == [expected.split(" ")[0]]
    read = "".join(p.joiner + result.text[p.start : p.end] for p in markup.html_prose(result.text))
    assert read.lstrip() == AND_ALSO.replace("and also", written)  # the page's text, references decoded


def test_a_replacement_in_html_writes_an_ampersand_as_the_page_does() -> None:
    """A page that writes '&' as "&#38;" gets "&#38;" (as its apostrophes keep their reference)."""
    source = f"<p>Salt &#38; pepper. {AND_ALSO}</p>"
    result = textmend.repair_html(source, extra_pairs=[("and also", "& also")])
    assert result.text == source.replace("and also", "&#38; also")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("& also", "& also"),  # a bare '&' starts no reference: kept as is
        ("&lt; also", "\\&lt; also"),  # would read as '<'
        ("<b> also", "\\<b> also"),  # would read as a tag
        ("<https://x.org> also", "\\<https://x.org> also"),  # would read as an autolink
        ("< also", "< also"),
    ],
)
def test_a_replacement_in_markdown_renders_as_written(written: str, expected: str) -> None:
    """CommonMark reads '&' and '<' as markup when they start a reference, a tag or an autolink: such a
    one in a replacement is escaped with a backslash, so the rendered text is the replacement."""
    source = AND_ALSO + "\n"
    result = textmend.repair_markdown(source, extra_pairs=[("and also", written)])
    assert result.text == source.replace("and also", expected)
    rendered = markup._markdown_parser().render(result.text)
    assert rendered == markup._markdown_parser().render(source).replace("and also", html.escape(written, quote=False))


# -- a replacement's Markdown punctuation is escaped: the document keeps its structure ---------------

REFERENCE_DEFINITION = "\n\n[plus]: https://example.org/\n"
"""Appended to each source below, so a replacement "[plus]" would read as a reference link."""

MARKDOWN_CONTEXTS = {
    "mid-line": "It was fast and also cheap, we said.\n",
    "a paragraph's start": "and also cheap, we said.\n",
    "a continuation line": "It was fast\nand also cheap, we said.\n",
    "a quote": "> and also cheap, we said.\n",
    "a list item": "- and also cheap, we said.\n",
    "an ordered list item": "1. and also cheap, we said.\n",
    "a table cell": "| a | b |\n| --- | --- |\n| x and also y | z |\n",
    "a heading": "## Fast and also cheap\n",
    "a heading's end": "## Fast and also\n",
}
"""Where a replacement lands: inside a line, at the start of a block or line, inside containers."""

MARKDOWN_WRITTEN = [
    "*plus* also",  # emphasis
    "__plus__ also",  # strong emphasis
    "plus | also",  # a table's cell separator
    "[plus](x) also",  # an inline link
    "[plus] also",  # a reference link (REFERENCE_DEFINITION)
    "`plus` also",  # a code span
    "plus\\* also",  # a backslash escape: the '\\' is text
    "# plus also",  # an ATX heading, at a line's start
    "- plus also",  # bullet list items
    "+ plus also",
    "* plus also",
    "> plus also",  # a block quote
    "1. plus also",  # ordered list items
    "1) plus also",
    "```plus also",  # code fences
    "~~~plus also",
    "plus also #",  # an ATX heading's closing sequence, at a heading line's end
]
"""Replacements (a user pair's "and also" -> ...) holding each character CommonMark may read as
markup; ``&`` and ``<`` are tested above."""


def _rendered_structure_differs_only_in_the_edit(source: str, result: textmend.Result, written: str) -> None:
    render = markup._markdown_parser().render
    assert result.edits, "the user pair was not applied"
    assert render(result.text) == render(source).replace("and also", html.escape(written, quote=False))


@pytest.mark.parametrize("written", MARKDOWN_WRITTEN)
@pytest.mark.parametrize("context", list(MARKDOWN_CONTEXTS))
def test_a_replacement_with_markdown_punctuation_keeps_the_structure(context: str, written: str) -> None:
    """A user pair may write any character, the shipped data only '-', '\\'', ',' and '.' inside
    words: a replacement is text, so whatever CommonMark would read as markup in it (inline anywhere,
    a block marker where it starts a line) is backslash-escaped and the document renders as before,
    with the edited text in place of the original."""
    source = MARKDOWN_CONTEXTS[context] + REFERENCE_DEFINITION
    result = textmend.repair_markdown(source, extra_pairs=[("and also", written)])
    _rendered_structure_differs_only_in_the_edit(source, result, written)


@pytest.mark.parametrize("written", ["plus-also", "it's also", "plus 1,000 also", "plus \\ also", "1st # also"])
def test_a_replacement_that_reads_as_text_is_written_as_is(written: str) -> None:
    """Only what would read as markup is escaped: hyphens, apostrophes, numbers, a backslash before
    a space and a '#' inside a line are text and kept byte for byte."""
    for context in ("mid-line", "a paragraph's start"):
        source = MARKDOWN_CONTEXTS[context]
        result = textmend.repair_markdown(source, extra_pairs=[("and also", written)])
        assert result.text == source.replace("and also", written)
        _rendered_structure_differs_only_in_the_edit(source, result, written)


def test_a_backslash_before_markdown_source_after_the_edit_is_escaped() -> None:
    """A replacement's last '\\' would escape the '*' that follows the edit in the source."""
    source = "It was fast and also* cheap.\n"
    result = textmend.repair_markdown(source, extra_pairs=[("and also", "plus\\")])
    _rendered_structure_differs_only_in_the_edit(source, result, "plus\\")


LABELLED = (
    "See [prisoner of warfare] and [spy company][] for details, and ![spy company][] too. "
    "A [prisoner of warfare][pow] story.\n\n"
    "[prisoner of warfare]: https://example.com/pow\n[Spy  Company]: https://example.com/spy\n[pow]: /p\n"
)


def test_a_link_whose_text_is_its_label_keeps_it() -> None:
    """Shortcut ``[label]`` and collapsed ``[label][]`` links (and images) name their definition by
    their text: "[spy agency][]" after an edit rendered as plain brackets, the link lost. A full
    reference's text ("[prisoner of warfare][pow]") is prose, as before."""
    from markdown_it import MarkdownIt

    result = textmend.repair_markdown(LABELLED)
    assert result.text == LABELLED.replace("[prisoner of warfare][pow]", "[prisoner of war][pow]")
    links = [t.attrs.get("href") or t.attrs.get("src") for t in MarkdownIt("commonmark").parse(result.text)[1].children or []
             if t.type in ("link_open", "image")]
    assert links == ["https://example.com/pow", "https://example.com/spy", "https://example.com/spy", "/p"]


def test_brackets_that_define_no_link_are_prose() -> None:
    assert textmend.repair_markdown("The [prisoner of warfare] story.\n").text == "The [prisoner of war] story.\n"


@pytest.mark.parametrize(
    ("fmt", "written", "repaired"),
    [
        ("html", "<p>It is an <i>irregular backwoods</i> model.</p>", "<p>It is a <i>random forest</i> model.</p>"),
        ("html", "<p>It is an <b>irregular</b> <b>backwoods</b> model.</p>", None),  # the words apart: left out
        ("markdown", "We fit an [irregular backwoods](/rf) model.\n", "We fit a [random forest](/rf) model.\n"),
        ("markdown", "- an *irregular backwoods* model is used\n", "- a *random forest* model is used\n"),
    ],
)
def test_an_article_before_markup_changes_with_the_words(fmt: str, written: str, repaired: str | None) -> None:
    """"an" + "irregular backwoods" -> "a random forest" is one edit of the text; with markup between
    the article and the words it crossed two text nodes and was left out, or (a Markdown link) the
    words were repaired without the article ("an [random forest](/rf)"). Now two edits."""
    result = textmend.repair_markup(written, fmt)
    if repaired is None:
        assert result.text == written and result.edits == ()
        return
    assert result.text == repaired
    assert [(e.original, e.replacement) for e in result.edits] == [("an", "a"), ("irregular backwoods", "random forest")]
    assert all(written[e.start : e.end] == e.original for e in result.edits)


@pytest.mark.parametrize(
    ("markdown", "html_form"),
    [
        ("| a | b |\n| --- | --- |\n| prisoner of | warfare |\n",
         "<table><tr><td>prisoner of</td><td>warfare</td></tr></table>"),
        ("He is a prisoner of `x` warfare.\n", "<p>He is a prisoner of <code>x</code> warfare.</p>"),
        ("He is a prisoner of <code>x</code> warfare.\n", "<p>He is a prisoner of <code>x</code> warfare.</p>"),
    ],
)
def test_code_and_table_cells_break_a_phrase_as_in_html(markdown: str, html_form: str) -> None:
    """Markdown read "prisoner of | warfare" across two cells, and across a code span, as one phrase
    ("... | war |"); HTML keeps <td> and <code> apart, and now so does Markdown."""
    assert textmend.repair_markdown(markdown).edits == ()
    assert textmend.repair_html(html_form).edits == ()
