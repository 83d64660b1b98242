"""The compiled lexicon loads once, checks its format, and answers by lookup."""

from __future__ import annotations

import gzip
import json

import pytest

from textmend.lexicon import get_lexicon, parse_lexicon


def test_loaded_once_and_shared() -> None:
    assert get_lexicon() is get_lexicon()


def test_spin_lengths_index_every_spun_form() -> None:
    lexicon = get_lexicon()
    for key in list(lexicon.spins)[:5000]:
        parts = key.split(" ")
        assert len(parts) in lexicon.spin_lengths[parts[0]]
        assert 1 <= len(parts) <= 4


def test_candidates_are_well_formed() -> None:
    lexicon = get_lexicon()
    for key, cands in lexicon.spins.items():
        assert key == key.lower().strip()
        for cand in cands:
            assert cand.original != key
            assert cand.pack in {"general", "news", "science"}
            assert 0.0 <= cand.strength <= 1.0


def test_wrong_format_is_refused_with_a_rebuild_hint() -> None:
    raw = gzip.compress(json.dumps({"format": "something-else", "version": 1}).encode())
    with pytest.raises(ValueError, match="build_wordlists"):
        parse_lexicon(raw)


def test_minimal_lexicon_parses() -> None:
    data = {
        "format": "textmend-lexicon",
        "version": 2,
        "spins": {"in line with": [["according to", "general", "PHRASE", 0.3]]},
        "idioms": ["prisoner of war"],
    }
    lexicon = parse_lexicon(gzip.compress(json.dumps(data).encode()))
    assert lexicon.spin_lengths == {"in": (3,)}
    assert lexicon.spins["in line with"][0].original == "according to"
    assert "prisoner of" in lexicon.idiom_pairs and "of war" in lexicon.idiom_pairs
    assert lexicon.collocations.forms == {} and lexicon.collocations.counts == {}  # optional


def test_older_format_is_refused() -> None:
    raw = gzip.compress(json.dumps({"format": "textmend-lexicon", "version": 1, "spins": {}}).encode())
    with pytest.raises(ValueError, match="v2"):
        parse_lexicon(raw)
