"""The re-check of an edited text (textmend.recheck) equals a fresh observation of it, float for float."""

from __future__ import annotations

import importlib
import random
from pathlib import Path

import pytest

from textmend import recheck
from textmend.candidates import Words, code_words
from textmend.config import resolve_config

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
detect = importlib.import_module("textmend.detect")  # the package exports a function of that name
REPLACEMENTS = [
    "war", "in addition to", "big", "the primary", "Company", "3", "twenty-one", "well-known", "said",
    "is believed to be", "", "state-of-the-art", "U.S.", "don't", "prisoner of warfare", "first", "ten",
    "important", "significant", "In", "points",
]


def _edits(text: str, rng: random.Random, count: int) -> list[tuple[int, int, str]]:
    """Random disjoint edits of 1-3 whole words each, as an engine makes them (no line break inside)."""
    words = Words(text)
    picked: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for _ in range(count):
        first = rng.randrange(len(words))
        last = min(len(words) - 1, first + rng.randrange(3))
        if any(k in taken for k in range(first - 1, last + 2)):
            continue
        start, end = words.starts[first], words.ends[last]
        if "\n" in text[start:end]:
            continue
        taken.update(range(first, last + 1))
        picked.append((start, end, rng.choice(REPLACEMENTS)))
    return sorted(picked)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


@pytest.mark.parametrize("name", ["spun_article.txt", "clean_article.txt"])
@pytest.mark.parametrize("seed", range(10))
def test_look_again_equals_a_fresh_observation(name: str, seed: int) -> None:
    config = resolve_config(None, {})
    rng = random.Random(seed)
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    observed, seen = recheck.first_look(text, config)
    assert observed == detect.observe(text, config)
    assert seen is not None
    for count in (2 + seed * 5, 3):  # a first re-check, then one more from its result
        edits = _edits(text, rng, count)
        text = _apply(text, edits)
        observed, seen = recheck.look_again(seen, text, edits, config)
        assert observed == detect.observe(text, config)
        assert seen is not None and seen.text == text


def test_edits_at_both_ends_and_adjacent_to_each_other() -> None:
    config = resolve_config(None, {})
    text = "The primary prisoner of warfare is believed to be big.\nIn addition to that, the company said so."
    observed, seen = recheck.first_look(text, config)
    words = Words(text)
    edits = [
        (words.starts[0], words.ends[1], "The first"),
        (words.starts[2], words.ends[4], "prisoner of war"),
        (words.starts[len(words) - 1], words.ends[len(words) - 1], "big"),
    ]
    new = _apply(text, edits)
    observed, _ = recheck.look_again(seen, new, edits, config)
    assert observed == detect.observe(new, config)


