"""Sorted 64-bit keys in 4-byte blocks: the same answers as ``searchsorted`` over the full keys."""

from __future__ import annotations

import numpy as np
import pytest

from textmend.key_blocks import BLOCK, KeyBlocks, encode


def _reference(keys: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    idx = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    return idx, keys[idx] == query


def _keys(rng: np.random.Generator, n: int) -> np.ndarray:
    """Dense runs and gaps wider than 2**32 (blocks cut by spread as well as by count)."""
    gaps = np.where(rng.random(n) < 0.05, rng.integers(1 << 31, 1 << 34, n), rng.integers(1, 50, n))
    return np.cumsum(gaps).astype(np.int64)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_find_matches_searchsorted(seed):
    rng = np.random.default_rng(seed)
    keys = _keys(rng, 5_000)
    blocks = KeyBlocks(*encode(keys))
    query = np.concatenate([
        keys[rng.integers(0, len(keys), 3_000)],  # present
        keys[rng.integers(0, len(keys), 1_000)] + 1,  # mostly absent, next to a key
        rng.integers(0, int(keys[-1]) + 100, 2_000),  # anywhere, past the last key too
        np.array([0, keys[0] - 1, keys[0], keys[-1], keys[-1] + (1 << 33)]),
    ])  # fmt: skip
    want_idx, want_found = _reference(keys, query)
    idx, found = blocks.find(query)
    assert found.tolist() == want_found.tolist()
    assert idx[found].tolist() == want_idx[found].tolist()
    assert ((0 <= idx) & (idx < len(keys))).all()
    assert want_found.sum() >= 3_000


def test_layout():
    rng = np.random.default_rng(3)
    keys = _keys(rng, 2_000)
    first, starts, deltas = encode(keys)
    assert first.dtype == np.dtype("<u8") and starts.dtype == deltas.dtype == np.dtype("<u4")
    assert len(deltas) == len(keys) and starts[0] == 0 and starts[-1] == len(keys)
    sizes = np.diff(starts.astype(np.int64))
    assert sizes.min() >= 1 and sizes.max() <= BLOCK
    assert KeyBlocks(first, starts, deltas).keys().tolist() == keys.tolist()
    assert len(first) > len(keys) / BLOCK  # the wide gaps cut blocks early


def test_edges():
    empty = KeyBlocks(*encode(np.array([], dtype=np.int64)))
    idx, found = empty.find(np.array([0, 5]))
    assert not found.any() and len(empty) == 0
    one = KeyBlocks(*encode(np.array([7])))
    assert one.find(np.array([6, 7, 8]))[1].tolist() == [False, True, False]
    with pytest.raises(ValueError):
        encode(np.array([3, 3]))
