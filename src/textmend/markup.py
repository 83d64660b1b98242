"""Repair the prose inside HTML or Markdown, leaving every byte of markup alone.

One job: find the stretches of a marked-up document that are prose, repair them as one
document, and put the edits back at their places in the input.

- **HTML** is read with the standard library's :class:`html.parser.HTMLParser` (the
  tolerant WHATWG-style tokenizer Python ships; ``convert_charrefs=False`` so every text
  node is a verbatim slice of the input). Only text nodes are prose: tags, attributes,
  comments, character references and the content of ``<script>``, ``<style>``,
  ``<code>``, ``<pre>``, ``<kbd>``, ``<samp>``, ``<var>``, ``<textarea>``,
  ``<template>``, ``<svg>``, ``<math>``, the obsolete ``<tt>``, ``<xmp>``, ``<listing>``
  and ``<plaintext>``, and any element with ``translate="no"`` are
  never edited. A ``<wbr>`` (where a long word may break) reads as nothing, as a soft hyphen
  does: "war<wbr>fare" is the word "warfare".
- **Markdown** is read with ``markdown-it-py`` (CommonMark): prose is the source lines of
  its ``inline`` tokens (headings, paragraphs, table rows: the cells of a row share its
  lines and the row is read once), so fenced and indented code
  blocks, HTML blocks, link reference definitions and a front matter block at the top
  (YAML between ``---`` lines, TOML between ``+++``) are never edited. Inside those
  lines, code spans, inline HTML (with the content of ``<code>``, ``<kbd>``, ``<samp>``,
  ``<var>``, ``<script>`` and ``<style>``) and autolinks, link destinations and titles
  (``](...)``), reference labels (``][label]``, and the text of a link that is its own label:
  ``[label][]``, ``[label]`` when ``label`` is defined), footnote labels (``[^1]``, ``[^note]``, where
  a footnote is referenced and where it is defined: a number there is no count), bare URLs, backslash escapes and hard breaks
  (the ``\\`` of ``\\*`` or at a line's end: glued to a word it reads as a path), emphasis
  markers (``*``, ``_`` at a word's start or end, read as spaces) and the markers of a quote
  three deep (``>>>``, which plain text would read as a doctest line) are masked out (inline
  HTML reads as a space, a ``<wbr>`` as nothing, as in HTML; a code span, inline HTML code and a
  table's cell delimiter ``|`` as a block break, so no phrase is read across them, as HTML reads
  ``<code>`` and ``<td>``). A
  character reference in the prose (``&nbsp;``, ``&#8217;``; not one after a ``\\``) reads as
  its character, as in HTML, and is never edited.

The prose stretches are joined into one text (with a blank line between blocks, so the
spin score and the context of each word are those of the document) and repaired with
:func:`textmend.repair`; inside a stretch, one line break between words reads as a space
(a soft break; in Markdown with the quote markers that start the next line), so a
hard-wrapped sentence is read whole. An edit that would cross a stretch's edge (it would have to
rewrite markup) or hold a soft break (it would join the lines) is dropped; only character references
and ``<wbr>`` tags may stand inside its span, and they are replaced with it, its original the source
as written ("didn&rsquo;t" -> "did not"; "war<wbr>fare" -> "war": the break opportunity belonged to
the long word and is not carried into its replacement). One at the span's edge stays outside it
("of <wbr>warfare" -> "of <wbr>war"). Offsets in the returned :class:`~textmend.Result` point into
the input ``str``, and ``text[edit.start:edit.end] == edit.original`` holds. A replacement is
markup source: a character it adds is written as the document writes it most often, so in a page
that writes "we&rsquo;re" the edit "did not" -> "didn&rsquo;t" (:class:`_Spellings`), and the
characters that would read as markup are escaped: "&", "<" and ">" as references in HTML ("& also"
-> "&amp; also"); in Markdown with a backslash a "&" or "<" that would start a reference, a tag or an
autolink ("<b>" -> "\\<b>"; "& also" reads as text and is kept), a "\\" before punctuation, every "*",
"_", "`", "[", "]" and "|", and the marker of a heading, quote, list item or code fence where the
replacement starts a line ("# plus" -> "\\# plus", "1. plus" -> "1\\. plus"), so the document keeps
its structure and reads the replacement as text (user pairs may hold any character; the shipped data
holds only "-", "'", "," and "." inside words).
"""

from __future__ import annotations

