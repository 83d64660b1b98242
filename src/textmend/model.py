"""The records textmend hands back: small, immutable, picklable.

Offsets are always Python ``str`` indices into the caller's original text,
never into a normalised copy, so ``text[edit.start:edit.end] == edit.original``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .fielddocs import document_fields


class Evidence(NamedTuple):
    """Why the engine proposed an edit: the terms of its noisy-channel posterior.

    The posterior of an original ``o`` for an observed span ``s`` is
    ``rho * C(s | o) * P_lm(o | context)`` against ``(1 - rho) * P_lm(s | context)``
    (see ARCHITECTURE.md, "The model"); each field is one factor, in log10 units.
    """

    channel: float
    """log10 C(s | o): how likely a spinner writes the observed span for the original."""
    language_model: float
    """log10 P_lm(o | context) - log10 P_lm(s | context), two words each side."""
    document: float
    """log10 odds added by document evidence (the original written unspun elsewhere)."""
    spin_rate: float
    """rho, the estimated share of eligible words the spinner changed in this region (0-1)."""
    sources: tuple[str, ...] = ()
    """The channel sources that hold the pair (``curated``, ``mined``, ``moby``, ...)."""


class Region(NamedTuple):
    """A stretch of the input (a paragraph or a window) with its own spin-rate estimate."""

    start: int
    """Offset of the region's first character in the input ``str``."""
    end: int
    """Offset just past the region."""
    spin_rate: float
    """rho: the estimated share of eligible words spun in this region (0-1)."""
    spin_score: float = 0.0
    """The spin score of the text this region was estimated with (0-1): the document's, or, in a
    text of at least twice the spin-rate model's window (``textmend.spin_rate_windows``), its estimation
    window's. ``Result.spin_score`` is the highest: the regions that have it are what drove it."""


class Edit(NamedTuple):
    """One proposed repair of a spun span."""

    start: int
    """Offset of the first character of the spun span in the input ``str``."""
    end: int
    """Offset just past the spun span (``text[start:end] == original``)."""
    original: str
    """The spun text as it stands in the input."""
    replacement: str
    """The phrasing textmend believes the author wrote."""
    confidence: float
    """How sure textmend is, from 0 to 1; edits at or above the threshold are applied."""
    rule: str
    """Stable id of what proposed it: ``function-word``, ``number``, ``mined``, ``curated``,
    ``thesaurus``, ``tortured``, ``term`` or ``user`` (``textmend.posterior.RULES``)."""
    explanation: str
    """One short human sentence saying why."""
    alternatives: tuple[tuple[str, float], ...] = ()
    """Up to 3 candidate originals, best first, like LanguageTool's replacements: the first is
    ``(replacement, confidence)``; the others are the span's likeliest other originals among
    *all* the channel's candidates (the edit itself is decided on the best 12 by channel weight),
    each with its noisy-channel posterior P(original | span, context), 0-1, at the region's spin
    rate with the thesauri's counts tempered (``textmend.alternatives``): a ranking score, not a
    calibrated probability like ``confidence``, so it may exceed a low first confidence. An edit
    that merges two rounds of repair has none."""
    evidence: Evidence | None = None
    """The factors behind ``confidence``; ``None`` for rules that are not scored (user pairs)."""


class Result(NamedTuple):
    """What :func:`textmend.repair` returns."""

    text: str
    """The repaired text."""
    edits: tuple[Edit, ...]
    """Applied edits, in text order, non-overlapping."""
    suggestions: tuple[Edit, ...]
    """Findings below the apply threshold, in text order; not applied."""
    spin_score: float
    """How spun the whole document looks, from 0 (clean) to 1 (heavily spun)."""
    regions: tuple[Region, ...] = ()
    """The regions the spin rate was estimated on, in text order, with their rates."""

    def _repr_html_(self) -> str:
        """The review page of this result, for notebooks (see :func:`textmend.report.to_html`)."""
        from .report import to_html

        return to_html(self, title="textmend result")


def compose_edits(text: str, first: "Sequence[Edit]", second: "Sequence[Edit]") -> list[Edit]:
    """Edits on ``text`` equal to applying ``first``, then ``second`` (offsets into the result).

    A second edit that touches a first one's replacement merges with it into one edit of
    ``text``; merged edits keep the later rule and explanation and the lower confidence,
    and vanish if they give back the original text.
    """
    spans = []  # (start, end) in the text after ``first``, with the edit
    shift = 0
    for edit in first:
        start = edit.start + shift
        spans.append((start, start + len(edit.replacement), edit, 1))
        shift += len(edit.replacement) - (edit.end - edit.start)
    middle = apply_edits(text, first)
    spans += [(e.start, e.end, e, 2) for e in second]
    spans.sort(key=lambda s: (s[0], s[1], s[3]))
    clusters: list[list[tuple[int, int, Edit, int]]] = []
    end = -1
    for span in spans:
        if clusters and span[0] < end:
            clusters[-1].append(span)
            end = max(end, span[1])
        else:
            clusters.append([span])
            end = span[1]
    result: list[Edit] = []
    shift = 0  # length change of the first edits before the current position
    for cluster in clusters:
        firsts = [e for _, _, e, round_ in cluster if round_ == 1]
        seconds = [(s, e, edit) for s, e, edit, round_ in cluster if round_ == 2]
        if not seconds:
            result.extend(firsts)
            shift += sum(len(e.replacement) - (e.end - e.start) for e in firsts)
            continue
        lo = min(s for s, _, _, _ in cluster)
        hi = max(e for _, e, _, _ in cluster)
        growth = sum(len(e.replacement) - (e.end - e.start) for e in firsts)
        start, end_in_text = lo - shift, hi - shift - growth
        shift += growth
        pieces, pos = [], lo
        for s, e, edit in sorted(seconds, key=lambda t: t[0]):
            pieces += [middle[pos:s], edit.replacement]
            pos = e
        pieces.append(middle[pos:hi])
        replacement = "".join(pieces)
        original = text[start:end_in_text]
        if replacement == original:
            continue
        last = seconds[-1][2]
        confidence = min([last.confidence] + [e.confidence for e in firsts])
        result.append(Edit(start, end_in_text, original, replacement, confidence, last.rule, last.explanation))
    return result


def apply_edits(text: str, edits: tuple[Edit, ...] | list[Edit]) -> str:
    """Apply non-overlapping ``edits`` (in text order) to ``text``.

    Every byte outside the edited spans is kept as it was. Raises ``ValueError`` for
    overlapping or unordered edits, and for an edit that is not of ``text``: one whose
    ``text[start:end]`` is not its ``original``, or outside ``0 <= start <= end <= len(text)``.
    """
    parts: list[str] = []
    pos = 0
    for edit in edits:
        if not 0 <= edit.start <= edit.end <= len(text) or text[edit.start : edit.end] != edit.original:
            raise ValueError(
                f"edit {edit.start}-{edit.end} is not of this text (of {len(text)} characters): its "
                f"original is {edit.original!r}, the text there {text[edit.start : edit.end]!r}"
            )
        if edit.start < pos:
            raise ValueError(f"overlapping or unordered edit at {edit.start}")
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


document_fields(Evidence, Region, Edit, Result)  # help() shows each field's meaning
