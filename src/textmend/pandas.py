"""textmend over a pandas Series: the single-machine twin of ``textmend.spark``.

Needs pandas 2 or 3 (``pip install 'textmend[pandas]'``; the ``spark`` extra's pandas is < 3).

>>> import pandas as pd, textmend.pandas
>>> texts = pd.Series(["He is a prisoner of warfare.", None])
>>> out = textmend.pandas.repair_series(texts)
>>> out.loc[0, "text"], out.loc[1, "text"]
('He is a prisoner of war.', None)
>>> [(e["original"], e["replacement"], e["rule"]) for e in out.loc[0, "edits"]]
[('warfare', 'war', 'term')]

The frame has one row per cell (same index) with the columns of
:mod:`textmend.columnar` (``text``, ``spin_score``, ``edits``, ``error``): exactly what
``textmend.spark.repair_udf`` puts in its struct, because both call the same
``columnar.repair_cell``. The equivalent ``Series.map`` recipe gives one record (a dict)
per cell and leaves a missing cell as the column holds it (``None``, NaN, ``pd.NA``); it
needs ``na_action="ignore"``, or pandas 3's ``str`` column hands it NaN, a float:

>>> import textmend.columnar
>>> repair = lambda cell: textmend.columnar.repair_cell(cell, textmend.Config())
>>> records = texts.map(repair, na_action="ignore")
>>> records[0]["text"], records.isna().tolist()
('He is a prisoner of war.', [False, True])
"""

from __future__ import annotations

import math
from typing import Any

try:
    import pandas as pd
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "textmend.pandas needs pandas: pip install 'textmend[pandas]'"
    ) from exc

from .columnar import (
    MAX_CHARS,
    NOT_TEXT_COLUMN,
    RECORD_FIELDS,
    STRUCT,
    check_max_chars,
    error_record,
    repair_cell,
    score_cell,
)
from .config import Config, resolve_config


def is_missing(cell: object) -> bool:
    """True for the values pandas uses for a missing cell: ``None``, ``NaN``, ``pd.NA``, ``NaT``."""
    if cell is None or cell is pd.NA or cell is pd.NaT:
        return True
    return isinstance(cell, float) and math.isnan(cell)


NOT_TEXT_KINDS = "biufcmM"
"""``numpy.dtype.kind`` codes of columns that cannot hold text: bool, int, unsigned, float,
complex, timedelta, datetime (pandas' nullable ``Int64``/``Float64``/``boolean`` have them too)."""


def column_problem(texts: "pd.Series") -> str | None:
    """Why no row of ``texts`` can be repaired (a numeric, boolean or date dtype), or ``None``.

    Judged on the dtype, not per cell: in a float64 column (what Spark makes of an int column
    with a null) a null and a NaN are the same value, so neither may pass as a missing cell."""
    if getattr(texts.dtype, "kind", "O") in NOT_TEXT_KINDS:
        return NOT_TEXT_COLUMN.format(dtype=texts.dtype)
    return None


def repair_series(
    texts: "pd.Series", config: Config | None = None, *, max_chars: int = MAX_CHARS, **overrides: object
) -> "pd.DataFrame":
    """Repair every cell of ``texts``.

    Returns a DataFrame with ``texts``' index and the columns ``text`` (str), ``spin_score``
    (float64, 0-1), ``edits`` (list of ``{start, end, original, replacement, confidence,
    rule}`` dicts, offsets in code points into the cell) and ``error`` (str); all but
    ``spin_score`` are ``object`` columns, on pandas 2 and 3 alike. A missing cell (``None``,
    NaN or ``pd.NA``, as any string dtype holds it) gives a row of ``None`` (NaN
    ``spin_score``); a non-``str`` cell or one over ``max_chars`` characters gives ``None``
    everywhere but ``error``. A numeric, boolean or date Series gives every row, missing
    ones included, the error that the column is not text (see :func:`column_problem`).
    ``config`` and ``overrides`` are those of :func:`textmend.repair`; bad ones raise
    ``TypeError``/``ValueError`` before any work, and so does a ``texts`` that is not a Series
    or a ``max_chars`` that is not a positive ``int``.
    """
    cfg = resolve_config(config, overrides)
    return repair_frame(_series(texts), cfg, check_max_chars(max_chars))


def score_series(
    texts: "pd.Series", config: Config | None = None, *, max_chars: int = MAX_CHARS, **overrides: object
) -> "pd.Series":
    """``textmend.score`` of every cell (float64, 0-1, same index); NaN where a cell is
    missing, not a ``str`` or over ``max_chars`` characters (so everywhere in a numeric Series)."""
    cfg = resolve_config(config, overrides)
    return score_values(_series(texts), cfg, check_max_chars(max_chars))


def _series(texts: object) -> "pd.Series":
    if isinstance(texts, pd.Series):
        return texts
    hint = " (a DataFrame: pass one column, e.g. df['text'])" if isinstance(texts, pd.DataFrame) else ""
    raise TypeError(f"texts must be a pandas Series of str; got {type(texts).__name__}{hint}")


def repair_frame(texts: "pd.Series", config: Config, max_chars: int) -> "pd.DataFrame":
    """:func:`repair_series` with a resolved config (what the Spark UDF calls per batch).

    A DataFrame (how Spark hands over a struct column) gives every row the ``error`` of a
    struct, and a numeric, boolean or date Series every row the error of :func:`column_problem`."""
    if isinstance(texts, pd.DataFrame):
        return _records_frame([error_record(STRUCT)] * len(texts), texts.index)
    problem = column_problem(texts)
    if problem is not None:
        return _records_frame([error_record(problem)] * len(texts), texts.index)
    empty: dict[str, Any] = dict.fromkeys(RECORD_FIELDS)
    rows = []
    for cell in texts:
        record = None if is_missing(cell) else repair_cell(cell, config, max_chars)
        rows.append(empty if record is None else record)
    return _records_frame(rows, texts.index)


def _records_frame(rows: list[dict[str, Any]], index: "pd.Index") -> "pd.DataFrame":
    """``rows`` (records of :mod:`textmend.columnar`) as a DataFrame with the same dtypes on
    pandas 2 and 3: ``spin_score`` float64 (NaN where missing), the others ``object`` with
    ``None`` where missing.

    Left to inference, pandas 3 (or pandas 2 with ``future.infer_string``) would make ``text``
    and ``error`` its ``str`` dtype, whose missing value is NaN, not ``None``; and a batch with
    no score at all would give an ``object`` ``spin_score``."""
    frame = pd.DataFrame(rows, index=index, columns=list(RECORD_FIELDS), dtype=object)
    frame["spin_score"] = frame["spin_score"].astype("float64")
    return frame


def score_values(texts: "pd.Series", config: Config, max_chars: int) -> "pd.Series":
    """:func:`score_series` with a resolved config (what the Spark UDF calls per batch)."""
    if isinstance(texts, pd.DataFrame):  # a struct column: no score
        return pd.Series([None] * len(texts), index=texts.index, dtype="float64")
    values = [None if is_missing(cell) else score_cell(cell, config, max_chars) for cell in texts]
    return pd.Series(values, index=texts.index, dtype="float64")
