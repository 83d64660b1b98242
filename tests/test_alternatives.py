"""Reported findings' alternatives come from every channel candidate; the edits do not move.

``textmend.alternatives`` re-scores the span of each reported finding with all its channel
candidates (the decision sees the best ``max_candidates`` by channel weight) and re-ranks the
alternatives after the replacement; the edits, confidences, suggestions and spin score stay what
the 12-candidate decision made them.
"""

from __future__ import annotations

import pytest

import textmend
from textmend import api
from textmend.alternatives import EXPONENTS, ranking
from textmend.channel import get_channel
from textmend.parameters import get_parameters

from .conftest import EXAMPLES

TOOK = "Ukraine says troops captured the town after a long fight."
""""captured" for "took": "took" is the 56th candidate of "captured" by channel weight, never
scored by the decision."""


def _without_alternatives(edits) -> list[tuple]:
    return [tuple(e._replace(alternatives=())) for e in edits]


@pytest.fixture
def narrow(monkeypatch: pytest.MonkeyPatch):
    """The front door without the widening: the decision's own alternatives."""
    def run(call, text: str):
        with monkeypatch.context() as m:
            m.setattr(api, "widened", lambda text, config, analysis, decided=None: analysis)
            return call(text)
    return run


def test_an_original_outside_the_channels_best_12_is_proposed(narrow) -> None:
    names = [e.original for e in get_channel().candidates("captured")]
    assert names.index("took") >= get_parameters().max_candidates
    wide = [e for e in textmend.detect(TOOK) if e.original == "captured"]
    before = [e for e in narrow(textmend.detect, TOOK) if e.original == "captured"]
    assert len(wide) == len(before) == 1
    assert "took" in [a for a, _ in wide[0].alternatives]
    assert "took" not in [a for a, _ in before[0].alternatives]
    assert wide[0].alternatives[0] == (wide[0].replacement, wide[0].confidence)


@pytest.mark.parametrize("name", ["spun_article.txt", "clean_article.txt"])
def test_wide_alternatives_off_is_the_decision_alone(name: str, narrow) -> None:
    """``Config.wide_alternatives=False`` gives what the front door gives without the widening."""
    text = (EXAMPLES / name).read_text(encoding="utf-8") + "\n\n" + TOOK
    assert textmend.repair(text, wide_alternatives=False) == narrow(textmend.repair, text)
    assert textmend.detect(text, wide_alternatives=False) == narrow(textmend.detect, text)
    off = [e for e in textmend.detect(TOOK, wide_alternatives=False) if e.original == "captured"]
    assert off and "took" not in [a for a, _ in off[0].alternatives]
    with pytest.raises(TypeError, match="wide_alternatives"):
        textmend.repair(TOOK, wide_alternatives="no")


@pytest.mark.parametrize("name", ["spun_article.txt", "clean_article.txt"])
def test_edits_suggestions_and_scores_are_those_of_the_decision(name: str, narrow) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    wide, before = textmend.repair(text), narrow(textmend.repair, text)
    assert wide.text == before.text
    assert _without_alternatives(wide.edits) == _without_alternatives(before.edits)
    assert _without_alternatives(wide.suggestions) == _without_alternatives(before.suggestions)
    assert (wide.spin_score, wide.regions) == (before.spin_score, before.regions)
    found, found_before = textmend.detect(text), narrow(textmend.detect, text)
    assert _without_alternatives(found) == _without_alternatives(found_before)
    if name == "spun_article.txt":  # the widening did reach some finding
        assert [e.alternatives for e in found] != [e.alternatives for e in found_before]


def test_alternatives_are_the_replacement_then_others_by_posterior() -> None:
    edits = textmend.detect((EXAMPLES / "spun_article.txt").read_text(encoding="utf-8"))
    assert edits
    for edit in edits:
        if edit.evidence is None:
            continue
        first, *rest = edit.alternatives
        assert first == (edit.replacement, edit.confidence)
        assert len(edit.alternatives) <= 3
        assert edit.replacement not in [a for a, _ in rest]
        assert all(0.0 <= p <= 1.0 for _, p in rest)
        assert [p for _, p in rest] == sorted((p for _, p in rest), reverse=True)


