"""The packed sorted string set of the known terms (textmend.sorted_strings) answers as a set does."""

from __future__ import annotations

import random

import pytest

from textmend.sorted_strings import SortedStrings
from textmend.tortured import get_terms


def _words(rng: random.Random, n: int) -> list[str]:
    letters = "ab cé\u00fcz-"
    return ["".join(rng.choice(letters) for _ in range(rng.randrange(0, 7))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(5))
def test_membership_order_and_prefixes_agree_with_a_set(seed: int) -> None:
    rng = random.Random(seed)
    strings = _words(rng, 300)
    packed = SortedStrings(strings)
    plain = sorted(set(strings))
    assert list(packed) == plain and len(packed) == len(plain) and packed == set(strings)
    for probe in _words(rng, 300) + strings[:50]:
        assert (probe in packed) == (probe in plain)
        assert packed.prefixed(probe) == [s for s in plain if s.startswith(probe)]
    assert [packed[k] for k in (0, -1)] == [plain[0], plain[-1]]
    with pytest.raises(IndexError):
        packed[len(plain)]
    assert 3 not in packed  # type: ignore[operator]


def test_empty_set() -> None:
    empty = SortedStrings([])
    assert len(empty) == 0 and "" not in empty and empty.prefixed("") == [] and empty == frozenset()


def test_shipped_terms_keep_every_term() -> None:
    """Every line of the shipped term list is a member, and the science terms are a subset."""
    import gzip
    from importlib.resources import files

    from textmend.tortured import TERMS_RESOURCE

    lines = [x for x in gzip.decompress(files("textmend").joinpath(TERMS_RESOURCE).read_bytes()).decode().splitlines()
             if x and not x.startswith("#")]
    terms = get_terms()
    keys = [line.partition("\t")[0] for line in lines]
    assert len(terms.known) == len(set(keys)) and all(k in terms.known for k in keys)
    assert sorted(terms.science) == sorted({k for k, line in zip(keys, lines) if line.endswith("\ts")})


def test_pickled_set_is_rebuilt_from_its_strings() -> None:
    import pickle

    packed = SortedStrings(["b a", "a", "c d e"])
    again = pickle.loads(pickle.dumps(packed))
    assert list(again) == ["a", "b a", "c d e"] and "b a" in again and "b" not in again


@pytest.mark.parametrize("n", [0, 1, 31, 32, 33, 64, 65, 200])
def test_searches_across_sample_blocks(n: int) -> None:
    strings = [f"w{k:04d}" for k in range(n)]
    packed = SortedStrings(strings)
    for k in range(n):
        assert strings[k] in packed and packed.prefixed(strings[k]) == [strings[k]]
        assert packed._bisect(strings[k].encode()) == k
        assert packed._bisect((strings[k] + "!").encode()) == k + 1
    assert packed._bisect(b"") == 0 and packed._bisect(b"x") == n


def _state(packed: SortedStrings) -> tuple:
    return packed._blob, packed._offsets, packed._samples, packed._hashes


@pytest.mark.parametrize("seed", range(5))
def test_from_lines_builds_the_same_set_as_the_constructor(seed: int) -> None:
    """Sorted distinct lines take the whole-text path; its blob, offsets, samples and hashes
    are those the constructor builds (non-ASCII strings, the empty string, sample edges)."""
    rng = random.Random(seed)
    strings = sorted(set(_words(rng, rng.choice([0, 1, 31, 32, 33, 300]))))
    raw = "".join(s + "\n" for s in strings).encode("utf-8")
    packed = SortedStrings.from_lines(raw)
    assert _state(packed) == _state(SortedStrings(strings))
    assert list(packed) == strings and all(s in packed for s in strings)


def test_from_lines_sorts_and_drops_repeats_like_the_constructor() -> None:
    lines = ["b", "a c", "b", "é", "a"]
    packed = SortedStrings.from_lines("".join(s + "\n" for s in lines).encode("utf-8"))
    assert list(packed) == ["a", "a c", "b", "é"] and _state(packed) == _state(SortedStrings(lines))


def test_from_lines_wants_a_final_line_feed() -> None:
    with pytest.raises(ValueError, match="line feed"):
        SortedStrings.from_lines(b"a\nb")
    assert len(SortedStrings.from_lines(b"")) == 0


def test_shipped_terms_read_whole_as_line_by_line() -> None:
    """``read_terms`` (the whole-text path get_terms takes) gives the shipped terms exactly as
    the line-by-line partition of every line does."""
    import gzip
    from importlib.resources import files

    from textmend.tortured import TERMS_RESOURCE, _text_lines, index_terms, read_terms

    raw = gzip.decompress(files("textmend").joinpath(TERMS_RESOURCE).read_bytes())
    fast, slow = read_terms(raw), index_terms(_text_lines(raw.decode("utf-8")))
    assert [_state(s) for s in fast] == [_state(s) for s in slow]
    assert len(fast[0]) > 100_000 and 0 < len(fast[1]) < len(fast[0])


@pytest.mark.parametrize("raw", [
    b"# header\nb c\ta\na b\ts\na d\ts\n",  # unsorted, tags other than s
    b"a\tb\ts\nc d\ts\n",  # a tag with a tab in it ("b\ts"), not "s"
    b"a b\ts\n# a comment inside\nb c\n",  # a comment after the header
    b"a b\ts\n\nb c\n",  # an empty line
    b"a b\ts\rc d\ts\nx\ty\ts\n",  # a carriage return: splitlines splits there
    "a\u2028b\ts\nc d".encode("utf-8"),  # a Unicode line separator, no final line feed
])
def test_read_terms_agrees_with_the_line_by_line_reading(raw: bytes) -> None:
    from textmend.tortured import _text_lines, index_terms, read_terms

    fast, slow = read_terms(raw), index_terms(_text_lines(raw.decode("utf-8")))
    assert [_state(s) for s in fast] == [_state(s) for s in slow]
