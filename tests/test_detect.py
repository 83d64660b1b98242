"""Detector rules, each shown on a small hand-made lexicon so the rule, not the data, is tested."""

from __future__ import annotations

import gzip
import importlib
import json
from collections.abc import Iterator

import pytest

import textmend
import textmend.lexicon as lexicon_module
from textmend.config import DEFAULT_CONFIG
from textmend.detect import analyse, spin_score_from_density

detect_module = importlib.import_module("textmend.detect")  # textmend.detect is the function

SPINS = {
    "warfare": [["war", "news", "NOUN", 0.4]],
    "troopers": [["soldiers", "news", "NOUN", 0.95]],
    "company": [["agency", "news", "NOUN", 0.05]],
    "stated": [["said", "general", "VERB", 0.2]],
}
IDIOMS = ["prisoner of war", "spy agency", "travel agency", "state troopers"]
BIGRAMS = {"travel company": 4.0, "travel agency": 4.5, "spy agency": 3.5}


@pytest.fixture
def tiny_lexicon(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    data = {"format": "textmend-lexicon", "version": 1, "spins": SPINS, "idioms": IDIOMS, "bigrams": BIGRAMS}
    monkeypatch.setattr(lexicon_module, "_loaded", lexicon_module.parse_lexicon(gzip.compress(json.dumps(data).encode())))
    yield


def rules(text: str) -> dict[str, str]:
    return {e.original.lower(): e.rule for e in textmend.detect(text)}


def test_broken_idiom_is_strong_evidence(tiny_lexicon: None) -> None:
    inside = textmend.repair("He was a prisoner of warfare.", threshold=0.5)
    assert inside.text == "He was a prisoner of war."
    assert inside.edits[0].rule == "idiom"
    # the same word outside the idiom is only weak evidence
    outside = textmend.detect("The warfare was long and the summer was hot.")
    assert outside[0].confidence < inside.edits[0].confidence - 0.3
    assert textmend.repair("The warfare was long and the summer was hot.", threshold=0.5).edits == ()


def test_inflected_idiom_variant_matches_fuzzily(tiny_lexicon: None) -> None:
    assert rules("They were prisoners of warfare.") == {"warfare": "idiom"}


def test_spun_form_inside_a_known_idiom_is_legitimate(tiny_lexicon: None) -> None:
    plain = {e.original: e.confidence for e in textmend.detect("The troopers came.")}
    inside = {e.original: e.confidence for e in textmend.detect("The state troopers came.")}
    assert inside["troopers"] < plain["troopers"]


def test_known_collocation_of_the_spun_form_blocks_idiom_support(tiny_lexicon: None) -> None:
    assert rules("Russia's spy company said so.")["company"] == "idiom"
    assert rules("The travel company said so.").get("company") == "spin-table"


def test_number_rule_skips_units_names_and_punctuation(tiny_lexicon: None) -> None:
    assert rules("the 2 states signed")["2"] == "number"
    for text in ("up 3 million people", "on page 2 today", "Channel 4 said", "it was 2-1 to them", "the 2 Koreas"):
        assert "2" not in rules(text) and "3" not in rules(text) and "4" not in rules(text), text


def test_glued_words_are_not_candidates(tiny_lexicon: None) -> None:
    assert textmend.detect("see troopers.example.com and @troopers and troopers_x") == []


def test_spin_score_grows_with_density(tiny_lexicon: None) -> None:
    assert spin_score_from_density(0.0) == 0.0
    values = [spin_score_from_density(d / 1000) for d in range(0, 60, 5)]
    assert values == sorted(values) and values[-1] > 0.99
    assert textmend.score("") == 0.0
    clean = "The weather was fine and the market was busy. " * 10
    spun = "The troopers stated the warfare was over. " * 3
    assert textmend.score(spun) > 0.5 > textmend.score(clean)


def test_long_texts_are_scanned_in_windows_with_the_same_findings(
    tiny_lexicon: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "\n".join(f"Line {i}: the troopers stated it, a prisoner of warfare." for i in range(300))
    def summary(analysis: detect_module.Analysis) -> tuple[object, ...]:
        found = [(s.finding.start, s.finding.end, s.finding.replacement, s.confidence) for s in analysis.findings]
        return analysis.spin_score, analysis.word_count, found

    whole = analyse(text, DEFAULT_CONFIG)
    monkeypatch.setattr(detect_module, "WINDOW_CHARS", 200)
    windowed = analyse(text, DEFAULT_CONFIG)
    assert summary(whole) == summary(windowed)
    one_line = text.replace("\n", " ")
    windowed_line = analyse(one_line, DEFAULT_CONFIG)
    assert windowed_line.word_count == whole.word_count
    assert len(windowed_line.findings) >= len(whole.findings) - 2 * (len(one_line) // 100)