import bisect
import html
import html.entities
import re
from collections import Counter
from functools import lru_cache
from html.parser import HTMLParser
from collections.abc import Container, Iterable, Iterator
from typing import Any, NamedTuple

from .api import not_text, repair
from .config import Config
from .model import Edit, Region, Result, apply_edits

INPUT_FORMATS = ("text", "html", "markdown")
UNKNOWN_FORMAT = "input_format must be one of {formats}, not {value!r}"

BLOCK_BREAK = "\n\n"

SKIPPED_ELEMENTS = frozenset(
    {"script", "style", "code", "pre", "kbd", "samp", "var", "textarea", "template", "svg", "math"}
    | {"tt", "xmp", "listing", "plaintext"}  # the obsolete code and preformatted elements
)
"""HTML elements whose content is never prose to repair."""

INLINE_ELEMENTS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "font", "i", "ins", "del",
        "mark", "q", "s", "small", "span", "strike", "strong", "sub", "sup", "time", "u", "wbr",
    }
)  # fmt: skip
"""Elements that sit inside a sentence: no break between the text on either side."""

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


class Piece(NamedTuple):
    """A stretch of prose: ``source[start:end]``, preceded in the joined text by ``joiner``."""

    start: int
    end: int
    joiner: str


def repair_markup(
    text: str, input_format: str = "text", *, config: Config | None = None, **overrides: object
) -> Result:
    """Repair ``text`` read as ``input_format`` (``"text"``, ``"html"`` or ``"markdown"``).

    Returns a :class:`~textmend.Result` whose offsets point into ``text``. Raises
    ``ValueError`` for an unknown format and ``TypeError`` for non-``str`` input.
    """
    if input_format == "text":
        return repair(text, config=config, **overrides)
    if not isinstance(text, str):
        raise TypeError(not_text(text))
    if input_format == "html":
        pieces = html_prose(text)
    elif input_format == "markdown":
        pieces = markdown_prose(text)
    else:
        raise ValueError(UNKNOWN_FORMAT.format(formats=list(INPUT_FORMATS), value=input_format))
    soft_break = _SOFT_BREAK_IN_QUOTE if input_format == "markdown" else _SOFT_BREAK
    return repair_pieces(text, pieces, soft_break=soft_break, input_format=input_format, config=config, **overrides)


def repair_html(text: str, *, config: Config | None = None, **overrides: object) -> Result:
    """Repair the text nodes of an HTML document or fragment; markup is kept byte for byte."""
    return repair_markup(text, "html", config=config, **overrides)


def repair_markdown(text: str, *, config: Config | None = None, **overrides: object) -> Result:
    """Repair the prose of a Markdown document; code, URLs and link targets are kept."""
    return repair_markup(text, "markdown", config=config, **overrides)


# --------------------------------------------------------------------------- joining

_SOFT_BREAK = re.compile(r"(?<=\S)[^\S\r\n]*(?:\r\n|\r|\n)[^\S\r\n]*(?=\S)")
"""One line break between words inside a stretch of prose: a space in HTML and Markdown
(CommonMark's soft break), so a hard-wrapped sentence is read as one line."""
_SOFT_BREAK_IN_QUOTE = re.compile(r"(?<=\S)[^\S\r\n]*(?:\r\n|\r|\n)(?:[ ]{0,3}>)*[^\S\r\n]*(?=\S)")
"""The same in Markdown, with the quote markers that start the next line ('> ', '> > ')."""


def _as_spaces(match: re.Match[str]) -> str:
    """The white space of ``match`` as as many spaces (offsets into the joined text stay)."""
    return " " * len(match.group())



