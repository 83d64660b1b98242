"""Candidate spans: where the channel proposes originals for what the text says.

A span is 1-5 words that stand together (no line break or paragraph between them, not glued
into a URL, handle or path) and whose lower-cased key the channel holds as a spun form. The
scan is one pass over the words with two dictionary lookups per word (the lengths of spun
forms that start with it, then the key itself); both are cached per form for the document.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import regex

from .channel import Channel, ChannelEntry
from .tokenize import WORD_RE, fold

_ATTACHED_BEFORE = frozenset("./@#_\\:")
_ATTACHED_AFTER = frozenset("@_/\\")
_LETTER_APOSTROPHE = "\u02bc"
"""U+02BC MODIFIER LETTER APOSTROPHE: ``str.isalnum`` (Lm) but no glue, as ``'`` is none: the
"1990" of "1990\u02bcs" stands free as the "1990" of "1990's" does (``textmend.tokenize.APOSTROPHES``)."""
_SENTENCE_END = frozenset(".!?;:\n\r\u2026\u3002")
_WRAP_RE = regex.compile(r"[^\S\r\n]*(?:\r\n|\r|\n)[^\S\r\n]*")
"""One line break with spaces or tabs around it: a hard-wrapped line (:meth:`Words.same_sentence`)."""


def hard_wrap(gap: str, following: str) -> bool:
    """Whether ``gap`` (the text between two words) is a hard wrap: one line break with spaces or
    tabs around it (``_WRAP_RE``) before a word whose first character ``following`` is a lower-case
    letter, as e-mail and text wrapped at 72 columns break a sentence. A headline or list item
    before a capitalised line stays apart."""
    return _WRAP_RE.fullmatch(gap) is not None and following.islower()


def gap_joins(gap: str, following: str) -> bool:
    """Whether two words with ``gap`` between them (``following``: the second word's first
    character) form one phrase: white space only, with no line break or a hard wrap
    (:func:`hard_wrap`). The rule of the channel's spans (:meth:`Words.joined`) and of the
    document's phrases (``textmend.written``)."""
    if gap == " ":
        return True
    if not gap or not gap.isspace():
        return False
    return ("\n" not in gap and "\r" not in gap) or hard_wrap(gap, following)

_CODE_RE = regex.compile(
    r"""
    ^ [^\S\n]* (?P<fence> ```++ | ~~~++ ) [^\n]* \n (?s: .*? ) ^ [^\S\n]* (?P=fence) [^\n]*
                                                  # a fenced code block (Markdown), fences included
  | (?<!`) (?P<ticks> `++ ) [^`\n]+? (?P=ticks)    # inline code: `x`, ``np.mean`` (one line)
                                                  # a run of backticks opens whole, as CommonMark
                                                  # reads it ("``x`" is no code), and possessive:
                                                  # 50 KB of backticks were minutes of backtracking
  | ^ [^\S\n]* >>> [^\n]* (?: \n [^\S\n]* \S [^\n]* )*
                                                  # a doctest example: the >>> line and the lines
                                                  # after it up to a blank one (its ... lines and
                                                  # its expected output, as doctest reads them)
    """,
    regex.VERBOSE | regex.MULTILINE,
)
"""Text that is code, not prose: its words are never candidates (``Words.boxed``)."""
_URL_RE = regex.compile(r"\b(?:https?|ftp)://[^\s<>\"]+|\bwww\.[^\s<>\"]+", regex.IGNORECASE)
"""A bare URL: ``/`` and ``.`` glue a path's words (``_ATTACHED_*``), but not a query's
``?informed=1&x=2``; every word inside the match is boxed."""
_CITATION_RE = regex.compile(
    r"""
    \[ \^ [^\[\]\s]+ \]                           # a footnote's label: [^1], [^note] (Markdown, Pandoc)
  | \[ [^\S\r\n]* \p{Nd}+ (?: [^\S\r\n]* [,;\-\u2013] [^\S\r\n]* \p{Nd}+ )* [^\S\r\n]* \]
                                                  # a citation: [1], [12], [1, 2], [3-5], [3\u20135], and
                                                  # [ 3 ] as a page's text extracted with spaces gives it
    """,
    regex.VERBOSE,
)
"""A bracketed reference mark: its words are never candidates (``Words.boxed``). A spinner rewrites
prose, not the numbers of a paper's citations, and "[1]" -> "[one]" is no repair."""
_AUTHOR = r"""(?: (?: \p{Lu}\.[ \t]* (?: -[ \t]*\p{Lu}\.[ \t]* )? ){1,4} \p{Lu}[\p{L}'\u2019\-]+   # D. J. C. MacKay
          | \p{Lu}[\p{L}'\u2019\-]+ ,[ \t]+ (?: \p{Lu}\.[ \t]* ){1,4}                        # MacKay, D. J. C.
          | \p{Lu}[\p{L}'\u2019\-]+ [ \t]+ \p{Lu}{1,3} (?= [,.] )                           # MacKay DJ, (Vancouver)
          ) (?= [,;&.] | [ \t]+ (?: and | & | et[ \t]+al\. ) [ \t] )"""   # then the next author or the title
