"""The rewriter: shape proposals to their place, pick non-overlapping ones, apply them.

Shaping keeps the spun text's case (lower, Title, UPPER; a digit that opens a sentence gets a
capital: "2 of the men" -> "Two of the men") and apostrophe (the channel's
originals write ``'``; a text that writes "it\u2019s" gets "it\u2019s": :func:`match_apostrophes`)
and fixes a preceding "a"/"an" when the replacement starts with a different sound. Inflection is
already right: the channel lists every inflected form. An edit's explanation quotes its span with
the author's case (:func:`explanation`). Applying touches nothing else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

import regex

from .articles import article_for
from .detect import Analysis, Finding
from .model import Edit, apply_edits
from .tokenize import APOSTROPHES, INNER_APOSTROPHE, WORD_RE, apostrophe_of, fold, foldable

_ARTICLE_BEFORE = regex.compile(
    r"(?<![\p{L}\p{N}'\u2019\u2018\-])(an?)((?=\s)[^\S\r\n]*(?:\r\n|\r|\n)?[^\S\r\n]*"
    r"[\"'\u201c\u2018(\[*_]{0,4})\Z",
    regex.IGNORECASE,
)
""""a"/"an", the white space after it (one line break at most: a hard wrap, which the LM's
window reads across, ``textmend.candidates.hard_wrap``) and up to four opening quotes, brackets or
Markdown emphasis marks (``an "irregular backwoods"``, ``an [irregular backwoods](/rf)``, ``an
**irregular backwoods**``), ending where the edit starts; the edit keeps what stands between."""
_LOOKBEHIND = 12
_OPENING_MARKS = regex.compile(r"(?:[\s\"'\u201c\u2018\u201d\u2019(\[{*_#>]|<[^<>\n]*>)+\Z")
"""What may stand between a sentence's end and its first word: white space, quotes, brackets, Markdown
emphasis and heading or quote marks, HTML tags ("... dawn.\" **2 of"; "<p>2 of")."""
_SENTENCE_REACH = 200
"""How far before a span :func:`_opens_sentence` looks (characters)."""


_LIST_ITEM = regex.compile(r"(?:\A|\n)[ \t]*(?:[-+*\u2022]|\d{1,3}[.)])\Z")
"""A list item's marker at its line's start ("- ", "1. ", "2) "): the item's first word opens a sentence."""
_ABBREVIATION = regex.compile(
    r"(?:\b(?:mr|mrs|ms|dr|prof|st|mt|no|nos|vs|approx|etc|inc|ltd|co|corp|jr|sr|gen|col|lt|sgt|capt|rev|gov|sen|rep"
    r"|fig|figs|p|pp|vol|ch|sec|art|para|ca|cf|est|dept|univ|ave|rd|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"|\b\p{L}(?:\.\p{L})+)\.\Z",
    regex.IGNORECASE,
)
"""A "." that ends an abbreviation, not a sentence: "Mr.", "approx.", "e.g.", "U.S.", "p.m." ("Mr. 2 troopers"
is no sentence's start; a new user's probe, 2026-12-03)."""


def _opens_sentence(text: str, start: int) -> bool:
    """Whether ``text[start:]`` begins a sentence: only :data:`_OPENING_MARKS` stand between it and the
    text's start, a blank line, a list item's marker, or a ".", "!" or "?" that ends no abbreviation
    (``start``: a ``str`` offset into ``text``)."""
    lo = max(0, start - _SENTENCE_REACH)
    before = text[lo:start]
    marks = _OPENING_MARKS.search(before)
    rest = before[: marks.start()] if marks is not None else before
    if marks is not None and "\n\n" in marks.group().replace("\r", ""):
        return True
    if _LIST_ITEM.search(before.rstrip(" \t")) is not None:
        return True
    if not rest:
        return lo == 0
    if rest[-1] in "!?":
        return True
    return rest[-1] == "." and _ABBREVIATION.search(rest) is None


