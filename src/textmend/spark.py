"""textmend as Spark column functions: vectorised (Arrow) ``pandas_udf`` s.

Needs ``pip install 'textmend[spark]'`` (pyspark >= 3.5, pyarrow, pandas) and a Java runtime
(17+ for pyspark 4). Typical use::

    from textmend.spark import repair_column
    out = repair_column(spark.read.parquet("in/"), "text", output="text_repaired", threshold=0.8)
    out.where("textmend.spin_score < 0.5").write.parquet("out/")

- :func:`repair_udf` gives a struct ``{text, spin_score, edits: array<struct<start, end,
  original, replacement, confidence, rule>>, error}`` per row; :func:`score_udf` a double.
- Each row's value equals ``textmend.repair`` of the cell (``textmend.columnar`` builds it,
  as ``textmend.pandas`` does). Offsets count code points, as Spark's ``substring`` does
  (``substring(text, start + 1, end - start)`` is ``original``).
- A null cell of a string column gives a null ``text``/``spin_score``/``edits``; a cell over
  ``max_chars`` characters (or not a string) gives its reason in ``error``: no failed stage.
  A numeric, boolean or date column gives every row (nulls and NaN included: Arrow hands an
  int column with a null over as float64, where a null is NaN) the error that the column is
  not text; cast it to string first.
- The config is resolved (and checked) on the driver and shipped in the UDF's closure. Each
  Python worker loads the channel and language model on its first batch and keeps them while
  Spark reuses the worker (``spark.python.worker.reuse``, on by default): see ``benchmarks/SCALE.md`` for the
  first-batch cost and the memory per worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

try:
    import pandas as pd
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "textmend.spark needs pyspark, pyarrow and pandas: pip install 'textmend[spark]' "
        "(and a Java runtime, e.g. Debian's openjdk-17-jre-headless)"
    ) from exc

from .columnar import MAX_CHARS, check_max_chars
from .config import Config, resolve_config

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

    ColumnFunction = Callable[["Column | str"], Column]
    """What the UDF factories return: call it on a column (or its name) to get a new column."""

EDIT_TYPE = T.StructType(
    [
        T.StructField("start", T.IntegerType()),
        T.StructField("end", T.IntegerType()),
        T.StructField("original", T.StringType()),
        T.StructField("replacement", T.StringType()),
        T.StructField("confidence", T.DoubleType()),
        T.StructField("rule", T.StringType()),
    ]
)
"""One applied edit: ``start``/``end`` code-point offsets into the cell, confidence 0-1."""

REPAIR_TYPE = T.StructType(
    [
        T.StructField("text", T.StringType()),
        T.StructField("spin_score", T.DoubleType()),
        T.StructField("edits", T.ArrayType(EDIT_TYPE)),
        T.StructField("error", T.StringType()),
    ]
)
"""What :func:`repair_udf` returns per row (field order of ``textmend.columnar.RECORD_FIELDS``)."""


def repair_udf(config: Config | None = None, *, max_chars: int = MAX_CHARS, **overrides: object) -> "ColumnFunction":
    """A Spark UDF: string column -> :data:`REPAIR_TYPE` struct, as ``textmend.repair`` gives.

    ``config`` and ``overrides`` are those of :func:`textmend.repair` (for example
    ``threshold=0.8``); bad ones raise ``TypeError``/``ValueError`` here, on the driver.
    ``max_chars`` is the largest cell repaired (larger ones get an ``error``).
    """
    cfg = resolve_config(config, overrides)
    limit = check_max_chars(max_chars)

    @F.pandas_udf(REPAIR_TYPE)  # type: ignore[call-overload]
    def textmend_repair(batches: Iterator[pd.Series]) -> Iterator[pd.DataFrame]:
        from textmend.pandas import repair_frame

        for texts in batches:
            yield repair_frame(texts, cfg, limit)

    return textmend_repair


def score_udf(config: Config | None = None, *, max_chars: int = MAX_CHARS, **overrides: object) -> "ColumnFunction":
    """A Spark UDF: string column -> double, ``textmend.score`` (0 clean .. 1 heavily spun).

    Null where the cell is null, not a string or over ``max_chars`` characters (so in every row
    of a numeric, boolean or date column). Arguments
    as for :func:`repair_udf`.
    """
    cfg = resolve_config(config, overrides)
    limit = check_max_chars(max_chars)

    @F.pandas_udf(T.DoubleType())  # type: ignore[call-overload]
    def textmend_score(batches: Iterator[pd.Series]) -> Iterator[pd.Series]:
        from textmend.pandas import score_values

        for texts in batches:
            yield score_values(texts, cfg, limit)

    return textmend_score


def repair_column(
    df: "DataFrame",
    column: str,
    *,
    output: str | None = None,
    details: str | None = "textmend",
    config: Config | None = None,
    max_chars: int = MAX_CHARS,
    **overrides: object,
) -> "DataFrame":
    """``df`` with ``column`` repaired: the common job in one call.

    Adds ``output`` (default ``<column>_repaired``; pass ``output=column`` to replace it), a
    string column of repaired text, and ``details`` (default ``textmend``; ``None`` to leave
    it out), a struct ``{spin_score, edits, error}`` for QA filtering and auditing (see
    :data:`REPAIR_TYPE`). Each cell is repaired once. Other arguments as for
    :func:`repair_udf`. Raises ``ValueError`` if ``column`` is not in ``df``, or if ``output``
    or ``details`` would overwrite a column of ``df`` (other than ``output=column``) or each other.
    """
    if not isinstance(column, str):
        raise TypeError(f"column must be a column name (str); got {type(column).__name__}")
    if column not in df.columns:
        raise ValueError(f"no column {column!r} in the DataFrame; it has {df.columns}")
    target = output or f"{column}_repaired"
    for name in (target, details):
        if name and name != column and name in df.columns:
            raise ValueError(f"the DataFrame already has a column {name!r}; pass output=/details= another name")
    if details and details == target:
        raise ValueError(f"output and details are both {target!r}; give them different names")
    scratch = "__textmend_result"
    while scratch in df.columns:
        scratch += "_"
    udf = repair_udf(config, max_chars=max_chars, **overrides)
    out = df.withColumn(scratch, udf(F.col(_quoted(column))))
    out = out.withColumn(target, F.col(f"{scratch}.text"))
    if details:
        out = out.withColumn(
            details,
            F.struct(*(F.col(f"{scratch}.{name}").alias(name) for name in ("spin_score", "edits", "error"))),
        )
    return out.drop(scratch)


def _quoted(name: str) -> str:
    """A column name as Spark reads it literally (a dot is part of the name, not a field path)."""
    return "`" + name.replace("`", "``") + "`"
