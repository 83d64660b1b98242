"""Document-level pair statistics (``textmend.pair_evidence``) and the confidence feature built on them."""

from __future__ import annotations

import importlib

import pytest

from textmend.channel import ChannelEntry
from textmend.confidence import FEATURE_NAMES, FUNCTION_WORD_NAMES
from textmend.config import resolve_config
from textmend.pair_evidence import MAX_EVIDENCE, pair_counts, pair_evidence, spun_count
from textmend.parameters import get_parameters

detect = importlib.import_module("textmend.detect")  # the package exports a function of that name

RULE = ("function",)


def _obs(key: str, originals: tuple[str, ...], start: int = 0) -> detect.Observation:
    entries = tuple(ChannelEntry(o, -0.5, RULE, "general") for o in originals)
    n = len(entries)
    return detect.Observation(start, start + len(key), key, 0, entries, (0.0,) * n, (0.0,) * n, (False,) * n,
                              (0,) * n, (0,) * n, -3.0, False)


def _evidence(spun_times: int, original_times: int, rate: float = 0.3, prior: float = 1.5) -> float:
    items = [_obs("mentioned", ("said", "stated"), start=10 * i) for i in range(spun_times)]
    items += [_obs("said", ("mentioned", "stated"), start=1000 + 10 * i) for i in range(original_times)]
    return pair_evidence(pair_counts(items), "mentioned", "said", original_times > 0, prior, -0.5, rate)


def test_counts_group_spans_by_spun_form_and_candidate() -> None:
    counts = pair_counts([_obs("mentioned", ("said",)), _obs("mentioned", ("said",), 20), _obs("said", ("stated",), 40)])
    assert counts.keys["mentioned"] == 2 and counts.keys["said"] == 1
    assert spun_count(counts, "mentioned", "said") == 2 and spun_count(counts, "mentioned", "stated") == 1
    assert spun_count(counts, "said", "stated") == 1  # written once: the span itself


def test_a_pasted_copy_adds_no_count() -> None:
    """Spans of a region written a second time elsewhere count half each (``copies``), so the
    document pasted twice has the counts of one copy."""
    one = [_obs("mentioned", ("said",)), _obs("mentioned", ("said",), 20), _obs("said", ("stated",), 40)]
    twice = one + [o._replace(region=1, start=o.start + 100) for o in one]
    counts = pair_counts(twice, (0.5, 0.5))
    assert counts.keys["mentioned"] == 2 and counts.keys["said"] == 1
    assert spun_count(counts, "mentioned", "said") == 2
    assert pair_counts(twice).keys["mentioned"] == 4  # without the weights: twice the counts


def test_a_spun_form_repeated_beside_its_original_is_stronger_evidence_than_once() -> None:
    once = _evidence(1, 10)
    assert _evidence(4, 10) > once + 3.0  # "mentioned" 4 times beside "said" 10 times
    assert _evidence(1, 0) > once  # an original written often speaks for a clean document
    assert -MAX_EVIDENCE <= once <= MAX_EVIDENCE


def test_no_spinning_and_an_even_split_give_no_evidence() -> None:
    assert _evidence(3, 5, rate=0.0) == 0.0
    # a rare spun form (prior +8) that shows up anyway: clipped, not infinite
    assert _evidence(20, 0, prior=8.0) == MAX_EVIDENCE


def test_the_fitted_coefficient_is_shipped_and_moves_a_function_word_confidence() -> None:
    params = get_parameters()
    name = "function-word*pair_evidence"
    assert name in FEATURE_NAMES and name in FUNCTION_WORD_NAMES
    assert params.confidence.get(name, 0.0) != 0.0
    text = ("Officials mentioned the plan was late. The minister mentioned that it was costly. "
            "A spokesman mentioned the rail line was needed. Residents said they had waited for years.")
    observations = detect.observe(text, resolve_config(None, {}))
    assert any(e.original == "said" for o in observations.items if o.key == "mentioned" for e in o.entries)
    with_pairs = detect.decide(observations, params)
    without = detect.decide(observations, params._replace(confidence={**params.confidence, name: 0.0}))
    said = [(dict(a.alternatives)["said"], dict(b.alternatives)["said"])
            for a, b in zip(with_pairs.findings, without.findings)
            if a.key == "mentioned" and "said" in dict(a.alternatives) and "said" in dict(b.alternatives)]
    assert said and all(x != y for x, y in said)


MULTI = "We have to act now, the mayor said on Monday. Residents need to wait for the report, she added."


def _need_to() -> tuple[detect.Observation, int, detect.Observations]:
    observations = detect.observe(MULTI, resolve_config(None, {}))
    item = next(o for o in observations.items if o.key == "need to")
    return item, [e.original for e in item.entries].index("have to"), observations


def test_pair_counts_see_a_multi_word_original_written_elsewhere() -> None:
    item, k, observations = _need_to()
    counts = pair_counts(observations.items)
    assert counts.keys["have to"] == 1  # "have to" is a span of its own
    alone = pair_evidence(pair_counts([item]), "need to", "have to", False, item.prior[k], item.entries[k].weight, 0.3)
    beside = pair_evidence(counts, "need to", "have to", item.in_document[k], item.prior[k], item.entries[k].weight, 0.3)
    assert beside < alone  # the author's own "have to" weighs against a spin


def test_a_multi_word_original_written_elsewhere_is_in_the_document() -> None:
    item, k, _ = _need_to()
    assert item.in_document[k]


def test_a_multi_word_original_is_not_written_elsewhere_by_the_span_itself() -> None:
    text = "Residents need to wait for the report, she added."
    observations = detect.observe(text, resolve_config(None, {}))
    item = next(o for o in observations.items if o.key == "need to")
    assert not item.in_document[[e.original for e in item.entries].index("have to")]
