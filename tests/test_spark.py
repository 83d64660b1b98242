"""textmend.spark on a real local Spark (``local[2]``): rows equal textmend.repair, row for row.

Needs pyspark (``pip install -e '.[spark]'``) and a Java runtime (Debian:
``openjdk-17-jre-headless``). Where either is missing the tests skip and say why, except
under CI (``CI`` set, as ``.ci/run`` does), where a missing piece fails them.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest

import textmend

from .column_helpers import expected, sample_texts


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the Spark tests; see .ci/run)")
    pytest.skip(reason)


try:
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
except ImportError:  # pragma: no cover - depends on the environment
    SparkSession = None  # type: ignore[assignment,misc]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if SparkSession is None:
        _unavailable("pyspark is not installed: pip install -e '.[spark]'")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        _unavailable("no Java runtime for Spark: apt-get install openjdk-17-jre-headless")
    # Workers must run this interpreter (the one with textmend installed), not `python3` on PATH.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("textmend-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def as_dict(row: Any) -> Any:
    return None if row is None else row.asDict(recursive=True)


def test_repair_udf_matches_repair_row_for_row(spark: Any) -> None:
    from textmend.spark import repair_udf, score_udf

    texts: list[str | None] = [*sample_texts(), None]
    df = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], "id int, text string")
    repair, strict, score = repair_udf(), repair_udf(threshold=0.95), score_udf()
    rows = df.select("id", repair("text").alias("r"), strict("text").alias("s"), score("text").alias("score")).collect()
    assert sorted(r.id for r in rows) == list(range(len(texts)))
    for row in rows:
        text = texts[row.id]
        if text is None:
            assert as_dict(row.r) == {"text": None, "spin_score": None, "edits": None, "error": None}
            assert row.score is None
            continue
        assert as_dict(row.r) == expected(text)
        assert as_dict(row.s) == expected(text, threshold=0.95)
        assert row.score == textmend.score(text)
    assert any(row.r and row.r.edits for row in rows), "the sample must contain something to repair"


def test_offsets_are_spark_character_positions(spark: Any) -> None:
    """``substring(text, start + 1, end - start)`` is the edit's original, emoji and CRLF included."""
    from textmend.spark import repair_udf

    texts = [t for t in sample_texts() if textmend.repair(t).edits]
    df = spark.createDataFrame([(t,) for t in texts], "text string")
    edits = df.select("text", F.explode(repair_udf()("text").edits).alias("e"))
    checked = edits.select(
        F.col("e.original").alias("original"),
        F.expr("substring(text, e.start + 1, e.end - e.start)").alias("cut"),
    ).collect()
    assert len(checked) >= len(texts)
    assert all(row.original == row.cut for row in checked)


def test_bad_cells_give_an_error_in_their_row_not_a_failed_stage(spark: Any) -> None:
    from textmend.spark import repair_udf, score_udf

    long_text = "The troopers were despatched. " * 5
    df = spark.createDataFrame(
        [(long_text, bytearray(b"prisoner of warfare")), ("prisoner of warfare", None)], "text string, raw binary"
    )
    repair, score = repair_udf(max_chars=len(long_text) - 1), score_udf(max_chars=len(long_text) - 1)
    rows = df.select(repair("text").alias("r"), repair("raw").alias("b"), score("text").alias("score")).collect()
    too_long, short = rows
    assert too_long.r.text is None and too_long.r.edits is None and too_long.score is None
    assert f"{len(long_text):,} characters" in too_long.r.error and "max_chars" in too_long.r.error
    assert too_long.b.text is None and "bytes, not str" in too_long.b.error
    assert as_dict(short.r) == expected("prisoner of warfare")
    assert short.b.error is None and short.b.text is None
    assert too_long.b.spin_score is None and short.b.spin_score is None  # a batch with no score at all


