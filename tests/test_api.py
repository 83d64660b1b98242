"""The public contract: repair, detect, score, Config, Edit and Result."""

from __future__ import annotations

import pickle

import pytest

import textmend
from textmend import Config, Edit, Result, apply_edits

from .conftest import EXAMPLES

SPUN_SENTENCE = "The soldier is believed to be the first North Korean prisoner of warfare."


def test_prisoner_of_warfare_is_restored_with_offsets_into_the_input() -> None:
    result = textmend.repair(SPUN_SENTENCE)
    assert result.text.endswith("prisoner of war.")
    (edit,) = result.edits
    assert SPUN_SENTENCE[edit.start : edit.end] == edit.original == "warfare"
    assert edit.replacement == "war"
    # a known spinner pair chosen by the language model, or the WordNet term "prisoner of war"
    # around it (the term model rates a three-word variant of a general term highly)
    assert edit.rule in ("curated", "term")
    assert 0.5 <= edit.confidence <= 1
    assert edit.explanation


def test_result_fields_and_types() -> None:
    result = textmend.repair(SPUN_SENTENCE)
    assert isinstance(result, Result)
    assert isinstance(result.edits, tuple) and all(isinstance(e, Edit) for e in result.edits)
    assert 0.0 <= result.spin_score <= 1.0
    assert textmend.score(SPUN_SENTENCE) == result.spin_score


def test_detect_returns_applied_and_unapplied_findings() -> None:
    result = textmend.repair(SPUN_SENTENCE, threshold=1.0)
    assert result.text == SPUN_SENTENCE
    assert result.edits == ()
    found = textmend.detect(SPUN_SENTENCE)
    assert "warfare" in [e.original for e in result.suggestions]
    assert any(e.original == "warfare" for e in found)


def test_threshold_override_matches_config() -> None:
    by_kwarg = textmend.repair(SPUN_SENTENCE, threshold=0.99)
    by_config = textmend.repair(SPUN_SENTENCE, config=Config(threshold=0.99))
    assert by_kwarg == by_config


@pytest.mark.parametrize("make", [float, "float32", "float64", "int64"])
def test_a_numpy_threshold_is_a_number(make: object) -> None:
    """A threshold computed with numpy (np.float32 from an array, np.int64) is a number like
    float: it was a TypeError 'must be a number' (qa6)."""
    import numpy as np

    value = make(1) if callable(make) else getattr(np, make)(1)
    assert textmend.repair(SPUN_SENTENCE, threshold=value) == textmend.repair(SPUN_SENTENCE, threshold=1.0)
    assert textmend.repair(SPUN_SENTENCE, config=Config(threshold=value)).edits == ()
    with pytest.raises(TypeError, match="number"):
        textmend.repair(SPUN_SENTENCE, threshold=np.bool_(True))


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (b"bytes", r"got bytes\. Decode bytes first"),
        (bytearray(b"bytes"), r"got bytearray\. Decode bytes first"),
        (None, r"got None \(a missing value\?\)"),  # a pandas gap said "got NoneType. Decode bytes first" (qa13)
        # pandas 3's str column (and any float or object column) holds a gap as NaN: it said
        # "got float." with no hint, and df.text.map(textmend.repair) is the README's recipe (tryout15)
        (float("nan"), r"got NaN \(a missing value\?\)"),
        (42.5, r"got float\.$"),
        (42, r"got int\.$"),
        (["list"], r"got list\.$"),
    ],
)
def test_non_str_input_raises_type_error_saying_what_to_pass(bad: object, message: str) -> None:
    entries = (textmend.repair, textmend.score, textmend.detect, textmend.repair_html, textmend.repair_markdown)
    for entry in entries:  # one message (qa5)
        with pytest.raises(TypeError, match=r"^textmend works on str; " + message):
            entry(bad)  # type: ignore[arg-type]


def test_unknown_override_and_bad_values_are_rejected() -> None:
    with pytest.raises(TypeError, match="unknown option"):
        textmend.repair("text", treshold=0.5)
    with pytest.raises(ValueError, match="threshold"):
        textmend.repair("text", threshold=2)
    with pytest.raises(ValueError, match="pack"):
        textmend.repair("text", packs=("nonsense",))


