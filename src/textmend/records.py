"""Turn a :class:`~textmend.Result` into the JSON-ready records the CLI prints.

One job: the record format. Each input gives ``{path, spin_score, edits, suggestions}``
and each edit ``{start, end, line, column, original, replacement, confidence, rule}``.
``start``/``end`` are Python ``str`` offsets into the decoded input; ``line`` and
``column`` count from 1 in code points, and ``\\n``, ``\\r\\n`` and ``\\r`` each end a line.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from .model import Edit, Result


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


def edit_record(edit: Edit, lines: LineIndex, *, explanation: bool = False) -> dict[str, Any]:
    """One edit as a record; ``explanation`` adds the human sentence (for ``explain``)."""
    line, column = lines.position(edit.start)
    record = {
        "start": edit.start,
        "end": edit.end,
        "line": line,
        "column": column,
        "original": edit.original,
        "replacement": edit.replacement,
        "confidence": edit.confidence,
        "rule": edit.rule,
    }
    if explanation:
        record["explanation"] = edit.explanation
    return record


def result_record(path: str, text: str, result: Result, *, explanation: bool = False) -> dict[str, Any]:
    """One input's record; ``text`` is the input the offsets point into."""
    lines = LineIndex(text) if (result.edits or result.suggestions) else None
    return {
        "path": path,
        "spin_score": result.spin_score,
        "edits": [edit_record(e, lines, explanation=explanation) for e in result.edits],  # type: ignore[arg-type]
        "suggestions": [edit_record(e, lines, explanation=explanation) for e in result.suggestions],  # type: ignore[arg-type]
    }
