"""The term calibration's fit (benchmarks/fit_terms.py) never uses what the tortured benchmark measures on."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from benchmarks import fit_terms
from benchmarks import tortured as bench


class FakeFinding(NamedTuple):
    start: int
    end: int
    replacement: str


def test_fit_frames_are_not_the_benchmark_frames() -> None:
    assert not set(fit_terms.FIT_FRAMES) & set(bench.FRAMES)
    skeleton = {f.replace("{}", "").lower() for f in bench.FRAMES}
    assert not {f.replace("{}", "").lower() for f in fit_terms.FIT_FRAMES} & skeleton
    assert all(f.count("{}") == 1 for f in fit_terms.FIT_FRAMES)


def test_negative_docstrings_come_from_other_packages_than_the_benchmark() -> None:
    benchmark_packages = ("sklearn", "scipy", "statsmodels")
    assert not [m for m in fit_terms.NEGATIVE_MODULES if m.split(".")[0] in benchmark_packages]


def test_negative_paragraphs_leave_out_excluded_ones() -> None:
    paragraphs = fit_terms.science_paragraphs(("numpy",), max_words=2000)
    if not paragraphs:
        pytest.skip("numpy docstrings hold no prose paragraph here")
    again = fit_terms.science_paragraphs(("numpy",), max_words=2000, exclude=frozenset(paragraphs[:3]))
    assert not set(paragraphs[:3]) & set(again)


@pytest.mark.skipif(not bench.DEV.exists(), reason="the tortured-phrase dev list is absent")
def test_positives_are_built_phrases_only_and_each_fold_keeps_a_variant() -> None:
    sets = bench.split(bench.read_dev())
    parts = fit_terms.folds(sets["built"])
    positives = [p for part in parts for p in part]
    assert sorted(positives) == sorted(set(sets["built"]))
    measured = set(sets["new_variant"]) | set(sets["unseen"])
    assert not set(positives) & measured
    assert not {s for s, _ in positives} & {s for s, _ in measured}
    variants: dict[str, int] = {}
    for _, term in sets["built"]:
        variants[term] = variants.get(term, 0) + 1
    for k, held in enumerate(parts):
        kept_terms = {t for j, part in enumerate(parts) if j != k for _, t in part}
        assert all(term in kept_terms for _, term in held if variants[term] >= 2)


def test_a_finding_restores_the_phrase_or_a_part_of_it() -> None:
    text, start, end = fit_terms.place("resistant framework disease", 0)
    sub = text.index("resistant framework")
    whole = FakeFinding(start, end, "immune system disease")
    part = FakeFinding(sub, sub + len("resistant framework"), "immune system")
    wrong_part = FakeFinding(end - len("framework disease"), end, "system")
    assert fit_terms.restores(text, start, end, "immune system disease", whole)
    assert fit_terms.restores(text, start, end, "immune system disease", part)
    assert not fit_terms.restores(text, start, end, "immune system disease", wrong_part)
    assert not fit_terms.restores(text, start, end, "immune system disease", FakeFinding(0, end, "immune system"))


def test_the_term_fit_names_the_negative_packages_it_lacks() -> None:
    """The shipped term model must not depend on which science packages happen to be installed."""
    assert fit_terms.missing_negative_packages(("numpy", "numpy.linalg")) == []
    assert fit_terms.missing_negative_packages(("numpy", "no_such_package_xyz.sub")) == ["no_such_package_xyz"]


def test_a_row_carries_its_finding_and_document_detail() -> None:
    """``Row.detail`` (read by benchmarks/term_features.py) names the span and term of its finding."""
    from textmend.parameters import get_parameters

    text = "The team fitted a resistant framework model to the serum samples of every patient."
    found = fit_terms._term_findings(text, get_parameters())
    assert found
    for f, o, d in found:
        r = fit_terms.row(f, o, False, 1.0, "test", text, d)
        assert r.detail is not None
        assert (r.detail.key, r.detail.term) == (f.key, f.replacement)
        assert 0.0 <= r.detail.spin_rate <= 1.0 and 0.0 <= r.detail.technical <= 1.0
        assert r.detail.vocabulary < 0.0


def test_technical_share_is_higher_in_science_text() -> None:
    from textmend.config import DEFAULT_CONFIG

    science = "The eigenvalue decomposition of the covariance matrix yields orthogonal principal components."
    plain = "The children played happily in the park after school on a warm and sunny day."
    tech = [fit_terms.document_evidence(fit_terms.detect.observe(t, DEFAULT_CONFIG))[1] for t in (science, plain)]
    assert tech[0] > tech[1]
