"""One ``repair`` call on a long document: the whole-document steps work in bounded blocks and give
the same floats as one pass (``benchmarks/SCALE.md``, "One call on a long document").

- ``detect.decide`` lays a long document's spans out a block at a time (``DECIDE_BLOCK``);
- the spin-rate model's quadratures (``spin_rate.pooled_evidence``, ``piece_spun``,
  ``rate_log_likelihoods``) hold a block of rate nodes or regions at a time;
- the confidence model reads only its chunk's rows of the table (it read the whole table once per
  chunk: a long document's decision grew with the square of its length).

The re-check of a text of several detection windows is tested in ``tests/test_recheck.py``."""

from __future__ import annotations

import importlib
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from textmend import decision, spin_rate
from textmend.config import resolve_config
from textmend.parameters import get_parameters

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
detect = importlib.import_module("textmend.detect")  # the package exports a function of that name


@pytest.fixture(scope="module")
def observed() -> detect.Observations:
    text = "\n\n".join((EXAMPLES / name).read_text(encoding="utf-8")
                       for name in ("spun_article.txt", "clean_article.txt", "spun_article.txt"))
    return detect.observe(text, resolve_config(None, {}))


@pytest.mark.parametrize("block", [1, 7, 50])
@pytest.mark.parametrize("floor", [0.0, 0.05])
def test_decide_in_blocks_of_spans_equals_one_table(observed: detect.Observations, block: int, floor: float,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    params = get_parameters()
    whole = detect.decide(observed, params, floor)
    assert len(observed.items) > 3 * 50 and whole.findings
    monkeypatch.setattr(detect, "DECIDE_BLOCK", block)
    assert detect.decide(observed, params, floor) == whole


def _random_document(n_regions: int, per_region: int = 20, seed: int = 0) -> tuple[list, ...]:
    rng = np.random.default_rng(seed)
    m = n_regions * per_region
    ratios = (10 ** rng.normal(-2, 1.5, m)).tolist()
    region_of = sorted(rng.integers(0, n_regions, m).tolist())
    return (ratios, region_of, n_regions, rng.integers(0, 5, n_regions).tolist(), rng.integers(1, 3, m).tolist(),
            rng.random(n_regions).tolist())


@pytest.mark.parametrize("n_regions", [3, 65, 700])
def test_the_quadratures_in_blocks_equal_one_pass(n_regions: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks far smaller than a news article's (so even 3 regions are split) give the same floats."""
    prior = get_parameters().spin_rate
    ratios, region_of, n, negligible, repeats, copies = _random_document(n_regions)
    evidence = spin_rate.pooled_evidence(ratios, region_of, n, negligible, repeats, copies, prior)
    pieces = spin_rate.piece_spun(ratios, region_of, n, negligible, repeats, copies, prior)
    monkeypatch.setattr(spin_rate, "EVIDENCE_BLOCK", 100)
    monkeypatch.setattr(spin_rate, "PIECE_BLOCK", 100)
    assert spin_rate.pooled_evidence(ratios, region_of, n, negligible, repeats, copies, prior) == evidence
    assert spin_rate.piece_spun(ratios, region_of, n, negligible, repeats, copies, prior) == pieces


def test_the_spin_rate_model_of_many_regions_holds_bounded_arrays() -> None:
    """1,500 regions (a 1 MB document) with 15,000 observations: the estimate's traced peak stays
    under 40 MB. One pass held a (128, 32, regions) array and its ``logaddexp`` (49 MB each), and
    (140, observations) temporaries in ``rate_log_likelihoods``; 100 MB at peak."""
    prior = get_parameters().spin_rate
    ratios, region_of, n, negligible, repeats, copies = _random_document(1_500, 10)
    tracemalloc.start()
    try:
        spin_rate.estimate(ratios, region_of, n, prior, negligible, repeats, copies)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 2**20


def test_a_confidence_chunk_reads_only_its_own_rows(observed: detect.Observations,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """``decision._model`` sorts the table's rows of its own cells, not the whole table per chunk:
    with one-cell chunks, the rows sorted add up to the cells scored (the whole table each time
    would be cells x spans)."""
    sorted_rows: list[int] = []
    real_sort = np.sort

    def counting_sort(a: np.ndarray, *args: object, **kwargs: object) -> np.ndarray:
        sorted_rows.append(a.shape[0])
        return real_sort(a, *args, **kwargs)

    params = get_parameters()
    whole = detect.decide(observed, params)
    monkeypatch.setattr(decision, "MODEL_CHUNK", 1)
    monkeypatch.setattr(decision.np, "sort", counting_sort)
    try:
        assert detect.decide(observed, params) == whole
    finally:
        monkeypatch.undo()
    assert len(sorted_rows) > 100 and set(sorted_rows) == {1}