def test_config_result_and_edit_pickle() -> None:
    config = Config(threshold=0.7, packs=("general", "news"), allow=frozenset({"x"}))
    assert pickle.loads(pickle.dumps(config)) == config
    result = textmend.repair(SPUN_SENTENCE)
    assert pickle.loads(pickle.dumps(result)) == result


def test_config_is_immutable() -> None:
    config = Config()
    with pytest.raises(AttributeError):
        config.threshold = 0.1  # type: ignore[misc]


def test_packs_select_wordlists() -> None:
    text = "Troopers were despatched."
    assert textmend.detect(text, packs=("news",))
    assert textmend.detect(text, packs=("science",)) == []


def test_allow_list_protects_phrases() -> None:
    assert textmend.repair(SPUN_SENTENCE, allow=frozenset({"prisoner of warfare"})).edits == ()
    assert textmend.repair(SPUN_SENTENCE, allow=frozenset({"Warfare"})).edits == ()


@pytest.mark.parametrize("phrase", ["warfare.", "prisoner of warfare.", "\"prisoner of warfare\"", "(warfare)"])
def test_allow_list_matches_by_words_not_punctuation(phrase: str) -> None:
    """An allow phrase is matched by its words, as textmend.userlists documents ("U.S." matches
    "U S"): a phrase copied with its full stop or quotes silently protected nothing (tryout15)."""
    assert textmend.repair(SPUN_SENTENCE, allow=[phrase]).edits == ()
    us_spun = "The U.S. spy company informed the BBC."
    assert "company" in [e.original for e in textmend.repair(us_spun).edits]
    assert "company" not in [e.original for e in textmend.repair(us_spun, allow=["U.S. spy company"]).edits]


def test_user_extra_pairs_are_literal_phrases() -> None:
    text = "The gizmo.widget (a.*b) was sold."
    result = textmend.repair(text, extra_pairs=(("a.*b", "regex"), ("sold", "bought")))
    assert result.text == "The gizmo.widget (a.*b) was bought."
    assert [e.rule for e in result.edits] == ["user"]


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("We met the research and growth team in the big apple.", "We met the R&D team in the New York."),
        ("Research and growth is key.", "R&D is key."),
        ("RESEARCH AND GROWTH IS KEY.", "R&D IS KEY."),
        ("I love apple pie. Apple pie too.", "I love apple cake. Apple cake too."),  # a shared word keeps the author's case
    ],
)
def test_user_originals_keep_their_capitals(text: str, repaired: str) -> None:
    """An extra pair's original is written as the user gave it ("R&D", "New York"), in the case
    pattern of the span it replaces; it came out lower-cased ("the r&d team in the new york")."""
    pairs = (("research and growth", "R&D"), ("big apple", "New York"), ("apple pie", "Apple cake"))
    result = textmend.repair(text, extra_pairs=pairs)
    assert result.text == repaired
    assert textmend.repair(result.text, extra_pairs=pairs).edits == ()


def test_user_pairs_that_differ_in_case_alone_are_one_pair() -> None:
    with pytest.raises(ValueError, match="duplicate pair"):
        textmend.repair("x", extra_pairs=(("big apple", "New York"), ("big apple", "new york")))


def test_apply_edits_rejects_overlaps() -> None:
    edit = Edit(0, 3, "abc", "x", 1.0, "user", "")
    with pytest.raises(ValueError):
        apply_edits("abcdef", [edit, edit])


@pytest.mark.parametrize(
    "edit",
    [
        Edit(3, 6, "abc", "x", 1.0, "user", ""),  # edits of another text: 'def' sits there
        Edit(4, 99, "ef", "x", 1.0, "user", ""),  # past the end: the slice would eat nothing
        Edit(4, 2, "", "x", 1.0, "user", ""),  # end before start
        Edit(-2, 6, "ef", "x", 1.0, "user", ""),  # a negative offset counts from the end
    ],
)
def test_apply_edits_rejects_an_edit_that_is_not_of_this_text(edit: Edit) -> None:
    """The promise is ``text[start:end] == original``: an edit whose span does not hold its
    original (edits replayed on another text, or on a normalised copy) is a ValueError, not a
    silently wrong text (qa6)."""
    with pytest.raises(ValueError, match="original"):
        apply_edits("abcdef", [edit])


