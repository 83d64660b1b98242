"""Every candidate of a span is scored (``max_candidates``), in LM batches of bounded size."""

from __future__ import annotations

import importlib

from textmend.channel import get_channel
from textmend.config import DEFAULT_CONFIG
from textmend.parameters import get_parameters

detect = importlib.import_module("textmend.detect")  # the package exports a function of that name

TEXT = ("The big company said on Monday that it would cut jobs. Officials stated that the "
        "huge plan was a major step, and critics called it a grave mistake.\n\n") * 3


def _rows(obs):
    return [(o.start, o.end, o.key, tuple(e.original for e in o.entries), o.lm, o.prior) for o in obs.items]


def test_batches_of_lm_queries_give_the_same_observations_in_the_same_order(monkeypatch):
    whole = detect.observe(TEXT, DEFAULT_CONFIG)
    monkeypatch.setattr(detect, "QUERY_BATCH", 40)
    batched = detect.observe(TEXT, DEFAULT_CONFIG)
    assert _rows(batched) == _rows(whole)
    assert batched.negligible == whole.negligible


def test_a_span_is_scored_on_all_its_candidates_up_to_the_limit():
    limit = get_parameters().max_candidates
    channel = get_channel(tuple(DEFAULT_CONFIG.packs))
    obs = detect.observe(TEXT, DEFAULT_CONFIG)
    big = [o for o in obs.items if o.key == "huge"]
    assert big, "a thesaurus word of the text has a finding"
    many = channel.candidates("huge")
    assert len(many) > 12  # more than the old limit of 12
    assert len(big[0].entries) == min(len(many), limit)
    assert [e.original for e in big[0].entries] == [e.original for e in many[:limit]]


def test_batches_of_the_widened_alternatives_give_the_same_findings(monkeypatch):
    alternatives = importlib.import_module("textmend.alternatives")
    from textmend.api import detect as detect_all
    from textmend.api import repair

    spun = TEXT.replace("big", "large").replace("stated", "declared")
    whole, repaired = detect_all(spun), repair(spun)
    assert any(len(f.alternatives) > 1 for f in whole), "a finding has widened alternatives"
    monkeypatch.setattr(alternatives, "WIDE_QUERY_BATCH", 40)
    assert detect_all(spun) == whole
    assert repair(spun) == repaired
