"""The fitted parameters: present, well formed, and fitted on the shipped channel and LM."""

from __future__ import annotations

import pytest

from textmend.channel import get_channel
from textmend.language_model import get_language_model
from textmend.parameters import get_parameters, parse_parameters, stale_reasons


def test_shipped_parameters_are_fitted_on_the_shipped_channel_and_language_model() -> None:
    params = get_parameters()
    reasons = stale_reasons(params, get_channel().version, get_language_model().version)
    assert not reasons, "; ".join(reasons) + " -- run python benchmarks/fit.py"


def test_a_changed_channel_or_lm_makes_them_stale() -> None:
    params = get_parameters()
    assert stale_reasons(params, "another", get_language_model().version)
    assert stale_reasons(params, get_channel().version, "another")


def test_values_are_in_range() -> None:
    params = get_parameters()
    rate = params.spin_rate
    assert rate.a > 0 and rate.b > 0 and rate.share_a > 0 and rate.share_b > 0
    assert 0 < rate.clean_rate < 0.5
    assert params.max_candidates >= 1
    for knots in params.calibration.values():  # monotone maps from logit(posterior) to (0, 1)
        assert all(0.0 <= p <= 1.0 for _, p in knots)
        assert [x for x, _ in knots] == sorted(x for x, _ in knots)
        assert [p for _, p in knots] == sorted(p for _, p in knots)
    assert params.fitted_on.get("command", "").startswith("python benchmarks/fit.py")
    # the document factor's search window: a news article of ~350 words is searched whole
    assert params.document_window is not None and params.document_window >= 1000


def test_without_a_document_window_the_document_is_searched_whole() -> None:
    import json
    from importlib.resources import files

    raw = json.loads(files("textmend").joinpath("data/parameters.json").read_text(encoding="utf-8"))
    assert parse_parameters(raw).document_window == raw["document_window"]
    del raw["document_window"]
    assert parse_parameters(raw).document_window is None


def test_a_malformed_file_names_the_missing_key() -> None:
    with pytest.raises(RuntimeError, match="spin_rate"):
        parse_parameters({"document": 0.5})


def test_a_term_calibration_fitted_on_another_channel_is_stale() -> None:
    params = get_parameters()
    channel, lm = get_channel().version, get_language_model().version
    record = {"channel": channel, "language_model": lm, "command": "python benchmarks/fit.py --terms"}
    current = params._replace(fitted_on=dict(params.fitted_on, term_calibration=record))
    assert not stale_reasons(current, channel, lm)
    old = params._replace(fitted_on=dict(params.fitted_on, term_calibration=dict(record, channel="another")))
    assert any("--terms" in r for r in stale_reasons(old, channel, lm))
