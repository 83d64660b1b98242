"""The records textmend hands back: small, immutable, picklable.

Offsets are always Python ``str`` indices into the caller's original text,
never into a normalised copy, so ``text[edit.start:edit.end] == edit.original``.
"""

from __future__ import annotations

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
