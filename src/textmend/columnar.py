"""One cell's repair as a plain record: the shape ``textmend.pandas`` and ``textmend.spark`` share.

One job: turn a table cell into ``{text, spin_score, edits, error}`` (no pandas, no Spark
here, so both front ends produce identical records by construction):

- ``text`` (str): ``textmend.repair(cell).text``;
- ``spin_score`` (float, 0 clean .. 1 heavily spun): ``Result.spin_score``;
- ``edits`` (list of dicts): the applied edits, in text order, each
  ``{start, end, original, replacement, confidence, rule}`` with ``start``/``end`` Python
  ``str`` offsets (code points) into the cell, so ``cell[start:end] == original``;
- ``error`` (str or None): why the cell was not repaired; ``None`` when it was.

A missing cell (``None``) gives ``None``. A cell that is not a ``str`` or is longer than
``max_chars`` gives a record whose ``error`` says so and whose other fields are ``None``:
one bad row never fails a whole batch. A whole column of numbers, booleans or dates
(:data:`NOT_TEXT_COLUMN`, judged by ``textmend.pandas`` from the batch's dtype) gives that
error in every row, missing cells included: there a null and a NaN look alike.
"""

from __future__ import annotations

from typing import Any

from .api import repair, score
from .config import Config
from .model import Result

MAX_CHARS = 200_000
"""Default size limit of one cell, in characters (code points).

Measured with engine v2 (2026-11-30, 2 cores): one 1M-character cell took 47 s in a Spark
worker whose RSS peaked at about 744 MB; 300k characters in one process took 9.6 s and 178 MB
over the process's base, about 600 MB per million characters. So a 200k-character cell (a long
article is 10-30k) costs about 10 s and 120 MB. Raise it only with the executor memory to match.
"""

EDIT_FIELDS: tuple[str, ...] = ("start", "end", "original", "replacement", "confidence", "rule")
"""The fields of each edit record, in order (the order of the Spark struct)."""
RECORD_FIELDS: tuple[str, ...] = ("text", "spin_score", "edits", "error")
"""The fields of a cell's record, in order (the order of the Spark struct)."""

TOO_LONG = (
    "cell of {size:,} characters is over the limit of {limit:,}; split it, or raise "
    "max_chars together with the executor memory (about 600 MB per million characters)"
)
NOT_TEXT = "cell is {kind}, not str; cast the column to string (decode bytes as UTF-8) first"
STRUCT = "cell is a struct, not str; pass its text field (e.g. F.col('s.body')) instead"
NOT_TEXT_COLUMN = (
    "column is {dtype}, not text: a numeric, boolean or date column gets this error in every row, "
    "nulls and NaN included (Spark hands an int column with a null over as float64, the null as NaN); "
    "cast the column to string first"
)
BAD_MAX_CHARS = "max_chars must be a positive whole number of characters; got {value!r}"


def check_max_chars(value: object) -> int:
    """``value`` as a cell size limit; ``ValueError`` (one line) unless it is a positive ``int``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(BAD_MAX_CHARS.format(value=value))
    return value


def result_record(result: Result) -> dict[str, Any]:
    """A :class:`~textmend.Result` as a record (``error`` is ``None``); suggestions are left out."""
    return {
        "text": result.text,
        "spin_score": float(result.spin_score),
        "edits": [
            {
                "start": e.start,
                "end": e.end,
                "original": e.original,
                "replacement": e.replacement,
                "confidence": float(e.confidence),
                "rule": e.rule,
            }
            for e in result.edits
        ],
        "error": None,
    }


def error_record(message: str) -> dict[str, Any]:
    """A record for a cell that was not repaired: every field ``None`` but ``error``."""
    return {"text": None, "spin_score": None, "edits": None, "error": message}


def cell_problem(cell: object, max_chars: int) -> str | None:
    """Why ``cell`` (not ``None``) cannot be repaired, or ``None`` when it can."""
    if not isinstance(cell, str):
        return NOT_TEXT.format(kind=type(cell).__name__)
    if len(cell) > max_chars:
        return TOO_LONG.format(size=len(cell), limit=max_chars)
    return None


def repair_cell(cell: object, config: Config, max_chars: int = MAX_CHARS) -> dict[str, Any] | None:
    """Repair one cell with a resolved ``config``: its record, or ``None`` for a ``None`` cell."""
    if cell is None:
        return None
    problem = cell_problem(cell, max_chars)
    if problem is not None:
        return error_record(problem)
    assert isinstance(cell, str)
    return result_record(repair(cell, config=config))


def score_cell(cell: object, config: Config, max_chars: int = MAX_CHARS) -> float | None:
    """``textmend.score`` of one cell; ``None`` for a ``None``, non-``str`` or over-long cell."""
    if cell is None or cell_problem(cell, max_chars) is not None:
        return None
    assert isinstance(cell, str)
    return float(score(cell, config=config))