def test_the_ranking_tempers_the_thesauri_counts_only() -> None:
    channel = get_channel()
    plain = channel.weights("captured")
    tempered = channel.weights_with("captured", EXPONENTS)
    assert plain.keys() == tempered.keys()
    entries = {e.original: e for e in channel.candidates("captured")}
    for original, weight in tempered.items():
        sources = set(entries[original].sources)
        if sources & set(EXPONENTS):  # n_k ** beta <= n_k: a thesaurus pair weighs at least as much
            assert weight >= plain[original] - 1e-12
        else:
            assert weight == plain[original]
    assert channel.weights_with("captured", {}) == plain
    assert channel.weights("captured") == plain  # nothing cached under the other exponents


def test_the_ranking_is_a_posterior_over_every_candidate() -> None:
    from textmend.config import resolve_config
    from textmend.detect import observe_all

    _, scored = observe_all(TOOK, resolve_config(None, {}), 100_000)
    obs = next(o for o, _ in scored if o.key == "captured")
    post = ranking(obs, 0.3, get_parameters(), get_channel())
    assert len(post) == len(obs.entries) > get_parameters().max_candidates
    assert 0.0 < sum(post) < 1.0  # the rest: the span is written as the author wrote it


HARD = "It was a hard decision for the council, officials said on Monday."
""""hard" after "a": its 12 best candidates all take "a", later ones ("awkward") take "an", so the
windows of all its candidates score the article and those of the 12 do not."""


@pytest.mark.parametrize("text", ["spun_article.txt", "clean_article.txt", HARD])
def test_reusing_the_decided_observations_changes_no_alternative(text: str) -> None:
    import importlib

    from textmend.alternatives import reported, widened
    from textmend.config import resolve_config

    detect = importlib.import_module("textmend.detect")
    if text.endswith(".txt"):
        text = (EXAMPLES / text).read_text(encoding="utf-8")
    config = resolve_config(None, {})
    observed = detect.observe(text, config)
    analysis = detect.decide(observed, get_parameters())
    decided = reported(analysis, observed)
    assert decided
    reused, scored = widened(text, config, analysis, decided), widened(text, config, analysis)
    assert reused == scored  # every float alike
    assert not decided  # handed over span by span
    assert reused != analysis  # the widening did reach some finding


def test_a_span_whose_other_candidates_change_the_article_is_scored_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from textmend import alternatives

    from textmend.alternatives import _observe
    from textmend.candidates import Span, Words
    from textmend.config import resolve_config
    from textmend.context import Windows
    from textmend.language_model import get_language_model

    detect = importlib.import_module("textmend.detect")
    config = resolve_config(None, {})
    observed = detect.observe(HARD, config)
    decided = next(o for o in observed.items if o.key == "hard")
    words = Words(HARD)
    first = words.starts.index(decided.start)
    entries = get_channel().candidates("hard")
    span = Span(first, first, "hard", entries)
    windows = Windows(get_language_model())
    assert not windows.scores_article(words, span, [e.original for e in decided.entries])
    assert windows.scores_article(words, span, [e.original for e in entries[len(decided.entries):]])
    spans = {(decided.start, decided.end)}
    channel = get_channel(tuple(config.packs))
    queued: list[int] = []

    class Seen(Windows):
        def add(self, words, span, phrases):  # type: ignore[no-untyped-def]
            queued.append(len(phrases))
            return super().add(words, span, phrases)

    monkeypatch.setattr(alternatives, "Windows", Seen)
    reused = _observe(HARD, config, channel, spans, {(decided.start, decided.end): decided})
    assert queued == [len(reused[(decided.start, decided.end)].entries)]  # all of them, not the 12 after
    whole = _observe(HARD, config, channel, spans)
    obs = reused[(decided.start, decided.end)]
    assert obs == whole[(decided.start, decided.end)]
    assert len(obs.entries) > len(decided.entries)


def test_the_cli_ranks_alternatives_only_where_it_shows_them(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """Repaired text, a diff and check's text report show no alternatives: the CLI skips the
    widening there (a third of the CPU on spun text); JSON shows them, widened."""
    from click.testing import CliRunner

    from textmend.cli import cli

    calls: list[int] = []
    real = api.widened

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "widened", counted)
    path = tmp_path / "spun.txt"
    path.write_text((EXAMPLES / "spun_article.txt").read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    for args in (["repair", str(path)], ["repair", "--diff", str(path)], ["check", "--exit-zero", str(path)]):
        assert runner.invoke(cli, args).exit_code == 0, args
    assert calls == []
    shown = runner.invoke(cli, ["repair", "--format", "json", str(path)])
    assert shown.exit_code == 0 and calls
