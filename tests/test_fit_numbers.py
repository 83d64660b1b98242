"""benchmarks/fit.py: the number-style odds fitted on the number spans' own likelihood, and the
observed-mixture pickle read back from any module."""

from __future__ import annotations

import io
import pickle
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

fit = pytest.importorskip("benchmarks.fit")

from textmend.config import DEFAULT_CONFIG  # noqa: E402
from textmend.detect import observe  # noqa: E402
from textmend.parameters import get_parameters  # noqa: E402


def _sample(text: str) -> "fit.Sample":
    obs = observe(text, DEFAULT_CONFIG, max_candidates=get_parameters().max_candidates)
    return fit.Sample(obs, fit.label(obs, None), 1.0)


def test_numbers_only_counts_the_number_spans_alone() -> None:
    params = get_parameters()
    words = _sample("The committee said the report was finished and sent to the minister.")
    assert not any(any(o.style) for o in words.observations.items)
    assert fit.log_likelihood([words], params, numbers_only=True) == 0.0
    assert fit.log_likelihood([words], params) < 0.0

    digits = _sample("The committee said the 2 reports were finished and sent to the minister.")
    assert any(any(o.style) for o in digits.observations.items)
    low = fit.log_likelihood([digits], params._replace(word_vs_digit=0.0), numbers_only=True)
    high = fit.log_likelihood([digits], params._replace(word_vs_digit=3.0), numbers_only=True)
    assert high < low < 0.0  # the author's digit (gold: genuine) is less likely the more words are favoured


def test_a_pickle_written_by_the_script_reads_from_the_module() -> None:
    """``fit.py`` run as a script pickles ``__main__.Sample``; ``number_findings.py`` reads it."""
    sample = _sample("Two men left.")
    raw = pickle.dumps(("key", [sample]), protocol=0)  # module names as newline-ended text
    as_script = raw.replace(b"benchmarks.fit", b"__main__")
    assert as_script != raw
    key, (back,) = fit._SampleUnpickler(io.BytesIO(as_script)).load()
    assert key == "key" and isinstance(back, fit.Sample) and back.labels == sample.labels