def repair_pieces(
    source: str,
    pieces: list[Piece],
    *,
    soft_break: re.Pattern[str] = _SOFT_BREAK,
    input_format: str = "html",
    config: Config | None = None,
    **overrides: object,
) -> Result:
    """Repair the prose ``pieces`` of ``source`` as one document; edits map back into ``source``.

    Inside a piece, what ``soft_break`` matches is read as spaces (same length: offsets hold). The
    replacements are written as ``input_format`` (``"html"`` or ``"markdown"``) source, escaped as
    :class:`_Spellings` says."""
    parts: list[str] = []
    joined_starts: list[int] = []
    length = 0
    for piece in pieces:
        parts.append(piece.joiner)
        length += len(piece.joiner)
        joined_starts.append(length)
        parts.append(soft_break.sub(_as_spaces, source[piece.start : piece.end]))
        length += piece.end - piece.start
    joined = "".join(parts)
    result = repair(joined, config=config, **overrides)

    def span(start: int, end: int) -> tuple[int, int, str] | None:
        """The source span of the joined ``[start, end)`` and the source text there with its character
        references decoded, or None if the span leaves its piece other than across character references
        (it would rewrite markup)."""
        first = bisect.bisect_right(joined_starts, start) - 1
        last = bisect.bisect_right(joined_starts, max(end - 1, start)) - 1
        if first < 0 or start >= joined_starts[first] + (pieces[first].end - pieces[first].start):
            return None  # before the first piece, or in the joiner after one
        if end > joined_starts[last] + (pieces[last].end - pieces[last].start):
            return None
        if any(not _glued(source, pieces[k - 1], pieces[k]) for k in range(first + 1, last + 1)):
            return None
        source_start = pieces[first].start + start - joined_starts[first]
        source_end = pieces[last].start + end - joined_starts[last]
        read = "".join(  # the source as written (a soft break stays a break), references decoded
            pieces[k].joiner * (k > first) + source[max(pieces[k].start, source_start) : min(pieces[k].end, source_end)]
            for k in range(first, last + 1)
        )
        return source_start, source_end, read

    written = _Spellings(source, input_format)

    def placed(edit: Edit) -> Edit | None:
        where = span(edit.start, edit.end)
        # an edit over a soft break read as a space would join the lines: left out
        if where is None or where[2] != edit.original:
            return None
        start, end, _ = where
        return written.edit(edit._replace(start=start, end=end, original=source[start:end]))

    def moved(edits: tuple[Edit, ...]) -> tuple[Edit, ...]:
        out: list[Edit] = []
        for edit in edits:
            parts = article_split(edit)
            kept = [placed(part) for part in parts]
            if all(k is not None for k in kept):  # both parts of an article's edit, or neither
                out.extend(k for k in kept if k is not None)
        return tuple(out)

    def source_offset(offset: int) -> int:
        i = max(bisect.bisect_right(joined_starts, offset) - 1, 0)
        if not pieces:
            return 0
        piece = pieces[i]
        return min(piece.start + max(offset - joined_starts[i], 0), piece.end)

    edits = moved(result.edits)
    regions = tuple(
        r._replace(start=source_offset(r.start), end=source_offset(r.end)) for r in result.regions
    )
    return Result(apply_edits(source, edits), edits, moved(result.suggestions), result.spin_score, regions)


_ARTICLE_EDIT = re.compile(r"(an?)(\s+[\"'\u201c\u2018(\[*_]*)", re.IGNORECASE)
"""An edit's leading "a"/"an" and what stands between it and the words it goes with
(``textmend.rewrite``'s ``_ARTICLE_BEFORE``)."""


def article_split(edit: Edit) -> list[Edit]:
    """``edit`` as two edits when it changes the "a"/"an" before its words (``textmend.rewrite``:
    "an irregular backwoods" -> "a random forest"): the article, and the words after the white space
    and opening marks, which stay as written. In markup the two often stand in different text nodes
    (``an <i>irregular backwoods</i>``, ``an *irregular backwoods*``) and an opening mark is
    source (``an [irregular backwoods](/rf)``: the ``[`` is no replacement to escape). Otherwise
    ``[edit]``."""
    old, new = _ARTICLE_EDIT.match(edit.original), _ARTICLE_EDIT.match(edit.replacement)
    if old is None or new is None or old.group(2) != new.group(2) or old.group(1).lower() == new.group(1).lower():
        return [edit]
    article = edit._replace(
        end=edit.start + old.end(1), original=old.group(1), replacement=new.group(1),
        alternatives=((new.group(1), edit.confidence),) if edit.alternatives else (),
    )
    prefix = new.group(0)
    words = edit._replace(
        start=edit.start + old.end(), original=edit.original[old.end() :], replacement=edit.replacement[new.end() :],
        alternatives=tuple((alt[len(prefix) :], p) for alt, p in edit.alternatives if alt.startswith(prefix)),
    )
    return [article, words]


def _glued(source: str, before: Piece, after: Piece) -> bool:
    """Whether only character references and ``<wbr>`` tags stand between two pieces, read as
    ``after``'s joiner (the references as their characters, the tags as nothing): an edit may span
    them ("didn&rsquo;t" -> "did not", "war<wbr>fare" -> "war"), replacing them whole."""
    between = source[before.end : after.start]
    references = _WBR.sub("", between)
    if not between or (references and not _REFERENCES.fullmatch(references)):
        return False
    return after.joiner == "".join(_decoded(m.group()) for m in _REFERENCE.finditer(references))