def test_falls_back_to_a_fresh_observation() -> None:
    config = resolve_config(None, {})
    text = (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8")
    _, seen = recheck.first_look(text, config)
    other = "Something else entirely: the company is big."
    # edits that do not give the new text, and another config
    assert recheck.look_again(seen, other, [(0, 3, "x")], config)[0] == detect.observe(other, config)
    numbers_off = resolve_config(None, {"numbers": False})
    assert recheck.look_again(seen, text, [], numbers_off)[0] == detect.observe(text, numbers_off)
    # a user's allow list reaches further than the margin: no re-use
    allowing = resolve_config(None, {"allow": ("primary",)})
    assert recheck.first_look(text, allowing)[1] is None


def test_repair_pauses_the_collector_and_restores_it() -> None:
    import gc

    import textmend

    text = (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8")
    assert gc.isenabled()
    first = textmend.repair(text)
    assert gc.isenabled()  # enabled again after the call
    gc.disable()
    try:
        assert textmend.repair(text) == first
        assert not gc.isenabled()  # a caller's choice stays
    finally:
        gc.enable()


WRITTEN_TERM = "bachelor of science in engineering"  # a known term of five words (WordNet)


@pytest.mark.parametrize("completes", [True, False])
@pytest.mark.parametrize("word", [0, 1])
def test_an_edit_that_makes_or_breaks_a_written_term_far_away(completes: bool, word: int) -> None:
    """A written known term (up to five words) takes the thesaurus candidates from the words inside
    it (detect._inside_term): an edit that completes or breaks the term reaches its other end, four
    words away, beyond MARGIN. Those spans are scored anew."""
    from textmend.tortured import is_term

    assert is_term(WRITTEN_TERM.split())
    config = resolve_config(None, {})
    words = WRITTEN_TERM.split()
    broken = [*words[:word], "qqq", *words[word + 1 :]]
    before = "He then earned the "
    written_text = before + WRITTEN_TERM + " in some detail here."
    broken_text = before + " ".join(broken) + " in some detail here."
    old, new = (broken_text, written_text) if completes else (written_text, broken_text)
    start = len(before) + sum(len(w) + 1 for w in words[:word])
    end = start + len(old.split()[4 + word])
    edits = [(start, end, new.split()[4 + word])]
    assert _apply(old, edits) == new
    _, seen = recheck.first_look(old, config)
    observed, _ = recheck.look_again(seen, new, edits, config)
    assert observed == detect.observe(new, config)


def test_an_edit_that_changes_the_code_words_falls_back() -> None:
    """The words written as code (candidates.code_words) reach every span of the text."""
    config = resolve_config(None, {})
    old = "The big result was quite clear to all of us when we call `fit` on the model."
    new = old.replace("`fit`", "`big`")
    assert code_words(new) != code_words(old) and "big" in code_words(new)
    start = old.index("fit")
    edits = [(start, start + 3, "big")]
    _, seen = recheck.first_look(old, config)
    observed, _ = recheck.look_again(seen, new, edits, config)
    assert observed == detect.observe(new, config)


@pytest.mark.parametrize("seed", range(3))
def test_random_edits_among_written_terms_equal_a_fresh_observation(seed: int) -> None:
    """Sentences full of known terms of 3-5 words (the shipped term list), edited at random words
    of them: each re-check equals a fresh observation (before the fix, about a third did not)."""
    from textmend.tortured import get_terms

    config = resolve_config(None, {})
    rng = random.Random(seed)
    known = sorted(
        t for t in get_terms().known.prefixed("b") if 3 <= t.count(" ") + 1 <= 5 and t.replace(" ", "").isalpha()
    )
    assert len(known) > 100
    for _ in range(15):
        chosen = rng.sample(known, 10)
        text = " ".join(f"We saw the {t} in the `fit` data and its primary results." for t in chosen)
        vocabulary = [w for t in chosen for w in t.split()] + ["qqq", "the", "prisoner of war", ""]
        _, seen = recheck.first_look(text, config)
        for _ in range(2):
            words = Words(text)
            edits: list[tuple[int, int, str]] = []
            taken: set[int] = set()
            for _ in range(rng.randrange(1, 6)):
                first = rng.randrange(len(words))
                last = min(len(words) - 1, first + rng.randrange(2))
                if any(k in taken for k in range(first - 1, last + 2)):
                    continue
                taken.update(range(first, last + 1))
                edits.append((words.starts[first], words.ends[last], rng.choice(vocabulary)))
            edits.sort()
            text = _apply(text, edits)
            observed, seen = recheck.look_again(seen, text, edits, config)
            assert observed == detect.observe(text, config)


@pytest.mark.parametrize("document_window", [None, 25])
@pytest.mark.parametrize("seed", range(6))
def test_a_text_of_several_windows_is_re_checked_window_by_window(monkeypatch: pytest.MonkeyPatch, seed: int,
                                                                  document_window: int | None) -> None:
    """A text longer than a detection window (here 200 characters, so an article is several) is
    re-checked window by window, each span scored within its own window, also when an edit moves a
    cut to another line break: the same observations as a fresh look, and no fresh look taken.
    With the document factor's window at 25 words (``textmend.written``), a span with no edit within
    25 words keeps its ``in_document``."""
    monkeypatch.setattr(detect, "WINDOW_CHARS", 200)
    if document_window is not None:
        from textmend.parameters import get_parameters

        params = get_parameters()._replace(document_window=document_window)
        monkeypatch.setattr(detect, "get_parameters", lambda: params)
        monkeypatch.setattr(recheck, "get_parameters", lambda: params)
    config = resolve_config(None, {"packs": ("general", "news", "science")} if seed % 2 else {})
    rng = random.Random(seed)
    text = "\n\n".join((EXAMPLES / name).read_text(encoding="utf-8") for name in ("spun_article.txt", "clean_article.txt"))
    windows = tuple(detect._windows(text))
    assert len(windows) > 4
    observed, seen = recheck.first_look(text, config)
    assert seen is not None and seen.windows == windows
    fresh_looks: list[str] = []
    first_look = recheck.first_look
    monkeypatch.setattr(recheck, "first_look", lambda t, c: (fresh_looks.append(t), first_look(t, c))[1])
    for count in (2 + 3 * seed, 2, 1):
        edits = _edits(text, rng, count)
        text = _apply(text, edits)
        observed, seen = recheck.look_again(seen, text, edits, config)
        assert observed == detect.observe(text, config)
        assert seen is not None and seen.text == text and seen.windows == tuple(detect._windows(text))
    assert fresh_looks == []


def test_an_edit_that_moves_a_window_cut_rescores_around_the_cuts(monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit that shortens a window moves its cut to another line break (and every cut after it):
    the spans around the old and the new cuts are scored anew, with no fresh look of the text."""
    monkeypatch.setattr(detect, "WINDOW_CHARS", 60)
    config = resolve_config(None, {})
    line = "The company informed the BBC that the primary soldiers were big.\n"
    text = line * 6
    words = Words(text)
    edits = [(words.starts[1], words.ends[5], "firm")]  # 30 characters fewer: the first cut moves a line
    new = _apply(text, edits)
    moves = recheck._cut_moves(list(detect._windows(text)), list(detect._windows(new)), edits)
    assert moves is not None and moves[0] and moves[1]
    _, seen = recheck.first_look(text, config)
    monkeypatch.setattr(recheck, "first_look", None)  # no fresh look
    observed, _ = recheck.look_again(seen, new, edits, config)
    assert observed == detect.observe(new, config)


def test_cut_moves_map_the_cuts_through_the_edits() -> None:
    old = [(0, 100), (100, 250), (250, 300)]
    assert recheck._cut_moves(old, [(0, 97), (97, 247), (247, 297)], [(10, 15, "ab")]) == ([], [])
    assert recheck._cut_moves(old, [(0, 100), (100, 254), (254, 304)], [(120, 121, "abcde")]) == ([], [])
    # the second cut moved to the next line break (old 270, new 274): both places in both texts
    assert recheck._cut_moves(old, [(0, 100), (100, 274), (274, 304)], [(120, 121, "abcde")]) == (
        [250, 270], [254, 274])
    assert recheck._cut_moves(old, [(0, 100), (100, 300)], []) == ([250], [250])
    assert recheck._cut_moves(old, old, [(95, 105, "0123456789")]) is None  # an edit over a cut


def test_an_edit_that_moves_an_estimation_window_keeps_in_document_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a text longer than the document factor's window, a span's originals are searched within its
    spin-rate estimation window only (``detect.document_words``). Edits that lengthen the text move the
    windows' cuts far from themselves: a span with no edit within the window but whose estimation
    window's end moved gets its ``in_document`` anew (a fresh look's), not the old one."""
    from textmend.parameters import get_parameters

    params = get_parameters()._replace(document_window=30)
    monkeypatch.setattr(detect, "get_parameters", lambda: params)
    monkeypatch.setattr(recheck, "get_parameters", lambda: params)
    config = resolve_config(None, {})
    text = "\n\n".join((EXAMPLES / name).read_text(encoding="utf-8") for name in ("spun_article.txt", "clean_article.txt"))
    _, seen = recheck.first_look(text, config)
    assert seen is not None and seen.cuts == (54, 138, 219)
    words = Words(text)
    longer = "is believed to be in addition to the primary"  # 9 words for 2, twice
    edits = [(words.starts[60], words.ends[61], longer), (words.starts[184], words.ends[185], longer)]
    text = _apply(text, edits)
    monkeypatch.setattr(recheck, "first_look", None)  # no fresh look
    observed, seen = recheck.look_again(seen, text, edits, config)
    assert seen is not None and seen.cuts == (54, 100, 145, 233)  # a cut more, and the later ones moved
    assert observed == detect.observe(text, config)