_CHICAGO_AUTHOR = r"\p{Lu}[\p{L}'\u2019\-]+ ,[ \t]+ \p{Lu}\p{Ll}+ (?: [ \t]+ \p{Lu} (?= \. ) )? (?= [,.] )"  # Smith, John A.
_CHICAGO_YEAR = r"\. [ \t]+ (?: 1[6-9] | 20 ) \d\d [a-z]? \. (?= [ \t] | $ )"   # "... Jones. 2016. ", a sentence of its own
_ENTRY_TEXT = r"(?: [^\n] | \n(?=[ \t]*\S) )"   # an entry wrapped onto the next lines (no blank line)
_YEAR = r"\b (?: 1[6-9] | 20 ) \d\d \b \)?"
_YEAR_FIRST = (r"\( (?: 1[6-9] | 20 ) \d\d [a-z]? \)"                         # "(2009)"
               r"| \b (?: 1[6-9] | 20 ) \d\d (?: [ \t]+ \p{Lu}\p{Ll}{2} )? ;")        # "2019;12(3)", "2020 Mar;21(3)"
_LOCATOR = r"""(?: \b[Vv]ol\.[ \t]*\d+ | \bpp?\.[ \t]*\d+ (?: [-\u2013]\d+ )?      # Vol. 4, pp. 591-619
             | \b\d+[ \t]*\(\d+\)[ \t]*[:,][ \t]*[a-z]?\d+ (?: [-\u2013][a-z]?\d+ )?        # 36(1), 85-103; 21(3):e123
             | \bdoi[:.]\S* | \barXiv:\S* )"""