_REFERENCE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
"""A character reference with its ';' (``&rsquo;``, ``&#8217;``, ``&#x2019;``): the spellings of a
character that :class:`_Spellings` counts, in HTML and in Markdown (CommonMark's entity and numeric
character references)."""
_REFERENCES = re.compile(f"(?:{_REFERENCE.pattern})+")
"""One or more :data:`_REFERENCE` in a row."""
_WBR = re.compile(r"<wbr(?=[\s/>])[^<>]*>", re.IGNORECASE)
"""A ``<wbr>`` tag (``<wbr/>``, ``<WBR class="x">``): a place where a line may break, which renders as
nothing. The parser reads it as an inline element, so "war<wbr>fare" joins the text as "warfare";
an edit of that word spans the tag (:func:`_glued`). Not ``<wbr-x>``, a custom element."""


def _decoded(reference: str) -> str:
    """The text a :data:`_REFERENCE` stands for: a name as HTML5's table has it with its ';' (as
    CommonMark reads it; an unknown name stands for itself), a number as ``html.unescape`` reads it."""
    if reference[1] != "#":
        return html.entities.html5.get(reference[1:], reference)
    return html.unescape(reference)


_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
"""The characters of a replacement that HTML would read as markup, and their references when the page
writes none of its own (``html.escape`` without quotes: text nodes need none)."""

_MARKDOWN_MARKUP = {
    "&": re.compile(_REFERENCE.pattern),
    "<": re.compile(r"<[A-Za-z/!?]"),
    "\\": re.compile(r"\\[!-/:-@\[-`{-~\r\n]"),
    "#": re.compile(r"(?<![^ \t])#+[ \t]*(?:[\r\n]|\Z)"),
    **dict.fromkeys("*_`[]|", re.compile(r".")),
}
"""The characters of a replacement that CommonMark may read as markup, and what they must start to be
read so: a character reference (``&amp;``), inline HTML or an autolink (``<b>``, ``</b>``, ``<!--``,
``<?``, ``<https:...>``; a letter covers a scheme and an e-mail address), a backslash escape or hard
break (``\\*``), a closing sequence of an ATX heading ("## Title #": a '#' run after a space at a
line's end), and anywhere emphasis (``*``, ``_``), a code span (a backtick), a link or image
(``[``, ``]``) or a table's cell separator (``|``; outside a table a paragraph line above a delimiter
row is a table's header). Such a one is backslash-escaped (any ASCII punctuation may be: the escape
reads as the character); a '&', '<', '\\' or '#' that starts none ("& also", "a < b", "c#") reads as
itself and is kept."""

_MARKDOWN_BLOCK_MARKERS = (
    re.compile(r"(?P<mark>\#)\#{0,5}(?=[ \t\r\n]|\Z)"),  # an ATX heading
    re.compile(r"(?P<mark>>)"),  # a block quote
    re.compile(r"(?P<mark>[-+*])(?=[ \t\r\n]|\Z)"),  # a bullet list item
    re.compile(r"[0-9]{1,9}(?P<mark>[.)])(?=[ \t\r\n]|\Z)"),  # an ordered list item
    re.compile(r"(?P<mark>~)~~"),  # a code fence (one of backticks is escaped anyway)
)
"""What a replacement would start as a block where it starts a line (:data:`_MARKDOWN_BLOCK_START`),
each with the character to escape as group ``mark``: "\\# plus", "1\\. plus". A setext underline or a
thematic break is a line of markers only, which a replacement (it holds a word) cannot make; a tag
that starts an HTML block is escaped as inline HTML is (:data:`_MARKDOWN_MARKUP`)."""
_MARKDOWN_BLOCK_START = re.compile(r"(?:[ \t]*(?:>|[-+*](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])))*[ \t]*")
"""What may stand before a replacement on its source line for it to start a block: white space and
the markers of block quotes and list items (a paragraph's continuation line too: a heading, a quote
or a list item interrupts a paragraph). It errs towards escaping, which is never read otherwise."""
_MARKDOWN_CONTEXT = 40
"""How many characters of the source after an edit are read with its replacement, to see whether a
'&', '<' or '\\' near its end would start a reference, a tag or an escape (a reference's name is at
most 32)."""


