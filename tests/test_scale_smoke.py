"""A tiny run of benchmarks/scale.py: it works end to end. Nothing is timed here."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import textmend

SCALE = Path(__file__).resolve().parents[1] / "benchmarks" / "scale.py"


@pytest.fixture(scope="module")
def scale():
    spec = importlib.util.spec_from_file_location("textmend_scale_benchmark", SCALE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_generated_inputs_have_the_asked_size(scale):
    assert abs(len(scale.big_document(0.05)) - 50_000) < 2_000
    lines = list(scale.jsonl_records(0.05))
    assert 40_000 < sum(map(len, lines)) < 60_000
    assert all(isinstance(json.loads(line)["text"], str) for line in lines)
    for family, (build, _) in scale.PATHOLOGICAL.items():
        text = build(5_000)
        assert len(text) >= 1_000, family
        if family in ("no-space line", "one giant word"):
            assert not any(c.isspace() for c in text), family


def test_pathological_inputs_repair_cleanly(scale):
    for family, (build, _) in scale.PATHOLOGICAL.items():
        text = build(20_000)
        result = textmend.repair(text)
        assert textmend.apply_edits(text, result.edits) == result.text, family


def test_tiny_end_to_end_run_writes_a_report(scale, tmp_path):
    report = tmp_path / "SCALE.md"
    spark_section = scale.SPARK_MARKER + "\n\n## Spark (written by benchmarks/spark.py)\n"
    report.write_text("# old report\n\n" + spark_section, encoding="utf-8")
    args = ["--doc-mb", "0.02", "--jsonl-mb", "0.02", "--jobs", "1", "--patho-mb", "0.01",
            "--repeat-words", "400", "--output", str(report)]
    assert scale.main(args) == 0
    text = report.read_text(encoding="utf-8")
    assert "Command: `python benchmarks/scale.py --doc-mb 0.02" in text
    assert "Machine:" in text and "Date:" in text
    for heading in ("Single document", "JSONL stream", "Pathological inputs"):
        assert heading in text
    for family in scale.PATHOLOGICAL:
        assert family in text
    assert "# old report" not in text and text.endswith(spark_section)  # benchmarks/spark.py's part is kept
