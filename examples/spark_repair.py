"""Repair a text column with Spark; write Parquet with the edits and a per-document spin score.

Runs as written on this machine (Spark in local mode, ``local[2]``), on the bundled articles:

    pip install -e '.[spark]'            # pyspark, pyarrow, pandas; Spark also needs Java 17+
    python examples/spark_repair.py      # writes spark_repaired.parquet/ and prints a QA summary

Your own data, JSON Lines (one object per line) or Parquet, with the text in ``--column``:

    python examples/spark_repair.py news.jsonl repaired.parquet --column text --threshold 0.8

The target directory is replaced if it exists (Spark's ``overwrite`` mode); the script refuses a
target that is its own source. The output keeps every input column and adds ``text_repaired`` and a ``textmend`` struct
``{spin_score, edits: [{start, end, original, replacement, confidence, rule}], error}``;
``textmend.spin_score`` (0 clean .. 1 heavily spun) is there to filter on for QA. On a
cluster (see README, "Spark"), submit it with ``spark-submit``: the session then takes its
master from spark-submit, not from here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from textmend.spark import repair_column

HERE = Path(__file__).resolve().parent
SPUN_CUTOFF = 0.5
"""Spin score at which the QA summary counts a document as spun (``textmend check``'s default)."""


def read_table(spark: SparkSession, path: str) -> DataFrame:
    """A DataFrame from a Parquet file or directory, or from JSON Lines (``.jsonl``/``.json``)."""
    if path.endswith((".jsonl", ".json", ".jsonl.gz", ".json.gz")):
        return spark.read.json(path)
    return spark.read.parquet(path)


def repair_file(spark: SparkSession, source: str, target: str, column: str = "text", threshold: float = 0.75) -> DataFrame:
    """Repair ``column`` of ``source`` and write the result to ``target`` as Parquet; returns it read back."""
    repaired = repair_column(read_table(spark, source), column, output=f"{column}_repaired", threshold=threshold)
    repaired.write.mode("overwrite").parquet(target)
    return spark.read.parquet(target)


def summary(df: DataFrame) -> dict[str, object]:
    """Documents, how many look spun, edits applied and cells in error (one pass over ``df``)."""
    row = df.agg(
        F.count(F.lit(1)).alias("documents"),
        F.sum((F.col("textmend.spin_score") >= SPUN_CUTOFF).cast("int")).alias("spun"),
        F.sum(F.size(F.coalesce("textmend.edits", F.array()))).alias("edits"),
        F.sum(F.col("textmend.error").isNotNull().cast("int")).alias("errors"),
    ).first()
    return row.asDict() if row else {}


def bundled_articles(directory: Path) -> str:
    """The bundled example articles as a JSON Lines file in ``directory`` (``{name, text}``)."""
    path = directory / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for article in sorted(HERE.glob("*.txt")):
            out.write(json.dumps({"name": article.name, "text": article.read_text(encoding="utf-8")}) + "\n")
    return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", help="JSON Lines or Parquet input (default: the bundled articles)")
    parser.add_argument("target", nargs="?", default="spark_repaired.parquet", help="Parquet output directory")
    parser.add_argument("--column", default="text", help="the text column (default: text)")
    parser.add_argument("--threshold", type=float, default=0.75, help="apply edits at or above this confidence")
    parser.add_argument("--master", default="local[2]", help="Spark master when not run by spark-submit")
    args = parser.parse_args(argv)
    if args.source and Path(args.source).resolve() == Path(args.target).resolve():
        print(f"spark_repair.py: {args.target} is also the source; write to another directory", file=sys.stderr)
        return 2
    if args.source and not Path(args.source).exists():
        print(f"spark_repair.py: {args.source}: no such file or directory", file=sys.stderr)
        return 2

    builder = SparkSession.builder.appName("textmend-repair")
    if "PYSPARK_GATEWAY_PORT" not in os.environ:  # plain `python`, not spark-submit: local Spark
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers need this venv's textmend
        builder = builder.master(args.master).config("spark.ui.enabled", "false")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    try:
        with tempfile.TemporaryDirectory() as scratch:
            source = args.source or bundled_articles(Path(scratch))
            try:
                result = repair_file(spark, source, args.target, args.column, args.threshold)
            except (TypeError, ValueError) as exc:  # a missing column, a bad threshold: one line
                print(f"spark_repair.py: {exc}", file=sys.stderr)
                return 2
            print(f"wrote {args.target}: {summary(result)}")
            edits = result.select(F.explode("textmend.edits").alias("e")).select("e.original", "e.replacement", "e.rule")
            edits.show(5, truncate=False)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