class _Spellings:
    """How a marked-up ``source`` writes a character: as itself, or as a character reference.

    The prose is repaired with its references decoded, so a replacement can hold a character the
    author writes as a reference: the apostrophe of "we&rsquo;re" gives "did not" -> "didn\u2019t".
    :meth:`edit` writes each such character as the source writes it most often (itself on a tie),
    so "didn&rsquo;t" in a page that writes "&rsquo;", which any encoding of the page can hold
    (qa17: a Latin-1 page could not be written back). The references are counted on first use.

    A replacement is text, and ``source`` is ``input_format`` (``"html"`` or ``"markdown"``): first
    what would read as markup in it is escaped (:meth:`escaped`), then the characters respelled."""

    def __init__(self, source: str, input_format: str = "html") -> None:
        self.source = source
        self.markdown = input_format == "markdown"
        self.references: dict[str, Counter[str]] | None = None

    def edit(self, edit: Edit) -> Edit:
        """``edit`` with its replacement and alternatives escaped (:meth:`escaped`) and the non-ASCII
        characters they add (not in its original) written as :meth:`spelling` says; ``edit`` itself
        when nothing is written otherwise."""
        after = self.source[edit.end : edit.end + _MARKDOWN_CONTEXT]
        line_start = max(self.source.rfind("\n", 0, edit.start), self.source.rfind("\r", 0, edit.start)) + 1
        block_start = bool(_MARKDOWN_BLOCK_START.fullmatch(self.source, line_start, edit.start))
        replacement = self._written(self.escaped(edit.replacement, after, block_start), edit.original)
        alternatives = tuple(
            (self._written(self.escaped(alt, after, block_start), edit.original), p)
            for alt, p in edit.alternatives
        )
        if replacement == edit.replacement and alternatives == edit.alternatives:
            return edit
        return edit._replace(replacement=replacement, alternatives=alternatives)

    def _written(self, text: str, original: str) -> str:
        added = {c for c in text if not c.isascii() and c not in original}
        return "".join(self.spelling(c) if c in added else c for c in text)

    def escaped(self, text: str, after: str, block_start: bool = False) -> str:
        """``text`` (a replacement, read as text) written so the source reads it as written, when
        ``after`` follows it: in HTML each '&', '<', '>' as the page writes that character's reference
        most often (``&amp;`` when it writes none); in Markdown each character that would read as
        markup (:data:`_MARKDOWN_MARKUP`), and with ``block_start`` (``text`` starts a line of the
        source, :data:`_MARKDOWN_BLOCK_START`) the marker of a block it would start
        (:data:`_MARKDOWN_BLOCK_MARKERS`), with a backslash before it."""
        if not self.markdown:
            return "".join(self._reference(c) if c in _HTML_ESCAPES else c for c in text)
        read = text + after
        marks = {i for i, c in enumerate(text) if c in _MARKDOWN_MARKUP and _MARKDOWN_MARKUP[c].match(read, i)}
        if block_start:
            starts = (p.match(read) for p in _MARKDOWN_BLOCK_MARKERS)
            marks.update(m.start("mark") for m in starts if m and m.start("mark") < len(text))
        return "".join("\\" + c if i in marks else c for i, c in enumerate(text))

    def _reference(self, char: str) -> str:
        """The reference ``source`` writes ``char`` as most often, else :data:`_HTML_ESCAPES`'."""
        self.spelling(char)  # counts the references on first use
        assert self.references is not None
        counts = Counter({k: n for k, n in self.references.get(char, Counter()).items() if k != char})
        return counts.most_common(1)[0][0] if counts else _HTML_ESCAPES[char]

    def spelling(self, char: str) -> str:
        """The way ``source`` writes ``char`` most often: ``char`` itself or one of its references."""
        if self.references is None:
            self.references = {}
            for match in _REFERENCE.finditer(self.source):
                self.references.setdefault(_decoded(match.group()), Counter())[match.group()] += 1
        counts = self.references.get(char)
        if not counts:
            return char
        if char not in counts:  # the literal count, once per character
            counts[char] = self.source.count(char)
        best, n = counts.most_common(1)[0]
        return char if n == counts[char] else best


# --------------------------------------------------------------------------- HTML


