"""benchmarks/spark.py's plumbing (nothing is timed here): its data and its SCALE.md section,
which reruns replace (tests/test_scale_smoke.py checks that scale.py keeps it)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("pandas", reason="benchmarks/spark.py needs the spark extra: pip install -e '.[spark]'")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import spark  # noqa: E402


def test_section_is_replaced_not_appended_twice(tmp_path: Path) -> None:
    report = tmp_path / "SCALE.md"
    report.write_text("# Scale benchmark\n\nearlier numbers\n", encoding="utf-8")
    spark.write_section(report, spark.MARKER + "\n\n## Spark\n\nfirst\n")
    spark.write_section(report, spark.MARKER + "\n\n## Spark\n\nsecond\n")
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Scale benchmark\n\nearlier numbers\n")
    assert text.count(spark.MARKER) == 1 and "second" in text and "first" not in text


def test_load_texts_repeats_articles_up_to_the_size(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in ["é" * 300, "b" * 200]), encoding="utf-8")
    texts = spark.load_texts(corpus, 0.002)
    assert texts[:3] == ["é" * 300, "b" * 200, "é" * 300]
    assert 0.002 <= spark.utf8_mb(texts) < 0.002 + 600 / spark.MB

