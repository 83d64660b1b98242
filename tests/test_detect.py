"""Detector rules, each shown on a small hand-made lexicon so the rule, not the data, is tested."""

from __future__ import annotations

import gzip
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import textmend
import textmend.lexicon as lexicon_module
from textmend.config import DEFAULT_CONFIG
from textmend.collocations import broken_collocations
from textmend.detect import _Words, analyse, spin_score_from

detect_module = importlib.import_module("textmend.detect")  # textmend.detect is the function

SPINS = {
    "warfare": [["war", "news", "NOUN", 0.4]],
    "troopers": [["soldiers", "news", "NOUN", 0.95]],
    "company": [["agency", "news", "NOUN", 0.05]],
    "stated": [["said", "general", "VERB", 0.2]],
}
IDIOMS = ["prisoner of war", "spy agency", "travel agency", "state troopers"]
BIGRAMS = {"travel company": 4.0, "travel agency": 4.5, "spy agency": 3.5}
COLLOCATION_BIGRAMS = {"phone company": 6.0, "over time": 6.5, "the time": 7.0, "the clock": 6.0}
ALTERNATIVES = {"companionship": ["company"], "clock": ["time"]}


def collocation_table() -> dict:
    """COLLOCATION_BIGRAMS and ALTERNATIVES in the compiled format (words as ids)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    try:
        from build_wordlists import collocation_table as compile_table
    finally:
        sys.path.pop(0)
    return compile_table(COLLOCATION_BIGRAMS, ALTERNATIVES)


@pytest.fixture
def tiny_lexicon(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    data = {"format": "textmend-lexicon", "version": 2, "spins": SPINS, "idioms": IDIOMS, "bigrams": BIGRAMS,
            "collocations": collocation_table()}
    monkeypatch.setattr(lexicon_module, "_loaded", lexicon_module.parse_lexicon(gzip.compress(json.dumps(data).encode())))
    yield


def rules(text: str) -> dict[str, str]:
    return {e.original.lower(): e.rule for e in textmend.detect(text)}


def local(text: str) -> dict[str, float]:
    """Each finding's local evidence (log-odds before the document's share), by spun form."""
    return {s.finding.key: s.finding.local for s in analyse(text, DEFAULT_CONFIG).findings}


def test_broken_idiom_is_strong_evidence(tiny_lexicon: None) -> None:
    inside = analyse("He was a prisoner of warfare.", DEFAULT_CONFIG).findings[0].finding
    assert (inside.rule, inside.replacement) == ("idiom", "war")
    # the same word outside the idiom is only weak evidence
    assert local("The warfare was long and the summer was hot.")["warfare"] < inside.local - 3.0
    # in one sentence, in a document that does not look spun, weak evidence stays a suggestion
    assert textmend.repair("The warfare was long and the summer was hot.", threshold=0.5).edits == ()


def test_inflected_idiom_variant_matches_fuzzily(tiny_lexicon: None) -> None:
    assert rules("They were prisoners of warfare.") == {"warfare": "idiom"}


def test_spun_form_inside_a_known_idiom_is_legitimate(tiny_lexicon: None) -> None:
    plain = local("The troopers came.")
    inside = local("The state troopers came.")
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
    for words in (0, 50, 5000):
        assert spin_score_from(0.0, 0.0, 0.0, words) == 0.0
    values = [spin_score_from(d / 1000, 0.0, 0.0, 300) for d in range(0, 90, 5)]
    assert values == sorted(values) and values[-1] > 0.99
    for evidence in ((0.0, 1.0), (1.0, 0.0)):  # confident findings, broken collocations
        more = [spin_score_from(0.01, evidence[0] * n / 1000, evidence[1] * n / 1000, 300) for n in range(0, 60, 5)]
        assert more == sorted(more) and more[0] < 0.5 < more[-1]
    assert textmend.score("") == 0.0
    clean = "The weather was fine and the market was busy. " * 10
    spun = "The troopers stated the warfare was over. " * 3
    broken = "The troopers stated the phone companionship was over by clock. " * 3
    assert textmend.score(broken) > textmend.score(spun) > textmend.score(clean) == 0.0


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


def breaks(text: str) -> set[str]:
    words = _Words(text)
    return broken_collocations(words, lexicon_module.get_lexicon())


def test_broken_collocation_needs_a_far_commoner_bigram_of_an_alternative(tiny_lexicon: None) -> None:
    assert breaks("The phone companionship grew over clock.") == {"companionship", "clock"}
    # no known bigram of an alternative with these neighbours
    assert breaks("His companionship helped, a clock ticked.") == set()
    # the word's own bigram is about as common as the alternative's
    assert breaks("She looked at the clock.") == set()
    # bigrams do not reach across punctuation or a paragraph break
    assert breaks("A new phone. Companionship grew over\n\nclock") == set()


def test_broken_collocations_raise_the_spin_score_only(tiny_lexicon: None) -> None:
    clean = "The phone company grew over time and the staff were glad of it. " * 3
    broken = "The phone companionship grew over clock and the staff were glad of it. " * 3
    a, b = analyse(clean, DEFAULT_CONFIG), analyse(broken, DEFAULT_CONFIG)
    assert (a.breaks, b.breaks) == (0, 2)
    assert b.spin_score > a.spin_score
    assert b.findings == ()  # evidence for the document, never an edit of its own
