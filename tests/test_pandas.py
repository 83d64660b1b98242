"""textmend.pandas: every row equals textmend.repair of its cell; bad cells give errors, not failures."""

from __future__ import annotations

import contextlib
import doctest
import math
from typing import Any

import pytest

pd = pytest.importorskip("pandas", reason="textmend.pandas needs pandas: pip install -e '.[pandas]'")

import textmend  # noqa: E402
import textmend.pandas as tp  # noqa: E402
from textmend.columnar import RECORD_FIELDS  # noqa: E402

from .column_helpers import expected, sample_texts  # noqa: E402


def test_rows_match_repair() -> None:
    texts = sample_texts()
    out = tp.repair_series(pd.Series(texts))
    assert list(out.columns) == list(RECORD_FIELDS)
    rows = out.to_dict("records")
    assert rows == [expected(t) for t in texts]
    assert any(row["edits"] for row in rows), "the sample must contain something to repair"
    for text, row in zip(texts, rows):
        for edit in row["edits"]:
            assert text[edit["start"] : edit["end"]] == edit["original"]


def test_overrides_and_config_reach_repair() -> None:
    texts = sample_texts()[:3]
    strict = tp.repair_series(pd.Series(texts), threshold=0.95).to_dict("records")
    assert strict == [expected(t, threshold=0.95) for t in texts]
    by_config = tp.repair_series(pd.Series(texts), textmend.Config(threshold=0.95))
    assert by_config.to_dict("records") == strict


def test_bad_options_raise_before_any_work() -> None:
    with pytest.raises(ValueError, match="threshold"):
        tp.repair_series(pd.Series(["x"]), threshold=2.0)
    with pytest.raises(TypeError, match="unknown option"):
        tp.score_series(pd.Series(["x"]), treshold=0.5)


def test_missing_cells_give_missing_rows_and_index_is_kept() -> None:
    texts = pd.Series([None, math.nan, pd.NA, "prisoner of warfare"], index=[10, 11, 12, 13], dtype=object)
    out = tp.repair_series(texts)
    assert list(out.index) == [10, 11, 12, 13]
    for label in (10, 11, 12):
        assert out.loc[label].isna().all()
    assert out.loc[13].to_dict() == expected("prisoner of warfare")


def test_bad_cells_get_an_error_in_their_row() -> None:
    long_text = "troopers " * 10
    out = tp.repair_series(pd.Series([b"prisoner of warfare", 7, long_text, "ok"]), max_chars=len(long_text) - 1)
    assert "bytes, not str" in out.loc[0, "error"] and "decode" in out.loc[0, "error"]
    assert "int, not str" in out.loc[1, "error"]
    assert f"{len(long_text):,} characters" in out.loc[2, "error"] and "max_chars" in out.loc[2, "error"]
    for label in (0, 1, 2):
        assert out.loc[label, ["text", "spin_score", "edits"]].isna().all()
    assert out.loc[3].to_dict() == expected("ok")


def test_score_series_matches_score() -> None:
    texts = sample_texts()
    scores = tp.score_series(pd.Series([*texts, None, 3]))
    assert scores.dtype == "float64"
    assert list(scores[: len(texts)]) == [textmend.score(t) for t in texts]
    assert scores[len(texts) :].isna().all()


def test_module_docstring_example() -> None:
    failures, tried = doctest.testmod(tp)
    assert tried > 0 and failures == 0


def test_a_frame_or_a_bad_limit_is_refused_in_one_line() -> None:
    frame = pd.DataFrame({"text": ["prisoner of warfare"], "n": [1]})
    for call in (tp.repair_series, tp.score_series):
        with pytest.raises(TypeError, match=r"pandas Series of str; got DataFrame \(a DataFrame: pass one column"):
            call(frame)
        with pytest.raises(TypeError, match="got list"):
            call(["prisoner of warfare"])
        for bad in (-1, 0, "abc", None, 2.5, True):
            with pytest.raises(ValueError, match="max_chars must be a positive whole number"):
                call(pd.Series(["x"]), max_chars=bad)