def match_case(spun: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``spun``: UPPER, Title, Each Word Title or lower
    (an apostrophe is no letter, U+02BC included: "DON\u02bcT" is UPPER)."""
    letters = [c for c in fold(spun) if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return replacement.upper()
    spun_words = spun.split()
    if len(spun_words) > 1 and all(w[:1].isupper() for w in spun_words):
        return " ".join(w[:1].upper() + w[1:] for w in replacement.split(" "))
    if spun[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def match_apostrophes(text: str, start: int, end: int, replacement: str) -> str:
    """``replacement`` with every apostrophe (``textmend.tokenize.APOSTROPHES``) written as the
    author writes it: as inside a word of ``text[start:end]`` ("didn\u2019t" -> "did not" has none to
    write, "it\u2019s" -> "that\u2019s" keeps U+2019), else as most words of ``text`` do
    (:func:`_text_apostrophe`; "it is" -> "it\u2019s" in a text that writes "don\u2019t"). ``start``,
    ``end``: ``str`` offsets into ``text``."""
    if "'" not in replacement and not foldable(replacement):
        return replacement
    if not foldable(text):  # ASCII apostrophes only: the channel's own
        return fold(replacement)
    mark = apostrophe_of(text[start:end]) or _text_apostrophe(text)
    return replacement.translate(str.maketrans(dict.fromkeys(APOSTROPHES, mark)))


@lru_cache(maxsize=1)  # asked for each finding of one text (all_edits); holds that one text
def _text_apostrophe(text: str) -> str:
    """The apostrophe ``text`` writes inside words most often; in a text with none inside a word,
    the one it writes most anywhere ("banks\u2019", "\u2019chip\u2019": a text in U+2019 whose one
    contraction was spun gets no ASCII ``'``); on a tie ``'``, else the first of
    ``textmend.tokenize.APOSTROPHES`` (U+2019 before U+2018: a text that quotes with "\u2018...\u2019"
    writes as many of each)."""
    counts = Counter(m.group(1) for m in INNER_APOSTROPHE.finditer(text))
    if not counts:
        counts = Counter({mark: text.count(mark) for mark in APOSTROPHES})
    return max(APOSTROPHES, key=lambda mark: (counts[mark], mark == "'"))


def shape(text: str, finding: Finding) -> Edit:
    """The :class:`Edit` for one finding, with case and article fitted to ``text``.

    The alternatives are fitted the same way, to the edit's own span, so the first is the
    replacement and any of them can replace ``text[start:end]``; a candidate that would
    change other words than the edit's ("stag party" for the "spy" of "spy company" ->
    "agency") is left out.
    """
    start, end, proposal = _trim_shared_words(text, finding.start, finding.end, finding.replacement)
    edit_start, replacement = _fit(text, start, end, proposal)
    alternatives = []
    for candidate, p in finding.alternatives:
        alt_start, alt_end, alt_proposal = _trim_shared_words(text, finding.start, finding.end, candidate)
        if (alt_start, alt_end) != (start, end):
            continue
        fitted_start, fitted = _fit(text, start, end, alt_proposal)
        if fitted_start < edit_start:  # it needs a different "a"/"an" outside the edit
            continue
        alternatives.append((text[edit_start:fitted_start] + fitted, p))
    return Edit(
        start=edit_start,
        end=end,
        original=text[edit_start:end],
        replacement=replacement,
        confidence=finding.confidence,
        rule=finding.rule,
        explanation=explanation(text, finding),
        alternatives=tuple(alternatives),
        evidence=finding.evidence,
    )


def explanation(text: str, finding: Finding) -> str:
    """``finding``'s explanation quoting its span as written in ``text``: the words of the key with
    their case ("'informed the BBC'", not the key's "'informed the bbc'"), and the original with each
    word the span holds in the same case and the span's pattern (:func:`match_case`: "'told the BBC'",
    "'INFORMED THE BBC'" for "'TOLD THE BBC'"). Only case: apostrophes stay folded to ``'`` and words
    are single-spaced, as in the key (``textmend.tokenize.phrase_key``)."""
    written = [fold(m.group()) for m in WORD_RE.finditer(text, finding.start, finding.end)]
    key = finding.key.split(" ")
    if [w.lower() for w in written] != key:  # (never seen) a span that does not spell its key
        return finding.explanation
    as_written: dict[str, str] = {}
    for word, lower in zip(written, key):
        as_written.setdefault(lower, word)
    shown = " ".join(written)
    original = match_case(shown, " ".join(as_written.get(w, w) for w in finding.replacement.split(" ")))
    return finding._replace(key=shown, replacement=original).explanation


def _fit(text: str, start: int, end: int, proposal: str) -> tuple[int, str]:
    """``proposal`` for ``text[start:end]`` with its case and apostrophes (:func:`match_apostrophes`),
    the span's own white space between words (:func:`keep_gaps`), and a preceding "a"/"an" changed
    when the sound changes: the (possibly earlier) start and the replacement."""
    replacement = match_case(text[start:end], match_apostrophes(text, start, end, proposal))
    if replacement[:1].islower() and not any(c.isalpha() for c in text[start:end]) and _opens_sentence(text, start):
        replacement = replacement[:1].upper() + replacement[1:]  # digits have no case: "2 of the" -> "Two of the"
    replacement = keep_gaps(text, start, end, replacement)
    # search the real text (bounded), so the look-behind sees the character before "a"/"an"
    article = _ARTICLE_BEFORE.search(text, max(0, start - _LOOKBEHIND), start)
    if article is not None and proposal[:1].isalpha() and proposal.split(" ")[0] not in ("a", "an"):
        old = article.group(1)
        new = article_for(proposal)
        if old.lower() != new:
            new = match_case(old, new) if old != "A" else "A" if new == "a" else "An"
            return start - len(article.group(0)), new + article.group(2) + replacement
    return start, replacement


def keep_gaps(text: str, start: int, end: int, replacement: str) -> str:
    """``replacement`` (words single-spaced) with the white space the author put between the words of
    ``text[start:end]`` when it has as many words: "large\u00a0canine" -> "big\u00a0dog", a no-break
    space (or two spaces, a tab) kept where it stood rather than turned into a plain space. A gap that
    holds a line break stays a space (``textmend.api`` leaves out an edit that would join lines).
    ``start``, ``end``: ``str`` offsets into ``text``."""
    if " " not in replacement:
        return replacement
    spans = [m.span() for m in WORD_RE.finditer(text, start, end)]
    new = replacement.split(" ")
    if len(spans) != len(new):
        return replacement
    gaps = [text[a : b] for (_, a), (b, _) in zip(spans, spans[1:])]
    if all(g == " " for g in gaps):
        return replacement
    kept = [g if g and g.isspace() and "\n" not in g and "\r" not in g else " " for g in gaps]
    return "".join(w + g for w, g in zip(new, [*kept, ""]))


def _trim_shared_words(text: str, start: int, end: int, proposal: str) -> tuple[int, int, str]:
    """Narrow an edit to the words that change: "prisoner of warfare" -> "war" edits "warfare"
    (words compared as keys: "it\u2019s" is the "it's" of a proposal, ``textmend.tokenize.fold``, and
    "Apple" the "apple" of a user's original: a word both hold keeps the author's case)."""
    spans = [m.span() for m in WORD_RE.finditer(text, start, end)]
    new = proposal.split(" ")
    while len(spans) > 1 and len(new) > 1 and fold(text[spans[0][0] : spans[0][1]].lower()) == fold(new[0].lower()):
        spans.pop(0)
        new.pop(0)
    while len(spans) > 1 and len(new) > 1 and fold(text[spans[-1][0] : spans[-1][1]].lower()) == fold(new[-1].lower()):
        spans.pop()
        new.pop()
    if not spans:
        return start, end, proposal
    return spans[0][0], spans[-1][1], " ".join(new)


def choose(edits: Iterable[Edit], threshold: float) -> tuple[tuple[Edit, ...], tuple[Edit, ...]]:
    """Split findings into applied edits and suggestions, dropping overlaps.

    Higher confidence wins an overlap, then the longer span; both lists come back in text order.
    """
    taken: list[Edit] = []
    for cluster in _overlap_clusters(e for e in edits if e.replacement != e.original):
        taken.extend(_best_disjoint(cluster) if len(cluster) > 1 else cluster)
    taken.sort(key=lambda e: e.start)
    applied = tuple(e for e in taken if e.confidence >= threshold)
    suggested = tuple(e for e in taken if e.confidence < threshold)
    return applied, suggested


def _overlap_clusters(edits: Iterable[Edit]) -> Iterator[list[Edit]]:
    """Group edits into runs that overlap one another (text order): overlaps stay local."""
    cluster: list[Edit] = []
    cluster_end = -1
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if cluster and edit.start >= cluster_end:
            yield cluster
            cluster = []
        cluster.append(edit)
        cluster_end = max(cluster_end, edit.end) if len(cluster) > 1 else edit.end
    if cluster:
        yield cluster


def _best_disjoint(cluster: list[Edit]) -> list[Edit]:
    """Within one cluster: higher confidence first, then the longer span, greedily."""
    ranked = sorted(cluster, key=lambda e: (-e.confidence, -(e.end - e.start), e.start))
    taken: list[Edit] = []
    for edit in ranked:
        if all(edit.end <= t.start or t.end <= edit.start for t in taken):
            taken.append(edit)
    return taken


def all_edits(text: str, analysis: Analysis, floor: float = 0.0) -> list[Edit]:
    """Every finding of ``analysis`` at or above ``floor`` as a shaped :class:`Edit`, in text order.

    Findings of overlapping spans can shape to one edit ("spy company" -> "spy agency" and
    "company" -> "agency" both replace "company" by "agency"): of those, the most confident
    stays (then the first found), so a (start, end, replacement) is listed once. :func:`choose`
    would keep the same one, so the repair does not change."""
    best: dict[tuple[int, int, str], Edit] = {}
    for f in analysis.findings:
        if f.confidence >= floor:
            e = shape(text, f)
            key = (e.start, e.end, e.replacement)
            if key not in best or e.confidence > best[key].confidence:
                best[key] = e
    return sorted(best.values(), key=lambda e: (e.start, e.end))


def rewrite(text: str, edits: tuple[Edit, ...]) -> str:
    """Apply the chosen edits; every other character stays as it was."""
    return apply_edits(text, edits)
