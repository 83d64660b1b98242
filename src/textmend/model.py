"""The records textmend hands back: small, immutable, picklable.

Offsets are always Python ``str`` indices into the caller's original text,
never into a normalised copy, so ``text[edit.start:edit.end] == edit.original``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


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
    """Stable id of the rule that found it: ``spin-table``, ``idiom``, ``number`` or ``user``."""
    explanation: str
    """One short human sentence saying why."""


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

    Every byte outside the edited spans is kept as it was.
    """
    parts: list[str] = []
    pos = 0
    for edit in edits:
        if edit.start < pos:
            raise ValueError(f"overlapping or unordered edit at {edit.start}")
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)