_REFERENCE_RE = regex.compile(
    rf"""{_AUTHOR} {_ENTRY_TEXT}{{0,300}}?
         (?: {_LOCATOR} {_ENTRY_TEXT}{{0,100}}? {_YEAR}        # "..., Vol. 4, No. 3, 1992"
           | (?: {_YEAR_FIRST} ) {_ENTRY_TEXT}{{0,300}}? {_LOCATOR} )      # "... (2009): 349-360"
       | {_CHICAGO_AUTHOR} {_ENTRY_TEXT}{{0,200}}? {_CHICAGO_YEAR} {_ENTRY_TEXT}{{0,300}}?   # Chicago author-date
         (?: {_LOCATOR} | : [ \t]+ \p{{Lu}} [^.\n:]{{0,80}} \. )      # to its pages or its "City: Publisher."
       | ^ @ [A-Za-z]+ [ \t]* \{{ [^\n]* (?: \n (?! \}} ) [^\n]* ){{0,40}} \n \}}   # a BibTeX entry, from "@article" to its closing line
    """,
    regex.VERBOSE | regex.MULTILINE,
)
"""A bibliography entry, from its first author to its year and its volume, pages, DOI or arXiv number:
"D. J. C. MacKay, Bayesian Interpolation, Computation and Neural Systems, Vol. 4, No. 3, 1992". Its words
are never candidates (``Words.boxed``): a spinner rewrites prose, not the titles and journals a paper cites,
and those read as a new user's spun names ("Neural Systems" -> "Neural Networks" was the last term edit on
clean science prose, ``benchmarks/TORTURED.md``). It finds 24 entries in 17 of the 96 docstrings of scikit-learn,
scipy and statsmodels and none in 911 clean news articles. A year before the locator counts in brackets or
before ";" only: "A. Gramsci, in notebooks written in 1929, stated ... (p. 12)" is prose (a new user's probe).
A Chicago author-date entry ("Smith, John, and Kate Jones. 2016. Title. Journal 129 (2): 45-67.", "Gramsci,
Antonio. 1971. Selections from the Prison Notebooks. London: Lawrence and Wishart.") is its first author,
surname first with a forename written out, then its year as a sentence of its own, and it ends with its
locator or a book's "City: Publisher." (a new user's probe, 2026-12-03; running it to its line's end left
the prose after it on the same line unrepaired, another probe's)."""
REFERENCE_REACH = 600
"""How far around a window a bibliography entry that reaches into it may begin or end (characters)."""
URL_REACH = 4096
"""How far before a window's first word a URL that reaches into the window may begin (characters)."""
_TOKEN_TAIL = regex.compile(r"\S*", regex.REVERSE)
"""The non-space run that ends where the match is asked to end (matched backwards)."""
TITLE_WORDS = frozenset("a an the and but or nor for of on in to at by as up via with from into vs".split())
"""Short words that title case writes in lower case ("Prisoner of War", "Gone with the Wind"): no
sign of running text around a capital (:meth:`Words.among_capitals`)."""
CAPITALS_RUN = 3
"""Capitalised words that :meth:`Words.among_capitals` needs in its reach: a name of two ("North
Korean") between lower-case words is running text."""
_INNER_CAPITAL = regex.compile(r"[\p{Ll}\p{Nd}]\p{Lu}")
"""A capital after a lower-case letter or a digit inside a word: camelCase, ``2D``, ``MacKay``."""
_NAME_NUMERAL = regex.compile(r"(?=[MDCLXVI]{2})M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
"""A Roman numeral in capitals, two letters or more (``II``, ``VIII``, ``XIV``): after a capitalised
word it numbers a name ("World War II", "Henry VIII"), which a spinner does not write (WordNet's
synset {two, 2, II} made "World War II" -> "World War 2" an edit). Capital acronyms that read as
numerals ("Washington DC", "a Sony CD") are boxed too: a spinner writes capitals only where the
author did."""

_IDENTIFIER_RE = regex.compile(r"[\p{L}\p{N}]+(?:_+[\p{L}\p{N}]+)+|_+[\p{L}\p{N}]+|[\p{L}\p{N}]+_+")
"""A snake_case identifier (``n_estimators``, ``_private``, ``coef_``)."""

USER_SOURCE = "user"
"""The source name of a user's extra spin pairs (``Config.extra_pairs``)."""


class Span(NamedTuple):
    """One observed span with the channel's candidate originals for it."""

    first: int
    """Index of its first word in the window."""
    last: int
    """Index of its last word (inclusive)."""
    key: str
    """The spun form as a channel key (lower case, single-spaced)."""
    entries: tuple[ChannelEntry, ...]
    """Candidate originals, best channel weight first."""


class Words:
    """The words of ``text[lo:hi]`` with their offsets, lower-cased with apostrophes folded to
    ``'`` (``lowers``, the lookup keys: :func:`textmend.tokenize.fold`), and how they join.

    ``starts``/``ends`` are ``str`` offsets into ``text``; ``code`` holds the (start, end)
    offsets of inline code and doctest lines (``_CODE_RE``), sorted.
    """

    __slots__ = ("_after_free", "_before_free", "_inner", "_joins", "_same", "code", "ends", "lowers", "starts", "text")

    def __init__(self, text: str, lo: int = 0, hi: int | None = None) -> None:
        self.text = text
        hi = len(text) if hi is None else hi
        spans = [m.span() for m in WORD_RE.finditer(text, lo, hi)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        lowered = fold(text[lo:hi].lower())  # fold keeps the length
        if len(lowered) == hi - lo:
            self.lowers = [lowered[s - lo : e - lo] for s, e in spans]
        else:  # a character lower-cases to several (e.g. "İ"): lower word by word
            self.lowers = [fold(text[s:e].lower()) for s, e in spans]
        self._joins: list[bool] | None = None
        """Per word: :meth:`joined` (built for all words on first use)."""
        self._same: list[bool] | None = None
        """Per word: :meth:`same_sentence` (built for all words on first use)."""
        self._inner: list[bool] | None = None
        """Per word: it holds a capital inside it (``_INNER_CAPITAL``) or is a name's Roman numeral
        (``_NAME_NUMERAL``); built on first use."""
        self._before_free: list[bool] = []
        self._after_free: list[bool] = []
        """Per word: nothing glues its start (end) to the text around it (built with ``_inner``)."""
        self.code: list[tuple[int, int]] = []
        if "`" in lowered or ">>>" in lowered or "~~~" in lowered:
            self.code = [m.span() for m in _CODE_RE.finditer(text, lo, hi)]

    def __len__(self) -> int:
        return len(self.starts)

    def joined(self, i: int) -> bool:
        """Whether word ``i`` follows word ``i - 1`` with only white space (:func:`gap_joins`). An edit that would replace the line break is dropped later
        (``textmend.api``'s line check): "prisoner\\nof warfare" -> "war" edits "warfare" alone."""
        if i <= 0 or i >= len(self.starts):
            return False
        joins = self._joins
        if joins is None:
            joins = self._joins = self._all_joins()
        return joins[i]

    def _all_joins(self) -> list[bool]:
        """:meth:`_gap_joins` of every word (index 0: ``False``)."""
        text, starts, ends = self.text, self.starts, self.ends
        gaps = [text[ends[i - 1] : starts[i]] for i in range(1, len(starts))]
        return [False, *[gap == " " or self._gap_joins(i) for i, gap in enumerate(gaps, 1)]]

    def _gap_joins(self, i: int) -> bool:
        if i <= 0 or i >= len(self.starts):
            return False
        return gap_joins(self.text[self.ends[i - 1] : self.starts[i]], self.text[self.starts[i]])

    def same_sentence(self, i: int) -> bool:
        """Whether word ``i`` continues the sentence of word ``i - 1`` (for the LM's context).

        A gap holding a sentence end (``_SENTENCE_END``: punctuation or a line break) ends the
        sentence, except a hard wrap (:func:`hard_wrap`).
        """
        if i <= 0 or i >= len(self.starts):
            return False
        same = self._same
        if same is None:
            text, starts, ends = self.text, self.starts, self.ends
            same = [False]
            for k in range(1, len(starts)):
                gap = text[ends[k - 1] : starts[k]]
                same.append(gap == " " or not any(c in _SENTENCE_END for c in gap) or hard_wrap(gap, text[starts[k]]))
            self._same = same
        return same[i]

    def among_capitals(self, first: int, last: int) -> bool:
        """Whether words ``first..last`` stand among capitals: every word from two before ``first``
        to two after ``last`` within their sentence that begins with a letter begins with a capital
        (at least ``CAPITALS_RUN`` of them), short lower-case title words (``TITLE_WORDS``: "of",
        "the") aside. A headline in title case or a line in capitals: there a capital marks no name,
        where one among lower-case words does (``textmend.detect``'s ``capitalised``). The reach is
        the LM context's (``textmend.recheck.MARGIN``)."""
        lo, hi = first, last
        while lo > first - 2 and self.same_sentence(lo):
            lo -= 1
        while hi < last + 2 and self.same_sentence(hi + 1):
            hi += 1
        text, starts, lowers = self.text, self.starts, self.lowers
        capitals = 0
        for k in range(lo, hi + 1):
            c = text[starts[k]]
            if c.isupper():
                capitals += 1
            elif c.islower() and lowers[k] not in TITLE_WORDS:
                return False
        return capitals >= CAPITALS_RUN

    def run_ok(self, first: int, last: int) -> bool:
        """Whether words ``first..last`` exist and form one unbroken phrase."""
        if first < 0 or last >= len(self.starts):
            return False
        joins = self._joins
        if joins is None:
            joins = self._joins = self._all_joins()
        if last == first + 1:  # the most common case: two words
            return joins[last]
        return all(joins[first + 1 : last + 1])

    def boxed(self, first: int, last: int) -> bool:
        """Whether the span is not prose: glued into a URL, handle, path or identifier, inside
        inline code or a doctest line, holding a word with a capital inside it (camelCase,
        ``2D``: a spinner writes its thesaurus's words in lower, title or upper case), a name's
        Roman numeral (``_NAME_NUMERAL``), a word of a citation or footnote label ("[1]",
        "[^note]": ``_CITATION_RE``) or of a bibliography entry (``_REFERENCE_RE``)."""
        if self.code:
            start, end = self.starts[first], self.ends[last]
            k = bisect.bisect_right(self.code, (end, end)) - 1
            if k >= 0 and self.code[k][1] > start:
                return True
        inner = self._inner
        if inner is None:
            inner = self._word_flags()
        if not (self._before_free[first] and self._after_free[last]):
            return True
        if first == last:
            return inner[first]
        return True in inner[first : last + 1]

    def _word_flags(self) -> list[bool]:
        """Fill ``_inner``, ``_before_free`` and ``_after_free`` (what :meth:`boxed` asks of each
        word, once per word)."""
        text, size = self.text, len(self.text)
        search = _INNER_CAPITAL.search
        inner = self._inner = [search(text, s, e) is not None for s, e in zip(self.starts, self.ends)]
        numeral = _NAME_NUMERAL.fullmatch
        for i in range(1, len(inner)):
            if numeral(text, self.starts[i], self.ends[i]) and text[self.starts[i - 1]].isupper():
                inner[i] = True
        lo = self.starts[0] if self.starts else 0
        hi = self.ends[-1] if self.ends else 0
        lo -= len(_TOKEN_TAIL.match(text, max(0, lo - URL_REACH), lo).group())  # a URL begun before the window
        window = text[lo:hi]
        if "://" in window or "www." in window.lower():
            for url in _URL_RE.finditer(text, lo, hi):
                first = bisect.bisect_left(self.starts, url.start())
                last = bisect.bisect_left(self.starts, url.end())
                for i in range(first, last):
                    inner[i] = True
        reach_lo, reach_hi = max(0, lo - REFERENCE_REACH), min(size, hi + REFERENCE_REACH)
        for entry in _REFERENCE_RE.finditer(text, reach_lo, reach_hi):
            if entry.end() > lo and entry.start() < hi:
                first = bisect.bisect_left(self.starts, entry.start())
                last = bisect.bisect_left(self.starts, entry.end())
                for i in range(first, last):
                    inner[i] = True
        if "[" in window:  # a word's "[" is before it: within the non-space run lo reaches back over
            for mark in _CITATION_RE.finditer(text, lo, min(size, hi + 1)):
                first = bisect.bisect_left(self.starts, mark.start())
                last = bisect.bisect_left(self.starts, mark.end())
                for i in range(first, last):
                    inner[i] = True
        before_free = []
        for start in self.starts:
            before = text[start - 1] if start > 0 else ""
            # alnum: cut at a window edge (U+02BC, a letter to Unicode, is an apostrophe: _LETTER_APOSTROPHE)
            before_free.append(not before or not (
                before in _ATTACHED_BEFORE or (before.isalnum() and before != _LETTER_APOSTROPHE)))
        after_free = []
        for end in self.ends:
            after = text[end] if end < size else ""
            after_free.append(not after or not (
                after in _ATTACHED_AFTER or (after.isalnum() and after != _LETTER_APOSTROPHE)
                or (after == "." and end + 1 < size and text[end + 1].isalnum())))
        self._before_free, self._after_free = before_free, after_free
        return inner


class UserPairs(NamedTuple):
    """A user's extra spin pairs as a lookup table."""

    originals: dict[str, str]
    """Spun key -> original."""
    lengths: dict[str, tuple[int, ...]]
    """First word -> token lengths of the spun keys that start with it, longest first."""


def user_pairs(pairs: tuple[tuple[str, str], ...]) -> UserPairs:
    """Index ``Config.extra_pairs`` (``(spun, original)``) by key; originals with apostrophes
    folded to ``'`` as the channel's (the rewrite writes the author's: ``textmend.rewrite``)."""
    from .tokenize import phrase_key

    originals: dict[str, str] = {}
    by_first: dict[str, set[int]] = {}
    for spun, original in pairs:
        key = phrase_key(spun)
        if not key:
            continue
        originals[key] = fold(original)
        toks = key.split(" ")
        by_first.setdefault(toks[0], set()).add(len(toks))
    return UserPairs(originals, {w: tuple(sorted(n, reverse=True)) for w, n in by_first.items()})


def scan(
    words: Words, channel: Channel, user: UserPairs, allow: frozenset[str], starts: Iterable[int] | None = None,
    limit: int | None = None,
) -> Iterator[Span]:
    """Every candidate span of ``words``, in word order (overlapping spans included).

    With ``limit`` (``>= 1``; otherwise ignored), each span holds only its ``limit`` best
    candidates (:meth:`Channel.best`): for a caller that uses no more (``textmend.detect``
    scores ``max_candidates``).

    A user pair replaces the channel's candidates for its key; keys in ``allow`` (lower
    case, single-spaced) and spans containing them are skipped. ``starts`` (ascending word
    indices) limits the scan to spans that start there (``textmend.recheck``).
    """
    lowers = words.lowers
    if limit is not None and limit < 1:
        limit = None  # entries[:0] or [:-k] would drop spans that have candidates
    lengths_cache: dict[str, tuple[int, ...]] = {}
    entry_cache: dict[str, tuple[ChannelEntry, ...]] = {}
    user_lengths = user.lengths
    for i in range(len(lowers)) if starts is None else starts:
        word = lowers[i]
        lengths = lengths_cache.get(word)
        if lengths is None:
            lengths = lengths_cache[word] = tuple(
                sorted(set(channel.lengths(word)) | set(user_lengths.get(word, ())), reverse=True)
            )
        for n in lengths:
            last = i + n - 1
            if n > 1 and not words.run_ok(i, last):
                continue
            if last >= len(lowers) or words.boxed(i, last):
                continue
            key = word if n == 1 else " ".join(lowers[i : last + 1])
            if key in user.originals:
                entries: tuple[ChannelEntry, ...] = (ChannelEntry(user.originals[key], 0.0, (USER_SOURCE,), USER_SOURCE),)
            else:
                cached = entry_cache.get(key)
                if cached is None:
                    cached = entry_cache[key] = (channel.candidates(key) if limit is None
                                                 else channel.best(key, limit))
                entries = cached
            if not entries:
                continue
            if allow and _allowed(words, i, last, allow):
                continue
            yield Span(i, last, key, entries)


def _allowed(words: Words, first: int, last: int, allow: frozenset[str]) -> bool:
    """Whether an allow-listed phrase covers or overlaps words ``first..last`` (within 4 words)."""
    lowers = words.lowers
    for lo in range(max(0, first - 4), last + 1):
        for hi in range(max(lo, first), min(len(lowers), lo + 6)):
            if " ".join(lowers[lo : hi + 1]) in allow:
                return True
    return False


def code_words(text: str) -> frozenset[str]:
    """The words ``text`` writes as code: the lower-cased words of its inline code and doctest
    lines (``_CODE_RE``) and the parts of its snake_case identifiers, each also without a plural
    -s ("n_estimators" gives "estimators" and "estimator"). A spinner rewrites prose, not code, so
    these are the author's own words wherever they stand (``textmend.detect``). Apostrophes are
    folded to ``'``, as :attr:`Words.lowers`."""
    if "_" not in text and "`" not in text and ">>>" not in text and "~~~" not in text:
        return frozenset()
    found: set[str] = set()
    for m in _CODE_RE.finditer(text):
        found.update(fold(w.lower()) for w in WORD_RE.findall(m.group()))
    for m in _IDENTIFIER_RE.finditer(text):
        found.update(fold(part.lower()) for part in m.group().split("_") if part)
    found.update([w[:-1] for w in found if w.endswith("s") and len(w) > 3])
    return frozenset(w for w in found if len(w) > 2 and not w.isdigit())