def test_an_edit_a_later_round_undoes_is_not_applied_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A repair that undoes its own edit (seen on a long single line of numbers: "10" -> "x" at a
    window edge, then "x" -> "10" in full context) ends with neither, without swinging between the
    two for every round."""
    import textmend.api as api
    from textmend.model import Edit

    calls: list[str] = []

    def swinging(text: str, analysis: object, floor: float = 0.0) -> list[Edit]:
        calls.append(text)
        if "ten" in text:
            at = text.index("ten")
            return [Edit(at, at + 3, "ten", "10", 0.9, "number", "")]
        at = text.index("10")
        return [Edit(at, at + 2, "10", "ten", 0.95, "number", "")]

    monkeypatch.setattr(api, "all_edits", swinging)
    result = api.repair("It costs ten pounds.")
    assert result.text == "It costs ten pounds." and result.edits == ()
    assert calls == ["It costs ten pounds.", "It costs 10 pounds.", "It costs ten pounds."]
    assert len(calls) < api.MAX_ROUNDS


def test_threshold_zero_applies_no_finding_below_the_suggestion_floor() -> None:
    """``threshold=0`` (``--min-confidence 0``) applies every finding ``repair`` reports, down to
    ``SUGGESTION_FLOOR``; the re-check rounds applied confidence-0.00 swaps ('he' -> 'she') (qa5)."""
    from textmend.api import SUGGESTION_FLOOR

    spun = (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8")
    result = textmend.repair(spun, threshold=0.0)
    assert min(e.confidence for e in result.edits) >= SUGGESTION_FLOOR
    assert result == textmend.repair(spun, threshold=SUGGESTION_FLOOR)


def test_detect_lists_each_edit_once_at_its_best_confidence() -> None:
    # "spy company" -> "spy agency" and "company" -> "agency" both shape to one edit of "company"
    text = "The BBC was told that a spy company existed."
    found = textmend.detect(text)
    keys = [(e.start, e.end, e.replacement) for e in found]
    assert len(keys) == len(set(keys))
    agency = [e for e in found if e.replacement == "agency"]
    assert len(agency) == 1 and text[agency[0].start:agency[0].end] == "company"
    applied = {(e.start, e.end, e.replacement): e.confidence for e in textmend.repair(text).edits}
    for e in found:
        if (e.start, e.end, e.replacement) in applied:
            assert applied[(e.start, e.end, e.replacement)] == e.confidence


@pytest.mark.parametrize(("packs", "expected"), [("news", ("news",)), ("news, science", ("news", "science"))])
def test_a_str_of_packs_names_packs_in_config_as_in_overrides(packs: str, expected: tuple[str, ...]) -> None:
    """``Config(packs="news")`` is read as the override ``packs="news"`` and the CLI's ``--pack`` read
    it (comma-separated names): it was a TypeError at use while the override worked (cli16)."""
    text = "Troopers were despatched."
    by_tuple = textmend.detect(text, config=Config(packs=expected))
    assert textmend.detect(text, config=Config(packs=packs)) == by_tuple
    assert textmend.detect(text, packs=packs) == by_tuple
    assert textmend.repair(text, config=Config(packs=packs), threshold=0.5) == textmend.repair(
        text, packs=expected, threshold=0.5
    )
    with pytest.raises(ValueError, match=r"unknown pack\(s\) \['nws'\]"):
        textmend.repair(text, config=Config(packs="nws"))
    with pytest.raises(ValueError, match="packs is empty"):
        textmend.score(text, config=Config(packs=" , "))


@pytest.mark.parametrize(
    "packs",
    [{"news", "general"}, frozenset({"general", "news"}), ("news", "general"), ["general", "news"],
     ("news", "general", "news"), "news,general"],
)  # fmt: skip
def test_packs_resolve_to_one_canonical_order(packs: object) -> None:
    """A set of packs became a tuple in hash order, and that tuple is the channel's cache key: two
    processes with other hash seeds built other channels. Any spelling of the same names resolves
    to them in the order of ``ALL_PACKS``, in a Config and as an override."""
    from textmend.config import resolve_config

    expected = ("general", "news")
    assert resolve_config(Config(packs=packs), {}).packs == expected  # type: ignore[arg-type]
    assert resolve_config(None, {"packs": packs}).packs == expected
    assert resolve_config(Config(packs=("science",)), {"packs": packs}).packs == expected
