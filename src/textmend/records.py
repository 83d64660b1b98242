"""Turn a :class:`~textmend.Result` into the JSON-ready records the CLI prints.

One job: the record format. Each input gives ``{path, spin_score, edits, suggestions}``
(plus ``regions`` when the engine reports them) and each edit ``{start, end, line, column,
original, replacement, confidence, rule}`` (plus ``alternatives`` and ``evidence`` when
present). Edits and suggestions together are every finding the score is built from.
``start``/``end`` are Python ``str`` offsets into the decoded input; ``line`` and
``column`` count from 1 in code points, and ``\\n``, ``\\r\\n`` and ``\\r`` each end a line.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from .model import Edit, Evidence, Region, Result


class LineIndex:
    """Maps ``str`` offsets to 1-based (line, column); ``\\n``, ``\\r\\n`` and ``\\r`` end lines."""

    _BREAK = re.compile(r"\r\n|\r|\n")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in self._BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def line_span(self, offset: int) -> tuple[int, int]:
        """Start and end (without terminator) of the line containing ``offset``."""
        i = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[i]
        m = self._BREAK.search(self.text, start)
        return start, (m.start() if m else len(self.text))


def edit_fields(edit: Edit, lines: LineIndex) -> dict[str, Any]:
    """Where an edit is and what it does, the fields every record of one shares (JSON records
    and the review page's marks): ``start``/``end`` are 0-based ``str`` offsets, ``line`` and
    ``column`` count from 1."""
    line, column = lines.position(edit.start)
    return {
        "start": edit.start,
        "end": edit.end,
        "line": line,
        "column": column,
        "original": edit.original,
        "replacement": edit.replacement,
        "confidence": edit.confidence,
        "rule": edit.rule,
    }


def shown(p: float) -> str:
    """A spin score, spin rate or confidence (0-1) for people: the largest two-decimal number
    ``d`` with ``float(d) <= p``, so a shown number reaches a threshold only when the number does
    (0.99999994 under ``--threshold 1.0`` is "0.99", not a "1.00" that does not look spun; a
    suggestion at 0.8996 is "0.89", not a "0.90" that was not applied; 0.7499999999999 is "0.74").
    Compared as floats, as the thresholds are: the float 0.29 is "0.29" though its binary value is
    a little under 0.29. Machine output (``--format json``) keeps the exact float; NaN is "nan"."""
    text = f"{p:.2f}"
    if float(text) > p:  # rounded up: the two-decimal number below (rounding moves it < 0.005)
        text = f"{float(text) - 0.01:.2f}"
    return text


RANKING_LABEL = "other candidates (ranking score, not a confidence)"
"""How people are shown an edit's alternatives after the first (``Edit.alternatives``): their numbers
are posteriors that rank the span's candidates, on another scale than the edit's confidence."""


def ranking_score(p: float) -> str:
    """An alternative's ranking score (0-1) for people: two decimals, or ``<0.01`` for one that
    would round to ``0.00`` (a candidate is never shown as impossible)."""
    return "<0.01" if p < 0.005 else f"{p:.2f}"


def other_candidates(edit: Edit) -> list[tuple[str, float]]:
    """``edit``'s alternatives after its replacement: ``(original, ranking score)``, best first."""
    return [(alt, p) for alt, p in edit.alternatives if alt != edit.replacement]


def edit_record(edit: Edit, lines: LineIndex, *, explanation: bool = False) -> dict[str, Any]:
    """One edit as a record; ``explanation`` adds the human sentence (for ``explain``)."""
    record = edit_fields(edit, lines)
    if explanation:
        record["explanation"] = edit.explanation
    if edit.alternatives:  # engine v2: the replacement and its confidence, then other originals (Edit.alternatives)
        record["alternatives"] = [[text, p] for text, p in edit.alternatives]
    if edit.evidence is not None:  # engine v2: the factors behind the confidence (log10)
        record["evidence"] = evidence_record(edit.evidence)
    return record


def evidence_record(evidence: Evidence) -> dict[str, Any]:
    """An edit's :class:`~textmend.Evidence` as a record (log10 terms, rho 0-1, sources)."""
    return {
        "channel": evidence.channel,
        "language_model": evidence.language_model,
        "document": evidence.document,
        "spin_rate": evidence.spin_rate,
        "sources": list(evidence.sources),
    }


def region_record(region: Region, lines: LineIndex) -> dict[str, Any]:
    """A spin-rate region with the line:column of its start."""
    line, column = lines.position(region.start)
    return {"start": region.start, "end": region.end, "line": line, "column": column, "spin_rate": region.spin_rate,
            "spin_score": region.spin_score}


def error_record(path: str, message: str, record_line: int | None = None) -> dict[str, Any]:
    """The record of an input (or, with ``record_line``, a JSON Lines record) that could not be
    judged: ``{path, [record_line,] error}``, ``error`` the one-line message also written to stderr.
    ``check --format json|jsonl`` writes it where the input's record would stand, so a pipeline that
    reads the records sees which failed (ruff reports an unreadable file as a diagnostic of its own)."""
    record: dict[str, Any] = {"path": path}
    if record_line is not None:
        record["record_line"] = record_line
    record["error"] = message
    return record


def result_record(path: str, text: str, result: Result, *, explanation: bool = False) -> dict[str, Any]:
    """One input's record; ``text`` is the input the offsets point into."""
    lines = LineIndex(text) if (result.edits or result.suggestions or result.regions) else None
    record: dict[str, Any] = {
        "path": path,
        "spin_score": result.spin_score,
        "edits": [edit_record(e, lines, explanation=explanation) for e in result.edits],  # type: ignore[arg-type]
        "suggestions": [edit_record(e, lines, explanation=explanation) for e in result.suggestions],  # type: ignore[arg-type]
    }
    if result.regions:  # engine v2: where the spin rate behind the score was estimated
        record["regions"] = [region_record(r, lines) for r in result.regions]  # type: ignore[arg-type]
    return record