def test_repair_column_adds_text_and_details(spark: Any) -> None:
    from textmend.spark import repair_column

    texts = sample_texts()[:4]
    df = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], "id int, text string")
    out = repair_column(df, "text", output="text_repaired", threshold=0.8)
    assert out.columns == ["id", "text", "text_repaired", "textmend"]
    for row in out.collect():
        want = expected(texts[row.id], threshold=0.8)
        assert row.text == texts[row.id]
        assert row.text_repaired == want["text"]
        assert as_dict(row.textmend) == {k: want[k] for k in ("spin_score", "edits", "error")}
    replaced = repair_column(df, "text", output="text", details=None)
    assert replaced.columns == ["id", "text"]
    with pytest.raises(ValueError, match="no column 'body'"):
        repair_column(df, "body")
    with pytest.raises(ValueError, match="threshold"):
        repair_column(df, "text", threshold=1.5)


def test_example_writes_parquet_matching_repair(spark: Any, tmp_path: Any) -> None:
    """examples/spark_repair.py's job: JSON Lines in, Parquet with text, edits and score out."""
    import importlib.util

    from .conftest import EXAMPLES

    spec = importlib.util.spec_from_file_location("spark_repair", EXAMPLES / "spark_repair.py")
    assert spec and spec.loader
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    source = example.bundled_articles(tmp_path)
    result = example.repair_file(spark, source, str(tmp_path / "out.parquet"))
    rows = result.collect()
    texts = {p.name: p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.txt")}
    assert sorted(r.name for r in rows) == sorted(texts)
    for row in rows:
        want = expected(texts[row.name])
        assert row.text_repaired == want["text"]
        assert as_dict(row.textmend) == {k: want[k] for k in ("spin_score", "edits", "error")}
    counts = example.summary(result)
    assert counts["documents"] == len(texts) and counts["errors"] == 0
    assert counts["edits"] == sum(len(expected(t)["edits"]) for t in texts.values())


def test_struct_columns_dotted_names_and_collisions(spark: Any) -> None:
    """A struct column gets an error in each row (not a failed stage, not its field names
    repaired); a dotted column name is one column; existing columns are never overwritten."""
    from textmend.spark import repair_column

    df = spark.createDataFrame([(1, "prisoner of warfare", "a"), (2, None, "b")], "id int, t string, u string")
    one = repair_column(df.withColumn("st", F.struct("t")), "st").select("st_repaired", "textmend.error").collect()
    two = repair_column(df.withColumn("st", F.struct("t", "u")), "st").select("st_repaired", "textmend.error").collect()
    for row in one + two:
        assert row.st_repaired is None and "struct" in row.error
    dotted = repair_column(df.withColumnRenamed("t", "a.b"), "a.b").orderBy("id").collect()
    assert dotted[0]["a.b_repaired"] == textmend.repair("prisoner of warfare").text
    with pytest.raises(ValueError, match="already has a column 'u'"):
        repair_column(df, "t", output="u")
    with pytest.raises(ValueError, match="already has a column 'id'"):
        repair_column(df, "t", details="id")
    with pytest.raises(ValueError, match="max_chars"):
        repair_column(df, "t", max_chars=-1)


def test_numeric_columns_name_the_column_not_a_float_cell(spark: Any) -> None:
    """Arrow hands an int column with a null over as float64 and a null double as NaN: every
    row of a numeric column gets an error naming the column's type (nulls and NaN included),
    not "cell is float" or silently null fields."""
    from textmend.spark import repair_udf, score_udf

    df = spark.createDataFrame(
        [(1, 5, 1.5, "prisoner of warfare"), (2, None, float("nan"), None), (3, 7, None, "ok")],
        "id int, n int, x double, t string",
    )
    repair, score = repair_udf(), score_udf()
    rows = df.select(
        "id", repair("n").alias("n"), repair("x").alias("x"), repair("t").alias("t"), score("x").alias("sx")
    ).orderBy("id").collect()
    for row in rows:
        for record in (row.n, row.x):
            assert record is not None and record.text is None and record.edits is None
            assert "column" in record.error and "not text" in record.error and "cast" in record.error
            assert "cell is float" not in record.error
        assert row.sx is None
    assert "null" in rows[1].n.error and "NaN" in rows[1].x.error
    assert as_dict(rows[0].t) == expected("prisoner of warfare")
    assert as_dict(rows[1].t) == {"text": None, "spin_score": None, "edits": None, "error": None}