class _ProseFinder(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.pieces: list[Piece] = []
        self.skipping: list[str] = []
        self.joiner = ""

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._break(tag)
        if tag in VOID_ELEMENTS:
            return
        if self.skipping or tag in SKIPPED_ELEMENTS or _no_translate(attrs):
            self.skipping.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        self._break(tag)
        if tag in self.skipping:
            while self.skipping.pop() != tag:
                pass

    def _break(self, tag: str) -> None:
        if tag == "br":
            self.joiner += "\n"
        elif tag not in INLINE_ELEMENTS:
            self.joiner = BLOCK_BREAK

    def handle_data(self, data: str) -> None:
        start = self._offset()
        if self.skipping or self.source[start : start + len(data)] != data:
            return  # not prose, or (never seen) a position we cannot trust: leave it alone
        self.pieces.append(Piece(start, start + len(data), self.joiner))
        self.joiner = ""

    def handle_entityref(self, name: str) -> None:
        """A named reference joins the text as its character; one written without its ';' is read
        without it, as HTML does ("&nbspof" is "\xa0of", not "\xa0of;")."""
        if not self.skipping:
            end = self._offset() + 1 + len(name)
            self.joiner += html.unescape(f"&{name};" if self.source[end : end + 1] == ";" else f"&{name}")

    def handle_charref(self, name: str) -> None:
        if not self.skipping:
            self.joiner += html.unescape(f"&#{name};")


_CUT_MARKUP = re.compile(r"<[!?/A-Za-z]")
"""The start of markup a page that ends inside it (``<!--``, ``<p title="...``, ``<![CDATA[``,
``<?php``, ``</p``) leaves unparsed: :meth:`HTMLParser.close` hands it over as text data."""


def _no_translate(attrs: list[tuple[str, str | None]]) -> bool:
    """``translate="no"``, its value ASCII case-insensitive as HTML's enumerated attributes are."""
    return any(name == "translate" and (value or "").lower() == "no" for name, value in attrs)


def html_prose(source: str) -> list[Piece]:
    """The text nodes of ``source`` that are prose, in order (see the module docstring)."""
    finder = _ProseFinder(source)
    finder.feed(source)
    unparsed = finder.rawdata  # what feed() held back, waiting for the rest of a tag or comment
    cut = len(source) - len(unparsed) if _CUT_MARKUP.match(unparsed) else len(source)
    finder.close()
    return [piece for piece in finder.pieces if piece.start < cut]


# --------------------------------------------------------------------------- Markdown

_MASKS = re.compile(
    r"""
      (?<!`)(?P<tick>`+)(?!`).+?(?<!`)(?P=tick)(?!`)   # a code span (backtick runs of equal length)
    | <[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>           # an autolink <scheme:...>
    | <[^\s<>@]+@[^\s<>]+>                              # an e-mail autolink
    | (?i:<(?P<raw>code|kbd|samp|var|script|style)\b[^<>]*>)  # inline HTML code (SKIPPED_ELEMENTS):
                                                        #   the mask runs on to the closing tag
    | </?[A-Za-z][^<>]*>                                # inline HTML tags
    | (?P<comment><!--)                                 # an HTML comment, up to its '-->'
    | \]\(\s*(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)  # a link destination ](...)
        (?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)     #   with its optional title
    | \]\[[^\]]*\]                                      # a reference label ][label]
    | \[\^[^\]\[\s]+\]                                  # a footnote's label [^1], [^note] (GFM,
                                                        #   Pandoc): its reference and its definition
    | \b(?:https?|ftp)://[^\s<>]+                        # a bare URL
    | \bwww\.[^\s<>]+
    | \\`|\\(?=[!-/:-@\[-_{-~]|\r|\n)                    # a backslash escape (an escaped backtick
                                                        #   with it: it opens no code span) or hard break
    | (?<![^\s(\["'])[*_]{1,3}(?=[^\s*_])               # an emphasis opener at the start of a word
    | (?<=[^\s*_])[*_]{1,3}(?![^\s)\]"'.,;:!?])         #   and its closer at the end of one
    | (?m:^[ ]{0,3}>>>(?:[ ]{0,3}>)*[ ]?)                # the markers of a quote three deep ('>>> '): not
                                                        #   a doctest line, as plain text would read it
    """,
    re.VERBOSE | re.DOTALL,
)
"""What is masked out of a Markdown inline token's lines. An element that runs on (``<code>`` ...
``</code>``, ``<!--`` ... ``-->``) is matched by its opening alone and extended by
:class:`_Closers`: a lazy ``.*?`` up to the closer scanned to the end of the paragraph for every
opener left open, quadratic in a paragraph of many (5,000 unclosed ``<code>`` in 70 KB: 1.9 s, now
0.06 s with markdown-it's parse; 20,000 in 280 KB: 29 s, now 0.26 s). markdown-it itself cannot
mask them: its inline tokens carry no offsets into the source."""

_CLOSERS = {
    "comment": re.compile(r"-->"),
    **{tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE) for tag in ("code", "kbd", "samp", "var", "script", "style")},
}
"""The closing markup of each element that :data:`_MASKS` extends, by its opener's group or tag."""