def test_a_struct_batch_gets_an_error_in_every_row() -> None:
    """What the Spark UDF receives for a struct column: a DataFrame, never repaired as its field names."""
    from textmend.config import Config

    out = tp.repair_frame(pd.DataFrame({"t": ["prisoner of warfare", None]}), Config(), 1000)
    assert list(out["text"]) == [None, None] and all("struct" in e for e in out["error"])
    assert tp.score_values(pd.DataFrame({"t": ["x"]}), Config(), 1000).isna().all()


def _pandas3_strings() -> contextlib.AbstractContextManager[object]:
    """pandas 3's string inference (dtype ``str``, NaN for missing) on whichever pandas runs the tests."""
    if int(pd.__version__.split(".")[0]) >= 3:
        return contextlib.nullcontext()
    return pd.option_context("future.infer_string", True)


@pytest.mark.parametrize("dtype", [None, "string", object], ids=["inferred-str", "string-NA", "object"])
def test_string_dtypes_give_none_for_missing_on_pandas_2_and_3(dtype: object) -> None:
    """A str column (pandas 3's default) still gives None, not NaN, in text, edits and error."""
    long_text = "troopers " * 10
    with _pandas3_strings():
        texts = pd.Series(["prisoner of warfare", None, long_text, "ok"], index=[5, 6, 7, 8], dtype=dtype)
        if dtype is None:
            assert texts.dtype == "str" and texts.isna().tolist() == [False, True, False, False]
        out = tp.repair_series(texts, max_chars=len(long_text) - 1)
        nothing = tp.repair_series(pd.Series([None, None], dtype=dtype))
        scores = tp.score_series(texts)
    want_dtypes = {"text": object, "spin_score": "float64", "edits": object, "error": object}
    assert out.dtypes.to_dict() == want_dtypes and nothing.dtypes.to_dict() == want_dtypes
    assert out.loc[5].to_dict() == expected("prisoner of warfare")
    assert out.loc[8].to_dict() == expected("ok")
    assert [out.loc[7, "text"], out.loc[7, "edits"]] == [None, None] and "max_chars" in out.loc[7, "error"]
    for row in (out.loc[6], *(nothing.loc[i] for i in nothing.index)):
        assert [row["text"], row["edits"], row["error"]] == [None, None, None]
        assert math.isnan(row["spin_score"])
    assert scores.dtype == "float64" and scores.isna().tolist() == [False, True, False, False]


@pytest.mark.parametrize(
    "values, dtype", [([1, 2], "int64"), ([1.5, math.nan], "float64"), ([1, None], "Int64"), ([True, False], "bool")]
)
def test_numeric_columns_give_a_column_error_in_every_row(values: list[Any], dtype: str) -> None:
    """A numeric column is not text: every row (a missing one included) says so, naming the
    dtype, so a NaN is not silently a missing row and a number is not 'cell is float'."""
    out = tp.repair_series(pd.Series(values, dtype=dtype))
    for error in out["error"]:
        assert f"column is {pd.Series(values, dtype=dtype).dtype}" in error and "not text" in error
    assert out[["text", "spin_score", "edits"]].isna().all().all()
    assert tp.score_series(pd.Series(values, dtype=dtype)).isna().all()


@pytest.mark.parametrize(
    ("dtype", "gap", "named"),
    [(None, None, "NaN"), ("string", None, "pd.NA"), (object, pd.NaT, "NaT")],
    ids=["inferred-str", "string-NA", "object-NaT"],
)
def test_series_map_on_a_gap_says_it_is_a_missing_value(dtype: object, gap: object, named: str) -> None:
    """The README's ``df.text.map(textmend.repair)`` raises on a gap; the message names it a missing
    value on pandas 2 and 3 (a str column hands ``Series.map`` NaN: it said "got float.", tryout15)."""
    with _pandas3_strings():
        texts = pd.Series(["prisoner of warfare", gap], dtype=dtype)
        with pytest.raises(TypeError, match=rf"^textmend works on str; got {named} \(a missing value\?\)\. Drop or fill"):
            texts.map(textmend.repair)
