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