class _Closers:
    """Where the masks of :data:`_MASKS` end in ``source[:end]``, extending each opening of an element
    that runs on to the first closer after it (as a lazy ``.*?`` would), in one pass per closer.

    Openers come in source order, so the last closer found (or none found up to ``end``) answers every
    opener before it: each stretch of ``source`` is searched at most once per kind of closer."""

    def __init__(self, source: str, end: int) -> None:
        self.source = source
        self.end = end
        self.found: dict[str, tuple[int, tuple[int, int] | None]] = {}  # kind: (searched from, first closer)

    def mask_end(self, mask: re.Match[str]) -> int | None:
        """The end of ``mask``'s masked span (offset into ``source``), or ``None`` if the element it
        opens is never closed before ``end`` (an unclosed comment masks nothing)."""
        kind = mask.lastgroup
        if kind == "raw":
            kind = mask.group("raw").lower()
        elif kind != "comment":
            return mask.end()
        closer = self._closer_end(kind, mask.end())
        if closer is None:  # an open tag with no closing tag: the tag alone, as any inline tag
            return mask.end() if kind != "comment" else None
        return closer

    def _closer_end(self, kind: str, start: int) -> int | None:
        """The end of the first closer of ``kind`` at or after ``start``, or ``None``."""
        cached = self.found.get(kind)
        if cached is not None:
            searched, span = cached
            if searched <= start and (span is None or span[0] >= start):
                return None if span is None else span[1]
        hit = _CLOSERS[kind].search(self.source, start, self.end)
        span = hit.span() if hit else None
        self.found[kind] = (start, span)
        return None if span is None else span[1]


def _masked_spans(source: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The spans of ``source[start:end]`` that :data:`_MASKS` masks out, in order, as
    ``_MASKS.finditer`` would give them with each element that runs on matched up to its closer."""
    closers = _Closers(source, end)
    pos = start
    while (mask := _MASKS.search(source, pos, end)) is not None:
        mask_end = closers.mask_end(mask)
        if mask_end is None:  # an unclosed comment: nothing masked here, look on from the next character
            pos = mask.start() + 1
            continue
        yield mask.start(), mask_end
        pos = mask_end


@lru_cache(maxsize=1)
def _markdown_parser():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt  # imported on first use: text mode never pays for it

    return MarkdownIt("commonmark").enable("table")


_FRONT_MATTER = re.compile(
    r"""
    \ufeff?
    (?: ---[ \t]*(?:\r\n|\r|\n)                      # YAML: '---', a first line 'key:' ...
        [ \t]*[^\s#:][^\r\n]*?:(?:[ \t][^\r\n]*)?(?:\r\n|\r|\n)
        (?:[^\r\n]*(?:\r\n|\r|\n))*?
        (?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|\Z)          #   ... up to '---' or '...'
    | \+\+\+[ \t]*(?:\r\n|\r|\n)                     # TOML: '+++', a first line 'key =' ...
        [ \t]*[^\s#=][^\r\n]*?[ \t]*=[^\r\n]*(?:\r\n|\r|\n)
        (?:[^\r\n]*(?:\r\n|\r|\n))*?
        \+\+\+[ \t]*(?:\r\n|\r|\n|\Z)                  #   ... up to '+++'
    )
    """,
    re.VERBOSE,
)
"""Front matter at the top of a Markdown file (Jekyll, Hugo, Pandoc): site metadata, not prose."""


_LABEL_LINK = re.compile(r"\[(?P<label>[^\[\]]+)\](?:\[\])?(?![(\[:])")
"""A link or image whose text is its reference label: collapsed ``[label][]`` or shortcut ``[label]``
(CommonMark 6.3), a link only when ``label`` is defined (:func:`_label_links`)."""


_CELL_PIPE = re.compile(r"(?<!\\)\|")
"""A table row's cell delimiter (GFM tables; ``\\|`` is a literal pipe in a cell)."""
_CODE_OPEN = re.compile(r"<(?:code|kbd|samp|var|script|style)\b", re.IGNORECASE)
"""Inline HTML whose content is code (``SKIPPED_ELEMENTS``): masked whole, and a break between the
prose before and after it."""


def _label_links(source: str, start: int, end: int, labels: Container[str]) -> list[tuple[int, int]]:
    """The collapsed and shortcut reference links of ``source[start:end]`` whose label ``labels``
    defines (CommonMark's normalised form, ``normalizeReference``): their text is the label, and a
    label edited no longer names its definition ("[spy agency][]" renders as plain text). Masked whole,
    as the labels of full references (``][label]``) and footnotes are."""
    from markdown_it.common.utils import normalizeReference

    return [
        m.span()
        for m in _LABEL_LINK.finditer(source, start, end)
        if normalizeReference(m.group("label")) in labels
    ]


def _merged(spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Sorted ``(start, end)`` spans with those that overlap made one."""
    current: tuple[int, int] | None = None
    for lo, hi in sorted(spans):
        if current is not None and lo < current[1]:
            current = (current[0], max(current[1], hi))
            continue
        if current is not None:
            yield current
        current = (lo, hi)
    if current is not None:
        yield current


def markdown_prose(source: str) -> list[Piece]:
    """The prose stretches of a Markdown ``source``, in order (see the module docstring)."""
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", source)]
    line_starts.append(len(source))
    front = _FRONT_MATTER.match(source)
    pieces: list[Piece] = []
    taken = -1  # the last line already taken: a table's cells all carry their row's lines
    env: dict[str, Any] = {}
    tokens = _markdown_parser().parse(source, env)
    labels = env.get("references", {})
    in_table = False
    for token in tokens:
        if token.type in ("table_open", "table_close"):
            in_table = token.type == "table_open"
        if token.type != "inline" or token.map is None:
            continue
        first, last = token.map
        if first < taken or (front and line_starts[first] < front.end()):
            continue
        taken = last
        start, end = line_starts[first], line_starts[min(last, len(line_starts) - 1)]
        joiner = BLOCK_BREAK
        pos = start
        masks: Iterable[tuple[int, int]] = _masked_spans(source, start, end)
        if labels or in_table:
            pipes = [m.span() for m in _CELL_PIPE.finditer(source, start, end)] if in_table else []
            masks = _merged([*masks, *(_label_links(source, start, end, labels) if labels else ()), *pipes])
        for mask_start, mask_end in masks:
            joiner = _add_prose(pieces, source, pos, mask_start, joiner)
            if source[mask_start] in "`|" or _CODE_OPEN.match(source, mask_start):
                joiner = BLOCK_BREAK  # code and table cells stand apart, as HTML's <code> and <td>
            elif source[mask_start] in "<hfw*_[" and not _WBR.fullmatch(source, mask_start, mask_end):
                joiner += " "  # (inline HTML read as nothing is glued)
            pos = mask_end
        _add_prose(pieces, source, pos, end, joiner)
    return pieces


def _add_prose(pieces: list[Piece], source: str, start: int, end: int, joiner: str) -> str:
    """Append the prose ``source[start:end]`` to ``pieces``, split at each character reference, which
    joins the text as its character as in HTML (``&nbsp;`` a no-break space, ``&rsquo;`` U+2019; the
    reference itself is never edited). A reference CommonMark does not decode (an unknown name, one
    after an escaping backslash) is prose as written. Returns the joiner still to place: ``joiner``
    and what follows it when no prose comes after, else ``""``."""
    pos = start
    for match in _REFERENCE.finditer(source, start, end):
        decoded = _decoded(match.group())
        if decoded == match.group() or _escaped(source, match.start()):
            continue
        if match.start() > pos:
            pieces.append(Piece(pos, match.start(), joiner))
            joiner = ""
        joiner += decoded
        pos = match.end()
    if end > pos:
        pieces.append(Piece(pos, end, joiner))
        joiner = ""
    return joiner


def _escaped(source: str, at: int) -> bool:
    """Whether ``source[at]`` follows an odd run of backslashes: escaped. The run is read in ``source``,
    not in the stretch of prose, so a backslash that a mask took out still escapes."""
    run = at
    while run > 0 and source[run - 1] == "\\":
        run -= 1
    return (at - run) % 2 == 1
